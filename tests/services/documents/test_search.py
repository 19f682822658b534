"""cada search: FTS5, accents, plain-word escaping, filters, reindex, both read paths."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cada_tracker.paths import resolve_settings
from tests.conftest import database_rows, env_without_home
from tests.services.documents.helpers import make_pdf, service_context

HIT_KEYS = {"kind", "page", "snippet", "score", "document", "name", "request"}


@pytest.fixture
def indexed(cada, montpellier, tmp_path):
    pdf = make_pdf(tmp_path / "reponse.pdf", [
        "Courrier de la ville.",
        "La ville utilise le logiciel « Map Revelation » de l'entreprise Sûreté Globale.",
        "Données : délinquance, l'absentéisme scolaire, « milieu associatif ». "
        "VIDEOSURVEILLANCE urbaine.",
    ])
    assert cada("attach", montpellier, pdf).code == 0
    return montpellier


def _hits(cada, *args):
    r = cada("search", *args, "--json")
    assert r.code == 0, r.err
    return r.json["hits"]


def test_finds_page_with_highlighted_snippet(cada, indexed):
    hits = _hits(cada, "Map Revelation")
    assert hits[0]["kind"] == "document"
    assert set(hits[0]) == HIT_KEYS
    assert hits[0]["document"] == 1 and hits[0]["page"] == 2
    assert "[Map] [Revelation]" in hits[0]["snippet"]
    text = cada("search", "Map Revelation").out
    assert "DOC 1  p. 2  2020-001  reponse.pdf" in text


@pytest.mark.parametrize("query", ["Vidéosurveillance", "videosurveillance", "SURETE globale",
                                   "l'absentéisme", "l’absenteisme", "absenteisme"])
def test_accent_and_case_insensitive(cada, indexed, query):
    hits = [h for h in _hits(cada, query) if h["kind"] == "document"]
    assert hits and hits[0]["page"] in (2, 3)


@pytest.mark.parametrize("query", ['"Map', "Map AND", "NOT", "a*b", "Map -x", "NEAR(a b)",
                                   "col:val", "l'", "Map OR Revelation)"])
def test_fts_syntax_never_raises(cada, indexed, query):
    r = cada("search", query, "--json")
    assert r.code == 0, r.err


@pytest.mark.parametrize("query", ["^", "(", "'", '""', '" "', "? !", "«»"])
def test_query_without_a_word_is_usage_error(cada, indexed, query):
    r = cada("search", query)
    assert r.code == 2 and r.out == ""
    assert r.err.startswith("cada: ") and "no word" in r.err and r.err.count("\n") == 1


def test_quoted_phrase(cada, indexed):
    assert _hits(cada, '"Revelation Map"') == []
    assert _hits(cada, '"Map Revelation"')[0]["page"] == 2


def _same_search(cada, query):
    r = cada("search", query, "--json")
    assert r.code == 0, r.err
    return r.json["hits"]


def test_a_long_repeated_query_returns_what_the_single_word_returns(cada, indexed):
    single = _same_search(cada, "revelation")
    assert single and single[0]["page"] == 2
    assert _same_search(cada, " ".join(["revelation"] * 20_000)) == single
    # the same word in other cases and accents is the same word for the index
    assert _same_search(cada, "Revelation RÉVÉLATION revelation révélation") == single
    two = _same_search(cada, "Map Revelation")
    assert _same_search(cada, " ".join(["Map", "revelation"] * 10_000)) == two
    phrase = _same_search(cada, '"Map Revelation"')
    assert _same_search(cada, '"Map Revelation" "map  révélation" "MAP REVELATION"') == phrase


def test_repeated_words_keep_every_different_word_required(cada, indexed):
    from cada_tracker.storage.search import fts_query

    # a different word, or a phrase that contains the word, is still required
    assert _same_search(cada, "revelation revelation courrier courrier") == []
    assert fts_query("Map map \"Map Revelation\" l'absentéisme L’Absenteisme absenteisme") \
        == '"Map" "Map Revelation" "l\'absentéisme" "absenteisme"'
    assert fts_query("ville villes") == '"ville" "villes"'


def test_empty_query_is_usage_error(cada, indexed):
    assert cada("search", "  ").code == 2


def test_request_filter_and_unknown_request(cada, indexed, tmp_path):
    cada("--today", "2020-03-01", "new", "--authority", "ville-de-montpellier",
         "--subject", "Drones", "--ref", "2020-002")
    cada("attach", "2020-002", make_pdf(tmp_path / "autre.pdf", ["Map Revelation ailleurs"]))
    assert {h["request"] for h in _hits(cada, "Map Revelation")} == {"2020-001", "2020-002"}
    only = _hits(cada, "Map Revelation", "--request", "2020-002")
    assert {h["request"] for h in only} == {"2020-002"}
    r = cada("search", "Map", "--request", "2099-001")
    assert r.code == 3


@pytest.mark.sqlite_only("compares the plain sqlite3 path with the ORM's")
def test_plain_sqlite_path_equals_orm_path(cada, indexed, monkeypatch):
    fast = _hits(cada, "Map Revelation")
    monkeypatch.setenv("CADA_SEARCH_ORM", "1")
    slow = _hits(cada, "Map Revelation")
    assert fast == slow and fast


def test_reindex_rebuilds_from_tables(cada, indexed, cada_home):
    database_rows("DELETE FROM search_index")
    assert _hits(cada, "Map Revelation") == []
    r = cada("search", "--reindex")
    assert r.code == 0 and "3 page(s)" in r.out
    assert _hits(cada, "Map Revelation")[0]["page"] == 2
    # the request subject is indexed by the rebuild too
    assert any(h["kind"] == "request" for h in _hits(cada, "tranquillité"))


def test_index_functions_for_requests_letters_findings(cada, indexed, cada_home):
    from sqlmodel import select

    from cada_tracker.storage.db import session_scope
    from cada_tracker.storage.search import index_letter, index_request
    from cada_tracker.storage.tables import Letter, Request

    settings = resolve_settings()
    with session_scope(settings) as session:
        req = session.exec(select(Request)).first()
        req.subject = "Hypervision des caméras"
        session.add(req)
        session.flush()
        index_request(session, req)
        letter = Letter(request_id=req.id, kind="request", body="Madame le Maire, Zorglub",
                        sha256="0" * 64, created_at=req.created_at)
        session.add(letter)
        session.flush()
        index_letter(session, letter)
    from cada_tracker.storage import db

    db.dispose_engines()
    assert _hits(cada, "hypervision")[0]["kind"] == "request"
    (hit,) = _hits(cada, "zorglub")
    assert hit["kind"] == "letter" and hit["request"] == "2020-001"
    cada("finding", "add", "Caméras interconnectées", "--request", "2020-001")
    (hit,) = _hits(cada, "interconnectees")
    assert hit["kind"] == "finding" and hit["requests"] == ["2020-001"]


@pytest.mark.sqlite_only("compares the plain sqlite3 path with the ORM's")
def test_search_service_same_hits_on_both_read_paths(cada, montpellier, tmp_path, cada_home,
                                                     monkeypatch):
    from cada_tracker.services.documents.search import search

    cada("attach", montpellier, make_pdf(tmp_path / "a.pdf", ["Map Revelation"]))
    ctx = service_context(cada_home)
    fast = search(ctx, "map", "2020-001", limit=10)
    monkeypatch.setenv("CADA_SEARCH_ORM", "1")
    assert search(ctx, "map", "2020-001", limit=10) == fast and fast


@pytest.mark.parametrize("orm", ["", "1"])
@pytest.mark.sqlite_only("compares the plain sqlite3 path with the ORM's")
def test_search_service_unknown_request_same_error_on_both_paths(
    cada, montpellier, cada_home, monkeypatch, orm
):
    from cada_tracker.errors import NotFoundError
    from cada_tracker.services.documents.search import search

    monkeypatch.setenv("CADA_SEARCH_ORM", orm)
    with pytest.raises(NotFoundError) as caught:
        search(service_context(cada_home), "map", "2020-01")
    assert caught.value.message == (
        "no request '2020-01'. Did you mean: 2020-001? See `cada status --all`."
    )


@pytest.mark.slow
@pytest.mark.sqlite_only("SQLite is read without SQLAlchemy; a server needs it")
def test_search_reads_without_sqlalchemy(cada, montpellier, tmp_path, cada_home):
    cada("attach", montpellier, make_pdf(tmp_path / "a.pdf", ["Map Revelation"]))
    code = (
        "import sys\n"
        "from cada_tracker.cli import main\n"
        "try:\n"
        "    main(['search', 'Map Revelation'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write('SA:' + str('sqlalchemy' in sys.modules))\n"
    )
    env = {**env_without_home(), "CADA_HOME": str(cada_home)}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert "DOC 1  p. 1" in r.stdout
    assert r.stderr.strip().endswith("SA:False"), r.stderr
