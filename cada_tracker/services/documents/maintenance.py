"""Keeping the store honest: `cada check [--repair]` and `cada document reextract`."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import Any

from cada_tracker.context import Context
from cada_tracker.errors import StorageError
from cada_tracker.extract import archive, extract, sniff
from cada_tracker.messages import documents as M
from cada_tracker.services.documents.inputs import UnsafeArchiveError
from cada_tracker.services.documents.pages import store_pages
from cada_tracker.services.documents.queries import document_json, get_document, tampered
from cada_tracker.storage import documents as store_db
from cada_tracker.storage import mailbox, search
from cada_tracker.storage.blobstore import BlobMismatch, Store
from cada_tracker.storage.sql import Query, session_query


def check_store(ctx: Context, *, repair: bool = False) -> dict[str, Any]:
    """Every stored file against its hash, the database against the store, and back."""
    # --repair holds the store lock: it never removes the blob of an attach still running
    with ctx.store_writes() if repair else nullcontext(), ctx.transaction() as session:
        return _check_store(session_query(session), ctx.store, repair=repair)


def _check_store(query: Query, store: Store, *, repair: bool) -> dict[str, Any]:
    docs_by_file = store_db.documents_by_file(query)
    rows = store_db.load_files(query)
    # the whole messages of the mail tables (issue 12) are kept without a document row
    known = mailbox.mail_blobs(query)
    missing: list[dict[str, Any]] = []
    corrupted: list[dict[str, Any]] = []
    for row in rows:
        known.add(row.sha256)
        path = store.path_for(row.sha256)
        entry = {"sha256": row.sha256, "documents": docs_by_file.get(row.id, []),
                 "path": str(path)}
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
    pending, orphaned = [], []
    for path in store.iter_blobs():
        if store.is_canonical(path) and path.name in known:
            continue
        if store.is_canonical(path) and store.is_recent(path):
            # may be the blob of an attach still running (not committed yet): not a problem
            pending.append({"path": str(path)})
            continue
        orphaned.append({"path": str(path), "removable": store.is_canonical(path)})
    stale: list[dict[str, Any]] = [{"path": str(p)} for p in store.stale_tmp_files()]
    evidence = [{"evidence": e.id, "finding": e.finding_id, "document": e.document_id,
                 "expected": e.expected, "actual": e.actual}
                for e in store_db.evidence_checks(query)
                if e.actual is not None and e.actual != e.expected]
    removed: list[str] = []
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


def reextract_document(ctx: Context, doc: str) -> dict[str, Any]:
    """Read the text of a stored file again (after installing Tesseract, or a better extractor).

    The file's own pages and index rows are replaced; e-mail attachments and archive members
    already attached stay as they are (they are documents of their own).
    """
    with ctx.transaction() as session:
        query = session_query(session)
        found = get_document(query, doc)
        sha256 = found.file.sha256
        path = ctx.store.path_for(sha256)
        if not path.is_file():
            raise StorageError(M.STORE_BLOB_MISSING.format(doc=found.id, sha256=sha256))
        try:
            ctx.store.verify(sha256)  # never index text that is not the document's
        except BlobMismatch as exc:
            raise tampered(found.id, exc, M.DONE_REREAD) from None
        except OSError as exc:
            raise StorageError(M.STORE_BLOB_UNREADABLE.format(
                doc=found.id, sha256=sha256, reason=exc.strerror or exc)) from None
        if found.file.media_type == sniff.ZIP:
            # an archive's text is its listing (or why it could not be read): reading it
            # again changes nothing, and its members are documents of their own
            return document_json(found)
        try:
            result = extract(path, found.file.media_type, unpack=False)
        except archive.UnsafeArchive as exc:  # pragma: no cover - unpack=False never unpacks
            raise UnsafeArchiveError(exc.reason) from None
        search.remove_file_pages(session, found.file.id)
        store_db.delete_pages(session, found.file.id)
        store_pages(query, found.file.id, result, index=search.enabled(session))
        return document_json(get_document(query, found.id))
