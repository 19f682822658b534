"""The FAITS of saisine-cada and recours-ta are the recorded events, in date order, each told as
what it was (issue 9, point 8): a reminder is "restée sans effet" only when nothing came from
the authority after it before the referral; a partial reply names the documents communicated
(when the item outcomes were recorded); a transfer quotes what was recorded of the authority it
went to; the implicit refusal is told at its date, "restée sans réponse" only when no answer
came before it.

Every request below is received on Friday 3 March 2023 (helpers.new_2023): B = Monday
3 April 2023 (one month, R*311-12, R311-13); the referral is due by Monday 5 June 2023
(3 June 2023 is a Saturday, moved by CPC 642).
"""

from __future__ import annotations

import pytest

from tests.services.letters.helpers import body, letter, log, new_2023, ok

RECEIVED = "3 mars 2023"
B = "3 avril 2023"
SILENCE = ("Cette demande est restée sans réponse : en application des articles R*311-12 et "
           "R311-13 du CRPA, le silence gardé pendant un mois sur cette demande a fait naître, "
           f"le {B}, une décision implicite de refus")


def faits(text: str) -> str:
    """The FAITS section of a saisine-cada, or FAITS ET PROCÉDURE of a recours-ta."""
    start = text.index("FAITS")
    end = text.index("DEMANDE\n") if "\nDEMANDE\n" in text else text.index("II. DISCUSSION")
    return text[start:end]


def in_order(text: str, *sentences: str) -> None:
    """Each sentence is in `text`, once, and after the one before it."""
    at = -1
    for s in sentences:
        assert text.count(s) == 1, (s, text)
        pos = text.index(s)
        assert pos > at, (s, text)
        at = pos


def two_items(cada, ref: str = "2023-002") -> str:
    """A request for two documents, received on Friday 3 March 2023."""
    ok(cada, "--today", "2023-03-01", "new", "--authority", "ville-de-montpellier",
       "--subject", "Vidéoprotection", "--ref", ref, "--document", "le marché de 2022",
       "--document", "le rapport d'exécution de 2022")
    log(cada, "2023-03-01", ref, "sent", "--on", "2023-03-01")
    log(cada, "2023-03-03", ref, "received", "--on", "2023-03-03")
    return ref


def referred_2023(cada, ref: str, sent: str = "2023-04-12", registered: str = "2023-04-14") -> None:
    """Referred to the CADA on Wednesday 12 April 2023, registered on Friday 14 April 2023:
    K = Wednesday 14 June 2023 (two months from the registration, R*343-4, R343-5)."""
    log(cada, sent, ref, "cada-sent", "--on", sent)
    log(cada, registered, ref, "cada-registered", "--on", registered)


def both_letters(cada, ref: str) -> tuple[str, str]:
    """The saisine-cada on Wednesday 12 April 2023 (the first day the engine admits a referral
    of this request, `cada_referral_from`) and, after the referral, the recours-ta on Saturday
    1 July 2023 (within the court deadline)."""
    saisine = body(letter(cada, "2023-04-12", ref, "saisine-cada")[0])
    referred_2023(cada, ref)
    recours = letter(cada, "2023-07-01", ref, "recours-ta")[0]
    return faits(saisine), faits(recours)


# --- each kind of history, in both letters ----------------------------------------------------


def test_silence(letter_home):
    ref = new_2023(letter_home)
    for text in both_letters(letter_home, ref):
        assert SILENCE in text
        assert "relance" not in text and "accusé réception" not in text


def test_reminder_then_silence_is_sans_effet(letter_home):
    ref = new_2023(letter_home)
    log(letter_home, "2023-03-20", ref, "reminder-sent", "--on", "2023-03-20")  # Mon 20 Mar
    for text in both_letters(letter_home, ref):
        # the frozen reminder is an exhibit, cited where the facts tell it (review, point 12)
        in_order(text,
                 "Le 20 mars 2023, j'ai adressé une relance à la Ville de Montpellier (pièce n° ",
                 "), restée sans effet.",
                 SILENCE)


def test_reminder_after_the_refusal_is_told_after_it(letter_home):
    ref = new_2023(letter_home)
    log(letter_home, "2023-04-05", ref, "reminder-sent", "--on", "2023-04-05")  # Wed 5 Apr
    for text in both_letters(letter_home, ref):
        in_order(text, SILENCE,
                 "Le 5 avril 2023, j'ai adressé une relance à la Ville de Montpellier (pièce n° ",
                 "), restée sans effet.")


