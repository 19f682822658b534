"""Letters stored with the request: the `demande` drafted by `cada new`, and every letter an
event sent, frozen with its SHA-256 when the event is logged (`sent` -> demande,
`reminder-sent` -> relance, `cada-sent` -> saisine-cada, `cada-informed` ->
information-saisine, `reasons-requested` -> demande-motifs, `court-filed` -> recours-ta).
All run inside the unit of work of services/requests.py (they take its `storage.sql.Unit`:
plain SQL, no ORM, issue 13 goal 4); none imports that module.

Origin of a frozen letter (docs/letters.md, "The letters as sent are frozen"):
- "rendered": the event is dated the day it is logged; the letter is rendered then;
- "reconstructed": the event is dated before the day it is logged (typed in late); the letter
  is rendered as of the event's date, from the events known on that day;
- "user": `cada log ... --letter FILE`; the file's text, verbatim.
A letter that cannot be rendered (a history that does not support it, a refused route, no
profile) is not frozen: the event is recorded all the same, with a warning.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from cada_tracker.context import Context
from cada_tracker.display import shown
from cada_tracker.domain import Event
from cada_tracker.domain.letters import EVENT_LETTERS
from cada_tracker.domain.records import RequestKey
from cada_tracker.errors import CadaError, ConflictError, UsageError
from cada_tracker.fsutil import ReadMessages, read_user_file
from cada_tracker.messages import campaigns as MC
from cada_tracker.messages import letters as M
from cada_tracker.paths import Settings
from cada_tracker.services.letters.compose import render_doc
from cada_tracker.services.letters.facts import load
from cada_tracker.storage import search
from cada_tracker.storage.db import made_by, now
from cada_tracker.storage.letters import insert_letter, letters_for_request
from cada_tracker.storage.requests import get_request
from cada_tracker.storage.sql import Query, Unit, session_unit

if TYPE_CHECKING:
    from cada_tracker.storage.tables import Letter

__all__ = ["EVENT_LETTERS"]  # defined in domain.letters; imported from here too
# A letter given with --letter is a few pages of text: anything larger is not a letter.
LETTER_FILE_LIMIT = 1024 * 1024
def _read() -> ReadMessages:
    # built when read, so that the messages are in the interface language
    return ReadMessages(
        not_found=M.LETTER_FILE_NOT_FOUND, directory=M.LETTER_FILE_IS_DIRECTORY,
        not_regular=M.LETTER_FILE_NOT_REGULAR, unreadable=M.LETTER_FILE_UNREADABLE,
        too_large=M.LETTER_FILE_TOO_BIG, not_utf8=M.LETTER_FILE_NOT_UTF8,
    )
_ALLOWED_CONTROLS = frozenset("\t\n\r\f")


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def add_letter(
    unit: Unit,
    *,
    request_id: int,
    kind: str,
    body: str,
    frozen: bool,
    event_id: int | None = None,
    origin: str = "rendered",
) -> int:
    """Store a rendered letter with its SHA-256 and index it, in the caller's unit of work;
    returns its id."""
    letter_id = insert_letter(unit.query, request_id=request_id, kind=kind, body=body,
                              sha256=sha256_text(body), frozen=frozen, event_id=event_id,
                              origin=origin, created_at=now(), made_by=unit.made_by)
    search.index_letter(unit.handle, _Indexed(letter_id, kind, body))
    return letter_id


class _Indexed(NamedTuple):
    """What the search index reads of a letter."""

    id: int
    kind: str
    body: str


def _demande_text(query: Query, settings: Settings, reference: str, when: date) -> str:
    loaded = load(query, reference, when, need_timeline=False)
    result = render_doc(loaded, settings, "demande", when, use_frozen=False)
    return result.doc.text()  # never the specimen mark: the body must parse back (parse_text)


def draft_for_new(unit: Unit, settings: Settings, request: RequestKey, today: date) -> int:
    """Render the `demande` and add it as a draft letter (frozen=False); return its id."""
    body = _demande_text(unit.query, settings, request.reference, today)
    return add_letter(unit, request_id=request.id, kind="demande", body=body, frozen=False)


def freeze_on_sent(unit: Unit, settings: Settings, request: RequestKey,
                   event: Event, *, today: date | None = None) -> int:
    """Freeze the `demande` as sent: rendered now, as `cada letter REF demande` prints it, dated
    the day it was sent, and stored with its SHA-256 and the `sent` event (event.seq: its id).
    Profile, authority or template changes after `cada new` are in it; changes after sending
    never are. Typed in late (event before `today`): marked "reconstructed"."""
    body = _demande_text(unit.query, settings, request.reference, event.date)
    late = today is not None and event.date < today
    return add_letter(unit, request_id=request.id, kind="demande", body=body, frozen=True,
                      event_id=event.seq, origin="reconstructed" if late else "rendered")


# --- letters frozen on events (issue 9, point 7) ---------------------------------------------


def read_letter_file(path: str, *, option: str = "--letter") -> str:
    """The text of `--letter FILE` (or `--from-file FILE`, option), checked before anything is
    written: a regular file (links followed), at most LETTER_FILE_LIMIT bytes, UTF-8 (a BOM is
    dropped), not empty, no control characters but tab, line breaks and form feed. Exit 3 when
    missing, 2 otherwise; one line each."""
    from_file = option != "--letter"  # issue 11: `cada letter REF --from-file FILE`
    if not path:
        raise UsageError(MC.FROM_FILE_NO_PATH if from_file else M.LETTER_FILE_NO_PATH)
    where = shown(path)
    text = read_user_file(path, limit=LETTER_FILE_LIMIT,
                          messages=file_messages(option) if from_file else _read(),
                          where=where, shown_limit=LETTER_FILE_LIMIT // 1024)
    if not text.strip():
        raise UsageError((MC.FROM_FILE_EMPTY if from_file else M.LETTER_FILE_EMPTY)
                         .format(path=where))
    for i, ch in enumerate(text):
        if (ch < " " or "\x7f" <= ch <= "\x9f") and ch not in _ALLOWED_CONTROLS:
            line = text[:i].count("\n") + 1
            raise UsageError((MC.FROM_FILE_BINARY if from_file else M.LETTER_FILE_BINARY)
                             .format(path=where, line=line))
    return text


def file_messages(option: str) -> ReadMessages:
    """The errors of the safe reader for a file given with `option` (issue 11: --authorities,
    --template, --from-file), built when read (in the interface language)."""
    keep = {"path": "{path}", "limit": "{limit}", "reason": "{reason}", "line": "{line}"}
    return ReadMessages(*(text.format(option=option, **keep) for text in (
        MC.FILE_NOT_FOUND, MC.FILE_IS_DIRECTORY, MC.FILE_NOT_REGULAR, MC.FILE_UNREADABLE,
        MC.FILE_TOO_LARGE, MC.FILE_NOT_UTF8)))


def freeze_on_event(
    unit: Unit,
    settings: Settings,
    request: RequestKey,
    event: Event,
    *,
    today: date,
    user_text: str | None = None,
    sent_text: str | None = None,
) -> list[str]:
    """Freeze the letter `event` sent (EVENT_LETTERS), with its SHA-256 and the event (its id
    is event.seq): the user's text (origin "user"), else the letter rendered as of the event's
    date ("rendered", or "reconstructed" when the event is dated before `today`). sent_text:
    the letter as `cada send` sent it (issue 12), frozen verbatim as "rendered". Returns the
    notes to print."""
    kind = EVENT_LETTERS[event.kind]
    if sent_text is not None and user_text is None:  # issue 12: the text `cada send` sent
        add_letter(unit, request_id=request.id, kind=kind, body=sent_text, frozen=True,
                   event_id=event.seq, origin="rendered")
        return []
    if user_text is None and kind == "demande":
        user_text = _user_draft_text(unit.query, request.id)  # `cada letter REF --from-file`
    if user_text is not None:
        add_letter(unit, request_id=request.id, kind=kind, body=user_text, frozen=True,
                   event_id=event.seq, origin="user")
        return []
    late = event.date < today
    notes: list[str] = []
    if kind == "demande":
        freeze_on_sent(unit, settings, request, event, today=today)
    else:
        try:
            # as it stood on the event's day, less the event itself: a reminder does not cite itself
            loaded = load(unit.query, request.reference, event.date, without=event.seq)
            body = render_doc(loaded, settings, kind, event.date,
                              use_frozen=False).doc.text()
        except CadaError as exc:
            reason = exc.message.rstrip(".")
            return [M.NOTE_LETTER_NOT_FROZEN.format(
                event=event.kind, reason=reason, reference=request.reference)]
        add_letter(unit, request_id=request.id, kind=kind, body=body, frozen=True,
                   event_id=event.seq, origin="reconstructed" if late else "rendered")
    if late:
        notes.append(M.NOTE_LETTER_RECONSTRUCTED.format(
            event=event.kind, kind=kind, date=event.date.isoformat()))
    return notes


# --- the draft replaced by the user's text (issue 11: `cada letter REF --from-file FILE`) -----


def _user_draft_text(query: Query, request_id: int) -> str | None:
    """The user's own text of the draft `demande`, if `cada letter --from-file` replaced it:
    frozen verbatim when `sent` is logged (origin "user")."""
    drafts = [lt for lt in letters_for_request(query, request_id)
              if lt.kind == "demande" and not lt.frozen]
    return drafts[-1].body if drafts and drafts[-1].origin == "user" else None


def replace_draft(ctx: Context, reference: str, path: str) -> Letter:
    """`cada letter REF --from-file FILE`: the draft `demande` of a request not yet sent
    becomes the file's text (read safely, checked as `--letter FILE` is), frozen verbatim
    when `sent` is logged. Refused (exit 4) once a demande was frozen: its text is the one
    sent."""
    from sqlmodel import select

    from cada_tracker.storage.tables import Event as EventRow
    from cada_tracker.storage.tables import Letter

    text = read_letter_file(path, option="--from-file")  # before anything is written
    with ctx.transaction() as session:
        request = get_request(session, reference)
        assert request.id is not None
        rows = list(session.exec(
            select(Letter).where(Letter.request_id == request.id, Letter.kind == "demande")
            .order_by(Letter.id)  # type: ignore[arg-type]
        ).all())
        sent = session.exec(select(EventRow.id).where(
            EventRow.request_id == request.id,
            EventRow.kind.in_(("sent", "received")),  # type: ignore[attr-defined]
        )).first()
        if sent is not None or any(row.frozen for row in rows):
            raise ConflictError(MC.FROM_FILE_AFTER_SENT.format(reference=reference))
        drafts = [row for row in rows if not row.frozen]
        if not drafts:  # a request whose draft could not be stored: add one
            added = session.get(Letter, add_letter(
                session_unit(session), request_id=request.id, kind="demande", body=text,
                frozen=False, origin="user"))
            assert added is not None  # just written in the same transaction
            return added
        row = drafts[-1]
        row.body, row.sha256, row.origin = text, sha256_text(text), "user"
        row.made_by = made_by(session)  # the draft is now the text of whoever gave it
        session.add(row)
        session.flush()
        search.index_letter(session, row)
        return row
