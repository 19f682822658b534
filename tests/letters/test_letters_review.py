"""Fixes from the legal review of the letters: relance after a refusal or a CADA referral,
required exhibits, late CADA referrals, specimen letters of illustrative requests, wording."""

from __future__ import annotations

import email
import io
import zipfile
from email import policy
from pathlib import Path

import pytest

REF = "2020-001"
SPECIMEN = "SPÉCIMEN — démonstration, ne pas envoyer"


def ok(cada, *args: str) -> tuple[str, str]:
    code, out, err = cada(*args)
    assert code == 0, (args, out, err)
    return out, err


def log(cada, today: str, ref: str, *args: str) -> None:
    ok(cada, "--today", today, "log", ref, *args)


def letter(cada, today: str, ref: str, *args: str) -> tuple[str, str]:
    return ok(cada, "--today", today, "letter", ref, *args)


def body(text: str) -> str:
    """The letter from "Madame, Monsieur," on (the heading repeats the request's dates)."""
    return text[text.index("Madame, Monsieur,"):]


def new_2023(cada, ref: str = "2023-001", *, ack: str | None = None) -> str:
    """A request received on Friday 3 March 2023: B = 3 April 2023; referral by Monday 5 June
    2023 (Saturday 3 June, moved by CPC 642). ack: "complete" or "incomplete"."""
    ok(cada, "--today", "2023-03-01", "new", "--authority", "ville-de-montpellier",
       "--subject", "Vidéoprotection", "--ref", ref, "--document", "le marché de 2022")
    log(cada, "2023-03-01", ref, "sent", "--on", "2023-03-01")
    log(cada, "2023-03-03", ref, "received", "--on", "2023-03-03")
    if ack:
        log(cada, "2023-03-06", ref, "acknowledged", "--on", "2023-03-06", f"--{ack}")
    return ref


def attach(cada, tmp_path: Path, ref: str, event: str, name: str) -> None:
    path = tmp_path / name
    path.write_text(f"Contenu de {name}\n", encoding="utf-8")
    ok(cada, "--today", "2023-12-31", "attach", ref, str(path), "--event", event)


def zip_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as zf:
        return sorted(Path(n).name for n in zf.namelist())


def bordereau_files(folder: Path) -> list[str]:
    text = (folder / "bordereau.txt").read_text(encoding="utf-8")
    return sorted(line.split(" — fichier ")[1] for line in text.splitlines()
                  if " — fichier " in line)


# --- 1. relance after an explicit refusal; the acknowledgment -------------------------------


@pytest.mark.parametrize("today", ["2020-02-25", "2020-03-20"])  # before and after B
def test_relance_after_explicit_refusal_names_the_decision(demo, today):
    log(demo, "2020-02-20", REF, "reply", "--outcome", "refused", "--on", "2020-02-20")
    out, err = letter(demo, today, REF, "relance")
    text = body(out)
    assert "Par une décision du 20 février 2020, vous avez refusé de me communiquer" in text
    assert "sans réponse" not in text and "aucune réponse" not in text
    assert "votre silence" not in text and "vaudra décision implicite" not in text
    assert "reconsidérer cette position" in text
    # A recours gracieux does not keep the CADA deadline (L412-4): said on stderr.
    assert "L412-4" in err and f"cada escalate {REF}" in err


def test_relance_after_partial_refusal_asks_for_the_rest(demo):
    log(demo, "2020-02-20", REF, "reply", "--outcome", "partial", "--on", "2020-02-20")
    text = body(letter(demo, "2020-03-20", REF, "relance")[0])
    assert "vous ne m'avez communiqué qu'une partie des documents demandés" in text
    assert "les documents qui ne m'ont pas été communiqués" in text
    assert "sans réponse" not in text


def test_relance_does_not_deny_a_recorded_acknowledgment(demo):
    log(demo, "2020-02-12", REF, "acknowledged", "--on", "2020-02-12")
    text = body(letter(demo, "2020-03-01", REF, "relance")[0])
    assert "je n'ai reçu aucune réponse" in text and "accusé de réception" not in text


def test_relance_after_a_non_refusing_reply_does_not_say_no_answer(demo):
    log(demo, "2020-02-15", REF, "reply", "--outcome", "clarification-requested",
        "--on", "2020-02-15")
    text = body(letter(demo, "2020-03-01", REF, "relance")[0])
    assert "aucune réponse" not in text
    assert "vous ne m'avez pas communiqué les documents demandés" in text


