"""Item by item (issue 9, point 7a): what each document requested became.

Each document requested is an item with its own outcome, recorded on the event that decided it
(`cada log REF reply --outcome partial --items 1,3 --refused-items 2 --grounds "..."`,
`cada log REF cada-opinion --outcome partly-favorable --items 1,2`). This module checks the
options of `cada log` before anything is written, and derives the status of every item from the
recorded outcomes and the events (docs/commands.md, "Item by item", states the rules):

- an item nothing mentions is `pending`;
- a `received` item stays received, whatever comes after;
- otherwise the latest event that decides the item gives its status: `refused` (with the ground
  the authority invoked), `not-held`, or `communicable` (a CADA opinion found it so);
- a reply `full` decides every item not yet received (received); a reply `refused` refuses
  every item it does not list otherwise, except those said not held; a reply `not-held` says
  so of every item it does not list otherwise; a CADA opinion `favorable` finds every item
  neither received nor said not held communicable. A reply `partial` and a `partly-favorable`
  opinion decide only the items they list;
- the ground of a refused item is kept while the item is not received (a later refusal without
  a ground, or the CADA's opinion, does not erase the ground the authority invoked).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cada_tracker import messages as M
from cada_tracker.display import shown
from cada_tracker.domain import Event
from cada_tracker.domain.records import ItemOutcome
from cada_tracker.errors import UsageError
from cada_tracker.textutil import one_line

RECEIVED, REFUSED, NOT_HELD, COMMUNICABLE = "received", "refused", "not-held", "communicable"
PENDING = "pending"
# Item outcomes a reply may record, by the reply's outcome (None: no item option allowed).
_REPLY_ALLOWS: dict[str, frozenset[str]] = {
    "partial": frozenset({RECEIVED, REFUSED, NOT_HELD}),
    "refused": frozenset({REFUSED, NOT_HELD}),
    "not-held": frozenset({NOT_HELD}),
}
# What an event decides for the items it does not list (only items not received).
_BLANKET: dict[tuple[str, str | None], str] = {
    ("reply", "full"): RECEIVED,
    ("reply", "refused"): REFUSED,
    ("reply", "not-held"): NOT_HELD,
    ("cada-opinion", "favorable"): COMMUNICABLE,
}
GROUNDS_LIMIT = 1000  # characters: a ground is an article and a few words
_NUMBER = re.compile(r"[0-9]{1,9}")
Day = date  # a field of ItemStatus is called `date`


# --- the options of `cada log` -------------------------------------------------------------


@dataclass
class ItemOptions:
    """The item options of `cada log` as typed (lists of "1,3" strings)."""

    items: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    grounds: list[str] = field(default_factory=list)
    not_held: list[str] = field(default_factory=list)

    def given(self) -> bool:
        return bool(self.items or self.refused or self.grounds or self.not_held)


def parse_numbers(text: str, option: str, count: int) -> list[int]:
    """ "1,3" -> [1, 3]: each a document requested of the request (1..count), else exit 2."""
    numbers: list[int] = []
    if not text.strip():
        raise UsageError(M.EMPTY_VALUE.format(what=option))
    for part in text.split(","):
        part = part.strip()
        if not _NUMBER.fullmatch(part):
            raise UsageError(M.ITEMS_BAD_NUMBER.format(
                option=option, value=shown(part or text), valid=valid_numbers(count)))
        n = int(part)
        if not 1 <= n <= count:
            raise UsageError(M.ITEMS_OUT_OF_RANGE.format(
                option=option, number=n, valid=valid_numbers(count)))
        if n in numbers:
            raise UsageError(M.ITEMS_REPEATED.format(option=option, number=n))
        numbers.append(n)
    return numbers


def valid_numbers(count: int) -> str:
    if count == 1:
        return M.ITEMS_VALID_ONE
    return M.ITEMS_VALID_RANGE.format(last=count)


def _option_for(kind: str) -> str:
    return "--items" if kind == "reply" else "--items (communicable)"


def check_item_options(
    kind: str, outcome: str | None, opts: ItemOptions, count: int
) -> list[tuple[int, str, str | None]]:
    """The (position, outcome, ground) rows an event records, or UsageError (exit 2).

    `count` is the number of documents requested. Grounds pair with refused items by position:
    the i-th --grounds gives the ground of the i-th --refused-items."""
    if not opts.given():
        return []
    if kind == "cada-opinion":
        if opts.refused or opts.grounds or opts.not_held:
            raise UsageError(M.ITEMS_OPINION_ONLY_ITEMS)
        if outcome != "partly-favorable":
            raise UsageError(M.ITEMS_OPINION_OUTCOME.format(outcome=outcome or "none"))
        numbers = parse_numbers(",".join(opts.items), "--items", count)  # --items 1 --items 1
        return [(n, COMMUNICABLE, None) for n in numbers]
    if kind != "reply":
        raise UsageError(M.ITEMS_WRONG_EVENT.format(kind=kind))
    allowed = _REPLY_ALLOWS.get(outcome or "")
    if allowed is None:
        raise UsageError(M.ITEMS_REPLY_OUTCOME.format(outcome=outcome or "none"))
    if opts.grounds and len(opts.grounds) != len(opts.refused):
        raise UsageError(M.ITEMS_GROUNDS_PAIRING.format(
            grounds=len(opts.grounds), refused=len(opts.refused)))
    wanted = {RECEIVED: opts.items, REFUSED: opts.refused, NOT_HELD: opts.not_held}
    options = {RECEIVED: "--items", REFUSED: "--refused-items", NOT_HELD: "--not-held-items"}
    rows: list[tuple[int, str, str | None]] = []
    seen: dict[int, str] = {}
    for what, texts in wanted.items():
        if texts and what not in allowed:
            raise UsageError(M.ITEMS_NOT_WITH_OUTCOME.format(
                option=options[what], outcome=outcome))
        for i, text in enumerate(texts):
            ground = None
            if what == REFUSED and opts.grounds:
                ground = one_line(opts.grounds[i], "--grounds").strip()
                if not ground:
                    raise UsageError(M.EMPTY_VALUE.format(what="--grounds"))
                if len(ground) > GROUNDS_LIMIT:
                    raise UsageError(M.ITEMS_GROUNDS_TOO_LONG.format(
                        length=len(ground), limit=GROUNDS_LIMIT))
            for n in parse_numbers(text, options[what], count):
                if seen.get(n) == options[what]:  # --items 1 --items 1
                    raise UsageError(M.ITEMS_REPEATED.format(option=options[what], number=n))
                if n in seen:
                    raise UsageError(M.ITEMS_TWICE.format(
                        number=n, first=seen[n], second=options[what]))
                seen[n] = options[what]
                rows.append((n, what, ground))
    return rows


# --- the status of each item ---------------------------------------------------------------


@dataclass
class ItemStatus:
    """What one document requested has become, as of a day."""

    number: int
    description: str
    outcome: str = PENDING  # pending, received, refused, not-held, communicable
    date: Day | None = None  # the day of the event that decided it
    event: str | None = None  # the kind of that event
    ground: str | None = None  # the ground the authority invoked to refuse it, if recorded
    communicable_on: Day | None = None  # the day a CADA opinion found it communicable
    history: list[dict[str, Any]] = field(default_factory=list)

    @property
    def received(self) -> bool:
        return self.outcome == RECEIVED


def _decide(item: ItemStatus, outcome: str, ground: str | None, event: Event,
            explicit: bool) -> None:
    item.history.append({"outcome": outcome, "date": event.date.isoformat(),
                         "ground": ground, "event": event.kind, "explicit": explicit,
                         "seq": event.seq})
    if item.received:
        return  # a document communicated stays communicated
    if outcome == COMMUNICABLE:
        item.communicable_on = event.date
    elif outcome in (RECEIVED, NOT_HELD):
        item.ground = None
    if ground is not None:
        item.ground = ground
    item.outcome, item.date, item.event = outcome, event.date, event.kind


def derive_items(
    descriptions: Sequence[str],
    outcomes: Sequence[ItemOutcome],
    events: Sequence[Event],
    today: date | None = None,
) -> list[ItemStatus]:
    """The status of every document requested, from the recorded outcomes and the events
    (events after `today` do not count, as for the deadlines)."""
    items = [ItemStatus(n, text) for n, text in enumerate(descriptions, start=1)]
    by_event: dict[int, list[ItemOutcome]] = {}
    for o in outcomes:
        by_event.setdefault(o.event_id, []).append(o)
    for event in sorted(events, key=lambda e: (e.date, e.seq)):
        if today is not None and event.date > today:
            continue
        listed = set()
        for o in by_event.get(event.seq, []):
            if 1 <= o.position <= len(items):
                listed.add(o.position)
                _decide(items[o.position - 1], o.outcome, o.ground, event, True)
        blanket = _BLANKET.get((event.kind, event.outcome))
        if blanket is None:
            continue
        for item in items:
            if item.number in listed or item.received:
                continue
            if blanket in (COMMUNICABLE, REFUSED) and item.outcome == NOT_HELD:
                continue  # said not held: neither refused again nor found communicable
            _decide(item, blanket, None, event, False)
    return items


def items_recorded(items: Sequence[ItemStatus]) -> bool:
    """True when some item outcome was recorded with an item option (otherwise the letters keep
    their general wording: a reply `full` or `refused` alone says nothing item by item)."""
    return any(h["explicit"] for item in items for h in item.history)


def item_json(item: ItemStatus) -> dict[str, Any]:
    """One document requested in `show --json` (`items`, docs/json.md)."""
    return {
        "number": item.number,
        "description": item.description,
        "outcome": item.outcome,
        "date": item.date.isoformat() if item.date else None,
        "event": item.event,
        "ground": item.ground,
        "communicable_on": item.communicable_on.isoformat() if item.communicable_on else None,
        "history": [{k: v for k, v in h.items() if k != "seq"} for h in item.history],
    }
