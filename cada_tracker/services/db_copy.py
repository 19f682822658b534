"""`cada db copy --to URL` and `cada db restore FILE` (issue 14, point 3): moving a home to a
server and back, and putting back a backup.

Nothing is half-written:
- to a server, the whole copy (the target's migrations included) is one transaction, verified
  before it commits: on any failure the server rolls it back;
- to a SQLite file, the copy is built in a temporary file next to the target, verified, then
  put in place: by a rename when the target does not exist, else with SQLite's backup API into
  the target (one write transaction of the target, safe for the other cada processes that have
  it open, unlike a rename under their feet);
- a restore checks the backup in a temporary copy first (integrity, schema version), keeps the
  current database in a file of its own, then writes the backup into the database the same
  way, under the document store's lock (no `check --repair` runs meanwhile).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cada_tracker import messages as M
from cada_tracker.context import Context
from cada_tracker.errors import (
    CadaError,
    ConflictError,
    NotFoundError,
    StorageError,
    UsageError,
)
from cada_tracker.messages import database as MD
from cada_tracker.paths import Settings, check_db_url, shown_url
from cada_tracker.storage import copy as copying
from cada_tracker.storage import db, search

if TYPE_CHECKING:  # pragma: no cover
    from sqlalchemy import Table
    from sqlalchemy.engine import Connection


DERIVED_PREFIXES = ("search_index", "timeline")


@dataclass
class CopyReport:
    source: str
    target: str
    tables: dict[str, tuple[int, str]] = field(default_factory=dict)  # rows, sha256
    index_rows: int | None = None  # the search index rebuilt on the target (entries)
    derived: list[str] = field(default_factory=list)  # derived tables of the source not copied

    @property
    def rows(self) -> int:
        return sum(rows for rows, _ in self.tables.values())

    def as_json(self) -> dict[str, Any]:
        return {"source": self.source, "target": self.target, "verified": True,
                "rows": self.rows,
                "tables": {name: {"rows": rows, "sha256": digest}
                           for name, (rows, digest) in self.tables.items()},
                "search_index_rebuilt": self.index_rows,
                "derived_not_copied": self.derived}


def _server_key(url: str) -> tuple[Any, ...]:
    from sqlalchemy.engine import make_url

    u = make_url(url)
    return ((u.host or "localhost").lower(), u.port or 5432, u.database or u.username)


def _same_database(a: Settings, b: Settings) -> bool:
    pa, pb = a.sqlite_path, b.sqlite_path
    if pa is not None or pb is not None:
        return pa is not None and pb is not None and pa.resolve() == pb.resolve()
    try:
        return _server_key(a.database_url) == _server_key(b.database_url)
    except Exception:  # noqa: BLE001 - an unparsable URL fails later, when it is opened
        return False


def copy(ctx: Context, to_url: str, *, force: bool,
         progress: copying.Progress | None = None) -> CopyReport:
    """Copy the whole database of `ctx` to `to_url`, verify it, and report."""
    if not to_url.strip():
        raise UsageError(MD.COPY_BAD_URL.format(url=to_url))
    try:
        check_db_url(to_url)
    except UsageError:
        raise UsageError(MD.COPY_BAD_URL.format(url=to_url)) from None
    source = ctx.settings
    target = Settings(home=source.home, db_url=to_url)
    if _same_database(source, target):
        raise UsageError(MD.COPY_ONTO_ITSELF.format(url=shown_url(to_url)))
    db.ensure_schema(source, create=False)
    report = CopyReport(shown_url(source.database_url), shown_url(to_url))
    path = target.sqlite_path
    if path is not None:
        _copy_to_file(source, path, report, force=force, progress=progress)
    else:
        _copy_to_server(source, target, report, force=force, progress=progress)
    return report


# --- reading the source --------------------------------------------------------------------
@contextlib.contextmanager
def _source_snapshot(settings: Settings) -> Iterator[Connection]:
    """A connection that sees the source as of one instant for the whole copy."""
    engine = db.get_engine(settings)
    try:
        connection = engine.connect()
    except Exception as exc:  # noqa: BLE001
        raise StorageError(db_unreadable(settings.database_url, exc)) from None
    try:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN")  # one read transaction: one snapshot
        else:
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
            copying.set_utc(connection)
        yield connection
    finally:
        with contextlib.suppress(Exception):
            connection.rollback()
        connection.close()


def db_unreadable(url: str, exc: BaseException) -> str:
    return M.DB_UNREADABLE.format(path=shown_url(url), reason=db.one_line(exc))


def _derived_tables(connection: Connection) -> list[str]:
    return [name for name in copying.table_names(connection)
            if name.startswith(DERIVED_PREFIXES) and not name.startswith("search_index_")]


# --- the copy itself -----------------------------------------------------------------------
def _copy_rows(source: Connection, target: Connection, report: CopyReport,
               progress: copying.Progress | None) -> list[Table]:
    tables = copying.schema_tables()
    copying.set_utc(target)
    tallies = {t.name: copying.copy_table(source, target, t, progress) for t in tables}
    copying.reset_sequences(target, tables)
    report.derived = _derived_tables(source)
    report.index_rows = _rebuild_search(target)
    for table in tables:  # verified before the target commits
        there = copying.tally(target, table)
        here = tallies[table.name]
        if (here.rows, here.digest) != (there.rows, there.digest):
            raise _Mismatch(MD.COPY_MISMATCH.format(
                url=report.target, table=table.name, source_rows=here.rows,
                source_hash=here.digest[:12], target_rows=there.rows,
                target_hash=there.digest[:12]))
        report.tables[table.name] = (here.rows, here.digest)
    return tables


class _Mismatch(StorageError):
    pass


def _rebuild_search(target: Connection) -> int | None:
    """Rebuild the target's search index from the copied rows, when the target has one."""
    if not search.enabled(target):
        return None
    counts = search.rebuild_connection(target)
    return sum(counts.values())