# --- 2. relance after the CADA referral ----------------------------------------------------


@pytest.mark.parametrize("today,opinion", [
    ("2020-04-01", False),  # cada-referred
    ("2020-05-01", True),  # cada-opinion
    ("2020-09-01", False),  # confirmed-refusal (K = 24 August 2020)
])
def test_relance_after_the_cada_referral_says_it_was_referred(demo, today, opinion):
    log(demo, "2020-03-20", REF, "cada-sent", "--on", "2020-03-20")
    log(demo, "2020-03-25", REF, "cada-registered", "--on", "2020-03-25")
    if opinion:
        log(demo, "2020-04-20", REF, "cada-opinion", "--outcome", "favorable",
            "--on", "2020-04-20")
    text = body(letter(demo, today, REF, "relance")[0])
    assert ("J'ai saisi la Commission d'accès aux documents administratifs (CADA) de ce refus "
            "le 20 mars 2020 (enregistrement le 25 mars 2020).") in text
    assert "je saisirai" not in text and "À défaut" not in text
    assert ("R343-3" in text) == opinion
    assert ("avis le 20 avril 2020" in text) == opinion


# --- 3. exhibits ---------------------------------------------------------------------------


def test_saisine_lists_the_refusal_to_join_when_no_file(demo, tmp_path):
    log(demo, "2020-02-20", REF, "reply", "--outcome", "refused", "--on", "2020-02-20")
    out, err = letter(demo, "2020-03-20", REF, "saisine-cada")
    assert "Pièce n° 2 : [à joindre : Décision de refus du 20 février 2020]" in out
    assert "(pièce n° 2)" in out
    assert "exhibit 2" in err and "R343-1" in err and "--event reply" in err
    # escalate: listed "à joindre" in the bordereau, and no file for it.
    code, out, err = demo("--today", "2020-03-20", "escalate", REF)
    assert code == 0, err
    folder = tmp_path / "saisine-cada-2020-001"
    bordereau = (folder / "bordereau.txt").read_text(encoding="utf-8")
    assert "Pièce n° 2 : Décision de refus du 20 février 2020 — à joindre" in bordereau
    listed = bordereau_files(folder)
    assert listed == ["piece-01-demande.pdf"]
    assert zip_names(tmp_path / "saisine-cada-2020-001.zip") == sorted(
        listed + ["bordereau.txt", "saisine-cada.pdf", "saisine-cada.txt"])
    assert sorted(p.name for p in folder.iterdir()) == zip_names(
        tmp_path / "saisine-cada-2020-001.zip")


def test_saisine_joins_the_attached_refusal_and_acknowledgment(demo, tmp_path):
    log(demo, "2020-02-12", REF, "acknowledged", "--on", "2020-02-12")
    log(demo, "2020-02-20", REF, "reply", "--outcome", "refused", "--on", "2020-02-20")
    attach(demo, tmp_path, REF, "reply", "refus.txt")
    out, err = letter(demo, "2020-03-20", REF, "saisine-cada")
    # The acknowledgment, recorded without a file, is listed to join.
    assert ("Pièce n° 2 : [à joindre : Accusé de réception de l'administration du "
            "12 février 2020]") in out
    assert "Pièce n° 3 : Décision de refus du 20 février 2020 (refus.txt)" in out
    assert "exhibit 2" in err and "exhibit 3" not in err
    code, _, err = demo("--today", "2020-03-20", "escalate", REF)
    assert code == 0, err
    folder = tmp_path / "saisine-cada-2020-001"
    listed = bordereau_files(folder)
    assert listed == ["piece-01-demande.pdf", "piece-03-refus.txt"]
    assert zip_names(tmp_path / "saisine-cada-2020-001.zip") == sorted(
        listed + ["bordereau.txt", "saisine-cada.pdf", "saisine-cada.txt"])
    assert (folder / "piece-03-refus.txt").read_text(encoding="utf-8") == \
        "Contenu de refus.txt\n"


def _referred(demo) -> None:
    log(demo, "2020-03-20", REF, "cada-sent", "--on", "2020-03-20")
    log(demo, "2020-03-25", REF, "cada-registered", "--on", "2020-03-25")


