"""The CRPA deadline chain: request -> implicit refusal B -> CADA referral -> K -> court.

Pure: facts (recorded events) in, a Timeline of dated deadlines out. Every date carries its
computation in words (steps), its basis, a confidence level and the [U] alternative readings.
The rules are those of the legal reference (shared law/crpa-deadlines.md) and are documented
for users in the README (Deadlines).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from cada_tracker.domain import (
    CONFIRMING_OUTCOMES,
    REFUSING_OUTCOMES,
    Deadline,
    Event,
    RequestFacts,
    Step,
    Timeline,
    ordered,
)
from cada_tracker.law import suspensions
from cada_tracker.law.calendars import (
    NATIONAL,
    OVERSEAS_COURT_DEPARTMENTS,
    calendar_for_department,
    next_working_day,
    non_working,
    previous_working_day,
)
from cada_tracker.law.months import add_months
from cada_tracker.messages import law as M

ONE_DAY = timedelta(days=1)
ZERO = timedelta(0)

SAME_DAY_CHANNELS = frozenset({"email", "web", "hand"})
# Reply outcomes that are an explicit refusal before the referral (they open the CADA window).
# Reply outcomes that answer the request (the authority met its one-month period).

B_BASIS = ("CRPA R*311-12", "CRPA R311-13")
B_BASIS_ENV = ("C. env. R124-1", "CRPA R*311-12")
REFERRAL_BASIS = ("CRPA R343-1", "CRPA L342-1", "CPC 642")
REFERRAL_BASIS_NO_642 = ("CRPA R343-1", "CRPA L342-1")
OPINION_BASIS = ("CRPA R343-3",)
K_BASIS = ("CRPA R*343-4", "CRPA R343-5")
COURT_BASIS = ("CJA R421-1", "CJA R421-2", "CPC 642")
REFERRAL_LONG_STOP_BASIS = ("CADA avis 20234834", "CRPA L112-6", "CE 11 juill. 2016 n° 391899")
COURT_LONG_STOP_BASIS = (
    "CE 13 juill. 2016 Czabaj n° 387763",
    "CE 11 mars 2024 n° 488227",
    "CJA R421-5",
)


@dataclass(frozen=True)
class LawOptions:
    """Configurable readings of the law (the [U] points of the README (Deadlines)).

    post_delay_min_days / post_delay_max_days: estimated postal delay when only `sent` is known
        for a request sent by post or registered post (e-mail, web, hand: same day).
    cada_referral_prorogation: apply CPC 642 (next working day) to the CADA referral deadline.
    safe_referral_on_working_day: move the strict (safe) CADA referral date back to a working day
        (the §0.10 reading of the 2020 case: Sunday 23 August -> safe Friday 21 August).
    referral_from_margin_days: extra days before the first admissible referral (0 = B + 1 day;
        1 = B + 2 days, zero risk of a premature referral).
    explicit_refusal_reopens_referral: an explicit refusal notified within the referral window
        opens a new two-month window (the reference's reading); False keeps the first window.
    overseas_same_territory: a requester recorded as living "overseas" lives in the territory
        of the (overseas) court, so no distance extension (the earlier, safer reading).
    suspensions: override the suspension windows (default: data/suspensions.json).
    explain: build the steps and alternatives of each deadline (the text of `cada explain`).
        False computes the same dates about twice as fast, for reports over many requests;
        explain_lines() recomputes with explain=True when given such a timeline.
    """

    post_delay_min_days: int = 1
    post_delay_max_days: int = 4
    cada_referral_prorogation: bool = True
    safe_referral_on_working_day: bool = True
    referral_from_margin_days: int = 0
    explicit_refusal_reopens_referral: bool = True
    overseas_same_territory: bool = True
    suspensions: tuple[suspensions.Window, ...] | None = None
    explain: bool = True


DEFAULT_OPTIONS = LawOptions()


# --------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------


_d = M.fmt_date  # "Saturday 7 March 2020" (cached)


def _period_step(start: date, months: int, end: date) -> str:
    if end.day != start.day:
        return M.STEP_PERIOD_CLAMPED.format(
            start=_d(start), months=months, end=_d(end), day=start.day
        )
    return M.STEP_PERIOD.format(start=_d(start), months=months, end=_d(end))


def _windows(opts: LawOptions, family: str) -> tuple[suspensions.Window, ...]:
    if opts.suspensions is None:
        found = _WINDOW_CACHE.get(family)
        return found if found is not None else _default_windows(family)
    return suspensions.windows(family, opts.suspensions)


_WINDOW_CACHE: dict[str, tuple[suspensions.Window, ...]] = {}


def _default_windows(family: str) -> tuple[suspensions.Window, ...]:
    found = _WINDOW_CACHE.get(family)
    if found is None:
        found = _WINDOW_CACHE[family] = suspensions.windows(family)
    return found


def authority_end(
    start: date, months: int, opts: LawOptions, steps: list[str] | None, basis: list[str]
) -> date:
    """End of an authority period (B, K, the CADA opinion): start + months, then the
    "authority" suspension windows. Never moved to a working day."""
    end = add_months(start, months)
    if steps is None:
        for w in _windows(opts, "authority"):
            assert w.resume is not None
            if w.start <= start <= w.end:
                end = add_months(w.resume, months)
                start = w.resume
                basis.extend(w.basis)
            elif start < w.start <= end:
                end = end + timedelta(days=w.shift_days)
                basis.extend(w.basis)
        return end
    steps.append(_period_step(start, months, end))
    for w in _windows(opts, "authority"):
        assert w.resume is not None
        if w.start <= start <= w.end:
            end = add_months(w.resume, months)
            steps.append(
                M.STEP_SUSP_DEFERRED.format(
                    label=w.label,
                    start=_d(w.start),
                    end=_d(w.end),
                    resume=_d(w.resume),
                    basis=", ".join(w.basis),
                    months=months,
                    date=_d(end),
                )
            )
            basis.extend(w.basis)
            start = w.resume
        elif start < w.start <= end:
            nominal = end
            end = end + timedelta(days=w.shift_days)
            steps.append(
                M.STEP_SUSP_RESUMED.format(
                    label=w.label,
                    start=_d(w.start),
                    resume=_d(w.resume),
                    basis=", ".join(w.basis),
                    nominal=_d(nominal),
                    days=w.shift_days,
                    date=_d(end),
                )
            )
            basis.extend(w.basis)
    return end


def _susp_step(w: suspensions.Window, due: date, end: date) -> str:
    """The explanation of a requester act extended by a suspension window (2020 art. 2)."""
    return M.STEP_SUSP_REQUESTER.format(
        label=w.label, due=_d(due), start=_d(w.start), end=_d(w.end),
        basis=", ".join(w.basis), cap=w.cap_months, date=_d(end),
    )


def _not_moved_step(d: date, steps: list[str]) -> None:
    reason = non_working(d)
    why = M.STEP_NOT_MOVED_WHY.format(name=M.DAY_NAMES[reason]) if reason else ""
    steps.append(M.STEP_NOT_MOVED.format(date=_d(d), why=why))


class _Requester:
    """Result of requester_end (plain class: cheaper to import than a dataclass)."""

    __slots__ = ("legal", "safe", "nominal")

    def __init__(self, legal: date, safe: date | None, nominal: date) -> None:
        self.legal = legal
        self.safe = safe
        self.nominal = nominal  # after franc day and suspensions, before CPC 642


def requester_end(
    start: date,
    months: int,
    opts: LawOptions,
    steps: list[str] | None,
    basis: list[str],
    *,
    franc: bool,
    calendar: str,
    prorogate: bool,
    safe: str | None,
    extra_months: int = 0,
) -> _Requester:
    """Last day of a requester period: start + months (+ extra distance months), franc day if
    `franc`, "requester" suspension windows, then CPC 642 on `calendar` if `prorogate`.

    safe: None (no safe date), "referral" (start + months - 1 day, no 642, back to a working
    day if the option says so) or "court" (start + months, no franc day, no 642).
    steps: the list the explanation is appended to, or None for the dates only.
    """
    say = steps.append if steps is not None else None
    total = months + extra_months
    nominal = add_months(start, total)
    end = nominal + ONE_DAY if franc else nominal
    if say:
        say(_period_step(start, total, nominal))
        say((M.STEP_FRANC if franc else M.STEP_NOT_FRANC).format(date=_d(end)))
    safe_end = None
    if safe == "referral":
        safe_end = nominal - ONE_DAY
    elif safe == "court":
        safe_end = nominal
    for w in _windows(opts, "requester"):
        in_window = w.start <= end <= w.end
        if not in_window and prorogate and end < w.start:
            in_window = w.start <= next_working_day(end, calendar)[0] <= w.end
        if not in_window:
            continue
        assert w.cap_months is not None
        capped = min(total, w.cap_months)
        due = end
        end = add_months(w.end, capped) + (ONE_DAY if franc else ZERO)
        basis.extend(x for x in w.basis if x not in basis)
        if say:
            say(_susp_step(w, due, end))
        if safe_end is not None and w.start <= safe_end <= w.end:
            due_safe = safe_end
            safe_end = add_months(w.end, capped) - (ONE_DAY if safe == "referral" else ZERO)
            if say:
                say(
                    M.STEP_SUSP_REQUESTER_SAFE.format(
                        label=w.label,
                        due=_d(due_safe),
                        basis=", ".join(w.basis),
                        date=_d(safe_end),
                    )
                )
    nominal_end = end
    if prorogate:
        legal, skipped = next_working_day(end, calendar)
        if say:
            for day, reason in skipped:
                say(M.STEP_SKIPPED.format(date=_d(day), name=M.DAY_NAMES[reason]))
            cal = (
                ""
                if calendar == NATIONAL
                else M.STEP_LEGAL_CALENDAR.format(name=M.CALENDAR_NAMES[calendar])
            )
            say(M.STEP_LEGAL.format(date=_d(legal), calendar=cal))
    else:
        legal = end
        if say:
            say(M.STEP_NO_PROROGATION.format(date=_d(legal)))
    if safe_end is not None:
        if safe == "referral":
            back: tuple[tuple[date, str], ...] = ()
            if opts.safe_referral_on_working_day:
                safe_end, back = previous_working_day(safe_end, NATIONAL)
            if say:
                say(M.STEP_SAFE.format(date=_d(safe_end), why=M.STEP_SAFE_REFERRAL))
                for day, reason in back:
                    say(M.STEP_SAFE_BACK.format(date=_d(day), name=M.DAY_NAMES[reason]))
        elif say:
            say(M.STEP_SAFE.format(date=_d(safe_end), why=M.STEP_SAFE_COURT))
        if safe_end > legal:  # cannot happen with sane windows; keep the invariant anyway
            safe_end = legal
    return _Requester(legal=legal, safe=safe_end, nominal=nominal_end)


def _quick_requester_date(
    start: date,
    months: int,
    opts: LawOptions,
    *,
    franc: bool,
    calendar: str,
    prorogate: bool,
    extra_months: int = 0,
) -> date:
    """The legal last day only (for alternatives): requester_end without text or safe date."""
    return requester_end(
        start, months, opts, None, [], franc=franc, calendar=calendar, prorogate=prorogate,
        safe=None, extra_months=extra_months,
    ).legal


def _long_stop(
    kind: str,
    start: date,
    what: str,
    opts: LawOptions,
    base_basis: tuple[str, ...],
    *,
    estimated: bool,
    confidence: str,
    extra_steps: tuple[str, ...] = (),
) -> Deadline:
    """One year from `start` (a reasonable time), requester windows applied, no CPC 642."""
    text = opts.explain
    steps = [M.STEP_LONG_STOP_START.format(what=what, date=_d(start)), *extra_steps] if text else []
    basis = list(base_basis)
    end = add_months(start, 12)
    if text:
        steps.append(M.STEP_YEAR.format(start=_d(start), end=_d(end)))
    for w in _windows(opts, "requester"):
        if w.start <= end <= w.end:
            assert w.cap_months is not None
            due = end
            end = add_months(w.end, min(12, w.cap_months))
            basis.extend(w.basis)
            if text:
                steps.append(_susp_step(w, due, end))
    alternatives = []
    if text:
        steps.append(M.STEP_LONG_STOP_NO_642)
        steps.append(M.STEP_BASIS.format(basis=", ".join(dict.fromkeys(basis))))
        moved = next_working_day(end)[0]
        if moved != end:
            alternatives.append(M.ALT_LONG_STOP_642.format(date=_d(moved)))
        if kind == "court_long_stop":
            alternatives.append(
                M.ALT_LONG_STOP_FRANC.format(date=_d(next_working_day(end + ONE_DAY)[0]))
            )
    return _finish(
        kind,
        end,
        "requester",
        basis,
        confidence,
        steps,
        estimated=estimated,
        alternatives=alternatives,
        opts=opts,
    )


_RANK = {"verified": 0, "inferred": 1, "uncertain": 2}


def _confidence(base: str, basis: list[str], opts: LawOptions) -> str:
    """The base confidence, lowered to a suspension window's when one was applied."""
    if opts.suspensions is None:
        if not _WINDOW_CONFIDENCE:
            _WINDOW_CONFIDENCE.update(_window_confidence(opts))
        table = _WINDOW_CONFIDENCE
    else:
        table = _window_confidence(opts)
    worst = base
    for b in basis:
        c = table.get(b)
        if c is not None and _RANK[c] > _RANK[worst]:
            worst = c
    return worst


def _window_confidence(opts: LawOptions) -> dict[str, str]:
    table: dict[str, str] = {}
    for w in _windows(opts, "authority") + _windows(opts, "requester"):
        for b in w.basis[:1]:
            table[b] = w.confidence
    return table


_WINDOW_CONFIDENCE: dict[str, str] = {}


def _finish(
    kind: str,
    when: date,
    actor: str,
    basis: list[str],
    confidence: str,
    steps: list[str],
    *,
    opposable: bool = True,
    estimated: bool = False,
    safe: date | None = None,
    alternatives: list[str] | tuple[str, ...] = (),
    opts: LawOptions = DEFAULT_OPTIONS,
) -> Deadline:
    return Deadline(
        kind=kind,
        date=when,
        actor=actor,
        basis=tuple(dict.fromkeys(basis)),
        confidence=_confidence(confidence, basis, opts),
        opposable=opposable,
        estimated=estimated,
        safe_date=safe,
        steps=tuple(map(Step, steps)) if opts.explain else (),
        alternatives=tuple(alternatives) if opts.explain else (),
    )


# --------------------------------------------------------------------------------------
# Facts
# --------------------------------------------------------------------------------------


class _Facts:
    """The events the chain needs, picked out of the request's history."""

    __slots__ = (
        "sent", "received", "ack_complete", "pre_replies", "post_replies", "cada_sent",
        "cada_registered", "legal_aid_requested", "legal_aid_decided", "reasons_requested",
        "reasons_received",
    )  # fmt: skip

    def __init__(self) -> None:
        self.sent: Event | None = None
        self.received: Event | None = None
        self.ack_complete = False
        self.pre_replies: tuple[Event, ...] = ()  # replies before the CADA referral
        self.post_replies: tuple[Event, ...] = ()  # replies after the CADA referral
        self.cada_sent: Event | None = None
        self.cada_registered: Event | None = None
        self.legal_aid_requested: Event | None = None
        self.legal_aid_decided: Event | None = None
        self.reasons_requested: Event | None = None
        self.reasons_received: Event | None = None


def _extract(facts: RequestFacts) -> _Facts:
    f = _Facts()
    pre: list[Event] = []
    post: list[Event] = []
    referred = False
    for ev in ordered(facts.events):
        k = ev.kind
        if k == "reply":
            (post if referred else pre).append(ev)
        elif k == "received":
            if f.received is None:
                f.received = ev
        elif k == "sent":
            if f.sent is None:
                f.sent = ev
        elif k == "acknowledged":
            if ev.complete:
                f.ack_complete = True
        elif k == "cada-sent":
            if f.cada_sent is None:
                f.cada_sent = ev
            referred = True
        elif k == "cada-registered":
            if f.cada_registered is None:
                f.cada_registered = ev
            referred = True
        elif k == "legal-aid-requested":
            if f.legal_aid_requested is None:
                f.legal_aid_requested = ev
        elif k == "legal-aid-decided":
            if f.legal_aid_requested is not None and f.legal_aid_decided is None:
                f.legal_aid_decided = ev
        elif k == "reasons-requested":
            if f.reasons_requested is None:
                f.reasons_requested = ev
        elif k == "reasons-received":
            if f.reasons_received is None:
                f.reasons_received = ev
    f.pre_replies = tuple(pre)
    f.post_replies = tuple(post)
    return f


# --------------------------------------------------------------------------------------
# The chain
# --------------------------------------------------------------------------------------


def compute_timeline(facts: RequestFacts, options: LawOptions | None = None) -> Timeline:
    """Every deadline that applies to the request so far, in chronological order of the chain."""
    opts = options or DEFAULT_OPTIONS
    f = _extract(facts)
    out: list[Deadline] = []
    warnings: list[str] = []

    referral_start = _request_phase(facts, f, opts, out, warnings)
    _cada_phase(facts, f, opts, out, warnings, referral_start)
    return Timeline(deadlines=tuple(out), warnings=tuple(warnings))


def _receipt(
    facts: RequestFacts, f: _Facts, opts: LawOptions
) -> tuple[date, date, bool, list[str]] | None:
    if f.received is not None:
        d = f.received.date
        return d, d, False, [M.STEP_RECEIVED.format(date=_d(d))]
    if f.sent is None:
        return None
    s = f.sent.date
    channel = facts.channel
    name = M.CHANNEL_NAMES.get(channel, channel)
    if channel in SAME_DAY_CHANNELS:
        return s, s, True, [M.STEP_RECEIPT_SAME_DAY.format(channel=name, sent=_d(s))]
    first = s + timedelta(days=opts.post_delay_min_days)
    last = s + timedelta(days=opts.post_delay_max_days)
    step = M.STEP_RECEIPT_RANGE.format(
        channel=name,
        sent=_d(s),
        first=_d(first),
        last=_d(last),
        min_days=opts.post_delay_min_days,
        max_days=opts.post_delay_max_days,
    )
    return first, last, True, [step]


class _ReferralStart:
    """Where the CADA referral window stands at the end of the request phase."""

    __slots__ = ("legal", "kind")

    def __init__(self, legal: date, kind: str) -> None:
        self.legal = legal
        self.kind = kind  # "implicit" or "explicit"


def _request_phase(
    facts: RequestFacts, f: _Facts, opts: LawOptions, out: list[Deadline], warnings: list[str]
) -> _ReferralStart | None:
    rec = _receipt(facts, f, opts)
    if rec is None:
        return None
    text = opts.explain
    rmin, rmax, estimated, receipt_steps = rec
    if estimated:
        warnings.append(M.WARN_RECEIPT_ESTIMATED)

    # ---- the authority's period: B -----------------------------------------------------
    months = 1
    steps = list(receipt_steps)
    if estimated and rmin != rmax:
        steps.append(M.STEP_RECEIPT_CONSERVATIVE.format(date=_d(rmin)))
    basis = list(B_BASIS_ENV if facts.environmental else B_BASIS)
    first_month_end = add_months(rmin, 1)
    for ev in f.pre_replies:
        if ev.outcome != "extended":
            continue
        if not facts.environmental:
            warnings.append(M.WARN_EXTENDED_NOT_ENVIRONMENTAL.format(date=_d(ev.date)))
        elif ev.date <= first_month_end:
            months = 2
            steps.append(M.STEP_ENVIRONMENTAL_EXTENDED.format(date=_d(ev.date)))
        else:
            steps.append(M.STEP_EXTENSION_LATE.format(date=_d(ev.date)))
        break
    if facts.environmental and months == 1:
        steps.append(M.STEP_ENVIRONMENTAL)
    b = authority_end(rmin, months, opts, steps if text else None, basis)
    b_late = b if rmax == rmin else authority_end(rmax, months, opts, None, [])
    b_alts = []
    if text:
        _not_moved_step(b, steps)
        if b_late != b:
            b_alts.append(M.ALT_B_RANGE.format(first=_d(b), last=_d(b_late)))
        b_alts.append(M.ALT_B_MINUS.format(date=_d(b - ONE_DAY)))
        b_alts.append(M.ALT_B_PLUS.format(date=_d(b + ONE_DAY)))
    b_confidence = "verified"

    transfer = next((e for e in f.pre_replies if e.outcome == "transferred"), None)
    b_competent = None
    if transfer is not None:
        b_competent = authority_end(max(transfer.date, rmax), months, opts, None, [])
        steps.append(M.STEP_TRANSFER.format(date=_d(transfer.date)))
        b_alts.append(M.ALT_B_TRANSFER.format(date=_d(b_competent)))
        warnings.append(M.WARN_LATE_REPLY_TRANSFER.format(date=_d(transfer.date)))
        b_confidence = "uncertain"
    if text:
        steps.append(M.STEP_BASIS.format(basis=", ".join(dict.fromkeys(basis))))
    out.append(
        _finish(
            "implicit_refusal",
            b,
            "authority",
            basis,
            b_confidence,
            steps,
            estimated=estimated,
            alternatives=b_alts,
            opts=opts,
        )
    )

    # ---- what the answers did ------------------------------------------------------------
    for ev in f.pre_replies:
        if ev.outcome == "fee-requested":
            warnings.append(M.WARN_FEE_REQUESTED.format(date=_d(ev.date)))
        elif ev.outcome == "clarification-requested":
            warnings.append(M.WARN_CLARIFICATION.format(date=_d(ev.date)))
        elif ev.outcome == "not-held":
            warnings.append(M.WARN_NOT_HELD.format(date=_d(ev.date)))
    referred = f.cada_sent is not None or f.cada_registered is not None
    decisive = [
        e for e in f.pre_replies if e.outcome in REFUSING_OUTCOMES | {"full", "fee-requested"}
    ]
    last = decisive[-1] if decisive else None
    if not referred and last is not None and last.outcome == "full" and last.date <= b:
        return None  # communicated in time: no refusal ever arose, nothing to refer
    # Communicated after B: the implicit refusal was born and the referral window ran until
    # the documents came; it is kept for the history and reported "moot" (deadline_status).
    if not referred and last is not None and last.outcome == "fee-requested" and last.date <= b:
        return None  # an offer against payment is not a refusal: no deadline for the requester

    # ---- the CADA referral window ----------------------------------------------------------
    start = b
    start_kind = "implicit"
    start_what = M.WHAT_B
    start_event: Event | None = None
    pre_steps: list[str] = []
    ref_alts: list[str] = []
    legal_so_far = _quick_requester_date(
        b, 2, opts, franc=False, calendar=NATIONAL, prorogate=opts.cada_referral_prorogation
    )
    for ev in f.pre_replies:
        if ev.outcome not in REFUSING_OUTCOMES:
            continue
        if ev.date <= b and start_kind == "implicit":
            pre_steps.append(M.STEP_EXPLICIT_BEFORE_B.format(date=_d(ev.date)))
        elif ev.date <= legal_so_far:
            if not opts.explicit_refusal_reopens_referral:
                ref_alts.append(
                    M.ALT_REFERRAL_REOPENED.format(
                        date=_d(ev.date),
                        previous=_d(
                            _quick_requester_date(
                                ev.date,
                                2,
                                opts,
                                franc=False,
                                calendar=NATIONAL,
                                prorogate=opts.cada_referral_prorogation,
                            )
                        ),
                    )
                )
                continue
            pre_steps.append(
                M.STEP_EXPLICIT_REOPENS.format(date=_d(ev.date), previous=_d(legal_so_far))
            )
            ref_alts.append(
                M.ALT_REFERRAL_FIRST_WINDOW.format(date=_d(ev.date), previous=_d(legal_so_far))
            )
        else:
            warnings.append(
                M.WARN_CONFIRMATIVE_REFUSAL.format(date=_d(ev.date), previous=_d(legal_so_far))
            )
            continue
        start = ev.date
        start_kind = "explicit"
        start_event = ev
        start_what = M.WHAT_EXPLICIT_REFUSAL.format(outcome=ev.outcome)
        legal_so_far = _quick_requester_date(
            start,
            2,
            opts,
            franc=False,
            calendar=NATIONAL,
            prorogate=opts.cada_referral_prorogation,
        )

    ref_estimated = estimated and start_kind == "implicit"

    # first admissible referral
    steps = []
    if start_kind == "implicit":
        late_b = max(b_late, b_competent) if b_competent else b_late
        first = late_b + ONE_DAY
        if late_b != b:
            steps.append(M.STEP_RECEIPT_LATEST.format(date=_d(rmax)))
        steps.append(M.STEP_REFERRAL_FROM_B.format(date=_d(first)))
        if opts.referral_from_margin_days:
            first += timedelta(days=opts.referral_from_margin_days)
            steps.append(M.STEP_REFERRAL_MARGIN.format(days=opts.referral_from_margin_days))
        alts = [M.ALT_REFERRAL_FROM_SAFE.format(date=_d(late_b + 2 * ONE_DAY))]
        from_estimated = estimated or b_competent is not None
    else:
        # admissible from the notification, or already since the implicit refusal
        first = min(start, b_late + ONE_DAY)
        steps.append(M.STEP_REFERRAL_FROM_EXPLICIT.format(date=_d(first)))
        alts = []
        from_estimated = False
    steps.append(M.STEP_BASIS.format(basis="CRPA R343-1, CRPA R311-13"))
    out.append(
        _finish(
            "cada_referral_from",
            first,
            "requester",
            ["CRPA R343-1", "CRPA R311-13"],
            "verified" if start_kind == "explicit" else "inferred",
            steps,
            estimated=from_estimated,
            alternatives=alts,
            opts=opts,
        )
    )

    # last day of the referral
    steps = list(pre_steps)
    steps.append(M.STEP_START.format(what=start_what, date=_d(start)))
    basis = list(REFERRAL_BASIS if opts.cada_referral_prorogation else REFERRAL_BASIS_NO_642)
    r = requester_end(
        start,
        2,
        opts,
        steps if text else None,
        basis,
        franc=False,
        calendar=NATIONAL,
        prorogate=opts.cada_referral_prorogation,
        safe="referral",
    )
    if text:
        # alternatives [U]
        ref_alts.append(
            M.ALT_REFERRAL_FRANC.format(
                date=_d(
                    _quick_requester_date(
                        start, 2, opts, franc=True, calendar=NATIONAL, prorogate=True
                    )
                )
            )
        )
        if start_kind == "implicit":
            minus = _quick_requester_date(
                start - ONE_DAY,
                2,
                opts,
                franc=False,
                calendar=NATIONAL,
                prorogate=opts.cada_referral_prorogation,
            )
            plus = _quick_requester_date(
                start + ONE_DAY,
                2,
                opts,
                franc=False,
                calendar=NATIONAL,
                prorogate=opts.cada_referral_prorogation,
            )
            ref_alts.append(
                M.ALT_REFERRAL_B_PM.format(
                    b_minus=_d(start - ONE_DAY),
                    minus=_d(minus),
                    b_plus=_d(start + ONE_DAY),
                    plus=_d(plus),
                )
            )
            if b_competent is not None:
                ref_alts.append(
                    M.ALT_REFERRAL_TRANSFER.format(
                        date=_d(
                            _quick_requester_date(
                                b_competent,
                                2,
                                opts,
                                franc=False,
                                calendar=NATIONAL,
                                prorogate=opts.cada_referral_prorogation,
                            )
                        )
                    )
                )
        other = _quick_requester_date(
            start,
            2,
            opts,
            franc=False,
            calendar=NATIONAL,
            prorogate=not opts.cada_referral_prorogation,
        )
        if other != r.legal:
            template = (
                M.ALT_REFERRAL_NO_642 if opts.cada_referral_prorogation else M.ALT_REFERRAL_WITH_642
            )
            ref_alts.append(template.format(date=_d(other)))

    if start_kind == "implicit":
        opposable = f.ack_complete
        why = M.WHY_NO_COMPLETE_AR
    else:
        assert start_event is not None
        opposable = start_event.mentions_remedies is not False
        why = M.WHY_NO_REMEDIES
        if start_event.mentions_remedies is None:
            steps.append(M.STEP_OPPOSABLE_UNKNOWN)
            warnings.append(M.WARN_REMEDIES_UNKNOWN.format(date=_d(start_event.date)))
    if not opposable:
        steps.append(M.STEP_NOT_OPPOSABLE.format(why=why))
    confidence = "uncertain"  # franc or not, CPC 642 or not: [U] (reference §2.2, §8.1)
    if ref_estimated:
        steps.append(M.STEP_ESTIMATED)
    steps.append(M.STEP_BASIS.format(basis=", ".join(dict.fromkeys(basis))))
    out.append(
        _finish(
            "cada_referral_by",
            r.legal,
            "requester",
            basis,
            confidence,
            steps,
            opposable=opposable,
            estimated=ref_estimated,
            safe=r.safe,
            alternatives=ref_alts,
            opts=opts,
        )
    )
    if not opposable:
        out.append(
            _long_stop(
                "cada_referral_long_stop",
                start,
                start_what,
                opts,
                REFERRAL_LONG_STOP_BASIS,
                estimated=ref_estimated,
                confidence="inferred",
            )
        )
    return _ReferralStart(legal=r.legal, kind=start_kind)


def _cada_phase(
    facts: RequestFacts,
    f: _Facts,
    opts: LawOptions,
    out: list[Deadline],
    warnings: list[str],
    referral: _ReferralStart | None,
) -> None:
    # ---- registration R ----------------------------------------------------------------
    if f.cada_registered is not None:
        r_date = f.cada_registered.date
        r_estimated = False
        r_what = M.WHAT_REGISTRATION
    elif f.cada_sent is not None:
        sent = f.cada_sent.date
        delay = 0 if facts.channel in SAME_DAY_CHANNELS else opts.post_delay_min_days
        r_date = sent + timedelta(days=delay)
        r_estimated = True
        r_what = M.WHAT_REGISTRATION_ESTIMATED.format(
            sent=_d(sent), channel=M.CHANNEL_NAMES.get(facts.channel, facts.channel)
        )
        warnings.append(M.WARN_REGISTRATION_ESTIMATED)
    else:
        return

    text = opts.explain
    # ---- expected opinion O ------------------------------------------------------------
    steps = [M.STEP_START.format(what=r_what, date=_d(r_date))] if text else []
    basis = list(OPINION_BASIS)
    o = authority_end(r_date, 1, opts, steps if text else None, basis)
    if text:
        steps.append(M.STEP_INDICATIVE)
        steps.append(M.STEP_BASIS.format(basis=", ".join(dict.fromkeys(basis))))
    out.append(
        _finish(
            "cada_opinion_expected",
            o,
            "cada",
            basis,
            "verified",
            steps,
            estimated=r_estimated,
            opts=opts,
        )
    )

    # ---- implicit confirmation K ---------------------------------------------------------
    steps = [M.STEP_START.format(what=r_what, date=_d(r_date))] if text else []
    basis = list(K_BASIS)
    k = authority_end(r_date, 2, opts, steps if text else None, basis)
    if text:
        _not_moved_step(k, steps)
        steps.append(M.STEP_BASIS.format(basis=", ".join(dict.fromkeys(basis))))
    out.append(
        _finish(
            "refusal_confirmed",
            k,
            "authority",
            basis,
            "verified",
            steps,
            estimated=r_estimated,
            opts=opts,
        )
    )

    # ---- court ---------------------------------------------------------------------------
    confirmations = [e for e in f.post_replies if e.outcome in CONFIRMING_OUTCOMES]
    if any(e.outcome == "full" for e in f.post_replies) and not any(
        e.date >= max(x.date for x in f.post_replies if x.outcome == "full") for e in confirmations
    ):
        return  # communicated after the referral: nothing to take to court

    department = facts.authority_department
    calendar = calendar_for_department(department)
    if not department:
        warnings.append(M.WARN_DEPARTMENT_UNKNOWN)
    extra, distance_why, alt_extra = _distance(department, facts.requester_residence, opts)

    n2 = next((e for e in confirmations if e.date <= k), None)
    if n2 is not None:
        start, start_what, start_event = n2.date, M.WHAT_CONFIRMATION.format(outcome=n2.outcome), n2
        estimated = False
    else:
        start, start_what, start_event = k, M.WHAT_K, None
        estimated = r_estimated
    pre_steps: list[str] = []
    court_alts: list[str] = []

    def court(start_date: date, steps_: list[str], basis_: list[str]) -> _Requester:
        return requester_end(
            start_date,
            2,
            opts,
            steps_ if text else None,
            basis_,
            franc=True,
            calendar=calendar,
            prorogate=True,
            safe="court",
            extra_months=extra,
        )

    first_legal = _quick_requester_date(
        start, 2, opts, franc=True, calendar=calendar, prorogate=True, extra_months=extra
    )
    if n2 is None:
        later = next((e for e in confirmations if e.date > k), None)
        if later is not None:
            if later.date <= first_legal:
                pre_steps.append(
                    M.STEP_COURT_REOPENS.format(date=_d(later.date), previous=_d(first_legal))
                )
                court_alts.append(
                    M.ALT_COURT_FIRST_PERIOD.format(date=_d(later.date), previous=_d(first_legal))
                )
                start = later.date
                start_what = M.WHAT_CONFIRMATION.format(outcome=later.outcome)
                start_event = later
                estimated = False
            else:
                warnings.append(
                    M.WARN_CONFIRMATIVE_COURT.format(date=_d(later.date), previous=_d(first_legal))
                )

    # opposability (CE 2016 n° 391899, CE 2024 n° 488227, CJA R421-5). From K, the limit binds
    # if the requester was told the remedies: by the explicit refusal that opened the CADA
    # window when there was one (L112-6 al. 2: the acknowledgment no longer matters), else by
    # a complete acknowledgment of receipt.
    informing = [e for e in f.pre_replies if e.outcome in REFUSING_OUTCOMES]
    if start_event is None and informing:
        opposable = informing[-1].mentions_remedies is not False
        why = M.WHY_NO_REMEDIES
        if informing[-1].mentions_remedies is None:
            warnings.append(M.WARN_REMEDIES_UNKNOWN.format(date=_d(informing[-1].date)))
    elif start_event is None:
        opposable = f.ack_complete
        why = M.WHY_NO_COMPLETE_AR
    else:
        opposable = start_event.mentions_remedies is not False
        why = M.WHY_NO_REMEDIES
        if start_event.mentions_remedies is None:
            warnings.append(M.WARN_REMEDIES_UNKNOWN.format(date=_d(start_event.date)))

    steps = list(pre_steps)
    steps.append(M.STEP_START.format(what=start_what, date=_d(start)))
    basis = list(COURT_BASIS)
    if extra:
        steps.append(M.STEP_DISTANCE.format(months=extra, why=distance_why))
        basis.append("CJA R421-7")
    t = court(start, steps, basis)
    legal, safe = t.legal, t.safe

    # month-end franc variant (reference §0.8)
    variant = next_working_day(add_months(start + ONE_DAY, 2 + extra), calendar)[0]
    if text and variant < legal:
        court_alts.append(M.ALT_COURT_MONTH_END.format(date=_d(variant)))
    if text and alt_extra:
        court_alts.append(
            M.ALT_COURT_OVERSEAS_OTHER.format(
                date=_d(
                    _quick_requester_date(
                        start,
                        2,
                        opts,
                        franc=True,
                        calendar=calendar,
                        prorogate=True,
                        extra_months=alt_extra,
                    )
                )
            )
        )

    # legal aid interrupts the period (décret 2020-1717 art. 43)
    la = f.legal_aid_requested
    if la is not None and start <= la.date <= legal:
        decided = f.legal_aid_decided
        if decided is None or decided.date < la.date:
            warnings.append(M.WARN_LEGAL_AID_PENDING.format(date=_d(la.date)))
            legal = None  # type: ignore[assignment]
        else:
            steps.append(M.STEP_LEGAL_AID.format(requested=_d(la.date), decided=_d(decided.date)))
            steps.append(M.STEP_START.format(what=M.WHAT_LEGAL_AID, date=_d(decided.date)))
            basis.append("décret 2020-1717 art. 43")
            t = court(decided.date, steps, basis)
            legal, safe = t.legal, t.safe

    # L232-4: reasons for the implicit confirmation extend the court deadline only
    rq = f.reasons_requested
    if legal is not None and start_event is None and rq is not None and k < rq.date <= legal:
        rr = f.reasons_received
        if rr is not None and rr.date >= rq.date:
            ext = _quick_requester_date(
                rr.date, 2, opts, franc=True, calendar=calendar, prorogate=True, extra_months=extra
            )
            cap = add_months(rq.date, 12)
            if ext > legal:
                steps.append(
                    M.STEP_REASONS.format(requested=_d(rq.date), received=_d(rr.date), date=_d(ext))
                )
                if ext > cap:
                    ext = cap
                    steps.append(M.STEP_REASONS_CAP.format(date=_d(cap)))
                legal = ext
                basis.extend(("CRPA L232-4", "CE avis 2 oct. 2025 n° 504677"))
        else:
            court_alts.append(M.ALT_COURT_REASONS_PENDING.format(date=_d(rq.date)))

    if legal is not None:
        if not opposable:
            steps.append(M.STEP_NOT_OPPOSABLE.format(why=why))
        if estimated:
            steps.append(M.STEP_ESTIMATED)
        steps.append(M.STEP_BASIS.format(basis=", ".join(dict.fromkeys(basis))))
        out.append(
            _finish(
                "court_by",
                legal,
                "requester",
                basis,
                "verified",
                steps,
                opposable=opposable,
                estimated=estimated,
                safe=min(safe, legal) if safe else None,
                alternatives=court_alts,
                opts=opts,
            )
        )

    if not opposable:
        # Czabaj: one year from knowledge of the (confirmed) refusal (reference §0.2)
        extra_steps: tuple[str, ...] = ()
        if start_event is not None and start_event.date > k:
            extra_steps = (M.STEP_KNOWLEDGE_EARLIER.format(n2=_d(start_event.date), k=_d(k)),)
            knowledge, what = k, M.WHAT_K
        else:
            knowledge, what = start, start_what
        out.append(
            _long_stop(
                "court_long_stop",
                knowledge,
                M.WHAT_KNOWLEDGE.format(what=what),
                opts,
                COURT_LONG_STOP_BASIS,
                estimated=estimated and knowledge == k,
                confidence="verified",
                extra_steps=extra_steps,
            )
        )


def _distance(department: str | None, residence: str, opts: LawOptions) -> tuple[int, str, int]:
    """(extra months, reason, alternative extra months) under CJA R421-7."""
    if not department:
        return 0, "", 0
    overseas_court = department.strip().upper() in OVERSEAS_COURT_DEPARTMENTS
    if overseas_court:
        if residence == "abroad":
            return 2, M.WHY_DISTANCE["overseas-abroad"], 0
        if residence == "metropole":
            return 1, M.WHY_DISTANCE["metropole-overseas"], 0
        if residence == "overseas":
            if opts.overseas_same_territory:
                return 0, "", 1
            return 1, M.WHY_DISTANCE["metropole-overseas"], 0
        return 0, "", 0
    if residence == "abroad":
        return 2, M.WHY_DISTANCE["metropole-abroad"], 0
    if residence == "overseas":
        return 1, M.WHY_DISTANCE["metropole-from-overseas"], 0
    return 0, "", 0