def _rows_in(connection: Connection, tables: list[Table], present: set[str]) -> dict[str, int]:
    return {t.name: copying.count_rows(connection, t) for t in tables if t.name in present}


def _not_empty(url: str, counts: dict[str, int]) -> str:
    what = MD.COPY_TARGET_WHAT.format(requests=counts.get("request", 0),
                                      authorities=counts.get("authority", 0),
                                      rows=sum(counts.values()))
    return MD.COPY_TARGET_NOT_EMPTY.format(url=url, what=what)


def _copy_to_server(source: Settings, target: Settings, report: CopyReport, *, force: bool,
                    progress: copying.Progress | None) -> None:
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    url = report.target
    engine = db.get_engine(target)
    try:
        connection = engine.connect()
    except Exception as exc:  # noqa: BLE001
        raise StorageError(MD.COPY_TARGET_UNREACHABLE.format(
            url=url, reason=db.one_line(exc))) from None
    try:
        with connection.begin():
            try:
                db.take_write_lock(connection)
                present = set(copying.table_names(connection))
                revision = MigrationContext.configure(connection).get_current_revision()
                if source.sqlite_path is None and _identity(connection) == _source_identity(
                        source):
                    raise UsageError(MD.COPY_ONTO_ITSELF.format(url=url))
            except CadaError:
                raise
            except Exception as exc:  # noqa: BLE001
                raise StorageError(MD.COPY_TARGET_UNREACHABLE.format(
                    url=url, reason=db.one_line(exc))) from None
            if revision is None and present - {"alembic_version"}:
                raise ConflictError(MD.COPY_TARGET_FOREIGN.format(
                    url=url, tables=", ".join(sorted(present)[:5])))
            db.check_revision(revision, url)
            tables = copying.schema_tables()
            counts = _rows_in(connection, tables, present)
            if sum(counts.values()) and not force:
                raise ConflictError(_not_empty(url, counts))
            command.upgrade(db.alembic_config(target, connection), "head")
            copying.clear_tables(connection, tables)
            with _source_snapshot(source) as reader:
                _copy_rows(reader, connection, report, progress)
    except CadaError:
        raise
    except Exception as exc:  # noqa: BLE001 - the transaction was rolled back
        raise StorageError(MD.COPY_FAILED.format(url=url, reason=db.one_line(exc))) from None
    finally:
        connection.close()


