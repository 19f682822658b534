"""Pages of bounded size for text-like formats; evidence on pages a document does not have;
finding edit of tags and requests it does not have. (Search latency on a large text file is
measured by benchmarks/documents.py, not asserted here.)"""

from __future__ import annotations

import pytest

from cada_tracker.extract import pages as P
from tests.conftest import database_rows
from tests.services.documents.helpers import make_pdf


def _page_rows(home, doc_id):
    return database_rows(
        "SELECT p.number, p.text FROM page p JOIN document d ON d.file_id = p.file_id "
        "WHERE d.id = ? ORDER BY p.number", (doc_id,))


def _big_text(path, lines: int, marker_at: int) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(1, lines + 1):
            extra = " le logiciel Map Revelation de Sûreté Globale" if i == marker_at else ""
            fh.write(f"ligne {i} : vidéosurveillance délinquance et tranquillité publique"
                     f"{extra}\n")


# --- the page builder ---------------------------------------------------------------------
def test_paginate_bounds_lines_and_characters():
    lines = [f"ligne {i}" for i in range(1, 1201)]
    pages = list(P.paginate(lines))
    assert [len(p.split("\n")) for p in pages] == [P.PAGE_LINES, P.PAGE_LINES, 200]
    assert pages[1].startswith(f"ligne {P.PAGE_LINES + 1}\n")
    long = ["x" * 40_000, "y" * 40_000, "z"]
    assert [len(p) for p in P.paginate(long)] == [40_000, 40_002]


def test_a_line_longer_than_a_page_is_cut_at_a_space():
    words = ("mot " * 40_000).rstrip()  # 160,000 characters, one line
    pages = list(P.paginate(P.lines([words[:70_000], words[70_000:]])))
    assert len(pages) == 3 and all(len(p) <= P.PAGE_CHARS for p in pages)
    assert "".join(pages) == words  # cut after a space: nothing lost, no word cut
    assert all(p.endswith(" ") for p in pages[:-1])


def test_form_feeds_and_trailing_form_feed():
    assert list(P.paginate(P.lines(["a\fb\f\fc\f"]))) == ["a", "b", "", "c"]
    assert list(P.paginate(P.lines([""]))) == [""]


def test_text_chunks_streamed_decoding(tmp_path):
    f = tmp_path / "t.txt"
    # a character cut by the 1 MB read boundary, and \r\n cut between two reads
    f.write_bytes(b"a" * (P.READ_BYTES - 1) + "é\r\nb\rc".encode())
    text = "".join(P.text_chunks(f, 10**9))
    assert text == "a" * (P.READ_BYTES - 1) + "é\nb\nc"
    f.write_bytes(b"a" * (P.READ_BYTES + 10) + "é".encode("cp1252"))  # not UTF-8 late on
    assert "".join(P.text_chunks(f, 10**9)).endswith("aé")
    truncated: list[bool] = []
    assert "".join(P.text_chunks(f, 100, truncated=truncated)) == "a" * 100 and truncated


# --- a large text file: several pages, searchable, quotes checked on the right one ------
@pytest.fixture
def big(cada, montpellier, tmp_path):
    f = tmp_path / "export.txt"
    _big_text(f, 40_000, marker_at=23_456)  # about 3 MB
    r = cada("attach", montpellier, f, "--json")
    assert r.code == 0, r.err
    return r.json["documents"][0]


