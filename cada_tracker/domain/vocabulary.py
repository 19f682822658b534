"""The words of the procedure, defined once: channels, event kinds, outcomes, states, deadline
kinds, actors and confidence levels.

Each word is a member of a `StrEnum`: it *is* its string value, so it prints, formats and
serialises to JSON exactly as the bare string did (only `repr` differs). The tuples, dicts and
sets below (`CHANNELS`, `EVENT_KINDS`, `OUTCOMES`, `STATES`, `FINISHED_STATES`, the outcome
families) are derived from the enums and hold the plain string values, so that every existing
caller (help texts, error details, SQL parameters) sees exactly what it saw before.
"""

from __future__ import annotations

from enum import StrEnum


class Channel(StrEnum):
    """How the request was sent (decides when it is deemed received)."""

    EMAIL = "email"
    POST = "post"
    REGISTERED_POST = "registered-post"
    WEB = "web"
    HAND = "hand"


class EventKind(StrEnum):
    """What can happen to a request, in the procedure's order (ties of the same day)."""

    SENT = "sent"
    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    REPLY = "reply"
    REMINDER_SENT = "reminder-sent"
    REASONS_REQUESTED = "reasons-requested"  # demande de motifs of an implicit refusal (L232-4)
    REASONS_RECEIVED = "reasons-received"
    CADA_SENT = "cada-sent"
    CADA_REGISTERED = "cada-registered"
    # the requester informed the authority of the referral (information-saisine; R343-3)
    CADA_INFORMED = "cada-informed"
    CADA_OPINION = "cada-opinion"
    LEGAL_AID_REQUESTED = "legal-aid-requested"  # aide juridictionnelle: interrupts the court
    # deadline (décret 2020-1717 art. 43)
    LEGAL_AID_DECIDED = "legal-aid-decided"
    COURT_FILED = "court-filed"
    JUDGMENT = "judgment"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"
    NOTE = "note"


class Outcome(StrEnum):
    """The outcome of a reply, a CADA opinion or a judgment (see `OUTCOMES`)."""

    # reply
    FULL = "full"
    PARTIAL = "partial"
    REFUSED = "refused"
    NOT_HELD = "not-held"
    TRANSFERRED = "transferred"
    FEE_REQUESTED = "fee-requested"
    CLARIFICATION_REQUESTED = "clarification-requested"
    EXTENDED = "extended"
    # cada-opinion
    FAVORABLE = "favorable"
    PARTLY_FAVORABLE = "partly-favorable"
    UNFAVORABLE = "unfavorable"
    INADMISSIBLE = "inadmissible"
    MOOT = "moot"
    INCOMPETENT = "incompetent"
    # judgment
    GRANTED = "granted"
    PARTLY_GRANTED = "partly-granted"
    DISMISSED = "dismissed"


class State(StrEnum):
    """The state of a request, derived from its events (never stored)."""

    DRAFT = "draft"
    SENT = "sent"
    AWAITING_REPLY = "awaiting-reply"
    IMPLICIT_REFUSAL = "implicit-refusal"
    REFUSED = "refused"
    PARTIAL = "partial"
    AWAITING_PAYMENT = "awaiting-payment"  # extension: fee requested, no deadline runs
    CLARIFICATION_REQUESTED = "clarification-requested"  # extension: the authority asked
    CADA_REFERRED = "cada-referred"
    CADA_OPINION = "cada-opinion"
    CONFIRMED_REFUSAL = "confirmed-refusal"
    IN_COURT = "in-court"
    JUDGED = "judged"  # extension: the court decided; only cassation remains (CJA R811-1 2°)
    COMPLETE = "complete"
    NOT_HELD = "not-held"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"


class DeadlineKind(StrEnum):
    """The deadlines the engine computes (keys of the CLI contract), in the chain's order."""

    IMPLICIT_REFUSAL = "implicit_refusal"  # B: CRPA R*311-12, R311-13
    CADA_REFERRAL_FROM = "cada_referral_from"  # first admissible referral: R343-1
    CADA_REFERRAL_BY = "cada_referral_by"  # last day to refer: R343-1, L342-1, CPC 642
    CADA_REFERRAL_LONG_STOP = "cada_referral_long_stop"  # CADA avis 20234834
    CADA_OPINION_EXPECTED = "cada_opinion_expected"  # R343-3
    REFUSAL_CONFIRMED = "refusal_confirmed"  # K: R*343-4, R343-5
    COURT_BY = "court_by"  # CJA R421-1, R421-2, R421-7, CPC 642
    COURT_LONG_STOP = "court_long_stop"  # Czabaj (CE 2016 n° 387763, CE 2024 n° 488227)


class Actor(StrEnum):
    """Who must act by a deadline."""

    AUTHORITY = "authority"
    REQUESTER = "requester"
    CADA = "cada"


class Confidence(StrEnum):
    """How sure the reading of the law behind a date is (ordered: worst last)."""

    VERIFIED = "verified"
    INFERRED = "inferred"
    UNCERTAIN = "uncertain"


def _values(*members: StrEnum) -> tuple[str, ...]:
    return tuple(m.value for m in members)


CHANNELS: tuple[str, ...] = _values(*Channel)

EVENT_KINDS: tuple[str, ...] = _values(*EventKind)

OUTCOMES: dict[str, tuple[str, ...]] = {
    EventKind.REPLY.value: _values(
        Outcome.FULL,
        Outcome.PARTIAL,
        Outcome.REFUSED,
        Outcome.NOT_HELD,
        Outcome.TRANSFERRED,
        Outcome.FEE_REQUESTED,
        Outcome.CLARIFICATION_REQUESTED,
        Outcome.EXTENDED,
    ),
    EventKind.CADA_OPINION.value: _values(
        Outcome.FAVORABLE,
        Outcome.PARTLY_FAVORABLE,
        Outcome.UNFAVORABLE,
        Outcome.INADMISSIBLE,
        Outcome.MOOT,
        Outcome.INCOMPETENT,
    ),
    EventKind.JUDGMENT.value: _values(Outcome.GRANTED, Outcome.PARTLY_GRANTED, Outcome.DISMISSED),
}

STATES: tuple[str, ...] = _values(*State)

# States in which nothing more is expected: not shown by `cada status` without --all.
FINISHED_STATES: frozenset[str] = frozenset(
    _values(State.COMPLETE, State.WITHDRAWN, State.CLOSED, State.JUDGED)
)

# Outcome families, each written once.
# A reply that refuses all or part of the request, or says the documents are not held.
REFUSING_OUTCOMES: frozenset[str] = frozenset(
    _values(Outcome.REFUSED, Outcome.PARTIAL, Outcome.NOT_HELD)
)
# A reply that answers the request (the authority's deadline is met by it).
ANSWERING_OUTCOMES: frozenset[str] = frozenset(
    _values(Outcome.FULL, Outcome.PARTIAL, Outcome.REFUSED, Outcome.NOT_HELD, Outcome.FEE_REQUESTED)
)
# A refusal or partial reply notified once the CADA has registered the referral is the
# explicit confirmation of the refusal (CLI contract; CRPA R343-4 / R343-5).
CONFIRMING_OUTCOMES: frozenset[str] = frozenset(_values(Outcome.REFUSED, Outcome.PARTIAL))
