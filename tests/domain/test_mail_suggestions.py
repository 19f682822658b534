"""The suggested classification of a message brought back (issue 12, point 3;
domain/mail_suggest.py): each rule, its options only when the text supports them, and the
words it rests on, as written in the message."""

from __future__ import annotations

from cada_tracker.domain.mail_suggest import Attachment, fold, suggest

PDF = Attachment("Délibération du 12 janvier.pdf", "application/pdf")


def test_an_acknowledgment_stating_the_implicit_decision_and_the_cada_is_complete():
    s = suggest("Accusé de réception de votre demande",
                "Le silence gardé pendant un mois vaudra décision implicite de rejet ; vous "
                "pourrez saisir la Commission d'accès aux documents administratifs.",
                "mairie@montpellier.fr", [])
    assert (s.event, s.options, s.reason) == ("acknowledged", ("--complete",),
                                              "acknowledgment-complete")
    assert s.evidence == "Accusé de réception"


def test_an_acknowledgment_without_the_remedies_gets_no_complete_flag():
    s = suggest("Votre demande", "Nous avons bien reçu votre demande, qui sera traitée.",
                "mairie@montpellier.fr", [])
    assert (s.event, s.options, s.reason) == ("acknowledged", (), "acknowledgment-incomplete")
    assert s.missing == ("implicit-decision", "remedies")
    # --mentions-remedies is an option of a reply (cada log refuses it on acknowledged)
    assert "--mentions-remedies" not in s.options


def test_a_transfer_to_the_competent_authority():
    for text in ("Votre demande a été transmise à la Métropole, compétente.",
                 "Je l’ai transmise au service compétent.",
                 "Nous avons transmis votre demande au département (article L114-2 du CRPA)."):
        s = suggest("Re: Réf. 2023-001", text, "mairie@montpellier.fr", [PDF])
        assert (s.event, s.options, s.reason) == ("reply", ("--outcome", "transferred"),
                                                  "transferred"), text


def test_attachments_suggest_a_reply_with_an_outcome_only_when_clearly_stated():
    s = suggest("Re: votre demande", "Veuillez trouver ci-joint les documents.",
                "mairie@montpellier.fr", [PDF])
    assert (s.event, s.options, s.reason, s.missing) == ("reply", (), "attachments",
                                                         ("outcome",))
    assert s.evidence == "Délibération du 12 janvier.pdf"
    s = suggest("Re: votre demande", "Vous trouverez ci-joint l'ensemble des documents "
                "demandés.", "mairie@montpellier.fr", [PDF])
    assert s.options == ("--outcome", "full")
    s = suggest("Re", "Communication partielle : les noms ont été occultés. Un recours est "
                "possible devant le tribunal administratif dans un délai de deux mois.",
                "mairie@montpellier.fr", [PDF])
    assert s.options == ("--outcome", "partial", "--mentions-remedies")
    # two outcomes spoken of: none chosen
    s = suggest("Re", "Nous refusons la communication du rapport ; l'ensemble des documents "
                "demandés pour le reste est joint.", "mairie@montpellier.fr", [PDF])
    assert s.event == "reply" and s.options == () and s.missing == ("ambiguous-outcome",)


def test_a_refusal_in_so_many_words_without_attachment():
    s = suggest("Re", "Nous ne pouvons pas vous communiquer ce document.",
                "mairie@montpellier.fr", [])
    assert (s.event, s.options, s.reason) == ("reply", ("--outcome", "refused"), "reply-text")
    s = suggest("Re", "La commune ne détient pas ce rapport.", "mairie@montpellier.fr", [])
    assert s.options == ("--outcome", "not-held")


def test_messages_of_the_cada():
    s = suggest("Avis n° 20231234", "La commission a émis un avis défavorable.",
                "secretariat@cada.fr", [])
    assert (s.event, s.options, s.reason) == ("cada-opinion", ("--outcome", "unfavorable"),
                                              "cada-opinion")
    s = suggest("Avis", "La commission émet un avis partiellement favorable.",
                "secretariat@cada.fr", [])
    assert s.options == ("--outcome", "partly-favorable")
    s = suggest("Votre demande d'avis", "Votre demande a été enregistrée sous le numéro "
                "20231234.", "Secretariat@CADA.fr", [])
    assert (s.event, s.reason) == ("cada-registered", "cada-registered")
    s = suggest("Notification", "Veuillez trouver ci-joint l'avis de la commission.",
                "notification@cada.fr", [Attachment("avis.pdf", "application/pdf")])
    assert (s.event, s.options, s.missing) == ("cada-opinion", (), ("outcome",))
    s = suggest("Information", "Bonjour.", "contact@cada.fr", [])
    assert (s.event, s.reason, s.evidence) == ("cada-registered", "cada-sender", "cada.fr")
    # a domain that merely ends with the letters is not the CADA's
    assert suggest("x", "avis favorable", "a@notcada.fr", []).event is None


def test_nothing_recognisable_gives_no_suggestion():
    s = suggest("Newsletter", "Lettre d'information municipale.", "news@montpellier.fr", [])
    assert (s.event, s.options, s.reason) == (None, (), "none")
    assert suggest(None, None, None, []).reason == "none"


def test_fold_reads_accents_case_and_apostrophes_alike():
    assert fold("Accusé  de\nRÉCEPTION d’une") == "accuse de reception d'une"
