"""The write path of `cada new` and `cada log` in plain SQL (storage.sql.Unit, issue 13 goal 4):
the same rows as the ORM's unit of work, no SQLAlchemy import, nothing half-written, and
concurrent writers serialised by BEGIN IMMEDIATE and the busy timeout."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import env_without_home

pytestmark = pytest.mark.sqlite_only("the plain sqlite3 write path of a SQLite file")

# Every table `new` and `log` write, each column with its SQLite storage class.
_TABLES = {
    "request": "reference, authority_id, subject, channel, environmental, created_on, "
               "illustrative, note, created_at, arguments, open_format, campaign_id",
    "request_item": "request_id, position, description",
    "event": "request_id, kind, occurred_on, outcome, note, complete, mentions_remedies, "
             "forced, created_at, channel, notified_on, lawyer_designated_on, made_by",
    "item_outcome": "event_id, item_id, outcome, ground",
    "letter": "request_id, kind, body, sha256, frozen, event_id, created_at, origin, made_by",
}
_STAMP = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.000000$")  # as SQLAlchemy writes it


def _history(cada) -> None:
    """`new` and `log` with every kind of value: booleans, dates, NULLs, item outcomes,
    letters frozen (rendered, reconstructed, the user's), notes."""
    assert cada("init", "--name", "Jeanne Dupont", "--email", "jeanne@example.org").code == 0
    assert cada("authority", "add", "Ville de Montpellier", "--department", "34",
                "--email", "contact@example.org").code == 0
    steps = [
        ("2024-03-01", "new", "-a", "ville-de-montpellier", "-s", "Marchés de voirie",
         "-d", "Le marché 2023", "-d", "Les avenants", "--open-format", "--environmental",
         "--note", "à suivre"),
        ("2024-03-01", "new", "-a", "Ville de Montpellier", "-s", "Caméras"),
        ("2024-03-04", "log", "2024-001", "sent", "--on", "2024-03-01"),
        ("2024-03-04", "log", "2024-001", "received", "--on", "2024-03-04"),
        ("2024-03-10", "log", "2024-001", "acknowledged", "--complete"),
        ("2024-04-20", "log", "2024-001", "reply", "--outcome", "partial", "--items", "1",
         "--refused-items", "2", "--grounds", "secret des affaires", "--no-mentions-remedies"),
        ("2024-04-21", "log", "2024-001", "note", "--note", "relu"),
        ("2024-03-02", "log", "2024-002", "sent", "--letter", "letter.txt"),
    ]
    Path("letter.txt").write_text("Madame, Monsieur,\nma demande.\n", encoding="utf-8")
    for n, (today, *args) in enumerate(steps):
        who = ("--as", "Alice Martin") if n % 2 else ()  # else CADA_USER (issue 14)
        r = cada(*who, "--today", today, *args)
        assert r.code == 0, (args, r.err)


def _rows(db: Path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(db)
    try:
        found: dict[str, list[tuple]] = {}
        for table, columns in _TABLES.items():
            names = [c.strip() for c in columns.split(",")]
            select = ", ".join(f"typeof({c}), {c}" for c in names)
            rows = []
            for row in con.execute(f"SELECT {select} FROM {table} ORDER BY id"):
                values = list(row)
                for i, name in enumerate(names):
                    if name == "created_at":
                        assert _STAMP.match(values[2 * i + 1]), values[2 * i + 1]
                        values[2 * i + 1] = "<stamp>"
                rows.append(tuple(values))
            found[table] = rows
        found["search_index"] = con.execute(
            "SELECT rowid, title, body, kind, item_id, page FROM search_index ORDER BY rowid"
        ).fetchall()
        return found
    finally:
        con.close()


@pytest.mark.sqlite_only("compares the plain sqlite3 path with the ORM's")
def test_plain_sql_writes_the_rows_the_orm_writes(cada, cada_home, tmp_path, monkeypatch):
    from cada_tracker.storage import sql
    from cada_tracker.storage.db import session_scope

    monkeypatch.setenv("CADA_USER", "Bob")
    _history(cada)
    plain = _rows(cada_home / "cada.db")
    makers = {row[-1] for table in ("event", "letter") for row in plain[table]}
    assert makers == {"Alice Martin", "Bob"}  # who made each row is written by both paths

    @contextmanager
    def orm_unit(settings, *, create=True):
        with session_scope(settings, create=create) as session:
            yield sql.session_unit(session)

    monkeypatch.setattr(sql, "write_unit", orm_unit)
    other = tmp_path / "orm-home"
    monkeypatch.setenv("CADA_HOME", str(other))
    _history(cada)
    orm = _rows(other / "cada.db")
    assert plain["event"] and plain["item_outcome"] and len(plain["letter"]) == 4
    assert plain == orm


def test_a_failed_log_leaves_nothing_written(cada, montpellier, cada_home, monkeypatch):
    import cada_tracker.services.letters as letters

    def broken(*args, **kwargs):
        raise RuntimeError("the letter could not be stored")

    monkeypatch.setattr(letters, "freeze_on_event", broken)
    before = _rows(cada_home / "cada.db")
    r = cada("--today", "2020-02-07", "log", montpellier, "sent")
    assert r.code != 0
    assert _rows(cada_home / "cada.db") == before


@pytest.mark.slow
def test_new_and_log_import_no_orm(cada, montpellier, cada_home):
    """The write paths of `new` and `log` never load SQLAlchemy, SQLModel, pydantic or
    Alembic; `log` of an event that sends no letter does not load Jinja2 either."""
    heavy = ("sqlalchemy", "sqlmodel", "pydantic", "alembic")
    code = (
        "import sys\n"
        "from cada_tracker.cli import main\n"
        "try:\n"
        "    main(sys.argv[1:])\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "sys.stderr.write('LOADED:' + ','.join(m for m in "
        f"{(*heavy, 'jinja2')!r} if m in sys.modules))\n"
    )
    env = env_without_home() | {"CADA_HOME": str(cada_home), "CADA_TODAY": "2020-02-20"}

    def loaded(*args: str) -> set[str]:
        proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                              text=True, env=env)
        assert "LOADED:" in proc.stderr, proc.stderr[-2000:]
        found = proc.stderr.rpartition("LOADED:")[2].strip()
        return set(found.split(",")) if found else set()

    assert loaded("new", "-a", "ville-de-montpellier", "-s", "Caméras") == {"jinja2"}
    assert loaded("log", montpellier, "sent", "--on", "2020-02-07") == {"jinja2"}
    assert loaded("log", montpellier, "received", "--on", "2020-02-10") == set()


@pytest.mark.slow
def test_new_without_ref_in_four_processes_at_once(cada, montpellier, cada_home):
    """Each `new` reads the references and writes the next one under the write lock (BEGIN
    IMMEDIATE): four at once get four references, none refused."""
    env = env_without_home() | {"CADA_HOME": str(cada_home), "CADA_TODAY": "2020-03-01"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "cada_tracker", "new", "-a", "ville-de-montpellier",
             "-s", f"Parallèle {i}", "--json"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for i in range(4)
    ]
    results = [p.communicate() + (p.returncode,) for p in procs]
    assert all(rc == 0 for _, _, rc in results), results
    refs = {r["reference"] for r in cada("--today", "2020-03-01", "status", "--all",
                                         "--json").json["requests"]}
    assert {"2020-002", "2020-003", "2020-004", "2020-005"} <= refs


@pytest.mark.slow
def test_log_waits_for_another_writer(cada, montpellier, cada_home):
    """A writer holding the lock: `log` waits (busy timeout), then records its event."""
    env = env_without_home() | {"CADA_HOME": str(cada_home), "CADA_TODAY": "2020-02-07"}
    other = sqlite3.connect(cada_home / "cada.db", isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        proc = subprocess.Popen(
            [sys.executable, "-m", "cada_tracker", "log", montpellier, "received"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(3)
        assert proc.poll() is None  # still waiting for the lock
        other.execute("COMMIT")
    finally:
        other.close()
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    events = cada("--today", "2020-02-07", "show", montpellier, "--json").json["events"]
    assert [e["kind"] for e in events] == ["received"]


@pytest.mark.slow
def test_new_and_log_on_a_read_only_home_are_refused_cleanly(cada, montpellier, cada_home):
    """Exit 5, one line, the database unchanged (the plain-SQL unit cannot open its write
    transaction)."""
    from tests.storage.test_database import _read_only_runner

    prefix = _read_only_runner(cada_home)
    if prefix is None:
        pytest.skip("cannot make a read-only folder here (root without mount namespaces)")
    env = env_without_home() | {"CADA_HOME": str(cada_home), "CADA_TODAY": "2020-02-07"}
    before = (cada_home / "cada.db").read_bytes()
    try:
        for args in (("new", "-a", "ville-de-montpellier", "-s", "Caméras"),
                     ("log", montpellier, "sent")):
            proc = subprocess.run([*prefix, sys.executable, "-m", "cada_tracker", *args],
                                  capture_output=True, text=True, env=env)
            assert proc.returncode == 5, (args, proc.stderr)
            assert proc.stderr.startswith("cada: ") and proc.stderr.count("\n") == 1, proc.stderr
    finally:
        cada_home.chmod(0o755)
    assert (cada_home / "cada.db").read_bytes() == before
