"""The outbox of `cada send` (issue 12, table outbox): one row per message built, recorded
before it goes. Reads in portable SQL on any `storage.sql.Query`; writes through the ORM row
of `storage.tables` in the caller's unit of work (each state change is its own unit of work in
services/mail/send.py, so that a crash leaves the truth behind)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from cada_tracker.domain.mail import OUTBOX_SENT
from cada_tracker.storage.sql import Query, as_datetime

if TYPE_CHECKING:
    from sqlmodel import Session

    from cada_tracker.storage.tables import Outbox


class OutboxRecord(NamedTuple):
    id: int
    request_id: int
    reference: str
    letter_kind: str
    event_kind: str
    message_id: str
    to_addr: str
    subject: str
    file_sha256: str
    status: str
    attempts: int
    error: str | None
    event_id: int | None
    created_at: datetime | None
    attempted_at: datetime | None
    sent_at: datetime | None


_SQL = (
    "SELECT o.id, o.request_id, r.reference, o.letter_kind, o.event_kind, o.message_id, "
    "o.to_addr, o.subject, o.file_sha256, o.status, o.attempts, o.error, o.event_id, "
    "o.created_at, o.attempted_at, o.sent_at FROM outbox o JOIN request r ON r.id = o.request_id"
)


def _record(row: Sequence[Any]) -> OutboxRecord:
    return OutboxRecord(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8],
                        row[9], row[10] or 0, row[11], row[12], as_datetime(row[13]),
                        as_datetime(row[14]), as_datetime(row[15]))


def entries(query: Query, request_id: int | None = None) -> list[OutboxRecord]:
    """The outbox, oldest first, optionally of one request."""
    if request_id is None:
        return [_record(r) for r in query(_SQL + " ORDER BY o.id", [])]
    return [_record(r) for r in query(_SQL + " WHERE o.request_id = ? ORDER BY o.id",
                                      [request_id])]


def open_entries(query: Query, request_id: int) -> list[OutboxRecord]:
    """The entries of a request not yet `sent` (pending, sending, possibly-sent)."""
    return [e for e in entries(query, request_id) if e.status != OUTBOX_SENT]


def by_message_id(query: Query, message_id: str) -> OutboxRecord | None:
    rows = list(query(_SQL + " WHERE o.message_id = ?", [message_id]))
    return _record(rows[0]) if rows else None


def add_entry(session: Session, **fields: Any) -> Outbox:
    """Add an outbox row (fields as the table's columns) in the caller's unit of work."""
    from cada_tracker.storage.tables import Outbox

    row = Outbox(**fields)
    session.add(row)
    session.flush()
    return row


def update_entry(session: Session, entry_id: int, **fields: Any) -> Outbox:
    """Change an outbox row in the caller's unit of work."""
    from cada_tracker.storage.tables import Outbox

    row = session.get(Outbox, entry_id)
    assert row is not None
    for key, value in fields.items():
        setattr(row, key, value)
    session.add(row)
    session.flush()
    return row


def delete_entry(session: Session, entry_id: int) -> None:
    from cada_tracker.storage.tables import Outbox

    row = session.get(Outbox, entry_id)
    if row is not None:
        session.delete(row)
        session.flush()
