"""`cada letter` and `cada escalate`: golden letters, formats, freezing, dossier, errors."""

from __future__ import annotations

import email
import io
import zipfile
from email import policy
from pathlib import Path

import pytest

REF = "2020-001"


def letter(cada, today: str, *args: str) -> str:
    code, out, err = cada("--today", today, "letter", REF, *args)
    assert code == 0, err
    return out


# --- golden files: every template with the representative request -------------------------


def test_golden_demande_is_the_frozen_text(demo, golden):
    golden("demande.txt", letter(demo, "2020-02-10", "demande"))


def test_golden_relance_before_refusal(demo, golden):
    out = letter(demo, "2020-03-01")  # next letter: relance
    assert "Objet : Relance" in out
    golden("relance.txt", out)


def test_golden_demande_motifs(demo, golden):
    golden("demande-motifs.txt", letter(demo, "2020-03-20", "demande-motifs"))


def test_golden_saisine_cada_all_text_formats(demo, golden):
    out = letter(demo, "2020-03-20")  # next letter: saisine-cada
    assert "R343-1" in out and "Madame, Monsieur," in out
    golden("saisine-cada.txt", out)
    golden("saisine-cada.md", letter(demo, "2020-03-20", "saisine-cada", "--format", "markdown"))
    golden("saisine-cada.html", letter(demo, "2020-03-20", "saisine-cada", "--format", "html"))


def test_golden_information_saisine(demo, golden):
    assert demo("--today", "2020-03-20", "log", REF, "cada-sent", "--on", "2020-03-20")[0] == 0
    out = letter(demo, "2020-03-21")  # next letter: information-saisine
    assert "Objet : Information" in out
    golden("information-saisine.txt", out)


def test_golden_recours_ta(demo, golden):
    for args in (("cada-sent", "--on", "2020-03-20"), ("cada-registered", "--on", "2020-03-25")):
        assert demo("--today", "2020-03-25", "log", REF, *args)[0] == 0
    out = letter(demo, "2020-09-01", "--court", "Tribunal administratif de Montpellier")
    assert "PAR CES MOTIFS" in out and "L911-1" in out
    golden("recours-ta.txt", out)


def test_golden_demande_environmental(demo, golden):
    code, _, err = demo("--today", "2020-02-07", "new", "--authority", "ville-de-montpellier",
                        "--subject", "qualité de l'air", "--ref", "2020-002", "--environmental",
                        "--document", "les relevés des capteurs de qualité de l'air de 2019")
    assert code == 0, err
    code, out, err = demo("--today", "2020-02-07", "letter", "2020-002")
    assert code == 0, err
    assert "L124-1" in out and "R124-1" in out
    golden("demande-environnement.txt", out)


# --- formats ---------------------------------------------------------------------------------


def test_pdf_is_a_valid_a4_letter(demo, tmp_path):
    from pypdf import PdfReader

    target = tmp_path / "saisine.pdf"
    code, _, err = demo("--today", "2020-03-20", "letter", REF, "saisine-cada", "-f", "pdf",
                        "-o", str(target))
    assert code == 0, err
    reader = PdfReader(str(target))
    assert len(reader.pages) == 2
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Saisine de la Commission d'accès aux documents administratifs" in text
    assert "salutations distinguées" in text


def test_pdf_core_font_fallback_transliterates():
    from pypdf import PdfReader

    from cada_tracker.render.letters import LetterDoc
    from cada_tracker.render.pdf import render_pdf

    doc = LetterDoc("demande", ["Zoé Lœwy"], ["Mairie"], "Le 7 février 2020",
                    ["Objet : Vœux — l’accès"], "Madame, Monsieur,\n\nCorps.", ["Zoé Lœwy"],
                    reference="X")
    data = render_pdf(doc, fonts=False)
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Voeux - l'accès" in text


def test_pdf_needs_output(demo):
    code, out, err = demo("--today", "2020-03-20", "letter", REF, "-f", "pdf")
    assert code == 2 and "-o" in err and out == ""


