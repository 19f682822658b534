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
import json
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


def _canonical(value: Any) -> Any:
    """A value as JSON, the same whichever engine it was read from."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, datetime):
        return ["t", _naive_utc(value).isoformat()]
    if isinstance(value, date):
        return ["d", value.isoformat()]
    if isinstance(value, bytes | memoryview):
        return ["b", bytes(value).hex()]
    return ["r", repr(value)]


def _naive_utc(value: datetime) -> datetime:
    return value if value.tzinfo is None else value.astimezone(UTC).replace(tzinfo=None)


def _row_digest(row: Sequence[Any]) -> int:
    text = json.dumps([_canonical(v) for v in row], ensure_ascii=False, separators=(",", ":"))
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest(), "big")


class Tally:
    """Row count and content hash of one table: the sum of the SHA-256 of each row (modulo
    2^256), so that it does not depend on the order the engine returns rows in (text keys
    sort differently on SQLite and PostgreSQL)."""

    __slots__ = ("rows", "total")

    def __init__(self) -> None:
        self.rows = 0
        self.total = 0

    def add(self, row: Sequence[Any]) -> None:
        self.rows += 1
        self.total = (self.total + _row_digest(row)) % _MODULUS

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
    result = Tally()
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
    own = [c.name for c in table.columns
           if any(fk.column.table is table for fk in c.foreign_keys)]
    pk = [c.name for c in table.primary_key.columns]
    later: list[dict[str, Any]] = []
    seen = Tally()
    for batch in _batches(source, table):
        rows = []
        for row in batch:
            seen.add(row)
            values = dict(zip(names, row, strict=True))  # typed: written as read
            if own and any(values[n] is not None for n in own):
                later.append({**{f"k_{n}": values[n] for n in pk},
                              **{f"v_{n}": values[n] for n in own}})
                values.update(dict.fromkeys(own))
            rows.append(values)
        target.execute(table.insert(), rows)
        if progress is not None:
            progress(table.name, seen.rows, total)
    if later:
        statement = table.update().where(
            *[table.c[n] == bindparam(f"k_{n}") for n in pk]
        ).values({n: bindparam(f"v_{n}") for n in own})
        for start in range(0, len(later), BATCH):
            target.execute(statement, later[start:start + BATCH])
    return seen


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
