"""Shared fixtures: every test gets its own CADA_HOME and a fresh program state."""

from __future__ import annotations

import io
import os
import tempfile
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

from cada_tracker import i18n
from cada_tracker.cli import main
from cada_tracker.storage import db


def pytest_addoption(parser: pytest.Parser) -> None:
    # here, not in tests/services/letters/conftest.py, so that `python -m pytest --update-golden` works
    # from the root as well as with a path
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite the golden files of tests/golden/letters")


@dataclass
class Result:
    code: int
    out: str
    err: str

    def __iter__(self):
        """`code, out, err = cada(...)` works too."""
        return iter((self.code, self.out, self.err))

    @property
    def json(self):
        import json

        return json.loads(self.out)


# --- the database backend (issue 14) ------------------------------------------------------------
# Every test that runs commands (through the `cada` fixture) runs on SQLite, and also on a real
# PostgreSQL server when CADA_TEST_POSTGRES_URL names one (an admin URL such as
# postgresql://postgres@127.0.0.1:55432/postgres; .ci/run starts a throw-away cluster and sets
# it). Each PostgreSQL test gets a database of its own, dropped afterwards. A test about the
# SQLite file itself (WAL files, file permissions, the online backup) is marked `sqlite_only`
# with its reason.
PG_ADMIN_URL = os.environ.get("CADA_TEST_POSTGRES_URL") or None


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    # `cada demo` always builds a SQLite home of its own (it never writes into the database
    # of CADA_DATABASE_URL): a test on the demo's home is a test on a SQLite file
    if (PG_ADMIN_URL and "backend" in metafunc.fixturenames
            and "demo_home" not in metafunc.fixturenames
            and metafunc.definition.get_closest_marker("sqlite_only") is None):
        metafunc.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


def _pg_admin():  # noqa: ANN202 - a psycopg connection, kept for the whole session
    import psycopg

    global _PG_CONNECTION
    if _PG_CONNECTION is None or _PG_CONNECTION.closed:
        _PG_CONNECTION = psycopg.connect(PG_ADMIN_URL, autocommit=True)
    return _PG_CONNECTION


_PG_CONNECTION = None


def pg_database_url(name: str) -> str:
    """The SQLAlchemy URL of database NAME on the test server."""
    from sqlalchemy.engine import make_url

    return make_url(PG_ADMIN_URL).set(drivername="postgresql+psycopg", database=name) \
        .render_as_string(hide_password=False)


@contextmanager
def pg_database(*, migrated: bool = False):
    """A new database on the test server (dropped at the end): yields its URL. Empty, or with
    `migrated` the schema of this program already in it (a copy of a template database that
    the program itself migrated once per test process: what a database the collective
    already uses looks like, without paying the migrations in every test)."""
    import uuid

    name = f"cada_test_{uuid.uuid4().hex[:16]}"
    admin = _pg_admin()
    template = f' TEMPLATE "{_pg_template()}"' if migrated else ""
    admin.execute(f'CREATE DATABASE "{name}"{template} STRATEGY FILE_COPY')
    try:
        yield pg_database_url(name)
    finally:
        db.dispose_engines()
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


_PG_TEMPLATE: str | None = None


def _pg_template() -> str:
    """The name of this process's template database, made on first use by `ensure_schema`
    (the program's own migrations) and dropped at exit."""
    global _PG_TEMPLATE
    if _PG_TEMPLATE is None:
        import atexit
        import uuid

        from cada_tracker.paths import Settings

        name = f"cada_template_{uuid.uuid4().hex[:12]}"
        admin = _pg_admin()
        admin.execute(f'CREATE DATABASE "{name}" STRATEGY FILE_COPY')
        atexit.register(lambda: admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        settings = Settings(home=Path(tempfile.gettempdir()), db_url=pg_database_url(name))
        db.ensure_schema(settings)
        db.dispose_engines()
        _PG_TEMPLATE = name
    return _PG_TEMPLATE


@pytest.fixture
def postgres_database():
    """`postgres_database()`: a context manager yielding the URL of a new, empty database on the
    test server (dropped at its end), for tests that use PostgreSQL beside the home's SQLite
    file. Skips the test, with the reason, when CADA_TEST_POSTGRES_URL is not set; fails
    instead under CI=true, where .ci/run starts a server."""
    if PG_ADMIN_URL is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CADA_TEST_POSTGRES_URL is not set, and CI=true requires PostgreSQL "
                        "(see .ci/run)")
        pytest.skip("no PostgreSQL server: set CADA_TEST_POSTGRES_URL (see docs/development.md)")
    return pg_database


@pytest.fixture
def backend(request: pytest.FixtureRequest, cada_home: Path, monkeypatch: pytest.MonkeyPatch):
    """"sqlite" (the home's file) or "postgresql" (CADA_DATABASE_URL: a database of its own)."""
    kind = getattr(request, "param", "sqlite")
    if kind != "postgresql":
        yield kind
        return
    with pg_database(migrated=True) as url:
        monkeypatch.setenv("CADA_DATABASE_URL", url)
        yield kind


