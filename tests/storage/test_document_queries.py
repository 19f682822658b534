"""Each query of storage/documents.py and storage/findings.py is one SQL text run on either
connection: a plain sqlite3 connection (the fast read path of `cada show` and `cada search`)
and SQLAlchemy's (any database). Both must give exactly the same records, over a home with
every kind of document and finding (not only the demo)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cada_tracker.paths import resolve_settings
from tests.conftest import env_without_home, run_cada
from tests.services.documents.helpers import make_eml, make_pdf, make_zip


def _ok(home: Path, *args: object):
    r = run_cada("--home", str(home), "--today", "2021-01-10", *args)
    assert r.code == 0, (args, r.err)
    return r


@pytest.fixture(scope="module")
def rich_home(tmp_path_factory) -> Path:
    """Two requests; a PDF linked to a reply event and attached to both requests; a text file;
    a ZIP and an e-mail with children; findings with several requests, tags, evidence verified
    and not; one quote checked against a file whose hash no longer matches."""
    files = tmp_path_factory.mktemp("files")
    home = tmp_path_factory.mktemp("rich") / "home"
    _ok(home, "init", "--name", "Jeanne Dupont", "--email", "jeanne@example.org")
    _ok(home, "authority", "add", "Ville de Montpellier", "--department", "34")
    for ref, subject in (("2020-001", "Observatoire"), ("2020-002", "Drones")):
        _ok(home, "--today", "2020-02-07", "new", "--authority", "ville-de-montpellier",
            "--subject", subject, "--ref", ref)
    _ok(home, "log", "2020-001", "sent", "--on", "2020-02-07")
    _ok(home, "log", "2020-001", "reply", "--on", "2020-06-15", "--outcome", "partial")
    pdf = make_pdf(files / "reponse.pdf", ["Courrier de la ville.",
                                           "Le logiciel « Map Revelation » de Sûreté Globale."])
    _ok(home, "attach", "2020-001", pdf, "--event", "reply")  # DOC 1
    text = files / "notes.txt"
    text.write_text("Drones achetés en 2020.\nCentre de supervision urbaine.\n", "utf-8")
    _ok(home, "attach", "2020-002", text, "--received-on", "2020-07-01")  # DOC 2
    archive = make_zip(files / "pieces.zip", {"a/convention.txt": b"Convention Map Revelation",
                                              "b/budget.csv": b"poste;montant\ndrones;1000\n"})
    _ok(home, "attach", "2020-001", archive)  # DOC 3, children 4 and 5
    mail = make_eml(files / "reponse.eml", "Veuillez trouver la délibération.",
                    [("deliberation.txt", "Délibération OLTP".encode(), "text/plain")])
    _ok(home, "attach", "2020-002", mail)  # DOC 6, child 7
    _ok(home, "attach", "2020-002", pdf)  # DOC 8: the same file as DOC 1
    _ok(home, "finding", "add", "Logiciel Map Revelation", "--summary", "Révélé en 2020",
        "--request", "2020-001", "--request", "2020-002", "--tag", "police", "--tag", "oltp")
    _ok(home, "finding", "evidence", "1", "--document", "1", "--page", "2",
        "--quote", "Map Revelation")
    _ok(home, "finding", "evidence", "1", "--document", "2", "--page", "1",
        "--quote", "Palantir", "--unverified")
    _ok(home, "finding", "add", "Sans preuve", "--tag", "vide")
    _ok(home, "finding", "add", "Drones", "--request", "2020-002", "--tag", "oltp")
    _ok(home, "finding", "evidence", "3", "--document", "4", "--page", "1",
        "--quote", "Convention")
    con = sqlite3.connect(home / "cada.db")
    with con:  # the quote of F3 was checked against content the file no longer has
        con.execute("UPDATE evidence SET file_sha256 = ? WHERE finding_id = 3", ["f" * 64])
    con.close()
    return home


CASES = {
    "documents: all": lambda q, m: m.load_documents(q),
    "documents: one request": lambda q, m: m.load_documents(q, request_id=2),
    "documents: some ids": lambda q, m: m.load_documents(q, ids=[8, 1, 4, 99]),
    "document: one": lambda q, m: [m.load_document(q, i) for i in range(0, 10)],
    "document: detail": lambda q, m: [m.load_document_detail(q, i) for i in range(0, 10)],
    "document of request with": lambda q, m: [
        m.document_of_request_with(q, r, f.sha256) for r in (1, 2) for f in m.load_files(q)],
    "earlier copies": lambda q, m: [m.earlier_copies(q, 2, 1, 9), m.earlier_copies(q, 1, 1, 9)],
    "request events": lambda q, m: [m.request_events(q, 1), m.request_events(q, 2)],
    "files": lambda q, m: m.load_files(q),
    "file by hash": lambda q, m: [m.load_file(q, f.sha256) for f in m.load_files(q)]
    + [m.load_file(q, "0" * 64)],
    "documents by file": lambda q, m: m.documents_by_file(q),
    "evidence checks": lambda q, m: m.evidence_checks(q),
    "page count": lambda q, m: [m.page_count(q, f.id) for f in m.load_files(q)],
    "page text": lambda q, m: [m.page_text(q, 1, n) for n in (1, 2, 3)],
    "pages": lambda q, m: [list(m.iter_pages(q, f.id, batch=1)) for f in m.load_files(q)]
    + [list(m.iter_pages(q, 1, besides=1)), list(m.iter_pages(q, 1, numbers=[2, 1, 7]))],
    "findings: all": lambda q, m: m.findings.load_findings(q),
    "findings: one request": lambda q, m: m.findings.load_findings(q, request_id=2),
    "findings: one tag": lambda q, m: m.findings.load_findings(q, tag="oltp"),
    "findings: request and tag": lambda q, m: m.findings.load_findings(q, request_id=1,
                                                                       tag="oltp"),
    "findings: some ids": lambda q, m: m.findings.load_findings(q, ids=[3, 1, 42]),
    "finding: one": lambda q, m: [m.findings.load_finding(q, i) for i in range(0, 5)],
}


class _Modules:
    """storage.documents with storage.findings as `.findings` (one name for the lambdas)."""

    def __init__(self):
        from cada_tracker.storage import documents, findings

        self.findings = findings
        self._documents = documents

    def __getattr__(self, name):
        return getattr(self._documents, name)


@pytest.fixture(scope="module")
def both_results(rich_home):
    """Every case run on plain sqlite3 and on SQLAlchemy's connection."""
    from cada_tracker.storage import db
    from cada_tracker.storage.sql import session_query, sqlite_query

    modules = _Modules()
    con = sqlite3.connect(rich_home / "cada.db")
    try:
        plain = {name: case(sqlite_query(con), modules) for name, case in CASES.items()}
    finally:
        con.close()
    with db.session_scope(resolve_settings(str(rich_home))) as session:
        orm = {name: case(session_query(session), modules) for name, case in CASES.items()}
    db.dispose_engines()
    return plain, orm


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.sqlite_only("compares the plain sqlite3 path with the ORM's")
def test_same_records_on_sqlite3_and_sqlalchemy(both_results, case):
    plain, orm = both_results
    assert plain[case] == orm[case]


