"""What a user types or gives to the document commands, checked before anything is written:
files to attach, document ids, the event documents came with. Stdlib only."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass

from cada_tracker.domain.documents import EventRef
from cada_tracker.errors import CadaError, NotFoundError, UsageError
from cada_tracker.messages import documents as M


class InputFileError(CadaError):
    """Exit 1: an input file cannot be attached (empty, unreadable, special file)."""


class UnsafeArchiveError(CadaError):
    """Exit 1: a ZIP was refused (path traversal, absolute path, link, decompression bomb)."""


def display_name(path: str | os.PathLike[str] | bytes) -> str:
    """A file name as text: bytes that are not UTF-8 become U+FFFD (never a crash)."""
    raw = os.fsencode(path)
    return os.path.basename(raw).decode("utf-8", "replace") or raw.decode("utf-8", "replace")


def printable(path: str | os.PathLike[str] | bytes) -> str:
    """A path for an error message: decoded, control and bidi characters escaped."""
    return M.shown(os.fsencode(path).decode("utf-8", "replace"))


@dataclass(frozen=True)
class Input:
    path: str | bytes
    name: str
    size: int


def check_input(path: str | bytes) -> Input:
    """Refuse what cannot be attached, before anything is written."""
    shown = printable(path)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        raise NotFoundError(M.FILE_NOT_FOUND.format(path=shown)) from None
    except OSError as exc:
        raise InputFileError(M.FILE_UNREADABLE.format(path=shown, reason=exc.strerror)) from None
    if stat.S_ISLNK(st.st_mode):
        target = printable(os.path.realpath(path))
        raise UsageError(M.FILE_IS_SYMLINK.format(path=shown, target=target))
    if stat.S_ISDIR(st.st_mode):
        raise UsageError(M.FILE_IS_DIRECTORY.format(path=shown))
    if not stat.S_ISREG(st.st_mode):
        raise UsageError(M.FILE_NOT_REGULAR.format(path=shown))
    if st.st_size == 0:
        raise InputFileError(M.FILE_EMPTY.format(path=shown))
    try:
        with open(path, "rb") as fh:
            fh.read(1)
    except OSError as exc:
        raise InputFileError(M.FILE_UNREADABLE.format(path=shown, reason=exc.strerror)) from None
    return Input(path, display_name(path), st.st_size)


# Database ids are signed 64-bit integers: anything larger cannot exist (and would overflow
# the SQLite driver), so it is "not found", never an internal error.
MAX_ID = 2**63 - 1
_ID_RE = re.compile(r"[0-9]+")


def parse_id(text: str | int, *, prefix: str, bad: str, missing: str, key: str) -> int:
    """An id typed by the user ("12", "DOC 12", "F3"): 1 <= n <= MAX_ID.

    Not a number, or 0: UsageError (exit 2) with `bad`; beyond MAX_ID: NotFoundError (exit 3)
    with `missing` (no such row can exist). Both templates get the text as `{key}`.
    """
    raw = str(text)
    body = raw.strip().upper().removeprefix(prefix).strip("- ")
    if not _ID_RE.fullmatch(body) or int(body) < 1:
        raise UsageError(bad.format(**{key: M.shown(raw)}))
    value = int(body)
    if value > MAX_ID:
        raise NotFoundError(missing.format(**{key: value}))
    return value


def parse_doc_id(doc: str | int) -> int:
    return parse_id(doc, prefix="DOC", bad=M.DOCUMENT_BAD_ID, missing=M.DOCUMENT_NOT_FOUND,
                    key="doc")


def pick_event(events: list[EventRef], reference: str, event: str) -> EventRef:
    """An event of the request by id, or the latest of that kind ("reply")."""
    text = event.strip()
    if not text:
        raise UsageError(M.EVENT_EMPTY)
    if _ID_RE.fullmatch(text):
        found = [e for e in events if e.id == int(text)]
    else:
        found = [e for e in events if e.kind == text.lower()]
    if not found:
        known = ", ".join(f"{e.id} {e.kind} {e.date}" for e in events) or M.EVENT_NONE
        raise NotFoundError(M.EVENT_NOT_FOUND.format(
            reference=reference, event=M.shown(event), known=known))
    return found[-1]
