"""Each storage query returns the same objects on a plain sqlite3 connection (the fast read
path) and on SQLAlchemy's connection (the path PostgreSQL will take), over a rich history:
every event kind, every reply outcome family, forced events, two authorities, a profile."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from cada_tracker.domain import EVENT_KINDS
from cada_tracker.paths import resolve_settings
from cada_tracker.storage import authorities as authority_queries
from cada_tracker.storage import requests as request_queries
from cada_tracker.storage.db import session_scope
from cada_tracker.storage.sql import Query, session_query, sqlite_query

pytestmark = pytest.mark.sqlite_only("compares the plain sqlite3 read path with the ORM's")

# (today, arguments of `cada log`) in recording order; dates are each event's own --on.
HISTORY_1 = [
    ("sent", "--on", "2023-01-02"),
    ("received", "--on", "2023-01-03"),
    ("acknowledged", "--on", "2023-01-05", "--complete"),
    ("reminder-sent", "--on", "2023-01-20", "--note", "relance par courriel"),
    ("reply", "--on", "2023-01-25", "--outcome", "refused", "--mentions-remedies",
     "--refused-items", "2", "--grounds", "L311-5 2° d"),
    ("reasons-requested", "--on", "2023-01-26"),
    ("reasons-received", "--on", "2023-01-30"),
    ("cada-sent", "--on", "2023-02-01", "--channel", "registered-post"),
    ("cada-registered", "--on", "2023-02-03"),
    ("cada-informed", "--on", "2023-02-04"),
    ("cada-opinion", "--on", "2023-03-20", "--outcome", "favorable"),
    ("reply", "--on", "2023-04-20", "--outcome", "refused", "--no-mentions-remedies"),
    ("legal-aid-requested", "--on", "2023-04-25"),
    ("legal-aid-decided", "--on", "2023-05-02"),
    ("court-filed", "--on", "2023-05-15"),
    ("judgment", "--on", "2024-01-10", "--outcome", "partly-granted"),
    ("note", "--on", "2024-01-11", "--note", "jugement notifié"),
    ("closed", "--on", "2024-01-12"),
]
HISTORY_2 = [
    ("sent", "--on", "2023-03-01"),
    ("reply", "--on", "2023-03-10", "--outcome", "extended"),
    ("reply", "--on", "2023-03-20", "--outcome", "clarification-requested"),
    ("reply", "--on", "2023-03-25", "--outcome", "transferred"),
    ("reply", "--on", "2023-04-02", "--outcome", "fee-requested"),
    ("reply", "--on", "2023-04-20", "--outcome", "partial", "--items", "1"),
    # history typed in late: the state machine refuses it, --force records it flagged
    ("acknowledged", "--on", "2023-03-02", "--incomplete", "--force"),
    ("withdrawn", "--on", "2023-05-01"),
]
HISTORY_3 = [
    ("received", "--on", "2023-06-01"),
    ("reply", "--on", "2023-06-20", "--outcome", "not-held"),
]


@pytest.fixture
def rich_home(cada):
    """Three requests to two authorities whose histories cover every event kind."""
    def ok(*args: str) -> None:
        r = cada("--today", "2024-02-01", *args)
        assert r.code == 0, (args, r.err)

    ok("init", "--name", "Camille Durand", "--email", "camille@example.org",
       "--address", "3 rue de la Loge\n34000 Montpellier", "--city", "Montpellier",
       "--residence", "overseas")
    ok("authority", "add", "Ville de Montpellier", "--department", "34", "--kind", "commune",
       "--email", "cada@example.org", "--prada", "Service juridique")
    ok("authority", "add", "Région Guadeloupe", "--department", "971",
       "--address", "Avenue Paul Lacavé\n97100 Basse-Terre")
    ok("new", "-a", "ville-de-montpellier", "-s", "Vidéosurveillance algorithmique",
       "-d", "la convention", "-d", "les délibérations", "--ref", "R-1")
    ok("new", "-a", "region-guadeloupe", "-s", "Qualité de l'eau", "--environmental",
       "--channel", "post", "--note", "dossier suivi avec l'association", "--ref", "R-2")
    ok("new", "-a", "ville-de-montpellier", "-s", "Caméras piétons", "--channel", "web",
       "--ref", "R-3")
    ok("new", "-a", "region-guadeloupe", "-s", "Brouillon jamais envoyé", "--ref", "R-4")
    for ref, history in (("R-1", HISTORY_1), ("R-2", HISTORY_2), ("R-3", HISTORY_3)):
        for kind, *args in history:
            ok("log", ref, kind, *args)
    Path("arguments.txt").write_text("Premier moyen.\n\nSecond moyen.\n", encoding="utf-8")
    ok("letter", "R-3", "relance", "--arguments-file", "arguments.txt")
    kinds = {k for _, h in (("", HISTORY_1), ("", HISTORY_2), ("", HISTORY_3)) for k, *_ in h}
    assert kinds == set(EVENT_KINDS), set(EVENT_KINDS) - kinds
    return resolve_settings()


QUERIES: dict[str, Callable[[Query], Any]] = {
    "load_views (all)": lambda q: request_queries.load_views(q),
    "load_views (references)": lambda q: request_queries.load_views(
        q, references=["R-2", "R-1", "nope"]),
    "load_views (authority)": lambda q: request_queries.load_views(
        q, authority_slug="region-guadeloupe"),
    "load_views (no match)": lambda q: request_queries.load_views(q, references=["nope"]),
    "load_views (as of)": lambda q: request_queries.load_views(q, as_of=date(2023, 3, 5)),
    "load_views (authority, as of)": lambda q: request_queries.load_views(
        q, authority_slug="ville-de-montpellier", as_of=date(2023, 6, 10)),
    "load_residence": request_queries.load_residence,
    "load_references": request_queries.load_references,
    "references_and_subjects": request_queries.references_and_subjects,
    "authority": lambda q: authority_queries.authority(q, "region-guadeloupe"),
    "authority (unknown)": lambda q: authority_queries.authority(q, "nope"),
    "authorities": authority_queries.authorities,
    "slugs": authority_queries.slugs,
    "slugs_and_names": authority_queries.slugs_and_names,
    "profile": authority_queries.profile,
    "item_outcomes (R-1)": lambda q: request_queries.item_outcomes(q, 1),
    "item_outcomes (R-2)": lambda q: request_queries.item_outcomes(q, 2),
    "item_outcomes (none)": lambda q: request_queries.item_outcomes(q, 4),
    "request_arguments (R-3)": lambda q: request_queries.request_arguments(q, 3),
    "request_arguments (none)": lambda q: request_queries.request_arguments(q, 1),
    # issue 11, point 7: the key of an imported Alaveteli request, a whole word of the note
    "references_noted (word)": lambda q: request_queries.references_noted(q, "l'association"),
    "references_noted (part of a word)": lambda q: request_queries.references_noted(q, "suivi_"),
}


@pytest.mark.parametrize("name", list(QUERIES))
@pytest.mark.sqlite_only("compares the plain sqlite3 path with the ORM's")
def test_query_returns_the_same_objects_on_sqlite3_and_sqlalchemy(rich_home, name):
    query = QUERIES[name]
    con = sqlite3.connect(rich_home.sqlite_path)
    try:
        plain = query(sqlite_query(con))
    finally:
        con.close()
    with session_scope(rich_home) as session:
        orm = query(session_query(session))
    assert plain == orm
    assert type(plain) is type(orm)


def test_rich_history_is_loaded_whole(rich_home):
    """The fixture's facts arrive intact: the comparison above compares something."""
    con = sqlite3.connect(rich_home.sqlite_path)
    try:
        views = {v.reference: v for v in request_queries.load_views(sqlite_query(con))}
        profile = authority_queries.profile(sqlite_query(con))
    finally:
        con.close()
    assert sorted(views) == ["R-1", "R-2", "R-3", "R-4"]
    r1, r2 = views["R-1"], views["R-2"]
    assert r1.items == ["la convention", "les délibérations"]
    assert [e.kind for e in r1.events][:3] == ["sent", "received", "acknowledged"]
    assert r1.events[2].complete is True
    replies = [e for e in r1.events if e.kind == "reply"]
    assert [e.mentions_remedies for e in replies] == [True, False]
    assert r1.authority_department == "34" and r1.channel == "email"
    assert [e.channel for e in r1.events if e.kind == "cada-sent"] == ["registered-post"]
    assert r2.environmental and r2.channel == "post" and r2.note.startswith("dossier")
    forced = [e for e in r2.events if e.forced]
    assert [(e.kind, e.complete) for e in forced] == [("acknowledged", False)]
    assert views["R-4"].events == []
    assert profile is not None and profile.residence == "overseas"
    assert profile.address == "3 rue de la Loge\n34000 Montpellier"


