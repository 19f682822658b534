"""Copying a whole database to another one (`cada db copy`), table by table, and the content
hash that proves both sides hold the same rows.

Only the tables of the ORM's schema (storage/tables.py) are copied: they are the recorded
facts. The derived tables that live outside the ORM (the SQLite search index `search_index`,
the SQLite stored timelines `timeline*`, a server's own search index) are rebuilt or left to be
rebuilt on the target; `alembic_version` is written by the target's own migrations.

Values are read and written through SQLAlchemy's column types, so a date is a date, a
boolean a boolean and a timestamp an instant in UTC on both sides, whatever the engine stores
(SQLite: text without offset; PostgreSQL: timestamptz). The server sessions are set to UTC too.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from sqlalchemy import Table
    from sqlalchemy.engine import Connection

BATCH = 2000  # rows read and written at a time
_MODULUS = 1 << 256

# (table, rows copied so far, rows of the table)
Progress = Callable[[str, int, int], None]


def schema_tables() -> list[Table]:
    """The tables of the schema, parents before children (foreign keys)."""
    from sqlmodel import SQLModel

    import cada_tracker.storage.tables  # noqa: F401  (registers the tables)

    return list(SQLModel.metadata.sorted_tables)


def _naive_utc(value: datetime) -> datetime:
    return value if value.tzinfo is None else value.astimezone(UTC).replace(tzinfo=None)


def _temporal(table: Table) -> tuple[int, ...]:
    """The positions of the table's date and timestamp columns."""
    found = []
    for i, column in enumerate(table.columns):
        try:
            kind = column.type.python_type
        except NotImplementedError:  # pragma: no cover - every column of the schema has one
            continue
        if issubclass(kind, date):
            found.append(i)
    return tuple(found)


class Tally:
    """Row count and content hash of one table: the sum of the SHA-256 of each row (modulo
    2^256), so that it does not depend on the order the engine returns rows in (text keys
    sort differently on SQLite and PostgreSQL). A row is hashed as its values joined: text as
    its length and itself, None, booleans and integers as their `repr`, dates and timestamps
    (in UTC) as tagged ISO text: the same whichever engine it was read from."""

    __slots__ = ("rows", "temporal", "total")

    def __init__(self, temporal: tuple[int, ...] = ()) -> None:
        self.rows = 0
        self.total = 0
        self.temporal = temporal

    def add(self, row: Sequence[Any]) -> None:
        values = tuple(row)
        if self.temporal:
            listed = list(values)
            for i in self.temporal:
                v = listed[i]
                if isinstance(v, datetime):
                    listed[i] = ("t", _naive_utc(v).isoformat())
                elif v is not None:
                    listed[i] = ("d", v.isoformat())
            values = tuple(listed)
        # text as its length and itself (no escaping: pages are long), the rest as its repr;
        # the lengths make the joined form unambiguous whatever the text holds
        joined = "\x00".join([f"{len(v)}:{v}" if type(v) is str else repr(v) for v in values])
        digest = hashlib.sha256(joined.encode("utf-8", "surrogatepass")).digest()
        self.rows += 1
        self.total = (self.total + int.from_bytes(digest, "big")) % _MODULUS

    @property
    def digest(self) -> str:
        return f"{self.total:064x}"


def set_utc(connection: Connection) -> None:
    """Server sessions read and write timestamps in UTC (SQLite has no time zones)."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SET LOCAL TIME ZONE 'UTC'")


def _batches(connection: Connection, table: Table) -> Iterator[Sequence[Any]]:
    from sqlalchemy import select

    pk = list(table.primary_key.columns)
    result = connection.execution_options(stream_results=True, yield_per=BATCH).execute(
        select(*table.columns).order_by(*pk))
    yield from result.partitions(BATCH)


def count_rows(connection: Connection, table: Table) -> int:
    from sqlalchemy import func, select

    return int(connection.execute(select(func.count()).select_from(table)).scalar() or 0)


def tally(connection: Connection, table: Table) -> Tally:
    """Count and hash a table as it is (the verification after a copy)."""
    result = Tally(_temporal(table))
    for batch in _batches(connection, table):
        for row in batch:
            result.add(row)
    return result


def copy_table(source: Connection, target: Connection, table: Table,
               progress: Progress | None = None) -> Tally:
    """Copy every row of `table`, in batches, keeping the ids; returns the source's tally.

    A column that points into its own table (a document's parent) is written afterwards, so
    that the order of the rows never breaks the foreign key."""
    from sqlalchemy import bindparam

    total = count_rows(source, table) if progress is not None else 0
    names = [c.name for c in table.columns]
    own = [i for i, c in enumerate(table.columns)
           if any(fk.column.table is table for fk in c.foreign_keys)]
    keys = [names.index(c.name) for c in table.primary_key.columns]
    later: list[dict[str, Any]] = []
    seen = Tally(_temporal(table))
    write = _copy_writer(target, table) if target.dialect.name == "postgresql" else None
    for batch in _batches(source, table):
        rows: list[Sequence[Any]] = []
        for row in batch:  # typed values: written as read
            seen.add(row)
            if own and any(row[i] is not None for i in own):
                later.append({**{f"k_{names[i]}": row[i] for i in keys},
                              **{f"v_{names[i]}": row[i] for i in own}})
                listed = list(row)
                for i in own:
                    listed[i] = None
                row = tuple(listed)
            rows.append(row)
        if write is not None:
            write(rows)
        else:
            target.execute(table.insert(), [dict(zip(names, r, strict=True)) for r in rows])
        if progress is not None:
            progress(table.name, seen.rows, total)
    if later:
        statement = table.update().where(
            *[table.c[names[i]] == bindparam(f"k_{names[i]}") for i in keys]
        ).values({names[i]: bindparam(f"v_{names[i]}") for i in own})
        for start in range(0, len(later), BATCH):
            target.execute(statement, later[start:start + BATCH])
    return seen


def _copy_writer(target: Connection, table: Table
                 ) -> Callable[[list[Sequence[Any]]], None]:
    """PostgreSQL's COPY FROM STDIN on the connection's own transaction (psycopg adapts the
    values as it does for an INSERT): many times faster than INSERTs for the same rows."""
    dbapi: Any = target.connection.dbapi_connection
    columns = ", ".join(f'"{c.name}"' for c in table.columns)
    statement = f'COPY "{table.name}" ({columns}) FROM STDIN'

    def write(rows: list[Sequence[Any]]) -> None:
        with dbapi.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)

    return write


def clear_tables(connection: Connection, tables: Sequence[Table]) -> None:
    """Delete every row of the schema's tables, children first (`db copy --force`)."""
    for table in reversed(tables):
        connection.execute(table.delete())


def reset_sequences(connection: Connection, tables: Sequence[Table]) -> None:
    """After rows were written with their ids, make PostgreSQL's next id follow the largest."""
    if connection.dialect.name != "postgresql":
        return
    for table in tables:
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not pk[0].autoincrement or pk[0].type.python_type is not int:
            continue
        name = table.name
        column = pk[0].name
        connection.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{name}', '{column}'), "
            f"COALESCE((SELECT MAX({column}) FROM {name}), 0) + 1, false)")


def table_names(connection: Connection) -> list[str]:
    """The tables of the connection's default schema, sorted."""
    from sqlalchemy import inspect

    return sorted(inspect(connection).get_table_names())
