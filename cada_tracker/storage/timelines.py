"""Stored timelines (issue 13, revision 0007): plain `sqlite3`, no ORM, no engine.

A row holds what `status`, `remind` and `calendar` show of one request in one interface
language, as the deadline engine derived it, valid from `valid_from` to `valid_to` (proleptic
ordinals): within those days the state, the statuses and the next action are the same, and
only the day counts move, computed at read time from the stored dates. The triggers of
revision 0007 delete a row in the transaction of any write it reads (an event, the request, its
items, its authority, the profile); `generation` changes with the program's law, messages and
data (a new release, a changed holiday or suspension file): a row of another generation is
stale. services/timelines.py builds the rows; this module reads and stores them.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path

import cada_tracker
from cada_tracker.resources import resource_dir
from cada_tracker.storage.db import BUSY_TIMEOUT_MS

_PACKAGE = Path(cada_tracker.__file__).resolve().parent

# What the stored rows are derived from, besides the database: the engine and the state machine
# (law/, domain/), the mapper to the JSON object (services/derived.py, services/timelines.py),
# the texts of the next actions (messages/, the compiled catalogs) and the data files
# (holidays are computed, suspensions and courts are data). Their sizes and modification
# times make the generation: an upgrade or an edit of any of them makes every row stale.
_SOURCES = ("law", "domain", "messages", "services/derived.py", "services/timelines.py",
            "storage/timelines.py", "display.py", "render/ics.py", "locale/en/LC_MESSAGES/cada.mo",
            "locale/fr/LC_MESSAGES/cada.mo")

# The columns of a row, in the order `store` writes them and `build_row` returns them.
COLUMNS = ("request_id", "lang", "generation", "depends_on", "valid_from", "valid_to",
           "reference", "authority_id", "illustrative", "is_open", "state", "action",
           "action_kind", "action_actor", "action_on", "act_by", "safe_on", "late_mode",
           "late_value", "rank", "section", "cells", "payload")
# section: YOURS, WAITING, FINISHED (render.table), as 0, 1, 2; cells: the table's cells but
# the authority and the days (reference, state, next action, act-by date, last day), joined by
# CELL, as the table shows them in the row's language.
SECTIONS = ("yours", "waiting", "finished")
CELL = "\x1f"
# action: the next action as the table shows it (display.shown), in the row's language.
# late_mode: the answer awaited from the authority or the CADA is not late (0), late by
# today - late_value days (1: no answer yet), or late by late_value days (2: answered late)
LATE_NONE, LATE_COUNTING, LATE_FIXED = 0, 1, 2

# A day count in a stored JSON payload: "\0D<ordinal>\0" (days from today to that day) or
# "\0L<ordinal>\0" (days from that day to today); `fill` counts them. Stored as UTF-8 bytes.
# JSON text never holds a raw NUL (json.dumps escapes it): the marks cannot be confused with
# the user's text.
MARK = "\x00"
_MARK_BYTE = MARK.encode()

_fingerprints: dict[str, str] = {}
_LAST = 99_999_999  # after every ordinal (date.max is 3,652,059)


def rank(action_on: int | None, act_by: int | None, reference: str) -> str:
    """A row's place in `status`, as text that sorts like services.derived.sort_key: dated
    actions first, then by act-by date, legal date, and reference."""
    by = _LAST if act_by is None else act_by
    on = _LAST if action_on is None else action_on
    return f"{int(action_on is None)}{by:08d}{on:08d}{reference}"


class DayCounts(dict[bytes, bytes]):
    """The day counts of the marks of stored payloads as of `today` (an ordinal), each worked
    out once: a document fills many rows, and their dates repeat."""

    def __init__(self, today: int) -> None:
        super().__init__()
        self.today = today

    def __missing__(self, spec: bytes) -> bytes:
        n = int(spec[1:])
        value = self[spec] = str(n - self.today if spec[:1] == b"D" else self.today - n).encode()
        return value


def fill(payload: bytes | str, today: int, counts: DayCounts | None = None) -> bytes:
    """A stored JSON payload (UTF-8), or several joined, with its day counts as of `today` (an
    ordinal). `counts`: those already worked out for this `today`. Bytes from end to end:
    `status --json` writes them as they are stored (a value changed by hand into text is
    taken as its UTF-8). Every payload holds whole marks (an even number of NULs), so payloads
    joined by any separator without a NUL are filled in one call."""
    if isinstance(payload, str):
        payload = payload.encode()
    if _MARK_BYTE not in payload:
        return payload
    if counts is None or counts.today != today:
        counts = DayCounts(today)
    parts = payload.split(_MARK_BYTE)
    # the marks are the odd pieces: looked up in C (map over the dict), worked out on a miss
    parts[1::2] = map(counts.__getitem__, parts[1::2])
    return b"".join(parts)


def _files(root: Path) -> Iterable[Path]:
    for name in _SOURCES:
        path = root / name
        if path.is_dir():
            yield from sorted(path.glob("*.py"))
        else:
            yield path


def generation(residence: str) -> str:
    """The fingerprint of everything a stored row depends on outside its request's rows."""
    key = cada_tracker.__version__
    if key not in _fingerprints:
        stats = [key]
        data = resource_dir("data")
        for path in [*_files(_PACKAGE), *sorted(data.glob("*.json"))]:
            try:
                st = path.stat()
            except OSError:
                continue
            stats.append(f"{path.relative_to(path.parent.parent)}:{st.st_size}:{st.st_mtime_ns}")
        text = ";".join(stats).encode()
        # a fingerprint, not a secret: two checksums of the list of files, sizes and times
        _fingerprints[key] = f"{zlib.crc32(text):08x}{zlib.adler32(text):08x}"
    return f"{_fingerprints[key]}:{residence}"


