"""Series referrals (issue 11, point 5; CRPA R343-3-1): five or more requests of a campaign,
same object, different authorities, referred to the CADA in one letter.

`cada log --campaign SLUG cada-sent` records `cada-sent` on every request the referral names,
each through `services.requests.record_event` (the checks of `cada log REF cada-sent`), in ONE
unit of work: one refusal and nothing is written. The note of each of these events starts with
the series marker (domain.series), which is how the series and its members are stored (no
table; docs/design.md, "Series referrals"). `cada log --campaign SLUG cada-registered` records
the one registration date on every member. `series_for` gives the engine the series of a
request's campaign, so that `explain` can say when the referral did not name it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from cada_tracker.context import Context
from cada_tracker.domain import Event, RequestView
from cada_tracker.domain.series import SERIES_MINIMUM, SeriesReferral, note_with_marker, parse
from cada_tracker.domain.transfer import handed_over
from cada_tracker.errors import CadaError, ConflictError, UsageError
from cada_tracker.law import LawOptions, compute_timeline
from cada_tracker.law.series import series_dates
from cada_tracker.messages import law as LM
from cada_tracker.messages import series as MS
from cada_tracker.services.campaigns import _campaign
from cada_tracker.services.derived import Derived
from cada_tracker.services.requests import NewEvent, check_event, record_event
from cada_tracker.storage import campaigns as store
from cada_tracker.storage.requests import load_residence, load_views
from cada_tracker.storage.series import campaign_of
from cada_tracker.storage.sql import Query, session_query, session_unit

_CADA_SENT = "cada-sent"


def find_series(views: list[RequestView], slug: str) -> SeriesReferral | None:
    """The latest series referral of campaign `slug` recorded on its requests, or None. Its
    members are the requests it names that still carry their own `cada-sent` of the series: a
    member whose `cada-sent` was deleted (`cada event delete`) left the series with it."""
    found: SeriesReferral | None = None
    carrying: set[str] = set()
    for v in views:
        for e in v.events:
            if e.kind != _CADA_SENT:
                continue
            s = parse(e.note, e.date)
            if s is None or s.campaign != slug:
                continue
            carrying.add(v.reference)
            if found is None or s.sent > found.sent:
                found = s
    if found is None:
        return None
    return replace(found, members=tuple(r for r in found.members if r in carrying))


def series_for(query: Query, view: RequestView) -> SeriesReferral | None:
    """The series referral of the request's campaign (naming it or not), or None."""
    slug = campaign_of(query, view.id)
    if slug is None:
        return None
    campaign = store.campaign(query, slug)
    if campaign is None:
        return None
    refs = [m.reference for m in store.members(query, campaign.id)]
    return find_series(load_views(query, references=refs) if refs else [], slug)


def _members(query: Query, slug: str) -> list[RequestView]:
    campaign = _campaign(query, slug)
    refs = [m.reference for m in store.members(query, campaign.id)]
    return load_views(query, references=refs) if refs else []


def _only(only: list[str] | None, views: list[RequestView], slug: str) -> list[str] | None:
    """--only REF,REF: references of the campaign, each once (exit 2 otherwise)."""
    if not only:
        return None
    refs = [r.strip() for part in only for r in part.split(",") if r.strip()]
    known = {v.reference for v in views}
    for r in refs:
        if r not in known:
            raise UsageError(MS.SERIES_NOT_IN_CAMPAIGN.format(reference=r, slug=slug))
    if len(set(refs)) != len(refs):
        raise UsageError(MS.SERIES_ONLY_TWICE)
    return refs


def handed_over_check(view: RequestView) -> None:
    """A request whose first authority transferred it with `--to` is not referred in the
    series: the competent authority's request (REF-T1) is (issue 11 point 8)."""
    linked = handed_over(view.events)
    if linked is not None:
        raise ConflictError(MS.SERIES_HANDED_OVER.format(reference=view.reference,
                                                         linked=linked))


