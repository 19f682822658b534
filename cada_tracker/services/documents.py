"""Documents: attach files to a request (store + extract + index), list, show, export, check.

`attach_paths` is all-or-nothing: every input is checked before anything is written, the rows
are added in the caller's transaction, and the blobs this call newly created are listed in
`created` so that the caller removes them if the transaction fails (see cli/documents.py).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from cada_tracker.errors import CadaError, NotFoundError, StorageError, UsageError
from cada_tracker.messages import documents as M
from cada_tracker.paths import Settings
from cada_tracker.store import PutResult, Store, TooLarge

ProgressFactory = Callable[[str, int], Any]  # (name, size) -> context manager with .advance(n)


class InputFileError(CadaError):
    """Exit 1: an input file cannot be attached (empty, unreadable, special file)."""


class UnsafeArchiveError(CadaError):
    """Exit 1: a ZIP was refused (path traversal, absolute path, link, decompression bomb)."""


def store_for(settings: Settings) -> Store:
    return Store(settings.documents_dir)


def display_name(path: str | os.PathLike | bytes) -> str:
    """A file name as text: bytes that are not UTF-8 become U+FFFD (never a crash)."""
    raw = os.fsencode(path)
    return os.path.basename(raw).decode("utf-8", "replace") or raw.decode("utf-8", "replace")


def _printable(path: Any) -> str:
    return os.fsencode(path).decode("utf-8", "replace")


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

    from cada_tracker.models import Event

    rows = list(session.exec(
        select(Event).where(Event.request_id == request.id)
        .order_by(Event.occurred_on, Event.id)
    ).all())
    text = event.strip()
    if text.isdigit():
        found = [e for e in rows if e.id == int(text)]
    else:
        found = [e for e in rows if e.kind == text.lower()]
    if not found:
        known = ", ".join(f"{e.id} {e.kind} {e.occurred_on}" for e in rows) or M.EVENT_NONE
        raise NotFoundError(
            M.EVENT_NOT_FOUND.format(reference=request.reference, event=event, known=known)
        )
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
    created: list[str] | None = None,
    progress: ProgressFactory | None = None,
) -> list[dict[str, Any]]:
    """Attach files to `request`; returns the documents created (top-level and children)."""
    from cada_tracker.db import now

    if not paths:
        raise UsageError(M.NO_FILES)
    inputs = [check_input(p) for p in paths]
    event_row = find_event(session, request, event) if event else None
    if received_on is None:
        received_on = event_row.occurred_on if event_row is not None else today
    created = created if created is not None else []
    store = store_for(settings)
    ctx = _Ctx(session, store, request, event_row, received_on, illustrative, unpack, created,
               now())
    docs: list[Any] = []
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
        try:
            ctx.register(put, item.name, parent_id=None, depth=0, out=docs)
        except UnsafeArchiveError as exc:
            raise UnsafeArchiveError(M.ZIP_UNSAFE.format(name=item.name, reason=exc.message))\
                from None
    session.flush()
    return [document_json(session, d) for d in docs]


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
        from cada_tracker.models import Document

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
        for child in children:
            try:
                with child.open() as fh:
                    child_put = self.store.put_stream(fh, limit=child.size_limit)
            except TooLarge:
                raise UnsafeArchiveError(M.ZIP_LYING.format(member=child.name)) from None
            except StorageError:
                raise
            except Exception as exc:  # noqa: BLE001 - zlib/CRC errors of a damaged archive
                raise UnsafeArchiveError(M.ZIP_BAD.format(reason=exc)) from None
            if child_put.created:
                self.created.append(child_put.sha256)
            if child_put.size == 0:
                continue
            self.register(child_put, _child_name(child.name), parent_id=doc.id,
                          depth=depth + 1, out=out)

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
        from cada_tracker.models import Page, StoredFile
        from cada_tracker.storage import search

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
        if result.pages:
            self.session.add_all(
                Page(file_id=stored.id, number=n, text=_clean(text))
                for n, text in enumerate(result.pages, start=1)
            )
            self.session.flush()
            search.index_file_pages(self.session, stored.id)
        return stored, result


def _clean(text: str) -> str:
    return text.replace("\x00", "")


def _child_name(name: str) -> str:
    name = name.replace("\\", "/").rstrip("/")
    return name or "unnamed"


# --- reading -----------------------------------------------------------------------------
def parse_doc_id(doc: str) -> int:
    text = str(doc).strip().upper().removeprefix("DOC").strip("- ")
    if not text.isdigit():
        raise UsageError(M.DOCUMENT_BAD_ID.format(doc=doc))
    return int(text)


def get_document(session: Any, doc: str | int) -> Any:
    from cada_tracker.models import Document

    doc_id = doc if isinstance(doc, int) else parse_doc_id(doc)
    found = session.get(Document, doc_id)
    if found is None:
        raise NotFoundError(M.DOCUMENT_NOT_FOUND.format(doc=doc))
    return found


def document_json(session: Any, doc: Any, *, detail: bool = False) -> dict[str, Any]:
    from cada_tracker.models import Event, Request, StoredFile

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

        from cada_tracker.models import Document, Evidence

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

    from cada_tracker.models import Document

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


def export_document(session: Any, settings: Settings, doc: str, target: Path, *,
                    force: bool) -> Path:
    from cada_tracker.errors import ConflictError

    data = document_json(session, get_document(session, doc))
    source = store_for(settings).path_for(data["sha256"])
    if not source.is_file():
        raise StorageError(M.STORE_BLOB_MISSING.format(doc=data["id"], sha256=data["sha256"]))
    target = Path(target)
    if target.is_dir():
        target = target / (data["name"].replace("/", "_") or f"doc-{data['id']}")
    if target.exists() and not force:
        raise ConflictError(M.EXPORT_EXISTS.format(path=target))
    try:
        store_for(settings).export(data["sha256"], target, force=force)
    except FileExistsError:
        raise ConflictError(M.EXPORT_EXISTS.format(path=target)) from None
    except OSError as exc:
        raise CadaError(M.EXPORT_FAILED.format(path=target, reason=exc.strerror or exc)) from None
    return target


# --- check ---------------------------------------------------------------------------------
def check_store(session: Any, settings: Settings, *, repair: bool = False) -> dict[str, Any]:
    """Every stored file against its hash, the database against the store, and back."""
    from sqlmodel import select

    from cada_tracker.models import Document, Evidence, StoredFile

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
    from sqlmodel import select

    from cada_tracker.extract import archive, extract
    from cada_tracker.models import Page, StoredFile
    from cada_tracker.storage import search

    row = get_document(session, doc)
    stored = session.get(StoredFile, row.file_id)
    path = store_for(settings).path_for(stored.sha256)
    if not path.is_file():
        raise StorageError(M.STORE_BLOB_MISSING.format(doc=row.id, sha256=stored.sha256))
    try:
        result = extract(path, stored.media_type, unpack=False)
    except archive.UnsafeArchive as exc:  # pragma: no cover - unpack=False never unpacks
        raise UnsafeArchiveError(exc.reason) from None
    if stored.media_type.endswith("zip") and stored.text_status == "ok":
        return document_json(session, row)  # an unpacked archive: its listing stays
    search.remove_file_pages(session, stored.id)
    for page in session.exec(select(Page).where(Page.file_id == stored.id)).all():
        session.delete(page)
    session.flush()
    session.add_all(
        Page(file_id=stored.id, number=n, text=_clean(text))
        for n, text in enumerate(result.pages, start=1)
    )
    stored.text_status = result.status
    stored.text_note = result.note
    stored.page_count = result.page_count
    session.add(stored)
    session.flush()
    search.index_file_pages(session, stored.id)
    return document_json(session, row)
