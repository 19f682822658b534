"""Documents, stored files and pages: every SQL statement of the document services.

Reads are typed query functions over a `storage.sql.Query` (plain sqlite3 or SQLAlchemy's
DB-API connection, `?` markers), returning the records of `domain.documents`: each is one SQL
text. The rows of `cada attach` (stored files, documents, pages) are written here too, over a
Query (INSERT ... RETURNING id: SQLite 3.35+ and PostgreSQL), so that `cada attach` runs on
plain sqlite3 without SQLAlchemy. Other writes that are statements (deletions) take the
caller's session.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from cada_tracker.domain.documents import (
    DocumentDetail,
    DocumentLink,
    DocumentRecord,
    EventRef,
    EvidenceCheck,
    QuoteRef,
    StoredFileRecord,
)
from cada_tracker.storage.sql import Query, as_date, driver_sql

if TYPE_CHECKING:
    from sqlmodel import Session

# SQLite accepts 32,766 parameters (999 before 3.32): lists of ids are sent in chunks
CHUNK = 500

_FILE_COLUMNS = "f.id, f.sha256, f.size, f.media_type, f.page_count, f.text_status, f.text_note"
_FILES_SQL = f"SELECT {_FILE_COLUMNS} FROM stored_file f"
_DOCUMENTS_SQL = (
    f"SELECT d.id, d.request_id, r.reference, d.original_name, {_FILE_COLUMNS}, "
    "d.received_on, e.id, e.kind, e.occurred_on, d.parent_id, d.illustrative, d.made_by "
    "FROM document d JOIN stored_file f ON f.id = d.file_id "
    "LEFT JOIN request r ON r.id = d.request_id LEFT JOIN event e ON e.id = d.event_id"
)
_LINKS_SQL = (
    "SELECT d.id, d.original_name, r.reference FROM document d "
    "LEFT JOIN request r ON r.id = d.request_id"
)


def chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def marks(values: Sequence[Any]) -> str:
    return ", ".join("?" * len(values))


def _file(row: Sequence[Any]) -> StoredFileRecord:
    return StoredFileRecord(id=row[0], sha256=row[1], size=row[2], media_type=row[3],
                            page_count=row[4], text_status=row[5], text_note=row[6])


def _document(row: Sequence[Any]) -> DocumentRecord:
    return DocumentRecord(
        id=row[0],
        request_id=row[1],
        request=row[2],
        name=row[3],
        file=_file(row[4:11]),
        received_on=None if row[11] is None else as_date(row[11]),
        event=None if row[12] is None else EventRef(row[12], row[13], as_date(row[14])),
        parent=row[15],
        illustrative=bool(row[16]),
        made_by=row[17],
    )


# --- documents -----------------------------------------------------------------------------
def load_documents(query: Query, *, ids: Sequence[int] | None = None,
                   request_id: int | None = None) -> list[DocumentRecord]:
    """Documents (all, some ids, or one request's), oldest first."""
    if ids is not None:
        found: list[DocumentRecord] = []
        for part in chunks(list(ids)):
            found += [_document(r) for r in query(
                f"{_DOCUMENTS_SQL} WHERE d.id IN ({marks(part)}) ORDER BY d.id", list(part))]
        return sorted(found, key=lambda d: d.id)
    if request_id is not None:
        rows = query(f"{_DOCUMENTS_SQL} WHERE d.request_id = ? ORDER BY d.id", [request_id])
    else:
        rows = query(f"{_DOCUMENTS_SQL} ORDER BY d.id", [])
    return [_document(r) for r in rows]


def load_document(query: Query, doc_id: int) -> DocumentRecord | None:
    found = load_documents(query, ids=[doc_id])
    return found[0] if found else None


def load_document_detail(query: Query, doc_id: int) -> DocumentDetail | None:
    """A document with its children, its copies in other documents, and its quotes."""
    doc = load_document(query, doc_id)
    if doc is None:
        return None
    children = [DocumentLink(*r) for r in query(
        f"{_LINKS_SQL} WHERE d.parent_id = ? ORDER BY d.id", [doc_id])]
    elsewhere = [DocumentLink(*r) for r in query(
        f"{_LINKS_SQL} WHERE d.file_id = ? AND d.id <> ? ORDER BY d.id", [doc.file.id, doc_id])]
    evidence = [QuoteRef(finding, page, quote, bool(verified))
                for finding, page, quote, verified in query(
                    "SELECT finding_id, page, quote, verified FROM evidence "
                    "WHERE document_id = ? ORDER BY id", [doc_id])]
    return DocumentDetail(doc, children, elsewhere, evidence)


def document_of_request_with(query: Query, request_id: int, sha256: str) -> int | None:
    """The first document of the request whose content has this hash."""
    rows = list(query(
        "SELECT d.id FROM document d JOIN stored_file f ON f.id = d.file_id "
        "WHERE f.sha256 = ? AND d.request_id = ? ORDER BY d.id LIMIT 1", [sha256, request_id]))
    return rows[0][0] if rows else None


def earlier_copies(query: Query, request_id: int, file_id: int, before: int) -> list[int]:
    """Ids of the request's documents with the same stored file, older than `before`."""
    return [r[0] for r in query(
        "SELECT id FROM document WHERE request_id = ? AND file_id = ? AND id < ? ORDER BY id",
        [request_id, file_id, before])]


def request_events(query: Query, request_id: int) -> list[EventRef]:
    """The events of a request a document may come with, in the order they happened."""
    return [EventRef(i, kind, as_date(on)) for i, kind, on in query(
        "SELECT id, kind, occurred_on FROM event WHERE request_id = ? "
        "ORDER BY occurred_on, id", [request_id])]


# --- stored files ----------------------------------------------------------------------------
def load_file(query: Query, sha256: str) -> StoredFileRecord | None:
    rows = list(query(f"{_FILES_SQL} WHERE f.sha256 = ?", [sha256]))
    return _file(rows[0]) if rows else None


def load_files(query: Query) -> list[StoredFileRecord]:
    return [_file(r) for r in query(f"{_FILES_SQL} ORDER BY f.id", [])]


def documents_by_file(query: Query) -> dict[int, list[int]]:
    """file id -> the ids of the documents linking it (oldest first)."""
    out: dict[int, list[int]] = {}
    for doc_id, file_id in query("SELECT id, file_id FROM document ORDER BY id", []):
        out.setdefault(file_id, []).append(doc_id)
    return out


def evidence_checks(query: Query) -> list[EvidenceCheck]:
    """Every quote with the hash it was checked against and its document's file hash now."""
    return [EvidenceCheck(*r) for r in query(
        "SELECT ev.id, ev.finding_id, ev.document_id, ev.file_sha256, f.sha256 "
        "FROM evidence ev LEFT JOIN document d ON d.id = ev.document_id "
        "LEFT JOIN stored_file f ON f.id = d.file_id ORDER BY ev.id", [])]


# --- pages -----------------------------------------------------------------------------------
def page_count(query: Query, file_id: int) -> int:
    rows = list(query("SELECT count(*) FROM page WHERE file_id = ?", [file_id]))
    return int(rows[0][0]) if rows else 0


def page_text(query: Query, file_id: int, number: int) -> str | None:
    rows = list(query("SELECT text FROM page WHERE file_id = ? AND number = ?",
                      [file_id, number]))
    return rows[0][0] if rows else None


def iter_pages(query: Query, file_id: int, *, besides: int | None = None,
               numbers: Sequence[int] | None = None, batch: int = 16
               ) -> Iterator[tuple[int, str]]:
    """(number, text) of a file's pages in order, `batch` at a time: a file of thousands of
    pages is never held whole. `besides` leaves one page out; `numbers` keeps only those."""
    if numbers is not None:
        wanted = sorted(set(numbers) - {besides})
        for part in chunks(wanted):
            for number, text in query(
                    f"SELECT number, text FROM page WHERE file_id = ? "
                    f"AND number IN ({marks(part)}) ORDER BY number", [file_id, *part]):
                yield number, text
        return
    last = 0
    while True:
        rows = list(query(
            "SELECT number, text FROM page WHERE file_id = ? AND number > ? AND number <> ? "
            "ORDER BY number LIMIT ?", [file_id, last, -1 if besides is None else besides,
                                        batch]))
        for number, text in rows:
            yield number, text
        if len(rows) < batch:
            return
        last = rows[-1][0]


# --- rows written by `cada attach` (any Query: plain sqlite3 or the session's connection) ------
def _stamp(value: datetime) -> str:
    """A timestamp as the ORM writes it in SQLite (microseconds, no time zone), so that rows
    written by either path read back the same."""
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


def add_stored_file(query: Query, *, sha256: str, size: int, media_type: str,
                    created_at: datetime) -> int:
    """A new stored file, its text pending (store_text sets it); returns its id."""
    rows = list(query(
        "INSERT INTO stored_file(sha256, size, media_type, page_count, text_status, text_note, "
        "created_at) VALUES (?, ?, ?, NULL, 'pending', NULL, ?) RETURNING id",
        [sha256, size, media_type, _stamp(created_at)]))
    return int(rows[0][0])


def set_file_text(query: Query, file_id: int, *, status: str, note: str | None,
                  page_count: int | None) -> None:
    query("UPDATE stored_file SET text_status = ?, text_note = ?, page_count = ? WHERE id = ?",
          [status, note, page_count, file_id])


def set_file_failed(query: Query, file_id: int, note: str) -> None:
    """The text status of an archive some members of which could not be read."""
    query("UPDATE stored_file SET text_status = 'failed', text_note = ? WHERE id = ?",
          [note, file_id])


def add_document(query: Query, *, file_id: int, request_id: int, event_id: int | None,
                 parent_id: int | None, name: str, received_on: date | None,
                 illustrative: bool, created_at: datetime, made_by: str | None) -> int:
    """A new document (a stored file as received for a request), made by `made_by`; returns
    its id."""
    rows = list(query(
        "INSERT INTO document(file_id, request_id, event_id, parent_id, original_name, "
        "received_on, illustrative, created_at, made_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "RETURNING id",
        [file_id, request_id, event_id, parent_id, name,
         None if received_on is None else received_on.isoformat(), illustrative,
         _stamp(created_at), made_by]))
    return int(rows[0][0])


def add_pages(query: Query, file_id: int, pages: Sequence[tuple[int, str]]
              ) -> list[tuple[int, int, str]]:
    """Pages (number, text) of a stored file, in one statement; returns (id, number, text)
    of each, in the order given (what the search index needs, without reading them again)."""
    if not pages:
        return []
    values = ", ".join(["(?, ?, ?)"] * len(pages))
    params: list[Any] = []
    for number, text in pages:
        params += [file_id, number, text]
    ids = {number: page_id for page_id, number in query(
        f"INSERT INTO page(file_id, number, text) VALUES {values} RETURNING id, number",
        params)}
    return [(ids[number], number, text) for number, text in pages]


# --- statements on the caller's session (writes) ---------------------------------------------
def execute(session: Session, sql: str, params: Sequence[Any] = ()) -> None:
    """Run one statement (`?` markers) in the session's transaction, on any dialect."""
    style = getattr(session.get_bind().dialect, "paramstyle", "qmark")
    session.connection().exec_driver_sql(driver_sql(sql, style), tuple(params))


def insert_pages(session: Session, rows: list[dict[str, Any]]) -> None:
    """Rows {file_id, number, text}, in one executemany."""
    from cada_tracker.storage.tables import Page

    session.connection().execute(Page.__table__.insert(), rows)  # type: ignore[attr-defined]


def delete_pages(session: Session, file_id: int) -> None:
    execute(session, "DELETE FROM page WHERE file_id = ?", [file_id])


# --- corrections (issue 11, point 8): cada document detach -----------------------------------


def document_children(query: Query, doc_id: int) -> list[int]:
    """The documents unpacked from one (e-mail attachments, archive members), directly."""
    return [row[0] for row in query(
        "SELECT id FROM document WHERE parent_id = ? ORDER BY id", [doc_id])]


def evidence_on(query: Query, doc_ids: Sequence[int]) -> list[tuple[int, int, int]]:
    """Evidence quoting any of these documents: (evidence id, finding id, document id)."""
    out: list[tuple[int, int, int]] = []
    for chunk in chunks(doc_ids):
        out += [(r[0], r[1], r[2]) for r in query(
            f"SELECT id, finding_id, document_id FROM evidence WHERE document_id IN "
            f"({marks(chunk)}) ORDER BY finding_id, id", list(chunk))]
    return out


def file_links(query: Query, file_id: int) -> list[int]:
    """The documents (of any request) that link a stored file."""
    return [row[0] for row in query(
        "SELECT id FROM document WHERE file_id = ? ORDER BY id", [file_id])]


def delete_documents(session: Session, doc_ids: Sequence[int]) -> None:
    """Documents removed, children before parents (the caller orders them)."""
    for doc_id in doc_ids:
        execute(session, "DELETE FROM document WHERE id = ?", [doc_id])


def delete_evidence(session: Session, evidence_ids: Sequence[int]) -> None:
    for evidence_id in evidence_ids:
        execute(session, "DELETE FROM evidence WHERE id = ?", [evidence_id])


def delete_stored_file(session: Session, file_id: int) -> None:
    """A stored file no document links any more: its pages and its row (the blob is removed
    by the caller once the transaction is committed)."""
    delete_pages(session, file_id)
    execute(session, "DELETE FROM stored_file WHERE id = ?", [file_id])
