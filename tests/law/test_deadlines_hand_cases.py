"""Hand-computed cases, each checkable with a calendar. One comment per row gives the reasoning."""

from __future__ import annotations

import pytest

from cada_tracker.law import LawOptions
from cada_tracker.law.suspensions import parse_windows
from tests.law.helpers import d, ev, timeline

# (id, events, facts keywords, {kind: date or (date, safe)})
CASES = [
    (
        # Leap year: received Wed 31 Jan 2024 -> B = Thu 29 Feb 2024 (clamp); C = B + 2m =
        # Mon 29 Apr 2024 (working); safe = C - 1 = Sun 28 Apr -> Sat 27 -> Fri 26 Apr 2024.
        "leap-year",
        [ev("received", "2024-01-31")],
        {},
        {
            "implicit_refusal": "2024-02-29",
            "cada_referral_from": "2024-03-01",
            "cada_referral_by": ("2024-04-29", "2024-04-26"),
        },
    ),
    (
        # 14 July: R = Mon 13 Mar 2023 -> K = Sat 13 May 2023 (not moved); court: K + 2m =
        # Thu 13 Jul + 1 (franc) = Fri 14 Jul (fête nationale) -> Sat 15, Sun 16 -> Mon 17 Jul.
        "14-july",
        [ev("received", "2023-02-01"), ev("cada-registered", "2023-03-13")],
        {"authority_department": "13"},
        {
            "cada_opinion_expected": "2023-04-13",
            "refusal_confirmed": "2023-05-13",
            "court_by": ("2023-07-17", "2023-07-13"),
        },
    ),
    (
        # Easter Monday: received Mon 1 Jan 2024 -> B = Thu 1 Feb 2024 -> C = Mon 1 Apr 2024
        # (lundi de Pâques) -> Tue 2 Apr 2024; safe = Sun 31 Mar -> Sat 30 -> Fri 29 Mar 2024
        # (Good Friday is a working day outside Alsace-Moselle).
        "easter-monday",
        [ev("received", "2024-01-01")],
        {},
        {"implicit_refusal": "2024-02-01", "cada_referral_by": ("2024-04-02", "2024-03-29")},
    ),
    (
        # Whit Monday: received Sun 9 Mar 2025 -> B = Wed 9 Apr 2025 -> C = Mon 9 Jun 2025
        # (lundi de Pentecôte) -> Tue 10 Jun 2025; safe = Sun 8 Jun -> Sat 7 -> Fri 6 Jun 2025.
        "whit-monday",
        [ev("received", "2025-03-09")],
        {},
        {"cada_referral_by": ("2025-06-10", "2025-06-06")},
    ),
    (
        # Ascension: R = Tue 13 Jan 2026 -> K = Fri 13 Mar 2026; court: K + 2m = Wed 13 May + 1
        # = Thu 14 May 2026 (Ascension) -> Fri 15 May 2026; safe Wed 13 May 2026.
        "ascension",
        [ev("received", "2025-12-01"), ev("cada-registered", "2026-01-13")],
        {"authority_department": "75"},
        {"refusal_confirmed": "2026-03-13", "court_by": ("2026-05-15", "2026-05-13")},
    ),
    (
        # Alsace-Moselle Good Friday: R = Tue 17 Dec 2024 -> K = Mon 17 Feb 2025; court:
        # K + 2m = Thu 17 Apr + 1 = Fri 18 Apr 2025 (Vendredi saint in dept 67) -> Sat 19,
        # Sun 20, Mon 21 (Easter Monday) -> Tue 22 Apr 2025.
        "alsace-good-friday",
        [ev("received", "2024-11-10"), ev("cada-registered", "2024-12-17")],
        {"authority_department": "67"},
        {"refusal_confirmed": "2025-02-17", "court_by": ("2025-04-22", "2025-04-17")},
    ),
    (
        # Same dates before a court outside Alsace-Moselle (dept 69): Fri 18 Apr 2025 is a
        # working day, so the last day stays Fri 18 Apr 2025.
        "good-friday-elsewhere",
        [ev("received", "2024-11-10"), ev("cada-registered", "2024-12-17")],
        {"authority_department": "69"},
        {"court_by": ("2025-04-18", "2025-04-17")},
    ),
    (
        # Alsace-Moselle 26 December: R = Mon 25 Aug 2025 -> K = Sat 25 Oct 2025; court:
        # K + 2m = Thu 25 Dec + 1 = Fri 26 Dec 2025 (Saint-Étienne in Moselle) -> Sat 27,
        # Sun 28 -> Mon 29 Dec 2025.
        "moselle-26-december",
        [ev("received", "2025-07-01"), ev("cada-registered", "2025-08-25")],
        {"authority_department": "57"},
        {"refusal_confirmed": "2025-10-25", "court_by": ("2025-12-29", "2025-12-25")},
    ),
    (
        # Same dates in Paris: Fri 26 Dec 2025 is a working day.
        "paris-26-december",
        [ev("received", "2025-07-01"), ev("cada-registered", "2025-08-25")],
        {"authority_department": "75"},
        {"court_by": ("2025-12-26", "2025-12-25")},
    ),
    (
        # Guyane 10 June, requester living in Guyane (no distance extension): R = Sun 9 Feb
        # 2025 -> K = Wed 9 Apr 2025; court: K + 2m = Mon 9 Jun + 1 = Tue 10 Jun 2025
        # (abolition de l'esclavage in Guyane) -> Wed 11 Jun 2025.
        "guyane-10-june",
        [ev("received", "2025-01-02"), ev("cada-registered", "2025-02-09")],
        {"authority_department": "973", "requester_residence": "overseas"},
        {"refusal_confirmed": "2025-04-09", "court_by": ("2025-06-11", "2025-06-09")},
    ),
    (
        # La Réunion with a requester in metropolitan France: + 1 month (CJA R421-7 al. 2).
        # R = Fri 19 Jul 2024 -> K = Thu 19 Sep 2024; K + 3m = Thu 19 Dec + 1 = Fri 20 Dec
        # 2024 (abolition de l'esclavage in La Réunion) -> Sat 21, Sun 22 -> Mon 23 Dec 2024.
        "reunion-20-december-distance",
        [ev("received", "2024-06-01"), ev("cada-registered", "2024-07-19")],
        {"authority_department": "974", "requester_residence": "metropole"},
        {"refusal_confirmed": "2024-09-19", "court_by": ("2024-12-23", "2024-12-19")},
    ),
    (
        # La Réunion, requester living there: K + 2m = Tue 19 Nov + 1 = Wed 20 Nov 2024.
        "reunion-local",
        [ev("received", "2024-06-01"), ev("cada-registered", "2024-07-19")],
        {"authority_department": "974", "requester_residence": "overseas"},
        {"court_by": ("2024-11-20", "2024-11-19")},
    ),
    (
        # Requester abroad, court in Paris: + 2 months. R = Wed 15 Mar 2023 -> K = Mon 15 May
        # 2023; K + 4m = Fri 15 Sep + 1 = Sat 16 Sep -> Sun 17 -> Mon 18 Sep 2023.
        "abroad",
        [ev("received", "2023-01-31"), ev("cada-registered", "2023-03-15")],
        {"authority_department": "75", "requester_residence": "abroad"},
        {"court_by": ("2023-09-18", "2023-09-15")},
    ),
    (
        # Every step on a non-working day: received Sat 1 Apr 2023 -> B = Mon 1 May 2023
        # (fête du Travail, not moved); C = Sat 1 Jul -> Sun 2 -> Mon 3 Jul 2023; safe = Fri
        # 30 Jun. R = Mon 10 Jul 2023 -> K = Sun 10 Sep 2023 (not moved); court: K + 2m =
        # Fri 10 Nov + 1 = Sat 11 Nov (also Armistice) -> Sun 12 -> Mon 13 Nov 2023.
        "all-on-weekends",
        [ev("received", "2023-04-01"), ev("cada-registered", "2023-07-10")],
        {"authority_department": "75"},
        {
            "implicit_refusal": "2023-05-01",
            "cada_referral_from": "2023-05-02",
            "cada_referral_by": ("2023-07-03", "2023-06-30"),
            "refusal_confirmed": "2023-09-10",
            "court_by": ("2023-11-13", "2023-11-10"),
        },
    ),
    (
        # Explicit refusal before B: received Wed 1 Mar 2023, refused Fri 10 Mar 2023 with the
        # remedies -> referral admissible at once; C = Wed 10 May 2023; safe Tue 9 May.
        "explicit-refusal-before-b",
        [
            ev("received", "2023-03-01"),
            ev("reply", "2023-03-10", "refused", mentions_remedies=True),
        ],
        {},
        {
            "implicit_refusal": "2023-04-01",
            "cada_referral_from": "2023-03-10",
            "cada_referral_by": ("2023-05-10", "2023-05-09"),
        },
    ),
    (
        # Explicit refusal inside the window reopens it: B = Sat 1 Apr 2023, first C = Thu
        # 1 Jun 2023; refused Mon 15 May 2023 -> C = Sat 15 Jul -> Sun 16 -> Mon 17 Jul 2023;
        # safe = Fri 14 Jul (holiday) -> Thu 13 Jul 2023.
        "explicit-refusal-reopens",
        [
            ev("received", "2023-03-01"),
            ev("reply", "2023-05-15", "refused", mentions_remedies=True),
        ],
        {},
        {"cada_referral_by": ("2023-07-17", "2023-07-13")},
    ),
    (
        # Explicit refusal after the window closed (Thu 1 Jun 2023): confirmative, C unchanged.
        "explicit-refusal-confirmative",
        [ev("received", "2023-03-01"), ev("reply", "2023-06-10", "refused")],
        {},
        {"cada_referral_by": ("2023-06-01", "2023-05-31")},
    ),
    (
        # Environmental information, extension told on 20 Mar 2023 (within the first month):
        # B = 1 Mar + 2m = Mon 1 May 2023 (holiday, not moved); C = Sat 1 Jul -> Mon 3 Jul.
        "environmental-extended",
        [ev("received", "2023-03-01"), ev("reply", "2023-03-20", "extended")],
        {"environmental": True},
        {"implicit_refusal": "2023-05-01", "cada_referral_by": ("2023-07-03", "2023-06-30")},
    ),
    (
        # Environmental, extension told on 5 Apr 2023, after the first month: ignored, B = 1 Apr.
        "environmental-extension-late",
        [ev("received", "2023-03-01"), ev("reply", "2023-04-05", "extended")],
        {"environmental": True},
        {"implicit_refusal": "2023-04-01"},
    ),
    (
        # An "extended" reply for an ordinary request changes nothing: B = Sat 1 Apr 2023.
        "extension-not-environmental",
        [ev("received", "2023-03-01"), ev("reply", "2023-03-20", "extended")],
        {},
        {"implicit_refusal": "2023-04-01"},
    ),
    (
        # Sent by post on Wed 1 Mar 2023, receipt unknown: received between Thu 2 and Sun
        # 5 Mar. B = Sun 2 Apr 2023 (from the earliest); first referral = 5 Apr + 1 = Thu 6 Apr
        # (from the latest); C = Fri 2 Jun 2023, safe Thu 1 Jun.
        "estimated-receipt-post",
        [ev("sent", "2023-03-01")],
        {"channel": "post"},
        {
            "implicit_refusal": "2023-04-02",
            "cada_referral_from": "2023-04-06",
            "cada_referral_by": ("2023-06-02", "2023-06-01"),
        },
    ),
    (
        # Sent by e-mail on Wed 1 Mar 2023: received the same day, B = Sat 1 Apr 2023.
        "estimated-receipt-email",
        [ev("sent", "2023-03-01")],
        {"channel": "email"},
        {"implicit_refusal": "2023-04-01", "cada_referral_from": "2023-04-02"},
    ),
    (
        # No complete acknowledgment -> not opposable: long stops. Referral: B = 28 Feb 2023
        # + 1 year = Wed 28 Feb 2024. Court: K = 15 May 2023 + 1 year = Wed 15 May 2024.
        "not-opposable-long-stops",
        [ev("received", "2023-01-31"), ev("cada-registered", "2023-03-15")],
        {"authority_department": "34"},
        {"cada_referral_long_stop": "2024-02-28", "court_long_stop": "2024-05-15"},
    ),
    (
        # Explicit confirmation before K (no remedies stated): court from Thu 20 Apr 2023:
        # + 2m = Tue 20 Jun + 1 = Wed 21 Jun 2023; Czabaj from the notification: 20 Apr 2024.
        "explicit-confirmation-before-k",
        [
            ev("received", "2023-01-31"),
            ev("cada-registered", "2023-03-15"),
            ev("reply", "2023-04-20", "refused", mentions_remedies=False),
        ],
        {"authority_department": "34"},
        {
            "refusal_confirmed": "2023-05-15",
            "court_by": ("2023-06-21", "2023-06-20"),
            "court_long_stop": "2024-04-20",
        },
    ),
    (
        # Court deadline reopened (§0.4): K = 15 May 2023, T = 17 Jul 2023; refusal notified
        # Fri 30 Jun 2023 (<= T): T' = 30 Aug + 1 = Thu 31 Aug 2023. Issue 9 point 2: the safe
        # date is the unreopened first period's strict reading, K + 2 months = Sat 15 Jul 2023
        # (the [U] reading that the refusal did not reopen it), not T' strict (Wed 30 Aug).
        "court-reopens",
        [
            ev("received", "2023-01-31"),
            ev("cada-registered", "2023-03-15"),
            ev("reply", "2023-06-30", "refused", mentions_remedies=True),
        ],
        {"authority_department": "34"},
        {"court_by": ("2023-08-31", "2023-07-15")},
    ),
    (
        # Refusal notified after T (17 Jul 2023): merely confirmatory, T unchanged.
        "court-confirmative",
        [
            ev("received", "2023-01-31"),
            ev("cada-registered", "2023-03-15"),
            ev("reply", "2023-07-20", "refused", mentions_remedies=True),
        ],
        {"authority_department": "34"},
        {"court_by": ("2023-07-17", "2023-07-15")},
    ),
    (
        # Transfer on Mon 20 Mar 2023: B = Sat 1 Apr 2023 from the first receipt (L114-3);
        # from the competent authority's receipt B' = Thu 20 Apr, so the first referral is
        # Fri 21 Apr 2023; C from the earlier B: Thu 1 Jun 2023.
        "transfer",
        [ev("received", "2023-03-01"), ev("reply", "2023-03-20", "transferred")],
        {},
        {
            "implicit_refusal": "2023-04-01",
            "cada_referral_from": "2023-04-21",
            "cada_referral_by": ("2023-06-01", "2023-05-31"),
        },
    ),
    (
        # Registration unknown, referral sent by post on Fri 10 Mar 2023: R estimated Sat
        # 11 Mar (1 day), K = Thu 11 May 2023, court: 11 Jul + 1 = Wed 12 Jul 2023.
        "registration-estimated",
        [ev("received", "2023-01-31"), ev("cada-sent", "2023-03-10", channel="post")],
        {"channel": "post", "authority_department": "34"},
        {"refusal_confirmed": "2023-05-11", "court_by": ("2023-07-12", "2023-07-11")},
    ),
    (
        # The same request (sent by post), referral channel not recorded: e-mail assumed, the
        # CADA's usual route, so R is estimated the same day, Fri 10 Mar 2023. K = Wed 10 May
        # 2023; court: 10 Jul + 1 = Tue 11 Jul 2023 (safe reading Mon 10 Jul).
        "registration-estimated-email-assumed",
        [ev("received", "2023-01-31"), ev("cada-sent", "2023-03-10")],
        {"channel": "post", "authority_department": "34"},
        {"refusal_confirmed": "2023-05-10", "court_by": ("2023-07-11", "2023-07-10")},
    ),
    (
        # A request sent by e-mail, referred by registered post on Fri 10 Mar 2023: the
        # referral's own channel counts, R estimated Sat 11 Mar, K = Thu 11 May 2023.
        "registration-estimated-referral-by-post",
        [ev("received", "2023-01-31"), ev("cada-sent", "2023-03-10", channel="registered-post")],
        {"channel": "email", "authority_department": "34"},
        {"refusal_confirmed": "2023-05-11", "court_by": ("2023-07-12", "2023-07-11")},
    ),
    (
        # Legal aid requested Thu 1 Jun 2023 (within the period ending 17 Jul), decided Mon
        # 4 Sep 2023: new period 4 Nov + 1 = Sun 5 Nov -> Mon 6 Nov 2023.
        "legal-aid",
        [
            ev("received", "2023-01-31"),
            ev("cada-registered", "2023-03-15"),
            ev("legal-aid-requested", "2023-06-01"),
            ev("legal-aid-decided", "2023-09-04"),
        ],
        {"authority_department": "34"},
        {"court_by": ("2023-11-06", "2023-11-04")},
    ),
    (
        # L232-4: reasons requested Thu 1 Jun 2023, received Tue 20 Jun 2023: 20 Aug + 1 =
        # Mon 21 Aug 2023 (later than 17 Jul, so it extends the court deadline only).
        "reasons-l232-4",
        [
            ev("received", "2023-01-31"),
            ev("cada-registered", "2023-03-15"),
            ev("reasons-requested", "2023-06-01"),
            ev("reasons-received", "2023-06-20"),
        ],
        {"authority_department": "34"},
        {"cada_referral_by": ("2023-04-28", "2023-04-27"), "court_by": "2023-08-21"},
    ),
    (
        # Month-end: R = Thu 30 May 2024 -> K = Tue 30 Jul 2024; K + 2m = Mon 30 Sep + 1 =
        # Tue 1 Oct 2024 (the §0.8 variant gives 30 Sep, listed as an alternative).
        "month-end-franc",
        [ev("received", "2024-04-02"), ev("cada-registered", "2024-05-30")],
        {"authority_department": "34"},
        {"refusal_confirmed": "2024-07-30", "court_by": ("2024-10-01", "2024-09-30")},
    ),
]


