"""Findings, their requests, tags and evidence: every SQL statement of the finding services.

`load_findings` runs on any `storage.sql.Query` (plain sqlite3 or SQLAlchemy's connection) and
returns `domain.documents.FindingRecord`s; `cada show`, `cada finding list|show` and the
finding commands' JSON are all built from them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from cada_tracker.domain.documents import EvidenceRecord, FindingRecord
from cada_tracker.storage.documents import chunks, execute, marks
from cada_tracker.storage.sql import Query

if TYPE_CHECKING:
    from sqlmodel import Session

_FINDINGS_SQL = ("SELECT f.id, f.title, f.summary, f.illustrative, f.created_at, f.made_by "
                 "FROM finding f")
_REQUESTS_SQL = (
    "SELECT fr.finding_id, r.reference FROM finding_request fr "
    "JOIN request r ON r.id = fr.request_id"
)
_TAGS_SQL = "SELECT finding_id, tag FROM finding_tag"
_EVIDENCE_SQL = (
    "SELECT ev.id, ev.finding_id, ev.document_id, d.original_name, r.reference, ev.page, "
    "ev.quote, ev.verified, ev.file_sha256, f.sha256, d.illustrative FROM evidence ev "
    "LEFT JOIN document d ON d.id = ev.document_id "
    "LEFT JOIN stored_file f ON f.id = d.file_id "
    "LEFT JOIN request r ON r.id = d.request_id"
)


def as_timestamp(value: Any) -> datetime | None:
    """A created_at column as an aware UTC datetime (SQLite returns text, naive)."""
    if value is None:
        return None
    parsed = datetime.fromisoformat(value) if isinstance(value, str) else value
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def load_findings(query: Query, *, ids: Sequence[int] | None = None,
                  request_id: int | None = None, tag: str | None = None) -> list[FindingRecord]:
    """Findings (all, some ids, one request's, one tag's, or both filters), by id."""
    sql = _FINDINGS_SQL
    where: list[str] = []
    params: list[Any] = []
    if request_id is not None:
        sql += " JOIN finding_request fr ON fr.finding_id = f.id"
        where.append("fr.request_id = ?")
        params.append(request_id)
    if tag is not None:
        sql += " JOIN finding_tag t ON t.finding_id = f.id"
        where.append("t.tag = ?")
        params.append(tag)
    heads: list[Sequence[Any]] = []
    if ids is not None:
        for part in chunks(list(ids)):
            clause = " AND ".join([*where, f"f.id IN ({marks(part)})"])
            heads += query(f"{sql} WHERE {clause}", [*params, *part])
        heads.sort(key=lambda r: r[0])
    else:
        heads = list(query(sql + (f" WHERE {' AND '.join(where)}" if where else "")
                           + " ORDER BY f.id", params))
    if not heads:
        return []
    every = ids is None and not where
    found = [r[0] for r in heads]
    refs = _grouped(query, _REQUESTS_SQL, "fr.finding_id", found, every)
    tags = _grouped(query, _TAGS_SQL, "finding_id", found, every)
    evidence: dict[int, list[EvidenceRecord]] = {}
    for row in _rows(query, _EVIDENCE_SQL, "ev.finding_id", found, every, "ev.id"):
        evidence.setdefault(row[1], []).append(EvidenceRecord(
            id=row[0], finding_id=row[1], document_id=row[2], name=row[3], request=row[4],
            page=row[5], quote=row[6], verified=bool(row[7]), sha256=row[8],
            current_sha256=row[9], document_illustrative=bool(row[10])))
    return [
        FindingRecord(id=fid, title=title, summary=summary, illustrative=bool(illustrative),
                      created_at=as_timestamp(created), requests=sorted(refs.get(fid, [])),
                      tags=sorted(tags.get(fid, [])), evidence=evidence.get(fid, []),
                      made_by=maker)
        for fid, title, summary, illustrative, created, maker in heads
    ]


def load_finding(query: Query, finding_id: int) -> FindingRecord | None:
    found = load_findings(query, ids=[finding_id])
    return found[0] if found else None


def _rows(query: Query, sql: str, column: str, ids: list[int], every: bool,
          order: str) -> list[Sequence[Any]]:
    if every:
        return list(query(f"{sql} ORDER BY {order}", []))
    rows: list[Sequence[Any]] = []
    for part in chunks(ids):
        rows += query(f"{sql} WHERE {column} IN ({marks(part)}) ORDER BY {order}", list(part))
    return sorted(rows, key=lambda r: r[0]) if order.endswith(".id") else rows


def _grouped(query: Query, sql: str, column: str, ids: list[int],
             every: bool) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for fid, value in _rows(query, sql, column, ids, every, column):
        out.setdefault(fid, []).append(value)
    return out


# --- statements on the caller's session (writes) ---------------------------------------------
def delete_finding(session: Session, finding_id: int) -> None:
    """Delete a finding with its evidence, request links and tags (the documents stay)."""
    for table in ("evidence", "finding_request", "finding_tag"):
        execute(session, f"DELETE FROM {table} WHERE finding_id = ?", [finding_id])
    execute(session, "DELETE FROM finding WHERE id = ?", [finding_id])


# --- corrections (issue 11, point 8): cada delete --------------------------------------------


def findings_of_request(query: Query, request_id: int) -> list[int]:
    """The findings linked to a request (their ids)."""
    return [row[0] for row in query(
        "SELECT finding_id FROM finding_request WHERE request_id = ? ORDER BY finding_id",
        [request_id])]
