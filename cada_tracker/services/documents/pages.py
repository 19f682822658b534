"""The pages of a stored file: written and indexed batch by batch (never held whole)."""

from __future__ import annotations

from cada_tracker.extract import Extraction
from cada_tracker.storage import documents as store_db
from cada_tracker.storage import search
from cada_tracker.storage.sql import Query

# pages are written and indexed in batches of this many characters (or PAGE_BATCH pages):
# a streamed text file is never held whole in memory
PAGE_BATCH = 64
PAGE_BATCH_CHARS = 4 * 1000 * 1000


def store_pages(query: Query, file_id: int, result: Extraction, *, index: bool) -> int:
    """Write the pages of `result` (a list, or a stream read once) and, when `index` (the
    search index exists), index them, batch by batch: one INSERT of the pages (their ids
    returned) and one of their index rows per batch, the text never read back. Then record
    the text status, note and page count, final once they are all read. Returns the number
    of pages."""
    batch: list[tuple[int, str]] = []
    chars = 0
    count = 0

    def flush() -> None:
        if batch:
            written = store_db.add_pages(query, file_id, batch)
            if index:
                search.index_new_pages(query, file_id, written)
            batch.clear()

    for count, text in enumerate(result.pages, start=1):
        text = _clean(text)
        batch.append((count, text))
        chars += len(text)
        if len(batch) >= PAGE_BATCH or chars >= PAGE_BATCH_CHARS:
            flush()
            chars = 0
    flush()
    store_db.set_file_text(query, file_id, status=result.status, note=result.note,
                           page_count=result.page_count)
    return count


def _clean(text: str) -> str:
    return text.replace("\x00", "")
