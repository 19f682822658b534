"""The CADA referral window (issue 9, points 1-3), each case checkable with a 2023 calendar.

Shared start of every case: the request was received on Tue 31 Jan 2023, so B = 31 Jan + 1 month
= Tue 28 Feb 2023 (end-of-month clamp, never moved), the first admissible referral is Wed 1 Mar
2023 and C = B + 2 months = Fri 28 Apr 2023 (a working day), safe C - 1 = Thu 27 Apr 2023. The
long stop of a window that does not bind is B + 1 year = Wed 28 Feb 2024 (no CPC 642).
"""

from __future__ import annotations

from datetime import timedelta

from cada_tracker.domain import current_state
from cada_tracker.law import LawOptions
from cada_tracker.law.chain import Chain
from cada_tracker.law.explain import explain_lines
from cada_tracker.law.facts import extract
from cada_tracker.law.next_action import next_action
from cada_tracker.law.options import DEFAULT_OPTIONS
from cada_tracker.law.referral import _referral_legal  # the engine's own period arithmetic
from tests.law.helpers import d, ev, timeline

RECEIVED = ev("received", "2023-01-31")
ACK = ev("acknowledged", "2023-02-02", complete=True)  # Thu 2 Feb 2023, a complete AR


def _by(tl, kind):
    x = tl.get(kind)
    return None if x is None else (x.date.isoformat(), x.safe_date and x.safe_date.isoformat())


def _kinds(tl):
    return [x.kind for x in tl.deadlines]


def _action(f, tl, today):
    return next_action(current_state(f.events, tl, d(today)), f, tl, d(today))


# ---- point 1: a late referral that binds leaves no court route ------------------------------


def test_a_referral_the_day_after_a_binding_c_opens_no_court_route():
    # complete AR: C = Fri 28 Apr 2023 binds; cada-sent Sat 29 Apr 2023 is one day late
    f, tl = timeline(RECEIVED, ACK, ev("cada-sent", "2023-04-29", forced=True),
                     authority_department="69")
    assert _by(tl, "cada_referral_by") == ("2023-04-28", "2023-04-27")
    assert tl.get("cada_referral_by").opposable
    # R estimated = Sat 29 Apr 2023 (e-mail: same day): O = Mon 29 May, K = Thu 29 Jun 2023 ...
    assert _by(tl, "refusal_confirmed") == ("2023-06-29", None)
    # ... but no court deadline, and the warning names the articles
    assert "court_by" not in _kinds(tl) and "court_long_stop" not in _kinds(tl)
    late = [w for w in tl.warnings if "out of time" in w]
    assert late and "L342-1" in late[0] and "R343-1" in late[0] and "Friday 28 April 2023" in late[0]
    text = "\n".join(explain_lines(f, tl))
    assert "CRPA L342-1" in text and "CRPA R343-1" in text and "new request" in text
    # after K (Thu 29 Jun 2023): file a new request, whatever the state says
    for today in ("2023-05-02", "2023-08-01"):
        action = _action(f, tl, today)
        assert "File a new request" in action.what and action.date is None


def test_a_referral_on_c_itself_is_in_time():
    # cada-sent Fri 28 Apr 2023 = C: in time, the court deadline follows
    f, tl = timeline(RECEIVED, ACK, ev("cada-sent", "2023-04-28"), authority_department="69")
    assert "court_by" in _kinds(tl)
    assert not [w for w in tl.warnings if "out of time" in w]
    assert "File a new request" not in _action(f, tl, "2023-08-01").what


def test_without_a_complete_acknowledgment_a_late_referral_stays_admissible():
    # no complete AR: C (Fri 28 Apr 2023) does not bind; the long stop Wed 28 Feb 2024 does
    f, tl = timeline(RECEIVED, ev("cada-sent", "2023-04-29"), authority_department="69")
    assert not tl.get("cada_referral_by").opposable
    assert _by(tl, "cada_referral_long_stop") == ("2024-02-28", None)
    assert "court_by" in _kinds(tl)
    assert not [w for w in tl.warnings if "out of time" in w]


def test_a_referral_after_the_long_stop_opens_no_court_route():
    # no complete AR: long stop Wed 28 Feb 2024 (2024 is a leap year: 29 Feb exists, but the
    # year runs from Tue 28 Feb 2023); cada-sent Thu 29 Feb 2024 is one day late
    f, tl = timeline(RECEIVED, ev("cada-sent", "2024-02-29", forced=True))
    assert "court_by" not in _kinds(tl)
    late = [w for w in tl.warnings if "out of time" in w]
    assert late and "long stop" in late[0] and "Wednesday 28 February 2024" in late[0]


