"""The numbered exhibits of a referral (saisine-cada) and a court application (recours-ta)."""

from __future__ import annotations

import pytest

from tests.services.letters.helpers import (
    REF,
    attach,
    bordereau_files,
    letter,
    log,
    referred,
    zip_names,
)


@pytest.mark.slow
def test_saisine_lists_the_refusal_to_join_when_no_file(letter_home, tmp_path):
    log(letter_home, "2020-02-20", REF, "reply", "--outcome", "refused", "--on", "2020-02-20")
    out, err = letter(letter_home, "2020-03-20", REF, "saisine-cada")
    assert "Pièce n° 2 : [à joindre : Décision de refus du 20 février 2020]" in out
    assert "(pièce n° 2)" in out
    assert "exhibit 2" in err and "R343-1" in err and "--event reply" in err
    # escalate: listed "à joindre" in the bordereau, and no file for it.
    code, out, err = letter_home("--today", "2020-03-20", "escalate", REF)
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


@pytest.mark.slow
def test_saisine_joins_the_attached_refusal_and_acknowledgment(letter_home, tmp_path):
    log(letter_home, "2020-02-12", REF, "acknowledged", "--on", "2020-02-12")
    log(letter_home, "2020-02-20", REF, "reply", "--outcome", "refused", "--on", "2020-02-20")
    attach(letter_home, tmp_path, REF, "reply", "refus.txt")
    out, err = letter(letter_home, "2020-03-20", REF, "saisine-cada")
    # The acknowledgment, recorded without a file, is listed to join.
    assert ("Pièce n° 2 : [à joindre : Accusé de réception de l'administration du "
            "12 février 2020]") in out
    assert "Pièce n° 3 : Décision de refus du 20 février 2020 (refus.txt)" in out
    assert "exhibit 2" in err and "exhibit 3" not in err
    code, _, err = letter_home("--today", "2020-03-20", "escalate", REF)
    assert code == 0, err
    folder = tmp_path / "saisine-cada-2020-001"
    listed = bordereau_files(folder)
    assert listed == ["piece-01-demande.pdf", "piece-03-refus.txt"]
    assert zip_names(tmp_path / "saisine-cada-2020-001.zip") == sorted(
        listed + ["bordereau.txt", "saisine-cada.pdf", "saisine-cada.txt"])
    assert (folder / "piece-03-refus.txt").read_text(encoding="utf-8") == \
        "Contenu de refus.txt\n"


def test_recours_ta_always_lists_the_proof_of_the_referral(letter_home):
    referred(letter_home)
    log(letter_home, "2020-04-20", REF, "cada-opinion", "--outcome", "favorable", "--on", "2020-04-20")
    out, err = letter(letter_home, "2020-09-01", REF, "recours-ta")
    # The referral was frozen when cada-sent was logged: it is exhibit 2 (issue 9, point 7).
    for line in ("Pièce n° 2 : Saisine de la CADA du 20 mars 2020\n",
                 "Pièce n° 3 : [à joindre : Accusé d'enregistrement de la saisine par la CADA "
                 "du 25 mars 2020]",
                 "Pièce n° 4 : [à joindre : Avis de la CADA du 20 avril 2020]"):
        assert line in out
    assert "Par un avis du 20 avril 2020 (pièce n° 4)" in out
    assert "R412-1" in err and "--event cada-registered" in err
    assert "--event cada-sent" not in err


def test_recours_ta_joins_attached_referral_and_confirmation(letter_home, tmp_path):
    referred(letter_home)
    log(letter_home, "2020-05-05", REF, "reply", "--outcome", "refused", "--on", "2020-05-05")
    attach(letter_home, tmp_path, REF, "cada-sent", "saisine.txt")
    attach(letter_home, tmp_path, REF, "cada-registered", "enregistrement.txt")
    out, err = letter(letter_home, "2020-06-01", REF, "recours-ta")
    # The referral as frozen (issue 9, point 7), then the file attached to its event.
    assert "Pièce n° 2 : Saisine de la CADA du 20 mars 2020\n" in out
    assert "Pièce n° 3 : Saisine de la CADA du 20 mars 2020 (saisine.txt)" in out
    assert ("Pièce n° 4 : Accusé d'enregistrement de la saisine par la CADA du 25 mars 2020 "
            "(enregistrement.txt)") in out
    # The contested decision has no file: listed to join, with the CJA R412-1 warning.
    assert "Pièce n° 5 : [à joindre : Décision confirmant le refus du 5 mai 2020]" in out
    assert "exhibit 5" in err and "R412-1" in err
    assert not any(f"exhibit {n}" in err for n in (2, 3, 4))


def test_exhibits_are_numbered_in_the_order_of_the_events(letter_home):
    """The request was received Mon 10 Feb 2020: B = Tue 10 Mar 2020. A reminder on Wed 11 Mar
    2020 comes after the implicit refusal: the silence note is exhibit 2, the reminder exhibit
    3. A reminder on B itself (Tue 10 Mar) comes before it: the reminder is exhibit 2."""
    log(letter_home, "2020-03-11", REF, "reminder-sent", "--on", "2020-03-11")
    out, _ = letter(letter_home, "2020-03-20", REF, "saisine-cada")
    assert "Pièce n° 2 : Note relative au silence gardé par l'administration" in out
    assert "Pièce n° 3 : Lettre de relance du 11 mars 2020" in out


def test_a_reminder_on_b_comes_before_the_silence_note(letter_home):
    log(letter_home, "2020-03-10", REF, "reminder-sent", "--on", "2020-03-10")
    out, _ = letter(letter_home, "2020-03-20", REF, "saisine-cada")
    assert "Pièce n° 2 : Lettre de relance du 10 mars 2020" in out
    assert "Pièce n° 3 : Note relative au silence gardé par l'administration" in out


def test_a_refusal_is_numbered_before_a_later_reminder(letter_home):
    """A refusal of Thu 20 Feb 2020, then a reminder on Tue 25 Feb: exhibits 2 and 3."""
    log(letter_home, "2020-02-20", REF, "reply", "--outcome", "refused", "--on", "2020-02-20")
    log(letter_home, "2020-02-25", REF, "reminder-sent", "--on", "2020-02-25")
    out, _ = letter(letter_home, "2020-03-20", REF, "saisine-cada")
    assert "Pièce n° 2 : [à joindre : Décision de refus du 20 février 2020]" in out
    assert "Pièce n° 3 : Lettre de relance du 25 février 2020" in out
