"""Export and import (`cada export`, `cada import`): every row of the home, read in a few
SELECTs on any `storage.sql.Query`, and rows written in bulk through SQLAlchemy Core in the
caller's unit of work. The service (`services/exchange.py`) turns database ids into references,
slugs, hashes and positions; nothing here knows the file format.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cada_tracker.storage.sql import Query

if TYPE_CHECKING:
    from sqlmodel import Session

# table -> the columns read for the export, in this order (every column but the audit)
COLUMNS: dict[str, tuple[str, ...]] = {
    "profile": ("id", "name", "email", "address", "residence", "city", "created_at"),
    "authority": ("id", "slug", "name", "kind", "email", "address", "department", "prada",
                  "created_at"),
    "authority_tag": ("authority_id", "tag"),
    "campaign": ("id", "slug", "title", "subject", "ref_prefix", "template", "note",
                 "created_on", "created_at"),
    "campaign_document": ("campaign_id", "position", "description"),
    "request": ("id", "reference", "authority_id", "subject", "channel", "environmental",
                "created_on", "illustrative", "note", "arguments", "open_format", "campaign_id",
                "created_at"),
    "request_item": ("id", "request_id", "position", "description"),
    "event": ("id", "request_id", "kind", "occurred_on", "outcome", "note", "complete",
              "mentions_remedies", "forced", "channel", "notified_on", "lawyer_designated_on",
              "created_at", "made_by"),
    "item_outcome": ("event_id", "item_id", "outcome", "ground"),
    "letter": ("id", "request_id", "kind", "body", "sha256", "frozen", "event_id", "origin",
               "created_at", "made_by"),
    "stored_file": ("id", "sha256", "size", "media_type", "page_count", "text_status",
                    "text_note", "created_at"),
    "document": ("id", "file_id", "request_id", "event_id", "parent_id", "original_name",
                 "received_on", "illustrative", "created_at", "made_by"),
    "finding": ("id", "title", "summary", "illustrative", "created_at", "made_by"),
    "finding_request": ("finding_id", "request_id"),
    "finding_tag": ("finding_id", "tag"),
    "evidence": ("id", "finding_id", "document_id", "page", "quote", "verified", "file_sha256",
                 "created_at"),
}

# the order rows are read in: ids are never exported, but the order they give is (events of a
# day, letters, documents, findings are listed in the order they were recorded)
_ORDER: dict[str, str] = {
    "event": "request_id, occurred_on, id",
    "request_item": "request_id, position",
    "campaign_document": "campaign_id, position",
    "authority_tag": "authority_id, tag",
    "finding_tag": "finding_id, tag",
    "finding_request": "finding_id, request_id",
}


def dump(query: Query) -> dict[str, list[dict[str, Any]]]:
    """Every row of the tables the export holds, as dicts of the COLUMNS, in a stable order."""
    out: dict[str, list[dict[str, Any]]] = {}
    for table, columns in COLUMNS.items():
        order = _ORDER.get(table, "id")
        rows = query(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}", [])
        out[table] = [dict(zip(columns, row, strict=True)) for row in rows]
    return out


def campaign_id(query: Query, slug: str) -> int | None:
    rows = list(query("SELECT id FROM campaign WHERE slug = ?", [slug]))
    return rows[0][0] if rows else None


def campaign_slugs(query: Query) -> list[str]:
    return [row[0] for row in query("SELECT slug FROM campaign ORDER BY slug", [])]


# --- writes (the caller's unit of work) ------------------------------------------------------
def _table(name: str) -> Any:  # noqa: ANN401 - a SQLAlchemy Table
    from cada_tracker.storage.tables import Profile  # every table is registered with it

    return Profile.metadata.tables[name]


def insert_one(session: Session, table: str, values: dict[str, Any]) -> int:
    """Insert one row; returns its new id."""
    return insert_returning(session, table, [values])[0]


def insert_returning(session: Session, table: str, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert rows in bulk (one statement per batch: SQLAlchemy's "insertmanyvalues", with
    RETURNING on SQLite 3.35+ and PostgreSQL); returns their new ids, in the order of `rows`."""
    if not rows:
        return []
    t = _table(table)
    stmt = t.insert().returning(t.c.id, sort_by_parameter_order=True)
    return [int(row[0]) for row in session.connection().execute(stmt, list(rows))]


def set_parents(session: Session, links: Sequence[tuple[int, int]]) -> None:
    """(document id, parent document id): the e-mail or archive each document came in."""
    if links:
        from sqlalchemy import bindparam

        t = _table("document")
        stmt = t.update().where(t.c.id == bindparam("doc")).values(parent_id=bindparam("parent"))
        session.connection().execute(stmt, [{"doc": d, "parent": p} for d, p in links])


def insert_many(session: Session, table: str, rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows in one executemany (rows without ids others refer to)."""
    if rows:
        session.connection().execute(_table(table).insert(), list(rows))


def request_campaigns(query: Query) -> dict[str, str]:
    """reference -> campaign slug, for the requests of a campaign."""
    return {ref: slug for ref, slug in query(
        "SELECT r.reference, c.slug FROM request r JOIN campaign c ON c.id = r.campaign_id", [])}
