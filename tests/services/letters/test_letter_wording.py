"""The wording of issue 9, point 9: each sentence a lawyer asked to correct, with its test."""

from __future__ import annotations

import json

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

# --- information-saisine: addressed to the authority, in the second person --------------------


@pytest.mark.parametrize("reply, expected", [
    (None, "votre silence gardé pendant un mois a fait naître, le 10 mars 2020"),
    (("--outcome", "refused"), "Par une décision du 28 février 2020, vous avez refusé de me "
                               "communiquer les documents demandés."),
    (("--outcome", "partial"), "Par une réponse du 28 février 2020, vous ne m'avez communiqué "
                               "qu'une partie des documents demandés"),
    (("--outcome", "not-held"), "Par une réponse du 28 février 2020, vous m'avez indiqué ne pas "
                                "détenir les documents demandés"),
])
def test_information_saisine_speaks_to_the_authority(letter_home, reply, expected):
    if reply:
        log(letter_home, "2020-02-28", REF, "reply", "--on", "2020-02-28", *reply,
            "--mentions-remedies")
    log(letter_home, "2020-03-20", REF, "cada-sent", "--on", "2020-03-20")
    text = body(letter(letter_home, "2020-03-21", REF, "information-saisine")[0])
    assert expected in text
    assert "Ville de Montpellier" not in text  # never its own name in the third person


# --- recours-ta ---------------------------------------------------------------------------------


def _recours(cada, today: str = "2020-09-01", *args: str) -> str:
    referred(cada)  # referred on 20 March 2020, registered on 25 March: K = 24 August 2020
    return letter(cada, today, REF, "recours-ta", *args)[0]


def test_recours_exceptions_are_not_the_only_ones(letter_home):
    text = _recours(letter_home)
    assert "seules exceptions" not in text
    assert ("sous réserve des exceptions prévues par le dernier alinéa de l'article L311-2 et "
            "par les articles L311-5 et L311-6 du même code, ainsi que par des régimes "
            "spéciaux de communication") in text


def test_recours_against_an_implicit_decision_argues_no_exception_was_invoked(letter_home):
    text = _recours(letter_home)
    assert "La Ville de Montpellier n'a invoqué aucune de ces exceptions pour justifier son " \
           "refus." in text
    assert "motif" not in text.split("Sur la légalité")[1].split("PAR CES MOTIFS")[0]


def test_recours_court_seat_and_address_placeholder(letter_home):
    text = _recours(letter_home)
    head = text.split("Objet :")[0]
    assert "Tribunal administratif de Montpellier" in head
    assert "[adresse du tribunal à compléter]" in head  # no public source recorded: never invented


def test_recours_czabaj_when_the_court_deadline_is_not_opposable(letter_home):
    """No acknowledgment (L112-6): the court deadline does not bind. Request received on
    Friday 3 March 2023, B = Monday 3 April 2023; referred on Wednesday 12 April 2023,
    registered on Friday 14 April 2023: K = Wednesday 14 June 2023; the two months of R421-1
    end in August 2023. On Sunday 1 October 2023 the application is late for the two months
    but within the year from K (Friday 14 June 2024)."""
    ref = new_2023(letter_home)
    log(letter_home, "2023-04-12", ref, "cada-sent", "--on", "2023-04-12")
    log(letter_home, "2023-04-14", ref, "cada-registered", "--on", "2023-04-14")
    text = letter(letter_home, "2023-10-01", ref, "recours-ta")[0]
    assert ("le délai de deux mois prévu par l'article R421-1 du code de justice administrative "
            "ne m'est pas opposable (article L112-6 du CRPA ; article R421-5 du code de justice "
            "administrative).") in text
    assert ("La présente requête est introduite dans un délai raisonnable, qui ne saurait "
            "excéder un an à compter de la date à laquelle j'ai eu connaissance de la décision "
            "attaquée (CE, ass., 13 juillet 2016, Czabaj, n° 387763 ; CE, 11 mars 2024, "
            "n° 488227) : ce délai expire le 14 juin 2024.") in text
    assert "[À compléter" not in text.split("Sur la recevabilité")[1].split("Sur la légalité")[0]


