"""Requests and their events: create, record, and derive state, deadlines and next action."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from cada_tracker import messages as M
from cada_tracker.context import Context
from cada_tracker.display import shown
from cada_tracker.domain import (
    CHANNELS,
    EVENT_KINDS,
    FINISHED_STATES,
    Event,
    RequestFacts,
    RequestView,
    Timeline,
    TransitionError,
    current_state,
    derive_state,
    validate_outcome,
)
from cada_tracker.domain.letters import EVENT_LETTERS
from cada_tracker.domain.records import RequestKey
from cada_tracker.errors import ConflictError, UsageError
from cada_tracker.law import LawOptions, compute_timeline
from cada_tracker.law.referral import missed_limit
from cada_tracker.messages import law as LM
from cada_tracker.messages import letters as M_LETTERS
from cada_tracker.services.derived import Derived, derive
from cada_tracker.services.items import ItemOptions, check_item_options
from cada_tracker.storage.authorities import find_authority_id
from cada_tracker.storage.db import now
from cada_tracker.storage.requests import (
    add_item_outcomes,
    insert_event_row,
    insert_request_row,
    load_residence,
    load_views,
    next_reference,
    request_exists,
    request_key,
)
from cada_tracker.storage.search import index_request
from cada_tracker.storage.sql import Query, Unit, session_query
from cada_tracker.textutil import one_line, suggest, utf8_text

if TYPE_CHECKING:
    from sqlmodel import Session

    from cada_tracker.storage.tables import Request

_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$")
# Words that commands accept in place of a reference (`cada letter templates`).
RESERVED_REFERENCES = frozenset({"templates"})
# Events that may be dated before the request was sent (they do not need a sent request).
_UNDATED_KINDS = frozenset({"note", "sent", "received", "acknowledged", "withdrawn", "closed"})


# --- lookups --------------------------------------------------------------------------------


def request_view(session: Session, request: Request) -> RequestView:
    return load_views(session_query(session), references=[request.reference])[0]


def derived_for(session: Session, request: Request | RequestKey, today: date) -> Derived:
    """State, deadlines and next action of one request, in an ORM unit of work."""
    return derive_one(session_query(session), request.reference, today)


def derive_one(query: Query, reference: str, today: date) -> Derived:
    """State, deadlines and next action of one request, with the requester's residence (the
    same object `show` and `status` build on the read path)."""
    return derive(load_views(query, references=[reference])[0], today, load_residence(query))


# --- create ---------------------------------------------------------------------------------


@dataclass
class NewRequest:
    authority: str
    subject: str
    documents: list[str]
    reference: str | None = None
    channel: str = "email"
    environmental: bool = False
    note: str | None = None
    illustrative: bool = False
    open_format: bool = False  # the demande asks for an open, reusable format (L300-4)
    campaign_id: int | None = None  # issue 11: the campaign it belongs to (`cada campaign new`)
    # issue 11, point 7: a request made elsewhere (services/alaveteli.py) has no demande of
    # cada's: none is drafted (its text is on the other site)
    draft_letter: bool = True


def create_request(ctx: Context, data: NewRequest) -> Derived:
    """`cada new`: a draft request, its documents requested and its `demande` letter, in one
    unit of work (plain SQL: no ORM); returns the request as `show` derives it."""
    with ctx.writing() as unit:
        request = insert_request(unit, ctx, data)
        return derive_one(unit.query, request.reference, ctx.today)


def insert_request(unit: Unit, ctx: Context, data: NewRequest) -> RequestKey:
    """Create the request inside the caller's unit of work (created on ctx.today)."""
    today = ctx.today
    subject = one_line(data.subject, "--subject")
    if not subject:
        raise UsageError(M.SUBJECT_EMPTY)
    if data.channel not in CHANNELS:
        allowed = ", ".join(CHANNELS)
        raise UsageError(M.BAD_CHANNEL.format(channel=shown(data.channel), allowed=allowed))
    documents = [one_line(d, "--document") for d in data.documents]
    if any(not d for d in documents):
        raise UsageError(M.EMPTY_VALUE.format(what="--document"))
    if not documents:
        documents = [subject]
    if data.note is not None:
        utf8_text(data.note, "--note")
    query = unit.query
    authority = find_authority_id(query, data.authority)
    reference = data.reference if data.reference is not None else next_reference(
        query, today.year
    )
    if not _REFERENCE.match(reference) or reference.lower() in RESERVED_REFERENCES:
        raise UsageError(M.BAD_REFERENCE.format(reference=reference))
    if request_exists(query, reference):
        raise ConflictError(M.REQUEST_DUPLICATE.format(reference=reference))
    request = RequestKey(insert_request_row(
        query,
        reference=reference,
        authority_id=authority,
        subject=subject,
        channel=data.channel,
        environmental=data.environmental,
        created_on=today,
        illustrative=data.illustrative,
        note=data.note,
        open_format=data.open_format,
        campaign_id=data.campaign_id,
        created_at=now(),
        items=documents,
    ), reference)
    index_request(unit.handle, request)
    if data.draft_letter:
        from cada_tracker.services.letters import draft_for_new  # Jinja2: rendering paths only

        draft_for_new(unit, ctx.settings, request, today)
    return request


