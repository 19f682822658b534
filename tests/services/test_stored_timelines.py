"""Issue 13: `status` reads the stored timelines (revision 0007) and shows exactly what the
engine derives afresh: the same JSON text and the same table, day after day, through writes
that make rows stale (an event, a correction, a transfer, a renamed authority, the profile's
residence), in both languages, and with `--today` in the past.

The reference is `services.status.status_data`, which runs the engine on every request (the
path other databases take), rendered as `cada status` renders it."""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import date, timedelta

import pytest

from cada_tracker.context import Context
from cada_tracker.i18n import set_language
from cada_tracker.paths import Settings
from cada_tracker.render.text import status_lines
from cada_tracker.services.status import status_data

# stored timelines are kept fresh by SQLite triggers; on other databases they are computed
pytestmark = pytest.mark.sqlite_only("stored timelines exist on SQLite only (docs/design.md)")


def _engine_json(home, day: date, **options) -> str:
    ctx = Context(settings=Settings(home=home), today=day)
    data = status_data(ctx, full=True, **options)
    return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"


def _engine_table(home, day: date, *, filtered: bool = False, **options) -> str:
    ctx = Context(settings=Settings(home=home), today=day)
    data = status_data(ctx, full=False, **options)
    return "\n".join(status_lines(data, day, filtered=filtered, width=None)) + "\n"


def _stored_count(home) -> int:
    con = sqlite3.connect(home / "cada.db")
    try:
        return con.execute("SELECT count(*) FROM timeline").fetchone()[0]
    finally:
        con.close()


@pytest.fixture
def histories(cada, cada_home):
    """Requests at every stage, to four authorities (three departments), from Feb 2020 to
    2021: silence, refusals, a partial answer, referrals, an opinion, a transfer, a reply
    late, one request drafted only; histories typed in day by day as a user would."""
    steps = [
        ("init", "--name", "Jeanne Dupont", "--email", "jeanne@example.org"),
        ("authority", "add", "Ville de Montpellier", "--department", "34",
         "--email", "contact@example.org"),
        ("authority", "add", "Montpellier Méditerranée Métropole", "--department", "34",
         "--email", "contact@example.org"),
        ("authority", "add", "Ville de Strasbourg", "--department", "67"),
        ("authority", "add", "Ville de Pointe-à-Pitre", "--department", "971"),
    ]
    plans = {
        "S-1": ("ville-de-montpellier", [("sent", "2020-02-07")]),
        "S-2": ("ville-de-strasbourg", [("sent", "2020-02-10"), ("received", "2020-02-12"),
                                        ("reply", "2020-03-02", "refused"),
                                        ("cada-sent", "2020-04-20"),
                                        ("cada-registered", "2020-04-24")]),
        "S-3": ("ville-de-pointe-a-pitre", [("sent", "2020-06-01"),
                                            ("reply", "2020-09-15", "partial")]),
        "S-4": ("ville-de-montpellier", [("sent", "2020-09-01"), ("received", "2020-09-02"),
                                         ("cada-sent", "2020-11-10"),
                                         ("cada-registered", "2020-11-12"),
                                         ("cada-opinion", "2021-01-05", "favorable")]),
        "S-5": ("ville-de-strasbourg", []),
    }
    for ref, (slug, _) in plans.items():
        steps.append(("--today", "2020-02-01", "new", "--authority", slug, "--subject",
                      f"Vidéosurveillance {ref}", "--ref", ref))
    for args in steps:
        r = cada(*args)
        assert r.code == 0, (args, r.err)
    return plans


def _log(cada, ref, kind, on, outcome=None, today=None):
    args = ["--today", today or on, "log", ref, kind, "--on", on]
    if outcome:
        args += ["--outcome", outcome]
    r = cada(*args)
    assert r.code == 0, (ref, kind, on, r.err)


