"""How storage queries run: one SQL text on two kinds of connection.

- a plain `sqlite3` connection (the fast path: no SQLAlchemy import, see docs/design.md);
- a SQLAlchemy session's DB-API connection (any database, PostgreSQL included).

A `Query` is a function (sql, params) -> rows. Every query module of `storage/` takes one, so a
new column is added in the table, the migration, one SQL text and one record.

Writes run the same way (issue 13, goal 4): a `Unit` is one unit of work as SQL, its `query`
runs INSERT/UPDATE/DELETE (`INSERT ... RETURNING id` for a new row) as well as SELECTs. On a
SQLite file `write_unit` opens it over plain `sqlite3` (`BEGIN IMMEDIATE`, the busy timeout and
the pragmas of the ORM's connections: no SQLAlchemy import for `cada log` and `cada new`);
elsewhere, or inside a unit of work of the ORM, `session_unit(session)` runs the same SQL in
the session's transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from cada_tracker import messages as M
from cada_tracker.errors import StorageError
from cada_tracker.paths import Settings
from cada_tracker.storage.db import (
    connect_read_only,
    connect_write,
    ensure_schema,
    made_by,
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


def driver_sql(sql: str, paramstyle: str) -> str:
    """SQL written with `?` markers, for a driver of `paramstyle`: psycopg's "format" and
    "pyformat" take %s, and a literal % doubled."""
    if paramstyle in ("format", "pyformat"):
        return sql.replace("%", "%%").replace("?", "%s")
    return sql


def query_dialect(query: Query) -> str:
    """The database a Query runs on: "sqlite" unless session_query said otherwise."""
    return str(getattr(query, "dialect", "sqlite"))


def sqlite_value(value: Any) -> Any:
    """A parameter as SQLAlchemy stores it on SQLite: DATE as 'YYYY-MM-DD', DATETIME as
    'YYYY-MM-DD HH:MM:SS.ffffff' (no offset), BOOLEAN as 0/1; anything else unchanged."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat(" ", "microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if value is True or value is False:
        return int(value)
    return value


def sqlite_writer(con: sqlite3.Connection) -> Query:
    """A Query that also writes: dates, timestamps and booleans stored as the ORM stores them."""
    return lambda sql, params: con.execute(sql, [sqlite_value(v) for v in params]).fetchall()


def session_query(session: Session) -> Query:
    """A Query over a SQLAlchemy session (any dialect; DB-API paramstyle handled)."""
    dbapi = session.connection().connection.dbapi_connection
    assert dbapi is not None  # a checked-out connection always has its DB-API connection
    dialect = session.get_bind().dialect
    style = getattr(dialect, "paramstyle", "qmark")
    on_sqlite = dialect.name == "sqlite"

    def run(sql: str, params: Sequence[Any]) -> list[Sequence[Any]]:
        sql = driver_sql(sql, style)
        if on_sqlite:  # written as the ORM writes them (the driver's own adapters differ)
            params = [sqlite_value(v) for v in params]
        cur = dbapi.cursor()
        try:
            cur.execute(sql, tuple(params))
            # INSERT/UPDATE/DELETE without RETURNING yield no rows (psycopg refuses fetchall)
            return list(cur.fetchall()) if cur.description is not None else []
        finally:
            cur.close()

    run.dialect = dialect.name  # type: ignore[attr-defined]  # read by query_dialect
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
    with session_scope(settings, write=False) as session:
        yield session_query(session)


class Unit(NamedTuple):
    """One unit of work as SQL: `query` runs any statement in it; `handle` is what it runs on
    (a `sqlite3.Connection` or a SQLAlchemy session), for the search index (storage.search)."""

    query: Query
    handle: Any
    # who makes the rows written in it (issue 14: --as, CADA_USER, else the system user name);
    # None: unknown
    made_by: str | None = None


def session_unit(session: Session) -> Unit:
    """The Unit of an ORM unit of work: the same transaction (its pending rows flushed first,
    so that the SQL sees them), and the same maker of its rows."""
    session.flush()
    return Unit(session_query(session), session, made_by(session))


@contextmanager
def write_unit(settings: Settings, *, create: bool = True) -> Iterator[Unit]:
    """One unit of work: committed at the end of the block, rolled back on any error.

    On a SQLite file: plain sqlite3, the write lock taken at the start (`BEGIN IMMEDIATE`,
    waiting up to the busy timeout for another writer), so what the block reads cannot change
    before it writes. Elsewhere: the ORM's session (storage.db.session_scope)."""
    ensure_schema(settings, create=create)
    path = settings.sqlite_path
    if path is None:
        with session_scope(settings, create=create) as session:
            yield session_unit(session)
        return
    try:
        con = connect_write(path)
        con.execute("BEGIN IMMEDIATE")
    except sqlite3.DatabaseError as exc:
        raise StorageError(M.DB_OPERATIONAL.format(reason=one_line(exc))) from None
    try:
        yield Unit(sqlite_writer(con), con, settings.made_by)
        con.execute("COMMIT")
    except sqlite3.OperationalError as exc:
        _roll_back(con)
        raise StorageError(M.DB_OPERATIONAL.format(reason=one_line(exc))) from None
    except BaseException:
        _roll_back(con)
        raise
    finally:
        con.close()


def _roll_back(con: sqlite3.Connection) -> None:
    if con.in_transaction:
        con.execute("ROLLBACK")


@contextmanager
def write_query(settings: Settings) -> Iterator[Query]:
    """The Query of one `write_unit` (`cada attach`): plain sqlite3 on a SQLite file, the write
    lock taken first, committed at the end of the block and rolled back on any error;
    elsewhere the same SQL on a SQLAlchemy session. SQLAlchemy is not imported on SQLite."""
    with write_unit(settings) as unit:
        yield unit.query
