"""The formats of a letter: text, Markdown, HTML, PDF, e-mail; --output and --json."""

from __future__ import annotations

import email
import hashlib
import io
import json
from email import policy

import pytest

from tests.services.letters.helpers import REF, cjk_request, ok, one_line_error, referred, text_of

# --- text, Markdown, HTML -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["demande", "relance", "saisine-cada"])
def test_markdown_and_text_agree_on_words(letter_home, kind):
    text = text_of(letter_home, "2020-03-20", kind)
    md = text_of(letter_home, "2020-03-20", kind, "-f", "markdown")
    assert "salutations distinguées" in text and "salutations distinguées" in md


def test_html_escapes_script(cada):
    cada("init", "--name", "A <b>B</b>")
    cada("authority", "add", "Mairie")
    code, _, err = cada("--today", "2020-02-07", "new", "--authority", "mairie", "--subject",
                        "<script>alert(1)</script>", "--ref", "X-1")
    assert code == 0, err
    code, out, err = cada("--today", "2020-02-07", "letter", "X-1", "-f", "html")
    assert code == 0, err
    assert "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "<b>" not in out


# --- PDF ------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_pdf_is_a_valid_a4_letter(letter_home, tmp_path):
    from pypdf import PdfReader

    target = tmp_path / "saisine.pdf"
    code, _, err = letter_home("--today", "2020-03-20", "letter", REF, "saisine-cada", "-f", "pdf",
                        "-o", str(target))
    assert code == 0, err
    reader = PdfReader(str(target))
    assert len(reader.pages) == 2
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Saisine de la Commission d'accès aux documents administratifs" in text
    assert "salutations distinguées" in text


@pytest.mark.slow
def test_pdf_core_font_fallback_transliterates():
    from pypdf import PdfReader

    from cada_tracker.render.letterdoc import LetterDoc
    from cada_tracker.render.pdf import render_pdf

    doc = LetterDoc("demande", ["Zoé Lœwy"], ["Mairie"], "Le 7 février 2020",
                    ["Objet : Vœux — l’accès"], "Madame, Monsieur,\n\nCorps.", ["Zoé Lœwy"],
                    reference="X")
    data = render_pdf(doc, fonts=False)
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Voeux - l'accès" in text


def test_pdf_needs_output(letter_home):
    code, out, err = letter_home("--today", "2020-03-20", "letter", REF, "-f", "pdf")
    assert code == 2 and "-o" in err and out == ""


@pytest.mark.slow
def test_pdf_replaces_missing_glyphs_and_warns_once(letter_home, tmp_path):
    from pypdf import PdfReader

    ref = cjk_request(letter_home)
    target = tmp_path / "d.pdf"
    code, _, err = letter_home("--today", "2020-02-07", "letter", ref, "demande", "-f", "pdf",
                        "-o", str(target))
    assert code == 0, err
    assert "missing the following glyphs" not in err
    warnings = [x for x in err.splitlines() if x.startswith("warning: the PDF font")]
    assert len(warnings) == 1, err
    for ch in "中文監視🦄":
        assert ch in warnings[0]
    text = " ".join(p.extract_text() for p in PdfReader(str(target)).pages)
    assert "中" not in text and ("\u25a1" in text or "?" in text)


@pytest.mark.slow
def test_pdf_core_font_fallback_reports_what_it_replaces():
    from pypdf import PdfReader

    from cada_tracker.render.letterdoc import LetterDoc
    from cada_tracker.render.pdf import render_pdf

    doc = LetterDoc("demande", ["Zoé"], ["Mairie"], "Le 7 février 2020", ["Objet : Vœux 中"],
                    "Madame, Monsieur,\n\nCorps 文.", ["Zoé"], reference="X")
    dropped: dict[str, str] = {}
    data = render_pdf(doc, fonts=False, dropped=dropped)
    assert dropped == {"中": "?", "文": "?"}  # œ is transliterated, not dropped
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Voeux ?" in text


# --- e-mail: for letters to the authority (or the CADA) -------------------------------------------


