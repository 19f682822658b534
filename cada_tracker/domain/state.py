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
    STATES,
)

ANY_OPEN = frozenset(STATES) - FINISHED_STATES
BEFORE_REFERRAL = frozenset(
    {
        "sent",
        "awaiting-reply",
        "implicit-refusal",
        "refused",
        "partial",
        "awaiting-payment",
        "clarification-requested",
        "not-held",
    }
)
CADA_PHASE = frozenset({"cada-referred", "cada-opinion", "confirmed-refusal"})


@dataclass(frozen=True)
class Transition:
    """Where an event may happen and what state it leads to (None: state unchanged)."""

    allowed_from: frozenset[str]
    to: str | None


# The allowed transitions, written down once. Keys are (event kind, outcome or None).
TRANSITIONS: dict[tuple[str, str | None], Transition] = {
    ("sent", None): Transition(frozenset({"draft"}), "sent"),
    ("received", None): Transition(frozenset({"draft", "sent"}), "awaiting-reply"),
    ("acknowledged", None): Transition(
        BEFORE_REFERRAL | {"draft"}, None
    ),  # draft: the acknowledgment proves sending; state fixed below
    ("reminder-sent", None): Transition(BEFORE_REFERRAL | CADA_PHASE, None),
    ("reasons-requested", None): Transition(BEFORE_REFERRAL | CADA_PHASE, None),
    ("reasons-received", None): Transition(BEFORE_REFERRAL | CADA_PHASE, None),
    ("reply", "full"): Transition(BEFORE_REFERRAL | CADA_PHASE | {"in-court"}, "complete"),
    ("reply", "partial"): Transition(BEFORE_REFERRAL | CADA_PHASE, "partial"),
    ("reply", "refused"): Transition(BEFORE_REFERRAL | CADA_PHASE, "refused"),
    ("reply", "not-held"): Transition(BEFORE_REFERRAL | CADA_PHASE, "not-held"),
    ("reply", "transferred"): Transition(BEFORE_REFERRAL, "awaiting-reply"),
    ("reply", "fee-requested"): Transition(BEFORE_REFERRAL | CADA_PHASE, "awaiting-payment"),
    ("reply", "clarification-requested"): Transition(
        BEFORE_REFERRAL, "clarification-requested"
    ),
    ("reply", "extended"): Transition(BEFORE_REFERRAL, "awaiting-reply"),
    # From "sent" too: silence turns it into an implicit refusal with time, which the event
    # fold does not see; a premature referral is the engine's warning, not a refusal here.
    ("cada-sent", None): Transition(BEFORE_REFERRAL, "cada-referred"),
    ("cada-registered", None): Transition(BEFORE_REFERRAL | {"cada-referred"}, "cada-referred"),
    ("cada-opinion", None): Transition(
        frozenset({"cada-referred", "cada-opinion"}), "cada-opinion"
    ),
    ("legal-aid-requested", None): Transition(CADA_PHASE, None),
    ("legal-aid-decided", None): Transition(CADA_PHASE, None),
    ("court-filed", None): Transition(CADA_PHASE, "in-court"),
    ("judgment", None): Transition(frozenset({"in-court"}), "judged"),
    ("withdrawn", None): Transition(ANY_OPEN, "withdrawn"),
    ("closed", None): Transition(frozenset(STATES) - {"closed"}, "closed"),
    ("note", None): Transition(frozenset(STATES), None),
}



class TransitionError(ValueError):
    """An event that makes no sense at this point of the request's history."""

    def __init__(self, code: str, **details: object) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


def transition_for(event: Event) -> Transition:
    key = (event.kind, event.outcome) if event.kind == "reply" else (event.kind, None)
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
    if event.kind == "reply" and registered and event.outcome in CONFIRMING_OUTCOMES:
        return "confirmed-refusal"
    if event.kind == "acknowledged" and state in ("draft", "sent"):
        return "awaiting-reply"
    return t.to or state


def derive_state(events: tuple[Event, ...] | list[Event], *, strict: bool = True) -> str:
    """Fold the events (in date order) into the request's event-driven state.

    With strict=True an impossible event raises TransitionError; forced events (recorded
    with --force) and strict=False skip impossible transitions instead, keeping the history.
    """
    state = "draft"
    registered = False
    for ev in ordered(events):
        try:
            state = apply_event(state, ev, registered=registered)
        except TransitionError:
            if strict and not ev.forced:
                raise
            continue
        if ev.kind == "cada-registered":
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
    if state in ("sent", "awaiting-reply"):
        b = timeline.get("implicit_refusal")
        if b is not None and today > b.date:
            return "implicit-refusal"
    if state in ("cada-referred", "cada-opinion"):
        k = timeline.get("refusal_confirmed")
        if k is not None and today > k.date:
            return "confirmed-refusal"
    return state

