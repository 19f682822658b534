"""Parsing and formatting of dates: ISO in the CLI and JSON, French long form in letters."""

from __future__ import annotations

from datetime import date

from cada_tracker import messages as M
from cada_tracker.errors import UsageError

MONTHS_FR = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)
DAYS_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def parse_date(text: str, *, what: str = "date") -> date:
    """Parse YYYY-MM-DD strictly; an impossible date (2020-02-30) is a usage error."""
    value = (text or "").strip()
    if len(value) != 10 or value[4] != "-" or value[7] != "-":
        raise UsageError(M.BAD_DATE_FORMAT.format(what=what, value=text))
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise UsageError(M.BAD_DATE.format(what=what, value=text, reason=exc)) from None


def french_long(d: date) -> str:
    """7 février 2020; 1er mars 2020."""
    day = "1er" if d.day == 1 else str(d.day)
    return f"{day} {MONTHS_FR[d.month - 1]} {d.year}"


def french_weekday(d: date) -> str:
    return DAYS_FR[d.weekday()]
