"""Reading documents: the JSON of a document (one mapper), list, show, open, export."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

from cada_tracker.context import Context
from cada_tracker.domain.documents import (  # noqa: F401 - the mappers, re-exported
    DocumentRecord,
    document_detail_json,
    document_json,
)
from cada_tracker.errors import CadaError, ConflictError, NotFoundError, StorageError
from cada_tracker.fsutil import check_target
from cada_tracker.messages import documents as M
from cada_tracker.services.documents.inputs import parse_doc_id
from cada_tracker.storage import documents as store_db
from cada_tracker.storage.blobstore import BlobMismatch
from cada_tracker.storage.requests import request_key
from cada_tracker.storage.sql import Query


# --- lookups ---------------------------------------------------------------------------------
def get_document(query: Query, doc: str | int) -> DocumentRecord:
    doc_id = parse_doc_id(doc)
    found = store_db.load_document(query, doc_id)
    if found is None:
        raise NotFoundError(M.DOCUMENT_NOT_FOUND.format(doc=doc_id))
    return found


def list_documents(ctx: Context, reference: str | None = None
                   ) -> tuple[str | None, list[dict[str, Any]]]:
    """`cada documents [REF]`: (the request's reference or None, the documents' JSON)."""
    with ctx.reading() as query:
        request_id = None
        if reference:
            found = request_key(query, reference)
            request_id, reference = found.id, found.reference
        docs = store_db.load_documents(query, request_id=request_id)
        return reference or None, [document_json(d) for d in docs]


def show_document(ctx: Context, doc: str) -> dict[str, Any]:
    """`cada document show`: the document, its children, copies, quotes and blob path."""
    with ctx.reading() as query:
        detail = store_db.load_document_detail(query, get_document(query, doc).id)
    assert detail is not None  # found just above, in the same transaction
    out = document_detail_json(detail)
    out["path"] = str(ctx.store.path_for(out["sha256"]))
    return out


def _blob(ctx: Context, doc: str) -> DocumentRecord:
    with ctx.reading() as query:
        found = get_document(query, doc)
    if not ctx.store.path_for(found.file.sha256).is_file():
        raise StorageError(M.STORE_BLOB_MISSING.format(doc=found.id, sha256=found.file.sha256))
    return found


def blob_path(ctx: Context, doc: str) -> Path:
    """`cada document open`: the stored (read-only) file."""
    return ctx.store.path_for(_blob(ctx, doc).file.sha256)


def tampered(doc_id: int, exc: BlobMismatch, done: str) -> StorageError:
    return StorageError(M.STORE_BLOB_TAMPERED.format(doc=doc_id, sha256=exc.sha256, done=done))


def _export_name(doc: DocumentRecord) -> str:
    """The document's name as a file name in a folder: no separators, never '.' or '..'."""
    name = doc.name.replace("/", "_").replace("\x00", "_")
    return name if name not in ("", ".", "..") else f"doc-{doc.id}"


def export_document(ctx: Context, doc: str, target: Path, *, force: bool) -> Path:
    """Copy the stored file to `target` (a file or a folder), verifying its SHA-256 on the way.

    Refused (ConflictError): an existing target without `force`; an existing target that is
    not a regular file (device, pipe, socket, folder), even with `force`. A stored file that no
    longer matches its hash: StorageError, nothing written."""
    found = _blob(ctx, doc)
    target = Path(target)
    if target.is_dir():
        target = target / _export_name(found)
    shown_target = M.shown(str(target))
    try:
        st: os.stat_result | None = os.lstat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise CadaError(M.EXPORT_FAILED.format(path=shown_target,
                                               reason=exc.strerror or exc)) from None
    if st is not None and not (stat.S_ISREG(st.st_mode) or stat.S_ISLNK(st.st_mode)):
        raise ConflictError(M.EXPORT_NOT_REGULAR.format(path=shown_target))
    if st is not None and not force:
        raise ConflictError(M.EXPORT_EXISTS.format(path=shown_target))
    check_target(target, force=force, settings=ctx.settings)  # the project-wide rules
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise CadaError(M.EXPORT_NO_FOLDER.format(folder=M.shown(str(folder))))
    try:
        ctx.store.export(found.file.sha256, target, force=force)
    except BlobMismatch as exc:
        raise tampered(found.id, exc, M.DONE_EXPORTED) from None
    except FileExistsError as exc:
        template = M.EXPORT_NOT_REGULAR if exc.strerror == "not a regular file" \
            else M.EXPORT_EXISTS
        raise ConflictError(template.format(path=shown_target)) from None
    except OSError as exc:
        raise CadaError(M.EXPORT_FAILED.format(path=shown_target,
                                               reason=exc.strerror or exc)) from None
    return target