def test_reminder_then_partial_reply_is_not_sans_effet(letter_home):
    ref = two_items(letter_home)
    log(letter_home, "2023-03-20", ref, "reminder-sent", "--on", "2023-03-20")
    log(letter_home, "2023-03-28", ref, "reply", "--on", "2023-03-28", "--outcome", "partial",
        "--mentions-remedies", "--items", "1")
    for text in both_letters(letter_home, ref):
        assert "sans effet" not in text
        assert "restée sans réponse" not in text  # answered before B
        in_order(text,
                 "Le 20 mars 2023, j'ai adressé une relance à la Ville de Montpellier (pièce n° 2).",
                 "Par une réponse du 28 mars 2023 (pièce n° ",
                 "la Ville de Montpellier ne m'a communiqué qu'une partie des documents "
                 "demandés, à savoir le document n° 1, ce qui vaut refus pour le surplus.")


def test_partial_reply_item_by_item_tells_each_outcome(letter_home):
    """Review, point 12: a partial reply that refused one document with a ground and said
    another was not held is told as such, not as "ce qui vaut refus pour le surplus"."""
    ok(letter_home, "--today", "2023-03-01", "new", "--authority", "ville-de-montpellier",
       "--subject", "Vidéoprotection", "--ref", "2023-003", "--document", "le marché",
       "--document", "le rapport", "--document", "l'audit")
    log(letter_home, "2023-03-01", "2023-003", "sent", "--on", "2023-03-01")
    log(letter_home, "2023-03-03", "2023-003", "received", "--on", "2023-03-03")
    log(letter_home, "2023-03-28", "2023-003", "reply", "--on", "2023-03-28", "--outcome",
        "partial", "--mentions-remedies", "--items", "1", "--refused-items", "2", "--grounds",
        "secret des affaires", "--not-held-items", "3")
    for text in both_letters(letter_home, "2023-003"):
        assert "vaut refus pour le surplus" not in text
        in_order(text, "Par une réponse du 28 mars 2023 (pièce n° ",
                 "la Ville de Montpellier m'a communiqué le document n° 1, a refusé de me "
                 "communiquer le document n° 2 et m'a indiqué ne pas détenir le document n° 3.")


def test_partial_reply_without_item_outcomes_lists_nothing(letter_home):
    ref = two_items(letter_home)
    log(letter_home, "2023-03-28", ref, "reply", "--on", "2023-03-28", "--outcome", "partial",
        "--mentions-remedies")
    saisine, _ = both_letters(letter_home, ref)
    assert ("la Ville de Montpellier ne m'a communiqué qu'une partie des documents demandés, "
            "ce qui vaut refus pour le surplus.") in saisine
    assert "à savoir" not in saisine


def test_acknowledgment_then_silence(letter_home):
    ref = new_2023(letter_home, ack="complete")  # acknowledged on Monday 6 March 2023
    for text in both_letters(letter_home, ref):
        in_order(text,
                 "La Ville de Montpellier a accusé réception de cette demande le 6 mars 2023"
                 " (pièce n° ",
                 SILENCE)


@pytest.mark.parametrize("remedies", ["--mentions-remedies", "--no-mentions-remedies"])
def test_explicit_refusal(letter_home, remedies):
    ref = new_2023(letter_home)
    log(letter_home, "2023-03-15", ref, "reply", "--on", "2023-03-15", "--outcome", "refused",
        remedies)
    for text in both_letters(letter_home, ref):
        assert "implicite de refus" not in text  # answered before B: no implicit refusal
        in_order(text, "Par une décision du 15 mars 2023 (pièce n° ",
                 "la Ville de Montpellier a refusé de me communiquer les documents demandés.")


def test_transfer_quotes_the_recorded_authority(letter_home):
    ref = new_2023(letter_home)
    log(letter_home, "2023-03-10", ref, "reply", "--on", "2023-03-10", "--outcome",
        "transferred", "--note", "Préfecture de l'Hérault")
    code, out, err = letter_home("--today", "2023-04-12", "letter", ref, "saisine-cada")
    assert code == 0, err
    text = faits(body(out))
    assert ("Le 10 mars 2023, la Ville de Montpellier m'a fait savoir que ma demande avait été "
            "transmise à une autre administration (« Préfecture de l'Hérault »), en application "
            "de l'article L114-2 du CRPA.") in text
    assert "restée sans réponse" not in text  # the transfer was an answer


def test_transfer_without_a_note_names_no_authority(letter_home):
    ref = new_2023(letter_home)
    log(letter_home, "2023-03-10", ref, "reply", "--on", "2023-03-10", "--outcome", "transferred")
    text = faits(body(letter(letter_home, "2023-04-12", ref, "saisine-cada")[0]))
    assert "transmise à une autre administration, en application de l'article L114-2" in text


