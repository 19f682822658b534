"""Records of documents and findings as the storage layer loads them.

The same objects come from a plain sqlite3 connection and from SQLAlchemy's (see
storage/documents.py, storage/findings.py); the JSON of a document and of a finding is built
from them by one mapper each (services/documents/queries.py, services/findings/queries.py).
A new column goes in the table, the migration, the SQL of its query and the dataclass here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class EventRef:
    """An event a document came with (or may be linked to)."""

    id: int
    kind: str
    date: date


@dataclass(frozen=True)
class StoredFileRecord:
    """A blob of the store: stored once whatever the number of documents linking it."""

    id: int
    sha256: str
    size: int
    media_type: str
    page_count: int | None
    text_status: str
    text_note: str | None


@dataclass(frozen=True)
class DocumentRecord:
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


@dataclass(frozen=True)
class DocumentLink:
    """Another document named from one: a child (e-mail attachment, ZIP member) or a document
    of another request with the same content."""

    id: int
    name: str
    request: str | None


@dataclass(frozen=True)
class QuoteRef:
    """A quote of a finding on a page of a document (seen from the document)."""

    finding: int
    page: int
    quote: str
    verified: bool


@dataclass(frozen=True)
class DocumentDetail:
    """`cada document show`: the document, its children, its copies elsewhere, its quotes."""

    document: DocumentRecord
    children: list[DocumentLink] = field(default_factory=list)
    linked_elsewhere: list[DocumentLink] = field(default_factory=list)
    evidence: list[QuoteRef] = field(default_factory=list)


@dataclass(frozen=True)
class EvidenceRecord:
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


@dataclass(frozen=True)
class FindingRecord:
    """A finding with its requests (references, sorted), tags (sorted) and evidence."""

    id: int
    title: str
    summary: str | None
    illustrative: bool
    created_at: datetime | None
    requests: list[str]
    tags: list[str]
    evidence: list[EvidenceRecord]


@dataclass(frozen=True)
class EvidenceCheck:
    """For `cada check`: the hash a quote was checked against and the file's hash now."""

    id: int
    finding_id: int
    document_id: int
    expected: str
    actual: str | None