def test_recours_czabaj_after_a_confirmation_without_remedies(letter_home):
    """A complete acknowledgment, then an explicit confirmation without the remedies notified
    on Wednesday 10 May 2023, after the registration (Friday 14 April 2023) and before K
    (Wednesday 14 June 2023): the court period runs from it (two months, franc: Tuesday
    11 July 2023) but does not bind (R421-5); the year runs from 10 May 2023."""
    ref = new_2023(letter_home, ack="complete")
    log(letter_home, "2023-04-12", ref, "cada-sent", "--on", "2023-04-12")
    log(letter_home, "2023-04-14", ref, "cada-registered", "--on", "2023-04-14")
    log(letter_home, "2023-05-10", ref, "reply", "--on", "2023-05-10", "--outcome", "refused",
        "--no-mentions-remedies")
    text = letter(letter_home, "2023-10-01", ref, "recours-ta")[0]
    assert ("La décision attaquée ne mentionnant pas les voies et délais de recours, le délai de "
            "deux mois prévu par l'article R421-1 du code de justice administrative ne m'est pas "
            "opposable (article R421-5 du même code).") in text
    assert "Czabaj, n° 387763 ; CE, 11 mars 2024, n° 488227) : ce délai expire le 10 mai 2024." \
        in text


def test_recours_past_the_long_stop_writes_no_reasonable_time(letter_home):
    """The no-acknowledgment Czabaj case above on Saturday 15 June 2024: the year from K
    has passed; whatever the refusal gate says (issue9-referral), the letter never claims a
    reasonable time: it leaves a placeholder."""
    ref = new_2023(letter_home)
    log(letter_home, "2023-04-12", ref, "cada-sent", "--on", "2023-04-12")
    log(letter_home, "2023-04-14", ref, "cada-registered", "--on", "2023-04-14")
    code, out, err = letter_home("--today", "2024-06-15", "letter", ref, "recours-ta")
    if code == 0:
        assert "délai raisonnable" not in out
        assert "[À compléter" in out.split("Sur la recevabilité")[1]
    else:  # refused by the long-stop gate (exit 4) once issue9-referral is merged
        assert code == 4, err


def test_recours_against_a_prefecture_is_against_the_state(letter_home):
    ok(letter_home, "authority", "add", "Préfecture de l'Hérault", "--kind", "prefecture",
       "--department", "34")
    ok(letter_home, "--today", "2020-02-07", "new", "--authority", "prefecture-de-l-herault",
       "--subject", "Vidéoprotection", "--ref", "2020-009", "--document", "l'arrêté")
    for on, kind in (("2020-02-07", "sent"), ("2020-02-10", "received"),
                     ("2020-03-20", "cada-sent"), ("2020-03-25", "cada-registered")):
        log(letter_home, on, "2020-009", kind, "--on", on)
    text = letter(letter_home, "2020-09-01", "2020-009", "recours-ta", "--frais", "150")[0]
    assert "CONTRE : L'État, représenté par le préfet de l'Hérault (Préfecture de l'Hérault)." \
        in text
    assert "- enjoindre au préfet de l'Hérault de me communiquer" in text
    assert ("- mettre à la charge de l'État la somme de 150 euros au titre de l'article L761-1 "
            "du code de justice administrative.") in text


@pytest.mark.parametrize("amount, words", [
    ("150", "150 euros"), ("150.5", "150,50 euros"), ("1500,25", "1\u00a0500,25 euros"),
    ("1,5", "1,50 euro"), ("0.5", "0,50 euro"), ("2", "2 euros"),  # singular below two
])
def test_recours_frais(letter_home, amount, words):
    text = _recours(letter_home, "2020-09-01", "--frais", amount)
    assert (f"- mettre à la charge de la Ville de Montpellier la somme de {words} au titre de "
            "l'article L761-1 du code de justice administrative.") in text
    assert "L911-1 du code de justice administrative ;" in text


