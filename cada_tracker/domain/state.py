"""The request state machine: which event may happen when, and the state it leads to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cada_tracker.domain.model import Event, Timeline
from cada_tracker.domain.vocabulary import (
    CONFIRMING_OUTCOMES,
    EVENT_KINDS,
    FINISHED_STATES,
    OUTCOMES,
    DeadlineKind,
    EventKind,
    Outcome,
    State,
)

ANY_OPEN: frozenset[str] = frozenset(State) - FINISHED_STATES
BEFORE_REFERRAL: frozenset[str] = frozenset(
    {
        State.SENT,
        State.AWAITING_REPLY,
        State.IMPLICIT_REFUSAL,
        State.REFUSED,
        State.PARTIAL,
        State.AWAITING_PAYMENT,
        State.CLARIFICATION_REQUESTED,
        State.NOT_HELD,
    }
)
CADA_PHASE: frozenset[str] = frozenset(
    {State.CADA_REFERRED, State.CADA_OPINION, State.CONFIRMED_REFUSAL}
)


@dataclass(frozen=True)
class Transition:
    """Where an event may happen and what state it leads to (None: state unchanged)."""

    allowed_from: frozenset[str]
    to: State | None


def _by_value(
    table: dict[tuple[EventKind, Outcome | None], Transition],
) -> dict[tuple[str, str | None], Transition]:
    """Keys as plain strings: the kinds read from the database are plain strings, and a
    dict of exact-string keys is CPython's fast path (`cada status` folds every request)."""
    return {(k.value, o.value if o else None): t for (k, o), t in table.items()}


# The allowed transitions, written down once. Keys are (event kind, outcome or None).
TRANSITIONS: dict[tuple[str, str | None], Transition] = _by_value(
    {
        (EventKind.SENT, None): Transition(frozenset({State.DRAFT}), State.SENT),
        (EventKind.RECEIVED, None): Transition(
            frozenset({State.DRAFT, State.SENT}), State.AWAITING_REPLY
        ),
        (EventKind.ACKNOWLEDGED, None): Transition(
            BEFORE_REFERRAL | {State.DRAFT}, None
        ),  # draft: the acknowledgment proves sending; state fixed below
        (EventKind.REMINDER_SENT, None): Transition(BEFORE_REFERRAL | CADA_PHASE, None),
        (EventKind.REASONS_REQUESTED, None): Transition(BEFORE_REFERRAL | CADA_PHASE, None),
        (EventKind.REASONS_RECEIVED, None): Transition(BEFORE_REFERRAL | CADA_PHASE, None),
        (EventKind.REPLY, Outcome.FULL): Transition(
            BEFORE_REFERRAL | CADA_PHASE | {State.IN_COURT}, State.COMPLETE
        ),
        (EventKind.REPLY, Outcome.PARTIAL): Transition(BEFORE_REFERRAL | CADA_PHASE, State.PARTIAL),
        (EventKind.REPLY, Outcome.REFUSED): Transition(BEFORE_REFERRAL | CADA_PHASE, State.REFUSED),
        (EventKind.REPLY, Outcome.NOT_HELD): Transition(
            BEFORE_REFERRAL | CADA_PHASE, State.NOT_HELD
        ),
        (EventKind.REPLY, Outcome.TRANSFERRED): Transition(BEFORE_REFERRAL, State.AWAITING_REPLY),
        (EventKind.REPLY, Outcome.FEE_REQUESTED): Transition(
            BEFORE_REFERRAL | CADA_PHASE, State.AWAITING_PAYMENT
        ),
        (EventKind.REPLY, Outcome.CLARIFICATION_REQUESTED): Transition(
            BEFORE_REFERRAL, State.CLARIFICATION_REQUESTED
        ),
        (EventKind.REPLY, Outcome.EXTENDED): Transition(BEFORE_REFERRAL, State.AWAITING_REPLY),
        # From "sent" too: silence turns it into an implicit refusal with time, which the event
        # fold does not see; a premature referral is the engine's warning, not a refusal here.
        (EventKind.CADA_SENT, None): Transition(BEFORE_REFERRAL, State.CADA_REFERRED),
        (EventKind.CADA_REGISTERED, None): Transition(
            BEFORE_REFERRAL | {State.CADA_REFERRED}, State.CADA_REFERRED
        ),
        # The authority told of the referral: a record of the letter, no deadline moves.
        (EventKind.CADA_INFORMED, None): Transition(CADA_PHASE, None),
        (EventKind.CADA_OPINION, None): Transition(
            frozenset({State.CADA_REFERRED, State.CADA_OPINION}), State.CADA_OPINION
        ),
        (EventKind.LEGAL_AID_REQUESTED, None): Transition(CADA_PHASE, None),
        (EventKind.LEGAL_AID_DECIDED, None): Transition(CADA_PHASE, None),
        (EventKind.COURT_FILED, None): Transition(CADA_PHASE, State.IN_COURT),
        (EventKind.JUDGMENT, None): Transition(frozenset({State.IN_COURT}), State.JUDGED),
        (EventKind.WITHDRAWN, None): Transition(ANY_OPEN, State.WITHDRAWN),
        (EventKind.CLOSED, None): Transition(frozenset(State) - {State.CLOSED}, State.CLOSED),
        (EventKind.NOTE, None): Transition(frozenset(State), None),
    }
)


