"""The requester's own arguments (issue 9, point 10): `cada letter REF --arguments-file FILE`
reads a UTF-8 text file, stored with the request (`request.arguments`) and quoted as plain
paragraphs by saisine-cada and recours-ta, now and in every later letter.

The file is read safely: a directory, a device, a FIFO or a socket is refused before anything
is read (opened without blocking, then checked), the size is capped, the text must be UTF-8
without control characters. Every failure is one line and nothing is stored.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from cada_tracker.display import shown
from cada_tracker.errors import UsageError
from cada_tracker.fsutil import ReadMessages, read_user_file
from cada_tracker.messages import letters as M
from cada_tracker.storage.requests import set_arguments

if TYPE_CHECKING:
    from sqlmodel import Session

    from cada_tracker.storage.tables import Request

# A letter's argument section, not a book: 64 KiB is about 30 pages of plain text.
MAX_ARGUMENTS_BYTES = 64 * 1024
_ALLOWED_CONTROLS = frozenset("\n\t")
# bidi embeddings, overrides and isolates: they would reorder the letter's text unseen
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
def _read() -> ReadMessages:
    # built when read, so that the messages are in the interface language
    return ReadMessages(
        not_found=M.ARGUMENTS_NOT_FOUND, directory=M.ARGUMENTS_NOT_REGULAR,
        not_regular=M.ARGUMENTS_NOT_REGULAR, unreadable=M.ARGUMENTS_UNREADABLE,
        too_large=M.ARGUMENTS_TOO_LARGE, not_utf8=M.ARGUMENTS_NOT_UTF8,
    )


def read_arguments(path: Path) -> str:
    """The text of an arguments file: UTF-8 (a BOM is dropped), line ends made \\n, trailing
    spaces and blank lines at both ends removed. UsageError (exit 2) or NotFoundError (exit 3)."""
    where = shown(os.fsdecode(path))
    text = read_user_file(path, limit=MAX_ARGUMENTS_BYTES, messages=_read(), where=where)
    return clean_arguments(text, where)


def clean_arguments(text: str, where: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for n, line in enumerate(text.split("\n"), start=1):
        bad = next((ch for ch in line if ch not in _ALLOWED_CONTROLS and (
            unicodedata.category(ch) in ("Cc", "Zl", "Zp") or ch in _BIDI)), None)
        if bad is not None:
            raise UsageError(M.ARGUMENTS_CONTROL.format(path=where, line=n, code=ord(bad)))
    text = "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")
    if not text.strip():
        raise UsageError(M.ARGUMENTS_EMPTY.format(path=where))
    return text


def paragraphs(text: str | None) -> list[str]:
    """The requester's arguments as paragraphs (blank lines separate them)."""
    if not text:
        return []
    blocks = [b.strip("\n") for b in text.replace("\r\n", "\n").split("\n\n")]
    return [b for b in blocks if b.strip()]


def store_arguments(session: Session, request: Request, text: str, path: Path) -> str:
    """Store the arguments with the request (in the caller's unit of work); the note to print."""
    where = shown(os.fsdecode(path))
    previous = request.arguments
    if previous == text:
        return M.ARGUMENTS_UNCHANGED.format(reference=request.reference, path=where)
    set_arguments(session, request, text)
    message = M.ARGUMENTS_REPLACED if previous else M.ARGUMENTS_STORED
    return message.format(path=where, reference=request.reference,
                          paragraphs=len(paragraphs(text)))
