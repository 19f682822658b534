"""cada finding ...: evidence verified against the page, hashes, list/show/edit/remove."""

from __future__ import annotations

import pytest

from cada_tracker.paths import resolve_settings
from tests.services.documents.helpers import make_pdf

FINDING_KEYS = {"id", "title", "summary", "requests", "tags", "illustrative", "created_at",
                "made_by", "evidence"}
EVIDENCE_KEYS = {"id", "document", "name", "request", "page", "quote", "verified", "sha256",
                 "sha256_matches", "illustrative"}


@pytest.fixture
def doc(cada, montpellier, tmp_path):
    pdf = make_pdf(tmp_path / "reponse.pdf", [
        "Courrier de la ville.",
        "La ville utilise le logiciel « Map Revelation » de l'entreprise Sûreté Globale.",
    ])
    r = cada("attach", montpellier, pdf, "--json")
    return r.json["documents"][0]


def test_add_and_verified_evidence(cada, doc):
    r = cada("finding", "add", "Logiciel Map Revelation", "--summary", "Révélé en 2020",
             "--request", "2020-001", "--tag", "police-predictive", "--json")
    assert r.code == 0, r.err
    assert r.json["id"] == 1 and r.json["tags"] == ["police-predictive"]
    # accents, case, spacing and quote marks ignored
    e = cada("finding", "evidence", "1", "--document", "1", "--page", "2", "--quote",
             'le logiciel   "map revelation" de l’entreprise SURETE globale', "--json")
    assert e.code == 0, e.err
    assert e.json["verified"] is True and e.json["sha256"] == doc["sha256"]
    show = cada("finding", "show", "1", "--json").json
    assert set(show) == FINDING_KEYS
    (ev,) = show["evidence"]
    assert set(ev) == EVIDENCE_KEYS
    assert ev["sha256"] == doc["sha256"] and ev["sha256_matches"]
    text = cada("finding", "show", "F1").out
    assert doc["sha256"] in text and "map revelation" in text and "p. 2" in text


def test_quote_not_on_page_is_refused(cada, doc, cada_home):
    cada("finding", "add", "Logiciel")
    r = cada("finding", "evidence", "1", "--document", "1", "--page", "1",
             "--quote", "Map Revelation")
    assert r.code == 1
    assert "not on page 1" in r.err and "on page(s) 2" in r.err and "--unverified" in r.err
    r = cada("finding", "evidence", "1", "--document", "1", "--page", "2",
             "--quote", "Palantir")
    assert r.code == 1 and "on page(s)" not in r.err
    forced = cada("finding", "evidence", "1", "--document", "1", "--page", "2",
                  "--quote", "Palantir", "--unverified", "--json")
    assert forced.code == 0 and forced.json["verified"] is False
    assert "NOT verified" in cada("finding", "show", "1").out


def test_page_and_ids_errors(cada, doc):
    cada("finding", "add", "Logiciel")
    base = ["finding", "evidence", "1", "--document", "1", "--quote", "ville"]
    assert cada(*base, "--page", "9").code == 3
    assert cada(*base, "--page", "0").code == 2  # pages start at 1: a usage error
    assert cada("finding", "evidence", "7", "--document", "1", "--page", "1",
                "--quote", "x").code == 3
    assert cada("finding", "evidence", "1", "--document", "42", "--page", "1",
                "--quote", "x").code == 3
    assert cada(*base, "--page", "1", "--quote", "  ").code == 2
    assert cada("finding", "show", "nope").code == 2
    assert cada("finding", "add", "  ").code == 2
    assert cada("finding", "add", "x", "--request", "1999-001").code == 3


def test_document_without_text_needs_unverified(cada, montpellier, tmp_path):
    blob = tmp_path / "scan.bin"
    blob.write_bytes(bytes(range(256)))
    cada("attach", montpellier, blob)
    cada("finding", "add", "X")
    r = cada("finding", "evidence", "1", "--document", "1", "--page", "1", "--quote", "x")
    assert r.code in (1, 3)


def test_list_edit_remove(cada, doc):
    cada("finding", "add", "Premier", "--tag", "a")
    cada("finding", "add", "Second", "--request", "2020-001")
    items = cada("finding", "list", "--json").json["findings"]
    assert [f["title"] for f in items] == ["Premier", "Second"]
    assert [f["title"] for f in cada("finding", "list", "--tag", "a", "--json").json[
        "findings"]] == ["Premier"]
    assert [f["title"] for f in cada("finding", "list", "--request", "2020-001",
                                     "--json").json["findings"]] == ["Second"]
    e = cada("finding", "edit", "1", "--title", "Premier (revu)", "--untag", "a", "--tag", "b",
             "--request", "2020-001", "--json")
    assert e.code == 0
    assert e.json["title"] == "Premier (revu)" and e.json["tags"] == ["b"]
    assert e.json["requests"] == ["2020-001"]
    assert cada("finding", "edit", "1").code == 2
    cada("finding", "evidence", "1", "--document", "1", "--page", "1", "--quote", "Courrier")
    assert cada("finding", "remove", "1").code == 0
    assert cada("finding", "show", "1").code == 3
    assert [f["id"] for f in cada("finding", "list", "--json").json["findings"]] == [2]
    assert cada("document", "show", "1", "--json").json["evidence"] == []


def test_for_request_helpers(cada, doc, cada_home):
    cada("finding", "add", "Logiciel", "--request", "2020-001")
    cada("finding", "evidence", "1", "--document", "1", "--page", "2", "--quote", "Map Revelation")
    from cada_tracker.services.documents.queries import document_json
    from cada_tracker.services.findings.queries import finding_json
    from cada_tracker.storage import db
    from cada_tracker.storage.documents import load_documents
    from cada_tracker.storage.findings import load_findings
    from cada_tracker.storage.sql import session_query

    with db.session_scope(resolve_settings()) as session:
        query = session_query(session)
        docs = [document_json(d) for d in load_documents(query, request_id=1)]
        findings = [finding_json(f) for f in load_findings(query, request_id=1)]
    db.dispose_engines()
    assert [d["name"] for d in docs] == ["reponse.pdf"]
    assert findings[0]["evidence"][0]["sha256"] == doc["sha256"]
    import json

    json.dumps(docs)
    json.dumps(findings)