def test_status_json_and_table_match_the_engine_every_day(cada, cada_home, histories):
    """Every day from 1 Feb 2020 to 31 Mar 2021 (the events logged on their day, a transfer
    and a correction on the way), `status --all --json` and `status --all` give the engine's
    text, to the byte; rows are stored and reused in between."""
    pending = sorted((on, ref, kind, outcome) for ref, (_, events) in histories.items()
                     for kind, on, *outcome in [(e[0], e[1], *e[2:]) for e in events]
                     for outcome in [outcome[0] if outcome else None])
    day = date(2020, 2, 1)
    reused = 0
    while day <= date(2021, 3, 31):
        for on, ref, kind, outcome in [p for p in pending if p[0] == day.isoformat()]:
            _log(cada, ref, kind, on, outcome)
        if day == date(2020, 3, 16):  # the Ville transfers S-1 to the Métropole
            r = cada("--today", "2020-03-16", "log", "S-1", "reply", "--outcome",
                     "transferred", "--to", "montpellier-mediterranee-metropole")
            assert r.code == 0, r.err
        if day == date(2020, 5, 4):  # the first authority's receipt, typed in late
            _log(cada, "S-1", "received", "2020-02-08", today="2020-05-04")
        before = _stored_count(cada_home)
        got = cada("--today", day.isoformat(), "status", "--all", "--json")
        assert got.code == 0, got.err
        assert got.out == _engine_json(cada_home, day, show_all=True), day
        reused += before == _stored_count(cada_home) and before > 0
        if day.day in (1, 8, 15, 22, 29):
            table = cada("--today", day.isoformat(), "status", "--all")
            assert table.out == _engine_table(cada_home, day, show_all=True), day
        day += timedelta(days=1)
    assert reused > 300  # most days read every row from the table, derived no request again


@pytest.mark.parametrize("options", [
    {"overdue": True}, {"due_within": 10}, {"due_within": 0}, {}, {"authority": "ville-de-strasbourg"},
])
def test_filters_match_the_engine(cada, cada_home, histories, options):
    for ref, (_, events) in histories.items():
        for kind, on, *outcome in events:
            _log(cada, ref, kind, on, outcome[0] if outcome else None)
    args = {"overdue": ["--overdue"], "due_within": ["--due-within", str(options.get(
        "due_within"))], "authority": ["--authority", str(options.get("authority"))]}
    flags = [a for key in options for a in args[key]]
    filtered = bool(options)
    for day in ("2020-03-01", "2020-05-20", "2020-06-25", "2020-11-30", "2021-02-01",
                "2021-02-02", "2026-11-28"):
        d = date.fromisoformat(day)
        got = cada("--today", day, "status", *flags, "--json")
        assert got.out == _engine_json(cada_home, d, **options), (day, options)
        table = cada("--today", day, "status", *flags)
        assert table.out == _engine_table(cada_home, d, filtered=filtered, **options), day


def test_french_rows_are_stored_apart_and_match_the_engine(cada, cada_home, histories):
    for ref, (_, events) in histories.items():
        for kind, on, *outcome in events:
            _log(cada, ref, kind, on, outcome[0] if outcome else None)
    for day in ("2020-03-20", "2020-12-01"):
        d = date.fromisoformat(day)
        english = cada("--today", day, "status", "--all", "--json")
        french = cada("--lang", "fr", "--today", day, "status", "--all", "--json")
        assert english.out != french.out  # the next actions are in the interface's language
        try:
            set_language("fr")
            assert french.out == _engine_json(cada_home, d, show_all=True)
            table = cada("--lang", "fr", "--today", day, "status", "--all")
            set_language("fr")
            assert table.out == _engine_table(cada_home, d, show_all=True)
        finally:
            set_language("en")
        assert english.out == _engine_json(cada_home, d, show_all=True)
    con = sqlite3.connect(cada_home / "cada.db")
    try:
        langs = {r[0] for r in con.execute("SELECT DISTINCT lang FROM timeline")}
    finally:
        con.close()
    assert langs == {"en", "fr"}


def test_writes_the_timeline_reads_make_its_row_stale(cada, cada_home, histories):
    """A renamed authority, a changed residence (a profile write), a deleted event: the next
    status shows the change (the triggers deleted the rows in the write's transaction)."""
    for ref, (_, events) in histories.items():
        for kind, on, *outcome in events:
            _log(cada, ref, kind, on, outcome[0] if outcome else None)
    day = date(2021, 6, 10)  # every request has all its events by then
    first = cada("--today", day.isoformat(), "status", "--all", "--json")
    assert first.out == _engine_json(cada_home, day, show_all=True)
    assert _stored_count(cada_home) == 5
    r = cada("authority", "edit", "ville-de-strasbourg", "--name", "Strasbourg (Ville)")
    assert r.code == 0, r.err
    assert _stored_count(cada_home) == 3  # the two requests to Strasbourg
    again = cada("--today", day.isoformat(), "status", "--all", "--json")
    assert "Strasbourg (Ville)" in again.out
    assert again.out == _engine_json(cada_home, day, show_all=True)
    r = cada("init", "--residence", "overseas")
    assert r.code == 0, r.err
    assert _stored_count(cada_home) == 0
    assert cada("--today", day.isoformat(), "status", "--all", "--json").out == _engine_json(
        cada_home, day, show_all=True)