def test_recours_ta_always_lists_the_proof_of_the_referral(demo):
    _referred(demo)
    log(demo, "2020-04-20", REF, "cada-opinion", "--outcome", "favorable", "--on", "2020-04-20")
    out, err = letter(demo, "2020-09-01", REF, "recours-ta")
    for line in ("Pièce n° 2 : [à joindre : Saisine de la CADA du 20 mars 2020]",
                 "Pièce n° 3 : [à joindre : Accusé d'enregistrement de la saisine par la CADA "
                 "du 25 mars 2020]",
                 "Pièce n° 4 : [à joindre : Avis de la CADA du 20 avril 2020]"):
        assert line in out
    assert "Par un avis du 20 avril 2020 (pièce n° 4)" in out
    assert "R412-1" in err and "--event cada-sent" in err and "--event cada-registered" in err


def test_recours_ta_joins_attached_referral_and_confirmation(demo, tmp_path):
    _referred(demo)
    log(demo, "2020-05-05", REF, "reply", "--outcome", "refused", "--on", "2020-05-05")
    attach(demo, tmp_path, REF, "cada-sent", "saisine.txt")
    attach(demo, tmp_path, REF, "cada-registered", "enregistrement.txt")
    out, err = letter(demo, "2020-06-01", REF, "recours-ta")
    assert "Pièce n° 2 : Saisine de la CADA du 20 mars 2020 (saisine.txt)" in out
    assert ("Pièce n° 3 : Accusé d'enregistrement de la saisine par la CADA du 25 mars 2020 "
            "(enregistrement.txt)") in out
    # The contested decision has no file: listed to join, with the CJA R412-1 warning.
    assert "Pièce n° 4 : [à joindre : Décision confirmant le refus du 5 mai 2020]" in out
    assert "exhibit 4" in err and "R412-1" in err
    assert "exhibit 2" not in err and "exhibit 3" not in err


# --- 4. late CADA referral -------------------------------------------------------------------


def test_note_gives_the_referral_deadline_with_its_prorogation(demo, tmp_path):
    ref = new_2023(demo)
    ok(demo, "--today", "2023-04-10", "escalate", ref)
    note = (tmp_path / "saisine-cada-2023-001" / "piece-02-note-silence.txt").read_text(
        encoding="utf-8")
    assert ("deux mois à compter de cette date, soit jusqu'au 5 juin 2023 (échéance du "
            "3 juin 2023 reportée au premier jour ouvrable suivant, article 642 du code de "
            "procédure civile).") in note


def test_note_without_prorogation_says_nothing_of_cpc_642(demo, tmp_path):
    ok(demo, "--today", "2023-03-01", "new", "--authority", "ville-de-montpellier",
       "--subject", "x", "--ref", "2023-002")
    log(demo, "2023-03-06", "2023-002", "sent", "--on", "2023-03-06")
    log(demo, "2023-03-06", "2023-002", "received", "--on", "2023-03-06")  # B = 6 April
    ok(demo, "--today", "2023-04-10", "escalate", "2023-002")
    note = (tmp_path / "saisine-cada-2023-002" / "piece-02-note-silence.txt").read_text(
        encoding="utf-8")
    assert "soit jusqu'au 6 juin 2023." in note and "642" not in note


def test_late_referral_not_opposable_argues_instead_of_confessing(demo, tmp_path):
    ref = new_2023(demo, ack="incomplete")
    out, err = ok(demo, "--today", "2023-07-01", "escalate", ref)
    folder = tmp_path / "saisine-cada-2023-001"
    note = (folder / "piece-03-note-silence.txt").read_text(encoding="utf-8")
    sentence = ("Faute d'accusé de réception comportant les mentions prévues à l'article "
                "R112-5, le délai de deux mois ne m'est pas opposable (CRPA L112-6 ; "
                "CE 11 juill. 2016, n° 391899)")
    assert sentence in note
    assert "jusqu'au" not in note and "5 juin 2023" not in note
    letter_text = (folder / "saisine-cada.txt").read_text(encoding="utf-8")
    faits = letter_text[letter_text.index("FAITS"):letter_text.index("DEMANDE\n")]
    assert sentence in faits
    assert "dans le délai de deux mois" not in letter_text


