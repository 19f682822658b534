"""Plain text: decoded (UTF-8, UTF-16 with BOM, else Windows-1252), pages split on form feeds."""

from __future__ import annotations

from pathlib import Path

from cada_tracker.extract import MAX_TEXT_BYTES, Extraction


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


def read_text(path: Path) -> tuple[str, bool]:
    """The decoded text and whether it was truncated at MAX_TEXT_BYTES."""
    with open(path, "rb") as fh:
        data = fh.read(MAX_TEXT_BYTES + 1)
    truncated = len(data) > MAX_TEXT_BYTES
    return decode(data[:MAX_TEXT_BYTES]), truncated


def extract_text(path: Path) -> Extraction:
    text, truncated = read_text(path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    pages = text.split("\f") if "\f" in text else [text]
    note = "text truncated at 64 MB" if truncated else None
    return Extraction("ok", pages=pages, note=note)