def test_item_outcomes_and_arguments_are_loaded_whole(rich_home):
    con = sqlite3.connect(rich_home.sqlite_path)
    try:
        r1 = request_queries.item_outcomes(sqlite_query(con), 1)
        r2 = request_queries.item_outcomes(sqlite_query(con), 2)
        arguments = request_queries.request_arguments(sqlite_query(con), 3)
    finally:
        con.close()
    assert [(o.position, o.description, o.outcome, o.ground, o.event_kind, str(o.decided_on))
            for o in r1] == [(2, "les délibérations", "refused", "L311-5 2° d", "reply",
                              "2023-01-25")]
    assert [(o.position, o.outcome, o.ground) for o in r2] == [(1, "received", None)]
    assert arguments == "Premier moyen.\n\nSecond moyen."


# Every request of the fixture was typed in on Thu 1 Feb 2024 (created_on) about events from
# Mon 2 Jan 2023 on: the days below fall before any event, between events, on an event's day,
# and on the creation day (R-4, a draft without events, exists from then only).
AS_OF_DAYS = ["2023-01-01", "2023-01-02", "2023-03-05", "2023-06-10", "2024-01-31",
              "2024-02-01"]


@pytest.mark.parametrize("day", AS_OF_DAYS)
def test_load_views_as_of_selects_in_the_query_what_the_domain_defines(rich_home, day):
    """load_views(as_of=day) filters in SQL; RequestView.existed_on and .as_of define it."""
    as_of = date.fromisoformat(day)
    con = sqlite3.connect(rich_home.sqlite_path)
    try:
        selected = request_queries.load_views(sqlite_query(con), as_of=as_of)
        every = request_queries.load_views(sqlite_query(con))
    finally:
        con.close()
    assert selected == [v.as_of(as_of) for v in every if v.existed_on(as_of)]


def test_load_views_as_of_by_hand(rich_home):
    con = sqlite3.connect(rich_home.sqlite_path)
    try:
        def refs(day):
            views = request_queries.load_views(sqlite_query(con), as_of=date.fromisoformat(day))
            return {v.reference: [e.kind for e in v.events] for v in views}

        assert refs("2023-01-01") == {}  # Sun 1 Jan 2023: nothing had happened yet
        # Mon 2 Jan 2023: R-1 sent; Tue 3 Jan 2023: received
        assert refs("2023-01-02") == {"R-1": ["sent"]}
        assert refs("2023-01-03") == {"R-1": ["sent", "received"]}
        # Wed 1 Mar 2023: R-2 sent (its acknowledgment of 2 March, typed in late, not yet)
        assert refs("2023-03-01")["R-2"] == ["sent"]
        assert "R-4" not in refs("2024-01-31")  # a draft created Thu 1 Feb 2024
        assert refs("2024-02-01")["R-4"] == []
    finally:
        con.close()