# --- events ---------------------------------------------------------------------------------


@dataclass
class NewEvent:
    kind: str
    on: date
    outcome: str | None = None
    note: str | None = None
    complete: bool | None = None
    mentions_remedies: bool | None = None
    force: bool = False
    channel: str | None = None  # cada-sent only: how the referral went to the CADA
    # legal-aid-decided only (décret 2020-1717 art. 43, 69): notification of the decision and
    # designation of the lawyer
    notified_on: date | None = None
    lawyer_designated_on: date | None = None
    # --letter FILE: the text of the letter the event sent, frozen instead of the rendering
    # (services.letters.frozen); `letter_notes` receives the notes about the frozen letter.
    letter_file: str | None = None
    letter_notes: list[str] = field(default_factory=list)
    # issue 9, 7a: the documents this reply or CADA opinion decided (services/items.py)
    items: ItemOptions | None = None
    # issue 11, point 7: an event imported from another site sent a letter cada never wrote:
    # nothing is frozen for it (services/alaveteli.py)
    freeze_letter: bool = True
    # issue 12: `cada send` froze nothing yet: the letter as the message carried it, frozen
    # verbatim (origin "rendered": cada rendered it when the message was built)
    letter_sent: str | None = None


def _transition_message(err: TransitionError, reference: str) -> str:
    d: dict[str, Any] = dict(err.details)
    if err.code == "outcome_required":
        return M.OUTCOME_REQUIRED.format(kind=d["kind"], allowed=", ".join(d["allowed"]))
    if err.code == "outcome_unknown":
        return M.OUTCOME_UNKNOWN.format(
            kind=d["kind"], outcome=d["outcome"], allowed=", ".join(d["allowed"])
        )
    if err.code == "outcome_not_allowed":
        return M.OUTCOME_NOT_ALLOWED.format(kind=d["kind"], outcome=d["outcome"])
    what = d["kind"] + (f" --outcome {d['outcome']}" if d.get("outcome") else "")
    if d["state"] in FINISHED_STATES:
        return M.EVENT_AFTER_END.format(what=what, state=d["state"], reference=reference)
    return M.EVENT_NOT_ALLOWED.format(what=what, state=d["state"], reference=reference)


