"""Locate the files that ship with the program (letter templates, demo and reference data).

In an installed wheel they live inside the package (`cada_tracker/letter_templates`,
`cada_tracker/data`); in a source checkout they sit beside the package at the repository root.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """Return the folder `name` ("letter_templates" or "data")."""
    inside = _PACKAGE / name
    if inside.is_dir():
        return inside
    return _PACKAGE.parent / name


def data_path(*parts: str) -> Path:
    return resource_dir("data").joinpath(*parts)


def templates_dir() -> Path:
    return resource_dir("letter_templates")
