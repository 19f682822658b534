"""The read path: sqlite3 and the ORM return the same objects."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.sqlite_only("compares the plain sqlite3 read path with the ORM's")

# --- the two read paths return the same objects --------------------------------------------


def test_sqlite_and_orm_read_paths_agree(cada, montpellier):
    import sqlite3

    from cada_tracker.paths import resolve_settings
    from cada_tracker.storage.db import session_scope
    from cada_tracker.storage.requests import load_views
    from cada_tracker.storage.sql import session_query, sqlite_query

    cada("--today", "2020-02-07", "log", montpellier, "sent")
    cada("--today", "2020-02-07", "log", montpellier, "received", "--note", "par courriel")
    cada("--today", "2020-03-20", "log", montpellier, "reply", "--outcome", "refused",
         "--no-mentions-remedies")
    cada("--today", "2020-03-20", "new", "-a", "ville-de-montpellier", "-s", "Drones",
         "--environmental", "--channel", "post", "-d", "A", "-d", "B")
    settings = resolve_settings()
    con = sqlite3.connect(settings.sqlite_path)
    fast = load_views(sqlite_query(con))
    con.close()
    with session_scope(settings) as session:
        orm = load_views(session_query(session))
    assert fast == orm
    assert len(fast) == 2
    assert [e.kind for e in fast[0].events] == ["sent", "received", "reply"]
    assert fast[0].events[2].mentions_remedies is False
    assert fast[1].items == ["A", "B"] and fast[1].environmental is True
