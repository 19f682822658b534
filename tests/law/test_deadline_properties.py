"""Hypothesis properties of the engine (docs/design.md §5)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from cada_tracker.law import LawOptions, compute_timeline
from cada_tracker.law.calendars import calendar_for_department, non_working
from cada_tracker.law.months import add_months
from tests.law.helpers import NO_SUSPENSIONS, ev, facts

DEPARTMENTS = st.sampled_from(["34", "67", "57", "971", "972", "973", "974", "976", "978", "75"])
RESIDENCES = st.sampled_from(["metropole", "overseas", "abroad"])
DAYS = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))
OPTIONS = st.sampled_from([None, NO_SUSPENSIONS, LawOptions(cada_referral_prorogation=False)])


def _chain(received: date, gap: int, ack: bool, dept: str, residence: str, options=None):
    events = [ev("received", received.isoformat())]
    if ack:
        events.append(ev("acknowledged", received.isoformat(), complete=True))
    events.append(ev("cada-registered", (received + timedelta(days=gap)).isoformat()))
    f = facts(*events, authority_department=dept, requester_residence=residence)
    return compute_timeline(f, options)


@settings(max_examples=300, deadline=None)
@given(DAYS, st.integers(32, 150), st.booleans(), DEPARTMENTS, RESIDENCES, OPTIONS)
def test_never_before_its_start(received, gap, ack, dept, residence, options):
    tl = _chain(received, gap, ack, dept, residence, options)
    r = received + timedelta(days=gap)
    b = tl.get("implicit_refusal").date
    k = tl.get("refusal_confirmed").date
    assert b > received
    assert tl.get("cada_referral_from").date > b
    assert tl.get("cada_referral_by").date > b
    assert tl.get("cada_opinion_expected").date > r
    assert k > r
    assert tl.get("court_by").date > k
    for x in tl.deadlines:
        if x.safe_date is not None:
            assert x.safe_date <= x.date
        assert x.date > received


@settings(max_examples=300, deadline=None)
@given(DAYS, st.integers(32, 150), DEPARTMENTS)
def test_implicit_decisions_never_move(received, gap, dept):
    # Outside suspension windows, B and K are exactly one and two months, whatever the day.
    tl = _chain(received, gap, False, dept, "metropole", NO_SUSPENSIONS)
    assert tl.get("implicit_refusal").date == add_months(received, 1)
    assert tl.get("refusal_confirmed").date == add_months(received + timedelta(days=gap), 2)


@settings(max_examples=300, deadline=None)
@given(DAYS, st.integers(32, 150), st.booleans(), DEPARTMENTS, RESIDENCES)
def test_requester_last_days_are_working_days(received, gap, ack, dept, residence):
    tl = _chain(received, gap, ack, dept, residence)
    assert non_working(tl.get("cada_referral_by").date) is None  # national calendar (CADA)
    assert non_working(tl.get("court_by").date, calendar_for_department(dept)) is None
    # the strict referral date is moved back to a working day too (LawOptions default)
    assert non_working(tl.get("cada_referral_by").safe_date) is None


NO_WINDOW_OPTIONS = st.sampled_from(
    [NO_SUSPENSIONS, LawOptions(cada_referral_prorogation=False, suspensions=())]
)


# Outside suspension windows only: ord. 2020-306 art. 2 is not monotonic by design (an act due
# on 23 June 2020 could be done until 23 August; one due on 24 June had to be done that day).
@settings(max_examples=200, deadline=None)
@given(DAYS, st.integers(1, 40), st.integers(32, 150), DEPARTMENTS, RESIDENCES, NO_WINDOW_OPTIONS)
def test_monotonic_in_the_start_date(received, shift, gap, dept, residence, options):
    early = _chain(received, gap, False, dept, residence, options)
    late = _chain(received + timedelta(days=shift), gap, False, dept, residence, options)
    for a in early.deadlines:
        b = late.get(a.kind)
        assert b is not None
        assert a.date <= b.date, a.kind
        if a.safe_date and b.safe_date:
            assert a.safe_date <= b.safe_date, a.kind


@settings(max_examples=100, deadline=None)
@given(DAYS, st.integers(32, 150), DEPARTMENTS, RESIDENCES)
def test_fast_path_gives_the_same_dates(received, gap, dept, residence):
    slow = _chain(received, gap, False, dept, residence)
    fast = _chain(received, gap, False, dept, residence, LawOptions(explain=False))
    assert [x.to_json() for x in slow.deadlines] == [x.to_json() for x in fast.deadlines]
    assert all(x.steps for x in slow.deadlines)
    assert not any(x.steps for x in fast.deadlines)


def test_art2_is_not_monotonic_by_design():
    # court long stop: K = 23 Jun 2019 -> 23 Jun 2020 (inside the window) -> 23 Aug 2020;
    # K = 24 Jun 2019 -> 24 Jun 2020 (after the window): unchanged.
    early = _chain(date(2019, 3, 1), 53, False, "34", "metropole")
    late = _chain(date(2019, 3, 2), 53, False, "34", "metropole")
    assert early.get("refusal_confirmed").date == date(2019, 6, 23)
    assert early.get("court_long_stop").date == date(2020, 8, 23)
    assert late.get("court_long_stop").date == date(2020, 6, 24)
