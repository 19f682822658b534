"""The worked examples of the legal reference, §4 (and §0.1, §0.10, §2.6 for 2020)."""

from __future__ import annotations

import pytest

from cada_tracker.law import LawOptions
from tests.law.helpers import NO_SUSPENSIONS, d, ev, timeline

# (name, received, registered, options, {kind: (date, safe_date or None)})
EXAMPLES = [
    (
        "4.1 plain (no COVID windows)",
        "2020-02-07",
        "2020-03-10",
        NO_SUSPENSIONS,
        {
            "implicit_refusal": ("2020-03-07", None),  # Sat, not moved
            "cada_referral_from": ("2020-03-08", None),
            "cada_referral_by": ("2020-05-07", "2020-05-06"),
            "cada_opinion_expected": ("2020-04-10", None),
            "refusal_confirmed": ("2020-05-10", None),  # Sun, not moved
            "court_by": ("2020-07-13", "2020-07-10"),  # Sat 11 Jul -> Mon 13 Jul
            "court_long_stop": ("2021-05-10", None),  # Czabaj ~ Mon 10 May 2021
        },
    ),
    (
        "4.1 COVID-adjusted (§0.1, §0.10)",
        "2020-02-07",
        "2020-03-10",
        None,
        {
            "implicit_refusal": ("2020-03-07", None),  # before 12 March: stands
            "cada_referral_from": ("2020-03-08", None),
            "cada_referral_by": ("2020-08-24", "2020-08-21"),  # art. 2: Sun 23 Aug -> Mon 24
            "cada_opinion_expected": ("2020-07-23", None),  # 10 Apr + 104 days
            "refusal_confirmed": ("2020-08-22", None),  # art. 7: 10 May + 104 days
            "court_by": ("2020-10-23", "2020-10-22"),  # K' + 2m + 1
        },
    ),
    (
        "4.2 month-end clamp",
        "2023-01-31",
        "2023-03-15",
        None,
        {
            "implicit_refusal": ("2023-02-28", None),
            "cada_referral_from": ("2023-03-01", None),
            "cada_referral_by": ("2023-04-28", "2023-04-27"),  # not 30 April
            "cada_opinion_expected": ("2023-04-15", None),
            "refusal_confirmed": ("2023-05-15", None),
            "court_by": ("2023-07-17", "2023-07-15"),  # Sun 16 Jul -> Mon 17 Jul
            "court_long_stop": ("2024-05-15", None),
        },
    ),
    (
        "4.3 holiday season",
        "2022-12-30",
        "2023-02-08",
        None,
        {
            "implicit_refusal": ("2023-01-30", None),
            "cada_referral_from": ("2023-01-31", None),
            "cada_referral_by": ("2023-03-30", "2023-03-29"),
            "cada_opinion_expected": ("2023-03-08", None),
            "refusal_confirmed": ("2023-04-08", None),  # Easter weekend, not moved
            "court_by": ("2023-06-09", "2023-06-08"),
            "court_long_stop": ("2024-04-08", None),
        },
    ),
]


@pytest.mark.parametrize("name, received, registered, options, expected", EXAMPLES)
def test_worked_example(name, received, registered, options, expected):
    _, tl = timeline(
        ev("received", received),
        ev("cada-registered", registered),
        authority_department="34",
        options=options,
    )
    for kind, (when, safe) in expected.items():
        got = tl.get(kind)
        assert got is not None, (name, kind)
        assert got.date == d(when), (name, kind, got.date)
        assert got.safe_date == (d(safe) if safe else None), (name, kind, got.safe_date)


@pytest.mark.parametrize(
    "received, registered, franc_reading",
    [
        ("2020-02-07", "2020-03-10", "Monday 11 May 2020"),  # 8 May is a holiday (§4.1)
        ("2023-01-31", "2023-03-15", "Tuesday 2 May 2023"),  # Sat 29 Apr, 1 May (§4.2)
    ],
)
def test_franc_reading_of_the_referral_is_an_alternative(received, registered, franc_reading):
    _, tl = timeline(
        ev("received", received), ev("cada-registered", registered), options=NO_SUSPENSIONS
    )
    alts = " ".join(tl.get("cada_referral_by").alternatives)
    assert f"franc, the last day would be {franc_reading}" in alts


def test_2020_deadlines_are_inferred_not_verified():
    _, tl = timeline(ev("received", "2020-02-07"), ev("cada-registered", "2020-03-10"))
    assert tl.get("refusal_confirmed").confidence == "inferred"
    assert "ord. 2020-306 art. 7" in tl.get("refusal_confirmed").basis
    assert "ord. 2020-306 art. 2" in tl.get("cada_referral_by").basis
    _, plain = timeline(
        ev("received", "2020-02-07"), ev("cada-registered", "2020-03-10"), options=NO_SUSPENSIONS
    )
    assert plain.get("refusal_confirmed").confidence == "verified"


@pytest.mark.parametrize(
    "received, b",
    [
        # CADA FAQ (§2.6): request 16 Feb 2020, nominal 16 March, 4 days left -> 28 June 2020
        ("2020-02-16", "2020-06-28"),
        # §0.1: received inside 12 Mar - 23 Jun: the month starts on 24 June -> 24 July
        ("2020-03-12", "2020-07-24"),
        ("2020-04-15", "2020-07-24"),
        ("2020-06-23", "2020-07-24"),
        # received 24 June: the normal rule again
        ("2020-06-24", "2020-07-24"),
        # received 11 Feb: nominal 11 March, ended before 12 March: not suspended
        ("2020-02-11", "2020-03-11"),
    ],
)
def test_2020_art7_on_the_implicit_refusal(received, b):
    _, tl = timeline(ev("received", received))
    assert tl.get("implicit_refusal").date == d(b)


def test_2020_registration_inside_the_window():
    # §0.1: a CADA referral registered in the window gives K = 24 August 2020;
    # court: 24 Aug + 2m = 24 Oct (Sat) + 1 = Sun 25 Oct -> Mon 26 Oct 2020
    _, tl = timeline(
        ev("received", "2020-04-15"),
        ev("cada-registered", "2020-05-05"),
        authority_department="75",
    )
    assert tl.get("refusal_confirmed").date == d("2020-08-24")
    assert tl.get("cada_opinion_expected").date == d("2020-07-24")
    assert tl.get("court_by").date == d("2020-10-26")
    # B = 24 July 2020 -> referral by 24 Sep 2020 (Thu), outside the art. 2 window
    assert tl.get("cada_referral_by").date == d("2020-09-24")


def test_referral_prorogation_option():
    # Received Wed 8 Feb 2023 -> B = Wed 8 Mar 2023 -> C = B + 2m = Mon 8 May 2023, a public
    # holiday (Victoire 1945): with CPC 642 Tue 9 May 2023; without it Mon 8 May 2023.
    _, on = timeline(ev("received", "2023-02-08"))
    off_opts = LawOptions(cada_referral_prorogation=False)
    _, off = timeline(ev("received", "2023-02-08"), options=off_opts)
    assert on.get("cada_referral_by").date == d("2023-05-09")
    assert off.get("cada_referral_by").date == d("2023-05-08")
    assert "CPC 642" not in off.get("cada_referral_by").basis