@pytest.mark.parametrize("name, events, kw, expected", CASES, ids=[c[0] for c in CASES])
def test_hand_case(name, events, kw, expected):
    _, tl = timeline(*events, **kw)
    for kind, want in expected.items():
        got = tl.get(kind)
        assert got is not None, kind
        when, safe = (want, None) if isinstance(want, str) else want
        assert got.date == d(when), (kind, got.date)
        if safe is not None:
            assert got.safe_date == d(safe), (kind, got.safe_date)


def _tl(*events, **kw):
    return timeline(*events, **kw)[1]


def test_absent_until_the_start_event():
    assert _tl().deadlines == ()
    tl = _tl(ev("received", "2023-03-01"))
    assert {x.kind for x in tl.deadlines} >= {"implicit_refusal", "cada_referral_by"}
    assert tl.get("refusal_confirmed") is None and tl.get("court_by") is None


def test_opposable_with_a_complete_acknowledgment():
    tl = _tl(
        ev("received", "2023-01-31"),
        ev("acknowledged", "2023-02-02", complete=True),
        ev("cada-registered", "2023-03-15"),
        authority_department="34",
    )
    assert tl.get("cada_referral_by").opposable and tl.get("court_by").opposable
    assert tl.get("cada_referral_long_stop") is None and tl.get("court_long_stop") is None
    incomplete = _tl(ev("received", "2023-01-31"), ev("acknowledged", "2023-02-02", complete=False))
    assert not incomplete.get("cada_referral_by").opposable