def test_recours_without_frais_claims_nothing(letter_home):
    text = _recours(letter_home)
    assert "L761-1" not in text and "L911-1 du code de justice administrative." in text


@pytest.mark.parametrize("amount", ["0", "-5", "abc", "1.234", "1e3", "", "nan", "15\x1b[2J\n",
                                    "1000000.01", "1" + "0" * 30])
def test_frais_bad_amount_is_a_usage_error(letter_home, amount):
    referred(letter_home)
    code, out, err = letter_home("--today", "2020-09-01", "letter", REF, "recours-ta",
                                 "--frais", amount)
    assert code == 2 and out == ""
    assert "--frais" in one_line_error(err)
    assert "\x1b" not in err and len(err.strip().splitlines()) == 1  # echoed escaped


def test_frais_on_another_kind_is_a_usage_error(letter_home):
    code, out, err = letter_home("--today", "2020-03-20", "letter", REF, "saisine-cada",
                                 "--frais", "150")
    assert code == 2 and out == ""
    assert "recours-ta" in one_line_error(err)


# --- demande ------------------------------------------------------------------------------------


def test_demande_subject_reads_inside_the_sentence(letter_home):
    ok(letter_home, "--today", "2020-02-07", "new", "--authority", "ville-de-montpellier",
       "--subject", "CLSPD de 2019", "--ref", "2020-003", "--document", "le compte rendu")
    text = letter(letter_home, "2020-02-07", "2020-003", "demande")[0]
    assert "les documents administratifs suivants, relatifs à : CLSPD de 2019." in text  # acronym
    text = letter(letter_home, "2020-02-10", REF, "demande")[0]
    assert "relatifs à : observatoire local de la tranquillité publique." in text
    assert "suivants, relatifs à l'objet suivant" not in text


OPEN_FORMAT = ("dans un standard ouvert, aisément réutilisable et exploitable par un système de "
               "traitement automatisé, comme le prévoit l'article L300-4 du CRPA")


def _frozen_demande(home, reference):
    shown = home("show", reference, "--json")
    assert shown.code == 0, shown.err
    return [x["body"] for x in shown.json["letters"] if x["kind"] == "demande"]


def test_demande_open_format_is_stored_and_frozen_when_sent(letter_home):
    """`cada letter REF demande --open-format` asks for an open format and stores the choice with
    the request: later renderings and the copy frozen by `log sent` keep the paragraph."""
    ok(letter_home, "--today", "2020-02-07", "new", "--authority", "ville-de-montpellier",
       "--subject", "budget", "--ref", "2020-004", "--document", "le budget primitif")
    plain = letter(letter_home, "2020-02-07", "2020-004", "demande")[0]
    assert "L300-4" not in plain
    text, err = letter(letter_home, "2020-02-07", "2020-004", "demande", "--open-format")
    assert OPEN_FORMAT in text and "L311-9" in text
    assert "stored with the request" in err
    again = letter(letter_home, "2020-02-07", "2020-004", "demande")[0]
    assert OPEN_FORMAT in again
    ok(letter_home, "--today", "2020-02-07", "log", "2020-004", "sent")
    frozen = _frozen_demande(letter_home, "2020-004")
    assert len(frozen) == 1 and OPEN_FORMAT in frozen[0]


def test_new_with_open_format_freezes_it_when_sent(letter_home):
    ok(letter_home, "--today", "2020-02-07", "new", "--authority", "ville-de-montpellier",
       "--subject", "budget", "--ref", "2020-005", "--document", "le budget primitif",
       "--open-format")
    assert OPEN_FORMAT in letter(letter_home, "2020-02-07", "2020-005", "demande")[0]
    ok(letter_home, "--today", "2020-02-07", "log", "2020-005", "sent")
    frozen = _frozen_demande(letter_home, "2020-005")
    assert len(frozen) == 1 and OPEN_FORMAT in frozen[0]


