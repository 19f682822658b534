"""Take a database made at the head revision back to what an older revision left, by hand
(plain sqlite3), so that the upgrade path from that revision is what the test exercises."""

from __future__ import annotations

import sqlite3

# What each revision added, undone newest first. A new revision adds its line here.
_UNDO: dict[str, tuple[str, ...]] = {
    "0008": tuple(f"ALTER TABLE {table} DROP COLUMN made_by"
                  for table in ("letter", "finding", "document", "event")),
    "0007": (
        "DROP TRIGGER timeline_event_insert",
        "DROP TRIGGER timeline_event_update",
        "DROP TRIGGER timeline_event_delete",
        "DROP TRIGGER timeline_request_insert",
        "DROP TRIGGER timeline_request_update",
        "DROP TRIGGER timeline_request_delete",
        "DROP TRIGGER timeline_item_insert",
        "DROP TRIGGER timeline_item_update",
        "DROP TRIGGER timeline_item_delete",
        "DROP TRIGGER timeline_authority_update",
        "DROP TRIGGER timeline_authority_delete",
        "DROP TRIGGER timeline_profile_insert",
        "DROP TRIGGER timeline_profile_update",
        "DROP TRIGGER timeline_profile_delete",
        "DROP TRIGGER timeline_json_delete",
        "DROP TABLE timeline_epoch",
        "DROP TABLE timeline_json",
        "DROP TABLE timeline_event",
        "DROP TABLE timeline",
    ),
    "0006": ("DROP TABLE mail_message", "DROP TABLE outbox"),
    "0005": (
        "DROP TABLE event_audit",
        "DROP TABLE authority_tag",
        "DROP INDEX ix_request_campaign_id",
        "ALTER TABLE request DROP COLUMN campaign_id",
        "DROP TABLE campaign_document",
        "DROP TABLE campaign",
    ),
    "0004": (
        "DROP TABLE item_outcome",
        "ALTER TABLE letter DROP COLUMN origin",
        "ALTER TABLE request DROP COLUMN arguments",
        "ALTER TABLE request DROP COLUMN open_format",
        "ALTER TABLE event DROP COLUMN notified_on",
        "ALTER TABLE event DROP COLUMN lawyer_designated_on",
    ),
    "0003": ("ALTER TABLE event DROP COLUMN channel",),
    "0002": ("DROP TABLE search_index",),
}


def rewind(con: sqlite3.Connection, to: str, *, keep_search_index: bool = False) -> None:
    """Undo every revision after `to` and stamp the database with `to`."""
    for revision in sorted(_UNDO, reverse=True):
        if revision <= to:
            break
        for sql in _UNDO[revision]:
            if keep_search_index and sql == "DROP TABLE search_index":
                continue
            con.execute(sql)
    con.execute("UPDATE alembic_version SET version_num = ?", [to])
