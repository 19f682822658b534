"""Public holidays and working days for CPC 642 prorogation.

The list is computed, not looked up: Code du travail L3133-1 (national), L3134-13 (Alsace-Moselle:
Good Friday and 26 December) and the abolition-of-slavery days of the overseas territories
(L3422-2, décret 83-1003). Easter by the anonymous Gregorian computus. Results are cached per
(year, calendar). Holidays are returned as keys; their names live in `cada_tracker.messages.law`.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

NATIONAL = "national"

# Calendar of the administrative court seated in each department (see docs/deadlines.md).
_DEPARTMENT_CALENDARS = {
    "57": "alsace-moselle",
    "67": "alsace-moselle",
    "68": "alsace-moselle",
    "971": "guadeloupe",
    "972": "martinique",
    "973": "guyane",
    "974": "reunion",
    "975": "saint-pierre-et-miquelon",
    "976": "mayotte",
    "977": "saint-barthelemy",
    "978": "saint-martin",
}

# Abolition of slavery (décret 83-1003); Saint-Martin: 27 May as in the decree (ref. §0.9).
_ABOLITION = {
    "mayotte": (4, 27),
    "martinique": (5, 22),
    "guadeloupe": (5, 27),
    "saint-martin": (5, 27),
    "guyane": (6, 10),
    "saint-barthelemy": (10, 9),
    "reunion": (12, 20),
}

# Territories whose tribunal gets the R421-7 al. 2 distance extension.
OVERSEAS_COURT_DEPARTMENTS = frozenset({"971", "972", "973", "974", "975", "976", "977", "978"})

CALENDARS = (NATIONAL, "alsace-moselle", *sorted(_ABOLITION), "saint-pierre-et-miquelon")


def calendar_for_department(department: str | None) -> str:
    """The territory's own calendar for an INSEE department code; unknown or metropolitan:
    national. For the court, see `court_calendars` (a tribunal may sit elsewhere)."""
    if not department:
        return NATIONAL
    return _DEPARTMENT_CALENDARS.get(department.strip().upper(), NATIONAL)


# --- Court seated outside the collectivity (issue 9 point 6) ---------------------------------
# CJA R221-3: the tribunals administratifs of Saint-Barthélemy and Saint-Martin sit at
# Basse-Terre (Guadeloupe). The legal last day is prorogated over the seat's calendar; the
# collectivity's own calendar is kept for the safe date (the earlier of the two).
_SEAT_ELSEWHERE = {"977": "guadeloupe", "978": "guadeloupe"}


def court_calendars(department: str | None) -> tuple[str, str | None]:
    """(calendar of the place where the administrative court sits, the collectivity's own
    calendar when the court sits elsewhere, else None)."""
    own = calendar_for_department(department)
    seat = _SEAT_ELSEWHERE.get(department.strip().upper()) if department else None
    if seat is None or seat == own:
        return own, None
    return seat, own


def easter(year: int) -> date:
    """Easter Sunday (Gregorian calendar, anonymous computus)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m7 = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * m7) // 451
    month, day0 = divmod(h + m7 - 7 * m + 114, 31)
    return date(year, month, day0 + 1)


@lru_cache(maxsize=512)
def holidays(year: int, calendar: str = NATIONAL) -> dict[date, str]:
    """{date: holiday key} for one year and calendar."""
    e = easter(year)
    days = {
        date(year, 1, 1): "new_year",
        e + timedelta(days=1): "easter_monday",
        date(year, 5, 1): "labour_day",
        date(year, 5, 8): "victory_day",
        e + timedelta(days=39): "ascension",
        e + timedelta(days=50): "whit_monday",
        date(year, 7, 14): "national_day",
        date(year, 8, 15): "assumption",
        date(year, 11, 1): "all_saints",
        date(year, 11, 11): "armistice",
        date(year, 12, 25): "christmas",
    }
    if calendar == "alsace-moselle":
        days[e - timedelta(days=2)] = "good_friday"
        days[date(year, 12, 26)] = "st_stephen"
    elif calendar in _ABOLITION:
        month, day = _ABOLITION[calendar]
        days[date(year, month, day)] = "abolition_" + calendar.replace("-", "_")
    elif calendar not in CALENDARS:
        raise ValueError(f"unknown calendar {calendar!r}")
    return days


def non_working(d: date, calendar: str = NATIONAL) -> str | None:
    """Key of the reason `d` is not a working day ("saturday", "sunday", a holiday), or None."""
    wd = d.weekday()
    if wd == 5:
        return "saturday"
    if wd == 6:
        return "sunday"
    return holidays(d.year, calendar).get(d)


def next_working_day(
    d: date, calendar: str = NATIONAL
) -> tuple[date, tuple[tuple[date, str], ...]]:
    """First working day on or after `d` (CPC 642 al. 2), with the days skipped and why."""
    reason = non_working(d, calendar)
    if reason is None:
        return d, ()
    skipped: list[tuple[date, str]] = []
    while reason is not None:
        skipped.append((d, reason))
        d += timedelta(days=1)
        reason = non_working(d, calendar)
    return d, tuple(skipped)


def previous_working_day(
    d: date, calendar: str = NATIONAL
) -> tuple[date, tuple[tuple[date, str], ...]]:
    """Last working day on or before `d`, with the days skipped and why."""
    skipped: list[tuple[date, str]] = []
    reason = non_working(d, calendar)
    while reason is not None:
        skipped.append((d, reason))
        d -= timedelta(days=1)
        reason = non_working(d, calendar)
    return d, tuple(skipped)