def test_an_explicit_refusal_stating_the_remedies_makes_its_window_bind():
    # refusal notified Fri 10 Feb 2023 (before B), remedies stated: C = Mon 10 Apr 2023 =
    # Easter Monday -> Tue 11 Apr 2023 (CPC 642). cada-sent Wed 12 Apr 2023 is late.
    refusal = ev("reply", "2023-02-10", "refused", mentions_remedies=True)
    f, tl = timeline(RECEIVED, refusal, ev("cada-sent", "2023-04-12", forced=True))
    assert _by(tl, "cada_referral_by")[0] == "2023-04-11"
    assert "court_by" not in _kinds(tl)
    # the same refusal without the remedies: the limit does not bind, the referral is admissible
    silent = ev("reply", "2023-02-10", "refused", mentions_remedies=False)
    _, tl = timeline(RECEIVED, silent, ev("cada-sent", "2023-04-12"))
    assert "court_by" in _kinds(tl)


def test_an_estimated_c_never_makes_a_referral_late():
    # only `sent` by post on Tue 31 Jan 2023: receipt between Wed 1 and Sat 4 Feb 2023; C is
    # computed from the earliest: B = Wed 1 Mar, C = Mon 1 May 2023 (1 May) -> Tue 2 May 2023.
    # A referral on Wed 3 May 2023 may still be in time (receipt on Sat 4 Feb: C = Thu 4 May).
    f, tl = timeline(ev("sent", "2023-01-31"), ev("acknowledged", "2023-02-06", complete=True),
                     ev("cada-sent", "2023-05-03"), channel="post")
    by = tl.get("cada_referral_by")
    assert by.estimated and by.date == d("2023-05-02")
    assert not [w for w in tl.warnings if "out of time" in w]


# ---- point 2: the safe date of a reopened window stays the first window's -------------------


REOPENING = ev("reply", "2023-03-15", "refused", mentions_remedies=True)  # Wed 15 Mar 2023


def test_a_reopened_window_keeps_the_first_windows_safe_date():
    # C' = Wed 15 Mar + 2 months = Mon 15 May 2023 (legal); its strict reading would be
    # Sun 14 May -> Sat 13 -> Fri 12 May 2023, but the first window (complete AR) bound the
    # requester until Fri 28 Apr 2023: the safe date stays Thu 27 Apr 2023.
    f, tl = timeline(RECEIVED, ACK, REOPENING)
    assert _by(tl, "cada_referral_by") == ("2023-05-15", "2023-04-27")
    text = "\n".join(explain_lines(f, tl))
    assert "Safe date: Thursday 27 April 2023, the strict reading of the first window" in text
    assert ("[U] Reading that the explicit refusal of Wednesday 15 March 2023 reopened the "
            "window, the strict last day would be Friday 12 May 2023 (legal: Monday 15 May "
            "2023).") in text
    # the action gives the legal date and the first window's safe date
    assert "by Monday 15 May 2023 (safe: act by Thursday 27 April 2023)" in _action(
        f, tl, "2023-03-20").what


def test_a_first_window_that_never_bound_does_not_set_the_safe_date():
    # no complete AR: the first window did not bind; the reopened window's own strict reading
    # (Fri 12 May 2023) is the safe date
    _, tl = timeline(RECEIVED, REOPENING)
    assert _by(tl, "cada_referral_by") == ("2023-05-15", "2023-05-12")


def test_without_reopening_the_first_window_stays():
    _, tl = timeline(RECEIVED, ACK, REOPENING,
                     options=LawOptions(explicit_refusal_reopens_referral=False))
    assert _by(tl, "cada_referral_by") == ("2023-04-28", "2023-04-27")


def test_a_referral_between_the_two_windows_is_in_time_under_the_legal_reading():
    # cada-sent Tue 2 May 2023: after C (Fri 28 Apr) but before C' (Mon 15 May): in time
    _, tl = timeline(RECEIVED, ACK, REOPENING, ev("cada-sent", "2023-05-02"))
    assert "court_by" in _kinds(tl)


