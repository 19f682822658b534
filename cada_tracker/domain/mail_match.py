"""Which request a message brought back answers (issue 12, point 2): pure, no I/O.

Tried in order, the first that decides wins:
1. `In-Reply-To`, then `References`, against the Message-IDs `cada send` gave (outbox);
2. a known reference in the subject, then in the body (a token written as cada writes it,
   "Réf. X", of an unknown request stops here: unmatched, with the token in the reason);
3. the sender's address equal to an authority's address (one open request of it);
4. the sender's domain (one authority with that domain, and exactly one open request of it).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# why a message is unmatched (codes: JSON values; the words are in messages/mail_import.py)
NO_MATCH = "no-match"
UNKNOWN_REFERENCE = "unknown-reference"
AMBIGUOUS_ADDRESS = "ambiguous-address"
AMBIGUOUS_DOMAIN = "ambiguous-domain"

# "Réf. X", "Ref: X", "Référence : X", as cada writes it in a subject; the authority's own
# reference ("Notre réf.", "N/Réf.", "Our ref") is not ours and is ignored.
_LABELLED = re.compile(
    r"(?<![\w/])(?P<owner>(?:notre|nos|n/|v/|votre|our|your)\s*)?"
    r"(?:r[ée]f(?:[ée]rence)?s?|reference)\s*(?:\.|:|\.\s*:)?\s*(?:n[°o]\.?\s*)?"
    r"(?P<token>[A-Za-z0-9][\w./-]{0,58}[A-Za-z0-9])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Candidate:
    """A request a message could answer: its authority's address, and whether it is open
    (sent and not finished)."""

    request_id: int
    reference: str
    authority_id: int
    authority_email: str | None
    open: bool


@dataclass(frozen=True)
class Incoming:
    """What matching reads of a message."""

    in_reply_to: Sequence[str]  # Message-IDs of In-Reply-To, without angle brackets
    references: Sequence[str]  # Message-IDs of References
    subject: str
    body: str
    from_addr: str | None


@dataclass(frozen=True)
class Match:
    request_id: int | None
    matched_by: str | None  # one of domain.mail.MATCHED_BY, None when unmatched
    reason: str | None = None  # unmatched: one of the codes above
    detail: str = ""  # the unknown token, the address or domain, the references


def _reference_in(text: str, by_reference: Mapping[str, int]) -> str | None:
    for reference in sorted(by_reference, key=len, reverse=True):
        if re.search(r"(?<![\w/-])" + re.escape(reference) + r"(?![\w/]|-\w)", text,
                     re.IGNORECASE):
            return reference
    return None


def labelled_tokens(text: str) -> list[str]:
    """The tokens written as a reference ("Réf. X") that are not the sender's own."""
    return [m.group("token") for m in _LABELLED.finditer(text) if not m.group("owner")]


def domain_of(address: str | None) -> str | None:
    if not address or "@" not in address:
        return None
    return address.rsplit("@", 1)[1].strip().lower().rstrip(".") or None


def _by_reference(incoming: Incoming, candidates: Sequence[Candidate]) -> Match | None:
    by_reference = {c.reference: c.request_id for c in candidates}
    lowered = {ref.lower() for ref in by_reference}
    for text, how in ((incoming.subject, "subject-ref"), (incoming.body, "body-ref")):
        found = _reference_in(text, by_reference)
        if found is not None:
            return Match(by_reference[found], how, detail=found)
        for token in labelled_tokens(text):
            if token.lower() not in lowered:
                return Match(None, None, UNKNOWN_REFERENCE, token)
    return None


def _by_sender(sender: str, candidates: Sequence[Candidate]) -> Match | None:
    same = [c for c in candidates
            if c.authority_email and c.authority_email.strip().lower() == sender]
    if same:
        open_ = [c for c in same if c.open]
        if len(open_) == 1:
            return Match(open_[0].request_id, "address", detail=sender)
        return Match(None, None, AMBIGUOUS_ADDRESS, f"{sender} ({len(open_)})")
    domain = domain_of(sender)
    if not domain:
        return None
    by_domain = [c for c in candidates if domain_of(c.authority_email) == domain]
    if not by_domain:
        return None
    authorities = {c.authority_id for c in by_domain}
    open_ = [c for c in by_domain if c.open]
    if len(authorities) == 1 and len(open_) == 1:
        return Match(open_[0].request_id, "domain", detail=domain)
    return Match(None, None, AMBIGUOUS_DOMAIN, f"{domain} ({len(authorities)}, {len(open_)})")


def match(incoming: Incoming, sent: Mapping[str, int],
          candidates: Sequence[Candidate]) -> Match:
    """The request `incoming` answers. `sent`: Message-ID (no brackets) -> request id."""
    for ids, how in ((incoming.in_reply_to, "in-reply-to"), (incoming.references, "references")):
        for mid in ids:
            if mid in sent:
                return Match(sent[mid], how, detail=mid)
    found = _by_reference(incoming, candidates)
    if found is not None:
        return found
    sender = (incoming.from_addr or "").strip().lower()
    found = _by_sender(sender, candidates) if sender else None
    return found if found is not None else Match(None, None, NO_MATCH)
