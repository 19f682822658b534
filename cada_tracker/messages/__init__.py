"""User-facing strings, in one place (this package), so that a French interface is a small step.

Each area has its own module: core messages here, `law` for the deadline engine's explanations,
`letters` for letters and dossiers, `documents` for the store, extraction, search and findings.
Strings are `str.format` templates; identifiers stay English, legal terms stay French.
"""
