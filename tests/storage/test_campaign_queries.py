"""The campaign queries (storage/campaigns.py, issue 11) on both connections: plain sqlite3 and
the ORM session's, the same records."""

from __future__ import annotations

import sqlite3

import pytest


@pytest.mark.sqlite_only("compares the plain sqlite3 path with the ORM's")
def test_campaign_queries_agree_on_both_connections(cada, montpellier, tmp_path):
    from cada_tracker.paths import resolve_settings
    from cada_tracker.storage import campaigns as store
    from cada_tracker.storage.db import session_scope
    from cada_tracker.storage.sql import session_query, sqlite_query

    assert cada("authority", "add", "Ville de Sète", "--department", "34").code == 0
    template = tmp_path / "t.j2"
    template.write_text('{% extends "cada/demande.j2" %}\n', encoding="utf-8")
    r = cada("--today", "2020-02-07", "campaign", "new", "vp", "-s", "Vidéo", "-d", "A", "-d", "B",
             "-a", "ville-de-sete", "-a", "ville-de-montpellier", "--template", str(template))
    assert r.code == 0, r.err
    settings = resolve_settings()
    con = sqlite3.connect(settings.sqlite_path)
    with con:
        con.execute("INSERT INTO authority_tag (authority_id, tag) "
                    "SELECT id, 'littoral' FROM authority WHERE slug = 'ville-de-sete'")

    def read(query):  # noqa: ANN001, ANN202
        campaign = store.campaign(query, "vp")
        assert campaign is not None
        members = store.members(query, campaign.id)
        return (campaign, store.campaigns(query), store.campaign_slugs(query), members,
                store.tagged_authorities(query, "littoral"),
                store.request_template(query, members[0].request_id),
                store.campaign(query, "absent"))

    fast = read(sqlite_query(con))
    con.close()
    with session_scope(settings) as session:
        orm = read(session_query(session))
    assert fast == orm
    campaign, listed, slugs, members, tagged, own, absent = fast
    assert campaign.documents == ("A", "B") and str(campaign.created_on) == "2020-02-07"
    assert listed == [campaign] and slugs == ["vp"]
    assert [(m.reference, m.authority_slug) for m in members] == [
        ("vp-001", "ville-de-sete"), ("vp-002", "ville-de-montpellier")]
    assert tagged == ["ville-de-sete"]
    assert own == ('{% extends "cada/demande.j2" %}\n', "vp") and absent is None


def test_the_numbering_continues_after_the_highest_reference():
    from cada_tracker.storage.campaigns import last_number

    assert last_number([], "vp") == 0
    assert last_number(["vp-001", "vp-010", "vp-002", "vpx-050", "vp-abc", "2020-001"], "vp") == 10
    assert last_number(["a.b-003"], "a.b") == 3 and last_number(["axb-003"], "a.b") == 0
