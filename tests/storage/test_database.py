"""The database: foreign or damaged files, schema versions, read-only homes, URLs, backups,
concurrent writers, migrations equal to the tables, protected outputs."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import env_without_home
from tests.storage.schema_history import rewind

# the SQLite file of a home: foreign and damaged files, WAL, permissions, the online backup.
# On PostgreSQL: tests/storage/test_upgrade_on_postgresql.py, test_server_faults.py,
# test_concurrent_writers.py
pytestmark = pytest.mark.sqlite_only("about the SQLite file of a home")


def test_not_a_database_is_left_untouched(cada, cada_home):
    cada_home.mkdir(parents=True)
    db = cada_home / "cada.db"
    db.write_bytes(b"this is my thesis, not a database\n" * 10)
    before = db.read_bytes()
    for args in (("status",), ("authority", "add", "X"), ("db", "status")):
        r = cada(*args)
        assert r.code == 5, args
        assert "not a readable cada database" in r.err and "Traceback" not in r.err
    assert db.read_bytes() == before


def test_foreign_sqlite_database_is_left_untouched(cada, cada_home):
    cada_home.mkdir(parents=True)
    db = cada_home / "cada.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE mine (x)")
    con.commit()
    con.close()
    before = db.read_bytes()
    assert cada("status").code == 5
    assert db.read_bytes() == before


def test_newer_schema_is_refused_untouched(cada, cada_home):
    assert cada("init", "--name", "J").code == 0
    db = cada_home / "cada.db"
    con = sqlite3.connect(db)
    con.execute("UPDATE alembic_version SET version_num='9999'")
    con.commit()
    con.close()
    before = db.read_bytes()
    r = cada("status")
    assert r.code == 5 and "newer" in r.err
    assert cada("authority", "add", "X").code == 5
    assert db.read_bytes() == before


def test_home_that_cannot_be_created(cada, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = cada("--home", str(blocker / "home"), "init", "--name", "J")
    assert r.code == 5 and "cannot create" in r.err and "Traceback" not in r.err


def _read_only_runner(home: Path) -> list[str] | None:
    """A command prefix under which `home` is read-only, even for root (who ignores
    permission bits): a private read-only bind mount. None when that is impossible here."""
    import os
    import shutil

    if os.geteuid() != 0:
        home.chmod(0o555)
        return []
    if shutil.which("unshare") is None:
        return None
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", f"mount -o bind,ro '{home}' '{home}' && true"],
        capture_output=True,
    )
    if probe.returncode != 0:
        return None
    return ["unshare", "-m", "sh", "-c", f"mount -o bind,ro '{home}' '{home}' && exec \"$@\"",
            "sh"]


@pytest.mark.slow
def test_read_only_home(tmp_path):
    """A home the user may read but not write: one line, exit 5, nothing created."""
    home = tmp_path / "home"
    home.mkdir()
    prefix = _read_only_runner(home)
    if prefix is None:
        pytest.skip("cannot make a read-only folder here (root without mount namespaces)")
    env = env_without_home() | {"CADA_HOME": str(home)}
    for args in (["init", "--name", "J"], ["authority", "add", "Ville"], ["status"]):
        proc = subprocess.run([*prefix, sys.executable, "-m", "cada_tracker", *args],
                              capture_output=True, text=True, env=env)
        assert proc.returncode == 5, (args, proc.stderr)
        assert proc.stderr.startswith("cada: ") and proc.stderr.count("\n") == 1, proc.stderr
    home.chmod(0o755)
    assert list(home.iterdir()) == []


@pytest.mark.slow
def test_read_only_home_with_a_database_reads_but_refuses_writes(cada, cada_home):
    assert cada("init", "--name", "J").code == 0
    assert cada("authority", "add", "Ville de Montpellier").code == 0
    prefix = _read_only_runner(cada_home)
    if prefix is None:
        pytest.skip("cannot make a read-only folder here (root without mount namespaces)")
    env = env_without_home() | {"CADA_HOME": str(cada_home)}
    before = (cada_home / "cada.db").read_bytes()

    def run(*args):
        return subprocess.run([*prefix, sys.executable, "-m", "cada_tracker", *args],
                              capture_output=True, text=True, env=env)

    # the read paths (status, show) work on a read-only home; writes are refused cleanly
    listed = run("status", "--all")
    assert listed.returncode == 0, listed.stderr
    added = run("authority", "add", "Ville de Sète")
    assert added.returncode == 5, added.stderr
    assert added.stderr.startswith("cada: ") and added.stderr.count("\n") == 1
    cada_home.chmod(0o755)
    assert (cada_home / "cada.db").read_bytes() == before


@pytest.mark.parametrize("url", [
    "foo", "://", "http://x", "sqlite://", "sqlite:///", "sqlite:///:memory:",
    "sqlite:///file:x.db?mode=ro&uri=true",
])
def test_bad_database_urls_are_usage_errors(cada, url):
    r = cada("--db", url, "status")
    assert r.code == 2 and "sqlite:///" in r.err and r.err.count("\n") == 1


def test_zero_byte_database_is_refused_untouched(cada, cada_home):
    cada_home.mkdir(parents=True)
    (cada_home / "cada.db").write_bytes(b"")
    r = cada("status")
    assert r.code == 5 and "0 bytes" in r.err
    assert (cada_home / "cada.db").read_bytes() == b""


def test_db_path_status_backup(cada, montpellier, cada_home, tmp_path):
    r = cada("db", "path")
    assert r.out.strip() == str(cada_home / "cada.db")
    r = cada("db", "status", "--json")
    assert r.json["counts"]["request"] == 1 and r.json["revision"] == r.json["head"]
    target = tmp_path / "copy.db"
    r = cada("db", "backup", str(target))
    assert r.code == 0 and target.exists()
    con = sqlite3.connect(target)
    assert con.execute("SELECT reference FROM request").fetchall() == [("2020-001",)]
    con.close()
    r = cada("db", "backup", str(target))
    assert r.code == 4
    assert cada("db", "backup", str(target), "--force").code == 0


def test_backup_while_another_connection_writes(cada, montpellier, cada_home, tmp_path):
    con = sqlite3.connect(cada_home / "cada.db")
    con.execute("BEGIN IMMEDIATE")
    con.execute("UPDATE request SET subject='changed, not committed'")
    try:
        r = cada("db", "backup", str(tmp_path / "b.db"))
        assert r.code == 0, r.err
    finally:
        con.rollback()
        con.close()
    copy = sqlite3.connect(tmp_path / "b.db")
    assert copy.execute("SELECT subject FROM request").fetchone()[0].startswith("Observatoire")
    copy.close()


def test_sqlite_pragmas(cada, montpellier):
    from cada_tracker.paths import resolve_settings
    from cada_tracker.storage import db

    engine = db.get_engine(resolve_settings())
    with engine.connect() as con:
        assert con.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert con.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert con.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


@pytest.mark.slow
def test_two_processes_at_once(cada, montpellier, cada_home):
    env = env_without_home() | {"CADA_HOME": str(cada_home), "CADA_TODAY": "2020-02-07"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "cada_tracker", "new", "-a", "ville-de-montpellier",
             "-s", f"Parallèle {i}", "--ref", f"P-{i}"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for i in range(4)
    ]
    results = [p.communicate() + (p.returncode,) for p in procs]
    assert all(rc == 0 for _, _, rc in results), results
    refs = {r["reference"] for r in cada("--today", "2020-02-07", "status", "--all",
                                         "--json").json["requests"]}
    assert {"P-0", "P-1", "P-2", "P-3"} <= refs


def test_migrations_produce_the_models_schema(cada, cada_home):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine
    from sqlmodel import SQLModel

    import cada_tracker.storage.tables  # noqa: F401

    assert cada("init", "--name", "J").code == 0
    engine = create_engine(f"sqlite:///{cada_home / 'cada.db'}")
    with engine.connect() as con:
        # The FTS5 index (search_index and its shadow tables) and the stored timelines
        # (timeline, timeline_epoch: a derived cache, revision 0007) live outside the ORM by
        # design.
        ctx = MigrationContext.configure(con, opts={
            "compare_type": True,
            "include_name": lambda name, type_, parent: not (
                type_ in ("table", "index")
                and name.startswith(("search_index", "timeline", "ix_timeline"))),
        })
        diff = compare_metadata(ctx, SQLModel.metadata)
    engine.dispose()
    assert diff == []


def test_backup_refusals(cada, montpellier, cada_home, tmp_path):
    assert cada("db", "backup", str(cada_home / "cada.db"), "--force").code == 2
    assert cada("db", "backup", str(tmp_path)).code == 4
    r = cada("db", "backup", str(tmp_path / "missing" / "x.db"))
    assert r.code == 1 and "does not exist" in r.err


def test_db_status_reports_an_older_schema_without_upgrading_it(cada, cada_home):
    assert cada("init", "--name", "J").code == 0
    db = cada_home / "cada.db"
    con = sqlite3.connect(db)
    rewind(con, "0001", keep_search_index=True)  # as 0001 left it (search index aside)
    con.commit()
    con.close()
    def files():  # SQLite's own -wal/-shm companions come and go with any reader
        return sorted(p.name for p in cada_home.iterdir() if not p.name.endswith(("-wal", "-shm")))

    before = files()
    r = cada("db", "status", "--json")
    assert r.code == 0 and r.json["revision"] == "0001" and r.json["head"] != "0001"
    assert files() == before  # no backup, no upgrade
    assert cada("db", "status", "--json").json["revision"] == "0001"
    # the next write upgrades it, after a backup next to it
    assert cada("authority", "add", "Ville").code == 0
    assert any(p.name.startswith("cada.db.0001.") for p in cada_home.iterdir())


def test_outputs_never_replace_the_database_or_the_store(cada, montpellier, cada_home):
    db = cada_home / "cada.db"
    before = db.read_bytes()
    for args in (
        ["calendar", "-o", str(db), "--force"],
        ["letter", montpellier, "-o", str(db), "--force"],
        ["letter", montpellier, "-o", str(cada_home / "cada.db-wal"), "--force"],
        ["db", "backup", str(cada_home / "cada.db-wal"), "--force"],
        ["db", "backup", str(cada_home / "documents" / "x.db")],
    ):
        r = cada("--today", "2020-02-07", *args)
        assert r.code == 4 and "database or document store" in r.err, (args, r.err)
    assert db.read_bytes() == before
    assert cada("db", "backup", "").code == 2


@pytest.mark.sqlite_only("the schema version written into the SQLite file")
def test_db_status_on_a_newer_schema_says_so_and_exits_5(cada, cada_home):
    assert cada("init", "--name", "J").code == 0
    db = cada_home / "cada.db"
    con = sqlite3.connect(db)
    con.execute("UPDATE alembic_version SET version_num='9999'")
    con.commit()
    con.close()
    before = db.read_bytes()
    for args in (("db", "status"), ("db", "status", "--json")):
        r = cada(*args)
        assert r.code == 5, args
        assert "schema version 9999, newer than this program knows" in r.err
        assert r.err.count("\n") == 1 and r.out == ""
    assert db.read_bytes() == before


@pytest.mark.sqlite_only("alembic_version emptied in the SQLite file")
def test_an_empty_alembic_version_is_reported_as_such(cada, cada_home):
    assert cada("init", "--name", "J").code == 0
    db = cada_home / "cada.db"
    con = sqlite3.connect(db)
    con.execute("DELETE FROM alembic_version")
    con.commit()
    con.close()
    before = db.read_bytes()
    for args in (("status",), ("db", "status"), ("authority", "add", "X"), ("documents",),
                 ("new", "-a", "x", "-s", "y")):
        r = cada(*args)
        assert r.code == 5, (args, r.err)
        assert "records no schema version (its alembic_version table is empty)" in r.err
        assert "already exists" not in r.err and r.err.count("\n") == 1
    assert db.read_bytes() == before


@pytest.mark.sqlite_only("a SQLite file made by hand")
def test_an_empty_alembic_version_alone_is_a_database_to_create(cada, cada_home):
    """Creation stopped right after making the table: nothing else to lose, made again."""
    cada_home.mkdir(parents=True)
    con = sqlite3.connect(cada_home / "cada.db")
    con.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
    con.commit()
    con.close()
    assert cada("init", "--name", "J").code == 0
    assert cada("db", "status", "--json").json["revision"] is not None


@pytest.mark.slow
@pytest.mark.sqlite_only("a read-only folder holding the SQLite file")
def test_read_only_home_reads_documents_findings_and_checks(cada, demo_home, tmp_path):
    """documents, document show/export, finding list/show and check read a read-only home
    without -wal/-shm files (SQLite cannot create them there), as status does."""
    assert not list(demo_home.glob("cada.db-*"))
    prefix = _read_only_runner(demo_home)
    if prefix is None:
        pytest.skip("cannot make a read-only folder here (root without mount namespaces)")
    env = env_without_home() | {"CADA_HOME": str(demo_home)}
    before = (demo_home / "cada.db").read_bytes()
    out = tmp_path / "out"
    out.mkdir()

    def run(*args):
        return subprocess.run([*prefix, sys.executable, "-m", "cada_tracker", *map(str, args)],
                              capture_output=True, text=True, env=env)

    for args in (("documents",), ("documents", "2020-001", "--json"), ("document", "show", "1"),
                 ("finding", "list"), ("finding", "list", "--request", "2020-001"),
                 ("finding", "show", "F1"), ("check",),
                 ("document", "export", "1", "-o", out / "doc.pdf")):
        proc = run(*args)
        assert proc.returncode == 0, (args, proc.stderr)
        assert proc.stdout.strip(), args
    assert (out / "doc.pdf").read_bytes()[:5] == b"%PDF-"
    demo_home.chmod(0o755)
    assert (demo_home / "cada.db").read_bytes() == before
    assert not list(demo_home.glob("cada.db-*"))
