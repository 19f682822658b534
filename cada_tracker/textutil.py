"""Checks and helpers for text typed by the user: one-line fields, slugs, suggestions."""

from __future__ import annotations

import difflib
import re
import unicodedata

from cada_tracker import messages as M
from cada_tracker.errors import UsageError

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_CONTROL_EXCEPT_NEWLINE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def one_line(value: str | None, what: str) -> str:
    """Strip a one-line text field; refuse line breaks and control characters (exit 2)."""
    text = (value or "").strip()
    if _CONTROL.search(text):
        raise UsageError(M.CONTROL_CHARACTERS.format(what=what))
    return text


def multi_line(value: str | None, what: str) -> str:
    """A text that may span lines (a postal address); other control characters refused."""
    text = (value or "").replace("\r\n", "\n").strip()
    if _CONTROL_EXCEPT_NEWLINE.search(text):
        raise UsageError(M.CONTROL_CHARACTERS.format(what=what))
    return text


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:120]


def suggest(word: str, candidates: list[str]) -> str:
    candidates = list(dict.fromkeys(candidates))
    close = difflib.get_close_matches(word, candidates, n=3, cutoff=0.5)
    if not close:
        low = word.lower()
        close = [c for c in candidates if low in c.lower()][:3]
    return M.DID_YOU_MEAN.format(names=", ".join(close)) if close else ""
