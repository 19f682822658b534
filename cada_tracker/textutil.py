"""Checks and helpers for text typed by the user: one-line fields, slugs, suggestions."""

from __future__ import annotations

import difflib
import re
import unicodedata

from cada_tracker import messages as M
from cada_tracker.errors import UsageError

# C0 and C1 controls (NEL U+0085, CSI U+009B), Unicode line and paragraph separators, bidi overrides
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_CONTROL_EXCEPT_NEWLINE = re.compile(
    r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# bytes that are not UTF-8 reach Python from the command line as lone surrogates
_NOT_UTF8 = re.compile(r"[\ud800-\udfff]")


def utf8_text(value: str, what: str) -> str:
    """Refuse text holding bytes that are not UTF-8 (exit 2): it cannot be stored."""
    if _NOT_UTF8.search(value):
        raise UsageError(M.NOT_UTF8_VALUE.format(what=what))
    return value


def one_line(value: str | None, what: str) -> str:
    """Strip a one-line text field; refuse line breaks and control characters (exit 2)."""
    text = utf8_text((value or "").strip(), what)
    if _CONTROL.search(text):
        raise UsageError(M.CONTROL_CHARACTERS.format(what=what))
    return text


def multi_line(value: str | None, what: str) -> str:
    """A text that may span lines (a postal address); other control characters refused."""
    text = utf8_text((value or "").replace("\r\n", "\n").strip(), what)
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
