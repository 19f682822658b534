"""The read path of `status`, `show`, `remind` and `calendar`: requests with their events.

The same portable SQL runs on two kinds of connection:
- a plain `sqlite3` connection (the fast path: no SQLAlchemy import, see docs/design.md);
- a SQLAlchemy session's DB-API connection (any database, e.g. PostgreSQL later).

tests/test_reader.py proves both return exactly the same objects.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any

from cada_tracker.domain import Event, RequestView, ordered
from cada_tracker.paths import Settings

Query = Callable[[str, Sequence[Any]], Iterable[Sequence[Any]]]

_REQUESTS_SQL = (
    "SELECT r.id, r.reference, a.slug, a.name, r.subject, r.channel, r.environmental, "
    "r.created_on, r.illustrative, a.department, r.note "
    "FROM request r JOIN authority a ON a.id = r.authority_id"
)
_EVENTS_SQL = (
    "SELECT id, request_id, kind, occurred_on, outcome, note, complete, mentions_remedies, forced "
    "FROM event"
)
_ITEMS_SQL = "SELECT request_id, description FROM request_item"


def _as_date(value: Any) -> date:
    if type(value) is str and len(value) == 10:
        return date.fromisoformat(value)
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _as_bool(value: Any) -> bool | None:
    return None if value is None else bool(value)


def _where(column: str, values: Sequence[Any], marker: str) -> tuple[str, list[Any]]:
    if not values:
        return "", []
    return f" WHERE {column} IN ({', '.join([marker] * len(values))})", list(values)


def load_views(
    query: Query,
    *,
    references: Sequence[str] | None = None,
    authority_slug: str | None = None,
    marker: str = "?",
) -> list[RequestView]:
    """Load requests (all, some references, or one authority's) with items and events."""
    sql, params = _REQUESTS_SQL, []
    if references:
        clause, params = _where("r.reference", references, marker)
        sql += clause
    elif authority_slug:
        sql += f" WHERE a.slug = {marker}"
        params = [authority_slug]
    sql += " ORDER BY r.id"
    views: dict[int, RequestView] = {}
    for row in query(sql, params):
        views[row[0]] = RequestView(
            id=row[0],
            reference=row[1],
            authority_slug=row[2],
            authority_name=row[3],
            subject=row[4],
            channel=row[5],
            environmental=bool(row[6]),
            created_on=_as_date(row[7]),
            illustrative=bool(row[8]),
            authority_department=row[9],
            note=row[10],
        )
    if not views:
        return []
    ids = list(views) if (references or authority_slug) else []
    clause, id_params = _where("request_id", ids, marker)
    for row in query(_ITEMS_SQL + clause + " ORDER BY request_id, position", id_params):
        view = views.get(row[0])
        if view is not None:
            view.items.append(row[1])
    for row in query(_EVENTS_SQL + clause + " ORDER BY request_id, occurred_on, id", id_params):
        view = views.get(row[1])
        if view is not None:
            view.events.append(
                Event(
                    kind=row[2],
                    date=_as_date(row[3]),
                    outcome=row[4],
                    note=row[5],
                    complete=_as_bool(row[6]),
                    mentions_remedies=_as_bool(row[7]),
                    forced=bool(row[8]),
                    seq=row[0],
                )
            )
    for view in views.values():
        view.events = ordered(view.events)  # the procedure's order within a day
    return list(views.values())


def load_residence(query: Query) -> str:
    rows = list(query("SELECT residence FROM profile ORDER BY id", []))
    return rows[0][0] if rows else "metropole"


def load_references(query: Query) -> list[str]:
    return [row[0] for row in query("SELECT reference FROM request ORDER BY reference", [])]


def sqlite_query(con: sqlite3.Connection) -> Query:
    return lambda sql, params: con.execute(sql, params).fetchall()


def session_query(session: Any) -> Query:
    """A Query over a SQLAlchemy session (any dialect; DB-API paramstyle handled)."""
    dbapi = session.connection().connection.dbapi_connection
    style = getattr(session.get_bind().dialect, "paramstyle", "qmark")

    def run(sql: str, params: Sequence[Any]) -> list[Sequence[Any]]:
        if style in ("format", "pyformat"):
            sql = sql.replace("?", "%s")
        cur = dbapi.cursor()
        try:
            cur.execute(sql, tuple(params))
            return cur.fetchall()
        finally:
            cur.close()

    return run


@contextmanager
def read_query(settings: Settings):  # noqa: ANN201
    """Yield a Query for read-only commands: plain sqlite3 when possible, else SQLAlchemy."""
    from cada_tracker.db import ensure_schema

    ensure_schema(settings)
    path = settings.sqlite_path
    if path is not None:
        from cada_tracker.db import connect_read_only

        try:
            con = connect_read_only(path)
        except sqlite3.DatabaseError as exc:
            from cada_tracker import messages as M
            from cada_tracker.errors import StorageError

            raise StorageError(M.DB_UNREADABLE.format(path=path, reason=exc)) from None
        try:
            yield sqlite_query(con)
        except sqlite3.DatabaseError as exc:
            from cada_tracker import messages as M
            from cada_tracker.errors import StorageError

            raise StorageError(M.DB_UNREADABLE.format(path=path, reason=exc)) from None
        finally:
            con.close()
        return
    from cada_tracker.db import session_scope

    with session_scope(settings) as session:
        yield session_query(session)
