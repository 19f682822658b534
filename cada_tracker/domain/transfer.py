"""The link between a transferred request and the request to the competent authority.

Issue 11 point 8. No column holds it (no migration): each side's transfer event carries one
marker line in its note, written by cada and parsed here (docs/design.md, "Transfers"):

- on the original request, the `reply --outcome transferred` event:
  ``transferred-to: NEWREF``
- on the new request, its first event (`sent`, the transmission by the first authority):
  ``transferred-from: REF (first receipt YYYY-MM-DD)`` or
  ``transferred-from: REF (first receipt YYYY-MM-DD, estimated)``

The marker is the last line of the note; text the user gave with --note stays above it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from cada_tracker.domain.model import Event

# Channels by which a request is received the day it is sent (law.implicit_refusal agrees)
SAME_DAY = frozenset({"email", "web", "hand"})

_MARKER = re.compile(
    r"^transferred-(?P<side>to|from): (?P<ref>\S+)"
    r"(?: \(first receipt (?P<day>\d{4}-\d{2}-\d{2})(?P<est>, estimated)?\))?$",
    re.MULTILINE,
)


@dataclass(frozen=True)
class TransferLink:
    side: str  # "to" (this request was transferred to `reference`) or "from"
    reference: str
    first_receipt: date | None = None  # "from" only: receipt by the first authority
    estimated: bool = False


def to_marker(reference: str) -> str:
    return f"transferred-to: {reference}"


def from_marker(reference: str, first_receipt: date, estimated: bool) -> str:
    est = ", estimated" if estimated else ""
    return f"transferred-from: {reference} (first receipt {first_receipt.isoformat()}{est})"


def with_marker(note: str | None, marker: str) -> str:
    """The user's note (if any) with the marker as its last line."""
    return f"{note.rstrip()}\n{marker}" if note else marker


def parse(note: str | None) -> TransferLink | None:
    if not note:
        return None
    found = list(_MARKER.finditer(note))
    if not found:
        return None
    m = found[-1]  # the last marker line wins
    day = m.group("day")
    return TransferLink(
        m.group("side"), m.group("ref"),
        date.fromisoformat(day) if day else None, m.group("est") is not None,
    )  # fmt: skip


def without_marker(note: str | None) -> str | None:
    """The note as the user wrote it: the marker lines left out (None when nothing is left).
    Letters quote this, never the marker."""
    if not note:
        return note
    kept = "\n".join(line for line in note.split("\n") if not _MARKER.fullmatch(line)).strip()
    return kept or None


def links(events: Iterable[Event]) -> dict[str, TransferLink]:
    """{"to": link, "from": link} as the events' notes carry them (first of each side)."""
    found: dict[str, TransferLink] = {}
    for e in events:
        if e.kind not in ("reply", "sent"):
            continue
        link = parse(e.note)
        if link is None:
            continue
        if link.side == "to" and e.outcome != "transferred":
            continue
        found.setdefault(link.side, link)
    return found


def first_receipt(
    events: Iterable[Event], channel: str, fallback: date, post_delay_min_days: int = 1
) -> tuple[date, bool]:
    """When the first authority received the original request: recorded (`received`), else
    the earliest estimate from `sent` (same day for e-mail, web, hand; post: the minimum
    delay, the earlier reading being the safe one for the requester's deadlines), else
    `fallback` (the transfer day). Returns (date, estimated)."""
    evs = list(events)
    received = [e.date for e in evs if e.kind == "received"]
    if received:
        return min(received), False
    sent = [e.date for e in evs if e.kind == "sent"]
    if not sent:
        return fallback, True
    return min(sent) + timedelta(days=0 if channel in SAME_DAY else post_delay_min_days), True


def handed_over(events: Iterable[Event]) -> str | None:
    """The reference of the request to the competent authority when the first authority's
    last answer is a transfer recorded with `--to` (issue 11 point 8): the procedure goes on
    there (next action, series referrals); None otherwise."""
    replies = sorted((e for e in events if e.kind == "reply"), key=lambda e: (e.date, e.seq))
    if not replies or replies[-1].outcome != "transferred":
        return None
    link = parse(replies[-1].note)
    return link.reference if link is not None and link.side == "to" else None
