"""The administrative court: the last day to file, and the Czabaj long stop.

CJA R421-1 (two months, délai franc) and R421-2 (from K; an explicit refusal notified after K
but on or before the deadline opens a new period; after it, it is confirmatory), CPC 642, CJA
R421-7 (distance extension for an overseas court or a requester abroad), R421-5 (the limit
binds only if the remedies were notified), décret 2020-1717 art. 43 (legal aid interrupts the
period), CRPA L232-4 with CE avis 2 Oct. 2025 n° 504677 (reasons for an implicit decision
extend the court deadline, at most one year), CE 2016 Czabaj n° 387763 and CE 2024 n° 488227
(otherwise: one year from knowledge of the refusal).
"""

from __future__ import annotations

from datetime import date

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
from cada_tracker.law.calendars import calendar_for_department, next_working_day
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
        "start", "estimated", "calendar", "extra", "why_extra", "alt_extra", "reopened",
        "opposable", "why",
    )  # fmt: skip

    def __init__(self, start: Start, estimated: bool, calendar: str) -> None:
        self.start = start
        self.estimated = estimated
        self.calendar = calendar
        self.extra, self.why_extra, self.alt_extra = 0, "", 0
        self.reopened: date | None = None  # the first period's end, when a refusal reopened it
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
    calendar = calendar_for_department(facts.authority_department)
    n2 = next((e for e in confirmations if e.date <= k), None)
    if n2 is not None:
        cs = CourtStart(_confirmation(n2), False, calendar)
    else:
        cs = CourtStart(Start(k, M.WHAT_K), estimated, calendar)
    cs.extra, cs.why_extra, cs.alt_extra = distance_months(
        facts.authority_department, facts.requester_residence, chain.opts
    )
    later = next((e for e in confirmations if e.date > k), None) if n2 is None else None
    if later is not None:
        first_legal = cs.period(cs.start.date, chain)
        if later.date <= first_legal:
            cs.reopened = first_legal
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

    __slots__ = ("first", "aid", "aid_requested", "reasons", "reasons_pending", "legal", "safe")

    def __init__(self, first: RequesterPeriod) -> None:
        self.first = first
        self.aid: RequesterPeriod | None = None
        self.aid_requested: date | None = None
        self.reasons: tuple[date, date, date, date | None] | None = None  # rq, rr, ext, cap
        self.reasons_pending: date | None = None
        self.legal: date | None = first.legal
        self.safe = first.safe


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
    rec = chain.rec
    if isinstance(rec, TextRecorder):
        _narrate_court(rec, chain, cs, cp, basis)
    return chain.deadline(
        _COURT_BY, cp.legal, _REQUESTER, basis, _VERIFIED, rec,
        opposable=cs.opposable, estimated=cs.estimated,
        safe=min(cp.safe, cp.legal) if cp.safe else None,
    )  # fmt: skip


def _legal_aid(chain: Chain, cs: CourtStart, cp: CourtPeriod, basis: list[str]) -> None:
    """Décret 2020-1717 art. 43: a legal-aid request within the period interrupts it; a new
    period runs from the decision."""
    la, decided = chain.events.legal_aid_requested, chain.events.legal_aid_decided
    if la is None or cp.legal is None or not cs.start.date <= la.date <= cp.legal:
        return
    if decided is None or decided.date < la.date:
        chain.warn(M.WARN_LEGAL_AID_PENDING, date=_d(la.date))
        cp.legal = None
        return
    cp.aid_requested = la.date
    cp.aid = cs.full_period(decided.date, chain)
    basis.append("décret 2020-1717 art. 43")
    basis.extend(cp.aid.basis)
    cp.legal, cp.safe = cp.aid.legal, cp.aid.safe


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
    if cs.extra:
        rec.say(M.STEP_DISTANCE.format(months=cs.extra, why=cs.why_extra))
    narrate_requester(rec, cp.first)
    _narrate_readings(rec, chain, cs, cp)
    if cp.aid is not None:
        rec.say(M.STEP_LEGAL_AID.format(requested=_d(cp.aid_requested), decided=_d(cp.aid.start)))
        rec.say(M.STEP_START.format(what=M.WHAT_LEGAL_AID, date=_d(cp.aid.start)))
        narrate_requester(rec, cp.aid)
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
    rec.say(M.STEP_BASIS.format(basis=", ".join(dict.fromkeys(basis))))


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
