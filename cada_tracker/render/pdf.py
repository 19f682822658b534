"""A printable A4 letter from a LetterDoc, with fpdf2.

Layout (French business letter): sender block top left, recipient block on the right (where a
window envelope shows it), place and date, object line in bold, justified body, signature on
the right, page numbers with the reference in the footer.

Font: DejaVu Sans (Unicode) when found in fpdf2's package or the system; otherwise the core
Helvetica font with latin-1, transliterating the few French characters outside it (œ, ’, …).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from cada_tracker.render.letters import _ITEM, SPECIMEN, LetterDoc, _is_heading

FONT_DIRS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/share/fonts/TTF",
    "/usr/local/share/fonts",
    "/Library/Fonts",
)
LINE = 5.2  # mm per line of body text
FONT_SIZE = 10.5

# French text outside latin-1, for the core-font fallback.
_TRANSLIT = {
    "œ": "oe", "Œ": "OE", "’": "'", "‘": "'", "“": '"', "”": '"', "—": "-", "–": "-",
    "…": "...", "\u202f": " ", "\u2009": " ", "€": "EUR", "•": "-", "ſ": "s",
}


def find_fonts() -> tuple[Path, Path] | None:
    """(regular, bold) DejaVu Sans TTF files, or None."""
    dirs: list[Path] = []
    extra = os.environ.get("CADA_FONT_DIR")
    if extra:
        dirs.append(Path(extra))
    try:
        import fpdf

        dirs.append(Path(fpdf.__file__).parent / "font")
    except ImportError:  # pragma: no cover
        pass
    dirs.extend(Path(d) for d in FONT_DIRS)
    for d in dirs:
        regular, bold = d / "DejaVuSans.ttf", d / "DejaVuSans-Bold.ttf"
        if regular.is_file():
            return regular, (bold if bold.is_file() else regular)
    return None


def latin1(text: str) -> str:
    for k, v in _TRANSLIT.items():
        text = text.replace(k, v)
    return text.encode("latin-1", "replace").decode("latin-1")


def render_pdf(doc: LetterDoc, *, fonts: tuple[Path, Path] | None | bool = True) -> bytes:
    """The PDF bytes. `fonts=False` forces the core-font fallback (tests)."""
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    found = find_fonts() if fonts is True else (fonts or None)
    footer_ref = doc.reference
    specimen = SPECIMEN if doc.specimen else None

    class _Letter(FPDF):
        def header(self) -> None:  # noqa: D401 - fpdf2 hook
            if not specimen:
                return
            # An illustrative (demo) request: a mark on every page, above the top margin.
            self.set_y(8)
            self.set_font(family, "B", 9)
            self.set_text_color(180, 0, 0)
            self.cell(0, 5, clean(specimen), align="C")
            self.set_text_color(0, 0, 0)
            self.set_y(self.t_margin)

        def footer(self) -> None:  # noqa: D401 - fpdf2 hook
            self.set_y(-14)
            self.set_font(family, "", 8)
            label = f"Réf. {footer_ref} — " if footer_ref else ""
            self.cell(0, 5, clean(f"{label}page {self.page_no()}/{{nb}}"), align="C")

    pdf = _Letter(orientation="P", unit="mm", format="A4")
    if found:
        pdf.add_font("DejaVu", "", str(found[0]))
        pdf.add_font("DejaVu", "B", str(found[1]))
        family = "DejaVu"

        def clean(text: str) -> str:
            return text.replace("\u202f", "\u00a0")
    else:
        family = "Helvetica"
        clean = latin1
    pdf.set_margins(left=25, top=20, right=20)
    pdf.set_auto_page_break(auto=True, margin=22)
    pdf.alias_nb_pages()
    pdf.set_title(clean(doc.subject))
    if doc.signature:
        pdf.set_author(clean(doc.signature[0]))
    pdf.set_creator("cada")
    pdf.set_lang("fr")
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def lines_at(x: float, lines: list[str], *, bold_first: bool = False, size: float = 10) -> None:
        for i, line in enumerate(lines):
            pdf.set_font(family, "B" if bold_first and i == 0 else "", size)
            pdf.set_x(x)
            pdf.multi_cell(pdf.w - pdf.r_margin - x, 4.6, clean(line),
                           new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    # Sender, top left.
    top = pdf.get_y()
    lines_at(pdf.l_margin, doc.sender, bold_first=True)
    after_sender = pdf.get_y()
    # Recipient, right-hand block (window envelope position).
    pdf.set_y(max(top + 28, after_sender + 6))
    lines_at(110, doc.recipient, bold_first=True)
    pdf.ln(10)
    # Place and date, right.
    if doc.place_date:
        pdf.set_font(family, "", FONT_SIZE)
        pdf.set_x(110)
        pdf.multi_cell(0, LINE, clean(doc.place_date), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(8)
    # Heading lines: bold label, regular text.
    for line in doc.head:
        label, sep, rest = line.partition(" : ")
        pdf.set_x(pdf.l_margin)
        if sep:
            pdf.set_font(family, "B", FONT_SIZE)
            pdf.write(LINE, clean(label + " : "))
            pdf.set_font(family, "", FONT_SIZE)
            pdf.write(LINE, clean(rest))
        else:
            pdf.set_font(family, "", FONT_SIZE)
            pdf.write(LINE, clean(line))
        pdf.ln(LINE)
    pdf.ln(6)
    # Body.
    for lines in doc.paragraphs():
        if _is_heading(lines):
            pdf.set_font(family, "B", FONT_SIZE)
            _keep_with_next(pdf, 3 * LINE)
            pdf.multi_cell(width, LINE, clean(lines[0]), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(2)
            continue
        pdf.set_font(family, "", FONT_SIZE)
        for line in lines:
            m = _ITEM.match(line)
            if m:
                indent = 8 if m.group(1)[0].isdigit() else 6
                marker = m.group(1) if m.group(1)[0].isdigit() else "–"
                _keep_with_next(pdf, LINE)
                pdf.set_x(pdf.l_margin + 2)
                pdf.cell(indent, LINE, clean(marker))
                pdf.multi_cell(width - indent - 2, LINE, clean(m.group(2)), align="J",
                               new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            else:
                pdf.multi_cell(width, LINE, clean(line), align="J",
                               new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2.5)
    # Signature, right.
    if doc.signature:
        pdf.ln(6)
        _keep_with_next(pdf, 4 * LINE)
        lines_at(110, doc.signature, size=FONT_SIZE)
    return bytes(pdf.output())


def _keep_with_next(pdf: Any, height: float) -> None:
    if pdf.get_y() + height > pdf.page_break_trigger:
        pdf.add_page()


def pdf_text_lines(text: str) -> list[str]:
    """Normalise text extracted from a PDF for comparisons in tests (spaces, hyphens)."""
    return [re.sub(r"\s+", " ", x).strip() for x in text.splitlines() if x.strip()]