def test_explicit_refusal_without_remedies_is_not_opposable():
    tl = _tl(
        ev("received", "2023-03-01"), ev("reply", "2023-03-10", "refused", mentions_remedies=False)
    )
    assert not tl.get("cada_referral_by").opposable
    # long stop from the notification: 10 Mar 2023 + 1 year = Sun 10 Mar 2024
    assert tl.get("cada_referral_long_stop").date == d("2024-03-10")
    unknown = _tl(ev("received", "2023-03-01"), ev("reply", "2023-03-10", "refused"))
    assert unknown.get("cada_referral_by").opposable  # the safe assumption
    assert any("mentions-remedies" in w for w in unknown.warnings)


def test_estimated_flags():
    tl = _tl(ev("sent", "2023-03-01"), channel="registered-post")
    assert tl.get("implicit_refusal").estimated and tl.get("cada_referral_by").estimated
    exact = _tl(ev("received", "2023-03-01"))
    assert not exact.get("implicit_refusal").estimated
    r = _tl(ev("received", "2023-01-31"), ev("cada-sent", "2023-03-10"), channel="email")
    # e-mail: R = the sending day, 10 Mar 2023 -> K = Wed 10 May 2023, estimated
    assert r.get("refusal_confirmed").date == d("2023-05-10")
    assert r.get("refusal_confirmed").estimated and r.get("court_by").estimated
    assert not r.get("cada_referral_by").estimated


