"""The CADA referral (saisine): when it is admissible, its last day, and its long stop.

CRPA R343-1 (two months from the refusal, not franc; an explicit refusal within the window
opens a new one), L342-1 (the referral is mandatory before court), CPC 642 (prorogation, [U]
for this deadline), L112-6 / R112-5 and CE 11 July 2016 n° 391899 (the limit binds only when
the requester was told of it), CADA avis 20234834 (otherwise: a reasonable time, one year).

Issue 9: a referral sent after a limit that bound the requester is out of time (no court route
follows it: `missed_limit`); the safe date of a reopened window stays the first binding
window's; an explicit refusal stating the remedies after a window that never bound arguably
opens a binding window, which sets the long stop's safe date.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from cada_tracker import messages as CORE
from cada_tracker.domain import (
    REFUSING_OUTCOMES,
    Actor,
    Confidence,
    Deadline,
    DeadlineKind,
    Event,
    Outcome,
    Step,
)
from cada_tracker.law.calendars import NATIONAL, previous_working_day
from cada_tracker.law.chain import (
    Chain,
    Start,
    binds,
    long_stop,
    remedies_opposable,
    why_not_binding,
)
from cada_tracker.law.implicit_refusal import Refusal
from cada_tracker.law.periods import (
    ONE_DAY,
    RequesterPeriod,
    narrate_requester,
    quick_requester_date,
    requester_end,
)
from cada_tracker.law.recorder import TextRecorder
from cada_tracker.messages import law as M

# Enum members read in the functions below, as module constants: in Python 3.11 an
# attribute of an Enum class goes through EnumType.__getattr__ (several times a plain read).
_REQUESTER = Actor.REQUESTER
_INFERRED = Confidence.INFERRED
_UNCERTAIN = Confidence.UNCERTAIN
_VERIFIED = Confidence.VERIFIED
_CADA_REFERRAL_BY = DeadlineKind.CADA_REFERRAL_BY
_CADA_REFERRAL_FROM = DeadlineKind.CADA_REFERRAL_FROM
_CADA_REFERRAL_LONG_STOP = DeadlineKind.CADA_REFERRAL_LONG_STOP
_TRANSFERRED = Outcome.TRANSFERRED.value

_d = M.fmt_date  # "Saturday 7 March 2020" (cached)

REFERRAL_BASIS = ("CRPA R343-1", "CRPA L342-1", "CPC 642")
REFERRAL_BASIS_NO_642 = ("CRPA R343-1", "CRPA L342-1")
REFERRAL_FROM_BASIS = ("CRPA R343-1", "CRPA R311-13")
REFERRAL_LONG_STOP_BASIS = ("CADA avis 20234834", "CRPA L112-6", "CE 11 juill. 2016 n° 391899")
_NOT_A_REFUSAL = (Outcome.FULL.value, Outcome.FEE_REQUESTED.value)  # (`.value` is a property)
_DECISIVE = REFUSING_OUTCOMES | set(_NOT_A_REFUSAL)
# (names of messages constants, read when used: the interface language may change)
_ANSWER_WARNINGS = {
    Outcome.FEE_REQUESTED.value: "WARN_FEE_REQUESTED",
    Outcome.CLARIFICATION_REQUESTED.value: "WARN_CLARIFICATION",
    Outcome.NOT_HELD.value: "WARN_NOT_HELD",
}


def answer_warnings(chain: Chain) -> None:
    """What the answers before the referral mean for the requester (fees, clarification,
    documents not held): warnings, no deadline."""
    for ev in chain.events.pre_replies:
        name = _ANSWER_WARNINGS.get(ev.outcome or "")
        if name is not None:
            chain.warn(getattr(M, name), date=_d(ev.date))


def referral_needed(chain: Chain, b: date) -> bool:
    """False when the documents were communicated, or fees asked, by B and nothing was
    referred: no refusal arose. (Communicated after B: the window is kept for the history
    and reported "moot" by deadline_status.)"""
    if chain.events.referred:
        return True
    decisive = [e for e in chain.events.pre_replies if e.outcome in _DECISIVE]
    last = decisive[-1] if decisive else None
    return not (last is not None and last.date <= b and last.outcome in _NOT_A_REFUSAL)


class ReferralWindow:
    """Where the two-month window runs from: B, or an explicit refusal that (re)opened it."""

    __slots__ = ("start", "explicit", "notes", "earlier", "later", "new_decision")

    def __init__(self, start: Start) -> None:
        self.start = start
        self.explicit = False
        # what the explicit refusals did, for the explanation: (what, event, previous end)
        self.notes: list[tuple[str, Event, date | None]] = []
        # the starts of the windows a refusal reopened (the first first): point 2 of issue 9
        self.earlier: list[Start] = []
        # refusals stating the remedies, notified after a window that did not bind: point 3
        self.later: list[Event] = []
        # the refusal `_new_decision` retained and the last day of the window it opens
        self.new_decision: tuple[Event, date] | None = None


def referral_window(chain: Chain, refusal: Refusal) -> ReferralWindow:
    """R343-1: the window runs from B; an explicit refusal notified before B, or within the
    window, (re)opens it from its notification; one notified after it is confirmative."""
    opts = chain.opts
    window = ReferralWindow(Start(refusal.b, M.WHAT_B))
    legal_so_far = _referral_legal(refusal.b, chain)
    for ev in chain.events.pre_replies:
        if ev.outcome not in REFUSING_OUTCOMES:
            continue
        if ev.date <= refusal.b and not window.explicit:
            window.notes.append(("before_b", ev, None))
        elif ev.date <= legal_so_far:
            if not opts.explicit_refusal_reopens_referral:
                window.notes.append(("not_reopened", ev, None))
                continue
            window.notes.append(("reopens", ev, legal_so_far))
            window.earlier.append(window.start)
        else:
            if binds(chain, ev) and not binds(chain, window.start.event):
                window.later.append(ev)  # judged against the long stop (`_new_decision`)
            else:
                chain.warn(
                    M.WARN_CONFIRMATIVE_REFUSAL, date=_d(ev.date), previous=_d(legal_so_far)
                )
            continue
        window.start = Start(
            ev.date, M.WHAT_EXPLICIT_REFUSAL, ev,
            {"outcome": CORE.OUTCOME_NAMES.get(ev.outcome or "", ev.outcome)},
        )
        window.explicit = True
        legal_so_far = _referral_legal(ev.date, chain)
    return window


def _referral_legal(start: date, chain: Chain) -> date:
    """The legal last day of a referral window opened on `start`."""
    return quick_requester_date(
        start, 2, chain.opts, franc=False, calendar=NATIONAL,
        prorogate=chain.opts.cada_referral_prorogation,
    )  # fmt: skip


def referral_from(chain: Chain, refusal: Refusal, window: ReferralWindow) -> Deadline:
    """The first admissible referral: the day after B (a premature referral is
    inadmissible), from the latest reading of B; or the notification of an explicit refusal."""
    if window.explicit:
        first = min(window.start.date, refusal.late + ONE_DAY)
        rec = chain.rec
        if isinstance(rec, TextRecorder):
            _narrate_from_explicit(rec, first)
        estimated = False
    else:
        late_b = max(refusal.late, refusal.competent) if refusal.competent else refusal.late
        first = late_b + ONE_DAY + timedelta(days=chain.opts.referral_from_margin_days)
        rec = chain.rec
        if isinstance(rec, TextRecorder):
            _narrate_from_b(rec, chain, refusal, late_b)
        estimated = refusal.receipt.estimated or refusal.competent is not None
    return chain.deadline(
        _CADA_REFERRAL_FROM, first, _REQUESTER, list(REFERRAL_FROM_BASIS),
        _VERIFIED if window.explicit else _INFERRED, rec, estimated=estimated,
    )  # fmt: skip


def _narrate_from_explicit(rec: TextRecorder, first: date) -> None:
    rec.say(M.STEP_REFERRAL_FROM_EXPLICIT.format(date=_d(first)))
    rec.say(M.STEP_BASIS.format(basis=", ".join(dict.fromkeys(REFERRAL_FROM_BASIS))))


def _narrate_from_b(rec: TextRecorder, chain: Chain, refusal: Refusal, late_b: date) -> None:
    transfer = next(
        (e.date for e in chain.events.pre_replies if e.outcome == _TRANSFERRED), None
    )
    if chain.facts.initial_receipt is not None and late_b != refusal.b:  # issue 11 point 8
        rec.say(M.STEP_REFERRAL_FROM_COMPETENT.format(
            reference=chain.facts.transferred_from or "?", b=_d(late_b)))
    elif refusal.competent is not None and late_b == refusal.competent > refusal.late and transfer:
        # review 13: the first day comes from the transfer, not from the receipt estimate
        rec.say(M.STEP_REFERRAL_FROM_TRANSFER.format(
            transfer=_d(transfer), start=_d(max(transfer, refusal.receipt.last)), b=_d(late_b),
        ))  # fmt: skip
    elif late_b != refusal.b:
        rec.say(M.STEP_RECEIPT_LATEST.format(date=_d(refusal.receipt.last)))
    rec.say(M.STEP_REFERRAL_FROM_B.format(date=_d(late_b + ONE_DAY)))
    if chain.opts.referral_from_margin_days:
        rec.say(M.STEP_REFERRAL_MARGIN.format(days=chain.opts.referral_from_margin_days))
    rec.alt(M.ALT_REFERRAL_FROM_SAFE.format(date=_d(late_b + 2 * ONE_DAY)))
    rec.say(M.STEP_BASIS.format(basis=", ".join(dict.fromkeys(REFERRAL_FROM_BASIS))))


def referral_by(
    chain: Chain, refusal: Refusal, window: ReferralWindow
) -> tuple[Deadline, Deadline | None]:
    """The last day to refer (R343-1: two months, not franc, CPC 642 [U]) and, when that
    limit does not bind the requester, the one-year long stop (CADA avis 20234834)."""
    opts, start = chain.opts, window.start
    basis = list(REFERRAL_BASIS if opts.cada_referral_prorogation else REFERRAL_BASIS_NO_642)
    period = requester_end(
        start.date, 2, opts, franc=False, calendar=NATIONAL,
        prorogate=opts.cada_referral_prorogation, safe="referral",
    )  # fmt: skip
    basis.extend(period.basis)
    # from B: only with a complete acknowledgment; from an explicit refusal: its remedies
    opposable, why = remedies_opposable(chain, window.start.event)
    estimated = refusal.receipt.estimated and not window.explicit
    strict = _strict(chain, window.start, period)
    first = _first_binding(chain, window, strict)
    rec = chain.rec
    if isinstance(rec, TextRecorder):
        _narrate_by(rec, chain, refusal, window, period, (opposable, why), estimated, basis,
                    (first, strict))
    deadline = chain.deadline(
        _CADA_REFERRAL_BY, period.legal, _REQUESTER, basis,
        _UNCERTAIN,  # franc or not, CPC 642 or not: [U] (reference §2.2, §8.1)
        rec, opposable=opposable, estimated=estimated,
        safe=strict if first is None else first[1],
        start=start.date, why=None if opposable else why_not_binding(start.event),
    )  # fmt: skip
    stop = None
    if not opposable:
        stop = long_stop(
            chain, _CADA_REFERRAL_LONG_STOP, start, REFERRAL_LONG_STOP_BASIS,
            estimated=estimated, base_confidence=_INFERRED, why=why_not_binding(start.event),
        )  # fmt: skip
        stop = _new_decision(chain, window, deadline, stop)
    _judge_referral(chain, deadline, stop, window)
    return deadline, stop


def missed_limit(by: Deadline | None, stop: Deadline | None, sent: date) -> Deadline | None:
    """The limit a referral sent on `sent` missed, when that limit bound the requester: the
    two-month limit C when opposable, else the long stop (CRPA R343-1, L342-1; CADA avis
    20234834). None when in time, when nothing bound, or when C is only an estimate (receipt
    not recorded: a later receipt could make the referral timely)."""
    if by is None or by.estimated:
        return None
    if stop is None:
        return by if by.opposable and sent > by.date else None
    return stop if sent > stop.date else None


def _judge_referral(
    chain: Chain, by: Deadline, stop: Deadline | None, window: ReferralWindow
) -> None:
    """A `cada-sent` after a binding limit: out of time, no court route (`chain.out_of_time`).
    After the window a later refusal arguably opened (point 3) but by the long stop: a [U]
    warning only."""
    sent = chain.events.cada_sent
    if sent is None:
        return
    missed = missed_limit(by, stop, sent.date)
    if missed is None:
        if stop is None and not by.estimated:
            _judge_stricter_readings(chain, by, window, sent.date)
        if stop is not None and window.new_decision is not None:
            ev, legal = window.new_decision
            if sent.date > legal:
                chain.warn(
                    M.WARN_REFERRAL_AFTER_NEW_DECISION, sent=_d(sent.date), legal=_d(legal),
                    date=_d(ev.date), long_stop=_d(stop.date),
                )  # fmt: skip
        return
    chain.out_of_time = missed
    limit = M.LIMIT_REFERRAL_BY if missed is by else M.LIMIT_REFERRAL_LONG_STOP
    chain.warn(M.WARN_REFERRAL_OUT_OF_TIME, sent=_d(sent.date), limit=limit, date=_d(missed.date))


def _judge_stricter_readings(
    chain: Chain, by: Deadline, window: ReferralWindow, sent: date
) -> None:
    """Issue 9 point 2 (review 3): a referral in time under the default reading of a limit that
    binds, but after the last day of a stricter listed reading, gets a [U] warning, as point 3's
    (`WARN_REFERRAL_AFTER_NEW_DECISION`): the first window that bound, had the refusal that
    reopened it not done so (R343-1), and the window without CPC 642. Not the readings of B one
    day off (they only say the safe date: a referral on C itself stays silent)."""
    opts = chain.opts
    readings: list[tuple[date, str]] = []
    first = next((s for s in window.earlier if binds(chain, s.event)), None)
    if first is not None:
        reopening = window.start.date
        what = M.READING_NOT_REOPENED.format(
            date=_d(reopening), what=first.text(), start=_d(first.date)
        )
        readings.append((_referral_legal(first.date, chain), what))
        if opts.cada_referral_prorogation:
            readings.append((_no_642(chain, first.date), f"{what}{M.READING_AND_NO_642}"))
    if opts.cada_referral_prorogation:
        readings.append((_no_642(chain, window.start.date), M.READING_NO_642))
    missed = [(when, what) for when, what in readings if sent > when]
    if not missed:
        return
    when, what = min(missed)
    chain.warn(
        M.WARN_REFERRAL_STRICTER_READING, sent=_d(sent), date=_d(when), reading=what,
        legal=_d(by.date),
    )  # fmt: skip


def _no_642(chain: Chain, start: date) -> date:
    """The last day of a referral window opened on `start`, without CPC 642."""
    return quick_requester_date(
        start, 2, chain.opts, franc=False, calendar=NATIONAL, prorogate=False
    )


def _strict(chain: Chain, start: Start, period: RequesterPeriod) -> date:
    """The safe date of a window: its strict reading (C - 1, back to a working day), never
    later than the legal last day of a window counted from B one day earlier (the [U] reading
    "the day of receipt counts"): at a month end that one can be earlier (B = Sat 1 Jul 2023:
    C - 1 = Thu 31 Aug, but B - 1 = Fri 30 Jun gives Wed 30 Aug 2023)."""
    safe = period.safe if period.safe is not None else period.legal
    if start.event is not None:  # an explicit refusal: its notification date is known
        return safe
    other = _referral_legal(start.date - ONE_DAY, chain)
    if other < safe:
        safe = other
        if chain.opts.safe_referral_on_working_day:
            safe = previous_working_day(safe, NATIONAL)[0]
    return safe


def _first_binding(
    chain: Chain, window: ReferralWindow, strict: date
) -> tuple[Start, date] | None:
    """Point 2: when a refusal reopened the window, the first earlier window that bound the
    requester, with its safe date if earlier: the strictest plausible reading keeps it."""
    for start in window.earlier:
        if not binds(chain, start.event):
            continue
        safe = _strict(chain, start, _referral_period(chain, start.date))
        return (start, safe) if safe < strict else None
    return None


def _referral_period(chain: Chain, start: date) -> RequesterPeriod:
    opts = chain.opts
    return requester_end(
        start, 2, opts, franc=False, calendar=NATIONAL,
        prorogate=opts.cada_referral_prorogation, safe="referral",
    )  # fmt: skip


def _narrate_first_window(
    rec: TextRecorder,
    window: ReferralWindow,
    period: RequesterPeriod,
    first: tuple[Start, date],
) -> None:
    start, safe = first
    reopening = window.start.date
    rec.say(M.STEP_SAFE_FIRST_WINDOW.format(
        safe=_d(safe), what=start.text(), start=_d(start.date), date=_d(reopening),
    ))  # fmt: skip
    rec.alt(M.ALT_SAFE_REOPENED.format(
        date=_d(reopening), safe=_d(period.safe or period.legal), legal=_d(period.legal),
    ))  # fmt: skip


def _new_decision(
    chain: Chain, window: ReferralWindow, by: Deadline, stop: Deadline
) -> Deadline:
    """Point 3: the first refusal stating the remedies notified after a window that did not
    bind, and by the long stop, arguably opens a binding two-month window [U] (L112-6, L412-3
    apply to that new decision). The long stop stays the last day; its safe date becomes the
    earlier of the two. Later refusals are merely confirmative."""
    chosen: Event | None = None
    for ev in window.later:
        if chosen is None and ev.date <= stop.date:
            chosen = ev
        else:
            chain.warn(M.WARN_CONFIRMATIVE_REFUSAL, date=_d(ev.date), previous=_d(by.date))
    if chosen is None:
        return stop
    remedies_opposable(chain, chosen)  # its warning when the remedies were not recorded
    p = _referral_period(chain, chosen.date)
    window.new_decision = (chosen, p.legal)
    strict = p.safe if p.safe is not None else p.legal
    safe = min(strict, stop.date)
    args = {
        "date": _d(chosen.date), "previous": _d(by.date), "legal": _d(p.legal),
        "strict": _d(strict), "safe": _d(safe), "long_stop": _d(stop.date),
    }  # fmt: skip
    chain.warn(M.WARN_NEW_DECISION_WINDOW, **args)
    steps, alternatives = stop.steps, stop.alternatives
    if isinstance(chain.rec, TextRecorder):
        steps += (
            Step(M.STEP_NEW_DECISION.format(**args)),
            Step(M.STEP_NEW_DECISION_SAFE.format(**args)),
        )
        alternatives += (M.ALT_NEW_DECISION.format(**args),)
    return replace(
        stop, safe_date=safe if safe < stop.date else None, steps=steps,
        alternatives=alternatives,
    )  # fmt: skip


def _narrate_by(
    rec: TextRecorder,
    chain: Chain,
    refusal: Refusal,
    window: ReferralWindow,
    period: RequesterPeriod,
    opposable_why: tuple[bool, str],
    estimated: bool,
    basis: list[str],
    safes: tuple[tuple[Start, date] | None, date],
) -> None:
    opposable, why = opposable_why
    first, strict = safes
    _narrate_window(rec, chain, window)
    rec.say(M.STEP_START.format(what=window.start.text(), date=_d(window.start.date)))
    narrate_requester(rec, period)
    _referral_alternatives(rec, chain, refusal, window, period)
    event = window.start.event
    if event is not None and event.mentions_remedies is None:
        rec.say(M.STEP_OPPOSABLE_UNKNOWN)
    if not opposable:
        rec.say(M.STEP_NOT_OPPOSABLE.format(why=why))
    if estimated:
        rec.say(M.STEP_ESTIMATED)
    if first is not None:
        _narrate_first_window(rec, window, period, first)
    elif strict != period.safe:
        rec.say(M.STEP_SAFE_B_MINUS.format(date=_d(strict)))
    rec.say(M.STEP_BASIS.format(basis=", ".join(dict.fromkeys(basis))))


def _narrate_window(rec: TextRecorder, chain: Chain, window: ReferralWindow) -> None:
    for what, ev, previous in window.notes:
        if what == "before_b":
            rec.say(M.STEP_EXPLICIT_BEFORE_B.format(date=_d(ev.date)))
        elif what == "reopens":
            rec.say(M.STEP_EXPLICIT_REOPENS.format(date=_d(ev.date), previous=_d(previous)))
            rec.alt(M.ALT_REFERRAL_FIRST_WINDOW.format(date=_d(ev.date), previous=_d(previous)))
        else:
            rec.alt(
                M.ALT_REFERRAL_REOPENED.format(
                    date=_d(ev.date), previous=_d(_referral_legal(ev.date, chain))
                )
            )


def _referral_alternatives(
    rec: TextRecorder,
    chain: Chain,
    refusal: Refusal,
    window: ReferralWindow,
    period: RequesterPeriod,
) -> None:
    """The [U] readings: franc period, B one day off, transfer, with or without CPC 642."""
    opts, start = chain.opts, window.start.date
    rec.alt(
        M.ALT_REFERRAL_FRANC.format(
            date=_d(
                quick_requester_date(start, 2, opts, franc=True, calendar=NATIONAL, prorogate=True)
            )
        )
    )
    if not window.explicit:
        rec.alt(
            M.ALT_REFERRAL_B_PM.format(
                b_minus=_d(start - ONE_DAY),
                minus=_d(_referral_legal(start - ONE_DAY, chain)),
                b_plus=_d(start + ONE_DAY),
                plus=_d(_referral_legal(start + ONE_DAY, chain)),
            )
        )
        if refusal.competent is not None:
            rec.alt(
                M.ALT_REFERRAL_TRANSFER.format(date=_d(_referral_legal(refusal.competent, chain)))
            )
    other = quick_requester_date(
        start, 2, opts, franc=False, calendar=NATIONAL, prorogate=not opts.cada_referral_prorogation
    )
    if other != period.legal:
        template = (
            M.ALT_REFERRAL_NO_642 if opts.cada_referral_prorogation else M.ALT_REFERRAL_WITH_642
        )
        rec.alt(template.format(date=_d(other)))