def test_a_referral_after_the_first_binding_window_gets_a_warning():
    # review 3, case B: partial reply stating the remedies Fri 10 Mar 2023 reopens the window
    # (C' = Wed 10 May 2023); the first window (complete AR) bound until Fri 28 Apr 2023.
    # cada-sent Fri 5 May 2023: in time by default, out of time if the reply did not reopen it
    partial = ev("reply", "2023-03-10", "partial", mentions_remedies=True)
    f, tl = timeline(RECEIVED, ACK, partial, ev("cada-sent", "2023-05-05"))
    assert _by(tl, "cada_referral_by") == ("2023-05-10", "2023-04-27")
    assert "court_by" in _kinds(tl)  # the log is not refused
    late = [w for w in tl.warnings if w.startswith("[U] The CADA referral")]
    assert late == [
        "[U] The CADA referral of Friday 5 May 2023 came after Friday 28 April 2023, the last day "
        "to refer if the explicit refusal of Friday 10 March 2023 did not reopen the window that "
        "ran from the implicit refusal B (Tuesday 28 February 2023), which bound you: under that "
        "reading it is out of time, and no court route would follow it (CRPA L342-1, R343-1): a "
        "court could find the application inadmissible. Under the default reading (the last day "
        "Wednesday 10 May 2023) it is in time."
    ]
    assert late[0] in "\n".join(explain_lines(f, tl))
    # on the first window's last day itself (Fri 28 Apr 2023): no warning
    _, tl = timeline(RECEIVED, ACK, partial, ev("cada-sent", "2023-04-28"))
    assert not [w for w in tl.warnings if w.startswith("[U] The CADA referral")]


def test_a_referral_saved_only_by_cpc_642_gets_a_warning():
    # review 3, case C2: received Wed 8 Feb 2023, complete AR -> B = Wed 8 Mar 2023 ->
    # C = Mon 8 May 2023 (Victoire 1945, a holiday) -> Tue 9 May 2023 with CPC 642 (safe:
    # Sun 7 May -> Fri 5 May 2023). cada-sent Tue 9 May: in time, but late without CPC 642
    received, ack = ev("received", "2023-02-08"), ev("acknowledged", "2023-02-09", complete=True)
    _, tl = timeline(received, ack, ev("cada-sent", "2023-05-09"))
    assert _by(tl, "cada_referral_by") == ("2023-05-09", "2023-05-05")
    assert "court_by" in _kinds(tl)
    late = [w for w in tl.warnings if w.startswith("[U] The CADA referral")]
    assert len(late) == 1 and "came after Monday 8 May 2023, the last day to refer without " \
        "CPC 642" in late[0] and "(the last day Tuesday 9 May 2023) it is in time" in late[0]
    # on Mon 8 May 2023 itself: in time under both readings, no warning
    _, tl = timeline(received, ack, ev("cada-sent", "2023-05-08"))
    assert not [w for w in tl.warnings if w.startswith("[U] The CADA referral")]
    # without a complete AR the two-month limit does not bind: no warning
    _, tl = timeline(received, ev("cada-sent", "2023-05-09"))
    assert not [w for w in tl.warnings if w.startswith("[U] The CADA referral")]


# ---- point 3: a refusal stating the remedies after a window that never bound ----------------


LATE_REFUSAL = ev("reply", "2023-06-01", "refused", mentions_remedies=True)  # Thu 1 Jun 2023


def test_a_refusal_stating_the_remedies_after_an_unbinding_window_sets_the_safe_date():
    # no complete AR: C = Fri 28 Apr 2023 does not bind; long stop Wed 28 Feb 2024 (legal).
    # The refusal of Thu 1 Jun 2023 arguably opens Thu 1 Jun + 2 months = Tue 1 Aug 2023
    # (strict: Mon 31 Jul 2023): the long stop's safe date is the earlier, Mon 31 Jul 2023.
    f, tl = timeline(RECEIVED, LATE_REFUSAL)
    assert _by(tl, "cada_referral_by") == ("2023-04-28", "2023-04-27")
    assert _by(tl, "cada_referral_long_stop") == ("2024-02-28", "2023-07-31")
    assert not [w for w in tl.warnings if "merely confirmative" in w]
    assert [w for w in tl.warnings if "arguably opens" in w and "Tuesday 1 August 2023" in w]
    text = "\n".join(explain_lines(f, tl))
    assert "stated the remedies (CRPA L112-6, L412-3)" in text
    assert ("[U] If the explicit refusal of Thursday 1 June 2023 opened a binding window, the "
            "last day to refer would be Tuesday 1 August 2023 (strict: Monday 31 July 2023); "
            "otherwise this long stop (Wednesday 28 February 2024) is the last day.") in text
    what = _action(f, tl, "2023-06-02").what
    assert "at the latest by Wednesday 28 February 2024 (safe: act by Monday 31 July 2023" in what


