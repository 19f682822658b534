"""Migration 0002 is frozen (it imports no live code) and still indexes what a 0001 database
holds: pages, requests with their items, letters, findings with tags and quotes, exactly as
the live `cada search --reindex` does today."""

from __future__ import annotations

import ast
import sqlite3
from pathlib import Path

import pytest

from tests.services.documents.helpers import make_pdf
from tests.storage.schema_history import rewind

pytestmark = pytest.mark.sqlite_only("SQLite databases of each revision (PostgreSQL: test_upgrade_on_postgresql.py)")

MIGRATION = (Path(__file__).resolve().parents[2] / "cada_tracker" / "storage" / "migrations"
             / "versions" / "0002_search_index.py")


def _index(home: Path) -> list[tuple]:
    con = sqlite3.connect(home / "cada.db")
    try:
        return con.execute("SELECT rowid, title, body, kind, item_id, page FROM search_index "
                           "ORDER BY rowid").fetchall()
    finally:
        con.close()


def test_migration_0002_imports_no_code_of_the_program():
    tree = ast.parse(MIGRATION.read_text(encoding="utf-8"))
    modules = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    modules |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    assert modules == {"alembic"}


def test_upgrade_from_0001_indexes_every_kind_of_row_like_the_reindex(cada, montpellier,
                                                                      tmp_path, cada_home):
    pdf = make_pdf(tmp_path / "reponse.pdf", ["Courrier de la ville.",
                                               "Le logiciel « Map Revelation »."])
    assert cada("attach", montpellier, pdf).code == 0
    assert cada("finding", "add", "Logiciel", "--summary", "Révélé", "--tag", "police",
                "--request", montpellier).code == 0
    assert cada("finding", "evidence", "1", "--document", "1", "--page", "2",
                "--quote", "Map Revelation").code == 0
    con = sqlite3.connect(cada_home / "cada.db")
    with con:
        con.execute("INSERT INTO letter(request_id, kind, body, sha256, frozen, created_at) "
                    "VALUES (1, 'request', 'Madame le Maire, Zorglub', ?, 0, "
                    "'2020-02-07 00:00:00')", ["0" * 64])
        rewind(con, "0001")  # the database as revision 0001 left it: no index, ...
    con.close()
    r = cada("search", "zorglub", "--json")  # upgrades to 0002 first
    assert r.code == 0, r.err
    assert [h["kind"] for h in r.json["hits"]] == ["letter"]
    migrated = _index(cada_home)
    assert {row[3] for row in migrated} == {"page", "request", "letter", "finding"}
    assert cada("search", "--reindex").code == 0
    assert _index(cada_home) == migrated


@pytest.mark.slow
def test_migration_from_0001_indexes_existing_rows(cada_home):
    from alembic import command

    from cada_tracker.paths import Settings
    from cada_tracker.storage import db

    settings = Settings(home=cada_home)
    cada_home.mkdir(parents=True)
    with db.get_engine(settings).begin() as conn:
        command.upgrade(db.alembic_config(settings, conn), "0001")
    db.dispose_engines()
    con = sqlite3.connect(cada_home / "cada.db")
    con.execute("INSERT INTO authority(slug, name, created_at) VALUES ('v', 'Ville', "
                "'2020-01-01 00:00:00')")
    con.execute("INSERT INTO request(reference, authority_id, subject, channel, environmental,"
                " created_on, illustrative, created_at) VALUES ('2019-001', 1, "
                "'Vidéosurveillance du centre', 'email', 0, '2019-01-01', 0, "
                "'2019-01-01 00:00:00')")
    con.commit()
    con.close()
    from tests.conftest import run_cada

    r = run_cada("search", "videosurveillance", "--json")
    assert r.code == 0, r.err
    assert [h["request"] for h in r.json["hits"]] == ["2019-001"]
    assert db.sqlite_revision(cada_home / "cada.db") == db.SCHEMA_HEAD


