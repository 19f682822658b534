"""iCalendar writer: parse the output back and check every event."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar

from cada_tracker.domain import DeadlineKind
from cada_tracker.messages import law as M
from cada_tracker.render.ics import build_calendar, deadline_actor, event_uid, select_mine
from tests.law.helpers import ev, timeline

STAMP = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)


def _entries():
    _, tl = timeline(
        ev("received", "2020-02-07"), ev("cada-registered", "2020-03-10"), authority_department="34"
    )
    _, tl2 = timeline(ev("sent", "2023-03-01"), channel="post")
    return [("2020-001", "Ville de Montpellier", "Carte", x) for x in tl.deadlines] + [
        ("2023-007", "Préfecture", "Rapport", x) for x in tl2.deadlines
    ]


def _by_uid(data: bytes) -> dict[str, Calendar]:
    return {str(e.get("uid")): e for e in Calendar.from_ical(data).walk("VEVENT")}


def test_round_trip():
    # issue 10 changed the expectations: your own deadlines sit on the act-by (safe) date, with
    # the legal last day in the summary and description; alarms only on those; the others on
    # their legal date
    entries = _entries()
    data = build_calendar(entries, calendar_name="mes demandes", dtstamp=STAMP)
    cal = Calendar.from_ical(data)
    assert str(cal.get("x-wr-calname")) == "mes demandes"
    events = list(cal.walk("VEVENT"))
    assert len(events) == len(entries)
    by_uid = {str(e.get("uid")): e for e in events}
    assert len(by_uid) == len(entries)  # UIDs are unique
    for ref, authority, subject, d in entries:
        e = by_uid[f"{ref}-{d.kind}@cada"]
        mine = d.actor == "requester" and d.kind != "cada_referral_from"
        day = (d.safe_date or d.date) if mine else d.date
        assert e.decoded("dtstart") == day  # all-day
        assert e.decoded("dtend") == day + timedelta(days=1)
        assert e.decoded("dtstamp") == STAMP
        summary, desc = str(e.get("summary")), str(e.get("description"))
        assert ref in summary and authority in summary
        assert subject in desc
        for article in d.basis:
            assert article in desc
        assert M.fmt_date(d.date) in desc  # the legal date, always
        assert ("estimated: the starting date is an estimate" in desc) == d.estimated
        alarms = [c for c in e.subcomponents if c.name == "VALARM"]
        if mine:
            # the legal last day in the title too (the event's own day when no safe date)
            assert (M.fmt_date(d.date) if d.safe_date else "the legal last day") in summary
            triggers = sorted(a.decoded("trigger") for a in alarms)
            assert triggers == [timedelta(days=-7), timedelta(days=-1)]
        else:
            assert alarms == []


def test_reproducible_and_stable():
    entries = _entries()
    a = build_calendar(entries, dtstamp=STAMP)
    b = build_calendar(list(reversed(entries)), dtstamp=STAMP)
    assert a == b
    assert build_calendar(entries, dtstamp=STAMP + timedelta(days=1)) != a


def test_empty_calendar():
    cal = Calendar.from_ical(build_calendar([], dtstamp=STAMP))
    assert list(cal.walk("VEVENT")) == []


# ---- issue 10: the calendar fits how people act ---------------------------------------------


def _event_on(data: bytes, uid: str):
    return _by_uid(data)[uid]


def test_your_referral_deadline_is_on_the_safe_date_with_the_legal_last_day():
    # Receipt Tue 31 Jan 2023: B = Tue 28 Feb 2023; C = B + 2 months = Fri 28 Apr 2023 (a
    # working day, not moved), the legal last day; safe date Thu 27 Apr 2023 (docs/deadlines.md,
    # "Legal date and safe date"). Alarms a week and a day before the safe date: Thu 20 Apr and
    # Wed 26 Apr 2023.
    _, tl = timeline(ev("received", "2023-01-31"))
    by = tl.get("cada_referral_by")
    assert by is not None
    assert (by.date, by.safe_date) == (date(2023, 4, 28), date(2023, 4, 27))
    data = build_calendar([("P1", "Ville de Lyon", "Budget", by)], dtstamp=STAMP)
    e = _event_on(data, "P1-cada_referral_by@cada")
    assert e.decoded("dtstart") == date(2023, 4, 27)  # Thu 27 Apr 2023: act by
    assert e.decoded("dtend") == date(2023, 4, 28)
    summary, desc = str(e.get("summary")), str(e.get("description"))
    assert "act by" in summary and "refer to the CADA" in summary
    assert "Friday 28 April 2023" in summary  # the legal last day in the title
    assert "Act by: Thursday 27 April 2023" in desc
    assert "Legal last day: Friday 28 April 2023 (CRPA R343-1, CRPA L342-1, CPC 642)" in desc
    alarms = e.walk("VALARM")
    assert sorted(a.decoded("trigger") for a in alarms) == [timedelta(days=-7), timedelta(days=-1)]
    rings = sorted(e.decoded("dtstart") + a.decoded("trigger") for a in alarms)
    assert rings == [date(2023, 4, 20), date(2023, 4, 26)]  # Thu 20 Apr, Wed 26 Apr 2023
    for a in alarms:
        assert str(a.get("action")) == "DISPLAY"
        assert "Thursday 27 April 2023" in str(a.get("description"))
        assert "Friday 28 April 2023" in str(a.get("description"))


def test_court_deadline_and_the_authority_and_cada_dates():
    # The §4.1 Montpellier chain (received Fri 7 Feb 2020, CADA registration Tue 10 Mar 2020):
    # opinion expected Thu 23 Jul 2020 (the CADA's), K = Sat 22 Aug 2020 (the authority's, never
    # moved), court: legal Fri 23 Oct 2020, safe Thu 22 Oct 2020 (yours).
    entries = [e for e in _entries() if e[0] == "2020-001"]
    data = build_calendar(entries, dtstamp=STAMP)
    court = _event_on(data, "2020-001-court_by@cada")
    assert court.decoded("dtstart") == date(2020, 10, 22)  # Thu 22 Oct 2020
    assert "Friday 23 October 2020" in str(court.get("summary"))
    assert "Legal last day: Friday 23 October 2020 (CJA R421-1" in str(court.get("description"))
    rings = sorted(court.decoded("dtstart") + a.decoded("trigger") for a in court.walk("VALARM"))
    assert rings == [date(2020, 10, 15), date(2020, 10, 21)]  # Thu 15 Oct, Wed 21 Oct 2020
    for uid, day, whose in [
        ("2020-001-cada_opinion_expected@cada", date(2020, 7, 23), "The CADA's date"),  # Thu
        ("2020-001-refusal_confirmed@cada", date(2020, 8, 22), "The authority's date"),  # Sat
        ("2020-001-implicit_refusal@cada", date(2020, 3, 7), "The authority's date"),  # Sat
    ]:
        e = _event_on(data, uid)
        assert e.decoded("dtstart") == day
        assert e.walk("VALARM") == []
        assert str(e.get("description")).startswith(whose)
        assert M.fmt_date(day) in str(e.get("description"))


def test_a_deadline_without_safe_date_is_acted_on_by_its_legal_last_day():
    # The long stop of the referral, Montpellier 2020: B = Sat 7 Mar 2020 + 1 year = Sun 7 Mar
    # 2021 (no CPC 642 for a long stop), no safe date: act by the legal last day itself.
    _, tl = timeline(ev("received", "2020-02-07"), authority_department="34")
    stop = tl.get("cada_referral_long_stop")
    assert stop is not None and stop.safe_date is None
    data = build_calendar([("2020-001", "Ville", "Carte", stop)], dtstamp=STAMP)
    e = _event_on(data, "2020-001-cada_referral_long_stop@cada")
    assert e.decoded("dtstart") == date(2021, 3, 7)  # Sun 7 Mar 2021
    assert "the legal last day" in str(e.get("summary"))
    assert "Legal last day: Sunday 7 March 2021" in str(e.get("description"))
    assert len(e.walk("VALARM")) == 2


def test_the_first_day_to_refer_is_yours_but_has_no_alarm():
    # B = Sat 7 Mar 2020: a referral is admissible from Sun 8 Mar 2020; not a last day.
    _, tl = timeline(ev("received", "2020-02-07"), authority_department="34")
    first = tl.get("cada_referral_from")
    assert first is not None and deadline_actor(first.kind) == "user"
    data = build_calendar([("R", "A", "S", first)], dtstamp=STAMP)
    e = _event_on(data, "R-cada_referral_from@cada")
    assert e.decoded("dtstart") == date(2020, 3, 8)  # Sun 8 Mar 2020
    assert e.walk("VALARM") == []


def test_every_kind_has_an_actor_that_agrees_with_the_engine():
    # deadline_actor stands in for Deadline.actor (issue 10, point 3) until the merge: the
    # engine's own actor today says "requester" where the calendar says "user"
    assert {deadline_actor(k) for k in DeadlineKind} == {"user", "authority", "cada"}
    for _, _, _, d in _entries():
        assert deadline_actor(d.kind) == {"requester": "user"}.get(d.actor, d.actor), d.kind
    assert deadline_actor("a_kind_added_later") == "user"  # shown with alarms, not missed


def test_mine_keeps_only_your_deadlines():
    entries = _entries()
    mine = select_mine(entries)
    assert mine and len(mine) < len(entries)
    assert {d.kind for *_, d in mine} == {
        "cada_referral_from", "cada_referral_by", "cada_referral_long_stop", "court_by",
        "court_long_stop",
    }
    assert all(d.actor == "requester" for *_, d in mine)


def test_uids_are_those_of_the_calendar_before_issue_10():
    # Literal UIDs copied from `cada --today 2020-03-20 calendar` on the demo's home before
    # issue 10 (the events were then on the legal date): the same deadline keeps its UID, so a
    # subscribed calendar moves the event to the act-by date instead of adding a second one.
    _, tl = timeline(ev("received", "2020-02-07"), authority_department="34")
    entries = [("2020-001", "Ville de Montpellier", "OLTP", d) for d in tl.deadlines]
    uids = set(_by_uid(build_calendar(entries, dtstamp=STAMP)))
    assert {
        "2020-001-implicit_refusal@cada",
        "2020-001-cada_referral_from@cada",
        "2020-001-cada_referral_by@cada",
        "2020-001-cada_referral_long_stop@cada",
    } == uids
    assert event_uid("2020-001", "cada_referral_by") == "2020-001-cada_referral_by@cada"
