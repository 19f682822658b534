"""OOXML (DOCX, XLSX, PPTX) and ODF (ODT, ODS) with the stdlib: zipfile + streaming XML.

Measured faster than python-docx/openpyxl/odfpy, and nothing to install. Text documents give
one page per explicit page break; spreadsheets one page per sheet (cells separated by tabs,
rows by newlines); presentations one page per slide.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from cada_tracker.extract import sniff
from cada_tracker.extract.base import Extraction

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

# An XML part larger than this once uncompressed is not read (decompression bomb).
MAX_PART = 256 * 1024 * 1024
MAX_REPEAT = 1000  # ODS repeats empty cells/rows up to 1,048,576 times: do not expand them

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE_NS = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def extract_office(path: Path, media_type: str) -> Extraction:
    with zipfile.ZipFile(path) as zf:
        if media_type == sniff.DOCX:
            pages = _docx(zf)
        elif media_type == sniff.XLSX:
            pages = _xlsx(zf)
        elif media_type == sniff.PPTX:
            pages = _pptx(zf)
        elif media_type == sniff.ODT:
            pages = [_odt(zf)]
        else:
            pages = _ods(zf)
    return Extraction("ok", pages=pages)


def _open(zf: zipfile.ZipFile, name: str):  # noqa: ANN202
    info = zf.getinfo(name)
    if info.file_size > MAX_PART:
        raise ValueError(f"{name} expands to {info.file_size} bytes (limit {MAX_PART})")
    return zf.open(info)


def _events(zf: zipfile.ZipFile, name: str) -> Iterator[tuple[str, Element]]:
    with _open(zf, name) as fh:
        # imported here: xml.etree is not needed to attach anything else (a PDF)
        from xml.etree.ElementTree import iterparse

        yield from iterparse(fh, events=("start", "end"))


# --- Word ------------------------------------------------------------------------------
def _docx(zf: zipfile.ZipFile) -> list[str]:
    pages: list[str] = []
    lines: list[str] = []
    para: list[str] = []
    for event, el in _events(zf, "word/document.xml"):
        tag = el.tag
        if event == "start":
            if tag == W + "br" and el.get(W + "type") == "page":
                lines.append("".join(para))
                para = []
                pages.append("\n".join(lines))
                lines = []
            continue
        if tag == W + "t":
            para.append(el.text or "")
        elif tag == W + "tab":
            para.append("\t")
        elif tag == W + "br" and el.get(W + "type") != "page":
            para.append("\n")
        elif tag == W + "p":
            lines.append("".join(para))
            para = []
            el.clear()
        elif tag == W + "tc":
            para.append("\t")
    lines.append("".join(para))
    pages.append("\n".join(lines))
    return [p.strip("\n") for p in pages]


# --- Excel -----------------------------------------------------------------------------
def _rels(zf: zipfile.ZipFile, name: str) -> dict[str, str]:
    folder, base = posixpath.split(name)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    if rels_name not in zf.namelist():
        return {}
    out = {}
    for _event, el in _events(zf, rels_name):
        if _event == "end" and el.tag == PR + "Relationship":
            target = el.get("Target", "")
            if target.startswith("/"):
                target = target[1:]
            else:
                target = posixpath.normpath(posixpath.join(folder, target))
            out[el.get("Id", "")] = target
    return out


def _xlsx(zf: zipfile.ZipFile) -> list[str]:
    names = set(zf.namelist())
    shared: list[str] = []
    if "xl/sharedStrings.xml" in names:
        parts: list[str] = []
        for event, el in _events(zf, "xl/sharedStrings.xml"):
            if event != "end":
                continue
            if el.tag == S + "t":
                parts.append(el.text or "")
            elif el.tag == S + "si":
                shared.append("".join(parts))
                parts = []
                el.clear()
    rels = _rels(zf, "xl/workbook.xml")
    sheets: list[tuple[str, str]] = []
    for event, el in _events(zf, "xl/workbook.xml"):
        if event == "end" and el.tag == S + "sheet":
            target = rels.get(el.get(R + "id", ""), "")
            if target in names:
                sheets.append((el.get("name", ""), target))
    pages = []
    for title, target in sheets:
        rows: list[str] = [title]
        cells: list[str] = []
        value = ""
        kind = None
        inline: list[str] = []
        for event, el in _events(zf, target):
            tag = el.tag
            if event == "start":
                if tag == S + "c":
                    kind = el.get("t")
                    value = ""
                    inline = []
                continue
            if tag == S + "v":
                value = el.text or ""
            elif tag == S + "t":
                inline.append(el.text or "")
            elif tag == S + "c":
                if kind == "s":
                    try:
                        text = shared[int(value)]
                    except (ValueError, IndexError):
                        text = value
                elif kind == "inlineStr":
                    text = "".join(inline)
                else:
                    text = value
                if text:
                    cells.append(text)
            elif tag == S + "row":
                if cells:
                    rows.append("\t".join(cells))
                cells = []
                el.clear()
        pages.append("\n".join(rows))
    return pages


# --- PowerPoint ------------------------------------------------------------------------
def _pptx(zf: zipfile.ZipFile) -> list[str]:
    def number(name: str) -> int:
        m = re.search(r"(\d+)\.xml$", name)
        return int(m.group(1)) if m else 0

    slides = sorted(
        (n for n in zf.namelist() if re.match(r"ppt/slides/slide\d+\.xml$", n)), key=number
    )
    pages = []
    for name in slides:
        paras: list[str] = []
        run: list[str] = []
        for event, el in _events(zf, name):
            if event != "end":
                continue
            if el.tag == A + "t":
                run.append(el.text or "")
            elif el.tag == A + "p":
                paras.append("".join(run))
                run = []
        pages.append("\n".join(p for p in paras if p))
    return pages


# --- OpenDocument ----------------------------------------------------------------------
def _odf_paragraph(el) -> str:  # noqa: ANN001
    parts: list[str] = []

    def walk(node) -> None:  # noqa: ANN001
        if node.text:
            parts.append(node.text)
        for child in node:
            tag = child.tag
            if tag == TEXT_NS + "s":
                parts.append(" " * int(child.get(TEXT_NS + "c", "1") or 1))
            elif tag == TEXT_NS + "tab":
                parts.append("\t")
            elif tag == TEXT_NS + "line-break":
                parts.append("\n")
            elif tag == TEXT_NS + "note":
                pass
            else:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return "".join(parts)


def _odt(zf: zipfile.ZipFile) -> str:
    lines: list[str] = []
    depth = 0  # paragraphs nested in paragraphs (frames) are read with their parent
    for event, el in _events(zf, "content.xml"):
        if el.tag not in (TEXT_NS + "p", TEXT_NS + "h"):
            continue
        if event == "start":
            depth += 1
            continue
        depth -= 1
        if depth == 0:
            lines.append(_odf_paragraph(el))
            el.clear()
    return "\n".join(lines)


def _ods(zf: zipfile.ZipFile) -> list[str]:
    pages: list[str] = []
    rows: list[str] = []
    for event, el in _events(zf, "content.xml"):
        tag = el.tag
        if event == "start":
            if tag == TABLE_NS + "table":
                rows = [el.get(TABLE_NS + "name", "")]
            continue
        if tag == TABLE_NS + "table-row":
            cells = []
            for cell in el:
                if cell.tag not in (TABLE_NS + "table-cell", TABLE_NS + "covered-table-cell"):
                    continue
                text = "\n".join(
                    _odf_paragraph(p) for p in cell.iter(TEXT_NS + "p")
                )
                repeat = min(int(cell.get(TABLE_NS + "number-columns-repeated", "1") or 1),
                             MAX_REPEAT)
                if text:
                    cells.extend([text] * repeat)
            if cells:
                repeat = min(int(el.get(TABLE_NS + "number-rows-repeated", "1") or 1),
                             MAX_REPEAT)
                rows.extend(["\t".join(cells)] * repeat)
            el.clear()
        elif tag == TABLE_NS + "table":
            pages.append("\n".join(rows))
            rows = []
            el.clear()
    return pages
