"""Builders of small test files (PDF, DOCX, ODT, XLSX, ODS, EML, ZIP)."""

from __future__ import annotations

import zipfile
from datetime import date
from email.message import EmailMessage
from pathlib import Path

from cada_tracker.paths import resolve_settings
from tests.conftest import database_rows


def make_pdf(path: Path, pages: list[str]) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    pdf.output(str(path))
    return path


def make_encrypted_pdf(path: Path, text: str = "secret content") -> Path:
    from pypdf import PdfWriter

    plain = make_pdf(path.with_suffix(".plain.pdf"), [text])
    w = PdfWriter(clone_from=str(plain))
    w.encrypt("password")
    w.write(str(path))
    return path


def make_docx(path: Path, paragraphs: list[str], page_break_after: int | None = None) -> Path:
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = ""
    for i, p in enumerate(paragraphs):
        body += f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>"
        if page_break_after is not None and i == page_break_after:
            body += '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml",
                    f'<?xml version="1.0"?><w:document {w}><w:body>{body}</w:body></w:document>')
    return path


def make_xlsx(path: Path, rows: list[list[str]], sheet: str = "Feuil1") -> Path:
    s = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    r = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    shared: list[str] = []
    xml_rows = ""
    for i, row in enumerate(rows, 1):
        cells = ""
        for value in row:
            if value.isdigit():
                cells += f"<c><v>{value}</v></c>"
            else:
                shared.append(value)
                cells += f'<c t="s"><v>{len(shared) - 1}</v></c>'
        xml_rows += f'<row r="{i}">{cells}</row>'
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml",
                    f'<workbook {s} {r}><sheets><sheet name="{sheet}" sheetId="1" r:id="rId1"/>'
                    "</sheets></workbook>")
        zf.writestr("xl/_rels/workbook.xml.rels",
                    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                    'relationships"><Relationship Id="rId1" Target="worksheets/sheet1.xml"/>'
                    "</Relationships>")
        zf.writestr("xl/sharedStrings.xml",
                    f"<sst {s}>" + "".join(f"<si><t>{v}</t></si>" for v in shared) + "</sst>")
        zf.writestr("xl/worksheets/sheet1.xml",
                    f"<worksheet {s}><sheetData>{xml_rows}</sheetData></worksheet>")
    return path


ODF_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
)


def _odf(path: Path, mimetype: str, body: str) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        zf.writestr("content.xml",
                    f'<?xml version="1.0"?><office:document-content {ODF_NS}><office:body>'
                    f"{body}</office:body></office:document-content>")
    return path


def make_odt(path: Path, paragraphs: list[str]) -> Path:
    body = "<office:text>" + "".join(f"<text:p>{p}</text:p>" for p in paragraphs) + \
        "</office:text>"
    return _odf(path, "application/vnd.oasis.opendocument.text", body)


def make_ods(path: Path, rows: list[list[str]], sheet: str = "Feuille1") -> Path:
    xml_rows = "".join(
        "<table:table-row>" + "".join(
            f"<table:table-cell><text:p>{v}</text:p></table:table-cell>" for v in row
        ) + '<table:table-cell table:number-columns-repeated="1000000"/></table:table-row>'
        for row in rows
    )
    body = (f'<office:spreadsheet><table:table table:name="{sheet}">{xml_rows}'
            "</table:table></office:spreadsheet>")
    return _odf(path, "application/vnd.oasis.opendocument.spreadsheet", body)


def make_eml(path: Path, body: str, attachments: list[tuple[str, bytes, str]]) -> Path:
    msg = EmailMessage()
    msg["From"] = "mairie@example.org"
    msg["To"] = "jeanne@example.org"
    msg["Subject"] = "Réponse à votre demande CADA"
    msg["Date"] = "Mon, 15 Jun 2020 10:00:00 +0200"
    msg.set_content(body)
    for name, data, mime in attachments:
        maintype, subtype = mime.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    path.write_bytes(bytes(msg))
    return path


def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def service_context(home: Path, today: date = date(2021, 1, 10)):
    """The Context a command would build, for services called directly (as the demo does)."""
    from cada_tracker.context import Context

    return Context(settings=resolve_settings(str(home)), today=today)


def request_row(session, reference: str = "2020-001"):
    from cada_tracker.storage.requests import get_request

    return get_request(session, reference)


def store_files(home: Path) -> list[Path]:
    docs = home / "documents"
    if not docs.exists():
        return []
    return sorted(p for p in docs.rglob("*") if p.is_file() and p.name != ".lock")


def db_count(home: Path, table: str) -> int:
    """Rows of `table` in the current test's database (`home` names the test's home)."""
    return database_rows(f"SELECT count(*) FROM {table}")[0][0]
