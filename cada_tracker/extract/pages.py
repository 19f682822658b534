"""Pages of bounded size for formats without real pages (text, CSV, HTML, e-mail...).

A "page" of such a file is a chunk of at most PAGE_LINES lines and PAGE_CHARS characters,
cut between lines (a single line longer than PAGE_CHARS is cut at a space). Search ranks and
quotes snippets page by page, and SQLite FTS5's snippet() costs grow with the square of a
row's size: a 5 MB one-page text took 50 s to search, 64 KB pages take milliseconds.

Text files are read as a stream (`text_chunks` -> `lines` -> `paginate`): memory stays flat
whatever the size of the file. Form feeds (\\f) also start a new page.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Iterator
from pathlib import Path

PAGE_LINES = 500
PAGE_CHARS = 64 * 1000
READ_BYTES = 1024 * 1024


class _Break:
    """A form feed: the page ends here, even if it is not full."""


PAGE_BREAK = _Break()


def encoding_of(path: Path, limit: int) -> tuple[str, int]:
    """(codec, bytes to skip): UTF-8 or UTF-16 with a BOM; else UTF-8 when the first `limit`
    bytes are valid UTF-8 (checked as a stream), else Windows-1252."""
    with open(path, "rb") as fh:
        head = fh.read(3)
        if head.startswith(b"\xef\xbb\xbf"):
            return "utf-8", 3
        if head.startswith(b"\xff\xfe"):
            return "utf-16-le", 2
        if head.startswith(b"\xfe\xff"):
            return "utf-16-be", 2
        fh.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")("strict")
        left = limit
        try:
            while left > 0:
                block = fh.read(min(READ_BYTES, left))
                if not block:
                    decoder.decode(b"", final=True)
                    break
                left -= len(block)
                decoder.decode(block)
        except UnicodeDecodeError:
            return "cp1252", 0
    return "utf-8", 0


def text_chunks(path: Path, limit: int, codec: str | None = None,
                truncated: list[bool] | None = None) -> Iterator[str]:
    """The text of the file (its first `limit` bytes), decoded, in chunks of about 1 MB, with
    \\r\\n and \\r turned into \\n. `truncated` (if given) gets True when the file is longer."""
    skip = 0
    if codec is None:
        codec, skip = encoding_of(path, limit)
    decoder = codecs.getincrementaldecoder(codec)("replace")
    pending_cr = False
    with open(path, "rb") as fh:
        fh.seek(skip)
        left = limit - skip
        while True:
            block = fh.read(min(READ_BYTES, left)) if left > 0 else b""
            left -= len(block)
            final = not block
            text = decoder.decode(block, final=final)
            if pending_cr:
                text = "\r" + text
            pending_cr = text.endswith("\r") and not final
            if pending_cr:
                text = text[:-1]
            if text:
                yield text.replace("\r\n", "\n").replace("\r", "\n")
            if final:
                if truncated is not None and left <= 0 and fh.read(1):
                    truncated.append(True)
                return


def lines(chunks: Iterable[str], *, form_feeds: bool = True) -> Iterator[str | _Break]:
    """Lines without their \\n (a line over PAGE_CHARS cut at a space); PAGE_BREAK at each
    form feed when `form_feeds`."""
    rest = ""
    for chunk in chunks:
        rest += chunk
        parts = rest.split("\n")
        rest = parts.pop()
        for line in parts:
            yield from _line(line, form_feeds)
        while len(rest) > PAGE_CHARS:  # a line that does not end: never held whole
            head, rest = _cut(rest)
            yield from _line(head, form_feeds)
    if rest:
        yield from _line(rest, form_feeds)


def _line(line: str, form_feeds: bool) -> Iterator[str | _Break]:
    pieces = line.split("\f") if form_feeds else [line]
    for i, piece in enumerate(pieces):
        if i:
            yield PAGE_BREAK
        while len(piece) > PAGE_CHARS:
            head, piece = _cut(piece)
            yield head
        if piece or len(pieces) == 1:
            yield piece


def _cut(text: str) -> tuple[str, str]:
    """The first PAGE_CHARS characters or less, cut after a space when there is one."""
    at = text.rfind(" ", PAGE_CHARS // 2, PAGE_CHARS)
    at = at + 1 if at > 0 else PAGE_CHARS
    return text[:at], text[at:]


def paginate(items: Iterable[str | _Break]) -> Iterator[str]:
    """Lines (and PAGE_BREAKs) to pages of at most PAGE_LINES lines and PAGE_CHARS chars.

    Always at least one page; an empty page after a final form feed is dropped, other empty
    pages between form feeds are kept (so page numbers follow the form feeds)."""
    buf: list[str] = []
    size = 0
    emitted = False
    after_break = False
    for item in items:
        if item is PAGE_BREAK:
            yield "\n".join(buf)
            emitted, after_break = True, True
            buf, size = [], 0
            continue
        assert isinstance(item, str)
        if buf and (len(buf) >= PAGE_LINES or size + len(item) + 1 > PAGE_CHARS):
            yield "\n".join(buf)
            emitted, after_break = True, False
            buf, size = [], 0
        buf.append(item)
        size += len(item) + 1
    page = "\n".join(buf)
    if not emitted or not (after_break and not page.strip()):
        yield page


def split_page(text: str) -> list[str]:
    """One page of a format without real pages, cut in pages of bounded size."""
    if len(text) <= PAGE_CHARS and text.count("\n") < PAGE_LINES:
        return [text]
    return list(paginate(lines([text], form_feeds=False)))
