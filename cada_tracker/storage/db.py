"""Database: engine, sessions, SQLite pragmas, schema check and migrations.

The hot path never runs Alembic: `schema_state()` reads the stored revision with the stdlib
`sqlite3` module and compares it with SCHEMA_HEAD. Alembic (and a backup of the file) only runs
when the database is new or older than the program.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cada_tracker import messages as M
from cada_tracker.errors import StorageError, UsageError
from cada_tracker.paths import Settings, shown_url

if TYPE_CHECKING:  # pragma: no cover
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

# The newest migration this program knows (see storage/migrations/versions).
SCHEMA_HEAD = "0009"
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009")

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000

_engines: dict[str, Engine] = {}
_ready: set[str] = set()


def check_sqlite_file(path: Path) -> None:
    """Refuse a file that exists but is not a SQLite database (exit 5, file untouched)."""
    if not path.exists():
        return
    if path.is_dir():
        raise StorageError(M.DB_IS_DIRECTORY.format(path=path))
    try:
        with path.open("rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        raise StorageError(M.DB_UNREADABLE.format(path=path, reason=exc.strerror)) from None
    if header and header != SQLITE_MAGIC:
        raise StorageError(M.DB_NOT_A_DATABASE.format(path=path))


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A read-only sqlite3 connection. In WAL mode SQLite needs to write the -shm file even to
    read; on a read-only folder (nobody can write there, so nobody changes the file) the
    database is opened as immutable instead."""
    from urllib.parse import quote

    uri = f"file:{quote(str(path))}?mode=ro"
    con = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        con.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return con
    except sqlite3.OperationalError:
        con.close()
        if os.access(path.parent, os.W_OK) and not _read_only_fs(path.parent):
            raise
    return sqlite3.connect(uri + "&immutable=1", uri=True)


def connect_write(path: Path) -> sqlite3.Connection:
    """A sqlite3 connection for one unit of work of plain SQL (storage.sql.write_unit), set up
    as the ORM's connections are (get_engine): foreign keys, busy timeout, WAL, synchronous
    NORMAL. Transactions are explicit (isolation_level=None): the caller runs BEGIN IMMEDIATE."""
    con = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        for pragma in ("foreign_keys=ON", f"busy_timeout={BUSY_TIMEOUT_MS}",
                       "journal_mode=WAL", "synchronous=NORMAL"):
            con.execute(f"PRAGMA {pragma}")
    except BaseException:
        con.close()
        raise
    return con


def _read_only_fs(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def sqlite_revision(path: Path) -> str | None:
    """The stored Alembic revision of a SQLite file, read without SQLAlchemy.

    Returns None for a missing or empty database. Raises StorageError if it is not a database.
    """
    check_sqlite_file(path)
    if not path.exists():
        return None
    if path.stat().st_size == 0:
        raise StorageError(M.DB_EMPTY_FILE.format(path=path))
    try:
        con = connect_read_only(path)
        try:
            has = con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name='alembic_version'"
            ).fetchone()
            if not has:
                others = con.execute(
                    "SELECT count(*) FROM sqlite_master WHERE type='table'"
                ).fetchone()[0]
                if others:
                    raise StorageError(M.DB_FOREIGN.format(path=path))
                return None
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            if row is None:
                _refuse_unversioned(con, path)
            return row[0] if row else None
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise StorageError(M.DB_NOT_A_DATABASE.format(path=path) + f" ({exc})") from None


def check_revision(rev: str | None, where: str) -> None:
    """StorageError (exit 5) for a schema newer than this program."""
    if rev is not None and rev not in KNOWN_REVISIONS:
        raise StorageError(M.DB_TOO_NEW.format(path=where, revision=rev, head=SCHEMA_HEAD))


def _refuse_unversioned(con: sqlite3.Connection, path: Path) -> None:
    """An empty alembic_version beside cada's tables: the schema version is unknown (a
    migration cut short, a hand edit). Creating the tables again would fail half-way
    ("table authority already exists"): refuse, untouched. An empty alembic_version alone
    is a database whose creation never got further; it is created again."""
    others = con.execute(
        "SELECT count(*) FROM sqlite_master WHERE type='table' AND name != 'alembic_version'"
    ).fetchone()[0]
    if others:
        raise StorageError(M.DB_NO_REVISION.format(path=path))


