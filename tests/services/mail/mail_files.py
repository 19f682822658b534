"""Messages the mail-import tests write with the standard library: an e-mail (EmailMessage),
a Maildir and an mbox holding them (the `mailbox` module), an outbox row as `cada send` writes
it (SQL through the home's database)."""

from __future__ import annotations

import mailbox
import os
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

from tests.conftest import database_rows


def message(*, subject: str = "Votre demande", sender: str = "contact@example.org",
            to: str = "jeanne@example.org", date: str | None = "Tue, 18 Feb 2020 09:30:00 +0100",
            message_id: str | None = "<reply-1@example.org>", in_reply_to: str | None = None,
            references: str | None = None, body: str = "Bonjour,\nVeuillez trouver...",
            attachments: list[tuple[str, bytes, str]] = ()) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    if date is not None:
        msg["Date"] = date
    if message_id is not None:
        msg["Message-ID"] = message_id
    if in_reply_to is not None:
        msg["In-Reply-To"] = in_reply_to
    if references is not None:
        msg["References"] = references
    msg.set_content(body)
    for name, data, media in attachments:
        maintype, subtype = media.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg


def write_maildir(folder: Path, messages: list[EmailMessage | bytes],
                  mtime: datetime | None = None) -> Path:
    """A Maildir holding `messages` (in new/), each file's time set to `mtime` (the delivery
    time a Maildir keeps)."""
    box = mailbox.Maildir(folder, create=True)
    for msg in messages:
        key = box.add(msg if isinstance(msg, bytes) else msg.as_bytes())
        if mtime is not None:
            path = folder / box._lookup(key)  # noqa: SLF001
            stamp = mtime.timestamp()
            os.utime(path, (stamp, stamp))
    box.close()
    return folder


def write_mbox(file: Path, messages: list[EmailMessage | bytes],
               from_line: str = "MAILER-DAEMON Tue Feb 18 08:30:00 2020") -> Path:
    box = mailbox.mbox(file, create=True)
    for msg in messages:
        entry = mailbox.mboxMessage(msg if isinstance(msg, bytes) else msg.as_bytes())
        entry.set_from(from_line)
        box.add(entry)
    box.flush()
    box.close()
    return file


def add_outbox(home: Path, reference: str, message_id: str, *, status: str = "sent") -> None:
    """An outbox row as `cada send` records it (the message_id without angle brackets as
    given: `<...>` or bare are both accepted by the matching)."""
    ((request_id,),) = database_rows("SELECT id FROM request WHERE reference = ?",
                                     (reference,))
    database_rows(
        "INSERT INTO outbox (request_id, letter_kind, event_kind, message_id, to_addr, "
        "subject, file_sha256, status, attempts, created_at) VALUES "
        "(?, 'demande', 'sent', ?, 'contact@example.org', 'Réf. x', ?, ?, 1, ?)",
        (request_id, message_id, "0" * 64, status, "2020-02-07 10:00:00"))