def test_a_stored_row_of_another_generation_is_not_used(cada, cada_home, histories,
                                                        monkeypatch):
    """A new release (or an edited law, message or data file) changes the generation: every
    row is derived again, never shown stale."""
    from cada_tracker.storage import timelines

    _log(cada, "S-1", "sent", "2020-02-07")
    assert cada("--today", "2020-03-20", "status", "--all").code == 0
    con = sqlite3.connect(cada_home / "cada.db")
    with con:  # a row that says something the engine never would, of an old generation
        con.execute("UPDATE timeline SET action = 'STALE', generation = 'old'")
    con.close()
    out = cada("--today", "2020-03-20", "status", "--all").out
    assert "STALE" not in out
    assert out == _engine_table(cada_home, date(2020, 3, 20), show_all=True)
    monkeypatch.setattr(timelines, "_fingerprints", {})
    con = sqlite3.connect(cada_home / "cada.db")
    gens = {r[0] for r in con.execute("SELECT generation FROM timeline")}
    con.close()
    assert gens == {timelines.generation("metropole")}


def _engine_calendar(home, day: date, **options) -> bytes:
    from cada_tracker.render.ics import EPOCH, build_calendar
    from cada_tracker.services.calendar import calendar_entries

    ctx = Context(settings=Settings(home=home), today=day)
    return build_calendar(calendar_entries(ctx, **options), dtstamp=EPOCH)


def _stamped(ics: str) -> bytes:
    import re

    return re.sub(r"DTSTAMP:\d{8}T\d{6}Z", "DTSTAMP:20000101T000000Z", ics).encode()


@pytest.mark.parametrize("flags", [[], ["--all"], ["--mine"], ["--all", "--mine"]],
                         ids=lambda f: " ".join(f) or "pending")
def test_calendar_matches_the_engine_through_writes(cada, cada_home, histories, flags,
                                                    monkeypatch):
    """`cada calendar` writes the events stored with the timelines: the same bytes as the
    calendar built from the engine on every request (but DTSTAMP, the time it runs), day after
    day, through events logged and an authority renamed."""
    from cada_tracker.services import stored_status

    made = []
    real = stored_status.calendar
    monkeypatch.setattr(stored_status, "calendar",
                        lambda *a, **k: made.append(real(*a, **k)) or made[-1])
    options = {"every": "--all" in flags, "mine": "--mine" in flags}
    pending = sorted((e[1], ref, e[0], e[2] if len(e) > 2 else None)
                     for ref, (_, events) in histories.items() for e in events)
    for day in ("2020-02-20", "2020-03-10", "2020-05-01", "2020-09-20", "2020-12-01",
                "2021-02-01", "2021-02-01", "2021-06-01"):
        for on, ref, kind, outcome in [p for p in pending if p[0] <= day]:
            _log(cada, ref, kind, on, outcome)
        pending = [p for p in pending if p[0] > day]
        if day == "2021-02-01":
            assert cada("authority", "edit", "ville-de-strasbourg", "--name", "Strasbourg").code == 0
        got = cada("--today", day, "calendar", *flags)
        assert got.code == 0, got.err
        assert _stamped(got.out) == _engine_calendar(cada_home, date.fromisoformat(day),
                                                     **options), day
        assert made[-1] is not None  # from the stored events, not derived again
    con = sqlite3.connect(cada_home / "cada.db")
    try:
        assert con.execute("SELECT count(*) FROM timeline_event").fetchone()[0] > 0
    finally:
        con.close()


def test_calendar_lines_written_without_icalendar_are_icalendar_s():
    from datetime import UTC, datetime

    from cada_tracker.render.ics import EPOCH, calendar_head, dtstamp_line
    from cada_tracker.services.stored_status import (
        CALENDAR_HEAD,
        STORED_STAMP,
        stamp_line,
    )

    assert CALENDAR_HEAD == calendar_head()
    assert STORED_STAMP == dtstamp_line(EPOCH)
    for moment in (datetime(2026, 12, 1, 3, 4, 5, 999, tzinfo=UTC), datetime(1999, 12, 31)):
        assert stamp_line(moment.astimezone(UTC)) == dtstamp_line(moment.astimezone(UTC))


