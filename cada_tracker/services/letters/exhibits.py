"""The numbered exhibits of a referral to the CADA (saisine-cada) or an application to the
court (recours-ta): which events need a proof, which recorded documents prove them."""

from __future__ import annotations

from types import SimpleNamespace as NS

from cada_tracker.dates import french_long
from cada_tracker.domain import CONFIRMING_OUTCOMES, REFUSING_OUTCOMES, Event
from cada_tracker.domain.letters import ExhibitFile
from cada_tracker.messages import letters as M
from cada_tracker.services.letters.facts import Loaded, first, last, phases

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
_CADA_TITLES = {
    "cada-sent": ("cada_sent", M.EXHIBIT_CADA_SENT),
    "cada-registered": ("cada_registered", M.EXHIBIT_CADA_REGISTERED),
    "cada-opinion": ("cada_opinion", M.EXHIBIT_CADA_OPINION),
}


class _Exhibits:
    """The list being numbered, and the notes on the required exhibits without a file."""

    def __init__(self, loaded: Loaded, kind: str, notes: list[str]) -> None:
        self.reference = loaded.reference
        self.notes = notes
        self.why_required = M.WHY_EXHIBIT_COURT if kind == "recours-ta" \
            else M.WHY_EXHIBIT_REFERRAL
        self.by_event: dict[int, list[ExhibitFile]] = {}
        for doc in loaded.documents:
            if doc.event_id is not None:
                self.by_event.setdefault(doc.event_id, []).append(doc)
        self.out: list[NS] = []

    def add(self, role: str, title: str, source: str, doc: ExhibitFile | None = None) -> NS:
        e = NS(number=len(self.out) + 1, role=role, title=title, source=source,
               document=doc, file=None, missing=source == "missing")
        self.out.append(e)
        return e

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


def exhibits_for(loaded: Loaded, kind: str, *, notes: list[str] | None = None) -> list[NS]:
    """The numbered exhibits of a referral (saisine-cada) or a court application (recours-ta).

    Each is `number, role, title, source, file, missing` (+ `document`, an ExhibitFile).
    source: "letter" (the request as sent), "note" (the silence note), "document" (an attached
    file) or "missing": a required exhibit without a file, listed as "[à joindre : title]"
    (and a warning added to `notes`). Required: the refusal (CRPA R343-1), the acknowledgment
    when recorded, and for the court the proof of the CADA referral, its registration, the
    opinion when recorded and the contested decision (CJA R412-1).
    """
    if kind not in ("saisine-cada", "recours-ta"):
        return []
    x = _Exhibits(loaded, kind, notes if notes is not None else [])
    before, after = phases(loaded.events)
    sent = first(loaded.events, "sent")
    x.add("request", M.EXHIBIT_REQUEST.format(date=french_long(sent.date)) if sent
          else M.EXHIBIT_REQUEST_UNDATED, "letter")
    for e in before:
        if e.kind in _DOC_EXHIBITS:
            role, title = _DOC_EXHIBITS[e.kind]
            x.add_event(role, title.format(date=french_long(e.date)), e,
                        required=e.kind == "acknowledged", why=M.WHY_EXHIBIT_ACK)
    reply = last(before, "reply")
    if reply is not None and reply.outcome in REFUSING_OUTCOMES:
        title = _REPLY_TITLES[reply.outcome].format(date=french_long(reply.date))
        x.add_event("refusal", title, reply, required=True,
                    why=M.WHY_EXHIBIT_REFERRAL if kind == "saisine-cada" else M.WHY_EXHIBIT_CITED)
    elif kind == "saisine-cada":
        x.add("silence", M.EXHIBIT_SILENCE, "note")
    if kind == "recours-ta":
        if first(after, "cada-sent") is None:
            # Registered without a recorded sending: the referral itself is still needed.
            x.add_event("cada_sent", M.EXHIBIT_CADA_SENT_UNDATED, None, required=True,
                        event_kind="cada-sent")
        for e in after:
            if e.kind in _CADA_TITLES:
                role, title = _CADA_TITLES[e.kind]
            elif e.kind == "reply" and e.outcome in CONFIRMING_OUTCOMES:
                role, title = "confirmation", M.EXHIBIT_CONFIRMATION
            else:
                continue
            x.add_event(role, title.format(date=french_long(e.date)), e, required=True,
                        why=M.WHY_EXHIBIT_CITED if role == "cada_opinion" else None)
    return x.out
