"""The court deadline after a legal-aid decision (décret 2020-1717 art. 43 and 69) and before a
tribunal that sits outside its collectivity (CJA R221-3: Saint-Barthélemy and Saint-Martin sit at
Basse-Terre). Every date is checkable with a calendar; the weekdays are in the comments."""

from __future__ import annotations

import pytest

from cada_tracker.law.calendars import court_calendars, non_working
from cada_tracker.law.court import AID_CONTEST_DAYS
from tests.law.helpers import d, ev, timeline

# Received Mon 3 Feb 2025 -> B = Mon 3 Mar 2025; registered Mon 10 Mar 2025 -> K = Sat 10 May
# 2025; first court period: 10 Jul + 1 = Fri 11 Jul 2025. Legal aid requested Mon 19 May 2025
# (within it), decided Mon 2 Jun 2025.
AID_BASE = (
    ev("received", "2025-02-03"),
    ev("cada-registered", "2025-03-10"),
    ev("legal-aid-requested", "2025-05-19"),
)


def _court(*events, dept="34", residence="metropole"):
    _, tl = timeline(*events, authority_department=dept, requester_residence=residence)
    court = tl.get("court_by")
    assert court is not None
    return court


def _text(court) -> str:
    return "\n".join(s.text for s in court.steps)


# --- point 5: legal aid ---------------------------------------------------------------------


def test_contest_period_is_fifteen_days_from_the_notification():
    assert AID_CONTEST_DAYS.days == 15


def test_without_notification_or_designation_the_period_runs_from_the_decision():
    """Nothing recorded but the decision of Mon 2 Jun 2025: 2 Aug (Sat) + 1 = Sun 3 Aug 2025 ->
    Mon 4 Aug 2025 (CPC 642); safe Sat 2 Aug 2025 (as before issue 9). Explain names the facts
    that would move the date."""
    court = _court(*AID_BASE, ev("legal-aid-decided", "2025-06-02"))
    assert (court.date, court.safe_date) == (d("2025-08-04"), d("2025-08-02"))
    text = _text(court)
    assert "--notified-on" in text and "--lawyer-designated-on" in text
    assert "décret 2020-1717 art. 69" not in court.basis


def test_lawyer_designated_after_the_contest_period_starts_the_period():
    """Decided Mon 2 Jun 2025, notified Wed 4 Jun 2025: contest possible until 4 + 15 = Thu
    19 Jun 2025 (art. 69). Lawyer designated Mon 30 Jun 2025, later (art. 43 4°): start Mon
    30 Jun; 30 Aug 2025 (Sat) + 1 (franc) = Sun 31 Aug -> Mon 1 Sep 2025 (CPC 642). Safe date:
    from the decision itself, 2 Jun + 2 months = Sat 2 Aug 2025."""
    court = _court(
        *AID_BASE,
        ev("legal-aid-decided", "2025-06-02", notified_on=d("2025-06-04"),
           lawyer_designated_on=d("2025-06-30")),
    )  # fmt: skip
    assert (court.date, court.safe_date) == (d("2025-09-01"), d("2025-08-02"))
    text = _text(court)
    assert "until Thursday 19 June 2025" in text
    assert "Start: the designation of the lawyer" in text and "Monday 30 June 2025" in text
    assert "Sunday 31 August 2025 is a Sunday" in text
    assert "Safe date: Saturday 2 August 2025" in text
    assert {"décret 2020-1717 art. 43", "décret 2020-1717 art. 69"} <= set(court.basis)


def test_notification_alone_starts_the_period_at_the_end_of_the_contest_period():
    """Notified Wed 4 Jun 2025 -> last day to contest Thu 19 Jun 2025; 19 Aug (Tue) + 1 = Wed
    20 Aug 2025. [U] final only the next day, Fri 20 Jun -> 20 Aug + 1 = Thu 21 Aug 2025."""
    court = _court(*AID_BASE, ev("legal-aid-decided", "2025-06-02", notified_on=d("2025-06-04")))
    assert (court.date, court.safe_date) == (d("2025-08-20"), d("2025-08-02"))
    assert any("Friday 20 June 2025" in a and "Thursday 21 August 2025" in a
               for a in court.alternatives)  # fmt: skip


