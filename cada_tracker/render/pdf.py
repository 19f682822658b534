"""A printable A4 letter from a LetterDoc, with fpdf2.

Layout (French business letter): sender block top left, recipient block on the right (where a
window envelope shows it), place and date, object line in bold, justified body, signature on
the right, page numbers with the reference in the footer. The blocks (sender, recipient,
signature) are left-aligned, never justified, and long lines in them wrap; the closing formula
and the signature are kept on one page.

Font: DejaVu Sans (Unicode) when found in fpdf2's package or the system; otherwise the core
Helvetica font with latin-1, transliterating the few French characters outside it (œ, ’, …).

A character the font cannot draw (CJK with DejaVu, anything outside latin-1 with Helvetica) is
never dropped silently: it is replaced by a visible mark (REPLACEMENT, or '?' in latin-1) and
reported to the caller (`dropped`), which warns the user once.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from cada_tracker.render.letterdoc import ITEM, SPECIMEN, LetterDoc, is_heading

FONT_DIRS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/share/fonts/TTF",
    "/usr/local/share/fonts",
    "/Library/Fonts",
)
LINE = 5.2  # mm per line of body text
SIGNATURE_X = 110  # mm from the left edge: the signature block, on the right
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


# The visible mark of a character the font cannot draw (DejaVu has it; '?' otherwise).
REPLACEMENT = "\u25a1"  # □
# Invisible joiners and selectors (emoji sequences): removed, not replaced, when not drawable.
_INVISIBLE = frozenset({0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, *range(0xFE00, 0xFE10)})


def latin1(text: str, dropped: dict[str, str] | None = None) -> str:
    for k, v in _TRANSLIT.items():
        text = text.replace(k, v)
    out = []
    for ch in text:
        if ord(ch) < 256:
            out.append(ch)
        elif ord(ch) not in _INVISIBLE:
            out.append("?")
            if dropped is not None:
                dropped[ch] = "?"
    return "".join(out)


def _drawable(text: str, cmap: set[int] | frozenset[int], replacement: str,
              dropped: dict[str, str]) -> str:
    """`text` with each character the font has no glyph for replaced (and recorded)."""
    if all(ord(ch) in cmap or ch in "\n\t" for ch in text):
        return text
    out = []
    for ch in text:
        code = ord(ch)
        if code in cmap or ch in "\n\t":
            out.append(ch)
        elif code in _INVISIBLE:
            continue
        else:
            out.append(replacement)
            dropped[ch] = replacement
    return "".join(out)


class _MissingGlyphs(logging.Filter):
    """Keep fpdf2's own "missing glyphs" log line off stderr (the caller warns instead)."""

    def __init__(self) -> None:
        super().__init__()
        self.seen = False

    def filter(self, record: logging.LogRecord) -> bool:
        if "missing the following glyphs" in str(record.msg):
            self.seen = True
            return False
        return True


def render_pdf(doc: LetterDoc, *, fonts: tuple[Path, Path] | None | bool = True,
               dropped: dict[str, str] | None = None) -> bytes:
    """The PDF bytes. `fonts=False` forces the core-font fallback (tests).

    `dropped` receives the characters the font cannot draw, each with the visible mark
    that replaces it in the PDF."""
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos
    from fpdf.fonts import TTFFont

    dropped = dropped if dropped is not None else {}

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
        # A character must be in both faces (regular and bold).
        fonts_in = [f for key, f in pdf.fonts.items()
                    if key.startswith("dejavu") and isinstance(f, TTFFont)]
        cmap = frozenset.intersection(*(frozenset(f.cmap) for f in fonts_in))
        replacement = REPLACEMENT if ord(REPLACEMENT) in cmap else "?"

        def clean(text: str) -> str:
            return _drawable(text.replace("\u202f", "\u00a0"), cmap, replacement, dropped)
    else:
        family = "Helvetica"

        def clean(text: str) -> str:
            return latin1(text, dropped)
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
            # Left-aligned, never justified: a short block line (a name, an address, the
            # signature) must not have its spaces stretched; a long one wraps at word ends.
            pdf.multi_cell(pdf.w - pdf.r_margin - x, 4.6, clean(line), align="L",
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
    paragraphs = doc.paragraphs()
    for index, lines in enumerate(paragraphs):
        if is_heading(lines):
            pdf.set_font(family, "B", FONT_SIZE)
            _keep_with_next(pdf, 3 * LINE)
            pdf.multi_cell(width, LINE, clean(lines[0]), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(2)
            continue
        pdf.set_font(family, "", FONT_SIZE)
        if index == len(paragraphs) - 1 and doc.signature:
            # The closing formula never ends a page alone, nor starts one without the
            # signature: both go to the next page together when they do not fit.
            _keep_with_next(pdf, _closing_height(pdf, width, lines, clean)
                            + _signature_height(pdf, doc.signature, clean, family))
        for line in lines:
            m = ITEM.match(line)
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
    # Signature, right (kept with the closing formula above).
    if doc.signature:
        pdf.ln(6)
        lines_at(SIGNATURE_X, doc.signature, size=FONT_SIZE)
    guard = _MissingGlyphs()
    logger = logging.getLogger("fpdf.output")
    logger.addFilter(guard)
    try:
        data = bytes(pdf.output())
    finally:
        logger.removeFilter(guard)
    if guard.seen and not dropped:  # pragma: no cover - every character is checked above
        dropped["\ufffd"] = "?"
    return data


def _closing_height(pdf: Any, width: float, lines: list[str], clean: Any) -> float:
    """The height of the last paragraph (the closing formula), as multi_cell will lay it out."""
    count = 0
    for line in lines:
        count += len(pdf.multi_cell(width, LINE, clean(line), align="J", dry_run=True,
                                    output="LINES"))
    return count * LINE + 2.5


def _signature_height(pdf: Any, signature: list[str], clean: Any, family: str) -> float:
    """The gap above the signature and its lines (each may wrap)."""
    pdf.set_font(family, "", FONT_SIZE)
    width = pdf.w - pdf.r_margin - SIGNATURE_X
    count = sum(len(pdf.multi_cell(width, 4.6, clean(line), align="L", dry_run=True,
                                   output="LINES")) for line in signature)
    return 6 + count * 4.6


def _keep_with_next(pdf: Any, height: float) -> None:
    if pdf.get_y() + height > pdf.page_break_trigger:
        pdf.add_page()