def _identity(connection: Connection) -> tuple[Any, ...]:
    """What tells one database of one running server from another, whatever the URL says
    (localhost or 127.0.0.1, an alias): its name, the server's port and start time."""
    row = connection.exec_driver_sql(
        "SELECT current_database(), inet_server_port(), pg_postmaster_start_time()").one()
    return tuple(row)


def _source_identity(source: Settings) -> tuple[Any, ...]:
    try:
        with db.get_engine(source).connect() as connection:
            return _identity(connection)
    except Exception as exc:  # noqa: BLE001
        raise StorageError(db_unreadable(source.database_url, exc)) from None


def _copy_to_file(source: Settings, path: Path, report: CopyReport, *, force: bool,
                  progress: copying.Progress | None) -> None:
    url = report.target
    replace = _check_target_file(path, url, force=force)
    tmp = path.with_name(f".{path.name}.copy-{os.getpid()}.tmp")
    tmp_settings = Settings(home=path.parent, db_url=f"sqlite:///{tmp}")
    try:
        _remove_sqlite(tmp)
        db.ensure_schema(tmp_settings)
        engine = db.get_engine(tmp_settings)
        with engine.begin() as writer, _source_snapshot(source) as reader:
            _copy_rows(reader, writer, report, progress)
        db.dispose_engine(tmp_settings.database_url)
        _checkpoint(tmp)
        if replace:
            _write_into(tmp, path)
        else:
            try:
                os.link(tmp, path)  # never over a file that appeared meanwhile
            except FileExistsError:
                raise ConflictError(M.OUTPUT_EXISTS.format(path=path)) from None
            except OSError:  # a file system without hard links: written in, as over a file
                _write_into(tmp, path)
    except CadaError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise StorageError(MD.COPY_FAILED.format(url=url, reason=db.one_line(exc))) from None
    finally:
        db.dispose_engine(tmp_settings.database_url)
        _remove_sqlite(tmp)