def test_designation_before_the_end_of_the_contest_period_does_not_move_it():
    """Notified Wed 4 Jun 2025 (contest until Thu 19 Jun), lawyer designated Tue 10 Jun 2025:
    not later, so the start stays Thu 19 Jun -> Wed 20 Aug 2025."""
    court = _court(
        *AID_BASE,
        ev("legal-aid-decided", "2025-06-02", notified_on=d("2025-06-04"),
           lawyer_designated_on=d("2025-06-10")),
    )  # fmt: skip
    assert court.date == d("2025-08-20")
    assert "does not move the start" in _text(court)


def test_facts_recorded_again_on_the_decision_date_complete_the_decision():
    """The same decision (Mon 2 Jun 2025) logged twice: first with its notification, then with
    the designation of Mon 30 Jun 2025: same result as one event with both, Mon 1 Sep 2025."""
    court = _court(
        *AID_BASE,
        ev("legal-aid-decided", "2025-06-02", notified_on=d("2025-06-04")),
        ev("legal-aid-decided", "2025-06-02", lawyer_designated_on=d("2025-06-30")),
    )
    assert (court.date, court.safe_date) == (d("2025-09-01"), d("2025-08-02"))


def test_a_later_decision_is_the_decision_on_a_contest():
    """Contest of the decision of Mon 2 Jun 2025 decided Tue 1 Jul 2025, notified Thu 3 Jul
    2025: the period runs from that notification (art. 43 3°), no 15 days added: 3 Sep (Wed)
    + 1 = Thu 4 Sep 2025. Safe date unchanged, Sat 2 Aug 2025."""
    court = _court(
        *AID_BASE,
        ev("legal-aid-decided", "2025-06-02", notified_on=d("2025-06-04")),
        ev("legal-aid-decided", "2025-07-01", notified_on=d("2025-07-03")),
    )
    assert (court.date, court.safe_date) == (d("2025-09-04"), d("2025-08-02"))
    assert "decision on your contest" in _text(court)


def test_contest_decision_without_its_notification_counts_from_its_date():
    """Contest decided Tue 1 Jul 2025, notification not recorded: from 1 Jul, 1 Sep (Mon) + 1 =
    Tue 2 Sep 2025 (the earliest reading)."""
    court = _court(
        *AID_BASE,
        ev("legal-aid-decided", "2025-06-02"),
        ev("legal-aid-decided", "2025-07-01"),
    )
    assert court.date == d("2025-09-02")
    assert "its notification is not recorded" in _text(court)


# --- point 6: a tribunal that sits elsewhere ----------------------------------------------------


@pytest.mark.parametrize(
    "department, seat, own",
    [
        ("977", "guadeloupe", "saint-barthelemy"),
        ("978", "guadeloupe", "saint-martin"),
        ("971", "guadeloupe", None),
        ("972", "martinique", None),
        ("34", "national", None),
        (None, "national", None),
    ],
)
def test_court_calendars(department, seat, own):
    assert court_calendars(department) == (seat, own)


def test_saint_barthelemy_9_october_is_not_a_holiday_at_the_seat():
    """Thu 9 Oct 2025: a holiday in Saint-Barthélemy, a working day in Guadeloupe."""
    assert non_working(d("2025-10-09"), "saint-barthelemy") == "abolition_saint_barthelemy"
    assert non_working(d("2025-10-09"), "guadeloupe") is None


