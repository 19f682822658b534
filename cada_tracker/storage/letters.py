"""Letters of a request: typed queries, one SQL text each, on any `storage.sql.Query` (plain
sqlite3 for `cada show`, SQLAlchemy's connection otherwise), and the INSERT of a rendered
letter (its search entry is written by `services.letters.frozen`, with storage.search)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from cada_tracker.domain.letters import ExhibitFile, StoredLetter
from cada_tracker.storage.sql import Query, as_date

_LETTERS_SQL = (
    "SELECT l.id, l.kind, l.body, l.sha256, l.frozen, l.event_id, e.occurred_on, l.created_at, "
    "l.origin, e.kind, l.made_by "
    "FROM letter l LEFT JOIN event e ON e.id = l.event_id WHERE l.request_id = ?"
)
_EXHIBIT_FILES_SQL = (
    "SELECT d.id, d.event_id, d.original_name, f.sha256, f.media_type "
    "FROM document d JOIN stored_file f ON f.id = d.file_id "
    "WHERE d.request_id = ? AND d.parent_id IS NULL ORDER BY d.id"
)


def _day(value: Any) -> date:
    """A DATE or a TIMESTAMP column (a string on SQLite, a date or datetime elsewhere)."""
    if isinstance(value, datetime):
        return value.date()
    return as_date(value if isinstance(value, date) else str(value)[:10])


def _letter(row: Sequence[Any]) -> StoredLetter:
    lid, kind, body, sha, frozen, event_id, occurred_on, created_at, origin, event_kind, maker = row
    return StoredLetter(
        id=lid,
        kind=kind,
        body=body,
        sha256=sha,
        frozen=bool(frozen),
        event_id=event_id,
        date=_day(occurred_on if occurred_on is not None else created_at),
        origin=origin or "rendered",
        event_kind=event_kind,
        made_by=maker,
    )


def letters_for_request(query: Query, request_id: int) -> list[StoredLetter]:
    """Every letter of a request (drafts and frozen), in the order they were stored."""
    return [_letter(row) for row in query(_LETTERS_SQL + " ORDER BY l.id", [request_id])]


def frozen_letters(query: Query, request_id: int) -> list[StoredLetter]:
    """The letters as sent (frozen), in the order they were stored."""
    sql = _LETTERS_SQL + " AND l.frozen = ? ORDER BY l.id"
    return [_letter(row) for row in query(sql, [request_id, True])]


_INSERT_LETTER_SQL = (
    "INSERT INTO letter (request_id, kind, body, sha256, frozen, event_id, created_at, origin, "
    "made_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"
)


def insert_letter(query: Query, *, request_id: int, kind: str, body: str, sha256: str,
                  frozen: bool, event_id: int | None, origin: str, created_at: datetime,
                  made_by: str | None) -> int:
    """A new letter row in the caller's unit of work, made by `made_by`; returns its id."""
    rows = query(_INSERT_LETTER_SQL, [request_id, kind, body, sha256, frozen, event_id,
                                      created_at, origin, made_by])
    return int(next(iter(rows))[0])


def exhibit_files(query: Query, request_id: int) -> list[ExhibitFile]:
    """The top-level documents of a request (the files `cada escalate` may number)."""
    return [ExhibitFile(*row) for row in query(_EXHIBIT_FILES_SQL, [request_id])]
