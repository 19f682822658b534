"""`status`, `remind`, `calendar` (issue 13): the rows and events read from the stored timelines.

One query selects, filters and orders the rows of the table from the `timeline` table
(storage/timelines.py); only the requests whose row is missing, stale (another generation, a
write since) or not valid on `today` are derived by the engine (services/timelines.py, imported
only then), shown, and stored for the next run. This module imports neither the engine nor
SQLAlchemy: on a SQLite database where every row is stored, `status` runs the deadline engine
zero times. Other databases use `services.status` (the engine on every request).

A row (`Row`) is a tuple of the columns asked for (TABLE or JSON), its rank last.
"""

from __future__ import annotations

import itertools
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from cada_tracker import messages as M
from cada_tracker.context import Context
from cada_tracker.display import shown
from cada_tracker.errors import NotFoundError, StorageError
from cada_tracker.i18n import language
from cada_tracker.render.table import (
    FINISHED,
    WAITING,
    YOURS,
    day_marks,
    days_and_colour,
    table_lines,
)
from cada_tracker.storage import timelines as stored
from cada_tracker.storage.db import connect_read_only, ensure_schema
from cada_tracker.storage.sql import sqlite_query

Row = tuple[Any, ...]
# What a Row holds, by kind: the table's cells (`table`), the JSON object (`json_document`).
# The rank is last: the order in which stored and derived rows are merged.
TABLE = ("cells", "authority_id", "section", "action_on", "act_by", "late_mode", "late_value",
         "illustrative", "reference", "rank")
JSON = ("payload", "rank")
# `remind --json`: the JSON object, then what `remind_alerts` reads, where TABLE has it
REMIND_JSON = ("payload", *TABLE[1:])

# the stored rows valid today, in the table's order: the timeline's own order (its key is
# (lang, rank)), the timeline first (CROSS JOIN keeps that order of the loops), nothing sorted
_SELECT = (
    "SELECT {columns} FROM timeline t {join}"
    "WHERE t.lang = ? AND t.generation = ? AND t.valid_from <= ? AND t.valid_to >= ?"
)
_JSON_JOIN = "CROSS JOIN timeline_json j ON j.request_id = t.request_id AND j.lang = t.lang "
_SCOPE_JOIN = ("CROSS JOIN request r ON r.id = t.request_id "
               "CROSS JOIN authority a ON a.id = t.authority_id ")
_ORDER = " ORDER BY t.lang, t.rank"
# the requests of the scope without such a row
_STALE = (
    "SELECT r.reference FROM request r JOIN authority a ON a.id = r.authority_id "
    "WHERE NOT EXISTS (SELECT 1 FROM timeline t WHERE t.request_id = r.id AND t.lang = ? "
    "AND t.generation = ? AND t.valid_from <= ? AND t.valid_to >= ?)"
)
# the table's small rows read in place from the mapped file rather than copied page by page
# (0.77 s instead of 0.95 s for 100,000 rows); not the JSON: its pages, mapped, would count in
# the process's memory (500 MB at 100,000 requests) though it streams them
_MMAP = 1 << 30
_CHUNK = 2000  # requests derived (and stored) at a time when rows are missing
_COUNT_VALID = ("SELECT count(*) FROM timeline WHERE lang = ? AND generation = ? "
                "AND valid_from <= ? AND valid_to >= ?")


@dataclass(frozen=True)
class Selection:
    """What `status` / `remind` list: the options of `services.status.status_data`."""

    show_all: bool = False
    overdue: bool = False
    due_within: int | None = None
    authority: str | None = None
    campaign: str | None = None

    def keeps(self, row: dict[str, Any], today: int) -> bool:
        """services.derived.select_status, on a row's values by column."""
        on, by = row["action_on"], row["act_by"]
        if not self.show_all and not row["is_open"]:
            return False
        if self.overdue and not (on is not None and on < today):
            return False
        return self.due_within is None or (by is not None and by - today <= self.due_within)

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


def sort_key(row: Row) -> str:
    """services.derived.sort_key, as the rank stored with the row (storage.timelines.rank)."""
    return row[-1]


def usable(ctx: Context) -> bool:
    """The stored timelines serve SQLite databases."""
    return ctx.settings.sqlite_path is not None


@contextmanager
def _collector(enabled: bool) -> Iterator[None]:
    """Python's cyclic garbage collector on or off in this block, as it was after it."""
    import gc

    was_enabled = gc.isenabled()
    if enabled:
        gc.enable()
    else:
        gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
        else:
            gc.disable()