class TransitionError(ValueError):
    """An event that makes no sense at this point of the request's history."""

    def __init__(self, code: str, **details: object) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


# Bound once for the fold, which `cada status` runs over every request: attribute access on
# an Enum class is slow in CPython 3.11, and the kinds read from the database are plain
# strings (exact-string comparison is the fast path).
_REPLY = EventKind.REPLY.value
_ACKNOWLEDGED = EventKind.ACKNOWLEDGED.value
_REGISTERED = EventKind.CADA_REGISTERED.value
_DRAFT = State.DRAFT
_NOT_YET_AWAITING = frozenset({State.DRAFT, State.SENT})
_SILENCE_REFUSES = frozenset({State.SENT, State.AWAITING_REPLY})  # after B
_SILENCE_CONFIRMS = frozenset({State.CADA_REFERRED, State.CADA_OPINION})  # after K
_B, _K = DeadlineKind.IMPLICIT_REFUSAL, DeadlineKind.REFUSAL_CONFIRMED


def transition_for(event: Event) -> Transition:
    key = (event.kind, event.outcome) if event.kind == _REPLY else (event.kind, None)
    return TRANSITIONS[key]


def validate_outcome(kind: str, outcome: str | None) -> None:
    """Raise TransitionError when the outcome does not fit the event kind."""
    allowed = OUTCOMES.get(kind)
    if allowed is None:
        if outcome is not None:
            raise TransitionError("outcome_not_allowed", kind=kind, outcome=outcome)
        return
    if outcome is None:
        raise TransitionError("outcome_required", kind=kind, allowed=allowed)
    if outcome not in allowed:
        raise TransitionError("outcome_unknown", kind=kind, outcome=outcome, allowed=allowed)


_KIND_RANK = {kind: i for i, kind in enumerate(EVENT_KINDS)}


def ordered(events: tuple[Event, ...] | list[Event]) -> list[Event]:
    """Date order; on the same day, the procedure's order (sent before received before the
    reply...), then recording order. So a `sent` typed in after a same-day `received` fits."""
    return sorted(events, key=lambda e: (e.date, _KIND_RANK.get(e.kind, 99), e.seq))


def apply_event(state: str, event: Event, *, registered: bool) -> str:
    """Return the state after `event`, or raise TransitionError if it cannot happen now."""
    t = transition_for(event)
    if state not in t.allowed_from:
        raise TransitionError("not_allowed", kind=event.kind, outcome=event.outcome, state=state)
    if event.kind == _REPLY and registered and event.outcome in CONFIRMING_OUTCOMES:
        return State.CONFIRMED_REFUSAL
    if event.kind == _ACKNOWLEDGED and state in _NOT_YET_AWAITING:
        return State.AWAITING_REPLY
    return t.to or state


def derive_state(events: tuple[Event, ...] | list[Event], *, strict: bool = True) -> str:
    """Fold the events (in date order) into the request's event-driven state.

    With strict=True an impossible event raises TransitionError; forced events (recorded
    with --force) and strict=False skip impossible transitions instead, keeping the history.
    """
    state: str = _DRAFT
    registered = False
    for ev in ordered(events):
        try:
            state = apply_event(state, ev, registered=registered)
        except TransitionError:
            if strict and not ev.forced:
                raise
            continue
        if ev.kind == _REGISTERED:
            registered = True
    return state


def current_state(
    events: tuple[Event, ...] | list[Event], timeline: Timeline | None, today: date
) -> str:
    """The state as of `today`: event-driven state plus the two implicit decisions.

    Silence turns `sent`/`awaiting-reply` into `implicit-refusal` the day after B (the
    refusal is born at the end of B), and turns `cada-referred`/`cada-opinion` into
    `confirmed-refusal` the day after K. B and K come from the engine's timeline.
    """
    state = derive_state(events, strict=False)
    if timeline is None:
        return state
    if state in _SILENCE_REFUSES:
        b = timeline.get(_B)
        if b is not None and today > b.date:
            return State.IMPLICIT_REFUSAL
    if state in _SILENCE_CONFIRMS:
        k = timeline.get(_K)
        if k is not None and today > k.date:
            return State.CONFIRMED_REFUSAL
    return state
