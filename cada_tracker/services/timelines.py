"""Stored timelines (issue 13): the rows of `storage/timelines.py`, built from the engine.

The engine stays the single source of truth: a row is `services.derived.derive` of the
request on one day, cut into what does not change for a span of days and what does (the day
counts). Everything the engine compares with today is a deadline's date or safe date (law/
next_action.py, domain/state.py: `today <= d.date`, `today > d.date`, `today >= d.date`,
`today < d.date`), so the derived view is the same from one of those dates (or the day after
one) to the next: that span is the row's `valid_from`..`valid_to`. Within it only `days_left`,
`days_left_safe` and a late answer's `late_by_days` (counted to today) move; they are stored as
dates and counted when read. tests/services/test_stored_timelines.py derives every request
afresh on every day of its span and compares.
"""

from __future__ import annotations

import json
import re
import secrets
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from cada_tracker import messages as M
from cada_tracker.display import shown
from cada_tracker.domain import Actor
from cada_tracker.domain.transfer import links as transfer_links
from cada_tracker.law import lateness
from cada_tracker.services.derived import Derived, act_by, request_json
from cada_tracker.storage.timelines import (
    CELL,
    LATE_COUNTING,
    LATE_FIXED,
    LATE_NONE,
    MARK,
    SECTIONS,
    rank,
)

_DAY = timedelta(days=1)


def validity(d: Derived, today: date, floor: date) -> tuple[date, date] | None:
    """The days around `today` over which `d` (derived on `today`) stays the same but for its
    day counts, or None when it cannot be stored (a day before `floor`: the request's last
    event or its creation, so that a later day sees every event)."""
    if today < floor:
        return None
    points: set[date] = set()
    for dl in d.timeline.deadlines:
        for day in (dl.date, dl.safe_date):
            if day is not None:
                points.add(day)
                if day < date.max:
                    points.add(day + _DAY)
    start = max([p for p in points if p <= today] + [floor])
    later = [p for p in points if p > today]
    end = min(later) - _DAY if later else date.max
    return start, end


def _payload(d: Derived, today: date) -> str:
    """The request object of `status --json`, at the indentation it has in the document, with
    its day counts as markers."""
    nonce = secrets.token_hex(6)
    marks: dict[str, str] = {}

    def mark(kind: str, day: date) -> str:
        key = f"{nonce}{len(marks)}"
        marks[key] = f"{MARK}{kind}{day.toordinal()}{MARK}"
        return key

    obj = request_json(d, today)
    for dl, item in zip(d.timeline.deadlines, obj["deadlines"], strict=True):
        item["days_left"] = mark("D", dl.date)
        item["days_left_safe"] = mark("D", dl.safe_date or dl.date)
        if "late_by_days" in item and "answered_on" not in item:
            item["late_by_days"] = mark("L", dl.date)
    action = obj["next_action"]
    na = d.next_action
    if na.date is not None:
        action["days_left"] = mark("D", na.date)
    aim = act_by(d)
    if aim is not None:
        action["days_left_safe"] = mark("D", aim)
    if "late_by_days" in action:
        deadline = d.timeline.get(na.kind) if na.kind else None
        assert deadline is not None and d.facts is not None
        late = lateness(deadline, d.facts, today)
        if late is not None and late.answered_on is None:
            action["late_by_days"] = mark("L", deadline.date)
    text = json.dumps(obj, ensure_ascii=False, indent=2, default=str)
    text = text.replace("\n", "\n    ")
    if marks:
        text = re.sub('"(' + re.escape(nonce) + r'\d+)"', lambda m: marks[m.group(1)], text)
    return "    " + text