def many_rows() -> AbstractContextManager[None]:
    """Hold the rows of a table (100,000 of them, and their cells) with the cyclic garbage
    collector paused: rows, cells and lines hold no reference cycles, so reference counting
    frees them all the same, and the collector would otherwise walk every row held at each of
    its passes (0.7 s of 1.2 s for `status --all` at 100,000 requests). Restored at the end.
    The requests whose rows are stale are derived with the collector running (`collecting`):
    the engine and the JSON encoder do make cycles."""
    return _collector(False)


def collecting() -> AbstractContextManager[None]:
    """The cyclic garbage collector running in this block, even inside `many_rows`."""
    return _collector(True)


def rows(ctx: Context, selection: Selection, columns: tuple[str, ...] = TABLE) -> list[Row]:
    """The rows `status` lists, in its order (`columns`: TABLE or JSON)."""
    return list(iter_rows(ctx, selection, columns))


def iter_rows(ctx: Context, selection: Selection,
              columns: tuple[str, ...] = TABLE) -> Iterator[Row]:
    """The rows `status` lists, in its order, read as they are written out (`status --json`
    over 100,000 requests holds one row at a time, not 100,000 payloads).

    First the requests whose row is missing, stale or not valid today are derived (by the
    engine), and stored for the next run; then the stored rows, selected, filtered and
    ordered by SQL in the same snapshot, are merged with them in `sort_key` order."""
    import heapq

    path = ctx.settings.sqlite_path
    assert path is not None
    ensure_schema(ctx.settings)
    today = ctx.today.toordinal()
    lang = language()
    try:
        con = connect_read_only(path)
        if "payload" not in columns:
            con.execute(f"PRAGMA mmap_size={_MMAP}")
    except sqlite3.DatabaseError as exc:
        raise StorageError(M.DB_UNREADABLE.format(path=path, reason=exc)) from None
    with closing(con):
        try:
            con.execute("BEGIN")  # one snapshot: the epoch, the stale rows, the stored ones
            seen = stored.epoch(con)
            residence = _residence(con)
            generation = stored.generation(residence)
            scope, params = _scope(con, selection)
            valid = [lang, generation, today, today]
            stale: list[str] = []
            # every request has a valid row when there are as many of them as requests (a
            # row's request exists: the triggers delete it with the request)
            if scope or con.execute(_COUNT_VALID, valid).fetchone()[0] != con.execute(
                    "SELECT count(*) FROM request").fetchone()[0]:
                stale = [r[0] for r in con.execute(_STALE + scope, [*valid, *params])]
            derived: list[Row] = []
            with collecting():  # the engine and json.dumps make cycles: collected as they go
                for start in range(0, len(stale), _CHUNK):  # memory bounded by the chunk
                    values, kept = _derive(con, sqlite_query(con), ctx.today,
                                           stale[start:start + _CHUNK], lang, generation,
                                           residence)
                    derived += [tuple(v[c] for c in columns) for v in values
                                if selection.keeps(v, today)]
                    stored.store(path, kept, seen)  # another connection: this snapshot stays
            derived.sort(key=sort_key)
            keep, keep_params = selection.sql(today)
            join = (_JSON_JOIN if "payload" in columns else "") + (_SCOPE_JOIN if scope else "")
            listed = ", ".join("j.payload" if c == "payload" else f"t.{c}" for c in columns)
            sql = (_SELECT.format(columns=listed, join=join) + scope + f" AND ({keep})"
                   + _ORDER)
            cursor = con.execute(sql, [*valid, *params, *keep_params])
            cursor.arraysize = 500
            fresh = iter(lambda: cursor.fetchmany(), [])
            stream = (row for chunk in fresh for row in chunk)
            yield from (heapq.merge(stream, derived, key=sort_key) if derived else stream)
            con.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            raise StorageError(M.DB_UNREADABLE.format(path=path, reason=exc)) from None
    if stale:
        stored.checkpoint(path)


def _residence(con: sqlite3.Connection) -> str:
    row = con.execute("SELECT residence FROM profile ORDER BY id LIMIT 1").fetchone()
    return row[0] if row else "metropole"


def _scope(con: sqlite3.Connection, selection: Selection) -> tuple[str, list[Any]]:
    """The conditions (` AND ...`) of one authority's or one campaign's requests (exit 3 when
    unknown)."""
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
    return "".join(f" AND {t}" for t in tests), params