def test_the_fixture_covers_what_it_claims(both_results):
    plain, _ = both_results
    docs = {d.id: d for d in plain["documents: all"]}
    assert len(docs) == 8
    assert docs[1].event is not None and docs[1].event.kind == "reply"
    assert docs[1].received_on.isoformat() == "2020-06-15"
    assert docs[1].file == docs[8].file and docs[8].request == "2020-002"
    assert {d.parent for d in docs.values()} == {None, 3, 6}
    assert {d.file.media_type for d in docs.values()} >= {"application/pdf", "text/plain",
                                                          "application/zip"}
    detail = {d.document.id: d for d in plain["document: detail"] if d is not None}
    assert [c.id for c in detail[3].children] == [4, 5]
    assert [d.id for d in detail[1].linked_elsewhere] == [8]
    assert [(e.finding, e.verified) for e in detail[1].evidence] == [(1, True)]
    findings = {f.id: f for f in plain["findings: all"]}
    assert findings[1].requests == ["2020-001", "2020-002"]
    assert findings[1].tags == ["oltp", "police"]
    assert [e.verified for e in findings[1].evidence] == [True, False]
    assert findings[2].evidence == [] and findings[2].requests == []
    (changed,) = findings[3].evidence
    assert not changed.sha256_matches and findings[1].evidence[0].sha256_matches
    assert findings[1].created_at is not None and findings[1].created_at.tzinfo is not None
    # evidence links the finding to its document's request: F3 is 2020-001's too
    assert [f.id for f in plain["findings: request and tag"]] == [1, 3]
    assert [e.actual != e.expected for e in plain["evidence checks"]] == [False, False, True]


def test_show_json_is_built_from_the_same_records(rich_home):
    """`cada show --json` documents and findings are the mappers' JSON of these records."""
    from cada_tracker.services.documents.queries import document_json
    from cada_tracker.services.findings.queries import finding_json
    from cada_tracker.storage.documents import load_documents
    from cada_tracker.storage.findings import load_findings
    from cada_tracker.storage.sql import sqlite_query

    shown = _ok(rich_home, "show", "2020-002", "--json").json
    con = sqlite3.connect(rich_home / "cada.db")
    try:
        query = sqlite_query(con)
        assert shown["documents"] == [document_json(d)
                                      for d in load_documents(query, request_id=2)]
        assert shown["findings"] == [finding_json(f) for f in load_findings(query, request_id=2)]
    finally:
        con.close()
    listed = _ok(rich_home, "documents", "2020-002", "--json").json["documents"]
    assert listed == shown["documents"]
    assert _ok(rich_home, "finding", "show", "1", "--json").json == shown["findings"][0]


@pytest.mark.slow
def test_show_does_not_import_sqlalchemy(demo_home):
    home = demo_home
    code = (
        "import sys\nfrom cada_tracker.cli import main\n"
        f"try:\n    main(['--home', {str(home)!r}, 'show', '2020-001'])\n"
        "except SystemExit:\n    pass\n"
        "sys.stderr.write('SQLA:' + str('sqlalchemy' in sys.modules))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env_without_home())
    assert "Map Revelation" in proc.stdout
    assert proc.stderr.strip().endswith("SQLA:False"), proc.stderr
