"""iCalendar writer: parse the output back and check every event."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from cada_tracker.render.ics import build_calendar
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


def test_round_trip():
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
        assert e.decoded("dtstart") == d.date  # all-day, on the legal date
        assert e.decoded("dtend") == d.date + timedelta(days=1)
        assert e.decoded("dtstamp") == STAMP
        assert ref in str(e.get("summary")) and authority in str(e.get("summary"))
        desc = str(e.get("description"))
        assert subject in desc
        for article in d.basis:
            assert article in desc
        if d.safe_date:
            assert "Safe date" in desc
        assert ("estimé" in desc) == d.estimated
        alarms = [c for c in e.subcomponents if c.name == "VALARM"]
        if d.actor == "requester":
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