def test_open_format_refused_on_another_kind_or_once_sent(letter_home):
    code, _, err = letter_home("--today", "2020-03-20", "letter", REF, "saisine-cada",
                               "--open-format")
    assert code == 2 and "demande" in one_line_error(err)
    # REF was sent on 7 February 2020: its demande is frozen
    code, out, err = letter_home("--today", "2020-03-20", "letter", REF, "demande",
                                 "--open-format")
    assert code == 4 and out == "" and "frozen" in one_line_error(err)


def test_letter_templates_takes_no_new_options(letter_home):
    code, _, err = letter_home("letter", "templates", "--frais", "10")
    assert code == 2 and "--frais" in one_line_error(err)


# --- demande-motifs -----------------------------------------------------------------------------


@pytest.mark.parametrize("outcome, sens", [("favorable", "favorable"),
                                           ("partly-favorable", "partiellement favorable")])
def test_demande_motifs_cites_a_favourable_opinion(letter_home, outcome, sens):
    referred(letter_home)
    log(letter_home, "2020-04-20", REF, "cada-opinion", "--on", "2020-04-20", "--outcome", outcome)
    text = letter(letter_home, "2020-09-01", REF, "demande-motifs")[0]
    assert ("La Commission d'accès aux documents administratifs, saisie de ce refus, a pourtant "
            f"émis, le 20 avril 2020, un avis {sens} à la communication des documents "
            "demandés.") in text


def test_demande_motifs_without_opinion_cites_none(letter_home):
    referred(letter_home)
    assert "avis" not in letter(letter_home, "2020-09-01", REF, "demande-motifs")[0]


# --- the courts data ----------------------------------------------------------------------------


def test_courts_data_has_a_seat_and_never_an_address_without_its_source():
    from cada_tracker.resources import data_path

    data = json.loads(data_path("courts.json").read_text(encoding="utf-8"))
    for court in data["courts"]:
        # a metropolitan tribunal is named after its seat; an overseas one after its territory
        # (CJA R221-3: Saint-Barthélemy and Saint-Martin sit at Basse-Terre)
        overseas = all(d.startswith("97") for d in court["departments"])
        assert court["seat"] and (overseas or court["name"].endswith(court["seat"])), court
        if court.get("address_lines"):
            assert str(court.get("address_source") or "").startswith("https://"), court


# --- issue 9 review, point 10: information-saisine item by item --------------------------------


def _three_items(cada, ref: str = "2023-003") -> str:
    """Three documents requested, received on Friday 3 March 2023 (B = Monday 3 April 2023)."""
    ok(cada, "--today", "2023-03-01", "new", "--authority", "ville-de-montpellier",
       "--subject", "Vidéoprotection", "--ref", ref, "--document", "le marché",
       "--document", "le rapport", "--document", "l'audit")
    log(cada, "2023-03-01", ref, "sent", "--on", "2023-03-01")
    log(cada, "2023-03-03", ref, "received", "--on", "2023-03-03")
    return ref


def _information(cada, ref: str, *reply: str) -> str:
    log(cada, "2023-03-28", ref, "reply", "--on", "2023-03-28", "--mentions-remedies", *reply)
    log(cada, "2023-04-12", ref, "cada-sent", "--on", "2023-04-12")
    return body(letter(cada, "2023-04-12", ref, "information-saisine")[0])