def database_rows(statement: str, params: tuple = ()) -> list[tuple]:
    """Run one SQL statement (`?` markers) on the database of the current test, whichever the
    backend (the home's SQLite file, or CADA_DATABASE_URL), committed; returns its rows (empty
    for a statement without any). For tests that look at or change what is stored."""
    from cada_tracker.paths import resolve_settings

    settings = resolve_settings()
    path = settings.sqlite_path
    if path is not None:
        import sqlite3

        con = sqlite3.connect(path)
        try:
            with con:
                cur = con.execute(statement, params)
                return [tuple(r) for r in cur.fetchall()]
        finally:
            con.close()
    import psycopg
    from sqlalchemy.engine import make_url

    from cada_tracker.storage.sql import driver_sql

    url = make_url(settings.database_url).set(drivername="postgresql")
    with psycopg.connect(url.render_as_string(hide_password=False)) as con:
        cur = con.execute(driver_sql(statement, "format"), params)
        return [tuple(r) for r in cur.fetchall()] if cur.description is not None else []


@pytest.fixture
def sql():
    """`sql(statement, params)`: database_rows on this test's database (see above)."""
    return database_rows


def _reset() -> None:
    db.dispose_engines()


def run_cada(*args: str) -> Result:
    """Run `cada ARGS` in-process through the real entry point (error boundary included)."""
    _reset()
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with redirect_stdout(out), redirect_stderr(err):
        try:
            main([str(a) for a in args])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    _reset()
    return Result(code, out.getvalue(), err.getvalue())


@pytest.fixture(autouse=True)
def cada_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("CADA_HOME", str(home))
    for var in ("CADA_DATABASE_URL", "CADA_TODAY", "CADA_DEBUG", "CADA_USER", "CADA_STORE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    # the interface language: English unless a test asks for French (the host's LANG does not
    # count), and reset for the code a test calls directly
    monkeypatch.setenv("CADA_LANG", "en")
    monkeypatch.setenv("LANGUAGE", "en")
    i18n.set_language("en")
    monkeypatch.chdir(tmp_path)  # relative outputs land in the test's own folder
    # temporary files (the demo's default home, extraction scratch, subprocesses) too:
    # nothing is left in the machine's temp folder
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    _reset()
    yield home
    _reset()


@pytest.fixture
def cada(backend: str):
    return run_cada


@pytest.fixture
def montpellier(cada):
    """A home with a profile, Ville de Montpellier, and the 2020 request as a sent e-mail."""
    assert cada("init", "--name", "Jeanne Dupont", "--email", "jeanne@example.org").code == 0
    assert cada("authority", "add", "Ville de Montpellier", "--department", "34",
                "--email", "contact@example.org").code == 0
    r = cada("--today", "2020-02-07", "new", "--authority", "ville-de-montpellier",
             "--subject", "Observatoire local de la tranquillité publique",
             "--document", "Délibérations créant l'OLTP", "--ref", "2020-001")
    assert r.code == 0, r.err
    return "2020-001"


@pytest.fixture
def demo_home(cada, tmp_path: Path) -> Path:
    """The demo's home (`cada demo`, today fixed at 2026-11-28): the Montpellier case with its
    documents and findings, and the illustrative requests."""
    home = tmp_path / "demo"
    r = cada("--today", "2026-11-28", "demo", "--home", str(home))
    assert r.code == 0, r.err
    return home


@pytest.fixture
def terminal(monkeypatch):
    """`terminal(columns)`: the output counts as a terminal of that width (stdout is a StringIO
    under the runner, a pipe otherwise)."""
    from cada_tracker import display

    def force(columns: int) -> None:
        monkeypatch.setattr(display, "is_terminal", lambda: True)
        monkeypatch.setenv("COLUMNS", str(columns))
    return force


def require_tool(tool: str) -> None:
    """Skip the calling test, with the reason, when `tool` is not installed; fail instead under
    CI=true, where .ci/run installs it (so that CI proves every real component)."""
    import shutil

    if shutil.which(tool) is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{tool} is not installed, and CI=true requires it (see .ci/run)")
        pytest.skip(f"{tool} is not installed")


def env_without_home() -> dict[str, str]:
    """The environment for a subprocess: no CADA_* variable (the test sets what it needs),
    except the database of the test's backend (CADA_DATABASE_URL on PostgreSQL)."""
    return {k: v for k, v in os.environ.items()
            if not k.startswith("CADA_") or k == "CADA_DATABASE_URL"}


@pytest.fixture
def lyon(cada):
    """A profile, Ville de Lyon (69), and request P1 sent and received on Tue 31 Jan 2023
    (B = Tue 28 Feb 2023, C = Fri 28 Apr 2023; C binds with a complete acknowledgment,
    logged Thu 2 Feb 2023). Call it: `ref = lyon(complete_ack=True)`."""
    def setup(*, complete_ack: bool) -> str:
        for args in (
            ("init", "--name", "Jeanne Dupont", "--email", "jeanne@example.org"),
            ("authority", "add", "Ville de Lyon", "--department", "69",
             "--email", "contact@example.org"),
            ("--today", "2023-01-30", "new", "--authority", "ville-de-lyon",
             "--subject", "Budget annexe", "--ref", "P1"),
            ("--today", "2023-01-31", "log", "P1", "sent", "--on", "2023-01-31"),
            ("--today", "2023-01-31", "log", "P1", "received", "--on", "2023-01-31"),
        ):
            r = cada(*args)
            assert r.code == 0, r.err
        if complete_ack:
            r = cada("--today", "2023-02-02", "log", "P1", "acknowledged", "--on", "2023-02-02",
                     "--complete")
            assert r.code == 0, r.err
        return "P1"

    return setup
