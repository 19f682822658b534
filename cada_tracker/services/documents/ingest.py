"""Attaching files to a request: store, extract, unpack e-mails and archives, write pages.

`attach_paths` is all-or-nothing: every input is checked before anything is written, the rows
are added in the caller's transaction, and it always runs inside `ctx.store_writes()` (the
store lock, and removal of the blobs newly created if the block fails). `attach_to_request`
(`cada attach`) opens its transaction inside the store lock, so that a failed commit removes
the blobs too.

Every row is written with plain SQL through a `storage.sql.Query` (storage/documents.py): on a
SQLite file `cada attach` runs on the stdlib `sqlite3` module (`storage.sql.write_query`) and
never imports SQLAlchemy, SQLModel or pydantic, which cost more than the extraction of a
200-page PDF (benchmarks/attach_search.py); callers holding a session (mail import, the demo)
write the same rows through it.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Protocol

from cada_tracker import messages as CORE
from cada_tracker.context import Context
from cada_tracker.domain.documents import EventRef, document_json
from cada_tracker.errors import ConflictError, NotFoundError, StorageError, UsageError
from cada_tracker.extract import Child, Extraction, archive, extract, sniff
from cada_tracker.extract.pdf import EarlyText
from cada_tracker.messages import documents as M
from cada_tracker.services.documents.inputs import (
    Input,
    InputFileError,
    UnsafeArchiveError,
    check_input,
    pick_event,
    printable,
)
from cada_tracker.services.documents.pages import store_pages
from cada_tracker.storage import documents as store_db
from cada_tracker.storage import search
from cada_tracker.storage.blobstore import PutResult, Store, TooLarge
from cada_tracker.storage.db import ensure_home, now
from cada_tracker.storage.sql import Query, session_query, write_query
from cada_tracker.textutil import suggest

if TYPE_CHECKING:
    from sqlmodel import Session

    from cada_tracker.domain.documents import StoredFileRecord
    from cada_tracker.storage.tables import Request


class Bar(Protocol):
    def advance(self, n: int) -> None: ...


ProgressFactory = Callable[[str, int], AbstractContextManager[Bar]]  # (name, size) -> bar


def attach_to_request(
    ctx: Context,
    reference: str,
    paths: list[str | bytes],
    *,
    received_on: date | None = None,
    event: str | None = None,
    unpack: bool = True,
    progress: ProgressFactory | None = None,
    force: bool = False,
    early: EarlyText | None = None,
) -> tuple[str, list[dict[str, Any]]]:
    """`cada attach`: one transaction inside the store lock. Returns (reference, documents).
    `early`: the text of a PDF of `paths` being read meanwhile (`start_early`); used for the
    stored file of the same content, and ended here in every case."""
    try:
        ensure_home(ctx.settings)
        with ctx.store_writes(), write_query(ctx.settings) as query:
            request_id, found = _request(query, reference)
            docs = _attach(query, ctx, request_id, found, paths, received_on=received_on,
                           event=event, unpack=unpack, illustrative=False, progress=progress,
                           force=force, index=search.enabled_query(query), early=early)
            return found, docs
    finally:
        if early is not None:
            early.close()


def start_early(paths: list[str | bytes]) -> EarlyText | None:
    """Start reading the text of the first PDF of `paths` in other processes, before the
    command does anything else (`extract.pdf.EarlyText`); None when it does not apply."""
    return EarlyText.start(paths)


def _request(query: Query, reference: str) -> tuple[int, str]:
    """(id, reference) of the request, or NotFoundError naming the closest references (the
    words of storage.requests.get_request)."""
    rows = list(query("SELECT id, reference FROM request WHERE reference = ?", [reference]))
    if not rows:
        refs = [r[0] for r in query("SELECT reference FROM request", [])]
        raise NotFoundError(CORE.REQUEST_NOT_FOUND.format(reference=reference,
                                                          hint=suggest(reference, refs)))
    return int(rows[0][0]), str(rows[0][1])


def attach_paths(
    session: Session,
    ctx: Context,
    request: Request,
    paths: list[str | bytes],
    *,
    received_on: date | None = None,
    event: str | None = None,
    unpack: bool = True,
    illustrative: bool = False,
    progress: ProgressFactory | None = None,
    force: bool = False,
) -> list[dict[str, Any]]:
    """Attach files to `request` in the caller's session; returns the documents created
    (top-level and children). The rows are written with the SQL of `cada attach`, on the
    session's connection (after the session's pending changes are flushed).

    An explicit `received_on` after `ctx.today` is refused (ConflictError) unless `force`, and
    so is a file whose content is already a document of the request, or given twice. Each
    document returned has `already_attached`: the request's earlier documents with the same
    content (empty unless `force`). Runs inside `ctx.store_writes()` (joining the caller's)."""
    assert request.id is not None
    session.flush()
    return _attach(session_query(session), ctx, request.id, request.reference, paths,
                   received_on=received_on, event=event, unpack=unpack,
                   illustrative=illustrative, progress=progress, force=force,
                   index=search.enabled(session))


def _attach(
    query: Query,
    ctx: Context,
    request_id: int,
    reference: str,
    paths: list[str | bytes],
    *,
    received_on: date | None,
    event: str | None,
    unpack: bool,
    illustrative: bool,
    progress: ProgressFactory | None,
    force: bool,
    index: bool,
    early: EarlyText | None = None,
) -> list[dict[str, Any]]:
    today = ctx.today
    if not paths:
        raise UsageError(M.NO_FILES)
    if received_on is not None and received_on > today and not force:
        raise ConflictError(M.RECEIVED_IN_FUTURE.format(date=received_on, today=today))
    inputs = [check_input(p) for p in paths]
    event_ref = None
    if event is not None:
        event_ref = pick_event(store_db.request_events(query, request_id), reference, event)
    if received_on is None:
        received_on = event_ref.date if event_ref is not None else today
    docs: list[int] = []
    given: dict[str, str] = {}  # sha256 -> name, the files of this command
    with ctx.store_writes() as created:
        ingest = _Ingest(query, ctx.store, request_id, event_ref, received_on,
                         illustrative, unpack, created, now(), index, ctx.made_by, early)
        for item in inputs:
            put = _put(ctx.store, item, progress)
            if put.created:
                created.append(put.sha256)
            if not force:
                _refuse_duplicate(query, request_id, reference, item, put.sha256, given)
            given.setdefault(put.sha256, item.name)
            try:
                ingest.register(put, item.name, parent_id=None, depth=0, out=docs)
            except UnsafeArchiveError as exc:
                raise UnsafeArchiveError(M.ZIP_UNSAFE.format(name=M.shown(item.name),
                                                             reason=exc.message)) from None
        records = store_db.load_documents(query, ids=docs)
        return [{**document_json(r), "already_attached": store_db.earlier_copies(
            query, r.request_id, r.file.id, r.id)} for r in records]


def _put(store: Store, item: Input, progress: ProgressFactory | None) -> PutResult:
    try:
        if progress is not None:
            with progress(item.name, item.size) as bar:
                return store.put_file(item.path, progress=bar.advance)  # type: ignore[arg-type]
        return store.put_file(item.path)  # type: ignore[arg-type]
    except OSError as exc:  # the file vanished or became unreadable meanwhile
        raise InputFileError(M.FILE_UNREADABLE.format(
            path=printable(item.path), reason=exc.strerror or exc)) from None


def _refuse_duplicate(query: Query, request_id: int, reference: str, item: Input,
                      sha256: str, given: dict[str, str]) -> None:
    """ConflictError when this content is already a document of the request, or was given
    earlier in the same command: attaching it again is almost always a mistake (a command
    run twice), and a document cannot be removed. `--force` attaches it anyway."""
    if sha256 in given:
        raise ConflictError(M.ATTACHED_TWICE.format(name=M.shown(item.name),
                                                    other=M.shown(given[sha256])))
    existing = store_db.document_of_request_with(query, request_id, sha256)
    if existing is not None:
        raise ConflictError(M.ALREADY_ATTACHED.format(
            name=M.shown(item.name), reference=reference, doc=existing))


@dataclass
class _Ingest:
    query: Query
    store: Store
    request_id: int
    event: EventRef | None
    received_on: date
    illustrative: bool
    unpack: bool
    created: list[str]
    stamp: datetime
    index: bool  # the search index exists: pages are indexed as they are written
    made_by: str  # who attaches them (issue 14)
    early: EarlyText | None = None  # a PDF's text read meanwhile (attach_to_request)

    def register(self, put: PutResult, name: str, *, parent_id: int | None, depth: int,
                 out: list[int]) -> None:
        stored, extraction = self._stored_file(put)
        doc_id = store_db.add_document(
            self.query,
            file_id=stored.id,
            request_id=self.request_id,
            event_id=self.event.id if self.event is not None else None,
            parent_id=parent_id,
            name=name,
            received_on=self.received_on,
            illustrative=self.illustrative,
            created_at=self.stamp,
            made_by=self.made_by,
        )
        out.append(doc_id)
        if extraction is None:  # known content: its children are unpacked again below
            children = self._children_of_known(stored, put)
        else:
            children = extraction.children
        if not children:
            return
        if depth + 1 > archive.MAX_DEPTH:
            raise UnsafeArchiveError(M.ZIP_DEPTH.format(limit=archive.MAX_DEPTH))
        damaged: list[str] = []
        for child in children:
            try:
                with child.open() as fh:
                    child_put = self.store.put_stream(fh, limit=child.size_limit)
            except TooLarge:
                raise UnsafeArchiveError(M.ZIP_LYING.format(member=M.shown(child.name))) \
                    from None
            except StorageError:
                raise
            except Exception as exc:  # noqa: BLE001 - zlib/CRC errors of a damaged archive
                if child.overflows is not None and child.overflows():
                    raise UnsafeArchiveError(M.ZIP_LYING.format(member=M.shown(child.name))) \
                        from None
                # The archive itself is kept (it is the user's file); what cannot be read is
                # skipped and the archive's text status says so.
                damaged.append(f"{M.shown(child.name)}: {exc.__class__.__name__}: {exc}"[:200])
                continue
            if child_put.created:
                self.created.append(child_put.sha256)
            if child_put.size == 0:
                continue
            self.register(child_put, _child_name(child.name), parent_id=doc_id,
                          depth=depth + 1, out=out)
        if damaged:
            store_db.set_file_failed(self.query, stored.id, M.ZIP_DAMAGED_MEMBERS.format(
                count=len(damaged), members="; ".join(damaged)))

    def _children_of_known(self, stored: StoredFileRecord, put: PutResult) -> list[Child]:
        """Same content attached again: unpack its children again (e-mail, zip)."""
        if stored.media_type not in (sniff.EML, sniff.ZIP) or not self.unpack:
            return []
        if stored.media_type == sniff.ZIP and stored.text_note == M.ARCHIVE_KEPT:
            return []
        try:
            return extract(put.path, stored.media_type, unpack=self.unpack).children
        except archive.UnsafeArchive as exc:
            raise UnsafeArchiveError(exc.reason) from None

    def _stored_file(self, put: PutResult) -> tuple[StoredFileRecord, Extraction | None]:
        known = store_db.load_file(self.query, put.sha256)
        if known is not None:
            return known, None
        media_type = sniff.sniff(put.path, put.head)
        pdf_pages = None
        if self.early is not None and media_type == sniff.PDF:
            pdf_pages = self.early.pages(put.sha256)
        try:
            result = extract(put.path, media_type, unpack=self.unpack, pdf_pages=pdf_pages)
        except archive.UnsafeArchive as exc:
            raise UnsafeArchiveError(exc.reason) from None
        file_id = store_db.add_stored_file(self.query, sha256=put.sha256, size=put.size,
                                           media_type=media_type, created_at=self.stamp)
        store_pages(self.query, file_id, result, index=self.index)
        stored = store_db.load_file(self.query, put.sha256)
        assert stored is not None
        return stored, result


def _child_name(name: str) -> str:
    name = name.replace("\\", "/").rstrip("/")
    return name or "unnamed"
