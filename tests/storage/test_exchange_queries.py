"""The queries of `cada export` / `cada import` (storage/exchange.py) on both connections."""

from __future__ import annotations

import pytest

from tests.services.documents.helpers import make_pdf


@pytest.mark.sqlite_only("compares the plain sqlite3 path with the ORM's")
def test_dump_is_the_same_on_sqlite3_and_sqlalchemy(cada, montpellier, tmp_path):
    import sqlite3

    from cada_tracker.paths import resolve_settings
    from cada_tracker.storage.db import session_scope
    from cada_tracker.storage.exchange import (
        COLUMNS,
        campaign_id,
        campaign_slugs,
        dump,
        request_campaigns,
    )
    from cada_tracker.storage.sql import session_query, sqlite_query

    assert cada("--today", "2020-02-07", "log", montpellier, "sent").code == 0
    assert cada("--today", "2020-03-02", "log", montpellier, "reply", "--outcome", "partial",
                "--items", "1").code == 0
    pdf = make_pdf(tmp_path / "r.pdf", ["Texte."])
    assert cada("--today", "2020-03-02", "attach", montpellier, pdf).code == 0
    assert cada("finding", "add", "Un constat", "--request", montpellier, "--tag", "t").code == 0
    settings = resolve_settings()
    con = sqlite3.connect(settings.sqlite_path)
    fast = sqlite_query(con)
    results = [dump(fast), campaign_id(fast, "x"), campaign_slugs(fast), request_campaigns(fast)]
    con.close()
    with session_scope(settings) as session:
        orm = session_query(session)
        assert [dump(orm), campaign_id(orm, "x"), campaign_slugs(orm),
                request_campaigns(orm)] == results
    rows = results[0]
    assert set(rows) == set(COLUMNS)
    for table in ("profile", "authority", "request", "request_item", "event", "item_outcome",
                  "letter", "stored_file", "document", "finding", "finding_request",
                  "finding_tag"):
        assert rows[table], table
