"""A PDF page with fewer than MIN_CHARS visible characters has no real text layer (it goes to
OCR). The check looks at the page's beginning first: the answer must be the whole page's."""

from __future__ import annotations

import pytest

from cada_tracker.extract import pdf

TEXTS = [
    "",
    " \n\t ",
    "abcdefg",  # 7: no text layer
    "abcdefgh",  # 8: text
    " " * 300 + "abcdefg",  # 7 beyond the beginning
    " " * 300 + "abcdefgh",  # 8 beyond the beginning
    " " * 250 + "abc def gh",  # 8 across the beginning's end
    "a b c\n" * 2 + " " * 400 + "d",  # 7
    "\u00a0\u2003" * 200 + "vidéo",  # Unicode spaces
    "Page 1 : vidéosurveillance " * 300,
]


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_a_page_without_text_is_decided_on_the_whole_page(text):
    assert pdf._textless(text) == (pdf._visible(text) < pdf.MIN_CHARS)
