"""The administrative court: the last day to file, and the Czabaj long stop.

CJA R421-1 (two months, délai franc) and R421-2 (from K; an explicit refusal notified after K
but on or before the deadline opens a new period; after it, it is confirmatory), CPC 642, CJA
R421-7 (distance extension for an overseas court or a requester abroad), R221-3 (the tribunals
of Saint-Barthélemy and Saint-Martin sit at Basse-Terre: the seat's calendar), R421-5 (the
limit binds only if the remedies were notified), décret 2020-1717 art. 43 and 69 (legal aid
interrupts the period; the new one runs from the day the decision can no longer be contested
or the lawyer's designation if later), CRPA L232-4 with CE avis 2 Oct. 2025 n° 504677
(reasons for an implicit decision extend the court deadline, at most one year), CE 2016
Czabaj n° 387763 and CE 2024 n° 488227 (otherwise: one year from knowledge of the refusal).
"""

from __future__ import annotations

from datetime import date, timedelta

from cada_tracker.domain import (
    CONFIRMING_OUTCOMES,
    REFUSING_OUTCOMES,
    Actor,
    Confidence,
    Deadline,
    DeadlineKind,
    Event,
    Outcome,
)
from cada_tracker.law.calendars import court_calendars, next_working_day
from cada_tracker.law.chain import Chain, Notes, Start, long_stop, remedies_opposable
from cada_tracker.law.months import add_months
from cada_tracker.law.periods import (
    ONE_DAY,
    RequesterPeriod,
    distance_months,
    narrate_requester,
    quick_requester_date,
    requester_end,
)
from cada_tracker.law.recorder import TextRecorder
from cada_tracker.messages import law as M

# Enum members read in the functions below, as module constants: in Python 3.11 an
# attribute of an Enum class goes through EnumType.__getattr__ (several times a plain read).
_REQUESTER = Actor.REQUESTER
_VERIFIED = Confidence.VERIFIED
_COURT_BY = DeadlineKind.COURT_BY
_COURT_LONG_STOP = DeadlineKind.COURT_LONG_STOP
_FULL = Outcome.FULL

_d = M.fmt_date  # "Saturday 7 March 2020" (cached)

COURT_BASIS = ("CJA R421-1", "CJA R421-2", "CPC 642")
COURT_LONG_STOP_BASIS = (
    "CE 13 juill. 2016 Czabaj n° 387763",
    "CE 11 mars 2024 n° 488227",
    "CJA R421-5",
)


class CourtStart:
    """Where the court period runs from (K or an explicit confirmation) and its setting."""

    __slots__ = (
        "start", "estimated", "calendar", "own_calendar", "extra", "why_extra", "alt_extra",
        "reopened", "reopened_safe", "opposable", "why",
    )  # fmt: skip

    def __init__(self, start: Start, estimated: bool, calendar: str) -> None:
        self.start = start
        self.estimated = estimated
        self.calendar = calendar  # the calendar of the place where the court sits
        # the collectivity's own calendar when its court sits elsewhere (CJA R221-3), else None
        self.own_calendar: str | None = None
        self.extra, self.why_extra, self.alt_extra = 0, "", 0
        self.reopened: date | None = None  # the first period's end, when a refusal reopened it
        # the first period's strict reading, when a refusal reopened it (issue 9 point 2)
        self.reopened_safe: date | None = None
        self.opposable, self.why = True, ""

    def full_period(self, start: date, chain: Chain) -> RequesterPeriod:
        """Two months franc from `start` (+ distance), CPC 642 on the court's calendar, with
        the safe reading of the court (`periods.requester_end`)."""
        return requester_end(
            start, 2, chain.opts, franc=True, calendar=self.calendar, prorogate=True,
            safe="court", extra_months=self.extra,
        )  # fmt: skip

    def period(self, start: date, chain: Chain, *, extra: int | None = None) -> date:
        """The legal last day of a court period from `start` (for readings and windows)."""
        return quick_requester_date(
            start, 2, chain.opts, franc=True, calendar=self.calendar, prorogate=True,
            extra_months=self.extra if extra is None else extra,
        )  # fmt: skip


