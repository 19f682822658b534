"""Documents: attach files to a request (store + extract + index), list, show, export, check.

`attach_paths` is all-or-nothing: every input is checked before anything is written, the rows
are added in the caller's transaction, and it always runs inside `store_writes` (the store lock,
and removal of the blobs newly created if the block fails). `attach_to_request` (`cada attach`)
opens its transaction inside `store_writes`, so that a failed commit removes the blobs too.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from cada_tracker.errors import CadaError, NotFoundError, StorageError, UsageError
from cada_tracker.messages import documents as M
from cada_tracker.paths import Settings
from cada_tracker.storage.blobstore import PutResult, Store, TooLarge

ProgressFactory = Callable[[str, int], Any]  # (name, size) -> context manager with .advance(n)


class InputFileError(CadaError):
    """Exit 1: an input file cannot be attached (empty, unreadable, special file)."""


class UnsafeArchiveError(CadaError):
    """Exit 1: a ZIP was refused (path traversal, absolute path, link, decompression bomb)."""


def store_for(settings: Settings) -> Store:
    return Store(settings.documents_dir)


# store root -> the blobs created under the lock this process holds on it (see store_writes)
_HELD: dict[str, list[str]] = {}


@contextmanager
def store_writes(settings: Settings) -> Iterator[list[str]]:
    """The store lock, and the removal of the blobs newly created if the block fails.

    Yields the list of new blobs (attach_paths fills it). Put the whole transaction inside it
    (`with store_writes(s), session_scope(s) as session:`): then a failed commit removes the
    blobs too, and no other attach can link one of them before the commit. Re-entrant within
    a process (a second flock on the same file would wait for ever): an inner block joins the
    outer one, whose outcome decides.
    """
    store = store_for(settings)
    key = str(store.root)
    if key in _HELD:
        yield _HELD[key]
        return
    created: list[str] = []
    with store.lock():
        _HELD[key] = created
        try:
            yield created
        except BaseException:
            store.discard(created)
            raise
        finally:
            del _HELD[key]


def display_name(path: str | os.PathLike | bytes) -> str:
    """A file name as text: bytes that are not UTF-8 become U+FFFD (never a crash)."""
    raw = os.fsencode(path)
    return os.path.basename(raw).decode("utf-8", "replace") or raw.decode("utf-8", "replace")


def _printable(path: Any) -> str:
    """A path for an error message: decoded, control and bidi characters escaped."""
    return M.shown(os.fsencode(path).decode("utf-8", "replace"))


@dataclass(frozen=True)
class Input:
    path: str | bytes
    name: str
    size: int


def check_input(path: str | bytes) -> Input:
    """Refuse what cannot be attached, before anything is written."""
    shown = _printable(path)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        raise NotFoundError(M.FILE_NOT_FOUND.format(path=shown)) from None
    except OSError as exc:
        raise InputFileError(M.FILE_UNREADABLE.format(path=shown, reason=exc.strerror)) from None
    if stat.S_ISLNK(st.st_mode):
        target = _printable(os.path.realpath(path))
        raise UsageError(M.FILE_IS_SYMLINK.format(path=shown, target=target))
    if stat.S_ISDIR(st.st_mode):
        raise UsageError(M.FILE_IS_DIRECTORY.format(path=shown))
    if not stat.S_ISREG(st.st_mode):
        raise UsageError(M.FILE_NOT_REGULAR.format(path=shown))
    if st.st_size == 0:
        raise InputFileError(M.FILE_EMPTY.format(path=shown))
    try:
        with open(path, "rb") as fh:
            fh.read(1)
    except OSError as exc:
        raise InputFileError(M.FILE_UNREADABLE.format(path=shown, reason=exc.strerror)) from None
    return Input(path, display_name(path), st.st_size)


def find_event(session: Any, request: Any, event: str) -> Any:
    """An event of this request by id, or the latest of that kind ("reply")."""
    from sqlmodel import select

    from cada_tracker.storage.tables import Event

    rows = list(session.exec(
        select(Event).where(Event.request_id == request.id)
        .order_by(Event.occurred_on, Event.id)
    ).all())
    text = event.strip()
    if not text:
        raise UsageError(M.EVENT_EMPTY)
    if _ID_RE.fullmatch(text):
        found = [e for e in rows if e.id == int(text)]
    else:
        found = [e for e in rows if e.kind == text.lower()]
    if not found:
        known = ", ".join(f"{e.id} {e.kind} {e.occurred_on}" for e in rows) or M.EVENT_NONE
        raise NotFoundError(M.EVENT_NOT_FOUND.format(
            reference=request.reference, event=M.shown(event), known=known))
    return found[-1]


def attach_paths(
    session: Any,
    settings: Settings,
    request: Any,
    paths: list[str | bytes],
    *,
    today: date,
    received_on: date | None = None,
    event: str | None = None,
    unpack: bool = True,
    illustrative: bool = False,
    progress: ProgressFactory | None = None,
    force: bool = False,
) -> list[dict[str, Any]]:
    """Attach files to `request`; returns the documents created (top-level and children).

    An explicit `received_on` after `today` is refused (ConflictError) unless `force`, and so
    is a file whose content is already a document of the request, or given twice. Each
    document returned has `already_attached`: the request's earlier documents with the same
    content (empty unless `force`). Runs inside `store_writes` (joining the caller's, if any)."""
    from cada_tracker.errors import ConflictError
    from cada_tracker.storage.db import now

    if not paths:
        raise UsageError(M.NO_FILES)
    if received_on is not None and received_on > today and not force:
        raise ConflictError(M.RECEIVED_IN_FUTURE.format(date=received_on, today=today))
    inputs = [check_input(p) for p in paths]
    event_row = find_event(session, request, event) if event is not None else None
    if received_on is None:
        received_on = event_row.occurred_on if event_row is not None else today
    store = store_for(settings)
    docs: list[Any] = []
    given: dict[str, str] = {}  # sha256 -> name, the files of this command
    with store_writes(settings) as created:
        ctx = _Ctx(session, store, request, event_row, received_on, illustrative, unpack,
                   created, now())
        for item in inputs:
            try:
                if progress is not None:
                    with progress(item.name, item.size) as bar:
                        put = store.put_file(item.path, progress=bar.advance)
                else:
                    put = store.put_file(item.path)
            except OSError as exc:  # the file vanished or became unreadable meanwhile
                raise InputFileError(M.FILE_UNREADABLE.format(
                    path=_printable(item.path), reason=exc.strerror or exc)) from None
            if put.created:
                created.append(put.sha256)
            if not force:
                _refuse_duplicate(session, request, item, put.sha256, given)
            given.setdefault(put.sha256, item.name)
            try:
                ctx.register(put, item.name, parent_id=None, depth=0, out=docs)
            except UnsafeArchiveError as exc:
                raise UnsafeArchiveError(M.ZIP_UNSAFE.format(name=M.shown(item.name),
                                                             reason=exc.message)) from None
        session.flush()
        return [{**document_json(session, d), "already_attached": _earlier_copies(session, d)}
                for d in docs]


def _refuse_duplicate(session: Any, request: Any, item: Input, sha256: str,
                      given: dict[str, str]) -> None:
    """ConflictError when this content is already a document of the request, or was given
    earlier in the same command: attaching it again is almost always a mistake (a command
    run twice), and a document cannot be removed. `--force` attaches it anyway."""
    from sqlmodel import select

    from cada_tracker.errors import ConflictError
    from cada_tracker.storage.tables import Document, StoredFile

    if sha256 in given:
        raise ConflictError(M.ATTACHED_TWICE.format(name=M.shown(item.name),
                                                    other=M.shown(given[sha256])))
    existing = session.exec(
        select(Document.id).join(StoredFile, StoredFile.id == Document.file_id)
        .where(StoredFile.sha256 == sha256, Document.request_id == request.id)
        .order_by(Document.id)
    ).first()
    if existing is not None:
        raise ConflictError(M.ALREADY_ATTACHED.format(
            name=M.shown(item.name), reference=request.reference, doc=existing))


def _earlier_copies(session: Any, doc: Any) -> list[int]:
    """Ids of the request's earlier documents with the same content (attach --force)."""
    from sqlmodel import select

    from cada_tracker.storage.tables import Document

    return list(session.exec(
        select(Document.id).where(Document.request_id == doc.request_id,
                                  Document.file_id == doc.file_id, Document.id < doc.id)
        .order_by(Document.id)
    ).all())


def attach_to_request(
    settings: Settings,
    reference: str,
    paths: list[str | bytes],
    *,
    today: date,
    received_on: date | None = None,
    event: str | None = None,
    unpack: bool = True,
    progress: ProgressFactory | None = None,
    force: bool = False,
) -> tuple[str, list[dict[str, Any]]]:
    """`cada attach`: one transaction inside `store_writes`. Returns (reference, documents)."""
    from cada_tracker.services.requests import get_request
    from cada_tracker.storage.db import ensure_home, session_scope

    ensure_home(settings)
    with store_writes(settings), session_scope(settings) as session:
        request = get_request(session, reference)
        docs = attach_paths(session, settings, request, paths, today=today,
                            received_on=received_on, event=event, unpack=unpack,
                            progress=progress, force=force)
        return request.reference, docs


@dataclass
class _Ctx:
    session: Any
    store: Store
    request: Any
    event: Any
    received_on: date
    illustrative: bool
    unpack: bool
    created: list[str]
    stamp: Any

    def register(self, put: PutResult, name: str, *, parent_id: int | None, depth: int,
                 out: list[Any]) -> None:
        from cada_tracker.storage.tables import Document

        stored, extraction = self._stored_file(put)
        doc = Document(
            file_id=stored.id,
            request_id=self.request.id,
            event_id=self.event.id if self.event is not None else None,
            parent_id=parent_id,
            original_name=name,
            received_on=self.received_on,
            illustrative=self.illustrative,
            created_at=self.stamp,
        )
        self.session.add(doc)
        self.session.flush()
        out.append(doc)
        if extraction is None:  # known content: its children are unpacked again below
            children = self._children_of_known(stored, put)
        else:
            children = extraction.children
        if not children:
            return
        from cada_tracker.extract import archive

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
            self.register(child_put, _child_name(child.name), parent_id=doc.id,
                          depth=depth + 1, out=out)
        if damaged:
            stored.text_status = "failed"
            stored.text_note = M.ZIP_DAMAGED_MEMBERS.format(count=len(damaged),
                                                            members="; ".join(damaged))
            self.session.add(stored)
            self.session.flush()

    def _children_of_known(self, stored: Any, put: PutResult) -> list:
        """Same content attached again: unpack its children again (e-mail, zip)."""
        from cada_tracker.extract import sniff

        if stored.media_type not in (sniff.EML, sniff.ZIP) or not self.unpack:
            return []
        if stored.media_type == sniff.ZIP and stored.text_note == M.ARCHIVE_KEPT:
            return []
        from cada_tracker.extract import archive, extract

        try:
            return extract(put.path, stored.media_type, unpack=self.unpack).children
        except archive.UnsafeArchive as exc:
            raise UnsafeArchiveError(exc.reason) from None

    def _stored_file(self, put: PutResult) -> tuple[Any, Any]:
        from sqlmodel import select

        from cada_tracker.extract import archive, extract, sniff
        from cada_tracker.storage.tables import StoredFile

        existing = self.session.exec(
            select(StoredFile).where(StoredFile.sha256 == put.sha256)
        ).first()
        if existing is not None:
            return existing, None
        media_type = sniff.sniff(put.path, put.head)
        try:
            result = extract(put.path, media_type, unpack=self.unpack)
        except archive.UnsafeArchive as exc:
            raise UnsafeArchiveError(exc.reason) from None
        stored = StoredFile(
            sha256=put.sha256,
            size=put.size,
            media_type=media_type,
            page_count=result.page_count,
            text_status=result.status,
            text_note=result.note,
            created_at=self.stamp,
        )
        self.session.add(stored)
        self.session.flush()
        store_pages(self.session, stored, result)
        return stored, result


# pages are written and indexed in batches of this many characters (or PAGE_BATCH pages):
# a streamed text file is never held whole in memory
PAGE_BATCH = 64
PAGE_BATCH_CHARS = 4 * 1000 * 1000


def store_pages(session: Any, stored: Any, result: Any) -> int:
    """Write the pages of `result` (a list, or a stream read once) and index them, batch by
    batch; then record the text status, note and page count, final once they are all read.
    Returns the number of pages."""
    from cada_tracker.storage import search
    from cada_tracker.storage.tables import Page

    table = Page.__table__
    conn = session.connection()
    batch: list[dict[str, Any]] = []
    chars = 0
    count = 0

    def flush() -> None:
        if batch:
            conn.execute(table.insert(), batch)
            search.index_file_pages(session, stored.id, first=batch[0]["number"],
                                    last=batch[-1]["number"])
            batch.clear()

    for count, text in enumerate(result.pages, start=1):
        text = _clean(text)
        batch.append({"file_id": stored.id, "number": count, "text": text})
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


def _child_name(name: str) -> str:
    name = name.replace("\\", "/").rstrip("/")
    return name or "unnamed"


# --- reading -----------------------------------------------------------------------------
# Database ids are signed 64-bit integers: anything larger cannot exist (and would overflow
# the SQLite driver), so it is "not found", never an internal error.
MAX_ID = 2**63 - 1
_ID_RE = re.compile(r"[0-9]+")


def parse_id(text: Any, *, prefix: str, bad: str, missing: str, key: str) -> int:
    """An id typed by the user ("12", "DOC 12", "F3"): 1 <= n <= MAX_ID.

    Not a number, or 0: UsageError (exit 2) with `bad`; beyond MAX_ID: NotFoundError (exit 3)
    with `missing` (no such row can exist). Both templates get the text as `{key}`.
    """
    raw = str(text)
    body = raw.strip().upper().removeprefix(prefix).strip("- ")
    if not _ID_RE.fullmatch(body) or int(body) < 1:
        raise UsageError(bad.format(**{key: M.shown(raw)}))
    value = int(body)
    if value > MAX_ID:
        raise NotFoundError(missing.format(**{key: value}))
    return value


def parse_doc_id(doc: Any) -> int:
    return parse_id(doc, prefix="DOC", bad=M.DOCUMENT_BAD_ID, missing=M.DOCUMENT_NOT_FOUND,
                    key="doc")


def get_document(session: Any, doc: str | int) -> Any:
    from cada_tracker.storage.tables import Document

    doc_id = parse_doc_id(doc)
    found = session.get(Document, doc_id)
    if found is None:
        raise NotFoundError(M.DOCUMENT_NOT_FOUND.format(doc=doc_id))
    return found


def document_json(session: Any, doc: Any, *, detail: bool = False) -> dict[str, Any]:
    from cada_tracker.storage.tables import Event, Request, StoredFile

    stored = session.get(StoredFile, doc.file_id)
    request = session.get(Request, doc.request_id)
    out: dict[str, Any] = {
        "id": doc.id,
        "request": request.reference if request else None,
        "name": doc.original_name,
        "media_type": stored.media_type,
        "size": stored.size,
        "pages": stored.page_count,
        "sha256": stored.sha256,
        "received_on": doc.received_on.isoformat() if doc.received_on else None,
        "event": None,
        "parent": doc.parent_id,
        "text_status": stored.text_status,
        "text_note": stored.text_note,
        "illustrative": doc.illustrative,
    }
    if doc.event_id is not None:
        ev = session.get(Event, doc.event_id)
        if ev is not None:
            out["event"] = {"id": ev.id, "kind": ev.kind, "date": ev.occurred_on.isoformat()}
    if detail:
        from sqlmodel import select

        from cada_tracker.storage.tables import Document, Evidence

        out["children"] = [
            {"id": c.id, "name": c.original_name}
            for c in session.exec(
                select(Document).where(Document.parent_id == doc.id).order_by(Document.id)
            ).all()
        ]
        out["linked_elsewhere"] = [
            {"id": d.id, "request": session.get(Request, d.request_id).reference,
             "name": d.original_name}
            for d in session.exec(
                select(Document).where(Document.file_id == doc.file_id, Document.id != doc.id)
                .order_by(Document.id)
            ).all()
        ]
        out["evidence"] = [
            {"finding": e.finding_id, "page": e.page, "quote": e.quote, "verified": e.verified}
            for e in session.exec(
                select(Evidence).where(Evidence.document_id == doc.id).order_by(Evidence.id)
            ).all()
        ]
    return out


def list_documents(session: Any, request_id: int | None = None) -> list[dict[str, Any]]:
    from sqlmodel import select

    from cada_tracker.storage.tables import Document

    query = select(Document).order_by(Document.id)
    if request_id is not None:
        query = query.where(Document.request_id == request_id)
    return [document_json(session, d) for d in session.exec(query).all()]


def documents_for_request(session: Any, request_id: int) -> list[dict[str, Any]]:
    """For `cada show REF`: the documents of one request, JSON-ready, oldest first."""
    return list_documents(session, request_id)


def show_document(session: Any, settings: Settings, doc: str) -> dict[str, Any]:
    row = get_document(session, doc)
    out = document_json(session, row, detail=True)
    out["path"] = str(store_for(settings).path_for(out["sha256"]))
    return out


def blob_path(session: Any, settings: Settings, doc: str) -> Path:
    data = document_json(session, get_document(session, doc))
    path = store_for(settings).path_for(data["sha256"])
    if not path.is_file():
        raise StorageError(M.STORE_BLOB_MISSING.format(doc=data["id"], sha256=data["sha256"]))
    return path


def _tampered(doc_id: int, exc: Any, done: str) -> StorageError:
    return StorageError(M.STORE_BLOB_TAMPERED.format(doc=doc_id, sha256=exc.sha256, done=done))


def _export_name(data: dict[str, Any]) -> str:
    """The document's name as a file name in a folder: no separators, never '.' or '..'."""
    name = data["name"].replace("/", "_").replace("\x00", "_")
    return name if name not in ("", ".", "..") else f"doc-{data['id']}"


def export_document(session: Any, settings: Settings, doc: str, target: Path, *,
                    force: bool) -> Path:
    """Copy the stored file to `target` (a file or a folder), verifying its SHA-256 on the way.

    Refused (ConflictError): an existing target without `force`; an existing target that is
    not a regular file (device, pipe, socket, folder), even with `force`. A stored file that no
    longer matches its hash: StorageError, nothing written."""
    from cada_tracker.errors import ConflictError
    from cada_tracker.fsutil import check_target
    from cada_tracker.storage.blobstore import BlobMismatch

    data = document_json(session, get_document(session, doc))
    store = store_for(settings)
    source = store.path_for(data["sha256"])
    if not source.is_file():
        raise StorageError(M.STORE_BLOB_MISSING.format(doc=data["id"], sha256=data["sha256"]))
    target = Path(target)
    if target.is_dir():
        target = target / _export_name(data)
    shown_target = M.shown(str(target))
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise CadaError(M.EXPORT_FAILED.format(path=shown_target,
                                               reason=exc.strerror or exc)) from None
    if st is not None and not (stat.S_ISREG(st.st_mode) or stat.S_ISLNK(st.st_mode)):
        raise ConflictError(M.EXPORT_NOT_REGULAR.format(path=shown_target))
    if st is not None and not force:
        raise ConflictError(M.EXPORT_EXISTS.format(path=shown_target))
    check_target(target, force=force, settings=settings)  # the project-wide rules
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise CadaError(M.EXPORT_NO_FOLDER.format(folder=M.shown(str(folder))))
    try:
        store.export(data["sha256"], target, force=force)
    except BlobMismatch as exc:
        raise _tampered(data["id"], exc, "exported") from None
    except FileExistsError as exc:
        template = M.EXPORT_NOT_REGULAR if exc.strerror == "not a regular file" \
            else M.EXPORT_EXISTS
        raise ConflictError(template.format(path=shown_target)) from None
    except OSError as exc:
        raise CadaError(M.EXPORT_FAILED.format(path=shown_target,
                                               reason=exc.strerror or exc)) from None
    return target


# --- check ---------------------------------------------------------------------------------
def check_store(session: Any, settings: Settings, *, repair: bool = False) -> dict[str, Any]:
    """Every stored file against its hash, the database against the store, and back."""
    from contextlib import nullcontext

    # --repair holds the store lock: it never removes the blob of an attach still running
    with store_writes(settings) if repair else nullcontext():
        return _check_store(session, settings, repair=repair)


def _check_store(session: Any, settings: Settings, *, repair: bool) -> dict[str, Any]:
    from sqlmodel import select

    from cada_tracker.storage.tables import Document, Evidence, StoredFile

    store = store_for(settings)
    docs_by_file: dict[int, list[int]] = {}
    for d in session.exec(select(Document)).all():
        docs_by_file.setdefault(d.file_id, []).append(d.id)
    rows = session.exec(select(StoredFile).order_by(StoredFile.id)).all()
    known = set()
    missing, corrupted, orphaned, removed, stale, evidence = [], [], [], [], [], []
    sha_by_doc: dict[int, str] = {}
    for row in rows:
        known.add(row.sha256)
        ids = docs_by_file.get(row.id, [])
        for i in ids:
            sha_by_doc[i] = row.sha256
        path = store.path_for(row.sha256)
        entry = {"sha256": row.sha256, "documents": ids, "path": str(path)}
        if not path.is_file():
            missing.append(entry)
            continue
        try:
            actual, size = store.hash_of(path)
        except OSError as exc:
            corrupted.append({**entry, "reason": exc.strerror or str(exc)})
            continue
        if actual != row.sha256 or size != row.size:
            corrupted.append({**entry, "actual": actual, "size": size, "expected_size": row.size})
    pending = []
    for path in store.iter_blobs():
        if store.is_canonical(path) and path.name in known:
            continue
        if store.is_canonical(path) and store.is_recent(path):
            # may be the blob of an attach still running (not committed yet): not a problem
            pending.append({"path": str(path)})
            continue
        orphaned.append({"path": str(path), "removable": store.is_canonical(path)})
    for path in store.stale_tmp_files():
        stale.append({"path": str(path)})
    for e in session.exec(select(Evidence).order_by(Evidence.id)).all():
        current = sha_by_doc.get(e.document_id)
        if current is not None and current != e.file_sha256:
            evidence.append({"evidence": e.id, "finding": e.finding_id, "document": e.document_id,
                             "expected": e.file_sha256, "actual": current})
    if repair:
        for item in [*orphaned, *stale]:
            if item.get("removable", True):
                try:
                    Path(item["path"]).unlink()
                except OSError:
                    continue
                removed.append(item["path"])
        orphaned = [o for o in orphaned if o["path"] not in removed]
        stale = [s for s in stale if s["path"] not in removed]
    ok = not (missing or corrupted or orphaned or stale or evidence)
    return {
        "ok": ok,
        "files": len(rows),
        "documents": sum(len(v) for v in docs_by_file.values()),
        "missing": missing,
        "corrupted": corrupted,
        "orphaned": orphaned,
        "stale_temporary": stale,
        "evidence_mismatch": evidence,
        "removed": removed,
        "recent_unreferenced": pending,
    }


# --- re-extraction ---------------------------------------------------------------------------
def reextract_document(session: Any, settings: Settings, doc: str) -> dict[str, Any]:
    """Read the text of a stored file again (after installing Tesseract, or a better extractor).

    The file's own pages and index rows are replaced; e-mail attachments and archive members
    already attached stay as they are (they are documents of their own).
    """
    from sqlalchemy import delete

    from cada_tracker.extract import archive, extract, sniff
    from cada_tracker.storage import search
    from cada_tracker.storage.blobstore import BlobMismatch
    from cada_tracker.storage.tables import Page, StoredFile

    row = get_document(session, doc)
    stored = session.get(StoredFile, row.file_id)
    store = store_for(settings)
    path = store.path_for(stored.sha256)
    if not path.is_file():
        raise StorageError(M.STORE_BLOB_MISSING.format(doc=row.id, sha256=stored.sha256))
    try:
        store.verify(stored.sha256)  # never index text that is not the document's
    except BlobMismatch as exc:
        raise _tampered(row.id, exc, "re-read") from None
    except OSError as exc:
        raise StorageError(M.STORE_BLOB_UNREADABLE.format(
            doc=row.id, sha256=stored.sha256, reason=exc.strerror or exc)) from None
    if stored.media_type == sniff.ZIP:
        # an archive's text is its listing (or why it could not be read): reading it again
        # changes nothing, and its members are documents of their own
        return document_json(session, row)
    try:
        result = extract(path, stored.media_type, unpack=False)
    except archive.UnsafeArchive as exc:  # pragma: no cover - unpack=False never unpacks
        raise UnsafeArchiveError(exc.reason) from None
    search.remove_file_pages(session, stored.id)
    session.connection().execute(delete(Page).where(Page.file_id == stored.id))
    store_pages(session, stored, result)
    return document_json(session, row)


# --- search ----------------------------------------------------------------------------------
def rebuild_search_index(settings: Settings) -> dict[str, int]:
    """`cada search --reindex`: empty the index and fill it again from the tables."""
    from cada_tracker.storage import search as fts
    from cada_tracker.storage.db import session_scope

    with session_scope(settings) as session:
        _require_fts(session)
        return fts.rebuild(session)


def search(settings: Settings, query: str | None, request: str | None = None, *,
           limit: int = 50) -> list[dict[str, Any]]:
    """Hits for `query` (best first), in one request's items if `request` is a reference.

    On SQLite the read runs on `read_query` (plain sqlite3, no SQLAlchemy import); elsewhere,
    or with CADA_SEARCH_ORM set (tests compare both paths), on a SQLAlchemy session. An empty
    query, or one without a word, is a UsageError; an unknown `request` a NotFoundError."""
    from cada_tracker.storage import search as fts
    from cada_tracker.storage.requests import load_references
    from cada_tracker.storage.sql import read_query

    if not query or not query.strip():
        raise UsageError(M.SEARCH_EMPTY_QUERY)
    if not fts.fts_query(query):
        raise UsageError(M.SEARCH_NO_WORDS.format(query=M.shown(query)))
    if settings.sqlite_path is None or os.environ.get("CADA_SEARCH_ORM"):
        return _search_session(settings, query, request, limit)
    with read_query(settings) as q:
        request_id = None
        if request:
            rows = list(q("SELECT id FROM request WHERE reference = ?", [request]))
            if not rows:
                from cada_tracker.messages import REQUEST_NOT_FOUND
                from cada_tracker.textutil import suggest

                raise NotFoundError(REQUEST_NOT_FOUND.format(
                    reference=request, hint=suggest(request, load_references(q))))
            request_id = rows[0][0]
        return fts.search(q, query, request_id=request_id, limit=limit)


def _search_session(settings: Settings, query: str, request: str | None,
                    limit: int) -> list[dict[str, Any]]:
    from cada_tracker.storage import search as fts
    from cada_tracker.storage.db import session_scope

    with session_scope(settings) as session:
        _require_fts(session)
        request_id = None
        if request:
            from cada_tracker.services.requests import get_request

            request_id = get_request(session, request).id
        return fts.search(session, query, request_id=request_id, limit=limit)


def _require_fts(session: Any) -> None:
    from cada_tracker.storage import search as fts

    if not fts.enabled(session):
        raise CadaError(M.SEARCH_UNSUPPORTED.format(dialect=fts.dialect_name(session)))
