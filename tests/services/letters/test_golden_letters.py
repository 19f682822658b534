"""Golden letters: every packaged template with the representative 2020 request, in the
text forms (tests/golden/letters/; rewritten only with --update-golden)."""

from __future__ import annotations

from tests.services.letters.helpers import REF, text_of


def test_golden_demande_is_the_frozen_text(letter_home, golden):
    golden("demande.txt", text_of(letter_home, "2020-02-10", "demande"))


def test_golden_relance_before_refusal(letter_home, golden):
    out = text_of(letter_home, "2020-03-01")  # next letter: relance
    assert "Objet : Relance" in out
    golden("relance.txt", out)


def test_golden_demande_motifs(letter_home, golden):
    golden("demande-motifs.txt", text_of(letter_home, "2020-03-20", "demande-motifs"))


def test_golden_saisine_cada_all_text_formats(letter_home, golden):
    out = text_of(letter_home, "2020-03-20")  # next letter: saisine-cada
    assert "R343-1" in out and "Madame, Monsieur," in out
    golden("saisine-cada.txt", out)
    golden("saisine-cada.md", text_of(letter_home, "2020-03-20", "saisine-cada", "--format", "markdown"))
    golden("saisine-cada.html", text_of(letter_home, "2020-03-20", "saisine-cada", "--format", "html"))


def test_golden_information_saisine(letter_home, golden):
    assert letter_home("--today", "2020-03-20", "log", REF, "cada-sent", "--on", "2020-03-20").code == 0
    out = text_of(letter_home, "2020-03-21")  # next letter: information-saisine
    assert "Objet : Information" in out
    golden("information-saisine.txt", out)


def test_golden_recours_ta(letter_home, golden):
    for args in (("cada-sent", "--on", "2020-03-20"), ("cada-registered", "--on", "2020-03-25")):
        assert letter_home("--today", "2020-03-25", "log", REF, *args).code == 0
    out = text_of(letter_home, "2020-09-01", "--court", "Tribunal administratif de Montpellier")
    assert "PAR CES MOTIFS" in out and "L911-1" in out
    golden("recours-ta.txt", out)


def test_golden_demande_environmental(letter_home, golden):
    code, _, err = letter_home("--today", "2020-02-07", "new", "--authority", "ville-de-montpellier",
                        "--subject", "qualité de l'air", "--ref", "2020-002", "--environmental",
                        "--document", "les relevés des capteurs de qualité de l'air de 2019")
    assert code == 0, err
    code, out, err = letter_home("--today", "2020-02-07", "letter", "2020-002")
    assert code == 0, err
    assert "L124-1" in out and "R124-1" in out
    golden("demande-environnement.txt", out)