def _derive(con: sqlite3.Connection, query: Callable, today: date, references: list[str],
            lang: str, generation: str, residence: str,
            ) -> tuple[list[dict[str, Any]], list[tuple]]:
    """Derive the requests named (as services.status does: as of today): each one's values by
    column (storage.timelines.COLUMNS, the payload filled for today), and the storable rows."""
    from cada_tracker.services.derived import derive
    from cada_tracker.services.timelines import rows_for
    from cada_tracker.storage.requests import load_views

    views = load_views(query, references=references, as_of=today)
    derived = [derive(v, today, residence) for v in views]
    built = rows_for(con, derived, today, lang, generation)
    day = today.toordinal()
    out: list[dict[str, Any]] = []
    for row, _ in built:
        values = dict(zip(stored.COLUMNS, row, strict=True))
        values["payload"] = stored.fill(values["payload"].encode(), day)
        out.append(values)
    return out, [row for row, storable in built if storable]


def json_document(found: Iterable[Row], today: date,
                  extra: dict[str, Any] | None = None) -> Iterator[bytes]:
    """`status --json`, in pieces of UTF-8: the same text as `emit_json(status_data(...))`;
    `extra`: keys that follow "requests" (`remind --json`: its alerts)."""
    day = today.toordinal()
    head = ('{\n  "today": "' + today.isoformat() + '",\n  "requests": [').encode()
    tail = b"\n}\n"
    if extra:
        import json

        inner = json.dumps(extra, ensure_ascii=False, indent=2, default=str)
        tail = (",\n" + inner[2:-2] + "\n}\n").encode()
    rows_ = iter(found)
    first = next(rows_, None)
    if first is None:
        yield head + b"]" + tail
        return
    yield head + b"\n"
    counts = stored.DayCounts(day)
    fill = stored.fill
    batch: list[bytes] = []
    sep = b""
    for row in itertools.chain([first], rows_):
        payload = row[0]
        batch.append(payload if isinstance(payload, bytes) else str(payload).encode())
        if len(batch) == 500:  # written in pieces of 500 requests, filled in one pass
            yield sep + fill(b",\n".join(batch), day, counts)
            batch, sep = [], b",\n"
    if batch:
        yield sep + fill(b",\n".join(batch), day, counts)
    yield b"\n  ]" + tail


def write_bytes(pieces: Iterable[bytes]) -> None:
    """Write UTF-8 pieces on stdout as they are (decoded for a text-only stdout: the tests')."""
    out = getattr(sys.stdout, "buffer", None)
    if out is not None:
        sys.stdout.flush()
        for piece in pieces:
            out.write(piece)
        out.flush()
    else:
        for piece in pieces:
            sys.stdout.write(piece.decode("utf-8"))


def remind_alerts(found: Iterable[Row], today: date, *, all_actors: bool = False) -> Any:  # noqa: ANN401
    """services.status.remind_alerts, on rows of TABLE or REMIND_JSON columns."""
    from cada_tracker.services.status import RemindAlerts

    day = today.toordinal()
    out = RemindAlerts()
    counting, fixed = stored.LATE_COUNTING, stored.LATE_FIXED
    for row in found:
        section, on, by, late_mode, ref = row[2], row[3], row[4], row[5], row[8]
        if section == 2:  # finished
            continue
        if section == 0:  # yours
            if (0 if on is None else on - day) < 0:
                out.overdue.append(ref)
            if by is not None and by - day <= 0:
                out.due.append(ref)
                out.alerts.append(ref)
        elif late_mode in (counting, fixed):
            out.late.append(ref)
            if all_actors:
                out.alerts.append(ref)
    return out


def authority_names(ctx: Context) -> dict[int, str]:
    """Each authority's name as a table shows it (display.shown), by id."""
    path = ctx.settings.sqlite_path
    assert path is not None
    with closing(connect_read_only(path)) as con:
        return {i: shown(name) for i, name in con.execute("SELECT id, name FROM authority")}


