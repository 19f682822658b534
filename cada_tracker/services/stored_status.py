"""`status`, `remind` (issue 13): the requests' rows read from the stored timelines.

One query selects, filters and orders the rows of the table from the `timeline` table
(storage/timelines.py); only the requests whose row is missing, stale (another generation, a
write since) or not valid on `today` are derived by the engine (services/timelines.py, imported
only then), shown, and stored for the next run. This module imports neither the engine nor
SQLAlchemy: on a SQLite database where every row is stored, `status` runs the deadline engine
zero times. Other databases use `services.status` (the engine on every request).

A row (`Row`) is a tuple, in the order of `_SELECT`'s columns.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from typing import Any

from cada_tracker import messages as M
from cada_tracker.context import Context
from cada_tracker.display import shown
from cada_tracker.errors import NotFoundError, StorageError
from cada_tracker.i18n import language
from cada_tracker.render.table import FINISHED, WAITING, YOURS, days_and_colour, table_lines
from cada_tracker.storage import timelines as stored
from cada_tracker.storage.db import connect_read_only, ensure_schema
from cada_tracker.storage.sql import sqlite_query

Row = tuple[Any, ...]
# the columns of a Row (the tuple `rows` returns)
(ID, REFERENCE, AUTHORITY_NAME, ILLUSTRATIVE, IS_OPEN, STATE, ACTION, ACTOR, ACTION_ON, ACT_BY,
 LATE_MODE, LATE_VALUE, PAYLOAD, GENERATION, VALID_FROM, VALID_TO) = range(16)
_LAST = 99_999_999  # after every ordinal (date.max is 3,652,059)

_SELECT = (
    "SELECT r.id, r.reference, a.name, r.illustrative, t.is_open, t.state, t.action, "
    "t.action_actor, t.action_on, t.act_by, t.late_mode, t.late_value, {payload}, "
    "t.generation, t.valid_from, t.valid_to "
    "FROM request r JOIN authority a ON a.id = r.authority_id "
    "LEFT JOIN timeline t ON t.request_id = r.id AND t.lang = ?"
)
_STALE = ("(t.request_id IS NULL OR t.generation <> ? OR t.valid_from > ? OR t.valid_to < ?)")
# the order of services.derived.sort_key: dated actions first, by act-by date, legal date, ref
_ORDER = (f" ORDER BY t.action_on IS NULL, coalesce(t.act_by, {_LAST}), "
          f"coalesce(t.action_on, {_LAST}), r.reference")


@dataclass(frozen=True)
class Selection:
    """What `status` / `remind` list: the options of `services.status.status_data`."""

    show_all: bool = False
    overdue: bool = False
    due_within: int | None = None
    authority: str | None = None
    campaign: str | None = None

    def keeps(self, row: Row, today: int) -> bool:
        """services.derived.select_status, on a row."""
        if not self.show_all and not row[IS_OPEN]:
            return False
        if self.overdue and not (row[ACTION_ON] is not None and row[ACTION_ON] < today):
            return False
        return self.due_within is None or (
            row[ACT_BY] is not None and row[ACT_BY] - today <= self.due_within)

    def sql(self, today: int) -> tuple[str, list[Any]]:
        """The same test in SQL, on the rows that are stored and valid."""
        tests, params = [], list[Any]()
        if not self.show_all:
            tests.append("t.is_open = 1")
        if self.overdue:
            tests.append("t.action_on < ?")
            params.append(today)
        if self.due_within is not None:
            tests.append("t.act_by IS NOT NULL AND t.act_by <= ?")
            params.append(today + self.due_within)
        return " AND ".join(tests) or "1", params


def sort_key(row: Row) -> tuple:
    on, by = row[ACTION_ON], row[ACT_BY]
    return (on is None, _LAST if by is None else by, _LAST if on is None else on, row[REFERENCE])


def usable(ctx: Context) -> bool:
    """The stored timelines serve SQLite databases."""
    return ctx.settings.sqlite_path is not None


def rows(ctx: Context, selection: Selection, *, payload: bool = False) -> list[Row]:
    """The rows `status` lists, in its order; with the JSON payload when asked."""
    path = ctx.settings.sqlite_path
    assert path is not None
    ensure_schema(ctx.settings)
    today = ctx.today.toordinal()
    lang = language()
    try:
        con = connect_read_only(path)
    except sqlite3.DatabaseError as exc:
        raise StorageError(M.DB_UNREADABLE.format(path=path, reason=exc)) from None
    with closing(con):
        try:
            con.execute("BEGIN")  # one snapshot: the epoch and the rows it read
            seen = stored.epoch(con)
            residence = _residence(con)
            generation = stored.generation(residence)
            where, params = _scope(con, selection)
            keep, keep_params = selection.sql(today)
            sql = (_SELECT.format(payload="t.payload" if payload else "NULL")
                   + where + (" AND " if where else " WHERE ")
                   + f"({_STALE} OR ({keep}))" + _ORDER)
            found = con.execute(sql, [lang, *params, generation, today, today, *keep_params]
                                ).fetchall()
            fresh = [r for r in found if r[GENERATION] == generation
                     and r[VALID_FROM] <= today <= r[VALID_TO]]
            if len(fresh) == len(found):
                return found
            stale = [r[REFERENCE] for r in found if not (
                r[GENERATION] == generation and r[VALID_FROM] <= today <= r[VALID_TO])]
            derived, kept = _derive(con, sqlite_query(con), ctx.today, stale, lang,
                                    generation, residence, payload=payload)
            con.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            raise StorageError(M.DB_UNREADABLE.format(path=path, reason=exc)) from None
    stored.store(path, kept, seen)
    out = fresh + [r for r in derived if selection.keeps(r, today)]
    out.sort(key=sort_key)
    return out


def _residence(con: sqlite3.Connection) -> str:
    row = con.execute("SELECT residence FROM profile ORDER BY id LIMIT 1").fetchone()
    return row[0] if row else "metropole"


def _scope(con: sqlite3.Connection, selection: Selection) -> tuple[str, list[Any]]:
    """The WHERE clause of one authority's or one campaign's requests (exit 3 when unknown)."""
    tests, params = [], list[Any]()
    if selection.campaign is not None:
        row = con.execute("SELECT id FROM campaign WHERE slug = ?",
                          (selection.campaign,)).fetchone()
        if row is None:  # the campaigns service says it, with its suggestion
            from cada_tracker.services.campaigns import campaign_references
            campaign_references(sqlite_query(con), selection.campaign)
        tests.append("r.campaign_id = ?")
        params.append(row[0] if row else None)
    if selection.authority is not None:
        known = [r[0] for r in con.execute("SELECT slug FROM authority ORDER BY slug")]
        if selection.authority not in known:
            from cada_tracker.textutil import suggest

            raise NotFoundError(M.AUTHORITY_NOT_FOUND.format(
                slug=selection.authority, hint=suggest(selection.authority, known)))
        tests.append("a.slug = ?")
        params.append(selection.authority)
    return (" WHERE " + " AND ".join(tests)) if tests else "", params


def _derive(con: sqlite3.Connection, query: Callable, today: date, references: list[str],
            lang: str, generation: str, residence: str, *, payload: bool,
            ) -> tuple[list[Row], list[tuple]]:
    """Derive the requests named (as services.status does: as of today), as Rows, and the
    storable rows among them."""
    from cada_tracker.services.derived import derive
    from cada_tracker.services.timelines import rows_for
    from cada_tracker.storage.requests import load_views

    views = load_views(query, references=references, as_of=today)
    derived = [derive(v, today, residence) for v in views]
    built = rows_for(con, derived, today, lang, generation)
    day = today.toordinal()
    out: list[Row] = []
    for d, row in zip(derived, built, strict=True):
        if row is None:
            from cada_tracker.services.timelines import build_row

            # not storable (--today before its last event): shown, valid for today only
            row = build_row(d, today, lang, generation, today, None)
            assert row is not None
        values = dict(zip(stored.COLUMNS, row, strict=True))
        out.append((
            d.view.id, d.view.reference, d.view.authority_name, int(d.view.illustrative),
            values["is_open"], values["state"], values["action"], values["action_actor"],
            values["action_on"], values["act_by"], values["late_mode"], values["late_value"],
            stored.fill(values["payload"], day) if payload else None,
            generation, day, day,
        ))
    return out, [row for row in built if row is not None]


def json_document(found: list[Row], today: date) -> Iterator[str]:
    """`status --json`, in pieces: the same text as `emit_json(status_data(...))`."""
    day = today.toordinal()
    head = '{\n  "today": "' + today.isoformat() + '",\n  "requests": ['
    if not found:
        yield head + ']\n}\n'
        return
    yield head + "\n"
    last = len(found) - 1
    for i, row in enumerate(found):
        yield stored.fill(row[PAYLOAD], day) + (",\n" if i < last else "\n")
    yield "  ]\n}\n"


def days(row: Row, today: int) -> tuple[int | None, int | None, int | None]:
    """(days_left, days_left_safe, late_by_days) of a row's next action as of `today`."""
    on, by, mode = row[ACTION_ON], row[ACT_BY], row[LATE_MODE]
    late = None
    if mode == stored.LATE_COUNTING:
        late = today - row[LATE_VALUE]
    elif mode == stored.LATE_FIXED:
        late = row[LATE_VALUE]
    return (None if on is None else on - today, None if by is None else by - today, late)


