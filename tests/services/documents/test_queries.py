"""cada documents / document show|open|export: reading documents and their stored files."""

from __future__ import annotations

import os

from tests.services.documents.helpers import make_pdf


def test_document_show_open_export(cada, montpellier, tmp_path, cada_home):
    pdf = make_pdf(tmp_path / "a.pdf", ["x"])
    cada("attach", montpellier, pdf)
    show = cada("document", "show", "1", "--json")
    assert show.code == 0
    assert show.json["path"].endswith(show.json["sha256"])
    assert show.json["children"] == [] and show.json["evidence"] == []
    text = cada("document", "show", "1").out
    assert "sha256" in text and "a.pdf" in text
    opened = cada("document", "open", "1")
    assert opened.out.strip() == show.json["path"]
    out = tmp_path / "export.pdf"
    assert cada("document", "export", "1", "-o", out).code == 0
    assert out.read_bytes() == pdf.read_bytes()
    assert os.access(out, os.W_OK)
    again = cada("document", "export", "1", "-o", out)
    assert again.code == 4 and "--force" in again.err
    assert cada("document", "export", "1", "-o", out, "--force").code == 0
    assert cada("document", "show", "99").code == 3
    assert cada("document", "show", "abc").code == 2


def test_documents_lists_all_requests(cada, montpellier, tmp_path):
    cada("attach", montpellier, make_pdf(tmp_path / "a.pdf", ["x"]))
    r = cada("documents")
    assert r.code == 0 and "DOC 1" in r.out and "a.pdf" in r.out
    assert cada("documents", "--json").json["documents"][0]["id"] == 1
