"""Mail (issue 12): the messages `cada send` sent and the messages `cada mail import` brought
back, as the storage layer loads them. Pure: no I/O."""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

# outbox.status
OUTBOX_PENDING = "pending"  # recorded, not yet handed to the server (a rerun sends it)
OUTBOX_SENDING = "sending"  # handed to the server; a crash here leaves it "possibly sent"
OUTBOX_POSSIBLY_SENT = "possibly-sent"  # found in `sending` by a later run: ask the user
OUTBOX_SENT = "sent"  # accepted by the server and its event recorded

# mail_message.status
MAIL_UNMATCHED = "unmatched"  # no request found: `cada mail assign ID REF`
MAIL_INBOX = "inbox"  # filed with a request, waiting for `cada inbox classify`
MAIL_CLASSIFIED = "classified"  # an event was recorded from it
MAIL_DISMISSED = "dismissed"  # `cada inbox dismiss`: nothing for the procedure, no event

# mail_message.matched_by, in the order the matching tries them (issue 12 point 2)
MATCHED_BY = ("in-reply-to", "references", "subject-ref", "body-ref", "address", "domain",
              "manual")


class MailMessageRecord(NamedTuple):
    """A row of mail_message, with the reference of its request when it has one."""

    id: int
    message_id: str | None
    file_sha256: str
    source: str
    from_addr: str | None
    to_addr: str | None
    subject: str | None
    in_reply_to: str | None
    header_date: datetime | None
    arrival: datetime | None
    received_on: date
    request_id: int | None
    reference: str | None
    matched_by: str | None
    document_id: int | None
    status: str
    event_id: int | None