def test_fee_request_means_no_requester_deadline():
    tl = _tl(ev("received", "2023-03-01"), ev("reply", "2023-03-15", "fee-requested"))
    assert tl.get("implicit_refusal") is not None
    assert tl.get("cada_referral_by") is None
    assert any("fees" in w for w in tl.warnings)


def test_full_reply_closes_the_chain():
    tl = _tl(ev("received", "2023-03-01"), ev("reply", "2023-03-15", "full"))
    assert [x.kind for x in tl.deadlines] == ["implicit_refusal"]


def test_legal_aid_pending_removes_the_court_deadline():
    tl = _tl(
        ev("received", "2023-01-31"),
        ev("cada-registered", "2023-03-15"),
        ev("legal-aid-requested", "2023-06-01"),
        authority_department="34",
    )
    assert tl.get("court_by") is None
    assert any("Legal aid" in w for w in tl.warnings)


def test_reopened_windows_list_the_first_reading():
    tl = _tl(
        ev("received", "2023-03-01"), ev("reply", "2023-05-15", "refused", mentions_remedies=True)
    )
    assert any("Thursday 1 June 2023" in a for a in tl.get("cada_referral_by").alternatives)
    no = _tl(
        ev("received", "2023-03-01"),
        ev("reply", "2023-05-15", "refused", mentions_remedies=True),
        options=LawOptions(explicit_refusal_reopens_referral=False),
    )
    assert no.get("cada_referral_by").date == d("2023-06-01")


