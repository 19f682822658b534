"""Shared builders for the law tests (not a test module): `from tests.law.helpers import ...`."""

from __future__ import annotations

from datetime import date

from cada_tracker.domain import Event, RequestFacts
from cada_tracker.law import LawOptions, compute_timeline

NO_SUSPENSIONS = LawOptions(suspensions=())


def d(s: str) -> date:
    return date.fromisoformat(s)


def ev(kind: str, on: str, outcome: str | None = None, **kw) -> Event:
    return Event(kind=kind, date=d(on), outcome=outcome, **kw)


def facts(*events: Event, **kw) -> RequestFacts:
    kw.setdefault("reference", "T-1")
    seq = tuple(Event(**{**e.__dict__, "seq": i}) for i, e in enumerate(events))
    return RequestFacts(events=seq, **kw)


def timeline(*events: Event, options: LawOptions | None = None, **kw):
    f = facts(*events, **kw)
    return f, compute_timeline(f, options)


def dates(tl) -> dict[str, date]:
    return {x.kind: x.date for x in tl.deadlines}
