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
            "storage/timelines.py", "locale/en/LC_MESSAGES/cada.mo",
            "locale/fr/LC_MESSAGES/cada.mo")

# The columns of a row, in the order `store` writes them and `build_row` returns them.
COLUMNS = ("request_id", "lang", "generation", "depends_on", "valid_from", "valid_to",
           "is_open", "state", "action", "action_kind", "action_actor", "action_on", "act_by",
           "safe_on", "late_mode", "late_value", "payload")
# action: the next action as the table shows it (display.shown), in the row's language.
# late_mode: the answer awaited from the authority or the CADA is not late (0), late by
# today - late_value days (1: no answer yet), or late by late_value days (2: answered late)
LATE_NONE, LATE_COUNTING, LATE_FIXED = 0, 1, 2

# A day count in a stored JSON payload: "\0D<ordinal>\0" (days from today to that day) or
# "\0L<ordinal>\0" (days from that day to today); `fill` counts them. JSON text never holds a
# raw NUL (json.dumps escapes it), so the marks cannot be confused with the user's text.
MARK = "\x00"

_fingerprints: dict[str, str] = {}


def fill(payload: str, today: int) -> str:
    """A stored JSON payload with its day counts as of `today` (an ordinal)."""
    if MARK not in payload:
        return payload
    parts = payload.split(MARK)
    for i in range(1, len(parts), 2):
        spec = parts[i]
        n = int(spec[1:])
        parts[i] = str(n - today if spec[0] == "D" else today - n)
    return "".join(parts)


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


def store(path: Path, rows: Sequence[tuple], seen_epoch: int) -> bool:
    """Keep rows derived by a reader, unless a write committed since it read (the epoch moved:
    the rows may be stale), or the database cannot be written (a read-only home, a writer
    holding the lock too long): then nothing is kept, and the next read derives again.
    Returns whether the rows were stored."""
    if not rows:
        return True
    marks = ", ".join("?" * len(COLUMNS))
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
        con.executemany(
            f"INSERT OR REPLACE INTO timeline ({', '.join(COLUMNS)}) VALUES ({marks})", rows)
        con.execute("COMMIT")
        return True
    except sqlite3.Error:
        return False
    finally:
        con.close()


def clear(con: sqlite3.Connection) -> int:
    """Forget every stored row (`cada check --rebuild`); they are derived again when read."""
    return con.execute("DELETE FROM timeline").rowcount


__all__ = ["BUSY_TIMEOUT_MS", "COLUMNS", "LATE_COUNTING", "LATE_FIXED", "LATE_NONE", "MARK",
           "clear",
           "epoch", "fill", "generation", "store"]
