"""iCalendar export of deadlines: one all-day VEVENT per deadline, stable UIDs.

The UID is derived from the request reference and the deadline kind, so that importing the
file again updates the events instead of duplicating them. Requester deadlines get two alarms
(7 days and 1 day before). DTSTAMP comes from the caller, so the output is reproducible.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cada_tracker.domain import Deadline
from cada_tracker.messages import law as M

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
ALARM_DAYS = (7, 1)


def event_uid(reference: str, kind: str) -> str:
    return f"{reference}-{kind}@cada"


def _description(subject: str, d: Deadline) -> str:
    lines = [
        M.ICS_DESC_SUBJECT.format(subject=subject),
        M.ICS_DESC_DATE.format(date=M.fmt_date(d.date)),
    ]
    if d.safe_date is not None:
        lines.append(M.ICS_DESC_SAFE.format(date=M.fmt_date(d.safe_date)))
    lines.append(M.ICS_DESC_BASIS.format(basis=", ".join(d.basis)))
    lines.append(
        M.ICS_DESC_CONFIDENCE.format(confidence=M.CONFIDENCE.get(d.confidence, d.confidence))
    )
    if d.estimated:
        lines.append(M.ICS_DESC_ESTIMATED)
    if not d.opposable:
        lines.append(M.ICS_DESC_NOT_OPPOSABLE)
    return "\n".join(lines)


def build_calendar(
    entries: list[tuple[str, str, str, Deadline]],
    *,
    calendar_name: str = "cada",
    dtstamp: datetime = EPOCH,
) -> bytes:
    """entries: (request reference, authority name, subject, deadline). Returns the .ics bytes.

    The event is placed on the legal date (`deadline.date`); the safe date is in the
    description. Events are sorted by date, then reference and kind.
    """
    from icalendar import Alarm, Calendar, Event

    if dtstamp.tzinfo is None:
        dtstamp = dtstamp.replace(tzinfo=UTC)
    cal = Calendar()
    cal.add("prodid", "-//cada-tracker//deadlines//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", calendar_name)
    for ref, authority, subject, d in sorted(entries, key=lambda e: (e[3].date, e[0], e[3].kind)):
        ev = Event()
        ev.add("uid", event_uid(ref, d.kind))
        ev.add("dtstamp", dtstamp)
        ev.add("dtstart", d.date)
        ev.add("dtend", d.date + timedelta(days=1))
        template = M.ICS_SUMMARY.get(d.kind, M.ICS_SUMMARY_OTHER)
        ev.add("summary", template.format(ref=ref, authority=authority, kind=d.kind))
        ev.add("description", _description(subject, d))
        ev.add("transp", "TRANSPARENT")
        ev.add("categories", [d.kind])
        if d.actor == "requester":
            title = M.KIND_TITLES.get(d.kind, d.kind)
            for days in ALARM_DAYS:
                alarm = Alarm()
                alarm.add("action", "DISPLAY")
                alarm.add("trigger", timedelta(days=-days))
                alarm.add("description", M.ICS_ALARM.format(ref=ref, title=title, days=days))
                ev.add_component(alarm)
        cal.add_component(ev)
    return cal.to_ical()
