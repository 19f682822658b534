"""All SQLModel tables. Imported only by the storage layer (never on the --help path).

Portable SQL only: nothing here is specific to SQLite, so PostgreSQL needs no rewrite. The
full-text index (SQLite FTS5) lives outside the ORM, in cada_tracker/storage/search.py.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


class Profile(SQLModel, table=True):
    """The requester: who signs the letters (one row, id 1)."""

    __tablename__ = "profile"

    id: int | None = Field(default=None, primary_key=True)
    name: str
    email: str | None = None
    address: str | None = None
    # "metropole", "overseas" or "abroad": CJA R421-7 distance extensions of the court deadline.
    residence: str = Field(default="metropole", max_length=16)
    city: str | None = None  # "Fait à ..." in letters
    created_at: datetime


class Authority(SQLModel, table=True):
    __tablename__ = "authority"

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(index=True, unique=True, max_length=120)
    name: str
    kind: str | None = Field(default=None, max_length=40)
    email: str | None = None
    address: str | None = None
    department: str | None = Field(default=None, max_length=3)
    prada: str | None = None  # personne responsable de l'accès aux documents administratifs
    created_at: datetime


class Request(SQLModel, table=True):
    __tablename__ = "request"

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(index=True, unique=True, max_length=60)
    authority_id: int = Field(foreign_key="authority.id", index=True)
    subject: str
    channel: str = Field(default="email", max_length=20)
    environmental: bool = False
    created_on: date
    illustrative: bool = False  # demo: details reconstructed, not from the seed
    note: str | None = None
    # the requester's own arguments, quoted by saisine-cada and recours-ta (--arguments-file)
    arguments: str | None = None
    # the demande asks for an open, reusable format (CRPA L300-4, L311-9; --open-format)
    open_format: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})
    # the campaign the request belongs to (revision 0005; no FK constraint: SQLite cannot add one
    # to an existing table, the program checks the link)
    campaign_id: int | None = Field(default=None, index=True)
    created_at: datetime


class Campaign(SQLModel, table=True):
    """One request sent to many authorities (`cada campaign new`)."""

    __tablename__ = "campaign"

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(index=True, unique=True, max_length=60)
    title: str
    subject: str
    ref_prefix: str = Field(max_length=40)
    template: str | None = None  # the text of the user's own letter template (--template)
    note: str | None = None
    created_on: date
    created_at: datetime


class CampaignDocument(SQLModel, table=True):
    """One document the campaign requests, in the order of the letter."""

    __tablename__ = "campaign_document"

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    position: int
    description: str


class AuthorityTag(SQLModel, table=True):
    __tablename__ = "authority_tag"
    __table_args__ = (UniqueConstraint("authority_id", "tag", name="uq_authority_tag"),)

    id: int | None = Field(default=None, primary_key=True)
    authority_id: int = Field(foreign_key="authority.id")
    tag: str = Field(index=True, max_length=60)


class EventAudit(SQLModel, table=True):
    """One correction of a recorded event (`cada event edit` / `delete`): before and after, as
    JSON text. No foreign key on event_id: the audit outlives a deleted event."""

    __tablename__ = "event_audit"

    id: int | None = Field(default=None, primary_key=True)
    event_id: int
    request_id: int = Field(foreign_key="request.id", index=True)
    action: str = Field(max_length=20)
    before: str | None = None
    after: str | None = None
    at: datetime


class Outbox(SQLModel, table=True):
    """One message `cada send` built (issue 12, revision 0006): recorded before it goes, so that
    a failure or a crash never sends twice silently. status: pending, sending, possibly-sent,
    sent. The whole message (same bytes, same Message-ID on a rerun) is in the content store."""

    __tablename__ = "outbox"

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="request.id", index=True)
    letter_kind: str = Field(max_length=30)
    event_kind: str = Field(max_length=30)
    message_id: str = Field(index=True, unique=True, max_length=250)
    to_addr: str
    subject: str
    file_sha256: str = Field(max_length=64)
    status: str = Field(max_length=20)
    attempts: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    error: str | None = None
    event_id: int | None = None
    created_at: datetime
    attempted_at: datetime | None = None
    sent_at: datetime | None = None


class MailMessage(SQLModel, table=True):
    """One message brought back by `cada mail import` (issue 12, revision 0006). status:
    unmatched, inbox (matched, waiting to be classified), classified. No foreign keys on
    request_id, document_id, event_id: the program checks the links."""

    __tablename__ = "mail_message"

    id: int | None = Field(default=None, primary_key=True)
    message_id: str | None = Field(default=None, index=True, max_length=250)
    file_sha256: str = Field(index=True, unique=True, max_length=64)
    source: str
    from_addr: str | None = None
    to_addr: str | None = None
    subject: str | None = None
    in_reply_to: str | None = None  # In-Reply-To and References, as read, space-separated
    header_date: datetime | None = None  # the Date: header, in UTC (naive)
    arrival: datetime | None = None  # the server's arrival time (IMAP INTERNALDATE), UTC
    received_on: date  # the legal day of receipt, in Europe/Paris
    request_id: int | None = Field(default=None, index=True)
    matched_by: str | None = Field(default=None, max_length=20)
    document_id: int | None = None
    status: str = Field(max_length=20)
    event_id: int | None = None
    imported_at: datetime


class RequestItem(SQLModel, table=True):
    """One document requested, in the order of the letter."""

    __tablename__ = "request_item"

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="request.id", index=True)
    position: int
    description: str


class Event(SQLModel, table=True):
    __tablename__ = "event"

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="request.id", index=True)
    kind: str = Field(max_length=30)
    occurred_on: date
    outcome: str | None = Field(default=None, max_length=30)
    note: str | None = None
    complete: bool | None = None
    mentions_remedies: bool | None = None
    forced: bool = False
    # cada-sent: how the referral went to the CADA (None: not recorded, e-mail assumed)
    channel: str | None = Field(default=None, max_length=20)
    # legal-aid-decided: notification of the decision, designation of the lawyer (décret
    # 2020-1717 art. 69, 43); None when not recorded
    notified_on: date | None = None
    lawyer_designated_on: date | None = None
    created_at: datetime
    # who made the row (revision 0008, issue 14): --as NAME, CADA_USER or the system user; None:
    # made before it, unknown
    made_by: str | None = None


class ItemOutcome(SQLModel, table=True):
    """What one document requested became, on the event that decided it (reply, opinion)."""

    __tablename__ = "item_outcome"

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True)
    item_id: int = Field(foreign_key="request_item.id", index=True)
    # "received", "refused", "not-held" (reply); "communicable" (cada-opinion)
    outcome: str = Field(max_length=20)
    ground: str | None = None  # refused: the exception the authority invoked


class Letter(SQLModel, table=True):
    """A rendered letter. `frozen` letters are the exact text sent, with its SHA-256."""

    __tablename__ = "letter"

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="request.id", index=True)
    kind: str = Field(max_length=40)
    body: str
    sha256: str = Field(max_length=64)
    frozen: bool = False
    event_id: int | None = Field(default=None, foreign_key="event.id")
    # "rendered" (by cada when logged), "reconstructed" (rendered later for an event typed in
    # late) or "user" (the text the user wrote, --letter FILE)
    origin: str = Field(
        default="rendered", max_length=20, sa_column_kwargs={"server_default": "rendered"}
    )
    created_at: datetime
    # who made the row (revision 0008, issue 14): --as NAME, CADA_USER or the system user; None:
    # made before it, unknown
    made_by: str | None = None


class StoredFile(SQLModel, table=True):
    """A blob in the content-addressed store: stored once whatever the number of links."""

    __tablename__ = "stored_file"

    id: int | None = Field(default=None, primary_key=True)
    sha256: str = Field(index=True, unique=True, max_length=64)
    size: int
    media_type: str = Field(max_length=120)
    page_count: int | None = None
    # "ok", "none" (no text layer, OCR unavailable), "failed", "pending"
    text_status: str = Field(default="pending", max_length=20)
    text_note: str | None = None
    created_at: datetime


class Page(SQLModel, table=True):
    """The extracted text of one page (or sheet, or section) of a stored file."""

    __tablename__ = "page"

    id: int | None = Field(default=None, primary_key=True)
    file_id: int = Field(foreign_key="stored_file.id", index=True)
    number: int
    text: str


class Document(SQLModel, table=True):
    """A stored file as received for a request (the user's 'document', DOC ids)."""

    __tablename__ = "document"

    id: int | None = Field(default=None, primary_key=True)
    file_id: int = Field(foreign_key="stored_file.id", index=True)
    request_id: int = Field(foreign_key="request.id", index=True)
    event_id: int | None = Field(default=None, foreign_key="event.id")
    parent_id: int | None = Field(default=None, foreign_key="document.id")  # e-mail, zip
    original_name: str
    received_on: date | None = None
    illustrative: bool = False
    created_at: datetime
    # who made the row (revision 0008, issue 14): --as NAME, CADA_USER or the system user; None:
    # made before it, unknown
    made_by: str | None = None


class Finding(SQLModel, table=True):
    __tablename__ = "finding"

    id: int | None = Field(default=None, primary_key=True)
    title: str
    summary: str | None = None
    illustrative: bool = False
    created_at: datetime
    # who made the row (revision 0008, issue 14): --as NAME, CADA_USER or the system user; None:
    # made before it, unknown
    made_by: str | None = None


class FindingRequest(SQLModel, table=True):
    __tablename__ = "finding_request"

    finding_id: int = Field(foreign_key="finding.id", primary_key=True)
    request_id: int = Field(foreign_key="request.id", primary_key=True)


class FindingTag(SQLModel, table=True):
    __tablename__ = "finding_tag"

    finding_id: int = Field(foreign_key="finding.id", primary_key=True)
    tag: str = Field(primary_key=True, max_length=60)


class Evidence(SQLModel, table=True):
    __tablename__ = "evidence"

    id: int | None = Field(default=None, primary_key=True)
    finding_id: int = Field(foreign_key="finding.id", index=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    page: int
    quote: str
    verified: bool
    file_sha256: str = Field(max_length=64)  # the hash the quote was checked against
    created_at: datetime
