"""The words of the procedure: each defined once as a StrEnum, the old tuples derived."""

from __future__ import annotations

import json
from datetime import date

from cada_tracker.domain import (
    ANSWERING_OUTCOMES,
    CHANNELS,
    CONFIRMING_OUTCOMES,
    EVENT_KINDS,
    FINISHED_STATES,
    OUTCOMES,
    REFUSING_OUTCOMES,
    STATES,
    TRANSITIONS,
    Actor,
    Channel,
    Confidence,
    Deadline,
    DeadlineKind,
    EventKind,
    NextAction,
    Outcome,
    State,
)
from cada_tracker.messages import law as M


def test_the_tuples_are_the_enum_values_in_order_as_plain_strings():
    assert CHANNELS == ("email", "post", "registered-post", "web", "hand")
    assert EVENT_KINDS == tuple(k.value for k in EventKind)
    assert STATES == tuple(s.value for s in State)
    for values in (CHANNELS, EVENT_KINDS, STATES, *OUTCOMES.values()):
        assert all(type(v) is str for v in values)
    assert set(OUTCOMES) == {EventKind.REPLY, EventKind.CADA_OPINION, EventKind.JUDGMENT}
    assert {o for values in OUTCOMES.values() for o in values} == {o.value for o in Outcome}
    assert set(Channel) == set(CHANNELS)


def test_the_families_are_subsets_of_the_reply_outcomes():
    replies = set(OUTCOMES[EventKind.REPLY])
    for family in (REFUSING_OUTCOMES, ANSWERING_OUTCOMES, CONFIRMING_OUTCOMES):
        assert family <= replies
    assert FINISHED_STATES <= set(STATES)
    assert CONFIRMING_OUTCOMES == {Outcome.REFUSED, Outcome.PARTIAL}


def test_transitions_name_known_kinds_and_outcomes():
    for kind, outcome in TRANSITIONS:
        assert kind in EVENT_KINDS
        assert outcome is None or outcome in OUTCOMES[kind]


def test_a_member_is_its_string_in_text_and_json():
    kind = DeadlineKind.COURT_BY
    assert kind == "court_by" and f"{kind}" == "court_by" and str(kind) == "court_by"
    assert f"{State.CADA_REFERRED}" == "cada-referred"
    deadline = Deadline(kind, date(2020, 9, 1), Actor.REQUESTER, ("CJA R421-1",),
                        Confidence.VERIFIED)
    assert json.dumps(deadline.to_json()) == json.dumps(
        {"kind": "court_by", "date": "2020-09-01", "safe_date": None, "actor": "requester",
         "basis": ["CJA R421-1"], "confidence": "verified", "opposable": True,
         "estimated": False}
    )
    assert json.dumps(NextAction("x", kind, None).to_json()) == (
        '{"what": "x", "kind": "court_by", "date": null}'
    )


def test_every_deadline_kind_has_a_title_and_a_calendar_summary():
    for kind in DeadlineKind:
        assert kind in M.KIND_TITLES
        # issue 10: the deadlines you act by are titled by their action (ICS_ACTIONS), the
        # others (authority, CADA, first day to refer) by ICS_SUMMARY
        assert (kind in M.ICS_SUMMARY) != (kind in M.ICS_ACTIONS), kind