def test_late_but_admissible_referral(letter_home):
    """No acknowledgment: the two-month limit is not opposable (L112-6); referral on Monday
    3 July 2023, after 5 June 2023 but within the year after B (3 April 2024)."""
    ref = new_2023(letter_home)
    text = body(letter(letter_home, "2023-07-03", ref, "saisine-cada")[0])
    assert "La présente saisine me paraît recevable" in text
    assert "est recevable" not in text  # the CADA decides
    assert ("Elle est présentée dans un délai raisonnable, dans l'année qui suit la naissance "
            f"de la décision implicite de refus, le {B}.") in text
    assert "L112-6" in text


def test_late_but_admissible_after_an_explicit_refusal(letter_home):
    ref = new_2023(letter_home)
    log(letter_home, "2023-03-15", ref, "reply", "--on", "2023-03-15", "--outcome", "refused",
        "--no-mentions-remedies")
    text = body(letter(letter_home, "2023-07-03", ref, "saisine-cada")[0])
    assert "me paraît recevable" in text and "L412-3" in text
    assert "dans l'année qui suit la décision de refus du 15 mars 2023." in text


def test_reasons_requested_before_the_referral_are_told_once(letter_home):
    ref = new_2023(letter_home)
    log(letter_home, "2023-04-05", ref, "reasons-requested", "--on", "2023-04-05")
    _, recours = both_letters(letter_home, ref)
    in_order(recours, SILENCE, "Le 5 avril 2023, j'ai demandé à la Ville de Montpellier la "
             "communication des motifs de la décision implicite de rejet")
    assert recours.count("L232-4") == 1


@pytest.mark.parametrize("outcome, sentence", [
    ("clarification-requested",
     "Le 10 mars 2023, la Ville de Montpellier m'a demandé de préciser ma demande."),
    ("extended",
     "Le 10 mars 2023, la Ville de Montpellier m'a fait savoir que le délai de réponse était "
     "prolongé."),
])
def test_other_answers_are_told_and_the_refusal_is_not_sans_reponse(letter_home, outcome,
                                                                    sentence):
    """An answer that is not a decision (Friday 10 March 2023), then silence: the answer is
    told at its date, and the refusal is not "restée sans réponse"."""
    ref = new_2023(letter_home)
    log(letter_home, "2023-03-10", ref, "reply", "--on", "2023-03-10", "--outcome", outcome)
    text = faits(body(letter(letter_home, "2023-06-01", ref, "saisine-cada")[0]))
    assert sentence in text
    assert "restée sans réponse" not in text
    assert "Aucune décision n'étant intervenue dans le délai d'un mois" in text


def test_fee_request_is_no_refusal_then_is_told(letter_home):
    """A fee request on Friday 10 March 2023 answers the request: no implicit refusal is born
    on 3 April, so there is nothing to refer (exit 4) until the authority refuses (Monday
    20 March 2023); the referral then tells both, in order."""
    ref = new_2023(letter_home)
    log(letter_home, "2023-03-10", ref, "reply", "--on", "2023-03-10", "--outcome",
        "fee-requested")
    code, out, err = letter_home("--today", "2023-06-01", "letter", ref, "saisine-cada")
    assert code == 4 and out == "", err
    log(letter_home, "2023-03-20", ref, "reply", "--on", "2023-03-20", "--outcome", "refused",
        "--mentions-remedies", "--force")
    text = faits(body(letter(letter_home, "2023-04-12", ref, "saisine-cada")[0]))
    in_order(text,
             "Le 10 mars 2023, la Ville de Montpellier m'a fait savoir que la communication était "
             "subordonnée au paiement préalable des frais de reproduction.",
             "Par une décision du 20 mars 2023 (pièce n° ")
    assert "implicite" not in text


# --- issue 9 review, point 6: every decision that happened is told ------------------------------

B_LATER = ("Aucune décision n'étant intervenue dans le délai d'un mois, en application des "
           f"articles R*311-12 et R311-13 du CRPA, une décision implicite de refus est née le {B}.")


def test_implicit_refusal_is_told_before_a_later_explicit_refusal(letter_home):
    """No answer by B (Monday 3 April 2023); explicit refusal on Thursday 20 April 2023: the
    implicit refusal of 3 April is told (without the silence note, which is no exhibit then),
    then the refusal referred."""
    ref = new_2023(letter_home)
    log(letter_home, "2023-04-20", ref, "reply", "--on", "2023-04-20", "--outcome", "refused",
        "--mentions-remedies")
    saisine = faits(body(letter(letter_home, "2023-04-21", ref, "saisine-cada")[0]))
    in_order(saisine, B_LATER, "Par une décision du 20 avril 2023 (pièce n° ")
    assert "restée sans réponse" not in saisine


def test_no_implicit_refusal_when_the_refusal_came_by_b(letter_home):
    """A refusal on Monday 3 April 2023, B itself: no implicit refusal was born."""
    ref = new_2023(letter_home)
    log(letter_home, "2023-04-03", ref, "reply", "--on", "2023-04-03", "--outcome", "refused",
        "--mentions-remedies")
    saisine = faits(body(letter(letter_home, "2023-04-12", ref, "saisine-cada")[0]))
    assert "implicite" not in saisine