def table(found: list[Row], today: date, *, filtered: bool = False,
          width: int | None = None) -> list[str]:
    """The status table of stored rows: the same lines as `render.text.status_lines` of
    `services.status.status_data` (tests/services/test_stored_timelines.py compares them)."""

    day = today.toordinal()
    sections: dict[str, list[tuple[list[str], str | None]]] = {YOURS: [], WAITING: [],
                                                               FINISHED: []}
    states, mark = M.STATE_NAMES, M.ILLUSTRATIVE_MARK
    names: dict[str, str] = {}
    illustrative = False
    for row in found:
        state = row[STATE]
        if not row[IS_OPEN]:
            section = FINISHED
        else:
            section = YOURS if row[ACTOR] == "requester" else WAITING
        legal, safe_days, late = days(row, day)
        shown_days, colour = days_and_colour(section, legal, safe_days, late)
        authority = row[AUTHORITY_NAME]
        name = names.get(authority)
        if name is None:
            name = names[authority] = shown(authority)
        on, by = row[ACTION_ON], row[ACT_BY]
        if row[ILLUSTRATIVE]:
            illustrative = True
        sections[section].append(([
            row[REFERENCE] + (mark if row[ILLUSTRATIVE] else ""),
            name,
            states.get(state, state),
            row[ACTION],  # stored as the table shows it (services/timelines.py)
            date.fromordinal(by).isoformat() if by is not None else "",
            date.fromordinal(on).isoformat() if on is not None else "",
            shown_days,
        ], colour))
    return table_lines(sections, illustrative, filtered=filtered, width=width)