def _check_target_file(path: Path, url: str, *, force: bool) -> bool:
    """Whether the target file exists (and may be written into); refuses what must not be."""
    if path.is_dir():
        raise ConflictError(M.OUTPUT_IS_DIR.format(path=path))
    if path.exists() and not path.is_file():
        raise ConflictError(M.OUTPUT_NOT_REGULAR.format(path=path))
    if not path.parent.is_dir():
        raise StorageError(M.DB_DIR_MISSING.format(path=path.parent))
    if not path.exists() or path.stat().st_size == 0:
        return path.exists()
    try:
        revision = db.sqlite_revision(path)
    except StorageError:
        raise ConflictError(MD.COPY_TARGET_NOT_A_DATABASE.format(url=url)) from None
    if revision is None:
        return True
    db.check_revision(revision, str(path))
    con = db.connect_read_only(path)
    try:
        present = {name for (name,) in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table'")}
        counts = {t.name: con.execute(f'SELECT count(*) FROM "{t.name}"').fetchone()[0]
                  for t in copying.schema_tables() if t.name in present}
    finally:
        con.close()
    if sum(counts.values()) and not force:
        raise ConflictError(_not_empty(url, counts))
    return True


def _checkpoint(path: Path) -> None:
    """Fold the WAL into the file and leave rollback-journal mode: one self-contained file."""
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA journal_mode=DELETE")
    finally:
        con.close()


def _remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _write_into(source: Path, target: Path) -> None:
    """Replace the content of the SQLite database `target` by `source`'s, in one write
    transaction of `target` (SQLite's backup API): the other connections to it, in this or
    other processes, see the old database or the new one, never a mix, and its WAL stays its
    own (a rename would leave them writing to the old file)."""
    dst = db.connect_write(target)
    try:
        page_size = dst.execute("PRAGMA page_size").fetchone()[0]
        src = sqlite3.connect(source)
        try:
            if src.execute("PRAGMA page_size").fetchone()[0] != page_size:
                src.execute("PRAGMA journal_mode=DELETE")
                src.execute(f"PRAGMA page_size={int(page_size)}")
                src.execute("VACUUM")
            src.backup(dst)
        finally:
            src.close()
    finally:
        dst.close()


# --- db restore ----------------------------------------------------------------------------
@dataclass
class RestoreReport:
    path: Path
    kept: Path | None
    revision: str
    counts: dict[str, int]

    @property
    def current(self) -> bool:
        """The backup has this program's schema (else it is upgraded at the next write)."""
        return self.revision == db.SCHEMA_HEAD


def restore(ctx: Context, file_arg: str) -> RestoreReport:
    s = ctx.settings
    live = s.sqlite_path
    if live is None:
        raise UsageError(MD.RESTORE_NOT_SQLITE)
    if not file_arg.strip():
        raise UsageError(M.EMPTY_VALUE.format(what="FILE"))
    backup = Path(file_arg)
    if not backup.exists():
        raise NotFoundError(MD.RESTORE_NO_FILE.format(path=backup))
    if not backup.is_file():
        raise UsageError(MD.RESTORE_NOT_A_FILE.format(path=backup))
    if live.exists() and backup.resolve() == live.resolve():
        raise UsageError(MD.RESTORE_ONTO_ITSELF.format(path=backup))
    if not live.parent.is_dir():
        db.ensure_home(s)
    tmp = live.with_name(f".{live.name}.restore-{os.getpid()}.tmp")
    try:
        _remove_sqlite(tmp)
        revision = _checked_copy(backup, tmp)
        with ctx.store_writes():
            kept = _keep_current(live)
            try:
                _write_into(tmp, live)
            except sqlite3.Error as exc:
                raise StorageError(MD.RESTORE_FAILED.format(
                    path=backup, reason=db.one_line(exc))) from None
        counts = db.sqlite_counts(live)
    finally:
        _remove_sqlite(tmp)
    return RestoreReport(live, kept, revision, counts)


def _checked_copy(backup: Path, tmp: Path) -> str:
    """Copy the backup to `tmp` and check the copy: a SQLite file, intact, of a known schema."""
    with backup.open("rb") as fh:
        header = fh.read(16)
    if header != db.SQLITE_MAGIC:
        raise StorageError(MD.RESTORE_NOT_SQLITE_FILE.format(path=backup))
    try:
        db.sqlite_copy(backup, tmp)
    except sqlite3.Error:
        raise StorageError(MD.RESTORE_NOT_SQLITE_FILE.format(path=backup)) from None
    con = sqlite3.connect(tmp)
    try:
        try:
            problems = [row[0] for row in con.execute("PRAGMA integrity_check")]
        except sqlite3.DatabaseError as exc:
            problems = [str(exc)]
        if problems != ["ok"]:
            raise StorageError(MD.RESTORE_DAMAGED.format(path=backup, reason=problems[0]))
        names = {name for (name,) in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table'")}
        row = (con.execute("SELECT version_num FROM alembic_version").fetchone()
               if "alembic_version" in names else None)
        if row is None or "request" not in names:
            raise StorageError(MD.RESTORE_FOREIGN.format(path=backup))
        revision = str(row[0])
        if revision not in db.KNOWN_REVISIONS:
            raise StorageError(MD.RESTORE_TOO_NEW.format(path=backup, revision=revision,
                                                         head=db.SCHEMA_HEAD))
        con.execute("PRAGMA journal_mode=DELETE")
    finally:
        con.close()
    return revision


def _keep_current(live: Path) -> Path | None:
    """The current database, kept in a file of its own next to it (None: there is none)."""
    if not live.exists() or live.stat().st_size == 0:
        return None
    kept = live.with_name(f"cada-before-restore-{datetime.now():%Y%m%d-%H%M%S}.db")
    n = 1
    while kept.exists():
        kept = kept.with_name(f"{kept.stem.split('~')[0]}~{n}.db")
        n += 1
    try:
        db.sqlite_backup(live, kept)
    except (OSError, sqlite3.Error) as exc:
        raise StorageError(MD.RESTORE_FAILED.format(path=live, reason=exc)) from None
    return kept
