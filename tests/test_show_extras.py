"""`cada show` reads the letters as sent with plain SQL: same result as the ORM.

Documents and findings: tests/storage/test_document_queries.py (one query, two connections).
This test goes with the letters part of issue 8 (storage/extras.py `frozen_letters`).
"""

from __future__ import annotations

import sqlite3


def test_plain_sql_frozen_letters_equal_the_orm_service(cada, tmp_path):
    from cada_tracker.paths import Settings
    from cada_tracker.services.letters import frozen_letters
    from cada_tracker.storage import extras
    from cada_tracker.storage.db import session_scope
    from cada_tracker.storage.sql import sqlite_query

    home = tmp_path / "demo"
    assert cada("--today", "2026-11-28", "demo", "--home", str(home)).code == 0
    settings = Settings(home=home)
    con = sqlite3.connect(home / "cada.db")
    query = sqlite_query(con)
    ids = [row[0] for row in query("SELECT id FROM request ORDER BY id", [])]
    with session_scope(settings) as session:
        for rid in ids:
            assert extras.frozen_letters(query, rid) == frozen_letters(session, rid)
        assert extras.frozen_letters(query, ids[0])[0]["sha256"]
    con.close()