def test_a_referral_after_the_new_decisions_window_is_in_time_with_a_warning():
    # refusal Thu 1 Jun 2023; its window ends Tue 1 Aug 2023; cada-sent Wed 2 Aug 2023 is before
    # the long stop (Wed 28 Feb 2024): in time by default, a [U] warning for the other reading
    _, tl = timeline(RECEIVED, LATE_REFUSAL, ev("cada-sent", "2023-08-02"))
    assert "court_by" in _kinds(tl)
    assert [w for w in tl.warnings if w.startswith("[U] The CADA referral of Wednesday 2 August "
                                                   "2023 came after Tuesday 1 August 2023")]
    _, tl = timeline(RECEIVED, LATE_REFUSAL, ev("cada-sent", "2023-08-01"))
    assert not [w for w in tl.warnings if w.startswith("[U] The CADA referral")]


def test_a_refusal_without_the_remedies_stays_confirmative():
    _, tl = timeline(RECEIVED, ev("reply", "2023-06-01", "refused", mentions_remedies=False))
    assert _by(tl, "cada_referral_long_stop") == ("2024-02-28", None)
    assert [w for w in tl.warnings if "merely confirmative" in w]


def test_a_refusal_after_a_binding_window_stays_confirmative():
    # complete AR: C (Fri 28 Apr 2023) bound; the refusal of Thu 1 Jun 2023 reopens nothing
    _, tl = timeline(RECEIVED, ACK, LATE_REFUSAL)
    assert _by(tl, "cada_referral_by") == ("2023-04-28", "2023-04-27")
    assert tl.get("cada_referral_long_stop") is None
    assert [w for w in tl.warnings if "merely confirmative" in w]


def test_the_long_stop_stays_the_safe_date_when_it_is_earlier():
    # refusal Mon 15 Jan 2024: its window would end Fri 15 Mar 2024 (strict Thu 14 Mar), after
    # the long stop Wed 28 Feb 2024: the long stop keeps no separate safe date
    _, tl = timeline(RECEIVED, ev("reply", "2024-01-15", "refused", mentions_remedies=True))
    assert _by(tl, "cada_referral_long_stop") == ("2024-02-28", None)


def test_a_refusal_after_the_long_stop_is_confirmative():
    # refusal Fri 1 Mar 2024, after the long stop Wed 28 Feb 2024
    _, tl = timeline(RECEIVED, ev("reply", "2024-03-01", "refused", mentions_remedies=True))
    assert _by(tl, "cada_referral_long_stop") == ("2024-02-28", None)
    assert [w for w in tl.warnings if "merely confirmative" in w]


def test_the_fast_path_gives_the_same_dates():
    for events in ((RECEIVED, ACK, REOPENING), (RECEIVED, LATE_REFUSAL)):
        _, slow = timeline(*events)
        _, fast = timeline(*events, options=LawOptions(explain=False))
        assert [(x.kind, x.date, x.safe_date) for x in slow.deadlines] == [
            (x.kind, x.date, x.safe_date) for x in fast.deadlines
        ]


# ---- the safe date is never later than a plausible legal last day ------------------------


def test_at_a_month_end_the_b_minus_one_reading_sets_the_safe_date():
    # received Thu 1 Jun 2023 -> B = Sat 1 Jul 2023 -> C = Fri 1 Sep 2023; C - 1 = Thu 31 Aug,
    # but B one day earlier (Fri 30 Jun) gives Wed 30 Aug 2023 (working): safe Wed 30 Aug 2023
    f, tl = timeline(ev("received", "2023-06-01"))
    assert _by(tl, "cada_referral_by") == ("2023-09-01", "2023-08-30")
    assert "Safe date: Wednesday 30 August 2023, the legal last day of the reading with B one " \
        "day earlier" in "\n".join(explain_lines(f, tl))


def test_the_safe_date_is_never_later_than_a_listed_reading():
    # every receipt day of 2023 and 2024: the safe date is on or before the legal date and the
    # legal date of the B - 1 reading (the only listed reading that can be earlier)
    day = d("2023-01-01")
    while day < d("2025-01-01"):
        f, tl = timeline(ev("received", day.isoformat()), options=LawOptions(explain=False))
        by, b = tl.get("cada_referral_by"), tl.get("implicit_refusal")
        chain = Chain(f, extract(f), DEFAULT_OPTIONS)
        assert by.safe_date <= by.date
        assert by.safe_date <= _referral_legal(b.date - timedelta(days=1), chain), day
        day += timedelta(days=1)


def test_the_referral_reading_warnings_share_the_prefix_their_readers_use():
    """`cada log cada-sent` and `recours-ta` find the [U] referral warnings by one prefix."""
    from cada_tracker.messages import law as LM

    for template in (LM.WARN_REFERRAL_AFTER_NEW_DECISION, LM.WARN_REFERRAL_STRICTER_READING):
        assert template.startswith(LM.WARN_REFERRAL_LOGGED_PREFIX)
