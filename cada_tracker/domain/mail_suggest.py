"""What a message brought back probably is (issue 12, point 3): the event `cada inbox` suggests
for it, the options the text supports, and why. Pure: strings in, a Suggestion out.

Read from the subject, the body text, the attachments' names and media types and the sender's
address only; a suggestion is never recorded by itself (`cada inbox classify ID --as EVENT`).
The rules, in order (docs/commands.md, "cada inbox"):

1. a sender of the CADA (domain cada.fr): an opinion when its outcome is stated (`cada-opinion
   --outcome ...`), a registration when the text says the referral was registered, an opinion
   without outcome when the text speaks of an opinion, else a registration;
2. "transmise à", "transmis au service compétent", L114-2: `reply --outcome transferred`;
3. an acknowledgment of receipt: `acknowledged`, with `--complete` only when the text states
   both the implicit decision and the remedies including the CADA (CRPA R112-5, L112-6);
4. attachments present: `reply`, with `--outcome` only when exactly one outcome is clearly
   stated, and `--mentions-remedies` when the text states the court remedy and its time limit;
5. no attachment but a refusal, or a statement that the documents are not held, in so many
   words: `reply --outcome refused|not-held`;
6. otherwise no suggestion.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import NamedTuple

CADA_DOMAIN = "cada.fr"

# reason codes (stable: JSON and tests; the words are in messages/mail.py)
REASON_CADA_OPINION = "cada-opinion"  # from the CADA, its outcome stated
REASON_CADA_OPINION_UNSTATED = "cada-opinion-unstated"  # an opinion, outcome not clear
REASON_CADA_REGISTERED = "cada-registered"  # from the CADA, registration words
REASON_CADA_SENDER = "cada-sender"  # from the CADA, nothing more specific
REASON_TRANSFERRED = "transferred"
REASON_ACK_COMPLETE = "acknowledgment-complete"
REASON_ACK_INCOMPLETE = "acknowledgment-incomplete"
REASON_ATTACHMENTS = "attachments"
REASON_REPLY_TEXT = "reply-text"
REASON_NONE = "none"
REASONS = (REASON_CADA_OPINION, REASON_CADA_OPINION_UNSTATED, REASON_CADA_REGISTERED,
           REASON_CADA_SENDER, REASON_TRANSFERRED, REASON_ACK_COMPLETE, REASON_ACK_INCOMPLETE,
           REASON_ATTACHMENTS, REASON_REPLY_TEXT, REASON_NONE)


class Attachment(NamedTuple):
    name: str
    media_type: str


class Suggestion(NamedTuple):
    """The event to record (None: no suggestion), its options as command-line words, the
    reason code, the words of the message it rests on, and what the text did not settle
    (`missing`: "outcome", "implicit-decision", "remedies", "ambiguous-outcome")."""

    event: str | None
    options: tuple[str, ...]
    reason: str
    evidence: str | None = None
    missing: tuple[str, ...] = ()


class Folded:
    """A text in the form the rules read (lower case, accents removed, typographic apostrophes
    straightened, one space between words), which can give back the words as written."""

    def __init__(self, text: str) -> None:
        chars: list[str] = []
        where: list[int] = []  # index in the original text of each folded character
        for i, c in enumerate(text):
            if c.isspace():
                if chars and chars[-1] == " ":
                    continue
                chars.append(" ")
                where.append(i)
                continue
            c = "'" if c in "\u2019\u02bc" else c
            for f in unicodedata.normalize("NFKD", c.lower()):
                if not unicodedata.combining(f):
                    chars.append(f)
                    where.append(i)
        self.original = text
        self.text = "".join(chars)
        self._where = where

    def search(self, pattern: str) -> str | None:
        """The words of the original text where the pattern is found, or None."""
        found = re.search(pattern, self.text)
        if found is None:
            return None
        if found.end() <= found.start():
            return ""
        start, end = self._where[found.start()], self._where[found.end() - 1] + 1
        return " ".join(self.original[start:end].split())


def fold(text: str) -> str:
    return Folded(text).text


def _first(patterns: Sequence[tuple[str, str]], text: Folded) -> tuple[str, str] | None:
    """(value, words found) of the first pattern found in the text."""
    for value, pattern in patterns:
        found = text.search(pattern)
        if found is not None:
            return value, found
    return None


def _all(patterns: Sequence[tuple[str, str]], text: Folded) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for value, pattern in patterns:
        found = text.search(pattern)
        if found is not None and value not in (v for v, _ in out):
            out.append((value, found))
    return out


# CADA opinions: the most specific first ("partiellement favorable" before "favorable")
_OPINION_OUTCOMES = (
    ("partly-favorable", r"\bavis (partiellement favorable|favorable partiel\w*)|"
                         r"\bfavorable en partie\b|\bpartiellement favorable\b"),
    ("unfavorable", r"\bavis defavorable\b"),
    ("favorable", r"\bavis favorable\b"),
    ("moot", r"\bsans objet\b"),
    ("inadmissible", r"\birrecevable\b"),
    ("incompetent", r"\b(n'est pas competente|incompetente?)\b"),
)
_CADA_REGISTERED = r"\b(enregistre\w*|accuse\w* (de )?reception|numero de dossier|dossier n)"
_CADA_OPINION = r"\b(avis n|(a|a rendu|a emis|emet) (un|son) avis|l'avis de la commission|" \
    r"seance du)"
_TRANSFERRED = (
    ("transferred", r"\b(demande|requete|courrier|message)\b[^.]{0,80}\b(transmise?|"
                    r"transferee?|redirigee?)\b[^.]{0,30}\b(a|au|aux|a l'|vers)\b"),
    ("transferred", r"\btransmis\w* au service competent\b"),
    ("transferred", r"\b(nous )?(transmettons|avons transmis|transferons|avons transfere) "
                    r"votre (demande|requete|courrier)\b"),
    ("transferred", r"\bl\.? ?114-2\b"),
)
_ACK = r"\b(accuse\w* (de )?reception|accusons (bonne )?reception|avons bien recu votre " \
    r"(demande|courrier|message|requete|mail|e-mail|courriel))"
_IMPLICIT = r"\b(decision implicite|silence garde|vaut (decision de )?(rejet|refus))"
_REMEDIES_CADA = r"\b(commission d'acces aux documents administratifs|cada)\b"
# reply outcomes stated in so many words (rule 4 needs exactly one)
_REPLY_OUTCOMES = (
    ("not-held", r"\bne (detenons|detient|disposons|dispose|possedons|possede) pas\b|"
                 r"\bn'existe(nt)? pas\b|\binexistant\w*\b"),
    ("partial", r"\bcommunication partielle\b|\bpartiellement (communique|transmis|fait droit)"
                r"\w*|\boccult\w*\b"),
    ("refused", r"\b(refus|refusons|rejet|rejetons)\b|\bne (pouvons|pouvez|peut) (pas )?"
                r"(vous )?(communiquer|transmettre|faire droit|donner (une )?suite)\b|"
                r"\b(non|pas) communicable\w*\b"),
    ("full", r"\b(l'ensemble|la totalite) des documents (demandes|sollicites)\b|"
             r"\btous les documents (demandes|sollicites)\b"),
)
_COURT = r"\btribunal administratif\b"
_TIME_LIMIT = r"\b(deux|2) mois\b|\bvoies et delais de recours\b"


def suggest(subject: str | None, body: str | None, from_addr: str | None,
            attachments: Sequence[Attachment]) -> Suggestion:
    """The suggested classification of one message (rules in the module's docstring)."""
    names = Folded(" ".join(a.name for a in attachments))
    text = Folded("\n".join(p for p in (subject, body) if p))
    domain = (from_addr or "").rpartition("@")[2].strip().strip(">").lower()
    if domain == CADA_DOMAIN or domain.endswith("." + CADA_DOMAIN):
        return _from_cada(text, names, domain)
    transfer = _first(_TRANSFERRED, text)
    if transfer is not None:
        return Suggestion("reply", ("--outcome", "transferred"), REASON_TRANSFERRED,
                          transfer[1])
    ack = text.search(_ACK) or names.search(_ACK)
    if ack is not None:
        missing = tuple(what for what, pattern in (("implicit-decision", _IMPLICIT),
                                                   ("remedies", _REMEDIES_CADA))
                        if text.search(pattern) is None)
        if not missing:
            return Suggestion("acknowledged", ("--complete",), REASON_ACK_COMPLETE, ack)
        return Suggestion("acknowledged", (), REASON_ACK_INCOMPLETE, ack, missing)
    outcomes = _all(_REPLY_OUTCOMES, text)
    remedies = ("--mentions-remedies",) if text.search(_COURT) is not None and \
        text.search(_TIME_LIMIT) is not None else ()
    if attachments:
        evidence = ", ".join(a.name for a in attachments)
        if len(outcomes) == 1:
            return Suggestion("reply", ("--outcome", outcomes[0][0], *remedies),
                              REASON_ATTACHMENTS, evidence)
        missing = ("ambiguous-outcome",) if outcomes else ("outcome",)
        return Suggestion("reply", remedies, REASON_ATTACHMENTS, evidence, missing)
    plain = [o for o in outcomes if o[0] in ("refused", "not-held")]
    if len(outcomes) == 1 and plain:
        return Suggestion("reply", ("--outcome", plain[0][0], *remedies), REASON_REPLY_TEXT,
                          plain[0][1])
    return Suggestion(None, (), REASON_NONE)


def _from_cada(text: Folded, names: Folded, domain: str) -> Suggestion:
    outcome = _first(_OPINION_OUTCOMES, text)
    if outcome is not None:
        return Suggestion("cada-opinion", ("--outcome", outcome[0]), REASON_CADA_OPINION,
                          outcome[1])
    registered = text.search(_CADA_REGISTERED)
    if registered is not None:
        return Suggestion("cada-registered", (), REASON_CADA_REGISTERED, registered)
    opinion = text.search(_CADA_OPINION) or names.search(r"\bavis\b")
    if opinion is not None:
        return Suggestion("cada-opinion", (), REASON_CADA_OPINION_UNSTATED, opinion,
                          ("outcome",))
    return Suggestion("cada-registered", (), REASON_CADA_SENDER, domain)
