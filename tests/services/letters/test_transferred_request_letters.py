"""Letters of a request created by a transfer (issue 11 point 8; CRPA L114-2, L114-3): every
sentence true of the recorded events. The requester wrote to the FIRST authority only; the
competent authority received the request from it, so no letter tells it "je vous ai demandé",
and the referral's exhibit 1 is the request as sent to the first authority.

Dates (2023 calendar): V-1 sent by e-mail to the Ville on Tue 10 Jan 2023 (received that day,
estimated); transfer made known Wed 25 Jan 2023; the Métropole received it Mon 30 Jan 2023.
L114-3: B = Fri 10 Feb 2023 (the requester's deadlines). R311-13: B' = 30 Jan + 1 month; there
is no 30 February, so Tue 28 Feb 2023 (clamp), and the first admissible referral is Wed 1 Mar
2023."""

from __future__ import annotations

import pytest

from tests.services.letters.helpers import body, ok

NEW = "V-1-T1"


@pytest.fixture
def transferred(cada):
    ok(cada, "--today", "2023-01-10", "init", "--name", "Camille Durand", "--email",
       "camille.durand@example.org", "--address", "3 rue de la Loge, 34000 Montpellier")
    ok(cada, "authority", "add", "Ville de Montpellier", "--department", "34",
       "--email", "cada@ville-montpellier.fr", "--address", "1 place Georges Frêche, 34267 "
       "Montpellier Cedex 2")
    ok(cada, "authority", "add", "Montpellier Méditerranée Métropole", "--slug", "3m",
       "--department", "34", "--email", "prada@montpellier3m.fr", "--address",
       "50 place Zeus, 34961 Montpellier Cedex 2")
    ok(cada, "--today", "2023-01-10", "new", "--authority", "ville-de-montpellier",
       "--subject", "Vidéosurveillance", "--document", "le contrat de maintenance des caméras",
       "--document", "la délibération autorisant ce contrat", "--ref", "V-1")
    ok(cada, "--today", "2023-01-10", "log", "V-1", "sent")
    ok(cada, "--today", "2023-01-25", "log", "V-1", "reply", "--outcome", "transferred",
       "--to", "3m")
    ok(cada, "--today", "2023-01-31", "log", NEW, "received", "--on", "2023-01-30")
    return cada


def test_relance_to_the_competent_authority_says_who_was_asked_and_who_transmitted(
        transferred, golden):
    out, _ = ok(transferred, "--today", "2023-03-01", "letter", NEW, "relance")
    text = body(out)
    assert "je vous ai demandé" not in text
    assert ("Par ma demande du 10 janvier 2023, j'ai demandé à la Ville de Montpellier, sur le "
            "fondement") in text
    assert ("La Ville de Montpellier a transmis cette demande à vos services (article L114-2 du "
            "CRPA), transmission portée à ma connaissance le 25 janvier 2023 ; vos services "
            "l'ont reçue le 30 janvier 2023.") in text
    # the month ran from the first receipt, Tue 10 Jan 2023 (L114-3): B = Fri 10 Feb 2023
    assert ("courant depuis la réception de ma demande par la Ville de Montpellier (article "
            "L114-3 du même code), ayant expiré le 10 février 2023") in text
    golden("transfer-relance.txt", out)


@pytest.mark.parametrize("kind", ["demande-motifs", "information-saisine"])
def test_other_letters_to_the_competent_authority_never_say_je_vous_ai_demande(
        transferred, kind):
    if kind == "information-saisine":
        ok(transferred, "--today", "2023-03-01", "log", NEW, "cada-sent", "--on", "2023-03-01")
    out, _ = ok(transferred, "--today", "2023-03-02", "letter", NEW, kind)
    text = body(out)
    assert "je vous ai demandé" not in text
    assert "j'ai demandé à la Ville de Montpellier" in text
    assert "La Ville de Montpellier a transmis cette demande à vos services" in text


def test_saisine_cada_and_its_dossier_after_a_transfer(transferred, golden, tmp_path):
    out, err = ok(transferred, "--today", "2023-03-01", "letter", NEW, "saisine-cada")
    text = body(out)
    assert ("Par ma demande du 10 janvier 2023 (pièce n° 1), j'ai demandé à la Ville de "
            "Montpellier, sur le fondement") in text
    assert ("La Ville de Montpellier a transmis cette demande à Montpellier Méditerranée "
            "Métropole (article L114-2 du CRPA), transmission portée à ma connaissance le "
            "25 janvier 2023 ; Montpellier Méditerranée Métropole l'a reçue le 30 janvier "
            "2023.") in text
    assert "R*311-12, R311-13 et L114-3" in text
    golden("transfer-saisine-cada.txt", out)
    folder = tmp_path / "dossier"
    ok(transferred, "--today", "2023-03-01", "escalate", NEW, "-o", str(folder))
    bordereau = (folder / "bordereau.txt").read_text(encoding="utf-8")
    # exhibit 1 is the demande frozen when V-1 was sent to the Ville, not a letter to the
    # Métropole the requester never wrote
    assert ("Pièce n° 1 : Demande de communication du 10 janvier 2023 adressée à la Ville de "
            "Montpellier (réf. V-1), transmise par celle-ci à l'administration compétente "
            "(article L114-2 du CRPA) — fichier piece-01-demande.pdf") in bordereau
    note = (folder / "piece-02-note-silence.txt").read_text(encoding="utf-8")
    assert ("Demande réf. V-1-T1 adressée à la Ville de Montpellier le 10 janvier 2023 (réf. "
            "V-1) et transmise par celle-ci à Montpellier Méditerranée Métropole") in note
    assert ("à compter de la réception de la demande par l'administration initialement saisie "
            "(la Ville de Montpellier, le 10 janvier 2023, date estimée à partir de la date "
            "d'envoi) vaut décision de refus : la décision implicite de refus est née le "
            "10 février 2023.") in note


def test_the_original_request_points_to_the_linked_one(transferred):
    r = transferred("--today", "2023-03-01", "show", "V-1", "--json")
    assert r.json["next_action"]["what"].startswith(
        "Transferred to the competent authority (CRPA L114-2): follow request V-1-T1")
    assert r.json["next_action"]["date"] is None
    # the saisine-cada of the original no longer suggests `cada new`: it names V-1-T1
    r = transferred("--today", "2023-03-01", "letter", "V-1", "saisine-cada")
    assert r.code == 0, r.err
    assert "cada new" not in r.err
    assert "followed in request V-1-T1" in r.err and "cada escalate V-1-T1" in r.err
    # a later explicit refusal by the first authority gives it back its own next action
    ok(transferred, "--today", "2023-03-01", "log", "V-1", "reply", "--outcome", "refused",
       "--on", "2023-03-01")
    r = transferred("--today", "2023-03-02", "show", "V-1", "--json")
    assert "V-1-T1" not in r.json["next_action"]["what"]
