"""Quotes compared with pages: accents, case, whitespace and typographic variants of quotes and
apostrophes ignored; words cut at the end of a line found again. Pure functions."""

from __future__ import annotations

import re
import unicodedata

from cada_tracker.errors import UsageError
from cada_tracker.messages import documents as M

_TRANSLATE = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"', "\u201e": '"',
    "\u2013": "-", "\u2014": "-", "\u2010": "-", "\u2011": "-", "\u00ad": "",
    "\u0153": "oe", "\u0152": "oe", "\u00e6": "ae", "\u00c6": "ae",
})


def normalize(text: str) -> str:
    """Accent-, case- and whitespace-insensitive form used to compare quotes and pages."""
    text = unicodedata.normalize("NFKD", text.translate(_TRANSLATE))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold()
    # quotes: « x » and "x" are the same; spacing inside them does not matter
    text = re.sub(r'\s*"\s*', '"', text)
    text = re.sub(r"\s*'\s*", "'", text)
    return " ".join(text.split())


def quote_on_page(quote: str, page_text: str) -> bool:
    q = normalize(quote)
    if not q:
        return False
    page = normalize(page_text)
    if q in page:
        return True
    # words cut at the end of a line ("sur-\nveillance") and hyphenation
    return q.replace("-", "") in page.replace("- ", "").replace("-", "")


def parse_page(page: str | int) -> int:
    """A page number typed by the user: 1 up (0, negative, not a number: UsageError)."""
    text = str(page).strip()
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise UsageError(M.PAGE_BAD.format(page=M.shown(page)))
    return int(text)
