"""How storage queries run: one SQL text on two kinds of connection.

- a plain `sqlite3` connection (the fast path: no SQLAlchemy import, see docs/design.md);
- a SQLAlchemy session's DB-API connection (any database, PostgreSQL included).

A `Query` is a function (sql, params) -> rows. Every query module of `storage/` takes one, so a
new column is added in the table, the migration, one SQL text and one record.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from cada_tracker import messages as M
from cada_tracker.errors import StorageError
from cada_tracker.paths import Settings
from cada_tracker.storage.db import (
    BUSY_TIMEOUT_MS,
    connect_read_only,
    ensure_schema,
    one_line,
    session_scope,
)

if TYPE_CHECKING:
    from sqlmodel import Session

Query = Callable[[str, Sequence[Any]], Iterable[Sequence[Any]]]


def as_date(value: Any) -> date:
    if type(value) is str and len(value) == 10:
        return date.fromisoformat(value)
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def as_datetime(value: Any) -> datetime | None:
    """A timestamp column as read from sqlite3 (ISO text) or a driver (datetime); None kept."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def as_bool(value: Any) -> bool | None:
    return None if value is None else bool(value)


def where_in(column: str, values: Sequence[Any], marker: str) -> tuple[str, list[Any]]:
    if not values:
        return "", []
    return f" WHERE {column} IN ({', '.join([marker] * len(values))})", list(values)


def sqlite_query(con: sqlite3.Connection) -> Query:
    return lambda sql, params: con.execute(sql, params).fetchall()


def session_query(session: Session) -> Query:
    """A Query over a SQLAlchemy session (any dialect; DB-API paramstyle handled)."""
    dbapi = session.connection().connection.dbapi_connection
    assert dbapi is not None  # a checked-out connection always has its DB-API connection
    style = getattr(session.get_bind().dialect, "paramstyle", "qmark")

    def run(sql: str, params: Sequence[Any]) -> list[Sequence[Any]]:
        if style in ("format", "pyformat"):
            sql = sql.replace("?", "%s")
        cur = dbapi.cursor()
        try:
            cur.execute(sql, tuple(params))
            return list(cur.fetchall())
        finally:
            cur.close()

    return run


@contextmanager
def read_query(settings: Settings) -> Iterator[Query]:
    """Yield a Query for read-only commands: plain sqlite3 when possible, else SQLAlchemy."""
    ensure_schema(settings)
    path = settings.sqlite_path
    if path is not None:
        try:
            con = connect_read_only(path)
        except sqlite3.DatabaseError as exc:
            raise StorageError(M.DB_UNREADABLE.format(path=path, reason=exc)) from None
        try:
            yield sqlite_query(con)
        except sqlite3.DatabaseError as exc:
            raise StorageError(M.DB_UNREADABLE.format(path=path, reason=exc)) from None
        finally:
            con.close()
        return
    with session_scope(settings) as session:
        yield session_query(session)


@contextmanager
def write_query(settings: Settings) -> Iterator[Query]:
    """Yield a Query for one unit of work that writes with plain SQL (`cada attach`): on a
    SQLite file a stdlib `sqlite3` connection with the ORM engine's pragmas, in a transaction
    begun IMMEDIATE (the write lock is taken first, so a concurrent writer waits for the busy
    timeout rather than failing half-way), committed at the end of the block and rolled back
    on any error; elsewhere the same SQL on a SQLAlchemy session (session_scope). SQLAlchemy
    is not imported on SQLite."""
    path = settings.sqlite_path
    if path is None:
        with session_scope(settings) as session:
            yield session_query(session)
        return
    ensure_schema(settings)
    try:
        con = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.OperationalError as exc:
        raise StorageError(M.DB_OPERATIONAL.format(reason=one_line(exc))) from None
    try:
        try:
            con.execute("PRAGMA foreign_keys=ON")
            con.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA synchronous=NORMAL")
            con.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StorageError(M.DB_OPERATIONAL.format(reason=one_line(exc))) from None
        try:
            yield sqlite_query(con)
            con.execute("COMMIT")
        except BaseException as exc:
            if con.in_transaction:
                con.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError):
                raise StorageError(M.DB_OPERATIONAL.format(reason=one_line(exc))) from None
            raise
    finally:
        con.close()
