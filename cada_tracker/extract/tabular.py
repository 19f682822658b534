"""CSV: cells as text, one line per row (separator detected: ';', ',' or tab), read as a
stream and cut in pages of bounded size (see extract.pages)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from itertools import chain
from pathlib import Path

from cada_tracker.extract import pages as P
from cada_tracker.extract.base import MAX_STREAMED_TEXT_BYTES, Extraction
from cada_tracker.extract.text import streamed


def _rows(path: Path, truncated: list[bool]) -> Iterator[str]:
    chunks = P.text_chunks(path, MAX_STREAMED_TEXT_BYTES, truncated=truncated)
    first = next(chunks, "")
    try:
        dialect = csv.Sniffer().sniff(first[:8192], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    text_lines = (line + "\n" for line in P.lines(chain([first], chunks), form_feeds=False)
                  if isinstance(line, str))
    for row in csv.reader(text_lines, dialect):
        yield "\t".join(cell.strip() for cell in row)


def extract_csv(path: Path) -> Extraction:
    result = Extraction("ok")
    truncated: list[bool] = []
    result.pages = streamed(result, P.paginate(_rows(path, truncated)), truncated)
    return result