def test_eml_parses_back(demo):
    out = letter(demo, "2020-03-01", "relance", "--format", "eml")
    msg = email.message_from_string(out, policy=policy.default)
    assert msg["From"].addresses[0].addr_spec == "camille.durand@example.org"
    assert msg["To"].addresses[0].addr_spec == "cada@ville-montpellier.fr"
    assert REF in msg["Subject"] and msg["Subject"].startswith("Relance")
    assert msg["Date"].datetime.date().isoformat() == "2020-03-01"
    body = msg.get_body(("plain",)).get_content()
    assert body.startswith("Réf. : 2020-001") and "salutations distinguées" in body


def test_eml_saisine_goes_to_the_cada(demo):
    out = letter(demo, "2020-03-20", "saisine-cada", "--format", "eml")
    msg = email.message_from_string(out, policy=policy.default)
    assert msg["To"].addresses[0].addr_spec == "cada@cada.fr"


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


def test_output_file_is_refused_when_it_exists(demo, tmp_path):
    target = tmp_path / "l.txt"
    target.write_text("keep")
    code, _, err = demo("--today", "2020-03-01", "letter", REF, "-o", str(target))
    assert code == 4 and "--force" in err and target.read_text() == "keep"
    code, _, err = demo("--today", "2020-03-01", "letter", REF, "-o", str(target), "--force")
    assert code == 0 and "Relance" in target.read_text()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".l.txt")] == []


# --- freezing --------------------------------------------------------------------------------


def test_frozen_letter_survives_a_template_edit(demo, tmp_path):
    sent = letter(demo, "2020-03-01", "demande")
    user_dir = tmp_path / "home" / "letter_templates"
    user_dir.mkdir()
    (user_dir / "demande.j2").write_text("Objet : autre\n\nAutre texte.\n", encoding="utf-8")
    assert letter(demo, "2020-03-01", "demande") == sent
    # A new request uses the user's template.
    code, _, _ = demo("--today", "2020-03-01", "new", "--authority", "ville-de-montpellier",
                      "--subject", "autre", "--ref", "2020-009")
    assert code == 0
    code, out, _ = demo("--today", "2020-03-01", "letter", "2020-009")
    assert "Autre texte." in out and "Objet : autre" in out


def test_frozen_letters_service(demo, tmp_path):
    import hashlib

    from cada_tracker.domain.letters import frozen_letter_json
    from cada_tracker.paths import resolve_settings
    from cada_tracker.storage.db import session_scope
    from cada_tracker.storage.letters import frozen_letters
    from cada_tracker.storage.requests import get_request
    from cada_tracker.storage.sql import session_query

    with session_scope(resolve_settings()) as session:
        req = get_request(session, REF)
        rows = [frozen_letter_json(lt) for lt in frozen_letters(session_query(session), req.id)]
    assert [(r["kind"], r["date"]) for r in rows] == [("demande", "2020-02-07")]
    assert rows[0]["sha256"] == hashlib.sha256(rows[0]["body"].encode()).hexdigest()


# --- templates listing and overrides -----------------------------------------------------------


def test_templates_lists_origin(demo, tmp_path):
    user_dir = tmp_path / "home" / "letter_templates"
    user_dir.mkdir()
    (user_dir / "relance.j2").write_text("Objet : x\n\ny\n", encoding="utf-8")
    (user_dir / "remerciements.j2").write_text("Objet : Merci\n\nMerci.\n", encoding="utf-8")
    code, out, _ = demo("letter", "templates")
    assert code == 0
    lines = {line.split()[0]: line for line in out.splitlines()[1:-1]}
    assert set(lines) == {"demande", "relance", "demande-motifs", "saisine-cada",
                          "information-saisine", "recours-ta", "remerciements"}
    assert "packaged" in lines["demande"] and "overrides" in lines["relance"]
    assert "user" in lines["remerciements"]
    assert "Merci." in letter(demo, "2020-03-01", "remerciements")


# --- bad input -------------------------------------------------------------------------------


def test_template_syntax_error_names_file_and_line(demo, tmp_path):
    user_dir = tmp_path / "home" / "letter_templates"
    user_dir.mkdir()
    (user_dir / "relance.j2").write_text("Objet : x\n\n{% if %}\n", encoding="utf-8")
    code, out, err = demo("--today", "2020-03-01", "letter", REF, "relance")
    assert code == 1 and out == ""
    assert "relance.j2, line 3" in err and len(err.strip().splitlines()) == 1