def court_start(chain: Chain, k: date, estimated: bool) -> CourtStart | None:
    """K, or the explicit confirmation notified by K; an explicit refusal notified after K
    but by the first court deadline reopens it (R421-2). None when the documents were
    communicated after the referral."""
    f, facts = chain.events, chain.facts
    confirmations = [e for e in f.post_replies if e.outcome in CONFIRMING_OUTCOMES]
    full = [e.date for e in f.post_replies if e.outcome == _FULL]
    if full and not any(e.date >= max(full) for e in confirmations):
        return None  # communicated after the referral: nothing to take to court
    if not facts.authority_department:
        chain.warn(M.WARN_DEPARTMENT_UNKNOWN)
    calendar, own_calendar = court_calendars(facts.authority_department)
    n2 = next((e for e in confirmations if e.date <= k), None)
    if n2 is not None:
        cs = CourtStart(_confirmation(n2), False, calendar)
    else:
        cs = CourtStart(Start(k, M.WHAT_K), estimated, calendar)
    cs.own_calendar = own_calendar
    cs.extra, cs.why_extra, cs.alt_extra = distance_months(
        facts.authority_department, facts.requester_residence, chain.opts
    )
    later = next((e for e in confirmations if e.date > k), None) if n2 is None else None
    if later is not None:
        first_period = cs.full_period(cs.start.date, chain)
        first_legal = first_period.legal
        if later.date <= first_legal:
            cs.reopened, cs.reopened_safe = first_legal, first_period.safe
            cs.start, cs.estimated = _confirmation(later), False
        else:
            chain.warn(M.WARN_CONFIRMATIVE_COURT, date=_d(later.date), previous=_d(first_legal))
    cs.opposable, cs.why = _court_opposable(chain, cs.start.event)
    return cs


def _confirmation(ev: Event) -> Start:
    return Start(ev.date, M.WHAT_CONFIRMATION, ev, {"outcome": ev.outcome})


def _court_opposable(chain: Chain, event: Event | None) -> tuple[bool, str]:
    """From K the limit binds if the requester was told the remedies: by the explicit refusal
    that opened the CADA window when there was one (L112-6 al. 2: the acknowledgment no longer
    matters), else by a complete acknowledgment (CE 2016 n° 391899, CJA R421-5)."""
    if event is None:
        informing = [e for e in chain.events.pre_replies if e.outcome in REFUSING_OUTCOMES]
        event = informing[-1] if informing else None
    return remedies_opposable(chain, event)


class CourtPeriod:
    """The court deadline as computed: the first period, the legal-aid restart, L232-4."""

    __slots__ = (
        "first", "aid", "aid_requested", "aid_start", "reasons", "reasons_pending", "legal",
        "safe", "own_legal",
    )  # fmt: skip

    def __init__(self, first: RequesterPeriod) -> None:
        self.first = first
        self.aid: RequesterPeriod | None = None
        self.aid_requested: date | None = None
        self.aid_start: AidStart | None = None
        self.reasons: tuple[date, date, date, date | None] | None = None  # rq, rr, ext, cap
        self.reasons_pending: date | None = None
        self.legal: date | None = first.legal
        self.safe = first.safe
        self.own_legal: date | None = None  # the legal last day on the collectivity's calendar


def court_by(chain: Chain, cs: CourtStart, k: date) -> Deadline | None:
    """Two months franc from the start (+ distance), CPC 642 on the court's calendar; legal
    aid restarts it (None while the decision is pending); reasons requested under L232-4
    after K extend it."""
    start = cs.start.date
    first = cs.full_period(start, chain)
    basis = [*COURT_BASIS, *(("CJA R421-7",) if cs.extra else ()), *first.basis]
    cp = CourtPeriod(first)
    _legal_aid(chain, cs, cp, basis)
    _reasons(chain, cs, cp, k, basis)
    if cp.legal is None:
        return None
    safe = min(cp.safe, cp.legal) if cp.safe else None
    safe = _unreopened_safe(cs, cp, safe)
    if cs.own_calendar is not None:
        basis.append("CJA R221-3")
        cp.own_legal = _own_calendar_date(chain, cs, cp)
        safe = min(safe, cp.own_legal) if safe else None
    cp.safe = safe
    rec = chain.rec
    if isinstance(rec, TextRecorder):
        _narrate_court(rec, chain, cs, cp, basis)
    return chain.deadline(
        _COURT_BY, cp.legal, _REQUESTER, basis, _VERIFIED, rec,
        opposable=cs.opposable, estimated=cs.estimated, safe=safe,
        start=cp.aid_start.start if cp.aid is not None and cp.aid_start else start,
        extra_months=cs.extra,
    )  # fmt: skip