def test_migration_0003_adds_the_referral_channel_and_keeps_every_event(cada_home):
    """A database made by revision 0002 with events is upgraded by 0003: every event kept, the
    new event.channel empty (NULL: e-mail is assumed for a referral, docs/deadlines.md)."""
    from alembic import command

    from cada_tracker.paths import Settings
    from cada_tracker.storage import db
    from tests.conftest import run_cada

    settings = Settings(home=cada_home)
    cada_home.mkdir(parents=True)
    with db.get_engine(settings).begin() as conn:
        command.upgrade(db.alembic_config(settings, conn), "0002")
    db.dispose_engines()
    con = sqlite3.connect(cada_home / "cada.db")
    con.execute("INSERT INTO authority(slug, name, department, created_at) VALUES ('v', 'Ville', "
                "'34', '2023-01-01 00:00:00')")
    con.execute("INSERT INTO request(reference, authority_id, subject, channel, environmental,"
                " created_on, illustrative, created_at) VALUES ('2023-001', 1, 'Caméras', "
                "'post', 0, '2023-01-30', 0, '2023-01-30 00:00:00')")
    for kind, on in (("received", "2023-01-31"), ("cada-sent", "2023-03-10")):
        con.execute("INSERT INTO event(request_id, kind, occurred_on, forced, created_at) "
                    "VALUES (1, ?, ?, 0, '2023-03-10 00:00:00')", [kind, on])
    con.commit()
    con.close()
    r = run_cada("--today", "2023-03-20", "show", "2023-001", "--json")
    assert r.code == 0, r.err
    assert db.sqlite_revision(cada_home / "cada.db") == db.SCHEMA_HEAD
    assert [(e["kind"], e["date"]) for e in r.json["events"]] == [
        ("received", "2023-01-31"), ("cada-sent", "2023-03-10")]
    assert all("channel" not in e for e in r.json["events"])
    # a request sent by post, referral channel not recorded: e-mail assumed, R = Fri 10 Mar
    # 2023 (same day), K = R + 2 months = Wed 10 May 2023
    k = {d["kind"]: d for d in r.json["deadlines"]}["refusal_confirmed"]
    assert k["date"] == "2023-05-10" and k["estimated"] is True


def test_migrations_import_no_code_of_the_program():
    """Every revision is frozen: libraries only, never a module of cada_tracker."""
    for path in sorted(MIGRATION.parent.glob("0*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        modules |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                    for alias in node.names}
        assert not [m for m in modules if m.split(".")[0] == "cada_tracker"], path.name


def test_migration_0004_keeps_letters_and_events_and_adds_empty_columns(cada, montpellier,
                                                                        cada_home):
    """A database as 0003 left it (a request, its events, a letter) is upgraded by 0004: every
    row kept, letters marked "rendered", no item outcome, no arguments, no legal-aid dates;
    and 0004 downgrades back to 0003 cleanly."""
    from alembic import command

    from cada_tracker.paths import Settings
    from cada_tracker.storage import db

    con = sqlite3.connect(cada_home / "cada.db")
    with con:
        con.execute("INSERT INTO letter(request_id, kind, body, sha256, frozen, created_at) "
                    "VALUES (1, 'request', 'Madame le Maire', ?, 1, '2020-02-07 00:00:00')",
                    ["0" * 64])
        rewind(con, "0003", keep_search_index=True)
        events_before = con.execute("SELECT id, kind, occurred_on FROM event").fetchall()
    con.close()
    r = cada("show", montpellier, "--json")
    assert r.code == 0, r.err
    con = sqlite3.connect(cada_home / "cada.db")
    try:
        # upgraded to the head (0005 since issue 11 began), through 0004
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] >= "0004"
        assert con.execute("SELECT id, kind, occurred_on FROM event").fetchall() == events_before
        origins = con.execute("SELECT origin FROM letter").fetchall()
        assert len(origins) >= 2 and set(origins) == {("rendered",)}
        assert con.execute("SELECT count(*) FROM item_outcome").fetchone()[0] == 0
        assert con.execute("SELECT arguments, open_format FROM request").fetchall() == [(None, 0)]
        assert con.execute("SELECT count(*) FROM event WHERE notified_on IS NOT NULL "
                           "OR lawyer_designated_on IS NOT NULL").fetchone()[0] == 0
    finally:
        con.close()
    settings = Settings(home=cada_home)
    with db.get_engine(settings).begin() as conn:
        command.downgrade(db.alembic_config(settings, conn), "0003")
    db.dispose_engines()
    con = sqlite3.connect(cada_home / "cada.db")
    try:
        tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master")}
        assert "item_outcome" not in tables
        columns = {row[1] for row in con.execute("PRAGMA table_info(letter)")}
        assert "origin" not in columns and "frozen" in columns
    finally:
        con.close()


def test_migration_0005_adds_campaigns_tags_and_audit_and_keeps_every_row(cada, montpellier,
                                                                          cada_home):
    """A database as 0004 left it is upgraded by 0005: requests keep their rows with no
    campaign, the new tables are empty; and 0005 downgrades back to 0004 cleanly."""
    from alembic import command

    from cada_tracker.paths import Settings
    from cada_tracker.storage import db

    con = sqlite3.connect(cada_home / "cada.db")
    with con:
        rewind(con, "0004", keep_search_index=True)
        requests_before = con.execute("SELECT id, reference, subject FROM request").fetchall()
    con.close()
    assert cada("show", montpellier, "--json").code == 0
    con = sqlite3.connect(cada_home / "cada.db")
    try:
        # upgraded to the head (0006 since issue 12 began), through 0005
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] >= "0005"
        assert con.execute("SELECT id, reference, subject FROM request").fetchall() \
            == requests_before
        assert con.execute("SELECT campaign_id FROM request").fetchall() == [(None,)]
        for table in ("campaign", "campaign_document", "authority_tag", "event_audit"):
            assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
    finally:
        con.close()
    settings = Settings(home=cada_home)
    with db.get_engine(settings).begin() as conn:
        command.downgrade(db.alembic_config(settings, conn), "0004")
    db.dispose_engines()
    con = sqlite3.connect(cada_home / "cada.db")
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert not tables & {"campaign", "campaign_document", "authority_tag", "event_audit"}
        columns = {r[1] for r in con.execute("PRAGMA table_info(request)")}
        assert "campaign_id" not in columns
        assert con.execute("SELECT id, reference, subject FROM request").fetchall() \
            == requests_before
    finally:
        con.close()


