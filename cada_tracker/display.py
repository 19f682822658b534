"""Printing user data on a terminal safely.

File names, subjects and notes come from users and documents: a control character could split
a line, ring the bell or move the cursor, and a bidirectional override can make "exe.doc" look
like "cod.exe". Text output passes them through `shown`; JSON keeps the true value.
"""

import os
import shutil
import sys
import unicodedata

# Bidirectional controls: they reorder what follows them on the terminal (U+202E shows
# "cod.exe" for "exe.doc"); printed escaped, as control characters are.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                  "\u2066\u2067\u2068\u2069")


def emit_json(obj: object) -> None:
    """Print exactly one JSON document on stdout."""
    import json

    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=str) + "\n")


def shown(text: object) -> str:
    """`text` for a terminal line: control characters (newline, BEL, ESC...), line separators
    and bidi overrides become \\uXXXX, so a name never splits a line, rings, or reorders the
    text. JSON output keeps the true value."""
    value = "" if text is None else str(text)
    if value.isprintable() and _BIDI.isdisjoint(value):
        return value
    return "".join(
        f"\\u{ord(ch):04x}" if ch in _BIDI or unicodedata.category(ch) in ("Cc", "Zl", "Zp")
        else ch
        for ch in value
    )


def use_color() -> bool:
    """Colour only on a terminal, and never with NO_COLOR set (https://no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def is_terminal() -> bool:
    """Whether stdout is a terminal (tests replace this function to force one)."""
    return sys.stdout.isatty()


def table_width(wide: bool = False) -> int | None:
    """The width a table may use (issue 10): the terminal's columns (COLUMNS when set, as
    shutil reads it), or None for whole lines: `--wide`, or stdout not a terminal (a pipe,
    a file), so that nothing is wrapped or cut for the programs reading it."""
    if wide or not is_terminal():
        return None
    return shutil.get_terminal_size().columns
