"""Which letter, and what it says: the kind a history supports, relance after a refusal
or a CADA referral, the refusal letters and their timing, the wording of each kind."""

from __future__ import annotations

import pytest

from tests.services.letters.helpers import (
    REF,
    body,
    letter,
    log,
    new_2023,
    ok,
    one_line_error,
    referred,
)

# --- the kind a request's history supports --------------------------------------------------------


def test_letter_the_history_cannot_support(letter_home):
    code, _, err = letter_home("--today", "2020-03-01", "letter", REF, "recours-ta")
    assert code == 4 and "confirmed" in err


def test_unknown_kind_and_format(letter_home):
    code, _, err = letter_home("--today", "2020-03-01", "letter", REF, "lettre-d-amour")
    assert code == 3 and "saisine-cada" in err
    code, _, err = letter_home("--today", "2020-03-01", "letter", REF, "-f", "docx")
    assert code == 2


def test_missing_profile(cada):
    cada("authority", "add", "Mairie")
    # Without a profile, even the draft of `cada new` cannot be written.
    code, _, err = cada("--today", "2020-02-07", "new", "--authority", "mairie",
                        "--subject", "x", "--ref", "X-1")
    assert code == 1 and "cada init" in err


@pytest.mark.parametrize("kind", ["saisine-cada", "demande-motifs"])
@pytest.mark.parametrize("today", ["2020-03-01", "2020-03-10"])  # awaiting-reply, then B itself
def test_refusal_letters_are_refused_before_the_refusal(letter_home, kind, today):
    code, out, err = letter_home("--today", today, "letter", REF, kind)
    line = one_line_error(err)
    assert code == 4 and out == ""
    assert "born on 2020-03-10" in line and "possible from 2020-03-11" in line
    assert "relance" in line


@pytest.mark.parametrize("kind", ["saisine-cada", "demande-motifs"])
def test_refusal_letters_from_the_day_after_b(letter_home, kind):
    out, _ = ok(letter_home, "--today", "2020-03-11", "letter", REF, kind)
    assert "10 mars 2020" in out


# --- relance after an explicit refusal; the acknowledgment ----------------------------------------


@pytest.mark.parametrize("today", ["2020-02-25", "2020-03-20"])  # before and after B
def test_relance_after_explicit_refusal_names_the_decision(letter_home, today):
    log(letter_home, "2020-02-20", REF, "reply", "--outcome", "refused", "--on", "2020-02-20")
    out, err = letter(letter_home, today, REF, "relance")
    text = body(out)
    assert "Par une décision du 20 février 2020, vous avez refusé de me communiquer" in text
    assert "sans réponse" not in text and "aucune réponse" not in text
    assert "votre silence" not in text and "vaudra décision implicite" not in text
    assert "reconsidérer cette position" in text
    # A recours gracieux does not keep the CADA deadline (L412-4): said on stderr.
    assert "L412-4" in err and f"cada escalate {REF}" in err


def test_relance_after_partial_refusal_asks_for_the_rest(letter_home):
    log(letter_home, "2020-02-20", REF, "reply", "--outcome", "partial", "--on", "2020-02-20")
    text = body(letter(letter_home, "2020-03-20", REF, "relance")[0])
    assert "vous ne m'avez communiqué qu'une partie des documents demandés" in text
    assert "les documents qui ne m'ont pas été communiqués" in text
    assert "sans réponse" not in text


def test_relance_does_not_deny_a_recorded_acknowledgment(letter_home):
    log(letter_home, "2020-02-12", REF, "acknowledged", "--on", "2020-02-12")
    text = body(letter(letter_home, "2020-03-01", REF, "relance")[0])
    assert "je n'ai reçu aucune réponse" in text and "accusé de réception" not in text


def test_relance_after_a_non_refusing_reply_does_not_say_no_answer(letter_home):
    log(letter_home, "2020-02-15", REF, "reply", "--outcome", "clarification-requested",
        "--on", "2020-02-15")
    text = body(letter(letter_home, "2020-03-01", REF, "relance")[0])
    assert "aucune réponse" not in text
    assert "vous ne m'avez pas communiqué les documents demandés" in text


# --- relance after the CADA referral --------------------------------------------------------------


@pytest.mark.parametrize("today,opinion", [
    ("2020-04-01", False),  # cada-referred
    ("2020-05-01", True),  # cada-opinion
    ("2020-09-01", False),  # confirmed-refusal (K = 24 August 2020)
])
def test_relance_after_the_cada_referral_says_it_was_referred(letter_home, today, opinion):
    log(letter_home, "2020-03-20", REF, "cada-sent", "--on", "2020-03-20")
    log(letter_home, "2020-03-25", REF, "cada-registered", "--on", "2020-03-25")
    if opinion:
        log(letter_home, "2020-04-20", REF, "cada-opinion", "--outcome", "favorable",
            "--on", "2020-04-20")
    text = body(letter(letter_home, today, REF, "relance")[0])
    assert ("J'ai saisi la Commission d'accès aux documents administratifs (CADA) de ce refus "
            "le 20 mars 2020 (enregistrement le 25 mars 2020).") in text
    assert "je saisirai" not in text and "À défaut" not in text
    assert ("R343-3" in text) == opinion
    assert ("avis le 20 avril 2020" in text) == opinion


# --- wording --------------------------------------------------------------------------------------


def test_wording_of_the_review(letter_home):
    demande = letter(letter_home, "2020-02-10", REF, "demande")[0]
    assert "décision que je pourrai soumettre à la CADA" in demande
    assert "relatifs à : observatoire local" in demande  # issue 9: no double "suivant", no capital
    assert "R*311-12" in demande
    saisine = body(letter(letter_home, "2020-03-20", REF, "saisine-cada")[0])
    assert "le silence gardé pendant un mois sur cette demande" in saisine
    assert saisine.count("10 février 2020") == 1  # the receipt date, once
    assert ("par courrier électronique et sans frais lorsqu'ils sont disponibles sous forme "
            "électronique (article L311-9 du CRPA)") in saisine


def test_demande_motifs_after_the_cada(letter_home):
    referred(letter_home)
    text = letter(letter_home, "2020-09-01", REF, "demande-motifs")[0]
    assert ("Ma saisine de la Commission d'accès aux documents administratifs (CADA), "
            "enregistrée le 25 mars 2020, n'a été suivie d'aucune communication") in text
    assert "(articles R*343-4 et R343-5 du CRPA)" in text


def test_recours_ta_registration_wording(letter_home):
    referred(letter_home)
    text = letter(letter_home, "2020-09-01", REF, "recours-ta")[0]
    assert "le 20 mars 2020 (pièce n° 2) ; celle-ci a enregistré ma demande le 25 mars 2020" \
        in text


def test_environmental_demande_cites_l124_6(letter_home):
    ok(letter_home, "--today", "2020-02-07", "new", "--authority", "ville-de-montpellier",
       "--subject", "air", "--ref", "2020-002", "--environmental", "--document", "relevés")
    text = letter(letter_home, "2020-02-07", "2020-002")[0]
    assert "(article L124-6 du code de l'environnement)" in text


def test_late_referral_after_explicit_refusal_without_remedies(letter_home):
    ref = new_2023(letter_home)
    log(letter_home, "2023-03-20", ref, "reply", "--outcome", "refused", "--no-mentions-remedies",
        "--on", "2023-03-20")
    out, _ = letter(letter_home, "2023-07-01", ref, "saisine-cada")
    assert "le délai de deux mois ne m'est pas opposable (CRPA L412-3 ; CE 11 juill. 2016" in out
