"""Yours and theirs (issue 10, point 3): who each deadline and next action waits on, and how
late the authority's answer (B, K) or the CADA opinion is. Dates checkable on a calendar."""

from __future__ import annotations

import pytest

from cada_tracker.domain import Actor, DeadlineKind, current_state
from cada_tracker.law import Lateness, deadline_status, lateness, next_action
from tests.law.helpers import d, ev, timeline

# Received Tue 31 Jan 2023 (Lyon, no suspension in 2023): B = Tue 28 Feb 2023; referral
# admissible from Wed 1 Mar 2023, last day Fri 28 Apr 2023 (safe Thu 27 Apr 2023).
RECEIVED = ev("received", "2023-01-31")
# Referred and registered Wed 1 Mar 2023: opinion expected Sat 1 Apr 2023 (one month, R343-3),
# K = Mon 1 May 2023 (two months, R343-5).
REFERRED = (ev("cada-sent", "2023-03-01"), ev("cada-registered", "2023-03-01"))


def _tl(*events):
    return timeline(RECEIVED, *events, authority_department="69")


def test_every_deadline_has_its_actor():
    _, tl = _tl(*REFERRED)
    actors = {x.kind: x.actor for x in tl.deadlines}
    assert actors == {
        DeadlineKind.IMPLICIT_REFUSAL: Actor.AUTHORITY,
        DeadlineKind.CADA_REFERRAL_FROM: Actor.REQUESTER,
        DeadlineKind.CADA_REFERRAL_BY: Actor.REQUESTER,
        DeadlineKind.CADA_REFERRAL_LONG_STOP: Actor.REQUESTER,
        DeadlineKind.CADA_OPINION_EXPECTED: Actor.CADA,
        DeadlineKind.REFUSAL_CONFIRMED: Actor.AUTHORITY,
        DeadlineKind.COURT_BY: Actor.REQUESTER,
        DeadlineKind.COURT_LONG_STOP: Actor.REQUESTER,
    }
    assert {a.value for a in Actor} == {"requester", "authority", "cada"}


@pytest.mark.parametrize("events, today, kind, actor", [
    # awaiting the reply until B (Tue 28 Feb 2023): the authority's
    ((), "2023-02-10", DeadlineKind.IMPLICIT_REFUSAL, Actor.AUTHORITY),
    # the day after B: your referral, by Fri 28 Apr 2023
    ((), "2023-03-01", DeadlineKind.CADA_REFERRAL_BY, Actor.REQUESTER),
    # referred: the CADA opinion, expected Sat 1 Apr 2023 - the CADA's, even once late
    (REFERRED, "2023-03-20", DeadlineKind.CADA_OPINION_EXPECTED, Actor.CADA),
    (REFERRED, "2023-04-10", DeadlineKind.CADA_OPINION_EXPECTED, Actor.CADA),
    # after K (Mon 1 May 2023): your court application
    (REFERRED, "2023-05-02", DeadlineKind.COURT_BY, Actor.REQUESTER),
])
def test_next_action_names_who_it_waits_on(events, today, kind, actor):
    f, tl = _tl(*events)
    state = current_state(f.events, tl, d(today))
    action = next_action(state, f, tl, d(today))
    assert (action.kind, action.actor) == (kind, actor)


def test_next_actions_without_a_date_have_an_actor_too():
    f, tl = timeline()  # a draft: send it (yours)
    assert next_action("draft", f, tl, d("2023-01-30")).actor == Actor.REQUESTER
    f, tl = _tl(ev("reply", "2023-02-10", "fee-requested"))
    assert next_action("awaiting-payment", f, tl, d("2023-02-11")).actor == Actor.REQUESTER
    f, tl = _tl(*REFERRED, ev("court-filed", "2023-05-10"))
    assert next_action("in-court", f, tl, d("2023-06-01")).actor is None  # the court's time


def test_b_answered_late_says_by_how_many_days():
    # B = Tue 28 Feb 2023; a full reply on Mon 13 Mar 2023 comes 13 days late (1 to 13 March)
    f, tl = _tl(ev("reply", "2023-03-13", "full"))
    b = tl.get(DeadlineKind.IMPLICIT_REFUSAL)
    assert b is not None and b.date == d("2023-02-28")
    today = d("2023-04-03")
    assert deadline_status(b, f, today) == "missed"  # the status stays as it was
    assert lateness(b, f, today) == Lateness(13, d("2023-03-13"))


def test_b_without_answer_is_late_until_today():
    # no answer: on Wed 15 Mar 2023, 15 days after Tue 28 Feb 2023; on B itself, not late
    f, tl = _tl()
    b = tl.get(DeadlineKind.IMPLICIT_REFUSAL)
    assert lateness(b, f, d("2023-03-15")) == Lateness(15, None)
    assert lateness(b, f, d("2023-02-28")) is None


def test_b_answered_in_time_is_not_late():
    f, tl = _tl(ev("reply", "2023-02-28", "refused"))  # on B, Tue 28 Feb 2023: in time
    assert lateness(tl.get(DeadlineKind.IMPLICIT_REFUSAL), f, d("2023-04-01")) is None


def test_cada_opinion_late_while_expected_then_once_given():
    # expected Sat 1 Apr 2023: on Mon 10 Apr 2023 still awaited, 9 days late
    f, tl = _tl(*REFERRED)
    o = tl.get(DeadlineKind.CADA_OPINION_EXPECTED)
    assert o is not None and o.date == d("2023-04-01")
    assert deadline_status(o, f, d("2023-04-10")) == "expected"
    assert lateness(o, f, d("2023-04-10")) == Lateness(9, None)
    # given Thu 20 Apr 2023: 19 days late, whatever today is
    f, tl = _tl(*REFERRED, ev("cada-opinion", "2023-04-20", "favorable"))
    o = tl.get(DeadlineKind.CADA_OPINION_EXPECTED)
    assert deadline_status(o, f, d("2023-06-01")) == "missed"
    assert lateness(o, f, d("2023-06-01")) == Lateness(19, d("2023-04-20"))
    # given Fri 31 Mar 2023, the day before: not late
    f, tl = _tl(*REFERRED, ev("cada-opinion", "2023-03-31", "favorable"))
    assert lateness(tl.get(DeadlineKind.CADA_OPINION_EXPECTED), f, d("2023-06-01")) is None


def test_k_answered_late():
    # K = Mon 1 May 2023; the authority's refusal after the opinion comes Fri 5 May 2023: 4 days
    f, tl = _tl(*REFERRED, ev("cada-opinion", "2023-03-25", "favorable"),
                ev("reply", "2023-05-05", "refused"))
    k = tl.get(DeadlineKind.REFUSAL_CONFIRMED)
    assert k is not None and k.date == d("2023-05-01")
    assert lateness(k, f, d("2023-05-10")) == Lateness(4, d("2023-05-05"))


def test_your_own_deadlines_are_never_late_answers():
    # the referral's last day Fri 28 Apr 2023 passed without a referral: overdue, not "late"
    f, tl = _tl()
    by = tl.get(DeadlineKind.CADA_REFERRAL_BY)
    assert deadline_status(by, f, d("2023-05-10")) == "missed"
    assert lateness(by, f, d("2023-05-10")) is None