def test_unknown_variable_is_named_and_nothing_written(demo, tmp_path):
    user_dir = tmp_path / "home" / "letter_templates"
    user_dir.mkdir()
    (user_dir / "relance.j2").write_text("Objet : x\n\n{{ requester.phone }}\n",
                                         encoding="utf-8")
    target = tmp_path / "out.pdf"
    code, _, err = demo("--today", "2020-03-01", "letter", REF, "relance", "-f", "pdf",
                        "-o", str(target))
    assert code == 1 and "phone" in err and "line 3" in err
    assert not target.exists() and list(tmp_path.glob(".out.pdf*")) == []


def test_missing_profile(cada):
    cada("authority", "add", "Mairie")
    # Without a profile, even the draft of `cada new` cannot be written.
    code, _, err = cada("--today", "2020-02-07", "new", "--authority", "mairie",
                        "--subject", "x", "--ref", "X-1")
    assert code == 1 and "cada init" in err


def test_authority_without_email_for_eml(cada):
    cada("init", "--name", "A", "--email", "a@example.org")
    cada("authority", "add", "Mairie")
    cada("--today", "2020-02-07", "new", "--authority", "mairie", "--subject", "x", "--ref", "X")
    code, out, err = cada("--today", "2020-02-07", "letter", "X", "-f", "eml")
    assert code == 1 and "no e-mail" in err and out == ""


def test_unknown_kind_and_format(demo):
    code, _, err = demo("--today", "2020-03-01", "letter", REF, "lettre-d-amour")
    assert code == 3 and "saisine-cada" in err
    code, _, err = demo("--today", "2020-03-01", "letter", REF, "-f", "docx")
    assert code == 2


def test_letter_the_history_cannot_support(demo):
    code, _, err = demo("--today", "2020-03-01", "letter", REF, "recours-ta")
    assert code == 4 and "confirmed" in err


# --- the CADA dossier ------------------------------------------------------------------------


def test_escalate_builds_folder_and_zip(demo, tmp_path):
    code, out, err = demo("--today", "2020-03-20", "escalate", REF)
    assert code == 0, err
    folder = tmp_path / "saisine-cada-2020-001"
    assert "cada log 2020-001 cada-sent" in out
    bordereau = (folder / "bordereau.txt").read_text(encoding="utf-8")
    listed = sorted(line.split(" — fichier ")[1] for line in bordereau.splitlines()
                    if " — fichier " in line)
    assert listed == ["piece-01-demande.pdf", "piece-02-note-silence.txt"]
    with zipfile.ZipFile(tmp_path / "saisine-cada-2020-001.zip") as zf:
        names = sorted(Path(n).name for n in zf.namelist())
    assert names == sorted(listed + ["bordereau.txt", "saisine-cada.pdf", "saisine-cada.txt"])
    note = (folder / "piece-02-note-silence.txt").read_text(encoding="utf-8")
    assert "10 février 2020" in note and "10 mars 2020" in note
    # The request as sent (frozen) is exhibit 1.
    from pypdf import PdfReader

    text = PdfReader(str(folder / "piece-01-demande.pdf")).pages[0].extract_text()
    assert "Demande de communication de documents administratifs" in " ".join(text.split())


def test_escalate_refuses_existing_path_and_wrong_state(demo, tmp_path):
    assert demo("--today", "2020-03-20", "escalate", REF)[0] == 0
    code, _, err = demo("--today", "2020-03-20", "escalate", REF)
    assert code == 4 and "--force" in err
    assert demo("--today", "2020-03-20", "escalate", REF, "--force")[0] == 0
    code, _, err = demo("--today", "2020-03-01", "escalate", REF, "-o", str(tmp_path / "d"))
    assert code == 4 and "awaiting-reply" in err
    assert not (tmp_path / "d").exists()


@pytest.mark.parametrize("kind", ["demande", "relance", "saisine-cada"])
def test_markdown_and_text_agree_on_words(demo, kind):
    text = letter(demo, "2020-03-20", kind)
    md = letter(demo, "2020-03-20", kind, "-f", "markdown")
    assert "salutations distinguées" in text and "salutations distinguées" in md

