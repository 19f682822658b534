"""The authority queries with tags (issue 11): the same records on sqlite3 and SQLAlchemy."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

import pytest

from cada_tracker.paths import resolve_settings
from cada_tracker.storage import authorities as store
from cada_tracker.storage.db import session_scope
from cada_tracker.storage.sql import Query, session_query, sqlite_query


@pytest.fixture
def tagged_home(cada):
    for args in (
        ("authority", "add", "Ville de Montpellier", "--department", "34", "--tag", "hérault",
         "--tag", "grandes villes"),
        ("authority", "add", "Ville de Sète", "--department", "34", "--tag", "hérault"),
        ("authority", "add", "Ville de Lyon", "--department", "69", "--tag", "grandes villes"),
        ("authority", "add", "Région Guadeloupe", "--department", "971"),
    ):
        r = cada(*args)
        assert r.code == 0, (args, r.err)
    return resolve_settings()


QUERIES: dict[str, Callable[[Query], Any]] = {
    "authorities": store.authorities,
    "authority (tags)": lambda q: store.authority(q, "ville-de-montpellier"),
    "authority (no tag)": lambda q: store.authority(q, "region-guadeloupe"),
    "authorities_with_tag": lambda q: store.authorities_with_tag(q, "hérault"),
    "authorities_with_tag (none)": lambda q: store.authorities_with_tag(q, "nope"),
    "tag_counts": store.tag_counts,
}


@pytest.mark.parametrize("name", list(QUERIES))
@pytest.mark.sqlite_only("compares the plain sqlite3 path with the ORM's")
def test_authority_query_returns_the_same_records_on_both_connections(tagged_home, name):
    con = sqlite3.connect(tagged_home.sqlite_path)
    try:
        plain = QUERIES[name](sqlite_query(con))
    finally:
        con.close()
    with session_scope(tagged_home) as session:
        orm = QUERIES[name](session_query(session))
    assert plain == orm


def test_authorities_with_tag_by_name_with_all_their_tags(tagged_home):
    with session_scope(tagged_home) as session:
        q = session_query(session)
        found = store.authorities_with_tag(q, "hérault")
        assert [(a.slug, a.tags) for a in found] == [
            ("ville-de-montpellier", ("grandes villes", "hérault")),
            ("ville-de-sete", ("hérault",)),
        ]
        assert [a.slug for a in store.authorities_with_tag(q, "grandes villes")] == [
            "ville-de-lyon", "ville-de-montpellier"]
        assert store.authorities_with_tag(q, "Hérault") == []  # tags match exactly
        assert store.tag_counts(q) == [("grandes villes", 2), ("hérault", 2)]
        assert store.authority(q, "region-guadeloupe").tags == ()