@pytest.mark.slow
def test_large_text_file_split_in_pages(cada, big, cada_home):
    assert big["media_type"] == "text/plain" and big["text_status"] == "ok"
    rows = _page_rows(cada_home, big["id"])
    assert big["pages"] == len(rows) == 40_000 // P.PAGE_LINES
    assert [n for n, _ in rows] == list(range(1, len(rows) + 1))
    assert all(len(t) <= P.PAGE_CHARS for _, t in rows)
    # page N is lines (N-1)*PAGE_LINES+1 .. N*PAGE_LINES
    assert rows[1][1].startswith(f"ligne {P.PAGE_LINES + 1} :")
    hits = cada("search", "Map Revelation", "--json").json["hits"]
    page = (23_456 - 1) // P.PAGE_LINES + 1
    assert [(h["document"], h["page"]) for h in hits] == [(big["id"], page)]
    assert "[Map] [Revelation]" in hits[0]["snippet"]
    many = cada("search", "vidéosurveillance", "--limit", "5", "--json").json["hits"]
    assert len(many) == 5 and all("[" in h["snippet"] for h in many)


@pytest.mark.slow
def test_evidence_verified_against_the_right_chunk(cada, big):
    page = (23_456 - 1) // P.PAGE_LINES + 1
    cada("finding", "add", "Logiciel")
    quote = "ligne 23456 : vidéosurveillance délinquance et tranquillité publique le logiciel"
    wrong = cada("finding", "evidence", "1", "--document", "1", "--page", str(page + 1),
                 "--quote", quote)
    assert wrong.code == 1 and f"but it is on page(s) {page};" in wrong.err
    ok = cada("finding", "evidence", "1", "--document", "1", "--page", str(page),
              "--quote", quote, "--json")
    assert ok.code == 0, ok.err
    assert ok.json["verified"] is True and ok.json["page"] == page
    past = cada("finding", "evidence", "1", "--document", "1", "--page", str(big["pages"] + 1),
                "--quote", "x", "--unverified")
    assert past.code == 3 and f"has no page {big['pages'] + 1}" in past.err


def test_large_csv_split_in_pages(cada, montpellier, tmp_path, cada_home):
    f = tmp_path / "incidents.csv"
    with open(f, "w", encoding="utf-8") as fh:
        fh.write("quartier;incidents\n")
        for i in range(1, 1601):
            fh.write(f"Mosson {i};{i}\n")
    (doc,) = cada("attach", montpellier, f, "--json").json["documents"]
    assert doc["media_type"] == "text/csv" and doc["pages"] == 4
    rows = _page_rows(cada_home, doc["id"])
    assert rows[0][1].startswith("quartier\tincidents\nMosson 1\t1\n")
    assert rows[3][1].endswith("Mosson 1600\t1600")


@pytest.mark.slow
def test_reextract_keeps_the_same_pages(cada, big, cada_home):
    before = _page_rows(cada_home, big["id"])
    r = cada("document", "reextract", "1", "--json")
    assert r.code == 0, r.err
    assert r.json["pages"] == big["pages"] and _page_rows(cada_home, big["id"]) == before
    assert cada("search", "--reindex").code == 0
    hits = cada("search", "Map Revelation", "--json").json["hits"]
    assert len(hits) == 1


def test_long_html_split_in_pages(cada, montpellier, tmp_path, cada_home):
    f = tmp_path / "page.html"
    body = "".join(f"<p>paragraphe {i} sur la vidéosurveillance</p>" for i in range(1200))
    f.write_text(f"<!DOCTYPE html><html><body>{body}</body></html>", encoding="utf-8")
    (doc,) = cada("attach", montpellier, f, "--json").json["documents"]
    assert doc["pages"] == 3 and len(_page_rows(cada_home, doc["id"])) == 3


# --- a PDF without pages ----------------------------------------------------------------
@pytest.fixture
def empty_pdf(cada, montpellier, tmp_path):
    from pypdf import PdfWriter

    f = tmp_path / "vide.pdf"
    PdfWriter().write(str(f))
    (doc,) = cada("attach", montpellier, f, "--json").json["documents"]
    return doc


def test_pdf_without_pages_note(empty_pdf):
    assert empty_pdf["pages"] == 0 and empty_pdf["text_status"] == "none"
    assert empty_pdf["text_note"] == "the PDF has no pages"