def get_engine(settings: Settings) -> Engine:
    url = settings.database_url
    engine = _engines.get(url)
    if engine is None:
        from sqlalchemy import event
        from sqlmodel import create_engine

        if url.startswith("sqlite"):
            engine = create_engine(
                url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
            )

            @event.listens_for(engine, "connect")
            def _pragmas(dbapi_con, _record):  # noqa: ANN001
                cur = dbapi_con.cursor()
                cur.execute("PRAGMA foreign_keys=ON")
                cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA synchronous=NORMAL")
                cur.close()
        else:
            try:
                engine = create_engine(url, pool_pre_ping=True)
            except ModuleNotFoundError as exc:
                raise UsageError(M.DB_DRIVER_MISSING.format(url=url, module=exc.name)) from None
        _engines[url] = engine
    return engine


def dispose_engine(url: str) -> None:
    """Forget the engine of one database URL (its connections closed)."""
    engine = _engines.pop(url, None)
    if engine is not None:
        engine.dispose()
    _ready.discard(url)


def dispose_engines() -> None:
    for engine in _engines.values():
        engine.dispose()
    _engines.clear()
    _ready.clear()


def alembic_config(settings: Settings, connection=None):  # noqa: ANN001, ANN201
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    cfg.set_main_option("sqlalchemy.url", settings.database_url.replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def _upgrade(settings: Settings) -> None:
    from alembic import command

    engine = get_engine(settings)
    with engine.begin() as connection:
        command.upgrade(alembic_config(settings, connection), "head")


def backup_before_migration(path: Path, rev: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{rev}.{stamp}.bak")
    sqlite_backup(path, target)
    return target


def sqlite_backup(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite database (SQLite online backup API)."""
    tmp = target.with_name(target.name + ".tmp")
    try:
        sqlite_copy(source, tmp)
        tmp.replace(target)
    except BaseException:
        tmp.unlink(missing_ok=True)  # never a half-written copy left behind
        raise


def sqlite_copy(source: Path, target: Path) -> None:
    """Copy a SQLite database into the file `target` with SQLite's online backup API."""
    src = connect_read_only(source)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def ensure_home(settings: Settings) -> None:
    try:
        settings.home.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(
            M.HOME_NOT_WRITABLE.format(path=settings.home, reason=exc.strerror)
        ) from None


def one_line(exc: BaseException) -> str:
    """The database driver's own message, on one line (no SQLAlchemy 'Background' links)."""
    inner = getattr(exc, "orig", None) or exc
    text = str(inner).strip().splitlines()
    return text[0] if text else inner.__class__.__name__


def _probe_writable(path: Path) -> None:
    """Before creating a database, make sure its folder takes a file (read-only homes)."""
    import tempfile

    try:
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".cada-probe-"):
            pass
    except OSError as exc:
        raise StorageError(
            M.HOME_NOT_WRITABLE.format(path=path.parent, reason=exc.strerror)
        ) from None


def ensure_schema(settings: Settings, *, create: bool = True) -> str | None:
    """Make sure the database exists and has this program's schema.

    Fast path: one read-only sqlite3 query. Returns the revision found before any migration.
    """
    url = settings.database_url
    if url in _ready:
        return SCHEMA_HEAD
    path = settings.sqlite_path
    if path is not None:
        rev = sqlite_revision(path)
        check_revision(rev, str(path))
        if rev == SCHEMA_HEAD:
            _ready.add(url)
            return rev
        if not create and rev is None:
            raise StorageError(M.DB_MISSING.format(path=path))
        ensure_home(settings)
        if not path.parent.exists():
            raise StorageError(M.DB_DIR_MISSING.format(path=path.parent))
        if rev is not None:
            backup_before_migration(path, rev)
        else:
            _probe_writable(path)
        try:
            _upgrade(settings)
        except StorageError:
            raise
        except Exception as exc:  # noqa: BLE001 - reported as a storage problem
            raise StorageError(
                M.DB_MIGRATION_FAILED.format(path=path, reason=one_line(exc))
            ) from None
        _ready.add(url)
        return rev
    # Other databases (PostgreSQL): ask Alembic's MigrationContext (slower, not hot path yet).
    from alembic.runtime.migration import MigrationContext

    engine = get_engine(settings)
    try:
        with engine.connect() as con:
            rev = MigrationContext.configure(con).get_current_revision()
    except Exception as exc:  # noqa: BLE001
        raise StorageError(M.DB_UNREADABLE.format(path=shown_url(url),
                                                  reason=one_line(exc))) from None
    check_revision(rev, shown_url(url))
    if rev != SCHEMA_HEAD:
        _upgrade(settings)
    _ready.add(url)
    return rev


COUNTED_TABLES = ("request", "authority", "event", "document")


def sqlite_counts(path: Path) -> dict[str, int]:
    """Row counts of the main tables of a SQLite file, read as it is (never upgraded)."""
    con = connect_read_only(path)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED_TABLES}
    finally:
        con.close()


def server_status(
    settings: Settings, tables: tuple[str, ...] = COUNTED_TABLES
) -> tuple[str | None, dict[str, int]]:
    """Revision and row counts of a non-SQLite database, without creating or upgrading it."""
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import text

    engine = get_engine(settings)
    try:
        with engine.connect() as con:
            rev = MigrationContext.configure(con).get_current_revision()
            counts = {}
            if rev is not None:
                for table in tables:
                    counts[table] = int(
                        con.execute(text(f"SELECT count(*) FROM {table}")).scalar() or 0
                    )
    except Exception as exc:  # noqa: BLE001
        raise StorageError(M.DB_UNREADABLE.format(path=shown_url(settings.database_url),
                                                  reason=one_line(exc))) from None
    return rev, counts


# On PostgreSQL every unit of work that may write holds this transaction-level advisory lock,
# taken first: writers follow one another as on SQLite (BEGIN IMMEDIATE), so that what a unit
# reads (the next reference number, an outbox entry's state) cannot change before it writes.
# Readers never take it. The number is arbitrary and fixed ("cada" in ASCII).
WRITE_LOCK_KEY = 0x63616461


@contextmanager
def session_scope(settings: Settings, *, create: bool = True, write: bool = True):  # noqa: ANN201
    """One transaction per command: commit on success, roll back on any error.

    On a database server, a unit of work that may write (`write`, the default) waits first for
    the write lock (at most the busy timeout, then a StorageError); a lost connection or a
    stopped server is a StorageError too (exit 5), the transaction rolled back by the server."""
    from sqlalchemy.exc import DBAPIError, OperationalError
    from sqlmodel import Session

    ensure_schema(settings, create=create)
    engine = get_engine(settings)
    # the driver's own errors, raised by SQL run on the session's DB-API connection
    # (storage.sql.session_query): a lost connection is an OperationalError (PEP 249)
    driver_errors = tuple(getattr(engine.dialect.dbapi, name) for name in
                          ("OperationalError", "InterfaceError")
                          if hasattr(engine.dialect.dbapi, name))
    session = Session(engine, expire_on_commit=False)
    # who makes the rows this unit of work adds (issue 14): read by session_unit and made_by
    session.info["made_by"] = settings.made_by
    try:
        if write and settings.sqlite_path is None:
            take_write_lock(session.connection())
        yield session
        session.commit()
    except DBAPIError as exc:
        _roll_back(session)
        if isinstance(exc, OperationalError) or exc.connection_invalidated:
            raise StorageError(M.DB_OPERATIONAL.format(reason=one_line(exc))) from None
        raise
    except driver_errors as exc:
        _roll_back(session)
        raise StorageError(M.DB_OPERATIONAL.format(reason=one_line(exc))) from None
    except BaseException:
        _roll_back(session)
        raise
    finally:
        session.close()


def take_write_lock(connection) -> None:  # noqa: ANN001 - a SQLAlchemy Connection
    """The server's write lock (WRITE_LOCK_KEY), held until the transaction ends, waited for
    at most the busy timeout."""
    connection.exec_driver_sql(f"SET LOCAL lock_timeout = {BUSY_TIMEOUT_MS}")
    connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")


def _roll_back(session) -> None:  # noqa: ANN001 - a Session
    """Roll back, when the connection still allows it (a stopped server does not)."""
    from sqlalchemy.exc import DBAPIError

    try:
        session.rollback()
    except DBAPIError:
        pass


def made_by(session: Session) -> str | None:
    """Who makes the rows of this unit of work (set by session_scope from the settings)."""
    return session.info.get("made_by")


def now() -> datetime:
    """Wall-clock UTC timestamp for created_at columns (not 'today': that comes from clock)."""
    return datetime.now(UTC).replace(microsecond=0)
