"""Where `cada mail import` reads messages from (issue 12, point 2): a Maildir folder or an
mbox file (the stdlib `mailbox` module), and an IMAP folder (services/mail/imap.py). Each
source yields `RawMessage`s one at a time: the bytes are read only when the importer asks,
so a large mailbox is never held whole."""

from __future__ import annotations

import calendar
import mailbox
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cada_tracker.errors import UsageError
from cada_tracker.messages import mail_import as M


@dataclass(frozen=True)
class RawMessage:
    """One message of a source: where it is (shown in reports), its size when the source
    knows it before reading, the server's arrival instant (UTC, naive), and its bytes."""

    key: str
    size: int | None
    arrival: datetime | None
    read: Callable[[], bytes]
    # IMAP: called once the message is committed (--mark-seen); None elsewhere
    committed: Callable[[], None] | None = None


def utc_naive(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, UTC).replace(tzinfo=None)


def maildir_messages(folder: str) -> tuple[str, Iterator[RawMessage]]:
    """The messages of a Maildir (new/ and cur/), oldest file first; arrival: the file's
    modification time (the delivery time a Maildir keeps)."""
    path = Path(folder)
    if not all((path / sub).is_dir() for sub in ("cur", "new")):
        raise UsageError(M.NOT_A_MAILDIR.format(path=folder))
    def iterate() -> Iterator[RawMessage]:
        entries = []
        for sub in ("new", "cur"):
            for file in (path / sub).iterdir():
                if file.name.startswith("."):
                    continue
                try:
                    stat = file.stat()
                except OSError:
                    continue  # moved away meanwhile (another mail client): skipped
                if file.is_file():
                    entries.append((stat.st_mtime, file.name, file, stat.st_size))
        for mtime, _name, file, size in sorted(entries):
            yield RawMessage(key=f"{folder}/{file.relative_to(path)}", size=size,
                             arrival=utc_naive(mtime), read=file.read_bytes)

    return f"maildir:{folder}", iterate()


def _from_line_date(from_line: str) -> datetime | None:
    """The date of an mbox "From " line ("sender Thu Jan  9 10:11:12 2020", asctime, UTC)."""
    parts = from_line.split()
    if len(parts) < 6:
        return None
    try:
        parsed = time.strptime(" ".join(parts[-5:]), "%a %b %d %H:%M:%S %Y")
    except ValueError:
        return None
    return utc_naive(calendar.timegm(parsed))


def mbox_messages(file: str) -> tuple[str, Iterator[RawMessage]]:
    """The messages of an mbox file in their order; arrival: the date of the "From " line."""
    path = Path(file)
    if not path.is_file():
        raise UsageError(M.NOT_AN_MBOX.format(path=file))
    try:
        with open(path, "rb") as fh:
            head = fh.read(5)
    except OSError as exc:
        raise UsageError(M.NOT_AN_MBOX_READ.format(path=file, reason=exc.strerror)) from None
    if head and head != b"From ":
        raise UsageError(M.NOT_AN_MBOX.format(path=file))
    box = mailbox.mbox(path, factory=None, create=False)

    def iterate() -> Iterator[RawMessage]:
        for n, key in enumerate(box.keys(), start=1):
            message = box.get_message(key)
            arrival = _from_line_date(message.get_from())

            def read(key: str = key) -> bytes:
                return box.get_bytes(key)

            yield RawMessage(key=f"{file}#{n}", size=None, arrival=arrival, read=read)

    return f"mbox:{os.fspath(file)}", iterate()