def epoch(con: sqlite3.Connection) -> int:
    """The counter the triggers move at every write a timeline reads."""
    row = con.execute("SELECT epoch FROM timeline_epoch WHERE id = 1").fetchone()
    return int(row[0]) if row else 0


def _write(path: Path, seen_epoch: int, statements: Sequence[tuple[str, Sequence[tuple]]]
           ) -> bool:
    """Run `statements` (SQL, rows) in one transaction, unless a write committed since the
    reader read (the epoch moved: what it derived may be stale) or the database cannot be
    written (a read-only home, a writer holding the lock over a second): then nothing is
    kept, and the next read derives again. Returns whether they ran."""
    try:
        con = sqlite3.connect(path, timeout=1.0, isolation_level=None)
    except sqlite3.Error:
        return False
    try:
        con.execute("PRAGMA busy_timeout=1000")
        con.execute("BEGIN IMMEDIATE")
        if epoch(con) != seen_epoch:
            con.execute("ROLLBACK")
            return False
        for sql, rows in statements:
            con.executemany(sql, rows)
        con.execute("COMMIT")
        return True
    except sqlite3.Error:
        return False
    finally:
        con.close()


def store(path: Path, rows: Sequence[tuple], seen_epoch: int) -> bool:
    """Keep rows (COLUMNS) derived by a reader; see `_write` for when nothing is kept."""
    if not rows:
        return True
    columns = COLUMNS[:-1]  # the payload goes to timeline_json
    marks = ", ".join("?" * len(columns))
    return _write(path, seen_epoch, [
        (f"INSERT OR REPLACE INTO timeline ({', '.join(columns)}) VALUES ({marks})",
         [row[:-1] for row in rows]),
        ("INSERT OR REPLACE INTO timeline_json (request_id, lang, payload) VALUES (?, ?, ?)",
         [(row[0], row[1], row[-1].encode()) for row in rows]),
        # a replaced row's calendar events go with it (REPLACE fires no delete trigger)
        ("DELETE FROM timeline_event WHERE request_id = ? AND lang = ?",
         [(row[0], row[1]) for row in rows]),
    ])


def store_events(path: Path, events: Sequence[tuple], done: Sequence[tuple[int, str]],
                 seen_epoch: int) -> bool:
    """Keep the calendar events of stored rows (request_id, lang, kind, status, mine, day,
    reference, ics), and mark those rows (request_id, lang) as having them; see `_write`."""
    return _write(path, seen_epoch, [
        ("INSERT OR REPLACE INTO timeline_event (request_id, lang, kind, status, mine, day,"
         " reference, ics) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", events),
        ("UPDATE timeline SET events_stored = 1 WHERE request_id = ? AND lang = ?", done),
    ])


def checkpoint(path: Path) -> None:
    """Fold the write-ahead log back into the database once a reader that stored rows has
    closed its snapshot (SQLite cannot while a snapshot is open, and a read-only connection
    never does): else the log grows with every first run, and every process that opens the
    database pays for reading it (0.4 s per connection for a 900 MB log at 100,000 rows).
    Best effort: another reader or writer simply leaves it for later."""
    try:
        con = sqlite3.connect(path, timeout=0.1, isolation_level=None)
    except sqlite3.Error:
        return
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error:
        pass
    finally:
        con.close()


__all__ = ["BUSY_TIMEOUT_MS", "COLUMNS", "LATE_COUNTING", "LATE_FIXED", "LATE_NONE", "MARK",
           "CELL", "SECTIONS",
           "checkpoint", "epoch", "fill", "generation", "rank", "store",
           "store_events"]
