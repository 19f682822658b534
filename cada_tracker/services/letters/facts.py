"""A request loaded for a letter: through the read path of status, show and explain
(`storage.requests.load_views`), the law engine's facts and timeline, and the few event
lookups the letters need (first or last event of a kind, before or after the CADA).

Nothing is computed here that the law engine computes: the deadlines come from
`law.compute_timeline(view.facts(residence))`, as in `services.requests.derive`.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property

from cada_tracker.domain import Event, RequestFacts, RequestView, Timeline, current_state
from cada_tracker.domain.authorities import AuthorityRecord, ProfileRecord
from cada_tracker.domain.letters import ExhibitFile, StoredLetter, letters_as_of
from cada_tracker.domain.records import ItemOutcome
from cada_tracker.law import LawOptions, compute_timeline
from cada_tracker.services.items import ItemStatus, derive_items
from cada_tracker.storage.authorities import authority as authority_record
from cada_tracker.storage.authorities import profile as profile_record
from cada_tracker.storage.campaigns import request_template
from cada_tracker.storage.letters import exhibit_files, letters_for_request
from cada_tracker.storage.requests import (
    item_outcomes,
    load_residence,
    load_views,
    request_arguments,
    request_open_format,
)
from cada_tracker.storage.sql import Query

# The basis the law engine gives a court deadline that legal aid interrupted (law/court.py):
# the letters then tell the interruption and number the legal-aid decision (issue 9).
AID_BASIS = "décret 2020-1717 art. 43"

# The law engine's options for letters: the dates only (no explanation text), as status does.
_OPTIONS = LawOptions(explain=False)
# The same without CPC 642 on the CADA referral, to tell whether the engine moved the last day.
_WITHOUT_PROROGATION = LawOptions(cada_referral_prorogation=False, explain=False)


@dataclass
class Loaded:
    """Everything a letter of one request is made from."""

    request: RequestView
    authority: AuthorityRecord
    profile: ProfileRecord | None
    facts: RequestFacts
    timeline: Timeline
    state: str
    documents: list[ExhibitFile] = field(default_factory=list)
    letters: list[StoredLetter] = field(default_factory=list)
    # what each document requested became on each reply or opinion (item_outcome rows)
    outcomes: list[ItemOutcome] = field(default_factory=list)
    # issue 9 (7a, 10): each document requested with its outcome; the requester's arguments
    items: list[ItemStatus] = field(default_factory=list)
    arguments: str | None = None
    open_format: bool = False  # the demande asks for an open, reusable format (stored)
    # issue 11: the campaign's own demande template (text, name), when it has one
    template: tuple[str, str] | None = None
    # issue 11 point 8: the request this one was transferred from (its sending date and first
    # authority are what the letters say of "ma demande"), when it was
    origin: RequestView | None = None
    # ... and the demande frozen when it was sent to the first authority: the request the
    # requester actually made, exhibit 1 of a referral (services/letters/exhibits.py)
    origin_demande: StoredLetter | None = None

    @cached_property
    def events(self) -> list[Event]:
        """The events in recording order within a day (date, then the order they were logged):
        the order in which the letters list them."""
        return sorted(self.request.events, key=lambda e: (e.date, e.seq))

    @property
    def reference(self) -> str:
        return self.request.reference


def load(query: Query, reference: str, today: date, *,
         need_timeline: bool = True, without: int | None = None) -> Loaded:
    """Load a request for a letter as it stood on `today`, in the caller's transaction (its
    Query: plain SQL, no ORM): the events dated on or before it and the letters frozen by then.

    need_timeline=False skips the law engine for a request without events (the `demande`
    drafted by `cada new`); without: the seq of an event left out (the one whose own letter is
    being frozen: a reminder does not cite itself)."""
    # as of today: with --today in the past, a letter states the facts known on that day
    view = load_views(query, references=[reference])[0].as_of(today)
    if without is not None and any(e.seq == without for e in view.events):
        view = replace(view, events=[e for e in view.events if e.seq != without])
    facts = view.facts(load_residence(query))
    if need_timeline or facts.events:
        timeline = compute_timeline(facts, _OPTIONS)
    else:
        timeline = Timeline()
    authority = authority_record(query, view.authority_slug)
    assert authority is not None  # a foreign key
    outcomes = item_outcomes(query, view.id)
    return Loaded(
        request=view,
        authority=authority,
        profile=profile_record(query),
        facts=facts,
        timeline=timeline,
        state=current_state(facts.events, timeline, today),
        documents=exhibit_files(query, view.id),
        letters=letters_as_of(letters_for_request(query, view.id), today),
        outcomes=outcomes,
        items=derive_items(view.items, outcomes, view.events, today),
        arguments=request_arguments(query, view.id),
        open_format=request_open_format(query, view.id),
        template=_campaign_template(query, view.id),
        origin=(origin := _origin(query, facts.transferred_from)),
        origin_demande=_origin_demande(query, origin, today),
    )


def _origin(query: Query, reference: str | None) -> RequestView | None:
    """Issue 11 point 8: the original request of a request created by a transfer."""
    if reference is None:
        return None
    found = load_views(query, references=[reference], links=False)
    return found[0] if found else None


def _origin_demande(query: Query, origin: RequestView | None,
                    today: date) -> StoredLetter | None:
    """The demande of the original request as frozen when it was sent (None if not frozen)."""
    if origin is None:
        return None
    frozen = [lt for lt in letters_as_of(letters_for_request(query, origin.id), today)
              if lt.frozen and lt.kind == "demande"]
    return frozen[-1] if frozen else None


def _campaign_template(query: Query, request_id: int) -> tuple[str, str] | None:
    """The demande template of the request's campaign (`campaign new --template`), named for
    the errors."""
    found = request_template(query, request_id)
    if found is None:
        return None
    text, slug = found
    return text, f"campaign {slug} (--template)"


def timeline_without_prorogation(facts: RequestFacts) -> Timeline:
    return compute_timeline(facts, _WITHOUT_PROROGATION)


def deadline_date(timeline: Timeline, kind: str) -> date | None:
    d = timeline.get(kind)
    return d.date if d is not None else None


def first(events: Sequence[Event], kind: str,
          outcomes: Collection[str] | None = None) -> Event | None:
    """The first event of `kind` (with one of `outcomes`, when given)."""
    for e in events:
        if e.kind == kind and (outcomes is None or e.outcome in outcomes):
            return e
    return None


def last(events: Sequence[Event], kind: str,
         outcomes: Collection[str] | None = None) -> Event | None:
    """The last event of `kind` (with one of `outcomes`, when given)."""
    return first(list(reversed(events)), kind, outcomes)


def phases(events: Sequence[Event]) -> tuple[list[Event], list[Event]]:
    """Events before the CADA referral (its sending or registration) and from it on."""
    for i, e in enumerate(events):
        if e.kind in ("cada-sent", "cada-registered"):
            return list(events[:i]), list(events[i:])
    return list(events), []


def day(event: Event | None) -> date | None:
    return event.date if event is not None else None


def user_draft(loaded: Loaded) -> StoredLetter | None:
    """The draft `demande` the user wrote (`cada letter REF --from-file FILE`), while the
    request is not sent (issue 11)."""
    drafts = [lt for lt in loaded.letters if not lt.frozen and lt.kind == "demande"]
    return drafts[-1] if drafts and drafts[-1].origin == "user" else None


def frozen_demande(loaded: Loaded) -> StoredLetter | None:
    """The request as sent (the last frozen `demande`), if any."""
    frozen = [lt for lt in loaded.letters if lt.frozen and lt.kind == "demande"]
    return frozen[-1] if frozen else None
