"""iCalendar export of deadlines: one all-day VEVENT per deadline, stable UIDs.

Issue 10, "the calendar fits how people act":
- each of your own deadlines (refer to the CADA, go to court) is an event on the day to act by:
  the safe date, or the legal last day when there is no safe date. Its summary and description
  give the legal last day and its articles; two alarms ring a week and a day before;
- the authority's and the CADA's dates (implicit refusal, refusal confirmed, opinion expected),
  and the first day a referral is admissible, are events on their own date, without alarms;
- `select_mine` keeps your own deadlines (`cada calendar --mine`).

The UID is derived from the request reference and the deadline kind only (`event_uid`), never
from a date, so that importing the file again updates the events instead of duplicating them,
including the events that moved from the legal date to the safe date in issue 10. DTSTAMP comes
from the caller, so the output is reproducible.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from cada_tracker.domain import Deadline, DeadlineKind
from cada_tracker.messages import law as M

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
ALARM_DAYS = (7, 1)

# Whose date a deadline is (language-independent values, also written to CATEGORIES).
USER = "user"
AUTHORITY = "authority"
CADA = "cada"

# To be replaced by Deadline.actor once merged (issue 10, point 3: the law layer gives every
# deadline an actor user|authority|cada). Until then the calendar classifies by kind.
_ACTORS: dict[str, str] = {
    DeadlineKind.IMPLICIT_REFUSAL: AUTHORITY,  # the authority's silence becomes a refusal
    DeadlineKind.CADA_REFERRAL_FROM: USER,  # you may refer from this day
    DeadlineKind.CADA_REFERRAL_BY: USER,  # you refer by this day
    DeadlineKind.CADA_REFERRAL_LONG_STOP: USER,
    DeadlineKind.CADA_OPINION_EXPECTED: CADA,  # the CADA gives its opinion
    DeadlineKind.REFUSAL_CONFIRMED: AUTHORITY,  # the authority's silence after the opinion
    DeadlineKind.COURT_BY: USER,  # you file at the court by this day
    DeadlineKind.COURT_LONG_STOP: USER,
}
# Your deadlines that open a period instead of closing one: no "act by", no alarm.
_OPENING = frozenset({DeadlineKind.CADA_REFERRAL_FROM})


def deadline_actor(kind: str) -> str:
    """USER, AUTHORITY or CADA: who acts on a deadline of this kind. A kind this table does not
    know is taken as yours: a date shown with alarms is better than a date missed."""
    return _ACTORS.get(kind, USER)


def act_by(d: Deadline) -> date | None:
    """The day to act by for your own deadline (the safe date, else the legal date); None for
    the dates that are not yours to act by (the event then sits on the legal date)."""
    if deadline_actor(d.kind) != USER or d.kind in _OPENING:
        return None
    return d.safe_date or d.date


def event_uid(reference: str, kind: str) -> str:
    """Unchanged since the first calendar export: subscribed calendars rely on it."""
    return f"{reference}-{kind}@cada"


def _qualifiers(subject: str, d: Deadline) -> list[str]:
    lines = [M.ICS_DESC_SUBJECT.format(subject=subject)]
    lines.append(
        M.ICS_DESC_CONFIDENCE.format(confidence=M.CONFIDENCE.get(d.confidence, d.confidence))
    )
    if d.estimated:
        lines.append(M.ICS_DESC_ESTIMATED)
    if not d.opposable:
        lines.append(M.ICS_DESC_NOT_OPPOSABLE)
    return lines


def _description(subject: str, d: Deadline, by: date | None) -> str:
    basis = ", ".join(d.basis)
    if by is not None:  # yours: the day to act by, then the legal last day and its articles
        head = M.ICS_DESC_ACT_LAST if by == d.date else M.ICS_DESC_ACT_BY
        lines = [
            head.format(date=M.fmt_date(by)),
            M.ICS_DESC_LAST_DAY.format(date=M.fmt_date(d.date), basis=basis),
        ]
    else:
        lines = [M.ICS_DESC_WHOSE.get(deadline_actor(d.kind), ""),
                 M.ICS_DESC_DATE.format(date=M.fmt_date(d.date))]
        if d.safe_date is not None:
            lines.append(M.ICS_DESC_SAFE.format(date=M.fmt_date(d.safe_date)))
        lines.append(M.ICS_DESC_BASIS.format(basis=basis))
    return "\n".join([*lines, *_qualifiers(subject, d)])


def _summary(ref: str, authority: str, d: Deadline, by: date | None) -> str:
    if by is None:
        template = M.ICS_SUMMARY.get(d.kind, M.ICS_SUMMARY_OTHER)
        return template.format(ref=ref, authority=authority, kind=d.kind)
    template = M.ICS_SUMMARY_ACT_LAST if by == d.date else M.ICS_SUMMARY_ACT_BY
    return template.format(
        ref=ref, authority=authority, action=_action(d), last=M.fmt_date(d.date)
    )


def _action(d: Deadline) -> str:
    return M.ICS_ACTIONS.get(d.kind) or M.ICS_ACTION_OTHER.format(kind=d.kind)


def placed_on(d: Deadline) -> date:
    """The day a deadline's event sits on: yours on the act-by date, the others on theirs."""
    return act_by(d) or d.date