def build_row(d: Derived, today: date, lang: str, generation: str, floor: date,
              depends_on: int | None, authority_id: int) -> tuple | None:
    """The row of storage/timelines.COLUMNS for `d` derived on `today`, or None when it
    cannot be stored (see `validity`)."""
    span = validity(d, today, floor)
    if span is None:
        return None
    na = d.next_action
    aim = act_by(d)
    deadline = d.timeline.get(na.kind) if na.kind else None
    safe = deadline.safe_date if deadline is not None else None
    late_mode, late_value = LATE_NONE, None
    if deadline is not None and d.facts is not None and na.actor != Actor.REQUESTER:
        late = lateness(deadline, d.facts, today)
        if late is not None:
            if late.answered_on is None:
                late_mode, late_value = LATE_COUNTING, deadline.date.toordinal()
            else:
                late_mode, late_value = LATE_FIXED, late.days
    action = shown(na.what or M.NO_ACTION)
    if not d.open:
        section = SECTIONS.index("finished")
    else:
        section = SECTIONS.index("yours" if na.actor == Actor.REQUESTER else "waiting")
    cells = [
        d.view.reference + (M.ILLUSTRATIVE_MARK if d.view.illustrative else ""),
        M.STATE_NAMES.get(d.state, d.state),
        action,
        aim.isoformat() if aim else "",
        na.date.isoformat() if na.date else "",
    ]
    return (
        d.view.id, lang, generation, depends_on, span[0].toordinal(), span[1].toordinal(),
        d.view.reference, authority_id, int(d.view.illustrative), int(d.open), d.state,
        action, na.kind, na.actor,
        na.date.toordinal() if na.date else None, aim.toordinal() if aim else None,
        safe.toordinal() if safe else None, late_mode, late_value,
        rank(na.date.toordinal() if na.date else None, aim.toordinal() if aim else None,
             d.view.reference),
        section, CELL.join(cells), _payload(d, today),
    )


def origins(con: sqlite3.Connection, derived: Iterable[Derived]) -> dict[str, tuple[int, date]]:
    """For the transferred requests among `derived`: the reference of the request each one
    reads its first receipt from, with that request's id and its last event's day."""
    refs = {link.reference for d in derived
            if (link := transfer_links(d.view.events).get("from")) is not None}
    out: dict[str, tuple[int, date]] = {}
    for ref in refs:
        row = con.execute(
            "SELECT r.id, max(e.occurred_on) FROM request r LEFT JOIN event e "
            "ON e.request_id = r.id WHERE r.reference = ? GROUP BY r.id", (ref,)).fetchone()
        if row is not None:
            out[ref] = (row[0], date.fromisoformat(row[1]) if row[1] else date.min)
    return out


def last_events(con: sqlite3.Connection, ids: Sequence[int]) -> dict[int, date]:
    """The day of each request's last event, whatever day is today (`--today` in the past
    leaves later events out of the derived view: such a view is not stored)."""
    out: dict[int, date] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start:start + 500])
        marks = ", ".join("?" * len(chunk))
        for rid, day in con.execute(
                f"SELECT request_id, max(occurred_on) FROM event WHERE request_id IN ({marks}) "
                "GROUP BY request_id", chunk):
            out[rid] = date.fromisoformat(day)
    return out


def rows_for(con: sqlite3.Connection, derived: Sequence[Derived], today: date, lang: str,
             generation: str) -> list[tuple[tuple, bool]]:
    """One row per derived request, in order, and whether it may be stored: a row that may not
    (`--today` before the request's last event, a transfer whose origin is not in the
    database) is built valid on `today` only, to be shown and forgotten."""
    linked = origins(con, derived)
    last = last_events(con, [d.view.id for d in derived])
    authorities = dict(con.execute("SELECT slug, id FROM authority").fetchall())
    out: list[tuple[tuple, bool]] = []
    for d in derived:
        view = d.view
        authority = authorities[view.authority_slug]
        floor = max(view.since, last.get(view.id, date.min))
        depends_on = None
        link = transfer_links(view.events).get("from")
        if link is not None:
            origin = linked.get(link.reference)
            # the origin not (yet) in the database: nothing it depends on to follow
            floor = date.max if origin is None else max(floor, origin[1])
            depends_on = None if origin is None else origin[0]
        row = build_row(d, today, lang, generation, floor, depends_on, authority)
        if row is None:
            row = build_row(d, today, lang, generation, today, None, authority)
            assert row is not None  # a floor of today always holds
            out.append((row, False))
        else:
            out.append((row, True))
    return out
