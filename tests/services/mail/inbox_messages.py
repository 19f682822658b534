"""Messages in the inbox, put there through the real path as far as it exists without the
importer (issue 12, point 3): the .eml written with the standard library, stored as a document
of its request by the document ingest (attachments become child documents, text extracted),
and its mail_message row inserted with storage.mailbox.insert_message, status `inbox`."""

from __future__ import annotations

from datetime import date, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from cada_tracker.context import Context
from cada_tracker.domain.mail import MAIL_INBOX, MAIL_UNMATCHED
from cada_tracker.paths import resolve_settings
from cada_tracker.services.documents.ingest import attach_paths
from cada_tracker.storage import mailbox
from cada_tracker.storage.db import now
from cada_tracker.storage.requests import get_request

_COUNTER = {"n": 0}


def eml(*, subject: str, body: str, sender: str = "contact@example.org",
        to: str = "jeanne@example.org", sent: datetime | None = None,
        attachments: tuple[tuple[str, bytes, str], ...] = (),
        html: bool = False, message_id: str | None = None) -> bytes:
    """An RFC 5322 message as an authority's mail program writes it. `attachments`: (file name,
    content, media type)."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    if sent is not None:
        msg["Date"] = format_datetime(sent)
    _COUNTER["n"] += 1
    msg["Message-ID"] = message_id or f"<reply-{_COUNTER['n']}@example.org>"
    if html:
        msg.set_content(f"<html><body><p>{body}</p></body></html>", subtype="html")
    else:
        msg.set_content(body)
    for name, content, media_type in attachments:
        main, _, sub = media_type.partition("/")
        msg.add_attachment(content, maintype=main, subtype=sub, filename=name)
    return msg.as_bytes()


def put_in_inbox(tmp_path: Path, today: date, reference: str | None, raw: bytes, *,
                 received_on: date, header_date: datetime | None = None,
                 matched_by: str = "subject-ref") -> int:
    """Store the message as a document of `reference` (None: unmatched, bytes in the content
    store only) and insert its mail_message row; returns its ID (`cada inbox` shows it)."""
    from email import policy
    from email.parser import BytesParser

    parsed = BytesParser(policy=policy.default).parsebytes(raw)
    _COUNTER["n"] += 1
    path = tmp_path / f"message-{_COUNTER['n']}.eml"
    path.write_bytes(raw)
    ctx = Context(settings=resolve_settings(), today=today)
    with ctx.store_writes(), ctx.transaction() as session:
        put = ctx.store.put_bytes(raw)
        document_id = None
        request_id = None
        if reference is not None:
            request = get_request(session, reference)
            request_id = request.id
            docs = attach_paths(session, ctx, request, [str(path)], received_on=received_on)
            document_id = docs[0]["id"]
        row = mailbox.insert_message(
            session, message_id=str(parsed["Message-ID"] or "") or None,
            file_sha256=put.sha256, source="maildir", from_addr=str(parsed["From"] or ""),
            to_addr=str(parsed["To"] or ""), subject=str(parsed["Subject"] or ""),
            in_reply_to=None, header_date=header_date, arrival=None, received_on=received_on,
            request_id=request_id, matched_by=matched_by if reference else None,
            document_id=document_id, status=MAIL_INBOX if reference else MAIL_UNMATCHED,
            event_id=None, imported_at=now(),
        )
        assert row.id is not None
        return row.id