def test_month_end_variant_is_an_alternative():
    tl = _tl(
        ev("received", "2024-04-02"), ev("cada-registered", "2024-05-30"), authority_department="34"
    )
    assert any("Monday 30 September 2024" in a for a in tl.get("court_by").alternatives)


def test_unknown_department_warns_and_uses_national_calendar():
    tl = _tl(ev("received", "2023-01-31"), ev("cada-registered", "2023-03-15"))
    assert tl.get("court_by").date == d("2023-07-17")
    assert any("department is unknown" in w for w in tl.warnings)


def test_a_new_window_is_a_data_only_change():
    # A fictitious strike window: authority periods running on 10 Jan 2030 resume on 20 Jan
    # (10 days). Received Tue 1 Jan 2030: nominal B = Fri 1 Feb 2030 + 10 days = Mon 11 Feb.
    # Requester acts due 10-19 Jan are in time within the period counted from 19 Jan, cap 1
    # month: a referral due then moves to 19 Feb 2030.
    windows = parse_windows(
        {
            "windows": [
                {
                    "id": "strike-2030",
                    "family": "authority",
                    "start": "2030-01-10",
                    "end": "2030-01-19",
                    "resume": "2030-01-20",
                    "label": "grève",
                    "basis": ["X"],
                },
                {
                    "id": "strike-2030-acts",
                    "family": "requester",
                    "start": "2030-01-10",
                    "end": "2030-01-19",
                    "cap_months": 1,
                    "label": "grève",
                    "basis": ["Y"],
                },
            ]
        }
    )
    opts = LawOptions(suspensions=windows)
    tl = _tl(ev("received", "2030-01-01"), options=opts)
    assert tl.get("implicit_refusal").date == d("2030-02-11")
    # explicit refusal 15 Nov 2029 -> C = Tue 15 Jan 2030, inside the window -> 19 Feb 2030
    tl = _tl(
        ev("received", "2029-11-10"),
        ev("reply", "2029-11-15", "refused", mentions_remedies=True),
        options=opts,
    )
    assert tl.get("cada_referral_by").date == d("2030-02-19")
    assert "Y" in tl.get("cada_referral_by").basis


