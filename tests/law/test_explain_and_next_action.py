"""explain_lines, next_action and deadline_status."""

from __future__ import annotations

from datetime import date

import pytest

from cada_tracker.domain import current_state
from cada_tracker.law import (
    LawOptions,
    compute_timeline,
    deadline_status,
    explain_lines,
    next_action,
)
from tests.law.helpers import d, ev, facts, timeline


def _montpellier():
    return timeline(
        ev("received", "2020-02-07"), ev("cada-registered", "2020-03-10"), authority_department="34"
    )


def test_explain_2020_case():
    f, tl = _montpellier()
    text = "\n".join(explain_lines(f, tl))
    # the suspensions, both families
    assert "ord. 2020-306 art. 2" in text and "ord. 2020-306 art. 7" in text
    assert "+ 104 days" in text
    # the weekend skipped by name, and the implicit decisions not moved
    assert "Sunday 23 August 2020 is a Sunday: moved to the next day (CPC 642)" in text
    assert "never moved to a working day" in text
    # articles
    for article in ("CRPA R311-13", "CRPA R343-1", "CRPA R343-5", "CJA R421-1", "CPC 642"):
        assert article in text
    # the [U] franc reading of the CADA deadline
    assert "[U] If the referral period were franc" in text
    assert "Monday 24 August 2020 (safe: Friday 21 August 2020)" in text
    assert all("\x1b" not in line for line in explain_lines(f, tl))


def test_explain_names_holidays():
    f, tl = timeline(
        ev("received", "2023-02-01"), ev("cada-registered", "2023-03-13"), authority_department="13"
    )
    text = "\n".join(explain_lines(f, tl))
    assert "Friday 14 July 2023 is a public holiday (fête nationale, 14 July)" in text
    assert "Saturday 15 July 2023 is a Saturday" in text
    f, tl = timeline(
        ev("received", "2024-11-10"), ev("cada-registered", "2024-12-17"), authority_department="67"
    )
    text = "\n".join(explain_lines(f, tl))
    assert "Vendredi saint" in text and "lundi de Pâques" in text
    assert "Alsace-Moselle calendar" in text


def test_explain_recomputes_a_fast_timeline():
    f, slow = _montpellier()
    fast = compute_timeline(f, LawOptions(explain=False))
    assert explain_lines(f, fast) == explain_lines(f, slow)


def test_explain_without_deadlines():
    f = facts()
    assert any("No deadline yet" in x for x in explain_lines(f, compute_timeline(f)))


def _na(events, today, **kw):
    f, tl = timeline(*events, **kw)
    state = current_state(f.events, tl, d(today))
    return state, next_action(state, f, tl, d(today))


@pytest.mark.parametrize(
    "events, today, kind, when",
    [
        # awaiting the reply: the implicit refusal date (§4.2: B = 28 Feb 2023)
        ([ev("received", "2023-01-31")], "2023-02-10", "implicit_refusal", "2023-02-28"),
        # after B: refer by the legal date, safe date in the text
        ([ev("received", "2023-01-31")], "2023-03-10", "cada_referral_by", "2023-04-28"),
        # not opposable and the 2 months passed: still the 2-month date (overdue: act now)
        ([ev("received", "2023-01-31")], "2023-06-01", "cada_referral_by", "2023-04-28"),
        # CADA phase: the expected opinion
        (
            [ev("received", "2023-01-31"), ev("cada-registered", "2023-03-15")],
            "2023-04-01",
            "cada_opinion_expected",
            "2023-04-15",
        ),
        # after K: the court
        (
            [ev("received", "2023-01-31"), ev("cada-registered", "2023-03-15")],
            "2023-06-01",
            "court_by",
            "2023-07-17",
        ),
    ],
)
def test_next_action(events, today, kind, when):
    _, na = _na(events, today, authority_department="34")
    assert na.kind == kind
    assert na.date == d(when)


def test_next_action_after_an_indicative_limit_names_the_long_stop():
    _, na = _na([ev("received", "2023-01-31")], "2023-06-01")
    assert "Wednesday 28 February 2024" in na.what  # B + 1 year
    _, na = _na([ev("received", "2023-01-31")], "2024-03-01")  # both passed
    assert na.kind is None and "new request" in na.what


def test_next_action_gives_the_safe_date_in_words():
    _, na = _na([ev("received", "2023-01-31")], "2023-03-10")
    assert "Friday 28 April 2023" in na.what and "Thursday 27 April 2023" in na.what