def test_eml_parses_back(letter_home):
    out = text_of(letter_home, "2020-03-01", "relance", "--format", "eml")
    msg = email.message_from_string(out, policy=policy.default)
    assert msg["From"].addresses[0].addr_spec == "camille.durand@example.org"
    assert msg["To"].addresses[0].addr_spec == "cada@ville-montpellier.fr"
    assert REF in msg["Subject"] and msg["Subject"].startswith("Relance")
    assert msg["Date"].datetime.date().isoformat() == "2020-03-01"
    body = msg.get_body(("plain",)).get_content()
    assert body.startswith("Réf. : 2020-001") and "salutations distinguées" in body


def test_eml_saisine_goes_to_the_cada(letter_home):
    out = text_of(letter_home, "2020-03-20", "saisine-cada", "--format", "eml")
    msg = email.message_from_string(out, policy=policy.default)
    assert msg["To"].addresses[0].addr_spec == "cada@cada.fr"


def test_authority_without_email_for_eml(cada):
    cada("init", "--name", "A", "--email", "a@example.org")
    cada("authority", "add", "Mairie")
    cada("--today", "2020-02-07", "new", "--authority", "mairie", "--subject", "x", "--ref", "X")
    code, out, err = cada("--today", "2020-02-07", "letter", "X", "-f", "eml")
    assert code == 1 and "no e-mail" in err and out == ""


def test_recours_ta_in_eml_is_a_usage_error(letter_home):
    referred(letter_home)
    for args in (("recours-ta",), ()):  # named, or chosen from the state
        code, out, err = letter_home("--today", "2020-09-01", "letter", REF, *args, "-f", "eml")
        line = one_line_error(err)
        assert code == 2 and out == ""
        assert "format eml is for letters" in line and "--format pdf" in line


# --- --output and --json --------------------------------------------------------------------------


def test_output_file_is_refused_when_it_exists(letter_home, tmp_path):
    target = tmp_path / "l.txt"
    target.write_text("keep")
    code, _, err = letter_home("--today", "2020-03-01", "letter", REF, "-o", str(target))
    assert code == 4 and "--force" in err and target.read_text() == "keep"
    code, _, err = letter_home("--today", "2020-03-01", "letter", REF, "-o", str(target), "--force")
    assert code == 0 and "Relance" in target.read_text()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".l.txt")] == []


def test_a_dangling_symbolic_link_is_not_replaced_without_force(letter_home, tmp_path):
    # the link exists even though its target does not (a share not mounted, a file moved)
    link = tmp_path / "l.txt"
    link.symlink_to(tmp_path / "elsewhere" / "l.txt")
    code, _, err = letter_home("--today", "2020-03-01", "letter", REF, "-o", str(link))
    assert code == 4 and "--force" in err and link.is_symlink(), err


def test_an_output_inside_a_file_says_it_is_a_file(letter_home, tmp_path):
    (tmp_path / "f.txt").write_text("keep")
    code, _, err = letter_home("--today", "2020-03-01", "letter", REF, "-o",
                               str(tmp_path / "f.txt" / "l.txt"))
    assert code == 1 and "f.txt is a file, not a folder" in err, err
    assert (tmp_path / "f.txt").read_text() == "keep"


@pytest.mark.slow
def test_letter_json_is_one_document(letter_home, tmp_path):
    out, err = ok(letter_home, "--today", "2020-03-20", "letter", REF, "--json")
    doc = json.loads(out)
    assert doc["reference"] == REF and doc["kind"] == "saisine-cada" and doc["chosen"] is True
    assert doc["format"] == "text" and doc["path"] is None
    assert doc["body"].startswith("Camille Durand") and "R343-1" in doc["body"]
    assert doc["sha256"] == hashlib.sha256(doc["body"].encode("utf-8")).hexdigest()
    assert isinstance(doc["warnings"], list)
    assert not any(w.startswith("letter: ") for w in doc["warnings"])
    target = tmp_path / "s.pdf"
    out, _ = ok(letter_home, "--today", "2020-03-20", "letter", REF, "saisine-cada", "-f", "pdf",
                "-o", str(target), "--json")
    doc = json.loads(out)
    assert doc["body"] is None and doc["path"] == str(target) and doc["format"] == "pdf"
    assert doc["sha256"] == hashlib.sha256(target.read_bytes()).hexdigest()
    out, _ = ok(letter_home, "letter", "templates", "--json")
    assert "templates" in json.loads(out)