def test_late_referral_after_explicit_refusal_without_remedies(demo):
    ref = new_2023(demo)
    log(demo, "2023-03-20", ref, "reply", "--outcome", "refused", "--no-mentions-remedies",
        "--on", "2023-03-20")
    out, _ = letter(demo, "2023-07-01", ref, "saisine-cada")
    assert "le délai de deux mois ne m'est pas opposable (CRPA L412-3 ; CE 11 juill. 2016" in out


def test_escalate_refuses_an_opposable_passed_deadline_unless_forced(demo, tmp_path):
    ref = new_2023(demo, ack="complete")
    code, out, err = demo("--today", "2023-07-01", "escalate", ref)
    assert code == 4 and out == ""
    assert "deadline to refer to the CADA has passed" in err and "2023-06-05" in err
    assert "--force" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "saisine-cada-2023-001").exists()
    ok(demo, "--today", "2023-07-01", "escalate", ref, "--force")
    note = (tmp_path / "saisine-cada-2023-001" / "piece-03-note-silence.txt").read_text(
        encoding="utf-8")
    assert "jusqu'au" not in note and "pas opposable" not in note
    # Within the deadline, the same request escalates without --force.
    ok(demo, "--today", "2023-06-05", "escalate", ref, "-o", str(tmp_path / "in-time"))


# --- 5. specimen letters of illustrative requests ------------------------------------------


@pytest.fixture
def illustrative(demo):
    from cada_tracker.paths import resolve_settings
    from cada_tracker.services.requests import get_request
    from cada_tracker.storage.db import session_scope

    with session_scope(resolve_settings()) as session:
        get_request(session, REF).illustrative = True
    return demo


def test_specimen_text_markdown_html(illustrative):
    for kind in ("demande", "relance", "saisine-cada"):
        out, err = letter(illustrative, "2020-03-20", REF, kind)
        assert out.splitlines()[0] == SPECIMEN, kind
        assert "illustrative" in err
    md = letter(illustrative, "2020-03-20", REF, "saisine-cada", "-f", "markdown")[0]
    assert md.splitlines()[0] == f"**{SPECIMEN}**"
    html = letter(illustrative, "2020-03-20", REF, "saisine-cada", "-f", "html")[0]
    after_body = html[html.index("<body>") + len("<body>"):].lstrip()
    assert after_body.startswith(f'<p class="specimen">{SPECIMEN}</p>')


def test_specimen_eml_subject(illustrative):
    out = letter(illustrative, "2020-03-01", REF, "relance", "-f", "eml")[0]
    msg = email.message_from_string(out, policy=policy.default)
    assert msg["Subject"].startswith("[SPÉCIMEN] Relance")
    assert msg.get_body(("plain",)).get_content().startswith(SPECIMEN)


def test_specimen_pdf_mark_on_every_page(illustrative, tmp_path):
    from pypdf import PdfReader

    target = tmp_path / "s.pdf"
    ok(illustrative, "--today", "2020-03-20", "letter", REF, "saisine-cada", "-f", "pdf",
       "-o", str(target))
    reader = PdfReader(str(target))
    assert len(reader.pages) >= 2
    for page in reader.pages:
        assert SPECIMEN in " ".join(page.extract_text().split())


def test_no_specimen_mark_on_a_real_request(demo, tmp_path):
    from pypdf import PdfReader

    assert SPECIMEN not in letter(demo, "2020-03-20", REF, "saisine-cada")[0]
    target = tmp_path / "s.pdf"
    ok(demo, "--today", "2020-03-20", "letter", REF, "saisine-cada", "-f", "pdf",
       "-o", str(target))
    data = target.read_bytes()
    assert "SPÉCIMEN" not in " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_escalate_specimen_is_not_to_be_sent(illustrative, tmp_path):
    from pypdf import PdfReader

    out, _ = ok(illustrative, "--today", "2020-03-20", "escalate", REF)
    assert "send the referral" not in out and "cada-sent" not in out
    assert "specimen" in out and "do not send it to the CADA" in out
    folder = tmp_path / "saisine-cada-2020-001"
    for name in ("saisine-cada.txt", "bordereau.txt", "piece-02-note-silence.txt"):
        assert (folder / name).read_text(encoding="utf-8").startswith(SPECIMEN), name
    for name in ("saisine-cada.pdf", "piece-01-demande.pdf"):
        text = PdfReader(str(folder / name)).pages[0].extract_text()
        assert SPECIMEN in " ".join(text.split()), name


# --- 6. wording ----------------------------------------------------------------------------