def test_cada_check_derives_the_stored_timelines_again_and_compares(cada, cada_home, histories):
    for ref, (_, events) in histories.items():
        for kind, on, *outcome in events:
            _log(cada, ref, kind, on, outcome[0] if outcome else None)
    assert cada("--today", "2021-06-10", "calendar").code == 0  # rows and events stored
    ok = cada("--today", "2021-06-10", "check", "--json")
    assert ok.code == 0, ok.err
    assert ok.json["timelines"] == {"checked": 5, "differ": [], "stored": True}
    con = sqlite3.connect(cada_home / "cada.db")
    with con:  # a row that no longer says what the engine says (a bug, a hand edit)
        con.execute("UPDATE timeline SET action = 'wrong' WHERE reference = 'S-2'")
        con.execute("UPDATE timeline_event SET status = 'met' WHERE reference = 'S-4' AND "
                    "status <> 'met'")
    con.close()
    bad = cada("--today", "2021-06-10", "check")
    assert bad.code == 5
    assert "S-2" in bad.out and "S-4" in bad.out and "2 stored timeline(s) differ" in bad.err
    repaired = cada("--today", "2021-06-10", "check", "--repair")
    assert repaired.code == 0, repaired.err
    again = cada("--today", "2021-06-10", "check", "--json")
    assert again.json["timelines"]["differ"] == [] and again.json["ok"]
    assert cada("--today", "2021-06-10", "status", "--all").out == _engine_table(
        cada_home, date(2021, 6, 10), show_all=True)


@pytest.mark.parametrize("flags", [[], ["--within", "30"], ["--check"], ["--check", "--all-actors"],
                                   ["--json"], ["--json", "--within", "0", "--all-actors"]],
                         ids=lambda f: " ".join(f) or "default")
def test_remind_matches_the_engine(cada, cada_home, histories, flags, monkeypatch):
    """`remind` reads the stored rows too: the same text, JSON and exit code as when every
    request is derived (the path other databases take)."""
    from cada_tracker.services import stored_status

    for ref, (_, events) in histories.items():
        for kind, on, *outcome in events:
            _log(cada, ref, kind, on, outcome[0] if outcome else None)
    for day in ("2020-03-05", "2020-04-22", "2020-12-01", "2021-01-20", "2021-03-05"):
        stored = cada("--today", day, "remind", *flags)
        # a context of its own: monkeypatch.undo() would also undo the cada_home fixture's
        # CADA_HOME, and the next days would compare two empty default homes
        with monkeypatch.context() as patch:
            patch.setattr(stored_status, "usable", lambda ctx: False)
            derived = cada("--today", day, "remind", *flags)
        assert (stored.code, stored.out, stored.err) == (derived.code, derived.out,
                                                         derived.err), day
        assert os.environ["CADA_HOME"] == str(cada_home), day  # still the test's own home


def test_a_stored_value_changed_by_hand_into_text_is_reported_not_a_crash(cada, cada_home,
                                                                          histories):
    """A hand edit with the sqlite3 shell turns the stored UTF-8 into TEXT: `status --json` and
    `calendar` still run, `cada check` names the request, `--repair` forgets the row."""
    for ref, (_, events) in histories.items():
        for kind, on, *outcome in events:
            _log(cada, ref, kind, on, outcome[0] if outcome else None)
    assert cada("--today", "2021-06-10", "calendar").code == 0
    con = sqlite3.connect(cada_home / "cada.db")
    with con:
        con.execute("UPDATE timeline_json SET payload = replace(CAST(payload AS TEXT), "
                    "'Vidéosurveillance S-2', 'Vidéosurveillance ZZ') WHERE request_id = "
                    "(SELECT id FROM request WHERE reference = 'S-2')")
        con.execute("UPDATE timeline_event SET ics = CAST(ics AS TEXT) WHERE reference = 'S-4'")
    con.close()
    assert cada("--today", "2021-06-10", "status", "--all", "--json").code == 0
    assert cada("--today", "2021-06-10", "calendar").code == 0
    bad = cada("--today", "2021-06-10", "check")
    assert bad.code == 5 and "S-2" in bad.out, bad.err
    assert cada("--today", "2021-06-10", "check", "--repair").code == 0
    assert cada("--today", "2021-06-10", "status", "--all", "--json").out == _engine_json(
        cada_home, date(2021, 6, 10), show_all=True)