def table(found: list[Row], today: date, names: dict[int, str], *, filtered: bool = False,
          width: int | None = None) -> list[str]:
    """The status table of rows of TABLE columns: the same lines as `render.text.status_lines`
    of `services.status.status_data` (tests/services/test_stored_timelines.py compares them).
    Only the DAYS cell is worked out here: the rest was stored as shown."""
    day = today.toordinal()
    parts: list[list[tuple[list[str], str | None]]] = [[], [], []]
    kinds = (YOURS, WAITING, FINISHED)
    counting, fixed = stored.LATE_COUNTING, stored.LATE_FIXED
    marks = day_marks()
    illustrative = False
    for cells, authority, section, on, by, late_mode, late_value, marked, _, _ in found:
        late = (day - late_value if late_mode == counting
                else late_value if late_mode == fixed else None)
        shown_days, colour = days_and_colour(
            kinds[section], None if on is None else on - day, None if by is None else by - day,
            late, marks)
        ref, state, action, act_by, last_day = cells.split(stored.CELL)
        parts[section].append(([ref, names[authority], state, action, act_by, last_day,
                                shown_days], colour))
        illustrative = illustrative or bool(marked)
    return table_lines(dict(zip(kinds, parts, strict=True)), illustrative, filtered=filtered,
                       width=width)


# ---- `cada calendar` (issue 13): the events stored with the rows --------------------------

_EVENTS_MISSING = (
    "SELECT t.request_id FROM timeline t WHERE t.lang = ? AND t.generation = ? "
    "AND t.valid_from <= ? AND t.valid_to >= ? AND t.events_stored = 0"
)
_EVENTS = (
    "SELECT e.ics FROM timeline_event e INDEXED BY ix_timeline_event_day "
    "CROSS JOIN timeline t ON t.request_id = e.request_id AND t.lang = e.lang "
    "WHERE e.lang = ? AND t.generation = ? AND t.valid_from <= ? AND t.valid_to >= ?{test} "
    "ORDER BY e.lang, e.day, e.reference, e.kind"
)
# the calendar's first lines and its last, as icalendar writes them (render.ics.calendar_head;
# tests/render/test_calendar_lines.py compares)
CALENDAR_HEAD = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//cada-tracker//deadlines//EN\r\n"
                 b"CALSCALE:GREGORIAN\r\nX-WR-CALNAME:cada\r\n")
CALENDAR_TAIL = b"END:VCALENDAR\r\n"
STORED_STAMP = b"DTSTAMP:20000101T000000Z\r\n"


def stamp_line(dtstamp: datetime) -> bytes:
    """render.ics.dtstamp_line, without loading icalendar: a UTC date-time."""
    return b"DTSTAMP:" + dtstamp.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ").encode() + b"\r\n"


def calendar(ctx: Context, *, every: bool, mine: bool, dtstamp: datetime
             ) -> tuple[bytes, int] | None:
    """`cada calendar` from the stored rows: the .ics bytes and the number of events, or None
    when some request has no stored row valid today (`--today` before its last event, a home
    that cannot be written): then services.calendar derives every request, as before."""
    path = ctx.settings.sqlite_path
    assert path is not None
    for _ in iter_rows(ctx, Selection(show_all=True), ("rank",)):
        pass  # derives and stores the rows that are missing or stale
    today = ctx.today.toordinal()
    lang = language()
    test = "" if every else " AND t.is_open = 1 AND e.status IN ('pending', 'expected')"
    test += " AND e.mine = 1" if mine else ""
    with closing(connect_read_only(path)) as con:
        for attempt in range(2):  # the events of rows that have none yet are stored first
            con.execute("BEGIN")
            seen = stored.epoch(con)
            generation = stored.generation(_residence(con))
            valid = [lang, generation, today, today]
            if con.execute(_COUNT_VALID, valid).fetchone()[0] != con.execute(
                    "SELECT count(*) FROM request").fetchone()[0]:
                return None
            missing = [r[0] for r in con.execute(_EVENTS_MISSING, valid)]
            if not missing:
                events = [r[0] if isinstance(r[0], bytes) else str(r[0]).encode()
                          for r in con.execute(_EVENTS.format(test=test), valid)]
                con.execute("COMMIT")
                body = b"".join(events).replace(STORED_STAMP, stamp_line(dtstamp))
                return CALENDAR_HEAD + body + CALENDAR_TAIL, len(events)
            if attempt:
                return None
            rows, done = _events(con, ctx.today, missing, lang)
            con.execute("COMMIT")
            if not stored.store_events(path, rows, done, seen):
                return None
            stored.checkpoint(path)
    return None