def test_recours_ta_tells_the_implicit_confirmation_before_the_explicit_one(letter_home):
    """Referred on Wed 12 April 2023, registered Fri 14 April: K = Wed 14 June 2023 (R*343-4,
    R343-5). An explicit confirmation on Tue 20 June 2023 comes after K: both are told, K
    first."""
    ref = new_2023(letter_home)
    referred_2023(letter_home, ref)
    log(letter_home, "2023-06-20", ref, "reply", "--on", "2023-06-20", "--outcome", "refused",
        "--mentions-remedies", "--force")
    text = faits(letter(letter_home, "2023-07-01", ref, "recours-ta")[0])
    in_order(text,
             "le silence gardé par la Ville de Montpellier pendant deux mois à compter de "
             "l'enregistrement de ma demande par la commission a fait naître, le 14 juin 2023, "
             "une décision implicite confirmant le refus.",
             "Par une décision du 20 juin 2023 (pièce n° ",
             "la Ville de Montpellier a confirmé son refus.")


def test_recours_ta_tells_the_reminder_after_the_referral_it_lists(letter_home):
    """A reminder after the referral (Mon 1 May 2023) is an exhibit of recours-ta: the facts
    tell it and cite it (review, point 12)."""
    ref = new_2023(letter_home)
    referred_2023(letter_home, ref)
    log(letter_home, "2023-05-01", ref, "reminder-sent", "--on", "2023-05-01")
    text = letter(letter_home, "2023-07-01", ref, "recours-ta")[0]
    listed = [line for line in text.splitlines() if "Lettre de relance du 1er mai 2023" in line]
    assert len(listed) == 1, text
    number = listed[0].split(" : ")[0].removeprefix("Pièce n° ")
    assert (f"Le 1er mai 2023, j'ai adressé une relance à la Ville de Montpellier (pièce n° "
            f"{number}), restée sans effet.") in faits(text)


# --- issue 9 review, points 4 and 5: after a transfer ------------------------------------------


def test_transfer_notice_is_an_exhibit_cited_and_the_referral_warns(letter_home, tmp_path):
    from tests.services.letters.helpers import attach

    ref = new_2023(letter_home)
    log(letter_home, "2023-03-10", ref, "reply", "--on", "2023-03-10", "--outcome",
        "transferred", "--note", "Préfecture de l'Hérault")
    attach(letter_home, tmp_path, ref, "reply", "transmission.pdf")
    out, err = letter(letter_home, "2023-04-12", ref, "saisine-cada")
    listed = [line for line in out.splitlines() if "informant de la transmission" in line]
    assert len(listed) == 1, out
    number = listed[0].split(" : ")[0].removeprefix("Pièce n° ")
    assert f"Le 10 mars 2023 (pièce n° {number}), la Ville de Montpellier m'a fait savoir" in out
    assert "L114-2" in err and "transferred on 2023-03-10 (Préfecture de l'Hérault)" in err
    assert "cada new --authority" in err
    log(letter_home, "2023-04-12", ref, "cada-sent", "--on", "2023-04-12")
    out, err = letter(letter_home, "2023-04-12", ref, "information-saisine")
    assert "L114-2" in err
    # the Ville answered (it transferred the request): no "sans réponse", no "votre silence"
    assert "sans réponse" not in out and "votre silence" not in out
    assert ("Le 10 mars 2023, vous m'avez fait savoir que ma demande avait été transmise à une "
            "autre administration (« Préfecture de l'Hérault »)") in out
    assert ("Aucune décision n'étant intervenue dans le délai d'un mois, une décision implicite "
            f"de refus est née le {B} (articles R*311-12 et R311-13 du CRPA).") in out


def test_recours_ta_tells_the_information_of_the_authority_it_lists(letter_home):
    """The letter informing the authority (cada-informed, Thu 13 April 2023) is an exhibit of
    recours-ta when frozen: the facts tell it and cite it (review, point 12)."""
    ref = new_2023(letter_home)
    referred_2023(letter_home, ref)
    log(letter_home, "2023-04-13", ref, "cada-informed", "--on", "2023-04-13")
    text = letter(letter_home, "2023-07-01", ref, "recours-ta")[0]
    listed = [line for line in text.splitlines() if line.startswith("Pièce n° ")
              and "13 avril 2023" in line]
    sentence = "Le 13 avril 2023, j'ai informé la Ville de Montpellier de cette saisine"
    assert sentence in faits(text)
    assert len(listed) == 1, text  # the information-saisine frozen by `log cada-informed`
    number = listed[0].split(" : ")[0].removeprefix("Pièce n° ")
    assert f"{sentence} (pièce n° {number})." in faits(text)
