"""Plain text: decoded (UTF-8, UTF-16 with BOM, else Windows-1252), read as a stream and cut
in pages of bounded size (see extract.pages): at form feeds, and every PAGE_LINES lines or
PAGE_CHARS characters. Memory stays flat whatever the size of the file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from cada_tracker.extract import pages as P
from cada_tracker.extract.base import MAX_STREAMED_TEXT_BYTES, Extraction
from cada_tracker.messages import documents as M


def decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    if data.startswith(b"\xff\xfe"):
        return data[2:].decode("utf-16-le", "replace")
    if data.startswith(b"\xfe\xff"):
        return data[2:].decode("utf-16-be", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def streamed(result: Extraction, pages: Iterator[str], truncated: list[bool]) -> Iterator[str]:
    """`pages`, then the truncation note on `result` once the whole text was read."""
    yield from pages
    if truncated:
        result.note = M.TEXT_TRUNCATED.format(
            limit_mb=MAX_STREAMED_TEXT_BYTES // (1024 * 1024))


def extract_text(path: Path) -> Extraction:
    result = Extraction("ok")
    truncated: list[bool] = []
    chunks = P.text_chunks(path, MAX_STREAMED_TEXT_BYTES, truncated=truncated)
    result.pages = streamed(result, P.paginate(P.lines(chunks)), truncated)
    return result
