"""The messages brought back by `cada mail import` (issue 12, table mail_message): every SQL
statement on them, in portable SQL on any `storage.sql.Query`; writes through the ORM rows of
`storage.tables` in the caller's unit of work."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cada_tracker.domain.mail import MailMessageRecord
from cada_tracker.storage.sql import Query, as_date, as_datetime

if TYPE_CHECKING:
    from sqlmodel import Session

    from cada_tracker.storage.tables import MailMessage

_MESSAGE_SQL = (
    "SELECT m.id, m.message_id, m.file_sha256, m.source, m.from_addr, m.to_addr, m.subject, "
    "m.in_reply_to, m.header_date, m.arrival, m.received_on, m.request_id, r.reference, "
    "m.matched_by, m.document_id, m.status, m.event_id "
    "FROM mail_message m LEFT JOIN request r ON r.id = m.request_id"
)


def _record(row: Sequence[Any]) -> MailMessageRecord:
    return MailMessageRecord(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7],
                             as_datetime(row[8]), as_datetime(row[9]), as_date(row[10]), row[11],
                             row[12], row[13], row[14], row[15], row[16])


def message(query: Query, message_pk: int) -> MailMessageRecord | None:
    """The message with this id (the ID `cada inbox` and `cada mail assign` show), or None."""
    rows = list(query(_MESSAGE_SQL + " WHERE m.id = ?", [message_pk]))
    return _record(rows[0]) if rows else None


def messages(query: Query, *, status: str | None = None,
             request_id: int | None = None) -> list[MailMessageRecord]:
    """Messages, oldest received first, optionally of one status and/or one request."""
    clauses: list[str] = []
    params: list[Any] = []
    if status is not None:
        clauses.append("m.status = ?")
        params.append(status)
    if request_id is not None:
        clauses.append("m.request_id = ?")
        params.append(request_id)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    sql = _MESSAGE_SQL + where + " ORDER BY m.received_on, m.id"
    return [_record(row) for row in query(sql, params)]


def known(query: Query, *, message_id: str | None, file_sha256: str) -> int | None:
    """The id of a message already imported with this Message-ID or this content, or None
    (importing twice imports nothing twice)."""
    rows = list(query("SELECT id FROM mail_message WHERE file_sha256 = ?", [file_sha256]))
    if not rows and message_id:
        rows = list(query("SELECT id FROM mail_message WHERE message_id = ?", [message_id]))
    return rows[0][0] if rows else None


def insert_message(session: Session, **fields: Any) -> MailMessage:
    """Add a mail_message row (fields as the table's columns) in the caller's unit of work."""
    from cada_tracker.storage.tables import MailMessage

    row = MailMessage(**fields)
    session.add(row)
    session.flush()
    return row


# --- cada mail import / assign / unassign / list (issue 12, point 2) ---------------------------


def sent_message_ids(query: Query) -> dict[str, int]:
    """Message-ID (without angle brackets) -> request id, of every message `cada send` built:
    what replies point to in In-Reply-To / References."""
    return {str(mid).strip().strip("<>"): request_id
            for mid, request_id in query("SELECT message_id, request_id FROM outbox", [])}


def match_rows(query: Query) -> list[tuple[int, str, int, str | None]]:
    """(request id, reference, authority id, authority e-mail) of every request."""
    return [(row[0], row[1], row[2], row[3]) for row in query(
        "SELECT r.id, r.reference, a.id, a.email FROM request r "
        "JOIN authority a ON a.id = r.authority_id ORDER BY r.id", [])]


def mail_blobs(query: Query) -> set[str]:
    """The SHA-256 of every whole message kept by the mail tables (brought back, or built by
    `cada send`): blobs of the content store that no document may link, and that stay."""
    found = {row[0] for row in query("SELECT file_sha256 FROM mail_message", [])}
    found.update(row[0] for row in query("SELECT file_sha256 FROM outbox", []))
    return found


def update_message(session: Session, message_pk: int, **fields: Any) -> None:
    """Set columns of one mail_message row in the caller's unit of work."""
    from cada_tracker.storage.tables import MailMessage

    row = session.get(MailMessage, message_pk)
    assert row is not None
    for key, value in fields.items():
        setattr(row, key, value)
    session.add(row)
    session.flush()