def test_migration_0006_adds_the_outbox_and_mail_messages_and_keeps_every_row(cada, montpellier,
                                                                              cada_home):
    """A database as 0005 left it is upgraded by 0006: every request and event keeps its row,
    the outbox and the mail messages are empty; and 0006 downgrades back to 0005 cleanly."""
    from alembic import command

    from cada_tracker.paths import Settings
    from cada_tracker.storage import db

    con = sqlite3.connect(cada_home / "cada.db")
    with con:
        con.execute("INSERT INTO event(request_id, kind, occurred_on, forced, created_at) "
                    "VALUES (1, 'sent', '2020-02-07', 0, '2020-02-07 00:00:00')")
        rewind(con, "0005", keep_search_index=True)
        events_before = con.execute("SELECT id, request_id, kind, occurred_on FROM event"
                                    " ORDER BY id").fetchall()
    con.close()
    assert cada("show", montpellier, "--json").code == 0
    con = sqlite3.connect(cada_home / "cada.db")
    try:
        # upgraded to the head (0007 since issue 13 began), through 0006
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] >= "0006"
        assert con.execute("SELECT id, request_id, kind, occurred_on FROM event"
                           " ORDER BY id").fetchall() == events_before
        for table in ("outbox", "mail_message"):
            assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
        indexes = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert {"ix_outbox_message_id", "ix_mail_message_file_sha256"} <= indexes
    finally:
        con.close()
    settings = Settings(home=cada_home)
    with db.get_engine(settings).begin() as conn:
        command.downgrade(db.alembic_config(settings, conn), "0005")
    db.dispose_engines()
    con = sqlite3.connect(cada_home / "cada.db")
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert not tables & {"outbox", "mail_message"}
        assert "campaign" in tables
    finally:
        con.close()


