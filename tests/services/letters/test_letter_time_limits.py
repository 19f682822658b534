"""The sentences of saisine-cada and recours-ta about time limits say what the law engine
decided (issue 9, legal review points 1, 2 and 9): why a late referral's limit did not bind and
from when its year runs; what made an application timely (legal aid, the distance month, the
two months alone); an estimated implicit confirmation said to be estimated.

Each case is built with the CLI, one `log` per event with --today on the event's day; the dates
can be checked with a calendar (weekdays in the comments).
"""

from __future__ import annotations

import pytest


def ok(cada, *args: str):
    r = cada(*args)
    assert r.code == 0, (args, r.out, r.err)
    return r


def log(cada, ref: str, kind: str, on: str, *more: str, today: str | None = None):
    return ok(cada, "--today", today or on, "log", ref, kind, "--on", on, *more)


@pytest.fixture
def home(cada):
    """A requester in metropolitan France (Montpellier) and three authorities: the préfecture
    de l'Hérault (34), the Ville de Montpellier (34), the Collectivité de Saint-Barthélemy
    (977, whose court sits at Basse-Terre)."""
    ok(cada, "--today", "2023-01-02", "init", "--name", "Camille Durand", "--email",
       "camille.durand@example.org", "--address", "3 rue de la Loge, 34000 Montpellier")
    ok(cada, "authority", "add", "Préfecture de l'Hérault", "--slug", "pref34", "--kind",
       "prefecture", "--department", "34", "--email", "prada@herault.gouv.fr")
    ok(cada, "authority", "add", "Ville de Montpellier", "--slug", "mtp", "--department", "34",
       "--email", "cada@ville-montpellier.fr")
    ok(cada, "authority", "add", "Collectivité de Saint-Barthélemy", "--slug", "sbh",
       "--department", "977", "--email", "contact@comstbarth.fr")
    return cada


def new(cada, ref: str, authority: str, on: str) -> None:
    ok(cada, "--today", on, "new", "--authority", authority, "--subject", "Vidéoprotection",
       "--ref", ref, "--document", "la convention", "--document", "le registre")


def text(r) -> str:
    """The letter on one line (the body wraps at word boundaries)."""
    return " ".join(r.out.split())


# --- point 1: saisine-cada, late referral whose limit did not bind ---------------------------


def _case_d(cada) -> None:
    """Request D to the préfecture, sent and received Tue 31 Jan 2023, never acknowledged: the
    implicit refusal B is born Tue 28 Feb 2023; the two-month limit (Fri 28 Apr 2023) does not
    bind (no acknowledgment, CRPA L112-6). The refusal of Thu 1 Jun 2023 states the remedies
    (after the first window: it arguably opens its own, [U]); referral by post Wed 16 Aug 2023."""
    new(cada, "D", "pref34", "2023-01-31")
    log(cada, "D", "sent", "2023-01-31")
    log(cada, "D", "received", "2023-01-31")
    log(cada, "D", "reply", "2023-06-01", "--outcome", "refused", "--refused-items", "1,2",
        "--grounds", "sécurité publique (L311-5 2° d)", "--mentions-remedies")


def test_late_referral_gives_the_acknowledgment_ground_not_a_missing_mention(home):
    _case_d(home)
    r = ok(home, "--today", "2023-08-16", "letter", "D", "saisine-cada")
    out = text(r)
    # the engine's reason: no complete acknowledgment (the refusal did state the remedies)
    assert ("Faute d'accusé de réception de ma demande comportant les mentions prévues à "
            "l'article R112-5 du CRPA, le délai de deux mois ne m'est pas opposable "
            "(CRPA L112-3 et L112-6 ; CE 11 juill. 2016, n° 391899).") in out
    assert "ne mentionnant pas" not in out
    assert "L412-3" not in out
    # the year runs from B (Tue 28 Feb 2023), as the engine's long stop (Wed 28 Feb 2024)
    assert ("dans l'année qui suit la naissance de la décision implicite de refus, le "
            "28 février 2023.") in out
    assert "me paraît recevable" in out
    assert "1er juin 2023." not in out.split("me paraît recevable")[1]


