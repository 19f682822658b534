"""The PDF layout (issue 9, point 11): the blocks (sender, recipient, signature) are never
justified; the closing formula and the signature never stand alone on a page; long names wrap
cleanly; the golden PDFs are checked by their text and their page count
(tests/golden/letters/*.pdf.txt, rewritten only with --update-golden)."""

from __future__ import annotations

import io

import pytest

from tests.services.letters.helpers import REF, referred

CLOSING = "Je vous prie d'agréer, Madame, Monsieur, l'expression de mes salutations distinguées."
LONG_NAME = ("Marie-Hélène Dupont-Aignan de La Rochefoucauld-Montmorency, représentante de "
             "l'Association pour la transparence de la vie publique locale")


def _doc(paragraphs: int, *, short: int = 0, signature: list[str] | None = None,
         sender: list[str] | None = None):
    from cada_tracker.render.letterdoc import LetterDoc

    filler = [f"Paragraphe {i} : " + "texte du corps de la lettre " * 6 for i in range(paragraphs)]
    filler += ["Ligne courte."] * short
    body = "\n\n".join(["Madame, Monsieur,", *filler, CLOSING])
    return LetterDoc("demande", sender or ["Camille Durand", "3 rue de la Loge"],
                     ["Ville de Montpellier"], "À Montpellier, le 7 février 2020",
                     ["Objet : Essai de mise en page"], body, signature or ["Camille Durand"],
                     reference="X")


def _pages(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages]


@pytest.mark.slow
def test_blocks_are_left_aligned_never_justified(monkeypatch):
    """Every line of the sender, recipient and signature blocks is laid out align="L"."""
    from fpdf import FPDF

    from cada_tracker.render.pdf import render_pdf

    calls: list[tuple[str, str]] = []
    real = FPDF.multi_cell

    def spy(self, w, h=None, text="", *args, **kwargs):
        if not kwargs.get("dry_run"):
            calls.append((text, str(kwargs.get("align", "J"))))
        return real(self, w, h, text, *args, **kwargs)

    monkeypatch.setattr(FPDF, "multi_cell", spy)
    render_pdf(_doc(2, signature=[LONG_NAME], sender=[LONG_NAME, "3 rue de la Loge"]))
    block_lines = [a for t, a in calls if t in (LONG_NAME, "3 rue de la Loge",
                                               "Ville de Montpellier")]
    assert len(block_lines) >= 4  # sender (2), recipient, signature
    assert all(a in ("L", "Align.L") for a in block_lines), block_lines


@pytest.mark.slow
@pytest.mark.parametrize("short", range(18, 26))
def test_closing_formula_and_signature_share_a_page(short):
    """Bodies ending at every height near the foot of page 1 (18 to 25 short paragraphs of
    7.7 mm each; with 19 to 22 the signature used to go alone to page 2): the page with the
    closing formula holds the signature, and it is the last page."""
    from cada_tracker.render.pdf import render_pdf

    pages = _pages(render_pdf(_doc(0, short=short, signature=["Signataire Unique"])))
    closing = [i for i, p in enumerate(pages) if "Je vous prie d'agréer" in p]
    assert len(closing) == 1, pages
    assert closing[0] == len(pages) - 1, pages  # the signature did not go on alone
    assert "Signataire Unique" in pages[-1].split("salutations distinguées.")[-1], pages[-1]


@pytest.mark.slow
def test_long_names_wrap_in_the_blocks():
    from pypdf import PdfReader

    from cada_tracker.render.pdf import render_pdf

    data = render_pdf(_doc(1, signature=[LONG_NAME], sender=[LONG_NAME]))
    pages = _pages(data)
    text = " ".join(pages)
    # every word is drawn (wrapped onto further lines, none cut or lost)
    for word in LONG_NAME.split():
        assert word in text, word
    assert len(pages) == 1
    lines = PdfReader(io.BytesIO(data)).pages[0].extract_text().splitlines()
    assert not any(LONG_NAME in line for line in lines)  # it wrapped, in both blocks
    assert sum(line.startswith("Marie-Hélène") for line in lines) == 2


# --- golden PDFs: text and page count ----------------------------------------------------------


def _pdf_text(cada, tmp_path, today: str, *args: str) -> str:
    from pypdf import PdfReader

    target = tmp_path / "letter.pdf"
    code, _, err = cada("--today", today, "letter", REF, *args, "-f", "pdf", "-o", str(target),
                        "--force")
    assert code == 0, err
    pages = PdfReader(str(target)).pages
    out = [f"pages: {len(pages)}"]
    for i, page in enumerate(pages, 1):
        out.append(f"--- page {i} ---")
        # one space between words: a justified line is extracted with its stretched spaces
        out.extend(" ".join(line.split()) for line in page.extract_text().splitlines())
    return "\n".join(out) + "\n"


@pytest.mark.slow
def test_golden_pdf_saisine_cada(letter_home, golden, tmp_path):
    text = _pdf_text(letter_home, tmp_path, "2020-03-20", "saisine-cada")
    assert text.startswith("pages: 2\n")
    golden("saisine-cada.pdf.txt", text)


@pytest.mark.slow
def test_golden_pdf_recours_ta(letter_home, golden, tmp_path):
    referred(letter_home)
    text = _pdf_text(letter_home, tmp_path, "2020-09-01", "recours-ta", "--frais", "150")
    golden("recours-ta.pdf.txt", text)