def test_information_saisine_partial_names_each_outcome_and_asks_only_for_the_rest(letter_home):
    ref = _three_items(letter_home)
    text = _information(letter_home, ref, "--outcome", "partial", "--items", "1",
                        "--refused-items", "2", "--grounds", "secret des affaires",
                        "--not-held-items", "3")
    assert ("Par une réponse du 28 mars 2023, vous m'avez communiqué le document n° 1, vous avez "
            "refusé de me communiquer le document n° 2 et vous m'avez indiqué ne pas détenir le "
            "document n° 3.") in text
    assert ("mettre fin à ce différend en me communiquant le document n° 2, qui ne m'a pas été "
            "communiqué") in text
    assert "les documents demandés," not in text.split("Je vous informe")[1]


def test_information_saisine_refusal_with_a_document_not_held(letter_home):
    ref = _three_items(letter_home)
    text = _information(letter_home, ref, "--outcome", "refused", "--refused-items", "1,2",
                        "--not-held-items", "3")
    assert ("Par une décision du 28 mars 2023, vous avez refusé de me communiquer les documents "
            "n° 1 et 2 et vous m'avez indiqué ne pas détenir le document n° 3.") in text


def test_information_saisine_partial_without_items_asks_for_what_did_not_come(letter_home):
    ref = _three_items(letter_home)
    text = _information(letter_home, ref, "--outcome", "partial")
    assert ("mettre fin à ce différend en me communiquant les documents qui ne m'ont pas été "
            "communiqués") in text


# --- issue 9 review, point 4: the two months of C. env. R124-1 ---------------------------------


def _environmental(cada, ref: str = "2024-001") -> str:
    """The reviewer's case J: environmental information received on Sunday 31 March 2024; the
    authority notified an extension on Monday 15 April 2024, within the first month: B = Friday
    31 May 2024 (two months, C. env. R124-1; one month would have been Tuesday 30 April)."""
    ok(cada, "--today", "2024-03-29", "new", "--authority", "ville-de-montpellier",
       "--subject", "Qualité de l'air", "--ref", ref, "--environmental",
       "--document", "les relevés de 2023")
    log(cada, "2024-03-29", ref, "sent", "--on", "2024-03-29")
    log(cada, "2024-03-31", ref, "received", "--on", "2024-03-31")
    log(cada, "2024-04-15", ref, "reply", "--on", "2024-04-15", "--outcome", "extended")
    return ref


def test_environmental_extension_relance_after_b_cites_r124_1(letter_home):
    ref = _environmental(letter_home)
    text = body(letter(letter_home, "2024-06-05", ref, "relance")[0])
    assert ("Le délai de deux mois prévu à l'article R124-1 du code de l'environnement ayant "
            "expiré le 31 mai 2024, une décision implicite de refus est née à cette date") in text
    assert "sans réponse" not in text and "votre silence" not in text and "R311-13" not in text


def test_environmental_extension_relance_before_b_gives_two_months(letter_home):
    ref = _environmental(letter_home)
    text = body(letter(letter_home, "2024-05-06", ref, "relance")[0])
    assert ("vous disposez d'un délai de deux mois (délai d'un mois prolongé en application de "
            "l'article R124-1 du code de l'environnement) à compter de la réception de ma demande "
            "pour y répondre, soit jusqu'au 31 mai 2024") in text
    assert "d'un délai d'un mois" not in text


def test_environmental_extension_saisine_cites_r124_1(letter_home):
    ref = _environmental(letter_home)
    text = body(letter(letter_home, "2024-06-05", ref, "saisine-cada")[0])
    assert ("Aucune décision n'étant intervenue dans le délai de deux mois, en application de "
            "l'article R124-1 du code de l'environnement et de l'article R*311-12 du CRPA, une "
            "décision implicite de refus est née le 31 mai 2024 (pièce n° ") in text
    assert "d'un mois" not in text.split("FAITS")[1].split("DEMANDE\n")[0]
    assert "restée sans réponse" not in text


# --- issue 9 review, point 12: the CADA's opinion in recours-ta ---------------------------------


