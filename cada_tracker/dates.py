"""Parsing and formatting of dates: ISO in the CLI and JSON, French long form in letters."""

from __future__ import annotations

from datetime import date

from cada_tracker import messages as M
from cada_tracker.display import shown
from cada_tracker.errors import UsageError

MONTHS_FR = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)


# Deadlines run years past their start (one-year long stops, distance extensions): keeping
# inputs within these years keeps every computed date representable.
MIN_YEAR, MAX_YEAR = 1900, 2999


def parse_date(text: str, *, what: str = "date") -> date:
    """Parse YYYY-MM-DD strictly; an impossible date (2020-02-30) is a usage error."""
    value = text or ""
    text = shown(value)  # for the messages: a control character never reaches the terminal
    if (
        len(value) != 10
        or not value.isascii()
        or value[4] != "-"
        or value[7] != "-"
        or not (value[:4] + value[5:7] + value[8:]).isdigit()
    ):
        raise UsageError(M.BAD_DATE_FORMAT.format(what=what, value=text))
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        # the reason in the interface language, not Python's English ("day is out of range")
        if not MIN_YEAR <= int(value[:4]) <= MAX_YEAR:  # year 0000
            raise UsageError(M.DATE_OUT_OF_RANGE.format(what=what, value=text, low=MIN_YEAR,
                                                         high=MAX_YEAR)) from None
        month = int(value[5:7])
        reason = M.DATE_NO_SUCH_MONTH if not 1 <= month <= 12 else M.DATE_NO_SUCH_DAY
        raise UsageError(M.BAD_DATE.format(what=what, value=text, reason=reason)) from None
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise UsageError(M.DATE_OUT_OF_RANGE.format(what=what, value=text, low=MIN_YEAR,
                                                     high=MAX_YEAR))
    return parsed


def french_long(d: date) -> str:
    """7 février 2020; 1er mars 2020."""
    day = "1er" if d.day == 1 else str(d.day)
    return f"{day} {MONTHS_FR[d.month - 1]} {d.year}"


