"""The pages of a stored file: written and indexed batch by batch (never held whole)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cada_tracker.extract import Extraction
from cada_tracker.storage import documents as store_db
from cada_tracker.storage import search

if TYPE_CHECKING:
    from sqlmodel import Session

    from cada_tracker.storage.tables import StoredFile

# pages are written and indexed in batches of this many characters (or PAGE_BATCH pages):
# a streamed text file is never held whole in memory
PAGE_BATCH = 64
PAGE_BATCH_CHARS = 4 * 1000 * 1000


def store_pages(session: Session, stored: StoredFile, result: Extraction) -> int:
    """Write the pages of `result` (a list, or a stream read once) and index them, batch by
    batch; then record the text status, note and page count, final once they are all read.
    Returns the number of pages."""
    assert stored.id is not None
    file_id = stored.id
    batch: list[dict[str, Any]] = []
    chars = 0
    count = 0

    def flush() -> None:
        if batch:
            store_db.insert_pages(session, batch)
            search.index_file_pages(session, file_id, first=batch[0]["number"],
                                    last=batch[-1]["number"])
            batch.clear()

    for count, text in enumerate(result.pages, start=1):
        text = _clean(text)
        batch.append({"file_id": file_id, "number": count, "text": text})
        chars += len(text)
        if len(batch) >= PAGE_BATCH or chars >= PAGE_BATCH_CHARS:
            flush()
            chars = 0
    flush()
    stored.text_status = result.status
    stored.text_note = result.note
    stored.page_count = result.page_count
    session.add(stored)
    session.flush()
    return count


def _clean(text: str) -> str:
    return text.replace("\x00", "")