def test_bad_windows_are_rejected():
    with pytest.raises(ValueError):
        parse_windows(
            {
                "windows": [
                    {"id": "x", "family": "other", "start": "2020-01-01", "end": "2020-01-02"}
                ]
            }
        )
    with pytest.raises(ValueError):
        parse_windows(
            {
                "windows": [
                    {"id": "x", "family": "authority", "start": "2020-01-01", "end": "2020-01-02"}
                ]
            }
        )


def test_court_limit_binds_after_an_explicit_refusal_that_stated_the_remedies():
    # Received Wed 1 Mar 2023; refused Mon 20 Mar 2023 with the remedies stated; no
    # acknowledgment recorded (irrelevant once a decision was notified: CRPA L112-6 al. 2).
    # CADA registered Thu 6 Apr 2023 -> K = Tue 6 Jun 2023; court = 6 Jun + 2 months + 1 day
    # = Mon 7 Aug 2023, and it binds (CJA R421-5; CE 11 March 2024 n° 488227).
    _, tl = timeline(
        ev("received", "2023-03-01"),
        ev("reply", "2023-03-20", "refused", mentions_remedies=True),
        ev("cada-sent", "2023-04-05"),
        ev("cada-registered", "2023-04-06"),
    )
    court = tl.get("court_by")
    assert (court.date, court.opposable) == (d("2023-08-07"), True)
    assert tl.get("court_long_stop") is None


def test_court_limit_does_not_bind_when_the_refusal_omitted_the_remedies():
    _, tl = timeline(
        ev("received", "2023-03-01"),
        ev("reply", "2023-03-20", "refused", mentions_remedies=False),
        ev("cada-sent", "2023-04-05"),
        ev("cada-registered", "2023-04-06"),
    )
    assert tl.get("court_by").opposable is False
    assert tl.get("court_long_stop") is not None
