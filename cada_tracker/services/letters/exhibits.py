"""The numbered exhibits of a referral to the CADA (saisine-cada) or an application to the
court (recours-ta): which events need a proof, which recorded documents prove them."""

from __future__ import annotations

from types import SimpleNamespace as NS

from cada_tracker.dates import french_long
from cada_tracker.domain import CONFIRMING_OUTCOMES, REFUSING_OUTCOMES, Event
from cada_tracker.domain.letters import ExhibitFile, StoredLetter
from cada_tracker.messages import letters as M
from cada_tracker.render.letterdoc import LetterDoc, parse_text
from cada_tracker.services.letters.addresses import with_article
from cada_tracker.services.letters.facts import AID_BASIS, Loaded, first, last, phases

_DOC_EXHIBITS = {
    "sent": ("sent", M.EXHIBIT_PROOF_SENT),
    "received": ("received", M.EXHIBIT_PROOF_RECEIVED),
    "acknowledged": ("acknowledged", M.EXHIBIT_ACK),
}
_REPLY_TITLES = {
    "refused": M.EXHIBIT_REFUSAL,
    "partial": M.EXHIBIT_PARTIAL,
    "not-held": M.EXHIBIT_NOT_HELD,
}
# Frozen letters numbered as exhibits: the event that sent them -> (role, title).
_LETTER_TITLES = {
    "reminder-sent": ("reminder", M.EXHIBIT_REMINDER),
    "reasons-requested": ("reasons_requested", M.EXHIBIT_MOTIFS),
    "cada-sent": ("cada_sent", M.EXHIBIT_CADA_SENT),
    "cada-informed": ("cada_informed", M.EXHIBIT_CADA_INFORMED),
}
_CADA_TITLES = {
    "cada-sent": ("cada_sent", M.EXHIBIT_CADA_SENT),
    "cada-registered": ("cada_registered", M.EXHIBIT_CADA_REGISTERED),
    "cada-opinion": ("cada_opinion", M.EXHIBIT_CADA_OPINION),
}


def frozen_doc(letter: StoredLetter, reference: str) -> LetterDoc:
    """A frozen letter as a LetterDoc: its frame parsed back, or, for a text the user wrote
    (--letter FILE), the whole text as the body (its layout is the user's)."""
    if letter.origin == "user":
        return LetterDoc(letter.kind, [], [], "", [], letter.body.strip("\n"), [],
                         reference=reference)
    return parse_text(letter.kind, letter.body, reference=reference)


class _Exhibits:
    """The list being numbered, and the notes on the required exhibits without a file."""

    def __init__(self, loaded: Loaded, kind: str, notes: list[str], first: int = 1) -> None:
        self.first = first  # the number of the first exhibit (a series numbers them once)
        self.reference = loaded.reference
        self.notes = notes
        self.why_required = M.WHY_EXHIBIT_COURT if kind == "recours-ta" \
            else M.WHY_EXHIBIT_REFERRAL
        self.by_event: dict[int, list[ExhibitFile]] = {}
        for doc in loaded.documents:
            if doc.event_id is not None:
                self.by_event.setdefault(doc.event_id, []).append(doc)
        # The letters frozen with an event (the last one when an event was frozen twice).
        self.letters: dict[int, StoredLetter] = {
            lt.event_id: lt for lt in loaded.letters if lt.frozen and lt.event_id is not None}
        self.out: list[NS] = []

    def add(self, role: str, title: str, source: str, doc: ExhibitFile | None = None,
            letter: StoredLetter | None = None) -> NS:
        e = NS(number=len(self.out) + self.first, role=role, title=title, source=source,
               document=doc, letter=letter, file=None, missing=source == "missing", offer="")
        self.out.append(e)
        return e

    def add_letter(self, event: Event) -> bool:
        """The letter frozen with `event` (and the files attached to it); False if none."""
        letter = self.letters.get(event.seq)
        if letter is None:
            return False
        role, title = _LETTER_TITLES.get(event.kind, ("letter", M.EXHIBIT_LETTER))
        title = title.format(date=french_long(event.date), kind=letter.kind)
        self.add(role, title, "letter", letter=letter)
        for doc in self.by_event.get(event.seq, []):
            self.add(role, M.EXHIBIT_WITH_FILE.format(title=title, name=doc.original_name),
                     "document", doc)
        return True

    def offer_documents(self, documents: list[ExhibitFile]) -> None:
        """Each exhibit to join: the request's documents not numbered yet, by id."""
        used = {e.document.document_id for e in self.out if e.document is not None}
        free = [f"DOC {d.document_id}" for d in documents if d.document_id not in used]
        if not free:
            return
        docs = ", ".join(free)
        for e in self.out:
            if e.missing:
                e.offer = M.EXHIBIT_OFFER.format(docs=docs)
        if any(e.missing for e in self.out):
            self.notes.append(M.NOTE_MISSING_OFFER.format(docs=docs).strip())

    def add_event(self, role: str, title: str, event: Event | None, *, required: bool,
                  why: str | None = None, event_kind: str = "") -> None:
        docs = self.by_event.get(event.seq, []) if event is not None else []
        for doc in docs:
            self.add(role, M.EXHIBIT_WITH_FILE.format(title=title, name=doc.original_name),
                     "document", doc)
        if not docs and required:
            e = self.add(role, title, "missing")
            kind_ = event_kind or (event.kind if event is not None else "")
            label = kind_ if event is None or event.outcome is None else \
                f"{kind_} --outcome {event.outcome}"
            self.notes.append(M.NOTE_MISSING_EXHIBIT.format(
                number=e.number, title=title, why=why or self.why_required, event=label,
                event_kind=kind_, reference=self.reference))


