"""Search on PostgreSQL (issue 14): the pages SQLite's FTS5 index finds, found by PostgreSQL's
own full-text search (tsvector, `unaccent`, the `cada_search` configuration, a GIN index).

What is guaranteed on both backends, and tested here on the same corpus: the same hits (kind,
item and page) for every query, the snippet of a page holding every word of the query between
HIGHLIGHT marks, and hits listed best first (higher score). The order of hits of equal
relevance and the score's value are each engine's own (bm25 on SQLite, ts_rank on PostgreSQL),
so they are not compared."""

from __future__ import annotations

import re
import unicodedata

import pytest

from tests.conftest import run_cada
from tests.services.documents.helpers import make_pdf

PAGES = [
    "Courrier de la ville de Montpellier, direction de la tranquillité publique.",
    "La ville utilise le logiciel « Map Revelation » de l'entreprise Sûreté Globale.",
    "Données : délinquance, l'absentéisme scolaire, « milieu associatif ». "
    "VIDEOSURVEILLANCE urbaine.",
    "Le marché public n° 2019-042 porte sur la vidéo-surveillance et l'hypervision.",
    "Contact : dpo@ville-montpellier.example, 04 67 34 70 00, le 7 février 2020.",
]
QUERIES = [
    "Map Revelation", "map", "revelation logiciel", "surete globale", "Sûreté", "SURETE",
    "absenteisme", "l'absentéisme", "absentéisme scolaire", "milieu associatif",
    '"milieu associatif"', '"associatif milieu"', "videosurveillance", "vidéo", "surveillance",
    "hypervision", "2019", "042", "Montpellier", "tranquillite publique", "février 2020",
    "délinquance absentéisme", "caméra", "dpo", "ville", "l", "Le la",
    "Map Map map MAP", "observatoire",
]


def _build(pdf) -> None:
    for args in (
        ("init", "--name", "Jeanne Dupont", "--email", "jeanne@example.org"),
        ("authority", "add", "Ville de Montpellier", "--department", "34"),
        ("--today", "2020-02-07", "new", "--authority", "ville-de-montpellier", "--subject",
         "Observatoire local de la tranquillité publique", "--ref", "2020-001"),
        ("attach", "2020-001", str(pdf)),
        ("finding", "add", "Logiciel de police prédictive", "--request", "2020-001",
         "--summary", "Map Revelation, de Sûreté Globale"),
    ):
        r = run_cada(*args)
        assert r.code == 0, (args, r.err)


def _hits(query: str) -> list[dict]:
    r = run_cada("search", query, "--json")
    assert r.code == 0, (query, r.err)
    return r.json["hits"]


def _key(hit: dict) -> tuple:
    return (hit["kind"], hit.get("document") or hit.get("letter") or hit.get("finding")
            or hit.get("request"), hit["page"])


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.lower())
                   if not unicodedata.combining(c))


def test_same_hits_and_highlighted_words_on_sqlite_and_postgresql(
        tmp_path, monkeypatch, postgres_database):
    pdf = make_pdf(tmp_path / "reponse.pdf", PAGES)
    found: dict[str, dict[str, list[dict]]] = {}
    monkeypatch.setenv("CADA_HOME", str(tmp_path / "sqlite-home"))
    _build(pdf)
    found["sqlite"] = {q: _hits(q) for q in QUERIES}
    with postgres_database() as url:
        monkeypatch.setenv("CADA_HOME", str(tmp_path / "pg-home"))
        monkeypatch.setenv("CADA_DATABASE_URL", url)
        _build(pdf)
        found["postgresql"] = {q: _hits(q) for q in QUERIES}
        monkeypatch.delenv("CADA_DATABASE_URL")
    assert any(found["sqlite"][q] for q in QUERIES)  # the corpus is found at all
    for query in QUERIES:
        lite, pg = found["sqlite"][query], found["postgresql"][query]
        assert sorted(map(_key, pg)) == sorted(map(_key, lite)), query
        words = [_fold(w) for w in query.replace('"', " ").replace("'", " ").split()]
        for hit in pg + lite:
            marked = " ".join(re.findall(r"\[([^\]]*)\]", _fold(hit["snippet"])))
            # a page has no title: the words found are in its text, the snippet marks them
            # (the pages here are shorter than a snippet); a request, letter or finding may
            # be found by its title, which the snippet (of the text) does not show
            shown = words if hit["kind"] == "document" else []
            for word in shown:
                assert word in marked, (query, word, hit)
        for hits in (lite, pg):  # best first
            scores = [h["score"] for h in hits]
            assert scores == sorted(scores, reverse=True), (query, scores)


@pytest.mark.parametrize("query", ["Revelation", "absenteisme scolaire"])
def test_best_page_first_on_postgresql(tmp_path, monkeypatch, postgres_database, query):
    """A page holding the words ranks above a finding or letter where they are rarer, as on
    SQLite: the page found first is the same one."""
    pdf = make_pdf(tmp_path / "reponse.pdf", PAGES)
    firsts = []
    for name in ("sqlite", "postgresql"):
        monkeypatch.setenv("CADA_HOME", str(tmp_path / name))
        if name == "postgresql":
            with postgres_database() as url:
                monkeypatch.setenv("CADA_DATABASE_URL", url)
                _build(pdf)
                firsts.append(_key([h for h in _hits(query) if h["kind"] == "document"][0]))
                monkeypatch.delenv("CADA_DATABASE_URL")
        else:
            _build(pdf)
            firsts.append(_key([h for h in _hits(query) if h["kind"] == "document"][0]))
    assert firsts[0] == firsts[1]
