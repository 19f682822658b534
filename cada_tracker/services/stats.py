"""`cada stats` (issue 11, point 4): statistics per authority, as of today.

Counted over the requests that were sent (a draft has nothing to time), filtered by campaign,
authority and `--since` (the first `sent` on or after that day), each request with its events
up to today:

- answered within the month: the first answering reply (full, partial, refused, not held, fee
  requested) dated on or before B, the authority's deadline (`implicit_refusal`, CRPA R311-13),
  as the engine computes it for that request; a late reply is one dated after B;
- days to reply: calendar days from the first `sent` to the first `reply` (any outcome);
  median (the mean of the two middle values for an even count) and 90th percentile (nearest
  rank: the ⌈0.9 n⌉-th smallest), over the requests that have a reply;
- outcomes: the outcome of every `reply` event;
- CADA referrals: requests with a `cada-sent`; favourable opinions: requests with a
  `cada-opinion` favourable or partly favourable; compliance after them: those of them with a
  `reply` dated after the (first) favourable opinion; court cases: requests with a
  `court-filed`.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from datetime import date
from typing import Any

from cada_tracker import messages as M
from cada_tracker.context import Context
from cada_tracker.display import shown
from cada_tracker.domain.records import RequestView
from cada_tracker.domain.vocabulary import ANSWERING_OUTCOMES
from cada_tracker.errors import NotFoundError
from cada_tracker.services.campaigns import campaign_references
from cada_tracker.services.derived import derive
from cada_tracker.storage import authorities as authority_store
from cada_tracker.storage.requests import load_residence, load_views
from cada_tracker.textutil import suggest

FAVOURABLE = ("favorable", "partly-favorable")


def percentile(values: list[int], p: float) -> int | None:
    """Nearest rank: the ⌈p·n⌉-th smallest value (p in (0, 1]); None for no value."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(math.ceil(p * len(ordered)), 1) - 1]


def median(values: list[int]) -> float | None:
    return statistics.median(values) if values else None


def _first(view: RequestView, kind: str, outcomes: tuple[str, ...] | frozenset[str] | None = None,
           after: date | None = None) -> date | None:
    for e in sorted(view.events, key=lambda e: e.date):
        if e.kind == kind and (outcomes is None or e.outcome in outcomes) \
                and (after is None or e.date > after):
            return e.date
    return None


def request_facts(view: RequestView, today: date, residence: str) -> dict[str, Any] | None:
    """What one request adds to its authority's statistics; None for a request not sent."""
    sent = _first(view, "sent")
    if sent is None:
        return None
    reply = _first(view, "reply")
    answer = _first(view, "reply", ANSWERING_OUTCOMES)
    b = derive(view, today, residence).timeline.get("implicit_refusal")
    opinion = _first(view, "cada-opinion", FAVOURABLE)
    return {
        "sent_on": sent,
        "days_to_reply": (reply - sent).days if reply else None,
        "in_time": answer is not None and b is not None and answer <= b.date,
        "late": answer is not None and b is not None and answer > b.date,
        "outcomes": [e.outcome or "none" for e in view.events if e.kind == "reply"],
        "referred": _first(view, "cada-sent") is not None,
        "favourable": opinion is not None,
        "complied": opinion is not None and _first(view, "reply", after=opinion) is not None,
        "court": _first(view, "court-filed") is not None,
    }


def _views(ctx: Context, campaign: str | None,
           authority: str | None) -> tuple[list[RequestView], str]:
    with ctx.reading() as query:
        refs = campaign_references(query, campaign) if campaign is not None else None
        if authority is not None and authority_store.authority(query, authority) is None:
            hint = suggest(authority, authority_store.slugs(query))
            raise NotFoundError(M.AUTHORITY_NOT_FOUND.format(slug=shown(authority), hint=hint))
        residence = load_residence(query)
        if refs == []:
            return [], residence
        return load_views(query, references=refs, authority_slug=authority,
                          as_of=ctx.today), residence


def compute(ctx: Context, *, campaign: str | None = None, authority: str | None = None,
            since: date | None = None) -> dict[str, Any]:
    """`cada stats --json` (docs/json.md, "Statistics")."""
    today = ctx.today
    views, residence = _views(ctx, campaign, authority)
    by_authority: dict[str, list[dict[str, Any]]] = {}
    names: dict[str, str] = {}
    for view in views:
        facts = request_facts(view, today, residence)
        if facts is None or (since is not None and facts["sent_on"] < since):
            continue
        by_authority.setdefault(view.authority_slug, []).append(facts)
        names[view.authority_slug] = view.authority_name
    rows = [_row(slug, names[slug], facts) for slug, facts in sorted(by_authority.items())]
    every = [f for facts in by_authority.values() for f in facts]
    return {
        "today": today.isoformat(),
        "filters": {"campaign": campaign, "authority": authority,
                    "since": since.isoformat() if since else None},
        "authorities": rows,
        "total": _row(None, None, every),
    }


def _row(slug: str | None, name: str | None, facts: list[dict[str, Any]]) -> dict[str, Any]:
    days = [f["days_to_reply"] for f in facts if f["days_to_reply"] is not None]
    outcomes = Counter(o for f in facts for o in f["outcomes"])
    out: dict[str, Any] = {"slug": slug, "name": name} if slug is not None else {}
    out.update({
        "requests": len(facts),
        "replied": len(days),
        "answered_in_time": sum(f["in_time"] for f in facts),
        "late_replies": sum(f["late"] for f in facts),
        "median_days_to_reply": median(days),
        "p90_days_to_reply": percentile(days, 0.9),
        "outcomes": dict(sorted(outcomes.items())),
        "cada_referrals": sum(f["referred"] for f in facts),
        "favourable_opinions": sum(f["favourable"] for f in facts),
        "complied_after_opinion": sum(f["complied"] for f in facts),
        "court_cases": sum(f["court"] for f in facts),
    })
    return out