def check_event(facts: RequestFacts, new: Event, today: date) -> None:
    """Refuse (ConflictError, exit 4) an event that makes no sense; --force skips this.

    `facts` holds the request's recorded events (forced ones excluded)."""
    events = list(facts.events)
    reference = facts.reference
    if new.date > today:
        raise ConflictError(M.EVENT_IN_FUTURE.format(date=new.date, today=today))
    sent = [e.date for e in events if e.kind in ("sent", "received")]
    if sent and new.kind not in _UNDATED_KINDS and new.date < min(sent):
        raise ConflictError(
            M.EVENT_BEFORE_SENT.format(kind=new.kind, date=new.date, sent=min(sent))
        )
    if new.kind == "received" and sent and new.date < min(
        (e.date for e in events if e.kind == "sent"), default=new.date
    ):
        raise ConflictError(M.RECEIVED_BEFORE_SENT.format(date=new.date))
    for kind, needs in (("reasons-received", "reasons-requested"),
                        ("legal-aid-decided", "legal-aid-requested")):
        if new.kind == kind and not any(e.kind == needs and e.date <= new.date for e in events):
            raise ConflictError(M.EVENT_NEEDS.format(kind=kind, needs=needs, reference=reference))
    try:
        derive_state([*events, new], strict=True)
    except TransitionError as err:
        raise ConflictError(_transition_message(err, reference)) from None
    _check_timing(facts, new)


def _check_timing(facts: RequestFacts, new: Event) -> None:
    """A CADA referral before the refusal exists, or a court application before the refusal
    is confirmed, would be inadmissible: refuse it (the engine's own dates decide)."""
    referral = new.kind in ("cada-sent", "cada-registered") and not any(
        e.kind in ("cada-sent", "cada-registered") for e in facts.events
    )
    if not (referral or new.kind == "court-filed"):
        return
    before = replace(facts, events=tuple(e for e in facts.events if e.date <= new.date))
    timeline = compute_timeline(before, LawOptions(explain=False))
    if referral:
        first = timeline.get("cada_referral_from")
        if first is None or new.date < first.date:
            when = M.FROM_DATE.format(date=first.date) if first else M.NOT_YET_REFUSED
            raise ConflictError(M.REFERRAL_PREMATURE.format(
                date=new.date, reference=facts.reference, when=when))
        if new.kind == "cada-sent":
            _check_referral_in_time(timeline, new.date, facts.reference)
    elif current_state(before.events, timeline, new.date) != "confirmed-refusal":
        k = timeline.get("refusal_confirmed")
        when = M.AFTER_DATE.format(date=k.date) if k else M.NOT_YET_CONFIRMED
        raise ConflictError(M.COURT_PREMATURE.format(
            date=new.date, reference=facts.reference, when=when))


def _check_legal_aid_dates(data: NewEvent, today: date) -> None:
    """--notified-on and --lawyer-designated-on: only on legal-aid-decided (exit 2), on or
    after the decision (exit 2), not after today (exit 4 unless --force)."""
    for option, value in (("--notified-on", data.notified_on),
                          ("--lawyer-designated-on", data.lawyer_designated_on)):
        if value is None:
            continue
        if data.kind != "legal-aid-decided":
            raise UsageError(M.LEGAL_AID_DATE_ONLY_DECISION.format(option=option))
        if value < data.on:
            raise UsageError(M.LEGAL_AID_DATE_BEFORE_DECISION.format(
                option=option, date=value, decided=data.on))
        if value > today and not data.force:
            raise ConflictError(M.LEGAL_AID_DATE_IN_FUTURE.format(
                option=option, date=value, today=today))


def _check_referral_in_time(timeline: Timeline, sent: date, reference: str) -> None:
    """Issue 9: a referral after a limit that binds (C opposable, or the long stop) is out of
    time and no court route follows it (CRPA L342-1, R343-1): refuse it, unless --force."""
    missed = missed_limit(
        timeline.get("cada_referral_by"), timeline.get("cada_referral_long_stop"), sent
    )
    if missed is not None:
        limit = LM.LIMIT_REFERRAL_BY if missed.kind == "cada_referral_by" \
            else LM.LIMIT_REFERRAL_LONG_STOP
        raise ConflictError(LM.REFERRAL_OUT_OF_TIME.format(
            sent=sent, limit=limit, reference=reference, date=missed.date))