def test_late_referral_after_a_refusal_without_remedies_dates_the_year_from_it(home):
    """Request G to the Ville, received Tue 31 Jan 2023, refused Fri 10 Feb 2023 (before B,
    Tue 28 Feb) without the remedies: the window runs from the refusal (Mon 10 Apr 2023) and
    does not bind; the year runs from Fri 10 Feb 2023."""
    new(home, "G", "mtp", "2023-01-31")
    log(home, "G", "sent", "2023-01-31")
    log(home, "G", "received", "2023-01-31")
    log(home, "G", "reply", "2023-02-10", "--outcome", "refused", "--no-mentions-remedies")
    out = text(ok(home, "--today", "2023-06-01", "letter", "G", "saisine-cada"))
    assert ("La décision de refus ne mentionnant pas l'obligation de saisir préalablement la "
            "Commission d'accès aux documents administratifs ni le délai de cette saisine, le "
            "délai de deux mois ne m'est pas opposable (CRPA L412-3 ;") in out
    assert "dans l'année qui suit la décision de refus du 10 février 2023." in out
    assert "R112-5" not in out


# --- point 2: recours-ta, what made the application timely ----------------------------------


def _case_f(cada) -> None:
    """Request F to the Ville: received Wed 1 Mar 2023, acknowledged completely; refused
    Mon 20 Mar 2023 stating the remedies; referral by e-mail, registered Fri 12 May 2023: the
    implicit confirmation K is Wed 12 Jul 2023 (R + 2 months, CRPA R*343-4, R343-5)."""
    new(cada, "F", "mtp", "2023-03-01")
    log(cada, "F", "sent", "2023-03-01")
    log(cada, "F", "received", "2023-03-01")
    log(cada, "F", "acknowledged", "2023-03-02", "--complete")
    log(cada, "F", "reply", "2023-03-20", "--outcome", "refused", "--mentions-remedies")
    log(cada, "F", "cada-sent", "2023-05-12", "--channel", "email")
    log(cada, "F", "cada-registered", "2023-05-12")


def test_application_after_legal_aid_cites_the_interruption_and_the_new_period(home):
    """K = Wed 12 Jul 2023; the court period (two months franc) would end Wed 13 Sep 2023.
    Legal aid asked Tue 1 Aug 2023 interrupts it (décret 2020-1717 art. 43); decided Mon 2 Oct,
    notified Fri 6 Oct (final Sat 21 Oct), lawyer designated Mon 30 Oct 2023: the new period
    runs from Mon 30 Oct 2023 and ends Sun 31 Dec 2023 -> Mon 1 Jan (holiday) -> Tue 2 Jan
    2024 (CPC 642)."""
    _case_f(home)
    log(home, "F", "legal-aid-requested", "2023-08-01")
    log(home, "F", "legal-aid-decided", "2023-10-02", "--notified-on", "2023-10-06",
        "--lawyer-designated-on", "2023-10-30", today="2023-10-30")
    r = ok(home, "--today", "2023-12-20", "letter", "F", "recours-ta")
    out = text(r)
    assert "dans le délai de deux mois prévu par les articles R421-1 et R421-2" not in out
    assert ("a été interrompu par ma demande d'aide juridictionnelle du 1er août 2023, en "
            "application de l'article 43 du décret n° 2020-1717 du 28 décembre 2020.") in out
    assert ("La présente requête est introduite dans le nouveau délai de deux mois qui a couru "
            "à compter du 30 octobre 2023, date de la désignation de l'avocat, et qui expire "
            "le 2 janvier 2024.") in out
    # the decision is an exhibit: no file attached, so it is to join
    assert "[à joindre : Décision d'aide juridictionnelle du 2 octobre 2023]" in out
    assert "Il a été statué sur cette demande par une décision du 2 octobre 2023 (pièce n° 6)" in out
    assert "legal-aid-decided" in r.err


def test_application_within_the_first_two_months_keeps_the_plain_sentence(home):
    """Same request, no legal aid: K Wed 12 Jul 2023, last day Wed 13 Sep 2023."""
    _case_f(home)
    out = text(ok(home, "--today", "2023-09-01", "letter", "F", "recours-ta"))
    assert ("La présente requête est introduite dans le délai de deux mois prévu par les "
            "articles R421-1 et R421-2 du code de justice administrative.") in out
    assert "aide juridictionnelle" not in out
    assert "R421-7" not in out