def test_wording_of_the_review(demo):
    demande = letter(demo, "2020-02-10", REF, "demande")[0]
    assert "décision que je pourrai soumettre à la CADA" in demande
    assert "relatifs à l'objet suivant : Observatoire" in demande
    assert "R*311-12" in demande
    saisine = body(letter(demo, "2020-03-20", REF, "saisine-cada")[0])
    assert "le silence gardé pendant un mois sur cette demande" in saisine
    assert saisine.count("10 février 2020") == 1  # the receipt date, once
    assert ("par courrier électronique et sans frais lorsqu'ils sont disponibles sous forme "
            "électronique (article L311-9 du CRPA)") in saisine


def test_demande_motifs_after_the_cada(demo):
    _referred(demo)
    text = letter(demo, "2020-09-01", REF, "demande-motifs")[0]
    assert ("Ma saisine de la Commission d'accès aux documents administratifs (CADA), "
            "enregistrée le 25 mars 2020, n'a été suivie d'aucune communication") in text
    assert "(articles R*343-4 et R343-5 du CRPA)" in text


def test_recours_ta_registration_wording(demo):
    _referred(demo)
    text = letter(demo, "2020-09-01", REF, "recours-ta")[0]
    assert "le 20 mars 2020 (pièce n° 2) ; celle-ci a enregistré ma demande le 25 mars 2020" \
        in text


def test_environmental_demande_cites_l124_6(demo):
    ok(demo, "--today", "2020-02-07", "new", "--authority", "ville-de-montpellier",
       "--subject", "air", "--ref", "2020-002", "--environmental", "--document", "relevés")
    text = letter(demo, "2020-02-07", "2020-002")[0]
    assert "(article L124-6 du code de l'environnement)" in text


def test_escalate_refuses_after_the_long_stop_unless_forced(demo, tmp_path):
    ref = new_2023(demo)  # no acknowledgment: the two months are not opposable
    code, _, err = demo("--today", "2024-05-02", "escalate", ref)
    assert code == 4 and "reasonable time" in err and "--force" in err
    assert not (tmp_path / "saisine-cada-2023-001").exists()
    ok(demo, "--today", "2024-05-02", "escalate", ref, "--force")


def test_recours_ta_court_from_the_department(demo):
    _referred(demo)
    out, err = letter(demo, "2020-09-01", REF, "recours-ta")  # authority in department 34
    assert "Tribunal administratif de Montpellier\nÀ l'attention de Madame la Présidente" in out
    assert "[à compléter : tribunal" not in out
    assert "R221-3" in err and "--court" in err
    # --court wins; no note then.
    out, err = letter(demo, "2020-09-01", REF, "recours-ta", "--court", "Tribunal administratif "
                      "de Nîmes")
    assert "Tribunal administratif de Nîmes" in out and "R221-3" not in err


def test_recours_ta_court_table():
    from cada_tracker.services.letters import court_table, default_court

    metropolitan = {f"{i:02d}" for i in range(1, 96) if i != 20} | {"2A", "2B"}
    assert set(court_table()) == metropolitan
    assert default_court("34") == "Tribunal administratif de Montpellier"
    assert default_court("30") == "Tribunal administratif de Nîmes"
    assert default_court("45") == "Tribunal administratif d'Orléans"
    assert default_court("1") == "Tribunal administratif de Lyon"
    assert default_court("2a") == "Tribunal administratif de Bastia"
    assert default_court("971") is None and default_court(None) is None


def test_recours_ta_without_department_keeps_the_placeholder(demo):
    ok(demo, "authority", "add", "Syndicat mixte", "--email", "s@example.org")
    ok(demo, "--today", "2020-02-07", "new", "--authority", "syndicat-mixte", "--subject", "x",
       "--ref", "2020-003")
    log(demo, "2020-02-07", "2020-003", "sent", "--on", "2020-02-07")
    log(demo, "2020-02-10", "2020-003", "received", "--on", "2020-02-10")
    log(demo, "2020-03-20", "2020-003", "cada-sent", "--on", "2020-03-20")
    log(demo, "2020-03-25", "2020-003", "cada-registered", "--on", "2020-03-25")
    out, err = letter(demo, "2020-09-01", "2020-003", "recours-ta")
    assert "Tribunal administratif de [à compléter" in out and "R221-3" not in err
