"""What an extractor returns (shared by every format module of cada_tracker.extract)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import BinaryIO

# Text beyond this is not extracted (the pages hold the first part; the note says so).
MAX_TEXT_BYTES = 64 * 1024 * 1024
# Text and CSV files are read as a stream (memory stays flat): only time and the size of the
# database grow with them (about 40 MB/s; the index takes about as much as the text).
MAX_STREAMED_TEXT_BYTES = 256 * 1024 * 1024


@dataclass
class Child:
    """A file inside another one: an e-mail attachment or a ZIP member."""

    name: str
    open: Callable[[], BinaryIO]
    size_limit: int | None = None  # the size the container declares (ZIP): never exceeded
    # ZIP: after a read error, True when the member holds more than it declares (a lying
    # header, refused as a bomb) rather than being merely damaged (skipped)
    overflows: Callable[[], bool] | None = None


@dataclass
class Extraction:
    status: str  # "ok", "none", "failed"
    pages: Iterable[str] = field(default_factory=list)  # a list, or an iterator read once
    page_count: int | None = None
    note: str | None = None
    children: list[Child] = field(default_factory=list)


def is_pdf(head: bytes) -> bool:
    """Whether a file starting with `head` is a PDF: "%PDF-" within its first 1,024 bytes,
    after whitespace (junk before the header is tolerated, as readers do)."""
    return head[:1024].lstrip().startswith(b"%PDF-")
