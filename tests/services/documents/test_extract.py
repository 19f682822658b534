"""Text extraction by format, e-mails with attachments, OCR present or absent."""

from __future__ import annotations

import pytest

from tests.conftest import database_rows, require_tool
from tests.services.documents.helpers import (
    make_docx,
    make_eml,
    make_ods,
    make_odt,
    make_pdf,
    make_xlsx,
    make_zip,
)


def _pages(home, doc_id):
    return [r[0] for r in database_rows(
        "SELECT p.text FROM page p JOIN document d ON d.file_id = p.file_id "
        "WHERE d.id = ? ORDER BY p.number", (doc_id,))]


def _attach(cada, ref, path, *extra):
    r = cada("attach", ref, path, "--json", *extra)
    assert r.code == 0, r.err
    return r.json["documents"]


def test_docx_pages_split_on_page_breaks(cada, montpellier, tmp_path, cada_home):
    f = make_docx(tmp_path / "note.docx", ["Vidéosurveillance", "page une", "page deux"],
                  page_break_after=1)
    (doc,) = _attach(cada, montpellier, f)
    assert doc["media_type"].endswith("wordprocessingml.document")
    assert doc["pages"] == 2
    pages = _pages(cada_home, doc["id"])
    assert "Vidéosurveillance" in pages[0] and "page deux" in pages[1]


def test_odt(cada, montpellier, tmp_path, cada_home):
    (doc,) = _attach(cada, montpellier, make_odt(tmp_path / "a.odt", ["Observatoire", "OLTP"]))
    assert doc["media_type"] == "application/vnd.oasis.opendocument.text"
    assert _pages(cada_home, doc["id"]) == ["Observatoire\nOLTP"]


def test_xlsx_cells_as_text(cada, montpellier, tmp_path, cada_home):
    f = make_xlsx(tmp_path / "t.xlsx", [["quartier", "incidents"], ["Mosson", "42"]])
    (doc,) = _attach(cada, montpellier, f)
    assert doc["media_type"].endswith("spreadsheetml.sheet")
    assert _pages(cada_home, doc["id"]) == ["Feuil1\nquartier\tincidents\nMosson\t42"]


def test_ods_repeated_cells_not_expanded(cada, montpellier, tmp_path, cada_home):
    f = make_ods(tmp_path / "t.ods", [["absentéisme", "12"]])
    (doc,) = _attach(cada, montpellier, f)
    assert doc["media_type"] == "application/vnd.oasis.opendocument.spreadsheet"
    assert _pages(cada_home, doc["id"]) == ["Feuille1\nabsentéisme\t12"]


def test_csv_html_txt(cada, montpellier, tmp_path, cada_home):
    csv = tmp_path / "d.csv"
    csv.write_text("nom;valeur\nMap Revelation;1\nautre;2\n", encoding="utf-8")
    html = tmp_path / "p.html"
    html.write_text("<!DOCTYPE html><html><head><title>Titre</title><style>x{}</style></head>"
                    "<body><p>Sûreté&nbsp;Globale</p><script>evil()</script></body></html>")
    txt = tmp_path / "n.txt"
    txt.write_bytes("premi\xe8re page\fseconde page".encode("cp1252"))
    docs = cada("attach", montpellier, csv, html, txt, "--json").json["documents"]
    assert [d["media_type"] for d in docs] == ["text/csv", "text/html", "text/plain"]
    assert _pages(cada_home, docs[0]["id"]) == ["nom\tvaleur\nMap Revelation\t1\nautre\t2"]
    html_text = _pages(cada_home, docs[1]["id"])[0]
    assert "Sûreté\xa0Globale" in html_text or "Sûreté Globale" in html_text
    assert "evil" not in html_text and "Titre" in html_text
    assert _pages(cada_home, docs[2]["id"]) == ["première page", "seconde page"]


def test_email_attachments_become_documents(cada, montpellier, tmp_path, cada_home):
    pdf = make_pdf(tmp_path / "piece.pdf", ["Map Revelation, Sûreté Globale"])
    inner_zip = make_zip(tmp_path / "annexes.zip", {"liste.txt": "absentéisme scolaire".encode()})
    eml = make_eml(tmp_path / "reponse.eml", "Veuillez trouver ci-joint les documents.",
                   [("piece.pdf", pdf.read_bytes(), "application/pdf"),
                    ("annexes.zip", inner_zip.read_bytes(), "application/zip")])
    docs = _attach(cada, montpellier, eml)
    names = [d["name"] for d in docs]
    assert names == ["reponse.eml", "piece.pdf", "annexes.zip", "liste.txt"]
    assert docs[0]["media_type"] == "message/rfc822"
    assert docs[1]["parent"] == docs[0]["id"] and docs[2]["parent"] == docs[0]["id"]
    assert docs[3]["parent"] == docs[2]["id"]
    page = _pages(cada_home, docs[0]["id"])[0]
    assert "Subject: Réponse à votre demande CADA" in page and "ci-joint" in page
    listing = cada("documents").out
    assert "    DOC 2" in listing and "        DOC 4" in listing
    # attached again (--force): the same blobs, and the attachments are linked again too
    again = _attach(cada, montpellier, eml, "--force")
    assert [d["name"] for d in again] == names
    assert [d["already_attached"] for d in again] == [[1], [2], [3], [4]]
    assert {d["sha256"] for d in again} == {d["sha256"] for d in docs}


