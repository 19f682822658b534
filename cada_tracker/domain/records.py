"""Records as the storage layer loads them (the same objects from sqlite3 or SQLAlchemy)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import NamedTuple

from cada_tracker.domain.model import Event, RequestFacts
from cada_tracker.domain.state import ordered
from cada_tracker.domain.transfer import links as transfer_links


@dataclass
class RequestView:
    """A request as the read paths load it (same object from the ORM or from plain sqlite3)."""

    id: int
    reference: str
    authority_slug: str
    authority_name: str
    subject: str
    channel: str
    environmental: bool
    created_on: date
    illustrative: bool = False
    authority_department: str | None = None
    note: str | None = None
    # issue 11 point 8: a request to the competent authority after a transfer: the first
    # authority's receipt of the original request (date, estimated), read from that request's
    # events when loaded (storage.requests.load_views); None: the marker's date is used
    initial_receipt: tuple[date, bool] | None = None
    items: list[str] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    # --- as of a day (`--today` in the past; docs/commands.md, "Global options") -------------
    @property
    def since(self) -> date:
        """The first day the request existed: its creation (a draft) or its first event,
        whichever is earlier (history typed in late counts by its event dates)."""
        first = min((e.date for e in self.events), default=self.created_on)
        return min(first, self.created_on)

    def existed_on(self, day: date) -> bool:
        return self.since <= day

    def as_of(self, day: date) -> RequestView:
        """The request as it stood on `day`: the events dated after it left out (the same
        object when there is none)."""
        if all(e.date <= day for e in self.events):
            return self
        return replace(self, events=[e for e in self.events if e.date <= day])

    def facts(self, requester_residence: str = "metropole") -> RequestFacts:
        origin = transfer_links(self.events).get("from")  # issue 11 point 8
        first = self.initial_receipt or (
            (origin.first_receipt, origin.estimated) if origin and origin.first_receipt else None
        )
        return RequestFacts(
            initial_receipt=first[0] if origin and first else None,
            initial_receipt_estimated=first[1] if origin and first else False,
            transferred_from=origin.reference if origin else None,
            reference=self.reference,
            channel=self.channel,
            environmental=self.environmental,
            authority_department=self.authority_department,
            requester_residence=requester_residence,
            events=tuple(ordered(self.events)),
        )


class ItemOutcome(NamedTuple):
    """What one document requested became on one event (a row of `item_outcome`).

    `outcome` is "received", "refused" or "not-held" on a reply, "communicable" on a CADA
    opinion; `ground` is the exception the authority invoked for a refused item.
    """

    position: int  # the item's number in the request (1-based, as in the letter)
    description: str
    outcome: str
    ground: str | None
    event_id: int
    event_kind: str
    decided_on: date


class RequestKey(NamedTuple):
    """What the write paths need to name a request: its id and its reference."""

    id: int
    reference: str