@pytest.mark.parametrize("page", ["1", "7"])
def test_evidence_on_a_document_without_pages_not_found(cada, empty_pdf, page):
    cada("finding", "add", "x")
    r = cada("finding", "evidence", "1", "--document", "1", "--page", page, "--quote", "x",
             "--unverified")
    assert r.code == 3 and r.out == ""
    assert f"DOC 1 has no page {page}: it has no pages at all" in r.err
    assert cada("finding", "show", "1", "--json").json["evidence"] == []


def test_evidence_unverified_when_pages_unknown(cada, montpellier, tmp_path):
    blob = tmp_path / "scan.bin"
    blob.write_bytes(b"\x00\x01binary")
    (doc,) = cada("attach", montpellier, blob, "--json").json["documents"]
    assert doc["pages"] is None
    cada("finding", "add", "x")
    r = cada("finding", "evidence", "1", "--document", "1", "--page", "3", "--quote", "y",
             "--unverified")
    assert r.code == 0, r.err


# --- finding edit: tags and requests it does not have ------------------------------------
@pytest.fixture
def finding(cada, montpellier):
    assert cada("new", "--authority", "ville-de-montpellier", "--subject", "Autre",
                "--ref", "2020-002").code == 0
    assert cada("finding", "add", "Logiciel", "--tag", "a", "--request", montpellier).code == 0
    return "1"


def test_untag_unknown_tag_is_not_found(cada, finding):
    r = cada("finding", "edit", finding, "--title", "Nouveau", "--untag", "nonexist")
    assert r.code == 3 and r.out == "" and r.err.count("\n") == 1
    assert "F1 has no tag 'nonexist' (its tags: a); nothing was changed." in r.err
    show = cada("finding", "show", finding, "--json").json
    assert show["title"] == "Logiciel" and show["tags"] == ["a"]
    # a tag added in the same command can be removed in it; a known one is removed
    r = cada("finding", "edit", finding, "--tag", "b", "--untag", "b", "--untag", " a ",
             "--json")
    assert r.code == 0, r.err
    assert r.json["tags"] == []


def test_unlink_request_not_linked_is_not_found(cada, finding):
    r = cada("finding", "edit", finding, "--unlink", "2020-002")
    assert r.code == 3 and "F1 is not linked to request 2020-002 (its requests: 2020-001)" \
        in r.err
    assert cada("finding", "edit", finding, "--unlink", "2099-999").code == 3
    r = cada("finding", "edit", finding, "--unlink", "2020-001", "--json")
    assert r.code == 0 and r.json["requests"] == []


def test_real_pages_never_cut(tmp_path, monkeypatch):
    """PDF pages are the document's pages: never cut, whatever their length; an e-mail is."""
    from cada_tracker.extract import extract

    monkeypatch.setattr(P, "PAGE_CHARS", 20)
    pdf = make_pdf(tmp_path / "p.pdf", ["vidéosurveillance " * 30, "deux"])
    result = extract(pdf, "application/pdf")
    assert result.page_count == 2 and len(result.pages) == 2
    eml = tmp_path / "m.eml"
    eml.write_text("From: a@example.org\nTo: b@example.org\nSubject: x\n\n"
                   + "mot " * 100 + "\n")
    result = extract(eml, "message/rfc822")
    assert result.page_count == len(result.pages) > 5


def test_pdf_without_pages_after_an_encrypted_one(tmp_path):
    """PDFium's error is process-wide: an empty PDF read after a password-protected one must
    not be called password-protected."""
    from pypdf import PdfWriter

    from cada_tracker.extract import extract
    from tests.services.documents.helpers import make_encrypted_pdf

    locked = extract(make_encrypted_pdf(tmp_path / "locked.pdf"), "application/pdf")
    assert locked.status == "failed" and "password" in locked.note
    PdfWriter().write(str(tmp_path / "vide.pdf"))
    empty = extract(tmp_path / "vide.pdf", "application/pdf")
    assert (empty.status, empty.page_count, empty.note) == ("none", 0, "the PDF has no pages")
