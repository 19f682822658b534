"""Which request a message answers (domain/mail_match.py, issue 12 point 2): the order of the
rules, and the reason when none decides. Pure: no database."""

from __future__ import annotations

from cada_tracker.domain.mail_match import (
    AMBIGUOUS_ADDRESS,
    AMBIGUOUS_DOMAIN,
    NO_MATCH,
    UNKNOWN_REFERENCE,
    Candidate,
    Incoming,
    labelled_tokens,
    match,
)

CANDIDATES = [
    Candidate(1, "2020-001", 10, "contact@ville.fr", True),
    Candidate(2, "2020-002", 10, "contact@ville.fr", False),  # finished
    Candidate(3, "VID-3", 20, "prada@dept.fr", True),
    Candidate(4, "VID-4", 20, "prada@dept.fr", True),
    Candidate(5, "X-5", 30, "dpo@agglo.fr", True),
    Candidate(6, "X-6", 31, "cabinet@agglo.fr", True),
]
SENT = {"m-1@ville.fr": 1, "m-3@dept.fr": 3}


def _in(subject: str = "", body: str = "", sender: str | None = "someone@else.test",
        reply: tuple[str, ...] = (), refs: tuple[str, ...] = ()) -> Incoming:
    return Incoming(reply, refs, subject, body, sender)


def test_in_reply_to_wins_over_everything_else():
    found = match(_in("Réf. VID-4", reply=("m-1@ville.fr",), refs=("m-3@dept.fr",)), SENT,
                  CANDIDATES)
    assert (found.request_id, found.matched_by) == (1, "in-reply-to")


def test_references_then_subject_then_body():
    assert match(_in(refs=("x@y", "m-3@dept.fr")), SENT, CANDIDATES).matched_by == "references"
    found = match(_in("Re: votre demande VID-4", "voir 2020-001"), SENT, CANDIDATES)
    assert (found.request_id, found.matched_by) == (4, "subject-ref")
    found = match(_in("Courrier", "Concernant la demande x-6 du 3 mars"), SENT, CANDIDATES)
    assert (found.request_id, found.matched_by) == (6, "body-ref")


def test_reference_is_a_whole_token():
    # 2020-0012 and VID-40 are not 2020-001 / VID-4
    found = match(_in("Dossier 2020-0012 et VID-40", sender=None), SENT, CANDIDATES)
    assert found.request_id is None and found.reason == NO_MATCH


def test_unknown_labelled_reference_stops_with_the_token():
    found = match(_in("Réf. 2031-404", sender="contact@ville.fr"), SENT, CANDIDATES)
    assert (found.request_id, found.reason, found.detail) == (None, UNKNOWN_REFERENCE, "2031-404")
    # the sender's own reference is not ours
    assert labelled_tokens("Notre réf. : DGS/2020/12 — N/Réf. AB12") == []
    assert labelled_tokens("Réf. 2020-001") == ["2020-001"]
    assert labelled_tokens("Référence : P1-abc") == ["P1-abc"]


def test_address_needs_exactly_one_open_request():
    found = match(_in(sender="Contact@Ville.fr"), SENT, CANDIDATES)
    assert (found.request_id, found.matched_by) == (1, "address")  # 2020-002 is finished
    found = match(_in(sender="prada@dept.fr"), SENT, CANDIDATES)
    assert (found.request_id, found.reason) == (None, AMBIGUOUS_ADDRESS)


def test_domain_needs_one_authority_and_one_open_request():
    found = match(_in(sender="dgs@ville.fr"), SENT, CANDIDATES)
    assert (found.request_id, found.matched_by, found.detail) == (1, "domain", "ville.fr")
    found = match(_in(sender="other@agglo.fr"), SENT, CANDIDATES)  # two authorities
    assert (found.request_id, found.reason) == (None, AMBIGUOUS_DOMAIN)
    found = match(_in(sender="other@dept.fr"), SENT, CANDIDATES)  # two open requests
    assert (found.request_id, found.reason) == (None, AMBIGUOUS_DOMAIN)
    assert match(_in(sender="a@nowhere.test"), SENT, CANDIDATES).reason == NO_MATCH
