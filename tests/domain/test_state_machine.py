"""The request state machine: transitions, the fold of events, the implicit decisions."""

from __future__ import annotations

from datetime import date

import pytest

from cada_tracker.domain import (
    STATES,
    TRANSITIONS,
    Deadline,
    Event,
    Timeline,
    TransitionError,
    current_state,
    derive_state,
)


def ev(kind: str, d: str, outcome: str | None = None, seq: int = 0, forced: bool = False):
    return Event(kind=kind, date=date.fromisoformat(d), outcome=outcome, seq=seq, forced=forced)


@pytest.mark.parametrize(
    "events,state",
    [
        ([], "draft"),
        ([ev("sent", "2020-02-07")], "sent"),
        ([ev("sent", "2020-02-07"), ev("received", "2020-02-07", seq=1)], "awaiting-reply"),
        ([ev("received", "2020-02-07")], "awaiting-reply"),
        ([ev("sent", "2020-02-07"), ev("acknowledged", "2020-02-10")], "awaiting-reply"),
        ([ev("sent", "2020-02-07"), ev("reply", "2020-02-20", "refused")], "refused"),
        ([ev("sent", "2020-02-07"), ev("reply", "2020-02-20", "partial")], "partial"),
        ([ev("sent", "2020-02-07"), ev("reply", "2020-02-20", "full")], "complete"),
        ([ev("sent", "2020-02-07"), ev("reply", "2020-02-20", "not-held")], "not-held"),
        ([ev("sent", "2020-02-07"), ev("reply", "2020-02-20", "fee-requested")],
         "awaiting-payment"),
        (
            [ev("sent", "2020-02-07"), ev("reply", "2020-02-20", "refused"),
             ev("cada-sent", "2020-03-01"), ev("cada-registered", "2020-03-05")],
            "cada-referred",
        ),
        (
            [ev("sent", "2020-02-07"), ev("reply", "2020-02-20", "refused"),
             ev("cada-sent", "2020-03-01"), ev("cada-registered", "2020-03-05"),
             ev("cada-opinion", "2020-04-01", "favorable")],
            "cada-opinion",
        ),
        (   # a refusal notified after registration is the explicit confirmation
            [ev("sent", "2020-02-07"), ev("reply", "2020-02-20", "refused"),
             ev("cada-sent", "2020-03-01"), ev("cada-registered", "2020-03-05"),
             ev("reply", "2020-04-10", "refused")],
            "confirmed-refusal",
        ),
        (
            [ev("sent", "2020-02-07"), ev("reply", "2020-02-20", "refused"),
             ev("cada-sent", "2020-03-01"), ev("cada-registered", "2020-03-05"),
             ev("reply", "2020-04-10", "refused"), ev("court-filed", "2020-05-01"),
             ev("judgment", "2021-01-10", "granted")],
            "judged",
        ),
        ([ev("sent", "2020-02-07"), ev("withdrawn", "2020-02-08")], "withdrawn"),
        ([ev("sent", "2020-02-07"), ev("note", "2020-02-08"), ev("closed", "2020-02-09")],
         "closed"),
    ],
)
def test_derive_state(events, state):
    assert derive_state(events) == state


@pytest.mark.parametrize(
    "events",
    [
        [ev("cada-opinion", "2020-04-01", "favorable")],  # never sent
        [ev("sent", "2020-02-07"), ev("sent", "2020-02-08")],  # sent twice
        [ev("sent", "2020-02-07"), ev("court-filed", "2020-03-01")],  # court before CADA
        [ev("sent", "2020-02-07"), ev("judgment", "2020-03-01", "granted")],
        [ev("sent", "2020-02-07"), ev("withdrawn", "2020-02-08"), ev("reply", "2020-02-09", "full")],
        [ev("sent", "2020-02-07"), ev("withdrawn", "2020-02-08"), ev("withdrawn", "2020-02-09")],
    ],
)
def test_impossible_sequences_are_refused(events):
    with pytest.raises(TransitionError):
        derive_state(events)


def test_referral_after_silence_without_received_event_is_allowed():
    # Only `sent` recorded; after B the requester refers to the CADA: legitimate.
    assert derive_state([ev("sent", "2020-02-07"), ev("cada-sent", "2020-03-10")]) == (
        "cada-referred"
    )


def test_forced_events_are_kept_without_breaking_the_fold():
    events = [ev("cada-opinion", "2020-04-01", "favorable", forced=True)]
    assert derive_state(events) == "draft"  # the impossible transition is skipped
    assert derive_state(events, strict=False) == "draft"


def test_events_are_folded_in_date_order_not_recording_order():
    events = [ev("received", "2020-02-09", seq=1), ev("sent", "2020-02-07", seq=2)]
    assert derive_state(events) == "awaiting-reply"


def test_every_transition_names_known_states():
    for (kind, _outcome), t in TRANSITIONS.items():
        assert t.allowed_from <= set(STATES), kind
        assert t.to is None or t.to in STATES, kind


def _timeline(b: str | None = None, k: str | None = None) -> Timeline:
    out = []
    if b:
        out.append(Deadline("implicit_refusal", date.fromisoformat(b), "authority", (), "verified"))
    if k:
        out.append(Deadline("refusal_confirmed", date.fromisoformat(k), "authority", (), "verified"))
    return Timeline(tuple(out))


def test_silence_becomes_implicit_refusal_the_day_after_b():
    events = [ev("received", "2020-02-07")]
    tl = _timeline(b="2020-03-07")
    assert current_state(events, tl, date(2020, 3, 7)) == "awaiting-reply"  # born end of B
    assert current_state(events, tl, date(2020, 3, 8)) == "implicit-refusal"


def test_silence_after_referral_confirms_the_refusal_the_day_after_k():
    events = [ev("received", "2020-02-07"), ev("cada-sent", "2020-03-09"),
              ev("cada-registered", "2020-03-10")]
    tl = _timeline(b="2020-03-07", k="2020-08-22")
    assert current_state(events, tl, date(2020, 8, 22)) == "cada-referred"
    assert current_state(events, tl, date(2020, 8, 23)) == "confirmed-refusal"
