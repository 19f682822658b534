"""`cada document detach ID REF` (issue 11, point 8): an attach to the wrong request undone. The
document and the parts unpacked from it go; the stored file stays while any document links it
and leaves the store when none does; evidence quoting it is refused (exit 4 naming the
findings) unless --remove-evidence."""

from __future__ import annotations

import pytest

from tests.services.documents.helpers import make_pdf, make_zip


@pytest.fixture
def two(cada, montpellier):
    r = cada("--today", "2020-02-07", "new", "-a", "ville-de-montpellier", "-s", "Autre",
             "--ref", "2020-002")
    assert r.code == 0, r.err
    return montpellier, "2020-002"


def _blob(home, sha):
    return home / "documents" / sha[:2] / sha[2:4] / sha


def _attach(cada, ref, path) -> dict:
    r = cada("attach", ref, str(path), "--json", "--force")
    assert r.code == 0, r.err
    return r.json["documents"][0]


def test_detach_from_the_wrong_request_removes_the_file_nothing_links(cada, two, tmp_path,
                                                                         cada_home):
    right, wrong = two
    pdf = make_pdf(tmp_path / "reponse.pdf", ["Rapport Zorglub sur la ville."])
    doc = _attach(cada, wrong, pdf)
    r = cada("document", "detach", str(doc["id"]), wrong)
    assert r.code == 0, r.err
    assert f"DOC {doc['id']} detached from request '{wrong}'" in r.out
    assert "removed from the store" in r.out
    assert not _blob(cada_home, doc["sha256"]).exists()
    assert cada("document", "show", str(doc["id"])).code == 3
    assert cada("check").code == 0
    assert cada("search", "Zorglub", "--json").json["hits"] == []
    # attached again, to the right request
    assert _attach(cada, right, pdf)["sha256"] == doc["sha256"]


def test_the_blob_stays_while_another_document_links_it(cada, two, tmp_path, cada_home):
    right, wrong = two
    pdf = make_pdf(tmp_path / "reponse.pdf", ["Rapport Zorglub sur la ville."])
    kept = _attach(cada, right, pdf)
    doc = _attach(cada, wrong, pdf)
    r = cada("document", "detach", str(doc["id"]), wrong, "--json")
    assert r.code == 0, r.err
    (f,) = r.json["files"]
    assert f == {"sha256": doc["sha256"], "removed": False, "documents": [kept["id"]]}
    assert _blob(cada_home, doc["sha256"]).exists()
    assert cada("document", "show", str(kept["id"])).code == 0
    assert cada("check").code == 0
    assert cada("search", "Zorglub", "--json").json["hits"]


def test_an_archive_goes_with_its_members(cada, two, tmp_path):
    _right, wrong = two
    z = make_zip(tmp_path / "annexes.zip", {"a.txt": b"annexe A\n", "b.txt": b"annexe B\n"})
    r = cada("attach", wrong, str(z), "--json")
    assert r.code == 0, r.err
    ids = [d["id"] for d in cada("documents", wrong, "--json").json["documents"]]
    assert len(ids) == 3
    child = max(ids)
    r = cada("document", "detach", str(child), wrong)
    assert r.code == 4 and "detach DOC" in r.err
    r = cada("document", "detach", str(min(ids)), wrong, "--json")
    assert r.code == 0, r.err
    assert sorted(r.json["detached"]) == sorted(ids)
    assert cada("documents", wrong, "--json").json["documents"] == []
    assert cada("check").code == 0


def test_evidence_is_refused_unless_removed(cada, two, tmp_path):
    _right, wrong = two
    pdf = make_pdf(tmp_path / "reponse.pdf", ["Rapport Zorglub sur la ville."])
    doc = _attach(cada, wrong, pdf)
    assert cada("finding", "add", "Logiciel").code == 0
    assert cada("finding", "evidence", "1", "--document", str(doc["id"]), "--page", "1",
                "--quote", "Rapport Zorglub sur la ville").code == 0
    r = cada("document", "detach", str(doc["id"]), wrong)
    assert r.code == 4 and "F1" in r.err and "--remove-evidence" in r.err
    assert cada("document", "show", str(doc["id"])).code == 0
    r = cada("document", "detach", str(doc["id"]), wrong, "--remove-evidence")
    assert r.code == 0, r.err and "F1" in r.out
    finding = cada("finding", "show", "1", "--json").json
    assert finding["evidence"] == []
    assert cada("check").code == 0


@pytest.mark.parametrize("doc, ref, code", [
    ("999", "2020-002", 3),  # unknown document
    ("abc", "2020-002", 2),  # not an id
    ("1", "NOPE", 3),  # unknown request
    ("1", "2020-001", 4),  # a document of another request
])
def test_bad_inputs(cada, two, tmp_path, doc, ref, code):
    _right, wrong = two
    _attach(cada, wrong, make_pdf(tmp_path / "r.pdf", ["Texte."]))
    r = cada("document", "detach", doc, ref)
    assert r.code == code, r.err
    assert r.err.startswith("cada: ") and r.err.count("\n") == 1
    assert cada("document", "show", "1").code == 0