@dataclass
class Recorded:
    slug: str
    kind: str
    on: date
    references: list[str]
    skipped: list[tuple[str, str]]  # (reference, why)
    notes: list[str]
    registration: date | None = None
    confirmation: date | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "campaign": self.slug, "event": self.kind, "on": self.on.isoformat(),
            "series": self.references,
            "skipped": [{"reference": r, "reason": why} for r, why in self.skipped],
            "warnings": self.notes,
        }
        if self.kind == "cada-registered":
            out["registration"] = self.registration.isoformat() if self.registration else None
            out["refusal_confirmed"] = (self.confirmation.isoformat()
                                        if self.confirmation else None)
        return out


def log_series_sent(ctx: Context, slug: str, on: date, *, only: list[str] | None = None,
                    note: str | None = None, channel: str | None = None) -> Recorded:
    """`cada log --campaign SLUG cada-sent`: one referral naming every request of the campaign
    where a referral is admissible (or exactly --only's); fewer than five is no series (exit 4,
    R343-3-1): refer them one by one."""
    with ctx.transaction() as session:
        query = session_query(session)
        views = _members(query, slug)
        chosen = _only(only, views, slug)
        residence = load_residence(query)
        probe = Event(kind=_CADA_SENT, date=on, channel=channel, seq=10**9)
        named: list[str] = []
        skipped: list[tuple[str, str]] = []
        for v in views:
            if chosen is not None and v.reference not in chosen:
                continue
            try:
                check_event(v.facts(residence), probe, ctx.today)
                handed_over_check(v)
            except CadaError as err:
                if chosen is not None:  # --only: every request named must be admissible
                    raise ConflictError(MS.SERIES_MEMBER_REFUSED.format(
                        reference=v.reference, error=str(err))) from None
                skipped.append((v.reference, str(err)))
                continue
            named.append(v.reference)
        if len(named) < SERIES_MINIMUM:
            raise ConflictError(MS.SERIES_TOO_FEW.format(
                len(named), slug=slug, minimum=SERIES_MINIMUM))
        text = note_with_marker(slug, named, note)
        notes: list[str] = []
        for reference in named:
            data = NewEvent(_CADA_SENT, on, note=text, channel=channel, freeze_letter=False)
            record_event(session_unit(session), ctx, reference, data)
            notes.extend(data.letter_notes)
        return Recorded(slug, _CADA_SENT, on, named, skipped, notes)


def log_series_registered(ctx: Context, slug: str, on: date) -> Recorded:
    """`cada log --campaign SLUG cada-registered --on DATE`: the one registration R on every
    member of the campaign's series (exit 4 when no series referral was recorded); the engine
    derives the one K of the series from it (law.series)."""
    with ctx.transaction() as session:
        query = session_query(session)
        views = _members(query, slug)
        series = find_series(views, slug)
        if series is None:
            raise ConflictError(MS.SERIES_NONE.format(slug=slug))
        for reference in series.members:
            record_event(session_unit(session), ctx, reference, NewEvent("cada-registered", on))
        residence = load_residence(query)
        members = [v.facts(residence) for v in _members(query, slug)
                   if series.names(v.reference)]
        dates = series_dates(series, members)
        notes = []
        if len(dates.registrations) > 1:
            notes.append(LM.WARN_SERIES_REGISTRATIONS_DIFFER.format(
                campaign=slug, dates=", ".join(d.isoformat() for d in dates.registrations)))
        return Recorded(slug, "cada-registered", on, list(series.members), [], notes,
                        dates.registration, dates.confirmation)


def with_series(ctx: Context, d: Derived) -> Derived:
    """`explain`: the request derived again with the series of its campaign in its facts, when
    one was recorded (the engine then says whether the referral names it); else `d`."""
    assert d.facts is not None
    with ctx.reading() as query:
        series = series_for(query, d.view)
    if series is None or series.sent > ctx.today:  # --today before the series was sent
        return d
    facts = replace(d.facts, series=series)
    return replace(d, facts=facts, timeline=compute_timeline(facts, LawOptions(explain=True)))