def test_application_to_an_overseas_court_cites_the_distance_month(home):
    """Request H to Saint-Barthélemy (court at Basse-Terre), requester in metropolitan France:
    explicit confirmation Fri 8 Aug 2025; two months franc (Thu 9 Oct) + one month (CJA R421-7)
    = Sun 9 Nov 2025 -> Mon 10 Nov 2025 (CPC 642)."""
    new(home, "H", "sbh", "2025-04-01")
    log(home, "H", "sent", "2025-04-01")
    log(home, "H", "received", "2025-04-01")
    log(home, "H", "acknowledged", "2025-04-02", "--complete")
    log(home, "H", "reply", "2025-04-15", "--outcome", "refused", "--mentions-remedies")
    log(home, "H", "cada-sent", "2025-05-05", "--channel", "email")
    log(home, "H", "cada-registered", "2025-05-06")
    log(home, "H", "reply", "2025-08-08", "--outcome", "refused", "--mentions-remedies")
    out = text(ok(home, "--today", "2025-10-20", "letter", "H", "recours-ta"))
    assert ("La présente requête est introduite dans le délai de deux mois prévu par les "
            "articles R421-1 et R421-2 du code de justice administrative, augmenté d'un mois en "
            "application de l'article R421-7 du même code, qui expire le 10 novembre 2025.") in out


# --- point 9: an estimated K, and the [U] reading of a late referral -------------------------


def test_estimated_confirmation_is_said_estimated_with_a_note(home):
    """Request D (point 1), referral posted Wed 16 Aug 2023, registration not recorded: R is
    estimated Thu 17 Aug 2023 (post + 1 day), K Tue 17 Oct 2023."""
    _case_d(home)
    log(home, "D", "cada-sent", "2023-08-16", "--channel", "post")
    r = ok(home, "--today", "2023-11-20", "letter", "D", "recours-ta")
    out = text(r)
    assert ("a fait naître, le 17 octobre 2023 (date estimée à partir de la date d'envoi de ma "
            "saisine, l'accusé d'enregistrement de la commission ne m'étant pas parvenu), une "
            "décision implicite confirmant le refus.") in out
    assert "la décision implicite née le 17 octobre 2023 (date estimée) du silence" in out
    err = " ".join(r.err.split())
    assert "(2023-10-17) is estimated" in err
    assert "cada log D cada-registered --on DATE" in err
    # the engine's [U] reading: the refusal of 1 June arguably opened a window ending Tue 1 Aug
    assert "note: [U] The CADA referral of" in err


def test_recorded_registration_states_the_confirmation_as_a_fact(home):
    _case_d(home)
    log(home, "D", "cada-sent", "2023-08-16", "--channel", "post")
    log(home, "D", "cada-registered", "2023-08-18")
    r = ok(home, "--today", "2023-11-20", "letter", "D", "recours-ta")
    # R Fri 18 Aug 2023 + two months: K Wed 18 Oct 2023
    assert "a fait naître, le 18 octobre 2023, une décision implicite" in text(r)
    assert "date estimée" not in r.out
    assert "is estimated" not in r.err


def test_legal_aid_decision_attached_is_numbered_with_its_file(home, tmp_path):
    _case_f(home)
    log(home, "F", "legal-aid-requested", "2023-08-01")
    log(home, "F", "legal-aid-decided", "2023-10-02", "--notified-on", "2023-10-06",
        "--lawyer-designated-on", "2023-10-30", today="2023-10-30")
    decision = tmp_path / "decision-baj.txt"
    decision.write_text("Bureau d'aide juridictionnelle : aide totale accordée.\n",
                        encoding="utf-8")
    ok(home, "--today", "2023-10-30", "attach", "F", str(decision), "--event",
       "legal-aid-decided")
    r = ok(home, "--today", "2023-12-20", "letter", "F", "recours-ta")
    out = text(r)
    assert "Pièce n° 6 : Décision d'aide juridictionnelle du 2 octobre 2023 (decision-baj.txt)" in out
    assert "[à joindre : Décision d'aide juridictionnelle" not in out
    assert "legal-aid-decided" not in r.err
