"""CSV: cells as text, one line per row (separator detected: ';', ',' or tab)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from cada_tracker.extract import Extraction
from cada_tracker.extract.text import read_text


def extract_csv(path: Path) -> Extraction:
    text, truncated = read_text(path)
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    rows = csv.reader(io.StringIO(text), dialect)
    lines = ["\t".join(cell.strip() for cell in row) for row in rows]
    note = "text truncated at 64 MB" if truncated else None
    return Extraction("ok", pages=["\n".join(lines)], note=note)