def test_saint_barthelemy_court_deadline_on_9_october_uses_the_seat_calendar():
    """Authority in 977, requester living there (no distance month). Received Mon 7 Apr 2025,
    registered Mon 9 Jun 2025 (K = Sat 9 Aug), explicit confirmation notified Fri 8 Aug 2025 (on
    or before K): 8 Oct (Wed) + 1 (franc) = Thu 9 Oct 2025. Guadeloupe (the seat, Basse-Terre):
    a working day, so the legal date is Thu 9 Oct 2025; on the Saint-Barthélemy calendar it
    would be Fri 10 Oct. Safe date: Wed 8 Oct 2025 (on or before both)."""
    court = _court(
        ev("received", "2025-04-07"),
        ev("cada-registered", "2025-06-09"),
        ev("reply", "2025-08-08", "refused"),
        dept="977",
        residence="overseas",
    )
    assert (court.date, court.safe_date) == (d("2025-10-09"), d("2025-10-08"))
    assert "CJA R221-3" in court.basis
    text = _text(court)
    assert "sits at Basse-Terre" in text and "Guadeloupe calendar" in text
    assert "Saint-Barthélemy calendar (national days + 9 October) the last day would be Friday " \
        "10 October 2025" in text
    assert any("Friday 10 October 2025" in a for a in court.alternatives)


def test_saint_barthelemy_court_deadline_on_27_may_is_moved_by_the_seat_calendar():
    """Authority in 977. Received Mon 5 Jan 2026, registered Mon 2 Mar 2026 (K = Sat 2 May),
    confirmation notified Thu 26 Mar 2026: 26 May (Tue) + 1 = Wed 27 May 2026, a holiday in
    Guadeloupe (the seat) -> Thu 28 May 2026 (legal); Saint-Barthélemy alone would keep Wed
    27 May. Safe date: Tue 26 May 2026."""
    court = _court(
        ev("received", "2026-01-05"),
        ev("cada-registered", "2026-03-02"),
        ev("reply", "2026-03-26", "refused"),
        dept="977",
        residence="overseas",
    )
    assert (court.date, court.safe_date) == (d("2026-05-28"), d("2026-05-26"))
    assert "Wednesday 27 May 2026 is a public holiday in Guadeloupe" in _text(court)
    assert any("Wednesday 27 May 2026" in a for a in court.alternatives)


def test_saint_martin_seat_and_own_calendar_agree_on_27_may():
    """Authority in 978, same history: both calendars have 27 May (décret 83-1003; ref. §0.9),
    so Thu 28 May 2026 either way: no alternative, but explain names the seat."""
    court = _court(
        ev("received", "2026-01-05"),
        ev("cada-registered", "2026-03-02"),
        ev("reply", "2026-03-26", "refused"),
        dept="978",
        residence="overseas",
    )
    assert (court.date, court.safe_date) == (d("2026-05-28"), d("2026-05-26"))
    assert "Saint-Martin sits at Basse-Terre" in _text(court)
    assert not any("collectivity's own" in a for a in court.alternatives)


def test_legal_aid_period_before_a_seat_elsewhere_uses_the_seat_calendar():
    """Both points at once, authority in 977: legal aid decided Mon 2 Jun 2025, notified Wed
    4 Jun, lawyer designated Mon 30 Jun 2025 -> Mon 1 Sep 2025 on both calendars; safe Sat
    2 Aug 2025."""
    court = _court(
        *AID_BASE,
        ev("legal-aid-decided", "2025-06-02", notified_on=d("2025-06-04"),
           lawyer_designated_on=d("2025-06-30")),
        dept="977",
        residence="overseas",
    )  # fmt: skip
    assert (court.date, court.safe_date) == (d("2025-09-01"), d("2025-08-02"))


def test_cada_referral_keeps_the_national_calendar_in_977():
    """The CADA sits in Paris: the referral deadline is prorogated over the national calendar,
    whatever the authority's department. Received Tue 9 Jul 2024 -> B = Fri 9 Aug 2024 ->
    C = Wed 9 Oct 2024, a Saint-Barthélemy holiday that does not move it."""
    _, tl = timeline(ev("received", "2024-07-09"), authority_department="977")
    assert tl.get("cada_referral_by").date == d("2024-10-09")
