"""stored timelines: every request's derived status kept, invalidated by the writes it reads

Revision ID: 0007
Revises: 0006

Issue 13: `cada status`, `remind`, `calendar` read each request's derived timeline from the
`timeline` table instead of running the deadline engine on every request at every run.

- `timeline`: one row per request and interface language (the next action's text is in the
  language it was shown in): the engine's `generation` (a fingerprint of the program's law,
  messages, data files and the requester's residence: a row of another generation is stale),
  the days over which the day-dependent parts (state, statuses, next action) stay as stored
  (`valid_from`..`valid_to`, proleptic ordinals), the request another one reads
  (`depends_on`: a transferred request reads its origin's receipt), the columns of the status
  table (reference, authority and illustrative flag copied from the request; `section` and
  `cells`, the row's cells but the days, as the table shows them), and its place in the table
  (`rank`: the table is kept in that order, its key with the language, so that `status` reads
  its rows one after the other, without sorting them nor jumping between pages).
- `timeline_json`: the request's JSON object of the same row, its day counts left as markers
  (apart, so that the table's rows stay small and are read without it).
- `timeline_event`: the calendar's events of the same row (`cada calendar`), one per deadline,
  with the deadline's status on those days, whether it is the requester's own (`--mine`), the
  day it sits on, and the VEVENT as written (stamped 2000-01-01, restamped when written);
  `events_stored` says the row has them (stored by the first calendar that needs them).
- `timeline_epoch`: one counter, moved by every write a timeline reads: a reader that derived
  rows while a writer committed does not store them (storage/timelines.py).
- SQLite triggers on `event`, `request`, `request_item`, `authority` and `profile` delete the
  rows a write makes stale, in the writer's own transaction, whatever code path writes: no
  stale row can survive a committed write. Other databases keep no rows (the table stays
  empty and every read derives).

The tables live outside the ORM's models, like the search index: it is a derived cache that
`cada check` recomputes and compares, and that can be emptied at any time.

Frozen: this file imports no code of the program.
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_BUMP = "UPDATE timeline_epoch SET epoch = epoch + 1;"


def _trigger(name: str, when: str, table: str, body: str) -> str:
    return f"CREATE TRIGGER {name} AFTER {when} ON {table} BEGIN {body} {_BUMP} END"


def _for_request(ref: str) -> str:
    return (f"DELETE FROM timeline WHERE request_id = {ref} OR depends_on = {ref};")


TRIGGERS = {
    "timeline_event_insert": ("INSERT", "event", _for_request("NEW.request_id")),
    "timeline_event_update": ("UPDATE", "event",
                              _for_request("OLD.request_id") + _for_request("NEW.request_id")),
    "timeline_event_delete": ("DELETE", "event", _for_request("OLD.request_id")),
    "timeline_request_insert": ("INSERT", "request", _for_request("NEW.id")),
    "timeline_request_update": ("UPDATE", "request",
                                _for_request("OLD.id") + _for_request("NEW.id")),
    "timeline_request_delete": ("DELETE", "request", _for_request("OLD.id")),
    "timeline_item_insert": ("INSERT", "request_item", _for_request("NEW.request_id")),
    "timeline_item_update": ("UPDATE", "request_item",
                             _for_request("OLD.request_id") + _for_request("NEW.request_id")),
    "timeline_item_delete": ("DELETE", "request_item", _for_request("OLD.request_id")),
    "timeline_authority_update": (
        "UPDATE", "authority",
        "DELETE FROM timeline WHERE request_id IN "
        "(SELECT id FROM request WHERE authority_id IN (OLD.id, NEW.id));"),
    "timeline_authority_delete": (
        "DELETE", "authority",
        "DELETE FROM timeline WHERE request_id IN "
        "(SELECT id FROM request WHERE authority_id = OLD.id);"),
    "timeline_profile_insert": ("INSERT", "profile", "DELETE FROM timeline;"),
    "timeline_profile_update": ("UPDATE", "profile", "DELETE FROM timeline;"),
    "timeline_profile_delete": ("DELETE", "profile", "DELETE FROM timeline;"),
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # stored timelines are kept fresh by SQLite triggers; elsewhere they are computed
    op.execute(
        "CREATE TABLE timeline ("
        " request_id INTEGER NOT NULL,"
        " lang TEXT NOT NULL,"
        " generation TEXT NOT NULL,"
        " depends_on INTEGER,"
        " valid_from INTEGER NOT NULL,"
        " valid_to INTEGER NOT NULL,"
        " reference TEXT NOT NULL,"
        " authority_id INTEGER NOT NULL,"
        " illustrative INTEGER NOT NULL,"
        " is_open INTEGER NOT NULL,"
        " state TEXT NOT NULL,"
        " action TEXT NOT NULL,"
        " action_kind TEXT,"
        " action_actor TEXT,"
        " action_on INTEGER,"
        " act_by INTEGER,"
        " safe_on INTEGER,"
        " late_mode INTEGER NOT NULL,"
        " late_value INTEGER,"
        " rank TEXT NOT NULL,"
        " section INTEGER NOT NULL,"
        " cells TEXT NOT NULL,"
        " events_stored INTEGER NOT NULL DEFAULT 0,"
        " PRIMARY KEY (lang, rank),"
        " UNIQUE (request_id, lang)"
        ") WITHOUT ROWID"
    )
    op.execute("CREATE INDEX ix_timeline_depends_on ON timeline (depends_on)")
    op.execute("CREATE INDEX ix_timeline_valid ON timeline (lang, generation, valid_from,"
               " valid_to)")
    op.execute("CREATE TABLE timeline_json (request_id INTEGER NOT NULL, lang TEXT NOT NULL,"
               " payload TEXT NOT NULL, PRIMARY KEY (request_id, lang))")
    op.execute("CREATE TABLE timeline_event (request_id INTEGER NOT NULL, lang TEXT NOT NULL,"
               " kind TEXT NOT NULL, status TEXT, mine INTEGER NOT NULL, day INTEGER NOT NULL,"
               " reference TEXT NOT NULL, ics BLOB NOT NULL,"
               " PRIMARY KEY (request_id, lang, kind))")
    op.execute("CREATE INDEX ix_timeline_event_day ON timeline_event (lang, day, reference,"
               " kind)")
    op.execute("CREATE TABLE timeline_epoch (id INTEGER PRIMARY KEY CHECK (id = 1),"
               " epoch INTEGER NOT NULL)")
    op.execute("INSERT INTO timeline_epoch (id, epoch) VALUES (1, 0)")
    for name, (when, table, body) in TRIGGERS.items():
        op.execute(_trigger(name, when, table, body))
    op.execute("CREATE TRIGGER timeline_json_delete AFTER DELETE ON timeline BEGIN DELETE FROM"
               " timeline_json WHERE request_id = OLD.request_id AND lang = OLD.lang; DELETE"
               " FROM timeline_event WHERE request_id = OLD.request_id AND lang = OLD.lang;"
               " END")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in [*TRIGGERS, "timeline_json_delete"]:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE timeline_epoch")
    op.execute("DROP TABLE timeline_json")
    op.execute("DROP INDEX ix_timeline_event_day")
    op.execute("DROP TABLE timeline_event")
    op.execute("DROP INDEX ix_timeline_valid")
    op.execute("DROP INDEX ix_timeline_depends_on")
    op.execute("DROP TABLE timeline")