def _unreopened_safe(cs: CourtStart, cp: CourtPeriod, safe: date | None) -> date | None:
    """Issue 9 point 2: when an explicit refusal after K reopened the period (CJA R421-2), the
    [U] reading that it did not keeps the first period (`ALT_COURT_FIRST_PERIOD`): the safe date
    is never later than that period's strict reading. Not when legal aid was requested within
    the first period: under both readings it interrupted the period."""
    first = cs.reopened_safe
    if first is None or cs.reopened is None or safe is None:
        return safe
    if cp.aid_requested is not None and cp.aid_requested <= cs.reopened:
        return safe
    return min(safe, first)


def _legal_aid(chain: Chain, cs: CourtStart, cp: CourtPeriod, basis: list[str]) -> None:
    """Décret 2020-1717 art. 43: a legal-aid request within the period interrupts it; a new
    period runs from the day the decision can no longer be contested (art. 69: 15 days from
    its notification) or the notification of the decision on a contest, or from the lawyer's
    designation when later (`aid_start`). The safe date stays the period from the decision's
    own date."""
    la, decided = chain.events.legal_aid_requested, chain.events.legal_aid_decided
    if la is None or cp.legal is None or not cs.start.date <= la.date <= cp.legal:
        return
    if decided is None or decided.date < la.date:
        chain.warn(M.WARN_LEGAL_AID_PENDING, date=_d(la.date))
        cp.legal = None
        return
    cp.aid_requested = la.date
    aid = cp.aid_start = aid_start(chain.events.legal_aid_decisions or (decided,), cs.calendar)
    from_decision = cs.full_period(decided.date, chain)  # the period as counted before issue 9
    if aid.start == decided.date:
        cp.aid = from_decision
    else:
        cp.aid = requester_end(
            aid.start, 2, chain.opts, franc=True, calendar=cs.calendar, prorogate=True,
            extra_months=cs.extra,
        )  # fmt: skip
        if aid.alt_start is not None:
            aid.alt_legal = cs.period(aid.alt_start, chain)
    basis.append("décret 2020-1717 art. 43")
    if aid.notified is not None and aid.contest is None:
        basis.append("décret 2020-1717 art. 69")
    basis.extend(cp.aid.basis)
    # the legal date runs from the latest fact; the safe date stays the strict reading from
    # the decision's own date (it never depends on the notification or the designation)
    cp.legal, cp.safe = cp.aid.legal, from_decision.safe


# --- Legal aid: the start of the new period (issue 9 point 5) --------------------------------

# Décret 2020-1717 art. 69 al. 1: the requester may contest the decision within fifteen days
# "à compter du jour de la notification"; the day of notification does not count (as in CPC 641).
AID_CONTEST_DAYS = timedelta(days=15)


class AidStart:
    """Where the period after a legal-aid decision starts (décret 2020-1717 art. 43), from the
    `legal-aid-decided` events: the first is the decision (`decided`); one recorded again on the
    same date completes it (`--notified-on`, `--lawyer-designated-on`); one dated later is the
    decision on the requester's contest (art. 43 3°, second branch)."""

    __slots__ = (
        "decided", "notified", "last_contest", "contest", "contest_notified", "lawyer",
        "anchor", "start", "what", "alt_start", "alt_legal",
    )  # fmt: skip

    def __init__(self, decided: date) -> None:
        self.decided = decided
        self.notified: date | None = None  # notification of the decision
        self.last_contest: date | None = None  # notified + 15 days (art. 69 al. 1)
        self.contest: Event | None = None  # the decision on the requester's contest
        self.contest_notified: date | None = None  # its notification (else its date)
        self.lawyer: date | None = None  # designation of the lawyer (art. 43 4°)
        self.anchor = decided  # the art. 43 3° date (or the decision's date, if unknown)
        self.start = decided  # the later of the anchor and the designation
        self.what = M.WHAT_LEGAL_AID
        self.alt_start: date | None = None  # the [U] reading: final the day after, CPC 642
        self.alt_legal: date | None = None