def exhibits_for(loaded: Loaded, kind: str, *, notes: list[str] | None = None,
                 start: int = 1) -> list[NS]:
    """The numbered exhibits of a referral (saisine-cada) or a court application (recours-ta).

    Each is `number, role, title, source, file, missing, offer` (+ `document`, an
    ExhibitFile; `letter`, a frozen StoredLetter). source: "letter" (the request as sent, or a
    letter frozen with its event: reminders, the demand for reasons, the referral, the
    information of the authority), "note" (the silence note), "document" (an attached file) or
    "missing": a required exhibit without a file, listed as "[à joindre : title]" (and a
    warning added to `notes`); `offer` then names the request's documents not numbered yet
    ("document(s) de la demande : DOC 3, DOC 4"), the candidates to join. Required: the
    refusal (CRPA R343-1), the acknowledgment when recorded, and for the court the proof of
    the CADA referral (its frozen letter, or a file), its registration, the opinion when
    recorded and the contested decision (CJA R412-1). `start`: the number of the first
    exhibit (a series referral numbers the exhibits of all its requests in one bordereau).
    """
    if kind not in ("saisine-cada", "recours-ta"):
        return []
    x = _Exhibits(loaded, kind, notes if notes is not None else [], start)
    before, after = phases(loaded.events)
    sent = first(loaded.events, "sent")
    if loaded.origin is not None:
        # issue 11 point 8: the request the requester made, to the first authority, which
        # transmitted it (CRPA L114-2); never a demande rendered to the competent authority
        made = first(loaded.origin.events, "sent")
        title = M.EXHIBIT_REQUEST_TRANSFERRED.format(
            date=french_long(made.date) if made else "", reference=loaded.origin.reference,
            to_the=with_article(loaded.origin.authority_name)[1])
        if loaded.origin_demande is not None:
            x.add("request", title, "letter", letter=loaded.origin_demande)
        else:
            x.add("request", title, "missing")
    else:
        x.add("request", M.EXHIBIT_REQUEST.format(date=french_long(sent.date)) if sent
              else M.EXHIBIT_REQUEST_UNDATED, "letter")
    # numbered in the order of the events (docs/letters.md, "Exhibits"): the refusal referred
    # at its own date, the silence note at the implicit refusal's date (B)
    reply = last(before, "reply")
    refusal = reply if reply is not None and reply.outcome in REFUSING_OUTCOMES else None
    silence_due = refusal is None and kind == "saisine-cada"
    implicit = loaded.timeline.get("implicit_refusal")
    for e in before:
        if silence_due and implicit is not None and e.date > implicit.date:
            x.add("silence", M.EXHIBIT_SILENCE, "note")
            silence_due = False
        if refusal is not None and e.seq == refusal.seq:
            title = _REPLY_TITLES[str(e.outcome)].format(date=french_long(e.date))
            x.add_event("refusal", title, e, required=True,
                        why=M.WHY_EXHIBIT_REFERRAL if kind == "saisine-cada"
                        else M.WHY_EXHIBIT_CITED)
        elif e.kind in _DOC_EXHIBITS:
            role, title = _DOC_EXHIBITS[e.kind]
            x.add_event(role, title.format(date=french_long(e.date)), e,
                        required=e.kind == "acknowledged", why=M.WHY_EXHIBIT_ACK)
        elif e.kind in ("reminder-sent", "reasons-requested"):
            x.add_letter(e)
        elif e.kind == "reply" and e.outcome == "transferred":
            # the transfer notice, when a file is attached to it (issue 9 review, point 5)
            x.add_event("transfer", M.EXHIBIT_TRANSFER.format(date=french_long(e.date)), e,
                        required=False)
    if silence_due:
        x.add("silence", M.EXHIBIT_SILENCE, "note")
    if kind == "recours-ta":
        court_by = loaded.timeline.get("court_by")
        aid_cited = court_by is not None and AID_BASIS in court_by.basis
        aid_seen: set[int] = set()
        if first(after, "cada-sent") is None:
            # Registered without a recorded sending: the referral itself is still needed.
            x.add_event("cada_sent", M.EXHIBIT_CADA_SENT_UNDATED, None, required=True,
                        event_kind="cada-sent")
        for e in after:
            if e.kind in _LETTER_TITLES and x.add_letter(e):
                continue
            if e.kind in _CADA_TITLES:
                role, title = _CADA_TITLES[e.kind]
            elif e.kind == "reply" and e.outcome in CONFIRMING_OUTCOMES:
                role, title = "confirmation", M.EXHIBIT_CONFIRMATION
            elif e.kind == "legal-aid-decided" and aid_cited and e.seq not in aid_seen:
                # issue 9 (review point 2): the legal-aid decision the application's time
                # limit rests on (décret 2020-1717 art. 43); the same decision recorded again
                # on its date (notification, lawyer) is one exhibit, with every file attached
                same = [a for a in after if a.kind == e.kind and a.date == e.date]
                aid_seen.update(a.seq for a in same)
                title = M.EXHIBIT_LEGAL_AID.format(date=french_long(e.date))
                docs = [d for a in same for d in x.by_event.get(a.seq, [])]
                for doc in docs:
                    x.add("legal_aid", M.EXHIBIT_WITH_FILE.format(
                        title=title, name=doc.original_name), "document", doc)
                if not docs:
                    x.add_event("legal_aid", title, e, required=True, why=M.WHY_EXHIBIT_CITED)
                continue
            else:
                continue
            x.add_event(role, title.format(date=french_long(e.date)), e, required=True,
                        why=M.WHY_EXHIBIT_CITED if role == "cada_opinion" else None)
    x.offer_documents(loaded.documents)
    return x.out