def _events(con: sqlite3.Connection, today: date, ids: list[int], lang: str
            ) -> tuple[list[tuple], list[tuple[int, str]]]:
    """The calendar events of the requests `ids`, derived as of today (their stored rows are
    valid today: the statuses hold for the same days)."""
    from cada_tracker.render.ics import USER, deadline_actor, event_bytes, placed_on
    from cada_tracker.services.derived import derive
    from cada_tracker.storage.requests import load_views

    references = []
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        references += [r[0] for r in con.execute(
            f"SELECT reference FROM request WHERE id IN ({', '.join('?' * len(chunk))})",
            chunk)]
    residence = _residence(con)
    rows: list[tuple] = []
    done: list[tuple[int, str]] = []
    for view in load_views(sqlite_query(con), references=references, as_of=today):
        d = derive(view, today, residence)
        for dl in d.timeline.deadlines:
            rows.append((view.id, lang, dl.kind, d.statuses.get(dl.kind),
                         int(deadline_actor(dl.kind) == USER), placed_on(dl).toordinal(),
                         view.reference,
                         event_bytes(view.reference, view.authority_name, view.subject, dl)))
        done.append((view.id, lang))
    return rows, done


def check_timelines(ctx: Context, *, repair: bool = False) -> dict[str, Any]:
    """`cada check` (issue 13): derive afresh every request whose stored row is valid today
    and compare, column by column and with its JSON and calendar events. A row that differs
    is listed (and, with `repair`, deleted: it is derived again when next read). The engine
    stays the single source of truth: a stored row is only ever a copy of its output."""
    from cada_tracker.i18n import set_language
    from cada_tracker.services.derived import derive
    from cada_tracker.services.timelines import rows_for
    from cada_tracker.storage.requests import load_views

    path = ctx.settings.sqlite_path
    if path is None:  # a server keeps no stored timelines: every one is derived when read
        return {"checked": 0, "differ": [], "stored": False}
    ensure_schema(ctx.settings)
    today = ctx.today
    day = today.toordinal()
    differ: list[tuple[int, str, str]] = []
    checked = 0
    was = language()
    try:
        with closing(connect_read_only(path)) as con:
            con.execute("BEGIN")
            residence = _residence(con)
            gen = stored.generation(residence)
            wanted = stored.COLUMNS[:-1]
            listed = ", ".join(f"t.{c}" for c in wanted)
            found = con.execute(
                f"SELECT {listed}, j.payload, t.events_stored FROM timeline t JOIN "
                "timeline_json j ON j.request_id = t.request_id AND j.lang = t.lang "
                "WHERE t.generation = ? AND t.valid_from <= ? AND t.valid_to >= ?",
                [gen, day, day]).fetchall()
            by_lang: dict[str, dict[int, tuple]] = {}
            for row in found:
                by_lang.setdefault(row[1], {})[row[0]] = row
            for lang, rows in by_lang.items():
                set_language(lang)
                refs = [r[6] for r in rows.values()]
                views = load_views(sqlite_query(con), references=refs, as_of=today)
                derived = [derive(v, today, residence) for v in views]
                for d, (fresh, storable) in zip(
                        derived, rows_for(con, derived, today, lang, gen), strict=True):
                    old = rows[d.view.id]
                    checked += 1
                    # the same values but the span's ends (a row derived on another day of
                    # its span has other ends), and the same JSON once its days are counted
                    payload = len(stored.COLUMNS) - 1
                    same = storable and fresh[3] == old[3] and (
                        fresh[6:payload] == old[6:payload]) and (
                        stored.fill(fresh[payload].encode(), day) == stored.fill(old[payload],
                                                                             day))
                    if same and old[-1]:
                        events = {(e[2], e[3], e[4], e[5], e[7]) for e in
                                  _events(con, today, [d.view.id], lang)[0]}
                        kept = set(con.execute(
                            "SELECT kind, status, mine, day, ics FROM timeline_event WHERE "
                            "request_id = ? AND lang = ?", [d.view.id, lang]).fetchall())
                        same = events == kept
                    if not same:
                        differ.append((d.view.id, lang, d.view.reference))
            con.execute("COMMIT")
    finally:
        set_language(was)
    if differ and repair:
        with closing(sqlite3.connect(path, timeout=10)) as con, con:
            con.executemany("DELETE FROM timeline WHERE request_id = ? AND lang = ?",
                            [(i, lang) for i, lang, _ in differ])
    return {"checked": checked, "differ": sorted({ref for _, _, ref in differ}), "stored": True}
