"""The legal day a message was received (issue 12): its instant's day in Europe/Paris, the
Date: header unless it is missing or implausible. Hand-checkable with a calendar."""

from __future__ import annotations

from datetime import date, datetime

from cada_tracker.services.mail.importer import legal_day, paris_day, parse


def test_paris_day_in_winter_and_summer():
    # Sat 29 Feb 2020 23:15 UTC = Sun 1 Mar 2020 00:15 in Paris (UTC+1)
    assert paris_day(datetime(2020, 2, 29, 23, 15)) == date(2020, 3, 1)
    # Sun 31 Mar 2024 21:59 UTC = 23:59 in Paris (UTC+2 since 02:00 that night): still Sunday
    assert paris_day(datetime(2024, 3, 31, 21, 59)) == date(2024, 3, 31)
    # Sun 31 Mar 2024 22:30 UTC = Mon 1 Apr 2024 00:30 in Paris
    assert paris_day(datetime(2024, 3, 31, 22, 30)) == date(2024, 4, 1)


def test_header_unless_implausible_then_arrival_then_today():
    today = date(2020, 3, 2)  # Mon 2 Mar 2020
    sent = date(2020, 2, 7)  # Fri 7 Feb 2020
    header = datetime(2020, 2, 18, 8, 30)  # Tue 18 Feb 2020
    arrival = datetime(2020, 2, 19, 7, 0)  # Wed 19 Feb 2020
    assert legal_day(header, arrival, today, sent) == (date(2020, 2, 18), "header")
    future = datetime(2020, 3, 3, 9, 0)  # Tue 3 Mar 2020: after today
    assert legal_day(future, arrival, today, sent) == (date(2020, 2, 19), "arrival")
    before_sending = datetime(2020, 2, 6, 9, 0)  # Thu 6 Feb 2020: before it was sent
    assert legal_day(before_sending, arrival, today, sent) == (date(2020, 2, 19), "arrival")
    assert legal_day(None, arrival, today, sent) == (date(2020, 2, 19), "arrival")
    # an arrival after today (a --today in the past) is never used beyond today
    assert legal_day(None, datetime(2020, 4, 1), today, sent) == (today, "arrival")
    assert legal_day(None, None, today, sent) == (today, "import")


def test_header_without_zone_is_read_as_utc_and_bad_ones_as_missing():
    parsed = parse(b"Date: Sat, 29 Feb 2020 23:15:00 -0000\r\nSubject: x\r\n\r\nbody\r\n")
    assert parsed.header_date == datetime(2020, 2, 29, 23, 15)
    bad = parse(b"Date: 31/02/2020\r\nMessage-ID: nothing\r\nFrom: ???\r\n\r\n")
    assert (bad.header_date, bad.message_id, bad.from_addr) == (None, None, None)


def test_a_date_past_the_last_one_python_holds_is_read_as_missing():
    # Fri 31 Dec 9999 23:00 -0200 is 1 Jan 10000 in UTC; 23:30 UTC is 1 Jan 10000 in Paris:
    # neither can be a legal day, so the arrival (or today) is used, never an internal error
    for header in (b"Fri, 31 Dec 9999 23:00:00 -0200", b"Fri, 31 Dec 9999 23:30:00 +0000"):
        assert parse(b"Date: " + header + b"\r\nSubject: x\r\n\r\nx\r\n").header_date is None
    today = date(2020, 3, 2)  # Mon 2 Mar 2020
    assert legal_day(None, datetime(9999, 12, 31, 23, 30), today, None) == (today, "arrival")


def test_an_import_of_a_message_dated_past_year_9999_files_it_on_its_arrival(cada, tmp_path):
    mbox = tmp_path / "far.mbox"
    mbox.write_bytes(b"From x Mon Jan  1 00:00:00 2026\nFrom: someone@example.org\n"
                     b"Message-ID: <far@example.org>\nDate: Fri, 31 Dec 9999 23:00:00 -0200\n"
                     b"Subject: far\n\nx\n")
    r = cada("--today", "2020-03-02", "mail", "import", "--mbox", str(mbox))
    assert r.code == 0, r.err
    assert "internal error" not in r.err
