"""Series referrals (CRPA R343-3-1; reference §0 item 6): five or more requests with the same
object, sent to different authorities, referred to the CADA in one letter. One referral, one
registration R, so one confirmation date K (R343-5) for every authority of the series; an
authority the referral did not name (or did not inform) has no valid referral, so no court
deadline runs against it from that referral.

Pure: the facts (each request's events, and the series its campaign recorded, `RequestFacts
.series`) in, dates and warnings out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from cada_tracker.domain import EventKind, RequestFacts
from cada_tracker.domain.series import SeriesReferral, parse
from cada_tracker.law.chain import Chain
from cada_tracker.law.options import DEFAULT_OPTIONS, LawOptions
from cada_tracker.law.periods import authority_end
from cada_tracker.messages import law as M

_CADA_REGISTERED = EventKind.CADA_REGISTERED.value

BASIS = ("CRPA R343-3-1", "CRPA R*343-4", "CRPA R343-5")


@dataclass(frozen=True)
class SeriesDates:
    """The one registration R of a series and its one K (None: no registration recorded on
    any member); `registrations`, every distinct date recorded (more than one is an error of
    the record, reported by `series_warnings`)."""

    registration: date | None
    confirmation: date | None
    registrations: tuple[date, ...]


def registrations(series: SeriesReferral, members: Sequence[RequestFacts]) -> tuple[date, ...]:
    """The distinct first `cada-registered` dates recorded on the requests the series names."""
    seen: set[date] = set()
    for f in members:
        if not series.names(f.reference):
            continue
        first = next((e.date for e in f.events if e.kind == _CADA_REGISTERED), None)
        if first is not None:
            seen.add(first)
    return tuple(sorted(seen))


def series_dates(
    series: SeriesReferral, members: Sequence[RequestFacts], options: LawOptions | None = None
) -> SeriesDates:
    """R and K of the series: the registration recorded on its members (the earliest, when
    they disagree: the safer for the requester), and K = R + 2 months (R343-5, an authority
    period: never moved to a working day)."""
    regs = registrations(series, members)
    if not regs:
        return SeriesDates(None, None, ())
    r = regs[0]
    return SeriesDates(r, authority_end(r, 2, options or DEFAULT_OPTIONS).end, regs)


def series_warnings(chain: Chain) -> None:
    """What `explain` says of a request whose campaign was referred as a series: a member
    shares R and K; a request the referral did not name gets nothing from it."""
    s = chain.facts.series
    own = chain.events.cada_sent
    if s is None and own is not None:  # the marker of the request's own referral
        s = parse(own.note, own.date)
    if s is None:
        return
    sent = M.fmt_date(s.sent)
    if s.names(chain.facts.reference):
        chain.warn(M.WARN_SERIES_MEMBER, count=len(s.members), campaign=s.campaign, sent=sent)
    elif not chain.events.referred:  # referred on its own: its own R and K apply
        chain.warn(M.WARN_SERIES_NOT_NAMED, campaign=s.campaign, sent=sent,
                   reference=chain.facts.reference)
