"""Month arithmetic (CPC 641), Easter computus and holiday calendars (reference §2.1, §2.5)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from cada_tracker.law.calendars import (
    calendar_for_department,
    easter,
    holidays,
    next_working_day,
    non_working,
    previous_working_day,
)
from cada_tracker.law.months import add_months, add_years


@pytest.mark.parametrize(
    "start, months, expected",
    [
        (date(2023, 1, 31), 1, date(2023, 2, 28)),  # clamp, common year (ref §2.1)
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # clamp, leap year (ref §2.1)
        (date(2023, 2, 28), 2, date(2023, 4, 28)),  # B + 2m of §4.2, not 30 April
        (date(2023, 3, 31), 1, date(2023, 4, 30)),  # April has 30 days
        (date(2023, 12, 31), 2, date(2024, 2, 29)),  # across the year, leap February
        (date(2023, 11, 15), 3, date(2024, 2, 15)),  # across the year, no clamp
        (date(2024, 2, 29), 12, date(2025, 2, 28)),  # one year after 29 Feb
        (date(2020, 8, 22), 2, date(2020, 10, 22)),  # K' + 2m of §4.1
    ],
)
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected


def test_add_years():
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert add_years(date(2020, 5, 10), 1) == date(2021, 5, 10)


# Reference §2.5 table: Easter Sunday, Good Friday, Ascension, Whit Monday.
@pytest.mark.parametrize(
    "year, sunday, friday, ascension, whit_monday",
    [
        (2020, date(2020, 4, 12), date(2020, 4, 10), date(2020, 5, 21), date(2020, 6, 1)),
        (2023, date(2023, 4, 9), date(2023, 4, 7), date(2023, 5, 18), date(2023, 5, 29)),
        (2024, date(2024, 3, 31), date(2024, 3, 29), date(2024, 5, 9), date(2024, 5, 20)),
        (2025, date(2025, 4, 20), date(2025, 4, 18), date(2025, 5, 29), date(2025, 6, 9)),
        (2026, date(2026, 4, 5), date(2026, 4, 3), date(2026, 5, 14), date(2026, 5, 25)),
    ],
)
def test_easter_table(year, sunday, friday, ascension, whit_monday):
    assert easter(year) == sunday
    national = holidays(year)
    alsace = holidays(year, "alsace-moselle")
    assert national[sunday + timedelta(days=1)] == "easter_monday"
    assert national[ascension] == "ascension"
    assert national[whit_monday] == "whit_monday"
    assert friday not in national
    assert alsace[friday] == "good_friday"


def test_national_list_is_code_du_travail_l3133_1():
    days = holidays(2023)
    assert len(days) == 11
    fixed = {(x.month, x.day) for x in days}
    for md in [(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)]:
        assert md in fixed
    assert date(2023, 12, 26) not in days


@pytest.mark.parametrize(
    "calendar, day, key",
    [
        ("alsace-moselle", date(2024, 12, 26), "st_stephen"),
        ("guadeloupe", date(2024, 5, 27), "abolition_guadeloupe"),
        ("martinique", date(2024, 5, 22), "abolition_martinique"),
        ("guyane", date(2024, 6, 10), "abolition_guyane"),
        ("reunion", date(2024, 12, 20), "abolition_reunion"),
        ("mayotte", date(2024, 4, 27), "abolition_mayotte"),
        ("saint-martin", date(2024, 5, 27), "abolition_saint_martin"),  # ref §0.9: not 28 May
        ("saint-barthelemy", date(2024, 10, 9), "abolition_saint_barthelemy"),
    ],
)
def test_regional_days(calendar, day, key):
    assert holidays(day.year, calendar)[day] == key
    assert day not in holidays(day.year)  # not a national holiday


def test_saint_martin_28_may_is_not_a_holiday():
    assert date(2024, 5, 28) not in holidays(2024, "saint-martin")


@pytest.mark.parametrize(
    "department, calendar",
    [
        ("67", "alsace-moselle"),
        ("68", "alsace-moselle"),
        ("57", "alsace-moselle"),
        ("971", "guadeloupe"),
        ("972", "martinique"),
        ("973", "guyane"),
        ("974", "reunion"),
        ("976", "mayotte"),
        ("977", "saint-barthelemy"),
        ("978", "saint-martin"),
        ("34", "national"),
        ("2A", "national"),
        (None, "national"),
    ],
)
def test_calendar_for_department(department, calendar):
    assert calendar_for_department(department) == calendar


def test_next_working_day_skips_14_july_and_weekend():
    # Friday 14 July 2023 (fête nationale), Saturday 15, Sunday 16 -> Monday 17 July 2023
    day, skipped = next_working_day(date(2023, 7, 14))
    assert day == date(2023, 7, 17)
    assert [k for _, k in skipped] == ["national_day", "saturday", "sunday"]


def test_previous_working_day():
    # Sunday 31 March 2024 (Easter), Saturday 30 -> Friday 29 March (Good Friday is worked
    # outside Alsace-Moselle); in Alsace-Moselle -> Thursday 28 March
    assert previous_working_day(date(2024, 3, 31))[0] == date(2024, 3, 29)
    assert previous_working_day(date(2024, 3, 31), "alsace-moselle")[0] == date(2024, 3, 28)


def test_non_working():
    assert non_working(date(2023, 7, 15)) == "saturday"
    assert non_working(date(2023, 7, 16)) == "sunday"
    assert non_working(date(2023, 7, 13)) is None
    with pytest.raises(ValueError):
        holidays(2023, "atlantis")