def test_recours_names_the_documents_the_cada_found_communicable(letter_home):
    ref = _three_items(letter_home)
    log(letter_home, "2023-04-12", ref, "cada-sent", "--on", "2023-04-12")
    log(letter_home, "2023-04-14", ref, "cada-registered", "--on", "2023-04-14")
    log(letter_home, "2023-06-01", ref, "cada-opinion", "--on", "2023-06-01", "--outcome",
        "partly-favorable", "--items", "1,2")
    text = letter(letter_home, "2023-07-01", ref, "recours-ta")[0]
    assert ("la commission s'est prononcée partiellement en faveur de la communication des "
            "documents demandés : elle a estimé communicables les documents n° 1 et 2.") in text
    assert "avis partiellement favorable" not in text


def test_recours_asks_the_court_only_for_the_documents_still_refused(letter_home):
    """Three documents; a partial reply (Mon 2 Mar 2020) sent n° 1, refused n° 2, said n° 3 is
    not held: the injunction asks for n° 2 only, and the referral letter likewise."""
    ok(letter_home, "--today", "2020-02-07", "new", "--authority", "ville-de-montpellier",
       "--subject", "budget", "--ref", "2020-010", "--document", "A", "--document", "B",
       "--document", "C")
    ok(letter_home, "--today", "2020-02-07", "log", "2020-010", "sent")
    ok(letter_home, "--today", "2020-02-07", "log", "2020-010", "received")
    ok(letter_home, "--today", "2020-03-02", "log", "2020-010", "reply", "--outcome", "partial",
       "--items", "1", "--refused-items", "2", "--grounds", "secret des affaires",
       "--not-held-items", "3", "--mentions-remedies")
    saisine = letter(letter_home, "2020-03-10", "2020-010", "saisine-cada")[0]
    assert "avis favorable à la communication du document n° 2, qui ne m'a pas été" in saisine
    ok(letter_home, "--today", "2020-03-10", "log", "2020-010", "cada-sent")
    ok(letter_home, "--today", "2020-03-10", "log", "2020-010", "cada-registered")
    ok(letter_home, "--today", "2020-05-04", "log", "2020-010", "reply", "--outcome",
       "refused", "--refused-items", "2", "--grounds", "secret des affaires",
       "--mentions-remedies")
    text = letter(letter_home, "2020-05-05", "2020-010", "recours-ta")[0]
    assert "de me communiquer le document n° 2 dans un délai d'un mois" in text
    assert "de me communiquer les documents demandés dans un délai" not in text


def test_a_partial_reply_silent_on_a_document_says_so(letter_home):
    """Three documents; a partial reply (Mon 2 Mar 2020) sends n° 1 and says n° 2 is not held,
    nothing on n° 3: the facts say so, and the referral asks for n° 3."""
    ok(letter_home, "--today", "2020-02-07", "new", "--authority", "ville-de-montpellier",
       "--subject", "budget", "--ref", "2020-011", "--document", "A", "--document", "B",
       "--document", "C")
    ok(letter_home, "--today", "2020-02-07", "log", "2020-011", "sent")
    ok(letter_home, "--today", "2020-02-07", "log", "2020-011", "received")
    ok(letter_home, "--today", "2020-03-02", "log", "2020-011", "reply", "--outcome", "partial",
       "--items", "1", "--not-held-items", "2", "--mentions-remedies")
    text = letter(letter_home, "2020-03-10", "2020-011", "saisine-cada")[0]
    assert ("m'a communiqué le document n° 1 et m'a indiqué ne pas détenir le document n° 2, "
            "sans se prononcer sur le document n° 3") in text
    assert "avis favorable à la communication du document n° 3, qui ne m'a pas été" in text
    ok(letter_home, "--today", "2020-03-10", "log", "2020-011", "cada-sent")
    info = letter(letter_home, "2020-03-10", "2020-011", "information-saisine")[0]
    assert ("vous m'avez communiqué le document n° 1 et vous m'avez indiqué ne pas détenir le "
            "document n° 2, sans vous prononcer sur le document n° 3") in info