def test_unknown_binary_and_legacy_office(cada, montpellier, tmp_path):
    blob = tmp_path / "data.bin"
    blob.write_bytes(bytes(range(256)) * 10)
    ole = tmp_path / "old.doc"
    ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    docs = cada("attach", montpellier, blob, ole, "--json").json["documents"]
    assert docs[0]["media_type"] == "application/octet-stream"
    assert docs[0]["text_status"] == "none"
    assert docs[1]["media_type"] == "application/x-ole-storage"
    assert "DOCX" in docs[1]["text_note"]


def _png(path, text: str | None = None):
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("L", (1400, 200), 255)
    if text:
        draw = ImageDraw.Draw(img)
        try:
            font = ImageFont.truetype("DejaVuSans.ttf", 64)
        except OSError:
            font = ImageFont.load_default(size=64)
        draw.text((30, 60), text, fill=0, font=font)
    img.save(path)
    return path


@pytest.mark.slow
def test_scanned_without_tesseract(cada, montpellier, tmp_path, monkeypatch):
    from cada_tracker.extract import ocr

    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    png = _png(tmp_path / "scan.png")
    scanned_pdf = tmp_path / "scan.pdf"
    from PIL import Image

    Image.open(png).save(scanned_pdf, "PDF")
    docs = cada("attach", montpellier, png, scanned_pdf, "--json").json["documents"]
    for d in docs:
        assert d["text_status"] == "none"
        assert "apt-get install tesseract-ocr tesseract-ocr-fra" in d["text_note"]
    assert docs[0]["media_type"] == "image/png"
    assert docs[1]["media_type"] == "application/pdf"


@pytest.mark.slow
def test_ocr_with_tesseract(cada, montpellier, tmp_path, cada_home):
    require_tool("tesseract")
    png = _png(tmp_path / "scan.png", "Surveillance predictive")
    from PIL import Image

    pdf = tmp_path / "scan.pdf"
    Image.open(png).save(pdf, "PDF")
    docs = cada("attach", montpellier, png, pdf, "--json").json["documents"]
    for d in docs:
        assert d["text_status"] == "ok", d
        assert "OCR" in d["text_note"]
        assert "predictive" in _pages(cada_home, d["id"])[0].lower()
    hits = cada("search", "surveillance", "--json").json["hits"]
    assert {h["document"] for h in hits} == {docs[0]["id"], docs[1]["id"]}


def test_extraction_crash_never_loses_document(cada, montpellier, tmp_path, monkeypatch):
    from cada_tracker.extract import office

    def crash(*a, **k):
        raise ValueError("boom")

    monkeypatch.setattr(office, "extract_office", crash)
    f = make_docx(tmp_path / "a.docx", ["x"])
    (doc,) = _attach(cada, montpellier, f)
    assert doc["text_status"] == "failed"
    assert "boom" in doc["text_note"]


@pytest.mark.slow
def test_reextract_after_installing_tesseract(cada, montpellier, tmp_path, cada_home,
                                              monkeypatch):
    require_tool("tesseract")
    from cada_tracker.extract import ocr

    png = _png(tmp_path / "scan.png", "Observatoire tranquillite")
    real_which = ocr.shutil.which
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    (doc,) = _attach(cada, montpellier, png)
    assert doc["text_status"] == "none" and "reextract" in doc["text_note"]
    # the request's subject mentions the Observatoire too: only page hits matter here
    def page_hits():
        hits = cada("search", "observatoire", "--json").json["hits"]
        return [h["document"] for h in hits if h["kind"] == "document"]

    assert page_hits() == []
    monkeypatch.setattr(ocr.shutil, "which", real_which)
    r = cada("document", "reextract", str(doc["id"]))
    assert r.code == 0 and "text ok" in r.out
    assert page_hits() == [doc["id"]]


def _long_pdf(tmp_path, pages=30):
    texts = [f"Page {n} : vidéosurveillance, l'absentéisme scolaire, « Map Revelation » {n * 7}"
             for n in range(1, pages + 1)]
    return make_pdf(tmp_path / "long.pdf", texts), texts


def test_long_pdf_read_by_two_processes_gives_the_text_of_one(tmp_path, monkeypatch):
    from cada_tracker.extract import pdf

    path, texts = _long_pdf(tmp_path)
    monkeypatch.setattr(pdf, "_cores", lambda: 2)
    forks = []
    real = pdf._Half.start
    monkeypatch.setattr(pdf._Half, "start", lambda p, n: forks.append(n) or real(p, n))
    two = pdf.extract_pdf(path)
    assert forks == [30]
    monkeypatch.setattr(pdf, "PARALLEL_MIN_PAGES", 10**6)
    one = pdf.extract_pdf(path)
    assert two.pages == one.pages and two.status == one.status == "ok"
    assert [p.split()[:2] for p in two.pages] == [t.split()[:2] for t in texts]


def test_long_pdf_child_that_fails_is_read_again_here(tmp_path, monkeypatch):
    from cada_tracker.extract import pdf

    path, _ = _long_pdf(tmp_path)
    monkeypatch.setattr(pdf, "PARALLEL_MIN_PAGES", 10**6)
    expected = pdf.extract_pdf(path).pages
    monkeypatch.setattr(pdf, "PARALLEL_MIN_PAGES", 2)
    monkeypatch.setattr(pdf, "_cores", lambda: 2)

    def broken(*args):
        raise RuntimeError("the child fails")

    monkeypatch.setattr(pdf, "_child", broken)
    assert pdf.extract_pdf(path).pages == expected
