"""Letters item by item and the requester's arguments (issue 9, points 7a and 10).

letter_home: the 2020 request (three documents), sent Friday 7 February 2020, received Monday
10 February 2020 (B = Tuesday 10 March 2020)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.services.letters.helpers import REF, body, log, one_line_error, text_of

GROUND = "secret des affaires (L311-6 1°)"


def partial_reply(cada) -> None:
    # Monday 2 March 2020: document 1 received, 2 refused with a ground, 3 not held
    log(cada, "2020-03-02", REF, "reply", "--on", "2020-03-02", "--outcome", "partial",
        "--items", "1", "--refused-items", "2", "--grounds", GROUND, "--not-held-items", "3")


def referred(cada) -> None:
    log(cada, "2020-03-20", REF, "cada-sent", "--on", "2020-03-20")
    log(cada, "2020-03-25", REF, "cada-registered", "--on", "2020-03-25")


def arguments(cada) -> str | None:
    return cada("--today", "2020-09-01", "show", REF, "--json").json["arguments"]


# --- the reminder asks for what is still missing ---------------------------------------------------


def test_relance_after_a_partial_reply_asks_only_for_the_missing_items(letter_home, golden):
    partial_reply(letter_home)
    out = text_of(letter_home, "2020-03-05", "relance")
    text = body(out)
    assert ("Dans cette réponse, vous m'avez communiqué le document n° 1 ; vous avez refusé de "
            f"me communiquer le document n° 2 en invoquant « {GROUND} » et vous m'avez indiqué "
            "ne pas détenir le document n° 3.") in text
    asked = text[text.index("me communiquer dans les meilleurs délais le document suivant :"):]
    assert "2. la liste des données" in asked
    assert "1. la convention" not in asked and "3. les comptes rendus" not in asked
    golden("relance-items.txt", out)


def test_relance_after_a_partly_favorable_opinion_asks_only_what_the_cada_found_communicable(
        letter_home):
    # every document refused (Mon 2 Mar 2020), referral, then Mon 4 May 2020: the CADA finds
    # document 3 communicable only
    log(letter_home, "2020-03-02", REF, "reply", "--on", "2020-03-02", "--outcome", "refused",
        "--refused-items", "1,2,3", "--grounds", GROUND)
    referred(letter_home)
    log(letter_home, "2020-05-04", REF, "cada-opinion", "--on", "2020-05-04", "--outcome",
        "partly-favorable", "--items", "3")
    text = body(text_of(letter_home, "2020-05-11", "relance"))
    assert "elle s'y prononce en faveur de la communication du document n° 3." in text
    asked = text[text.index("sans plus tarder le document suivant, que la commission a estimé "
                            "communicable"):]
    assert "3. les comptes rendus" in asked
    assert "1. la convention" not in asked and "2. la liste" not in asked


def test_relance_without_item_options_keeps_its_general_wording(letter_home):
    log(letter_home, "2020-03-02", REF, "reply", "--on", "2020-03-02", "--outcome", "partial")
    text = body(text_of(letter_home, "2020-03-05", "relance"))
    assert "les documents qui ne m'ont pas été communiqués dans les meilleurs délais" in text
    assert "Dans cette réponse" not in text


# --- the grounds invoked and the requester's arguments ---------------------------------------------


def test_saisine_quotes_the_grounds_and_the_arguments_as_plain_text(letter_home, tmp_path, golden):
    partial_reply(letter_home)
    path = tmp_path / "arguments.txt"
    path.write_text("Le document n° 2 ne relève d'aucun secret : {{ requester.name }} {% if x %}.\n\n"
                    "La commission l'a jugé communicable dans un cas semblable.\n", encoding="utf-8")
    code, out, err = letter_home("--today", "2020-03-20", "letter", REF, "saisine-cada",
                                 "--arguments-file", str(path))
    assert code == 0, err
    assert f"arguments from {path} stored with {REF} (2 paragraph(s))" in err
    assert (f"La Ville de Montpellier a invoqué « {GROUND} » pour refuser la communication du "
            "document n° 2 (« la liste des données que la ville prévoit d'intégrer à ce "
            "logiciel »).") in out
    # the arguments are text, never a template
    assert "OBSERVATIONS\n\nLe document n° 2 ne relève d'aucun secret : {{ requester.name }} " \
           "{% if x %}.\n\nLa commission l'a jugé communicable" in out
    assert out.index("OBSERVATIONS") < out.index("\nDEMANDE\n")
    golden("saisine-cada-motifs.txt", out)


def test_arguments_are_stored_reused_and_replaced(letter_home, tmp_path):
    partial_reply(letter_home)
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("Premier argument.\n", encoding="utf-8")
    second.write_text("Second argument.\n", encoding="utf-8")
    assert letter_home("--today", "2020-03-20", "letter", REF, "relance",
                       "--arguments-file", str(first)).code == 0
    assert arguments(letter_home) == "Premier argument."
    # reused without the option
    assert "Premier argument." in text_of(letter_home, "2020-03-20", "saisine-cada")
    code, out, err = letter_home("--today", "2020-03-20", "letter", REF, "saisine-cada",
                                 "--arguments-file", str(second))
    assert code == 0 and "replacing the previous ones" in err
    assert "Second argument." in out and "Premier argument." not in out
    code, _, err = letter_home("--today", "2020-03-20", "letter", REF, "saisine-cada",
                               "--arguments-file", str(second))
    assert code == 0 and "already has these arguments" in err


def test_recours_ta_arguments_replace_the_placeholder(letter_home, tmp_path):
    partial_reply(letter_home)
    referred(letter_home)
    court = ("--court", "Tribunal administratif de Montpellier")
    before = text_of(letter_home, "2020-06-10", "recours-ta", *court)
    assert "[À compléter : exposer en quoi les motifs opposés" in before
    assert f"a invoqué « {GROUND} » pour refuser la communication du document n° 2" in before
    path = tmp_path / "moyens.txt"
    path.write_text("Le secret des affaires ne couvre pas ce document.\n", encoding="utf-8")
    code, out, err = letter_home("--today", "2020-06-10", "letter", REF, "recours-ta", *court,
                                 "--arguments-file", str(path))
    assert code == 0, err
    assert "[À compléter : exposer en quoi" not in out
    legal = out[out.index("Sur la légalité"):out.index("PAR CES MOTIFS")]
    assert "Le secret des affaires ne couvre pas ce document." in legal
    assert legal.index("a invoqué") < legal.index("Le secret des affaires ne couvre")


# --- bad arguments files: one line, documented code, nothing stored --------------------------------


def _bad(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"bad-{kind}"
    if kind == "directory":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        return Path("/dev/zero")
    elif kind == "huge":
        path.write_bytes(b"x" * (64 * 1024 + 1))
    elif kind == "latin1":
        path.write_bytes("premier\ndeuxième".encode("latin-1"))
    elif kind == "control":
        path.write_text("un\x1b[31m rouge\n", encoding="utf-8")
    elif kind == "bidi":
        path.write_text("texte \u202e inversé\n", encoding="utf-8")
    elif kind == "empty":
        path.write_text(" \n\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("kind, code, words", [
    ("missing", 3, "no such arguments file"),
    ("directory", 2, "is not a regular file"),
    ("fifo", 2, "is not a regular file"),
    ("device", 2, "is not a regular file"),
    ("huge", 2, "is larger than 65536 bytes"),
    ("latin1", 2, "is not UTF-8 text (line 2)"),
    ("control", 2, "line 1: control or bidi character U+001B"),
    ("bidi", 2, "control or bidi character U+202E"),
    ("empty", 2, "is empty"),
])
def test_bad_arguments_file_is_one_line_and_stores_nothing(letter_home, tmp_path, kind, code,
                                                           words):
    path = _bad(tmp_path, kind)
    r = letter_home("--today", "2020-03-20", "letter", REF, "saisine-cada",
                    "--arguments-file", str(path))
    assert r.code == code, r.err
    assert words in one_line_error(r.err)
    assert r.out == ""
    assert arguments(letter_home) is None


def test_arguments_are_not_stored_when_the_letter_fails(letter_home, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Argument.\n", encoding="utf-8")
    r = letter_home("--today", "2020-03-20", "letter", REF, "no-such-kind",
                    "--arguments-file", str(path))
    assert r.code == 3
    assert arguments(letter_home) is None


def test_letter_templates_takes_no_arguments_file(letter_home, tmp_path):
    r = letter_home("letter", "templates", "--arguments-file", str(tmp_path / "a.txt"))
    assert r.code == 2 and "takes no --arguments-file" in r.err


def test_arguments_are_escaped_in_html(letter_home, tmp_path):
    partial_reply(letter_home)
    path = tmp_path / "a.txt"
    path.write_text("Voir <script>alert(1)</script> & la suite.\n", encoding="utf-8")
    code, out, err = letter_home("--today", "2020-03-20", "letter", REF, "saisine-cada",
                                 "--format", "html", "--arguments-file", str(path))
    assert code == 0, err
    assert "<script>" not in out
    assert "Voir &lt;script&gt;alert(1)&lt;/script&gt; &amp; la suite." in out


def test_escalate_dossier_carries_the_grounds_and_arguments(letter_home, tmp_path):
    partial_reply(letter_home)
    path = tmp_path / "a.txt"
    path.write_text("Mon argument.\n", encoding="utf-8")
    assert letter_home("--today", "2020-03-20", "letter", REF, "saisine-cada",
                       "--arguments-file", str(path)).code == 0
    r = letter_home("--today", "2020-03-20", "escalate", REF, "-o", str(tmp_path / "dossier"))
    assert r.code == 0, r.err
    letter = next(p for p in (tmp_path / "dossier").iterdir() if p.suffix == ".txt"
                  and "saisine" in p.name)
    text = letter.read_text(encoding="utf-8")
    assert "Mon argument." in text and f"a invoqué « {GROUND} »" in text


def test_relance_after_a_refusal_with_a_document_not_held_says_so_truly(letter_home):
    log(letter_home, "2020-03-02", REF, "reply", "--on", "2020-03-02", "--outcome", "refused",
        "--refused-items", "1,2", "--grounds", GROUND, "--not-held-items", "3")
    text = body(text_of(letter_home, "2020-03-05", "relance"))
    assert "Par une décision du 2 mars 2020, vous avez rejeté ma demande." in text
    assert "refusé de me communiquer les documents demandés" not in text
    assert (f"Dans cette réponse, vous avez refusé de me communiquer les documents n° 1 et 2 en "
            f"invoquant « {GROUND} » et vous m'avez indiqué ne pas détenir le document n° 3.") in text
    asked = text[text.index("les documents suivants :"):]
    assert "1. la convention" in asked and "2. la liste" in asked and "3. les comptes" not in asked
