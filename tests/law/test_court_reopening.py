"""The court period reopened by an explicit refusal after K (CJA R421-2, reference §0.4) and
its safe date (issue 9 point 2: never later than a plausible legal last day the engine lists).

Case K of the legal review, checkable with a 2022-2023 calendar: the referral was registered
on Sun 30 Oct 2022, so K = 30 Oct + 2 months = Fri 30 Dec 2022. Unreopened, the court period
runs K + 2 months = 30 Feb, clamped to Tue 28 Feb 2023, + 1 franc day = Wed 1 Mar 2023 (T,
a working day); its strict reading (no franc day, no CPC 642) is Tue 28 Feb 2023. The explicit
refusal notified on Thu 12 Jan 2023 (after K, before T) reopens it: 12 Mar 2023 (a Sunday)
+ 1 franc day = Mon 13 Mar 2023, strict Sun 12 Mar 2023.
"""

from __future__ import annotations

from datetime import timedelta

from cada_tracker.law import LawOptions
from cada_tracker.law.calendars import next_working_day
from cada_tracker.law.explain import explain_lines
from cada_tracker.law.months import add_months
from tests.law.helpers import d, ev, timeline

RECEIVED = ev("received", "2022-08-15")  # Mon 15 Aug 2022
REGISTERED = ev("cada-registered", "2022-10-30")  # Sun 30 Oct 2022 -> K = Fri 30 Dec 2022
REFUSAL = ev("reply", "2023-01-12", "refused", mentions_remedies=True)  # Thu 12 Jan 2023


def test_the_reopened_period_keeps_the_first_periods_strict_date_as_safe_date():
    f, tl = timeline(RECEIVED, REGISTERED, REFUSAL, authority_department="34")
    assert tl.get("refusal_confirmed").date == d("2022-12-30")  # Fri 30 Dec 2022
    court = tl.get("court_by")
    assert court.date == d("2023-03-13")  # Mon 13 Mar 2023 (reopened, legal)
    assert court.safe_date == d("2023-02-28")  # Tue 28 Feb 2023 (unreopened, strict)
    text = "\n".join(explain_lines(f, tl))
    assert ("Safe date: Tuesday 28 February 2023, the strict reading of the first period (last "
            "day Wednesday 1 March 2023)") in text
    # the [U] alternative is kept: the safe date is not later than it
    assert ("[U] If the explicit refusal of Thursday 12 January 2023 did not reopen the period, "
            "the last day would be Wednesday 1 March 2023.") in text


def test_without_the_refusal_the_first_period_is_the_deadline():
    _, tl = timeline(RECEIVED, REGISTERED, authority_department="34")
    court = tl.get("court_by")
    assert (court.date, court.safe_date) == (d("2023-03-01"), d("2023-02-28"))


def test_legal_aid_requested_within_the_first_period_keeps_the_aid_safe_date():
    # legal aid asked Mon 16 Jan 2023 (before T = Wed 1 Mar 2023), decided Wed 1 Feb 2023:
    # under both readings the aid interrupted the period, so the safe date is the strict
    # reading from the decision, 1 Feb + 2 months = Sat 1 Apr 2023 (legal Mon 3 Apr 2023)
    _, tl = timeline(RECEIVED, REGISTERED, REFUSAL, ev("legal-aid-requested", "2023-01-16"),
                     ev("legal-aid-decided", "2023-02-01"), authority_department="34")
    court = tl.get("court_by")
    assert (court.date, court.safe_date) == (d("2023-04-03"), d("2023-04-01"))


def test_the_court_safe_date_is_never_later_than_a_listed_reading():
    # every registration day of 2023, with an explicit refusal 1, 20 and 45 days after K (those
    # after T are confirmative): the safe date is on or before the legal date, the last day of
    # the unreopened period (the [U] alternative) and the month-end franc variant (§0.8:
    # quantième from the day after the start, then CPC 642) of either period
    fast = LawOptions(explain=False)
    day = d("2023-01-01")
    while day < d("2024-01-01"):
        reg = ev("cada-registered", day.isoformat())
        _, plain = timeline(RECEIVED, reg, options=fast, authority_department="34")
        k, t = plain.get("refusal_confirmed").date, plain.get("court_by").date
        assert plain.get("court_by").safe_date <= min(t, _month_end_variant(k)), day
        for after in (1, 20, 45):
            refusal = ev("reply", (k + timedelta(days=after)).isoformat(), "refused",
                         mentions_remedies=True)
            _, tl = timeline(RECEIVED, reg, refusal, options=fast, authority_department="34")
            court = tl.get("court_by")
            assert court.safe_date <= court.date, (day, after)
            assert court.safe_date <= min(t, _month_end_variant(k)), (day, after)
            if court.date != t:  # reopened from the refusal
                assert court.safe_date <= _month_end_variant(refusal.date), (day, after)
        day += timedelta(days=1)


def _month_end_variant(start):
    """The §0.8 reading explain lists: the quantième from the day after the start (franc), CPC
    642 on the national calendar (Hérault, 34)."""
    return next_working_day(add_months(start + timedelta(days=1), 2), "national")[0]
