"""HTML: visible text (scripts and styles dropped), one line per block element."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from cada_tracker.extract.base import MAX_TEXT_BYTES, Extraction
from cada_tracker.extract.text import decode

_BLOCKS = frozenset(
    "p div br li ul ol tr table h1 h2 h3 h4 h5 h6 section article header footer blockquote "
    "pre hr dt dd title address".split()
)
_SKIP = frozenset(("script", "style", "noscript", "template", "head"))
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)


@functools.cache
def _text_parser() -> type:
    """The HTML parser class, made when HTML is first read (html.parser is not needed to
    attach anything else, such as a PDF)."""
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.skip = 0
            self.title: list[str] = []
            self.in_title = False

        def handle_starttag(self, tag: str, attrs) -> None:  # noqa: ANN001
            if tag == "title":
                self.in_title = True
            elif tag in _SKIP:
                self.skip += 1
            if tag in _BLOCKS:
                self.parts.append("\n")
            elif tag in ("td", "th"):
                self.parts.append("\t")

        def handle_endtag(self, tag: str) -> None:
            if tag == "title":
                self.in_title = False
            elif tag in _SKIP and self.skip:
                self.skip -= 1
            if tag in _BLOCKS:
                self.parts.append("\n")

        def handle_data(self, data: str) -> None:
            if self.in_title:
                self.title.append(data)
            elif not self.skip:
                self.parts.append(data)

    return Text


def html_to_text(markup: str) -> str:
    parser = _text_parser()()
    parser.feed(markup)
    parser.close()
    body = "".join(parser.parts)
    title = " ".join("".join(parser.title).split())
    lines = [" ".join(line.split()) for line in body.splitlines()]
    text = "\n".join(line for line in lines if line)
    return f"{title}\n{text}" if title and title not in text[: len(title) + 200] else text


def decode_html(data: bytes) -> str:
    m = _CHARSET.search(data[:4096])
    if m:
        try:
            return data.decode(m.group(1).decode("ascii"), "replace")
        except LookupError:
            pass
    return decode(data)


def extract_html(path: Path) -> Extraction:
    with open(path, "rb") as fh:
        data = fh.read(MAX_TEXT_BYTES)
    return Extraction("ok", pages=[html_to_text(decode_html(data))])
