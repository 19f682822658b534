"""Findings: what the documents revealed, each backed by evidence (document, page, quote).

- `quotes`: how a quote is compared with a page (pure);
- `queries`: the JSON of a finding (one mapper), lookups, list, show;
- `editing`: add, edit, remove a finding;
- `evidence`: a quote verified against a page of a stored document.
"""