def aid_start(decisions: tuple[Event, ...], calendar: str) -> AidStart:
    """The start of the new court period from the recorded legal-aid decisions (non-empty)."""
    first = decisions[0]
    a = AidStart(first.date)
    for e in decisions:
        if e.date == first.date:
            if e.notified_on is not None:
                a.notified = e.notified_on
        else:
            a.contest = e
        if e.lawyer_designated_on is not None:
            a.lawyer = e.lawyer_designated_on
    alt: date | None = None
    if a.contest is not None:
        a.contest_notified = a.contest.notified_on or a.contest.date
        a.anchor, a.what = a.contest_notified, M.WHAT_AID_CONTEST
    elif a.notified is not None:
        a.last_contest = a.notified + AID_CONTEST_DAYS
        a.anchor, a.what = a.last_contest, M.WHAT_AID_FINAL
        alt = next_working_day(a.last_contest, calendar)[0] + ONE_DAY
    a.start = a.anchor
    if a.lawyer is not None and a.lawyer > a.anchor:
        a.start, a.what = a.lawyer, M.WHAT_AID_LAWYER
    if alt is not None:
        alt = max(alt, a.start)
        a.alt_start = alt if alt != a.start else None
    return a


def _own_calendar_date(chain: Chain, cs: CourtStart, cp: CourtPeriod) -> date:
    """The legal last day had the collectivity's own calendar been used for CPC 642 (its court
    sits elsewhere, CJA R221-3)."""
    own = cs.own_calendar
    assert own is not None
    if cp.reasons is not None:
        rq, rr, _, _ = cp.reasons
        ext = quick_requester_date(
            rr, 2, chain.opts, franc=True, calendar=own, prorogate=True, extra_months=cs.extra
        )
        return min(ext, add_months(rq, 12))
    p = cp.aid if cp.aid is not None else cp.first
    return next_working_day(p.end, own)[0]


def _reasons(chain: Chain, cs: CourtStart, cp: CourtPeriod, k: date, basis: list[str]) -> None:
    """L232-4: reasons requested for the implicit confirmation, and communicated, extend the
    deadline to two months after the communication, capped at one year after the request."""
    rq, rr = chain.events.reasons_requested, chain.events.reasons_received
    if cp.legal is None or cs.start.event is not None or rq is None:
        return
    if not k < rq.date <= cp.legal:
        return
    if rr is None or rr.date < rq.date:
        cp.reasons_pending = rq.date
        return
    ext = cs.period(rr.date, chain)
    if ext <= cp.legal:
        return
    cap = add_months(rq.date, 12)
    cp.reasons = (rq.date, rr.date, ext, cap if ext > cap else None)
    cp.legal = min(ext, cap)
    basis.extend(("CRPA L232-4", "CE avis 2 oct. 2025 n° 504677"))


def _narrate_court(
    rec: TextRecorder, chain: Chain, cs: CourtStart, cp: CourtPeriod, basis: list[str]
) -> None:
    start = cs.start.date
    if cs.reopened is not None:
        rec.say(M.STEP_COURT_REOPENS.format(date=_d(start), previous=_d(cs.reopened)))
        rec.alt(M.ALT_COURT_FIRST_PERIOD.format(date=_d(start), previous=_d(cs.reopened)))
    rec.say(M.STEP_START.format(what=cs.start.text(), date=_d(start)))
    _narrate_seat(rec, cs, cp, first=True)
    if cs.extra:
        rec.say(M.STEP_DISTANCE.format(months=cs.extra, why=cs.why_extra))
    narrate_requester(rec, cp.first)
    if cs.reopened_safe is not None and cp.safe == cs.reopened_safe != cp.first.safe:
        rec.say(M.STEP_COURT_SAFE_FIRST_PERIOD.format(
            safe=_d(cp.safe), date=_d(start), previous=_d(cs.reopened),
        ))  # fmt: skip
    _narrate_readings(rec, chain, cs, cp)
    if cp.aid is not None:
        _narrate_aid(rec, cp)
    if cp.reasons is not None:
        rq, rr, ext, cap = cp.reasons
        rec.say(M.STEP_REASONS.format(requested=_d(rq), received=_d(rr), date=_d(ext)))
        if cap is not None:
            rec.say(M.STEP_REASONS_CAP.format(date=_d(cap)))
    if cp.reasons_pending is not None:
        rec.alt(M.ALT_COURT_REASONS_PENDING.format(date=_d(cp.reasons_pending)))
    if not cs.opposable:
        rec.say(M.STEP_NOT_OPPOSABLE.format(why=cs.why))
    if cs.estimated:
        rec.say(M.STEP_ESTIMATED)
    _narrate_seat(rec, cs, cp, first=False)
    rec.say(M.STEP_BASIS.format(basis=", ".join(dict.fromkeys(basis))))