def test_migration_0007_adds_the_stored_timelines_and_their_triggers(cada, montpellier,
                                                                    cada_home):
    """A database as 0006 left it is upgraded by 0007: every event keeps its row, the stored
    timelines start empty, a read stores them, and a write deletes the row it makes stale in
    its own transaction (the triggers); 0007 downgrades back to 0006 cleanly."""
    from alembic import command

    from cada_tracker.paths import Settings
    from cada_tracker.storage import db

    assert cada("log", montpellier, "sent", "--on", "2020-02-07").code == 0
    con = sqlite3.connect(cada_home / "cada.db")
    with con:
        rewind(con, "0006", keep_search_index=True)
        events_before = con.execute("SELECT id, request_id, kind, occurred_on FROM event"
                                    " ORDER BY id").fetchall()
    con.close()
    assert cada("--today", "2020-03-01", "status", "--all").code == 0  # upgrades, then stores
    con = sqlite3.connect(cada_home / "cada.db")
    try:
        # upgraded to the head (0008 since issue 14 began), through 0007
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] >= "0007"
        assert con.execute("SELECT id, request_id, kind, occurred_on FROM event"
                           " ORDER BY id").fetchall() == events_before
        assert con.execute("SELECT count(*) FROM timeline").fetchone()[0] == 1
        epoch = con.execute("SELECT epoch FROM timeline_epoch").fetchone()[0]
        with con:  # any write the timeline reads, by any code path: the row goes
            con.execute("UPDATE event SET note = 'x' WHERE id = ?", [events_before[0][0]])
        assert con.execute("SELECT count(*) FROM timeline").fetchone()[0] == 0
        assert con.execute("SELECT epoch FROM timeline_epoch").fetchone()[0] == epoch + 1
    finally:
        con.close()
    settings = Settings(home=cada_home)
    with db.get_engine(settings).begin() as conn:
        command.downgrade(db.alembic_config(settings, conn), "0006")
    db.dispose_engines()
    con = sqlite3.connect(cada_home / "cada.db")
    try:
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
        assert not {n for n in names if n.startswith(("timeline", "ix_timeline"))}
        assert "outbox" in names
    finally:
        con.close()


_MADE = ("event", "document", "finding", "letter")


def test_migration_0008_records_who_made_what_and_keeps_every_row(cada, montpellier, cada_home,
                                                                  tmp_path):
    """A database as 0007 left it (events, a letter, a document, a finding) is upgraded by
    0008 (issue 14): every row kept, with no maker (NULL: unknown, shown as such), while the
    rows made after it have theirs; the stored timelines' triggers on `event` survive (a
    plain ADD COLUMN, no table copy); and 0008 downgrades back to 0007 cleanly."""
    from alembic import command

    from cada_tracker.paths import Settings
    from cada_tracker.storage import db

    pdf = make_pdf(tmp_path / "reponse.pdf", ["Courrier de la ville."])
    assert cada("--today", "2020-02-07", "log", montpellier, "sent").code == 0
    assert cada("--today", "2020-06-15", "attach", montpellier, pdf).code == 0
    assert cada("finding", "add", "Logiciel", "--request", montpellier).code == 0
    con = sqlite3.connect(cada_home / "cada.db")
    with con:
        rewind(con, "0007", keep_search_index=True)
        before = {t: con.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in _MADE}
    con.close()
    assert all(before.values())
    r = cada("--as", "Alice", "--today", "2020-06-20", "log", montpellier, "note",
             "--note", "relu")  # upgrades to 0008 first, then records Alice's note
    assert r.code == 0, r.err
    con = sqlite3.connect(cada_home / "cada.db")
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] >= "0008"
        for table in _MADE:
            rows = con.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
            assert [row[:-1] for row in rows[:len(before[table])]] == before[table], table
            assert {row[-1] for row in rows[:len(before[table])]} == {None}, table
        assert con.execute("SELECT made_by FROM event WHERE note = 'relu'").fetchall() \
            == [("Alice",)]
        triggers = {r[0] for r in con.execute("SELECT name FROM sqlite_master "
                                               "WHERE type = 'trigger'")}
        assert {"timeline_event_insert", "timeline_event_update"} <= triggers
    finally:
        con.close()
    shown = cada("--today", "2020-06-20", "show", montpellier, "--json").json
    assert [e["made_by"] for e in shown["events"]] == [None, "Alice"]
    assert [x["made_by"] for x in shown["letters"] + shown["documents"] + shown["findings"]] \
        == [None, None, None]
    text = cada("--today", "2020-06-20", "show", montpellier).out
    assert "sent  [by unknown]" in text and "note  [by Alice] — relu" in text
    settings = Settings(home=cada_home)
    with db.get_engine(settings).begin() as conn:
        command.downgrade(db.alembic_config(settings, conn), "0007")
    db.dispose_engines()
    con = sqlite3.connect(cada_home / "cada.db")
    try:
        for table in _MADE:
            columns = {r[1] for r in con.execute(f"PRAGMA table_info({table})")}
            assert "made_by" not in columns and "id" in columns, table
        assert con.execute("SELECT count(*) FROM event").fetchone()[0] == len(before["event"]) + 1
    finally:
        con.close()