def test_next_action_without_requester_deadline():
    state, na = _na(
        [ev("received", "2023-03-01"), ev("reply", "2023-03-15", "fee-requested")], "2023-03-20"
    )
    assert state == "awaiting-payment" and na.kind is None and na.date is None
    assert "no deadline" in na.what
    state, na = _na(
        [ev("received", "2023-03-01"), ev("reply", "2023-03-15", "clarification-requested")],
        "2023-03-20",
    )
    assert state == "clarification-requested" and na.kind is None
    assert "no deadline binds you" in na.what
    assert next_action("draft", facts(), compute_timeline(facts()), date(2023, 1, 1)).kind is None


def test_referral_missed_when_opposable():
    _, na = _na(
        [ev("received", "2023-01-31"), ev("acknowledged", "2023-02-01", complete=True)],
        "2023-05-02",
    )
    assert na.kind is None and "passed" in na.what


@pytest.mark.parametrize(
    "extra, today, kind, status",
    [
        ([], "2023-02-10", "implicit_refusal", "pending"),
        ([], "2023-03-01", "implicit_refusal", "missed"),  # silence: the refusal was born
        ([ev("reply", "2023-02-20", "refused")], "2023-03-01", "implicit_refusal", "met"),
        ([], "2023-04-28", "cada_referral_by", "pending"),  # the last day itself
        ([], "2023-04-29", "cada_referral_by", "missed"),
        ([ev("cada-sent", "2023-04-28")], "2023-06-01", "cada_referral_by", "met"),
        ([ev("cada-sent", "2023-02-25")], "2023-06-01", "cada_referral_from", "missed"),
        ([ev("cada-sent", "2023-03-10")], "2023-04-01", "cada_opinion_expected", "expected"),
        (
            [
                ev("cada-sent", "2023-03-10"),
                ev("cada-registered", "2023-03-15"),
                ev("cada-opinion", "2023-04-10", "favorable"),
            ],
            "2023-04-20",
            "cada_opinion_expected",
            "met",
        ),
        (
            [ev("cada-registered", "2023-03-15"), ev("court-filed", "2023-07-17")],
            "2023-08-01",
            "court_by",
            "met",
        ),
        ([ev("cada-registered", "2023-03-15")], "2023-07-18", "court_by", "missed"),
    ],
)
def test_deadline_status(extra, today, kind, status):
    f, tl = timeline(ev("received", "2023-01-31"), *extra, authority_department="34")
    assert deadline_status(tl.get(kind), f, d(today)) == status


# ---- review 13: explain sentences after a transfer and after a forced late referral ----------


def test_explain_after_a_transfer_says_the_first_referral_day_comes_from_the_transfer():
    # sent by post Tue 31 Jan 2023 (receipt estimated Wed 1 to Sat 4 Feb 2023); transferred
    # Fri 10 Mar 2023: from the competent authority's receipt B = Mon 10 Apr 2023, so the first
    # admissible referral is Tue 11 Apr 2023 (not the day after the latest receipt estimate)
    f, tl = timeline(ev("sent", "2023-01-31"), ev("reply", "2023-03-10", "transferred"),
                     channel="post")
    assert tl.get("cada_referral_from").date == d("2023-04-11")
    text = "\n".join(explain_lines(f, tl))
    assert ("The request was transferred on Friday 10 March 2023: counted from its receipt by the "
            "competent authority (CRPA R311-13, from Friday 10 March 2023), B would be Monday 10 "
            "April 2023.") in text
    assert "The latest estimate" not in text


def test_explain_after_a_forced_late_referral_says_only_k_is_estimated():
    # complete AR: C = Fri 28 Apr 2023 binds; cada-sent Sat 29 Apr 2023 (forced), R not
    # recorded: K is estimated (Thu 29 Jun 2023) but no court deadline is computed
    f, tl = timeline(ev("received", "2023-01-31"),
                     ev("acknowledged", "2023-02-02", complete=True),
                     ev("cada-sent", "2023-04-29", forced=True))
    assert tl.get("refusal_confirmed").date == d("2023-06-29") and tl.get("court_by") is None
    text = "\n".join(explain_lines(f, tl))
    assert "K is estimated from the date the referral was sent" in text
    assert "K and the court deadline are estimated" not in text
    # in time (Fri 28 Apr 2023): the court deadline is estimated too
    _, tl = timeline(ev("received", "2023-01-31"),
                     ev("acknowledged", "2023-02-02", complete=True), ev("cada-sent", "2023-04-28"))
    assert any("K and the court deadline are estimated" in w for w in tl.warnings)
