"""Calendar-month arithmetic "de quantième à quantième" (CPC 641, applied by the
administrative courts): same day-of-month n months later, clamped to the month's last day."""

from __future__ import annotations

from datetime import date

_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def month_length(year: int, month: int) -> int:
    if month == 2 and is_leap(year):
        return 29
    return _DAYS[month - 1]


def add_months(d: date, n: int) -> date:
    """`d` + `n` calendar months; a missing day becomes the last day of the month.

    31 Jan 2023 + 1 = 28 Feb 2023; 31 Jan 2024 + 1 = 29 Feb 2024.
    """
    total = d.year * 12 + (d.month - 1) + n
    year, month0 = divmod(total, 12)
    last = month_length(year, month0 + 1)
    return date(year, month0 + 1, d.day if d.day <= last else last)


def add_years(d: date, n: int) -> date:
    return add_months(d, 12 * n)
