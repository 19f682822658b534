"""Moving a home between databases and putting back a backup (issue 14, points 3 and 6):
`cada db copy --to URL`, `cada db restore FILE`, `cada db backup` on PostgreSQL.

Tests with the `cada` fixture run on both backends where main's conftest parametrizes them; the
ones about the home's SQLite file are marked `sqlite_only`. The PostgreSQL tests need a server: `CADA_TEST_POSTGRES_URL` (an administrator's URL, e.g.
postgresql://postgres@127.0.0.1:55432/postgres, as `.ci/postgres start` prints). Each test
creates its own database and drops it. Without the variable they skip (they fail under CI=true).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import uuid
from datetime import date
from pathlib import Path

import pytest

from cada_tracker.context import Context
from cada_tracker.paths import Settings
from cada_tracker.services import db_copy
from cada_tracker.storage import copy as copying
from cada_tracker.storage import db

TODAY = ("--today", "2026-11-28")


@pytest.fixture
def postgres():
    """`postgres()`: the URL of a new, empty PostgreSQL database, dropped at the end."""
    admin = os.environ.get("CADA_TEST_POSTGRES_URL")
    if not admin:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CADA_TEST_POSTGRES_URL is not set, and CI=true requires PostgreSQL")
        pytest.skip("CADA_TEST_POSTGRES_URL is not set (no PostgreSQL server to test against)")
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    made: list[str] = []

    def make() -> str:
        name = f"cada_copy_{uuid.uuid4().hex[:12]}"
        with engine.connect() as con:
            con.exec_driver_sql(f'CREATE DATABASE "{name}"')
        made.append(name)
        return make_url(admin).set(database=name).render_as_string(hide_password=False)

    yield make
    db.dispose_engines()
    with engine.connect() as con:
        for name in made:
            con.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    engine.dispose()


def _outputs(cada, *where: str, search: bool = True) -> dict[str, str]:
    """What a user sees of a home: the export, the status, a request and a search, as JSON."""
    seen = {}
    for name, args in (("export", ("export",)), ("status", ("status", "--all", "--json")),
                       ("show", ("show", "2020-001", "--json")),
                       ("search", ("search", "observatoire", "--json"))):
        if name == "search" and not search:
            continue
        r = cada(*where, *TODAY, *args)
        assert r.code == 0, (args, r.err)
        seen[name] = r.out
    return seen


def _tables(url: str) -> list[str]:
    from sqlalchemy import create_engine

    engine = create_engine(url)
    try:
        with engine.connect() as con:
            return copying.table_names(con)
    finally:
        engine.dispose()


def _scalar(url: str, sql: str) -> object:
    from sqlalchemy import create_engine

    engine = create_engine(url)
    try:
        with engine.connect() as con:
            return con.exec_driver_sql(sql).scalar()
    finally:
        engine.dispose()


# --- copy --------------------------------------------------------------------------------------
def test_round_trip_sqlite_postgres_sqlite_shows_the_same(cada, demo_home, postgres, tmp_path):
    url = postgres()
    original = _outputs(cada, "--home", str(demo_home))
    assert '"page"' in original["search"]  # the search finds pages: the index was rebuilt below
    r = cada("--home", str(demo_home), "db", "copy", "--to", url, "--json")
    assert r.code == 0, r.err
    report = r.json
    assert report["verified"] and report["tables"]["request"]["rows"] == 3
    assert "search_index" in report["derived_not_copied"]
    # the server itself shows the same (the search is the server's, written elsewhere)
    on_server = _outputs(cada, "--home", str(demo_home), "--db", url, search=False)
    for name in ("export", "status", "show"):
        assert on_server[name] == original[name], name
    if report["search_index_rebuilt"] is not None:  # a server with its own search index
        import json

        def hits(out: str) -> list[str]:
            return sorted(json.dumps({k: v for k, v in hit.items() if k not in (
                "snippet", "score")}, sort_keys=True) for hit in json.loads(out)["hits"])

        r = cada("--db", url, *TODAY, "search", "observatoire", "--json")
        assert r.code == 0 and hits(r.out) == hits(original["search"]), r.err
    back = tmp_path / "back"
    back.mkdir()
    r = cada("--db", url, "db", "copy", "--to", f"sqlite:///{back / 'cada.db'}", "--json")
    assert r.code == 0, r.err
    assert r.json["tables"] == report["tables"]  # the same rows and hashes both ways
    assert r.json["search_index_rebuilt"] > 0
    # the documents' files are in the store, not in the database: the home brings them along
    shutil.copytree(demo_home / "documents", back / "documents")
    assert _outputs(cada, "--home", str(back)) == original
    assert sorted(os.listdir(back)) == ["cada.db", "documents"]  # no temporary file left


def test_copy_to_postgres_resets_the_sequences(cada, demo_home, postgres):
    url = postgres()
    assert cada("--home", str(demo_home), "db", "copy", "--to", url).code == 0
    before = _scalar(url, "SELECT max(id) FROM authority")
    r = cada("--db", url, "authority", "add", "Ville de Nîmes", "--department", "30")
    assert r.code == 0, r.err
    assert _scalar(url, "SELECT id FROM authority WHERE slug = 'ville-de-nimes'") == before + 1


def test_a_row_pointing_to_a_later_row_of_its_table_is_copied(cada, demo_home, postgres,
                                                              monkeypatch):
    """A document whose parent has a larger id (foreign key checked at once on both
    engines), in batches of two rows."""
    con = sqlite3.connect(demo_home / "cada.db")
    ids = [i for (i,) in con.execute("SELECT id FROM document ORDER BY id")]
    con.execute("UPDATE document SET parent_id = ? WHERE id = ?", (ids[-1], ids[0]))
    con.commit()
    con.close()
    monkeypatch.setattr(copying, "BATCH", 2)
    url = postgres()
    r = cada("--home", str(demo_home), "db", "copy", "--to", url, "--json")
    assert r.code == 0, r.err
    assert _scalar(url, f"SELECT parent_id FROM document WHERE id = {ids[0]}") == ids[-1]


def test_copy_between_sqlite_files_rebuilds_the_search_index(cada, demo_home, tmp_path):
    target = tmp_path / "other" / "cada.db"
    target.parent.mkdir()
    r = cada("--home", str(demo_home), "db", "copy", "--to", f"sqlite:///{target}")
    assert r.code == 0, r.err
    assert "verified" in r.out and "search index" in r.out
    shutil.copytree(demo_home / "documents", target.parent / "documents")
    assert _outputs(cada, "--home", str(target.parent)) == _outputs(cada, "--home",
                                                                     str(demo_home))


def test_progress_is_reported_table_by_table(demo_home, monkeypatch, tmp_path):
    monkeypatch.setattr(copying, "BATCH", 2)
    seen: list[tuple[str, int, int]] = []
    ctx = Context(Settings(home=demo_home), date(2026, 11, 28))
    report = db_copy.copy(ctx, f"sqlite:///{tmp_path / 'c.db'}", force=False,
                          progress=lambda t, done, total: seen.append((t, done, total)))
    pages = [(done, total) for t, done, total in seen if t == "letter"]
    assert pages == [(2, 6), (4, 6), (6, 6)]
    assert {t for t, _, _ in seen} == {t for t, (rows, _) in report.tables.items() if rows}


def test_non_empty_target_is_refused_without_force(cada, demo_home, montpellier, cada_home,
                                                   tmp_path):
    target = cada_home / "cada.db"  # the montpellier home: 1 request
    before = target.read_bytes()
    url = f"sqlite:///{target}"
    r = cada("--home", str(demo_home), "db", "copy", "--to", url)
    assert r.code == 4 and "1 requests" in r.err and "--force" in r.err
    assert r.err.count("\n") == 1 and target.read_bytes() == before
    r = cada("--home", str(demo_home), "db", "copy", "--to", url, "--force", "--json")
    assert r.code == 0, r.err
    assert r.json["tables"]["request"]["rows"] == 3
    assert cada("--home", str(demo_home), "db", "copy", "--to",
                f"sqlite:///{tmp_path / 'empty.db'}").code == 0
    # the target's own WAL still belongs to it: the data is read back whole
    assert _outputs(cada, "--home", str(cada_home))["export"] == _outputs(
        cada, "--home", str(demo_home))["export"]


def test_non_empty_server_is_refused_without_force(cada, demo_home, montpellier, postgres):
    url = postgres()
    assert cada("db", "copy", "--to", url).code == 0  # the montpellier home: 1 request
    r = cada("--home", str(demo_home), "db", "copy", "--to", url)
    assert r.code == 4 and "1 requests" in r.err and r.err.count("\n") == 1
    assert _scalar(url, "SELECT count(*) FROM request") == 1
    r = cada("--home", str(demo_home), "db", "copy", "--to", url, "--force")
    assert r.code == 0, r.err
    assert _scalar(url, "SELECT count(*) FROM request") == 3


def test_server_with_other_tables_is_refused_even_with_force(cada, montpellier, postgres):
    url = postgres()
    from sqlalchemy import create_engine

    engine = create_engine(url)
    with engine.begin() as con:
        con.exec_driver_sql("CREATE TABLE thesis (chapter text)")
    engine.dispose()
    r = cada("db", "copy", "--to", url, "--force")
    assert r.code == 4 and "thesis" in r.err and r.err.count("\n") == 1
    assert _tables(url) == ["thesis"]


def test_server_of_a_newer_schema_is_refused(cada, montpellier, postgres):
    url = postgres()
    assert cada("db", "copy", "--to", url).code == 0
    from sqlalchemy import create_engine

    engine = create_engine(url)
    with engine.begin() as con:
        con.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    engine.dispose()
    r = cada("db", "copy", "--to", url, "--force")
    assert r.code == 5 and "newer" in r.err and r.err.count("\n") == 1
    assert _scalar(url, "SELECT count(*) FROM request") == 1


def test_a_file_system_without_hard_links_still_gets_its_copy(cada, demo_home, tmp_path,
                                                              monkeypatch):
    def no_link(src, dst):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_link)
    target = tmp_path / "c.db"
    r = cada("--home", str(demo_home), "db", "copy", "--to", f"sqlite:///{target}", "--json")
    assert r.code == 0, r.err
    con = sqlite3.connect(target)
    assert con.execute("SELECT count(*) FROM request").fetchone()[0] == 3
    con.close()


def test_a_failed_copy_leaves_the_server_as_it_was(cada, demo_home, postgres, monkeypatch):
    """The migrations and the rows are one transaction: nothing is left, not even tables."""
    url = postgres()
    real = copying.copy_table

    def failing(source, target, table, progress=None):
        if table.name == "event":
            raise RuntimeError("disk full (simulated)")
        return real(source, target, table, progress)

    monkeypatch.setattr(copying, "copy_table", failing)
    r = cada("--home", str(demo_home), "db", "copy", "--to", url)
    assert r.code == 5 and "disk full (simulated)" in r.err and "left as it was" in r.err
    assert r.err.count("\n") == 1 and "Traceback" not in r.err
    assert _tables(url) == []


def test_a_failed_copy_leaves_the_file_as_it_was(cada, demo_home, montpellier, cada_home,
                                                 monkeypatch):
    target = cada_home / "cada.db"
    before = target.read_bytes()

    def wrong(connection, table):  # the target reads back something else than was written
        tally = copying.Tally()
        tally.add(["not", "the", "same"])
        return tally

    monkeypatch.setattr(copying, "tally", wrong)
    r = cada("--home", str(demo_home), "db", "copy", "--to", f"sqlite:///{target}", "--force")
    assert r.code == 5 and "does not match" in r.err and r.err.count("\n") == 1
    assert target.read_bytes() == before
    assert sorted(p.name for p in cada_home.iterdir() if p.name.endswith(".tmp")) == []


@pytest.mark.parametrize("to", ["", "foo", "http://x", "sqlite:///:memory:", "sqlite://"])
def test_bad_target_urls_are_usage_errors(cada, montpellier, to):
    r = cada("db", "copy", "--to", to)
    assert r.code == 2 and "--to" in r.err and r.err.count("\n") == 1


@pytest.mark.sqlite_only("the home's SQLite file named as the target")
def test_the_database_itself_is_refused(cada, montpellier, cada_home, monkeypatch):
    for to in (f"sqlite:///{cada_home / 'cada.db'}", f"sqlite:///{cada_home}/../home/cada.db"):
        r = cada("db", "copy", "--to", to, "--force")
        assert r.code == 2 and "being copied" in r.err, r.err
    monkeypatch.setenv("CADA_DATABASE_URL", "postgresql://u:secret@Db.example:5432/cada")
    r = cada("db", "copy", "--to", "postgresql+psycopg://other@db.example/cada")
    assert r.code == 2 and "being copied" in r.err and "secret" not in r.err


def test_the_same_server_database_under_another_name_is_refused(cada, montpellier, postgres):
    url = postgres()
    assert cada("db", "copy", "--to", url).code == 0
    alias = url.replace("127.0.0.1", "localhost") if "127.0.0.1" in url else url.replace(
        "localhost", "127.0.0.1")
    if alias == url:
        pytest.skip("the test server's URL names neither localhost nor 127.0.0.1")
    r = cada("--db", url, "db", "copy", "--to", alias, "--force")
    assert r.code == 2 and "being copied" in r.err, r.err
    assert _scalar(url, "SELECT count(*) FROM request") == 1


def test_unreachable_server_is_one_line_exit_5(cada, montpellier):
    r = cada("db", "copy", "--to", "postgresql://cada:secret@127.0.0.1:1/cada")
    assert r.code == 5 and "cannot open the target database" in r.err
    assert r.err.count("\n") == 1 and "secret" not in r.err and "Traceback" not in r.err


def test_bad_target_files(cada, montpellier, tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    thesis = tmp_path / "thesis.db"
    thesis.write_text("my thesis\n")
    newer = tmp_path / "newer.db"
    con = sqlite3.connect(newer)
    con.execute("CREATE TABLE alembic_version (version_num TEXT)")
    con.execute("INSERT INTO alembic_version VALUES ('9999')")
    con.commit()
    con.close()
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for path, code, words in ((folder, 4, "folder"), (thesis, 4, "not a cada database"),
                              (fifo, 4, "not a regular file"), (newer, 5, "newer"),
                              (tmp_path / "nowhere" / "cada.db", 5, "does not exist")):
        before = path.read_bytes() if path.is_file() else None
        r = cada("db", "copy", "--to", f"sqlite:///{path}", "--force")
        assert r.code == code and words in r.err and r.err.count("\n") == 1, (path, r.err)
        assert before is None or path.read_bytes() == before


@pytest.mark.sqlite_only("a home without its SQLite file (a server database always exists)")
def test_copy_of_a_missing_database_says_so(cada):
    r = cada("db", "copy", "--to", "sqlite:///elsewhere.db")
    assert r.code == 5 and "cada init" in r.err
    assert not Path("elsewhere.db").exists()


# --- restore -----------------------------------------------------------------------------------
@pytest.mark.sqlite_only("db restore puts back a SQLite backup into the home's SQLite file")
def test_restore_puts_back_a_backup_and_keeps_the_current_database(cada, montpellier,
                                                                   cada_home, tmp_path):
    backup = tmp_path / "before.db"
    assert cada("db", "backup", str(backup)).code == 0
    assert cada("authority", "add", "Ville de Sète").code == 0
    reader = sqlite3.connect(cada_home / "cada.db")  # another process with the file open
    assert reader.execute("SELECT count(*) FROM authority").fetchone()[0] == 2
    r = cada("db", "restore", str(backup))
    assert r.code == 0, r.err
    kept = Path(r.out.splitlines()[0].rsplit(" ", 1)[1])
    assert kept.parent == cada_home and kept.name.startswith("cada-before-restore-")
    assert "1 requests" in r.out
    assert reader.execute("SELECT count(*) FROM authority").fetchone()[0] == 1
    reader.close()
    assert "ville-de-sete" not in cada("authority", "list").out
    assert cada("--home", str(cada_home), "--db", f"sqlite:///{kept}",
                "authority", "list").out.count("ville-de-sete") == 1
    assert sorted(p.name for p in cada_home.iterdir() if ".tmp" in p.name) == []


@pytest.mark.sqlite_only("db restore puts back a SQLite backup into the home's SQLite file")
def test_restore_into_a_home_without_a_database(cada, montpellier, cada_home, tmp_path):
    backup = tmp_path / "b.db"
    assert cada("db", "backup", str(backup)).code == 0
    fresh = tmp_path / "fresh"
    r = cada("--home", str(fresh), "db", "restore", str(backup))
    assert r.code == 0 and "kept" not in r.out, r.err
    assert cada("--home", str(fresh), "status", "--all").out == cada("status", "--all").out


@pytest.mark.sqlite_only("db restore puts back a SQLite backup into the home's SQLite file")
def test_restore_of_an_older_schema_says_it_will_be_upgraded(cada, montpellier, cada_home,
                                                             tmp_path):
    from tests.storage.schema_history import rewind

    old = tmp_path / "old.db"
    assert cada("db", "backup", str(old)).code == 0
    con = sqlite3.connect(old)
    rewind(con, "0006")
    con.commit()
    con.close()
    r = cada("db", "restore", str(old))
    assert r.code == 0 and "schema 0006" in r.out and "upgraded" in r.out, r.err
    assert cada("status", "--all").code == 0


@pytest.mark.sqlite_only("db restore puts back a SQLite backup into the home's SQLite file")
def test_bad_backups_are_refused_and_the_database_is_untouched(cada, montpellier, cada_home,
                                                               tmp_path):
    live = cada_home / "cada.db"
    good = tmp_path / "good.db"
    assert cada("db", "backup", str(good)).code == 0
    folder = tmp_path / "folder"
    folder.mkdir()
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    text = tmp_path / "notes.txt"
    text.write_text("not a database\n")
    foreign = tmp_path / "foreign.db"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE mine (x)")
    con.commit()
    con.close()
    newer = tmp_path / "newer.db"
    shutil.copyfile(good, newer)
    con = sqlite3.connect(newer)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    damaged = tmp_path / "damaged.db"
    data = bytearray(good.read_bytes())
    page = 4096
    data[page * 2:page * 3] = b"\xff" * page  # a page of a table overwritten
    damaged.write_bytes(bytes(data))
    truncated = tmp_path / "truncated.db"
    truncated.write_bytes(good.read_bytes()[:page * 2])
    before = live.read_bytes()
    for path, code, words in (
        (tmp_path / "missing.db", 3, "no such file"), (folder, 2, "not a regular file"),
        (fifo, 2, "not a regular file"), (text, 5, "not a SQLite database"),
        (foreign, 5, "not a cada one"), (newer, 5, "newer"), (damaged, 5, "damaged"),
        (truncated, 5, ""), (live, 2, "the database itself"), ("", 2, "empty"),
    ):
        r = cada("db", "restore", str(path))
        assert r.code == code and words in r.err, (path, r.code, r.err)
        assert r.err.count("\n") == 1 and "Traceback" not in r.err
        assert live.read_bytes() == before, path
    assert not any(p.name.startswith("cada-before-restore") for p in cada_home.iterdir())


def test_restore_on_a_server_points_to_its_tools(cada, monkeypatch):
    monkeypatch.setenv("CADA_DATABASE_URL", "postgresql://cada@127.0.0.1:1/cada")
    r = cada("db", "restore", "backup.dump")
    assert r.code == 2 and "pg_restore" in r.err


# --- backup on PostgreSQL ------------------------------------------------------------------------
def test_backup_on_postgres_runs_pg_dump(cada, demo_home, postgres, tmp_path):
    from tests.conftest import require_tool

    require_tool("pg_dump")
    require_tool("pg_restore")
    import subprocess

    url = postgres()
    assert cada("--home", str(demo_home), "db", "copy", "--to", url).code == 0
    dump = tmp_path / "cada.dump"
    r = cada("--db", url, "db", "backup", str(dump))
    assert r.code == 0 and "pg_restore" in r.out, r.err
    assert dump.read_bytes()[:5] == b"PGDMP"
    assert cada("--db", url, "db", "backup", str(dump)).code == 4  # exists, without --force
    sql = tmp_path / "cada.sql"
    assert cada("--db", url, "db", "backup", str(sql)).code == 0
    assert b"CREATE TABLE" in sql.read_bytes()
    other = postgres()
    proc = subprocess.run(["pg_restore", "--no-owner", "-d", other, str(dump)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert cada("--db", other, *TODAY, "export").out == cada("--db", url, *TODAY, "export").out


def test_backup_on_postgres_without_pg_dump_says_how(cada, monkeypatch, tmp_path):
    monkeypatch.setenv("CADA_DATABASE_URL", "postgresql://cada@127.0.0.1:1/cada")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    r = cada("db", "backup", str(tmp_path / "x.dump"))
    assert r.code == 1 and "pg_dump is not installed" in r.err and r.err.count("\n") == 1
    assert not (tmp_path / "x.dump").exists()