def log_event(ctx: Context, reference: str, data: NewEvent) -> tuple[Derived, Event]:
    """`cada log`: record one event in one unit of work (plain SQL: no ORM); returns the
    request as `show` derives it, and the event recorded."""
    with ctx.writing() as unit:
        request, event = record_event(unit, ctx, reference, data)
        derived = derive_one(unit.query, request.reference, ctx.today)
        if event.kind == "cada-sent":  # review 3: the [U] "late under another reading" warnings
            data.letter_notes.extend(
                w for w in derived.timeline.warnings if w.startswith(LM.WARN_REFERRAL_LOGGED_PREFIX)
            )
        return derived, event


def record_event(
    unit: Unit, ctx: Context, reference: str, data: NewEvent
) -> tuple[RequestKey, Event]:
    """Record one event inside the caller's unit of work (ConflictError if it makes no sense,
    unless data.force); events that send a letter freeze it (services.letters.frozen).
    Returns the request and the event as recorded (its id in `seq`)."""
    today = ctx.today
    if data.kind not in EVENT_KINDS:
        hint = suggest(data.kind, list(EVENT_KINDS))
        raise UsageError(M.EVENT_UNKNOWN.format(kind=data.kind, hint=hint))
    try:
        validate_outcome(data.kind, data.outcome)
    except TransitionError as err:
        raise UsageError(_transition_message(err, reference)) from None
    if data.note is not None and not data.note.strip():
        raise UsageError(M.EMPTY_VALUE.format(what="--note"))
    if data.note is not None:
        utf8_text(data.note, "--note")
    if data.complete is not None and data.kind != "acknowledged":
        raise UsageError(M.COMPLETE_ONLY_ACK)
    if data.mentions_remedies is not None and data.kind != "reply":
        raise UsageError(M.REMEDIES_ONLY_REPLY)
    if data.channel is not None:
        if data.kind != "cada-sent":
            raise UsageError(M.CHANNEL_ONLY_REFERRAL)
        if data.channel not in CHANNELS:
            allowed = ", ".join(CHANNELS)
            raise UsageError(M.BAD_CHANNEL.format(channel=shown(data.channel), allowed=allowed))
    _check_legal_aid_dates(data, today)
    letter_text = _letter_text(data)
    query = unit.query
    request = request_key(query, reference)
    view = load_views(query, references=[request.reference])[0]
    # issue 9, 7a: item outcomes checked (exit 2) before the event is judged
    item_rows = check_item_options(
        data.kind, data.outcome, data.items or ItemOptions(), len(view.items)
    )
    new = Event(
        kind=data.kind,
        date=data.on,
        outcome=data.outcome,
        note=data.note,
        complete=data.complete,
        mentions_remedies=data.mentions_remedies,
        forced=data.force,
        channel=data.channel,
        notified_on=data.notified_on,
        lawyer_designated_on=data.lawyer_designated_on,
        seq=10**9,
        made_by=unit.made_by,
    )
    if not data.force:
        # Earlier forced events are history typed in late: judge the new one against the rest.
        facts = view.facts(load_residence(query))
        facts = replace(facts, events=tuple(e for e in facts.events if not e.forced))
        check_event(facts, new, today)
    recorded = replace(new, seq=insert_event_row(query, request.id, new, now()))
    if item_rows:  # issue 9, 7a: in the event's unit of work, before a letter is frozen
        add_item_outcomes(query, recorded.seq, request.id, item_rows)
    if recorded.kind in EVENT_LETTERS and data.freeze_letter:
        from cada_tracker.services.letters import freeze_on_event  # Jinja2: rendering paths only

        data.letter_notes.extend(freeze_on_event(
            unit, ctx.settings, request, recorded, today=today, user_text=letter_text,
            sent_text=data.letter_sent))
    return request, recorded


def _letter_text(data: NewEvent) -> str | None:
    """The text of --letter FILE, read and checked before anything is written."""
    if data.letter_file is None:
        return None
    if data.kind not in EVENT_LETTERS:
        raise UsageError(M_LETTERS.LETTER_FILE_ONLY_FOR.format(
            kinds=", ".join(EVENT_LETTERS), kind=data.kind))
    from cada_tracker.services.letters import read_letter_file  # Jinja2: rendering paths only

    return read_letter_file(data.letter_file)
