"""Records of documents and findings as the storage layer loads them.

The same objects come from a plain sqlite3 connection and from SQLAlchemy's (see
storage/documents.py, storage/findings.py); the JSON of a document and of a finding is built
from them by one mapper each, at the end of this module (`document_json`, `finding_json`).
A new column goes in the table, the migration, the SQL of its query and the record here.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, NamedTuple


class EventRef(NamedTuple):
    """An event a document came with (or may be linked to)."""

    id: int
    kind: str
    date: date


class StoredFileRecord(NamedTuple):
    """A blob of the store: stored once whatever the number of documents linking it."""

    id: int
    sha256: str
    size: int
    media_type: str
    page_count: int | None
    text_status: str
    text_note: str | None


class DocumentRecord(NamedTuple):
    """A stored file as received for a request (DOC ids), with its file's facts."""

    id: int
    request_id: int
    request: str | None  # the request's reference
    name: str
    file: StoredFileRecord
    received_on: date | None
    event: EventRef | None
    parent: int | None
    illustrative: bool
    made_by: str | None = None  # who attached it (issue 14); None: unknown (before 0008)


class DocumentLink(NamedTuple):
    """Another document named from one: a child (e-mail attachment, ZIP member) or a document
    of another request with the same content."""

    id: int
    name: str
    request: str | None


class QuoteRef(NamedTuple):
    """A quote of a finding on a page of a document (seen from the document)."""

    finding: int
    page: int
    quote: str
    verified: bool


class DocumentDetail(NamedTuple):
    """`cada document show`: the document, its children, its copies elsewhere, its quotes."""

    document: DocumentRecord
    children: list[DocumentLink]
    linked_elsewhere: list[DocumentLink]
    evidence: list[QuoteRef]


class EvidenceRecord(NamedTuple):
    """A quote backing a finding, with the hash of the file it was checked against and the
    hash the document's file has now (None if the document is gone)."""

    id: int
    finding_id: int
    document_id: int
    name: str | None
    request: str | None
    page: int
    quote: str
    verified: bool
    sha256: str
    current_sha256: str | None
    document_illustrative: bool

    @property
    def sha256_matches(self) -> bool:
        return bool(self.current_sha256 and self.current_sha256 == self.sha256)


class FindingRecord(NamedTuple):
    """A finding with its requests (references, sorted), tags (sorted) and evidence."""

    id: int
    title: str
    summary: str | None
    illustrative: bool
    created_at: datetime | None
    requests: list[str]
    tags: list[str]
    evidence: list[EvidenceRecord]
    made_by: str | None = None  # who recorded it (issue 14); None: unknown (before 0008)


class EvidenceCheck(NamedTuple):
    """For `cada check`: the hash a quote was checked against and the file's hash now."""

    id: int
    finding_id: int
    document_id: int
    expected: str
    actual: str | None


# --- the JSON of a document (`cada documents|attach|document show|show --json`) --------------
def document_json(doc: DocumentRecord) -> dict[str, Any]:
    f = doc.file
    return {
        "id": doc.id,
        "request": doc.request,
        "name": doc.name,
        "media_type": f.media_type,
        "size": f.size,
        "pages": f.page_count,
        "sha256": f.sha256,
        "received_on": doc.received_on.isoformat() if doc.received_on else None,
        "event": None if doc.event is None else
        {"id": doc.event.id, "kind": doc.event.kind, "date": doc.event.date.isoformat()},
        "parent": doc.parent,
        "text_status": f.text_status,
        "text_note": f.text_note,
        "illustrative": doc.illustrative,
        "made_by": doc.made_by,
    }


def document_detail_json(detail: DocumentDetail) -> dict[str, Any]:
    return {
        **document_json(detail.document),
        "children": [{"id": c.id, "name": c.name} for c in detail.children],
        "linked_elsewhere": [{"id": d.id, "request": d.request, "name": d.name}
                             for d in detail.linked_elsewhere],
        "evidence": [{"finding": e.finding, "page": e.page, "quote": e.quote,
                      "verified": e.verified} for e in detail.evidence],
    }


# --- the JSON of a finding (`cada finding ... --json`, `cada show --json`) -------------------
def evidence_json(e: EvidenceRecord) -> dict[str, Any]:
    return {
        "id": e.id,
        "document": e.document_id,
        "name": e.name,
        "request": e.request,
        "page": e.page,
        "quote": e.quote,
        "verified": e.verified,
        "sha256": e.sha256,
        "sha256_matches": e.sha256_matches,
        "illustrative": e.document_illustrative,
    }


def finding_json(f: FindingRecord, *, detail: bool = True) -> dict[str, Any]:
    """The finding with its evidence (`detail`), or with only the number of its quotes."""
    out: dict[str, Any] = {
        "id": f.id,
        "title": f.title,
        "summary": f.summary,
        "requests": f.requests,
        "tags": f.tags,
        "illustrative": f.illustrative,
        "created_at": f.created_at.isoformat() if f.created_at else None,
        "made_by": f.made_by,
    }
    if detail:
        out["evidence"] = [evidence_json(e) for e in f.evidence]
    else:
        out["evidence_count"] = len(f.evidence)
    return out
