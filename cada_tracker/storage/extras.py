"""What `cada show` adds to a request — letters as sent — in portable SQL.

Runs on the same Query as storage/sql.py (plain sqlite3 on SQLite), so that `show` needs no
SQLAlchemy. tests/test_show_extras.py proves it returns exactly what the ORM service returns
(services.letters.frozen_letters). Documents and findings: storage/documents.py,
storage/findings.py.
"""

from __future__ import annotations

from typing import Any

from cada_tracker.storage.sql import Query, as_date


def _iso(value: Any) -> str | None:
    return None if value is None else as_date(value).isoformat()


def frozen_letters(query: Query, request_id: int) -> list[dict[str, Any]]:
    rows = query(
        "SELECT l.kind, e.occurred_on, l.created_at, l.sha256, l.body FROM letter l "
        "LEFT JOIN event e ON e.id = l.event_id "
        "WHERE l.request_id = ? AND l.frozen = ? ORDER BY l.id",
        [request_id, True],
    )
    return [
        {"kind": kind, "date": _iso(on if on is not None else str(created)[:10]),
         "sha256": sha, "body": body}
        for kind, on, created, sha, body in rows
    ]