def calendar_head(calendar_name: str = "cada") -> bytes:
    """The calendar's lines before its events (`build_calendar` = head + events + tail)."""
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", "-//cada-tracker//deadlines//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", calendar_name)
    whole = cal.to_ical()
    assert whole.endswith(CALENDAR_TAIL)
    return whole[: -len(CALENDAR_TAIL)]


CALENDAR_TAIL = b"END:VCALENDAR\r\n"


def event_bytes(ref: str, authority: str, subject: str, d: Deadline,
                dtstamp: datetime = EPOCH) -> bytes:
    """One deadline's VEVENT, as `build_calendar` writes it."""
    from icalendar import Alarm, Event

    if dtstamp.tzinfo is None:
        dtstamp = dtstamp.replace(tzinfo=UTC)
    by = act_by(d)
    day = by or d.date
    ev = Event()
    ev.add("uid", event_uid(ref, d.kind))
    ev.add("dtstamp", dtstamp)
    ev.add("dtstart", day)
    ev.add("dtend", day + timedelta(days=1))
    ev.add("summary", _summary(ref, authority, d, by))
    ev.add("description", _description(subject, d, by))
    ev.add("transp", "TRANSPARENT")
    ev.add("categories", [d.kind, deadline_actor(d.kind)])
    if by is not None:
        for days in ALARM_DAYS:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("trigger", timedelta(days=-days))  # before DTSTART, the act-by date
            alarm.add("description", M.ICS_ALARM_ACT.format(
                days, ref=ref, action=_action(d), date=M.fmt_date(by),
                last=M.fmt_date(d.date),
            ))  # fmt: skip
            ev.add_component(alarm)
    return ev.to_ical()


def dtstamp_line(dtstamp: datetime) -> bytes:
    """The DTSTAMP line of an event stamped `dtstamp` (stored events are stamped EPOCH and
    restamped when written: `cada calendar` stamps every event with the time it runs)."""
    from icalendar.prop import vDDDTypes

    if dtstamp.tzinfo is None:
        dtstamp = dtstamp.replace(tzinfo=UTC)
    return b"DTSTAMP:" + vDDDTypes(dtstamp).to_ical() + b"\r\n"


def build_calendar(
    entries: list[tuple[str, str, str, Deadline]],
    *,
    calendar_name: str = "cada",
    dtstamp: datetime = EPOCH,
) -> bytes:
    """entries: (request reference, authority name, subject, deadline). Returns the .ics bytes.

    Your own deadlines sit on their act-by date (`act_by`), the others on their legal date.
    Events are sorted by their date, then reference and kind.
    """
    ordered = sorted(entries, key=lambda e: (placed_on(e[3]), e[0], e[3].kind))
    events = [event_bytes(ref, authority, subject, d, dtstamp)
              for ref, authority, subject, d in ordered]
    return calendar_head(calendar_name) + b"".join(events) + CALENDAR_TAIL


def select_mine(
    entries: list[tuple[str, str, str, Deadline]],
) -> list[tuple[str, str, str, Deadline]]:
    """The entries whose deadline is yours (`deadline_actor` is USER)."""
    return [e for e in entries if deadline_actor(e[3].kind) == USER]
