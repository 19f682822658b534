"""The events the deadline chain reads, picked out of a request's history once."""

from __future__ import annotations

from cada_tracker.domain import Event, EventKind, RequestFacts, ordered

# Enum members read in the functions below, as module constants: in Python 3.11 an
# attribute of an Enum class goes through EnumType.__getattr__ (several times a plain read).
_ACKNOWLEDGED = EventKind.ACKNOWLEDGED
_LEGAL_AID_DECIDED = EventKind.LEGAL_AID_DECIDED
_REPLY = EventKind.REPLY

# The first event of each of these kinds fills the slot of the same name. Keys are the plain
# values: the kinds read from the database are plain strings, and a dict of exact strings is
# CPython's fast path.
_FIRST = {
    EventKind.SENT.value: "sent",
    EventKind.RECEIVED.value: "received",
    EventKind.CADA_SENT.value: "cada_sent",
    EventKind.CADA_REGISTERED.value: "cada_registered",
    EventKind.LEGAL_AID_REQUESTED.value: "legal_aid_requested",
    EventKind.REASONS_REQUESTED.value: "reasons_requested",
    EventKind.REASONS_RECEIVED.value: "reasons_received",
}
_REFERRAL = frozenset({EventKind.CADA_SENT.value, EventKind.CADA_REGISTERED.value})


class ChainFacts:
    """The events the chain needs, picked out of the request's history."""

    __slots__ = (
        "sent", "received", "ack_complete", "pre_replies", "post_replies", "cada_sent",
        "cada_registered", "legal_aid_requested", "legal_aid_decided", "legal_aid_decisions",
        "reasons_requested", "reasons_received",
    )  # fmt: skip

    def __init__(self) -> None:
        self.sent: Event | None = None
        self.received: Event | None = None
        self.ack_complete = False
        self.pre_replies: tuple[Event, ...] = ()  # replies before the CADA referral
        self.post_replies: tuple[Event, ...] = ()  # replies after the CADA referral
        self.cada_sent: Event | None = None
        self.cada_registered: Event | None = None
        self.legal_aid_requested: Event | None = None
        self.legal_aid_decided: Event | None = None
        # every legal-aid-decided after the request, in order (the first is legal_aid_decided;
        # later ones complete it or decide a contest: law.court._aid_facts)
        self.legal_aid_decisions: tuple[Event, ...] = ()
        self.reasons_requested: Event | None = None
        self.reasons_received: Event | None = None

    @property
    def referred(self) -> bool:
        return self.cada_sent is not None or self.cada_registered is not None


def extract(facts: RequestFacts) -> ChainFacts:
    """Replies before and after the referral; the first event of each other kind; whether a
    complete acknowledgment was received; a legal-aid decision only after its request."""
    f = ChainFacts()
    pre: list[Event] = []
    post: list[Event] = []
    aid: list[Event] = []
    referred = False
    for ev in ordered(facts.events):
        k = ev.kind
        slot = _FIRST.get(k)
        if slot is not None:
            if getattr(f, slot) is None:
                setattr(f, slot, ev)
            if k in _REFERRAL:
                referred = True
        elif k == _REPLY:
            (post if referred else pre).append(ev)
        elif k == _ACKNOWLEDGED:
            if ev.complete:
                f.ack_complete = True
        elif k == _LEGAL_AID_DECIDED and f.legal_aid_requested is not None:
            aid.append(ev)
    f.legal_aid_decisions = tuple(aid)
    f.legal_aid_decided = aid[0] if aid else None
    f.pre_replies = tuple(pre)
    f.post_replies = tuple(post)
    return f