def _narrate_seat(rec: TextRecorder, cs: CourtStart, cp: CourtPeriod, *, first: bool) -> None:
    """A tribunal seated outside its collectivity (CJA R221-3): where it sits (first), then
    the last day on the collectivity's own calendar and the safe date."""
    own = cs.own_calendar
    if own is None:
        return
    if first:
        rec.say(M.STEP_COURT_SEAT.format(
            territory=M.COURT_TERRITORIES[own], calendar=M.CALENDAR_NAMES[cs.calendar]
        ))  # fmt: skip
        return
    if cp.own_legal is None or cp.safe is None:
        return
    name = M.CALENDAR_NAMES[own]
    rec.say(M.STEP_COURT_SEAT_OWN.format(calendar=name, date=_d(cp.own_legal), safe=_d(cp.safe)))
    if cp.own_legal != cp.legal:
        rec.alt(M.ALT_COURT_SEAT_OWN.format(calendar=name, date=_d(cp.own_legal)))


def _narrate_aid(rec: TextRecorder, cp: CourtPeriod) -> None:
    """The legal-aid restart: which facts were recorded, the start, the new period, the safe
    date from the decision itself, and the [U] reading of the end of the contest period."""
    a, aid = cp.aid_start, cp.aid
    assert a is not None and aid is not None and cp.aid_requested is not None
    rec.say(M.STEP_LEGAL_AID.format(requested=_d(cp.aid_requested), decided=_d(a.decided)))
    if a.contest is not None:
        rec.say(M.STEP_AID_CONTEST.format(
            date=_d(a.contest.date), notified=_d(a.anchor),
            estimated="" if a.contest.notified_on else M.STEP_AID_CONTEST_NOT_NOTIFIED,
        ))  # fmt: skip
    elif a.last_contest is not None and a.notified is not None:
        rec.say(M.STEP_AID_NOTIFIED.format(notified=_d(a.notified), last=_d(a.last_contest)))
    else:
        rec.say(M.STEP_AID_NOT_NOTIFIED)
    if a.lawyer is None:
        rec.say(M.STEP_AID_LAWYER_NOT_RECORDED.format(date=_d(a.anchor)))
    elif a.lawyer > a.anchor:
        rec.say(M.STEP_AID_LAWYER_LATER.format(date=_d(a.lawyer), anchor=_d(a.anchor)))
    else:
        rec.say(M.STEP_AID_LAWYER_EARLIER.format(date=_d(a.lawyer), anchor=_d(a.anchor)))
    rec.say(M.STEP_START.format(what=a.what, date=_d(a.start)))
    narrate_requester(rec, aid)
    if a.start != a.decided and cp.safe is not None:
        rec.say(M.STEP_AID_SAFE.format(date=_d(cp.safe), decided=_d(a.decided)))
    if a.alt_start is not None and a.alt_legal is not None and a.alt_legal != aid.legal:
        rec.alt(M.ALT_AID_FINAL_LATER.format(start=_d(a.alt_start), date=_d(a.alt_legal)))


def _narrate_readings(rec: TextRecorder, chain: Chain, cs: CourtStart, cp: CourtPeriod) -> None:
    """The [U] readings of the first period: month-end franc variant (reference §0.8),
    another overseas territory than the court's."""
    start = cs.start.date
    variant = next_working_day(add_months(start + ONE_DAY, 2 + cs.extra), cs.calendar)[0]
    if variant < cp.first.legal:
        rec.alt(M.ALT_COURT_MONTH_END.format(date=_d(variant)))
    if cs.alt_extra:
        rec.alt(
            M.ALT_COURT_OVERSEAS_OTHER.format(date=_d(cs.period(start, chain, extra=cs.alt_extra)))
        )


def court_long_stop(chain: Chain, cs: CourtStart, k: date) -> Deadline:
    """Czabaj: one year from knowledge of the (confirmed) refusal (reference §0.2): the
    explicit confirmation by K, else K (kept when a later confirmation came)."""
    event = cs.start.event
    notes: Notes = ()
    if event is not None and event.date > k:
        notes = ((M.STEP_KNOWLEDGE_EARLIER, {"n2": event.date, "k": k}),)
        knowledge = Start(k, M.WHAT_K)
    else:
        knowledge = cs.start
    start = Start(knowledge.date, M.WHAT_KNOWLEDGE, None, {"what": knowledge})
    return long_stop(
        chain, _COURT_LONG_STOP, start, COURT_LONG_STOP_BASIS,
        estimated=cs.estimated and knowledge.date == k, base_confidence=_VERIFIED,
        first_steps=notes,
    )  # fmt: skip
