"""Keeping the store honest: `cada check [--repair]` and `cada document reextract`."""

from __future__ import annotations

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
    """Every stored file against its hash, the database against the store, and back.

    What no document links (leftover temporary files, unreferenced blobs) is looked for while
    holding the store lock when no other cada holds it: then no attach is running and every
    such file is a leftover, reported at once with its size (else only those older than an
    hour). `repair` waits for the lock and removes them. A blob of a store shared with other
    databases may be theirs: listed as such, never removed."""
    store = ctx.store
    removed: list[str] = []
    # the other databases are read under the lock: one that starts writing into the store
    # records itself before it stores anything, so none of its blobs is taken for an orphan
    if repair:
        with ctx.store_writes(), ctx.reading() as query:
            others = ctx.other_databases()
            found = _unreferenced(query, store, idle=True, shared=bool(others))
            removed = _remove([*found["orphaned"], *found["stale_temporary"]])
    else:
        with store.try_lock() as idle, ctx.reading() as query:
            others = ctx.other_databases()
            found = _unreferenced(query, store, idle=idle, shared=bool(others))
    found["orphaned"] = [o for o in found["orphaned"] if o["path"] not in removed]
    found["stale_temporary"] = [t for t in found["stale_temporary"] if t["path"] not in removed]
    with ctx.reading() as query:
        report = _verify(query, store)
    ok = not (report["missing"] or report["corrupted"] or found["orphaned"]
              or found["stale_temporary"] or report["evidence_mismatch"])
    return {"ok": ok, "store": str(store.root), **report, **found, "removed": removed,
            "other_databases": others, "databases_folder": str(store.databases_dir)}


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


def _unreferenced(query: Query, store: Store, *, idle: bool, shared: bool) -> dict[str, Any]:
    """The files of the store no document or message links, and the temporary files left.
    `idle`: the store lock is held (nothing is being written); `shared`: other databases
    write into the store, so a blob unknown here may be theirs."""
    known = {row.sha256 for row in store_db.load_files(query)}
    # the whole messages of the mail tables (issue 12) are kept without a document row
    known |= mailbox.mail_blobs(query)
    pending: list[dict[str, Any]] = []
    orphaned: list[dict[str, Any]] = []
    elsewhere: list[dict[str, Any]] = []
    for path in store.iter_blobs():
        canonical = store.is_canonical(path)
        if canonical and path.name in known:
            continue
        entry = {"path": str(path), "size": _size(path)}
        if canonical and shared:
            elsewhere.append(entry)  # another database's, or a leftover: this one cannot tell
        elif canonical and not idle and store.is_recent(path):
            # may be the blob of an attach still running (not committed yet): not a problem
            pending.append(entry)
        else:
            orphaned.append({**entry, "removable": canonical})
    stale = [{"path": str(p), "size": _size(p)} for p in store.stale_tmp_files(idle=idle)]
    return {"orphaned": orphaned, "stale_temporary": stale, "recent_unreferenced": pending,
            "other_databases_files": elsewhere}


def _remove(items: list[dict[str, Any]]) -> list[str]:
    removed: list[str] = []
    for item in items:
        if item.get("removable", True):
            try:
                Path(item["path"]).unlink()
            except OSError:
                continue
            removed.append(item["path"])
    return removed


def _verify(query: Query, store: Store) -> dict[str, Any]:
    """Every file the database knows against its SHA-256 and size; evidence against its
    document."""
    docs_by_file = store_db.documents_by_file(query)
    rows = store_db.load_files(query)
    missing: list[dict[str, Any]] = []
    corrupted: list[dict[str, Any]] = []
    for row in rows:
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
    evidence = [{"evidence": e.id, "finding": e.finding_id, "document": e.document_id,
                 "expected": e.expected, "actual": e.actual}
                for e in store_db.evidence_checks(query)
                if e.actual is not None and e.actual != e.expected]
    return {
        "files": len(rows),
        "documents": sum(len(v) for v in docs_by_file.values()),
        "missing": missing,
        "corrupted": corrupted,
        "evidence_mismatch": evidence,
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
