"""The queries of the corrections (issue 11, point 8) return the same objects on a plain sqlite3
connection and on SQLAlchemy's, over the rich history of tests/storage/test_request_queries.py
with an event corrected, one deleted, a document attached and quoted by a finding."""

from __future__ import annotations

import sqlite3

import pytest

from cada_tracker.storage import documents as document_queries
from cada_tracker.storage import findings as finding_queries
from cada_tracker.storage import requests as request_queries
from cada_tracker.storage.db import session_scope
from cada_tracker.storage.sql import session_query, sqlite_query
from tests.services.documents.helpers import make_pdf
from tests.storage.test_request_queries import rich_home  # noqa: F401  (the fixture)


@pytest.mark.sqlite_only("compares the plain sqlite3 path with the ORM's")
def test_correction_queries_agree_on_both_connections(rich_home, cada, tmp_path):  # noqa: F811
    def ok(*args: str) -> None:
        r = cada("--today", "2024-02-01", *args)
        assert r.code == 0, (args, r.err)

    ok("event", "edit", "2", "--on", "2023-01-04")  # R-1's `received`, one day later
    ok("event", "delete", "20")  # R-2's first `reply` (extended)
    pdf = make_pdf(tmp_path / "r.pdf", ["Réponse de la ville."])
    ok("attach", "R-1", str(pdf), "--event", "5")
    ok("finding", "add", "Constat", "--request", "R-1")
    ok("finding", "evidence", "1", "--document", "1", "--page", "1", "--quote", "Réponse")
    queries = {
        "event_documents": lambda q: request_queries.event_documents(q, 5),
        "event_letters": lambda q: request_queries.event_letters(q, 1),
        "event_item_outcomes": lambda q: request_queries.event_item_outcomes(q, 5),
        "audit_lines (R-1)": lambda q: request_queries.audit_lines(q, 1),
        "audit_lines (R-2)": lambda q: request_queries.audit_lines(q, 2),
        "document_children": lambda q: document_queries.document_children(q, 1),
        "evidence_on": lambda q: document_queries.evidence_on(q, [1, 2]),
        "file_links": lambda q: document_queries.file_links(q, 1),
        "findings_of_request": lambda q: finding_queries.findings_of_request(q, 1),
    }
    con = sqlite3.connect(rich_home.sqlite_path)
    try:
        plain = {name: query(sqlite_query(con)) for name, query in queries.items()}
    finally:
        con.close()
    with session_scope(rich_home) as session:
        orm = {name: query(session_query(session)) for name, query in queries.items()}
    assert plain == orm
    assert plain["event_documents"] == [1]
    assert [row[1] for row in plain["event_letters"]] == ["demande"]
    assert plain["event_item_outcomes"] == [(2, "refused", "L311-5 2° d")]
    assert [row[2] for row in plain["audit_lines (R-1)"]] == ["edit"]
    assert [row[2] for row in plain["audit_lines (R-2)"]] == ["delete"]
    assert plain["evidence_on"] == [(1, 1, 1)] and plain["file_links"] == [1]
    assert plain["findings_of_request"] == [1]
