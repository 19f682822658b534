"""Value types shared by the law engine, the storage layer and the renderers."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from datetime import date

from cada_tracker.domain.series import SeriesReferral
from cada_tracker.domain.vocabulary import Actor, Confidence, DeadlineKind


@dataclass(frozen=True)
class Event:
    """One recorded fact of a request's history.

    `kind` and `outcome` hold `EventKind` / `Outcome` values; the storage layer gives them as
    plain strings, which compare equal to the enum members.
    """

    kind: str
    date: date
    outcome: str | None = None
    note: str | None = None
    # acknowledged: True when the acknowledgment states the implicit-decision date and the
    # remedies including the mandatory CADA referral and its time limit (CRPA R112-5, L112-6).
    complete: bool | None = None
    # reply: whether the decision stated the remedies and time limits (None = not recorded).
    mentions_remedies: bool | None = None
    forced: bool = False
    # cada-sent: how the referral was sent (None: not recorded; the law assumes e-mail)
    channel: str | None = None
    # legal-aid-decided: notification of the decision and designation of the lawyer (décret
    # 2020-1717 art. 69 and 43); None when not recorded
    notified_on: datetime.date | None = None
    lawyer_designated_on: datetime.date | None = None
    seq: int = 0  # recording order, breaks ties between events of the same day
    # who recorded it (issue 14: --as, CADA_USER or the system user; None: unknown, before
    # revision 0008). Never read by the law, and not part of an event's value.
    made_by: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class RequestFacts:
    """Everything the deadline engine needs to know about one request."""

    reference: str
    channel: str = "email"  # a Channel value
    environmental: bool = False
    # INSEE department code of the authority ("34", "67", "971", "2A"...): selects the holiday
    # calendar of its administrative court and the overseas distance rules. None = unknown.
    authority_department: str | None = None
    # Where the requester lives: "metropole", "overseas" or "abroad" (CJA R421-7).
    requester_residence: str = "metropole"
    events: tuple[Event, ...] = ()
    # issue 11, point 5: the series referral of the request's campaign (CRPA R343-3-1), when
    # one was recorded, whether or not it names this request (domain.series); None otherwise
    series: SeriesReferral | None = None
    # issue 11 point 8 (transfers): a request created by `log REF reply --outcome transferred
    # --to SLUG` carries the first authority's receipt of the original request (CRPA L114-3
    # runs from it); None for every other request. Parsed from the transfer marker
    # (domain/transfer.py). `initial_receipt_estimated`: that receipt was not recorded.
    initial_receipt: date | None = None
    initial_receipt_estimated: bool = False
    transferred_from: str | None = None


@dataclass(frozen=True)
class Step:
    """One line of the explanation of a computed date (shown by `cada explain`)."""

    text: str


@dataclass(frozen=True)
class Deadline:
    """A dated deadline with its legal basis. Kinds are listed in the CLI contract."""

    kind: DeadlineKind
    date: date
    actor: Actor
    basis: tuple[str, ...]
    confidence: Confidence
    opposable: bool = True
    estimated: bool = False
    safe_date: datetime.date | None = None  # (`date` is the field above)
    steps: tuple[Step, ...] = ()
    alternatives: tuple[str, ...] = ()  # [U] readings, in words
    # issue 9 (letters' time-limit sentences): the day the period ran from, as the engine
    # counted it (B, a refusal, K, the restart after legal aid...), when the function sets it;
    # why a limit does not bind ("acknowledgment": no complete acknowledgment, CRPA L112-6;
    # "remedies": the decision omitted the remedies); the distance months added (CJA R421-7).
    # Not in the JSON (the contract's fields are unchanged).
    start: datetime.date | None = None
    why: str | None = None
    extra_months: int = 0

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "date": self.date.isoformat(),
            "safe_date": self.safe_date.isoformat() if self.safe_date else None,
            "actor": self.actor,
            "basis": list(self.basis),
            "confidence": self.confidence,
            "opposable": self.opposable,
            "estimated": self.estimated,
        }


@dataclass(frozen=True)
class NextAction:
    what: str
    kind: DeadlineKind | None = None
    date: date | None = None
    # issue 10 (yours, theirs): who the action waits on. REQUESTER: the user's own to-do;
    # AUTHORITY / CADA: an answer awaited from them; None: nothing due from anyone named
    # (in court, legal aid pending, nothing to do).
    actor: Actor | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "what": self.what,
            "kind": self.kind,
            "date": self.date.isoformat() if self.date else None,
        }


@dataclass(frozen=True)
class Timeline:
    """What the engine derives from a request's facts."""

    deadlines: tuple[Deadline, ...] = ()
    warnings: tuple[str, ...] = ()

    def get(self, kind: str) -> Deadline | None:
        for d in self.deadlines:
            if d.kind == kind:
                return d
        return None
