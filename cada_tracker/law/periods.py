"""Period arithmetic: how a legal period turns a start date into a last day.

- authority periods (B, K, the CADA opinion): start + months (CPC 641, `months.add_months`),
  then the "authority" suspension windows of ordonnance 2020-306 art. 7; never moved to a
  working day (an implicit decision is born at the end of its day);
- requester periods (CADA referral, court): start + months (+ CJA R421-7 distance months),
  one franc day for a délai franc (CJA R421-1), the "requester" windows (ordonnance 2020-306
  art. 2), then CPC 642 (next working day of the court's calendar), plus the strict safe date;
- the one-year long stops (a reasonable time: Czabaj, CADA avis 20234834): no CPC 642;
- the distance extension of CJA R421-7;
- the confidence of a date, lowered when a suspension window was applied.

Each function returns a record of what it did; the `narrate_*` functions turn a record into
explanation steps and run only when explanations are wanted (see `recorder`).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from cada_tracker.domain import Confidence
from cada_tracker.law import suspensions
from cada_tracker.law.calendars import (
    NATIONAL,
    OVERSEAS_COURT_DEPARTMENTS,
    next_working_day,
    non_working,
    previous_working_day,
)
from cada_tracker.law.months import add_months
from cada_tracker.law.options import LawOptions
from cada_tracker.law.recorder import TextRecorder
from cada_tracker.messages import law as M

_d = M.fmt_date  # "Saturday 7 March 2020" (cached)

ONE_DAY = timedelta(days=1)
ZERO = timedelta(0)

Family = Literal["authority", "requester"]
SafeReading = Literal["referral", "court"] | None
Skipped = tuple[tuple[date, str], ...]

# --------------------------------------------------------------------------------------
# Suspension windows and the confidence they carry
# --------------------------------------------------------------------------------------

_WINDOW_CACHE: dict[str, tuple[suspensions.Window, ...]] = {}
_WINDOW_CONFIDENCE: dict[str, Confidence] = {}
_RANK = {Confidence.VERIFIED: 0, Confidence.INFERRED: 1, Confidence.UNCERTAIN: 2}


def windows(opts: LawOptions, family: Family) -> tuple[suspensions.Window, ...]:
    """The suspension windows of one family (the default table is loaded once)."""
    if opts.suspensions is not None:
        return suspensions.windows(family, opts.suspensions)
    found = _WINDOW_CACHE.get(family)
    if found is None:
        found = _WINDOW_CACHE[family] = suspensions.windows(family)
    return found


def _window_confidence(opts: LawOptions) -> dict[str, Confidence]:
    """{first basis of a window: its confidence}."""
    table: dict[str, Confidence] = {}
    for w in windows(opts, "authority") + windows(opts, "requester"):
        for b in w.basis[:1]:
            table[b] = Confidence(w.confidence)
    return table


def confidence(base: Confidence, basis: list[str], opts: LawOptions) -> Confidence:
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


# --------------------------------------------------------------------------------------
# Authority periods (B, K, the CADA opinion)
# --------------------------------------------------------------------------------------


class AuthorityPeriod:
    """start + months, then the authority windows: `end`, with what was applied."""

    __slots__ = ("start", "months", "nominal", "end", "applied", "basis")

    def __init__(self, start: date, months: int, nominal: date) -> None:
        self.start = start
        self.months = months
        self.nominal = nominal  # start + months, before any window
        self.end = nominal
        # (window, end before, end after, deferred?) for each window applied, in order
        self.applied: tuple[tuple[suspensions.Window, date, date, bool], ...] = ()
        self.basis: tuple[str, ...] = ()


def authority_end(start: date, months: int, opts: LawOptions) -> AuthorityPeriod:
    """End of an authority period: start + months, then the "authority" suspension windows
    (2020-306 art. 7: a period due to start in a window starts on its resume date; a period
    running when it opened resumes for what remained). Never moved to a working day."""
    p = AuthorityPeriod(start, months, add_months(start, months))
    for w in windows(opts, "authority"):
        assert w.resume is not None
        if w.start <= start <= w.end:
            before, p.end = p.end, add_months(w.resume, months)
            start = w.resume
            p.applied += ((w, before, p.end, True),)
            p.basis += w.basis
        elif start < w.start <= p.end:
            before, p.end = p.end, p.end + timedelta(days=w.shift_days)
            p.applied += ((w, before, p.end, False),)
            p.basis += w.basis
    return p


def narrate_authority(rec: TextRecorder, p: AuthorityPeriod) -> None:
    period_step(rec, p.start, p.months, p.nominal)
    for w, before, after, deferred in p.applied:
        assert w.resume is not None
        if deferred:
            rec.say(
                M.STEP_SUSP_DEFERRED.format(
                    label=w.label,
                    start=_d(w.start),
                    end=_d(w.end),
                    resume=_d(w.resume),
                    basis=", ".join(w.basis),
                    months=p.months,
                    date=_d(after),
                )
            )
        else:
            rec.say(
                M.STEP_SUSP_RESUMED.format(
                    label=w.label,
                    start=_d(w.start),
                    resume=_d(w.resume),
                    basis=", ".join(w.basis),
                    nominal=_d(before),
                    days=w.shift_days,
                    date=_d(after),
                )
            )


def narrate_not_moved(rec: TextRecorder, d: date) -> None:
    """An implicit decision stays on its day, even a Sunday or a holiday."""
    reason = non_working(d)
    why = M.STEP_NOT_MOVED_WHY.format(name=M.DAY_NAMES[reason]) if reason else ""
    rec.say(M.STEP_NOT_MOVED.format(date=_d(d), why=why))


def period_step(rec: TextRecorder, start: date, months: int, end: date) -> None:
    if end.day != start.day:
        rec.say(
            M.STEP_PERIOD_CLAMPED.format(start=_d(start), months=months, end=_d(end), day=start.day)
        )
    else:
        rec.say(M.STEP_PERIOD.format(start=_d(start), months=months, end=_d(end)))


# --------------------------------------------------------------------------------------
# Requester periods (CADA referral, court)
# --------------------------------------------------------------------------------------


class RequesterPeriod:
    """The last day of a requester period (`legal`), its safe date and how they were found."""

    __slots__ = (
        "start", "months", "nominal", "franc", "after_franc", "applied", "basis", "prorogate",
        "calendar", "legal", "skipped", "safe_reading", "safe", "safe_shown", "back", "end",
    )  # fmt: skip

    def __init__(self, start: date, months: int, nominal: date, franc: bool) -> None:
        self.start = start
        self.months = months  # including distance months
        self.nominal = nominal  # start + months
        self.franc = franc
        self.after_franc = nominal + ONE_DAY if franc else nominal
        # (window, due, end, safe due or None, safe end) for each window applied
        self.applied: tuple[
            tuple[suspensions.Window, date, date, date | None, date | None], ...
        ] = ()
        self.basis: tuple[str, ...] = ()
        self.prorogate = False
        self.calendar = NATIONAL
        self.end = self.after_franc  # after franc day and windows, before CPC 642
        self.legal = self.end
        self.skipped: Skipped = ()
        self.safe_reading: SafeReading = None
        self.safe: date | None = None
        self.safe_shown: date | None = None  # the safe date as explained (before the clamp)
        self.back: Skipped = ()


def requester_end(
    start: date,
    months: int,
    opts: LawOptions,
    *,
    franc: bool,
    calendar: str,
    prorogate: bool,
    safe: SafeReading = None,
    extra_months: int = 0,
) -> RequesterPeriod:
    """Last day of a requester period: start + months (+ extra distance months), franc day if
    `franc`, "requester" suspension windows, then CPC 642 on `calendar` if `prorogate`.

    safe: None (no safe date), "referral" (start + months - 1 day, no 642, back to a working
    day if the option says so) or "court" (start + months, no franc day, no 642).
    """
    total = months + extra_months
    p = RequesterPeriod(start, total, add_months(start, total), franc)
    p.calendar, p.prorogate, p.safe_reading = calendar, prorogate, safe
    safe_end = p.nominal - ONE_DAY if safe == "referral" else p.nominal if safe == "court" else None
    if _may_meet_a_window(p.end, opts):
        _requester_windows(p, opts, safe_end)
    else:
        p.safe = safe_end
    if prorogate:
        p.legal, p.skipped = next_working_day(p.end, calendar)
    else:
        p.legal = p.end
    if p.safe is not None and safe == "referral" and opts.safe_referral_on_working_day:
        p.safe, p.back = previous_working_day(p.safe, NATIONAL)
    p.safe_shown = p.safe
    if p.safe is not None and p.safe > p.legal:  # cannot happen with sane windows
        p.safe = p.legal
    return p


# CPC 642 never moves a last day by a week (the longest run of non-working days is 4).
_LOOKAHEAD = timedelta(days=7)
_SPAN: list[tuple[date, date]] = []


def _may_meet_a_window(end: date, opts: LawOptions) -> bool:
    """False when `end` is far from every default requester window (the usual case), so
    that the window loop is skipped; always True with windows given in the options."""
    if opts.suspensions is not None:
        return True
    if not _SPAN:
        found = windows(opts, "requester")
        if not found:
            return False
        _SPAN.append((min(w.start for w in found) - _LOOKAHEAD, max(w.end for w in found)))
    first, last = _SPAN[0]
    return first <= end <= last


def _requester_windows(p: RequesterPeriod, opts: LawOptions, safe_end: date | None) -> None:
    """2020-306 art. 2: an act due inside a window is in time within the normal period
    counted from the window's end, capped at `cap_months`."""
    for w in windows(opts, "requester"):
        in_window = w.start <= p.end <= w.end
        if not in_window and p.prorogate and p.end < w.start:
            in_window = w.start <= next_working_day(p.end, p.calendar)[0] <= w.end
        if not in_window:
            continue
        assert w.cap_months is not None
        capped = min(p.months, w.cap_months)
        due = p.end
        p.end = add_months(w.end, capped) + (ONE_DAY if p.franc else ZERO)
        p.basis += w.basis
        safe_due = None
        if safe_end is not None and w.start <= safe_end <= w.end:
            safe_due = safe_end
            safe_end = add_months(w.end, capped) - (
                ONE_DAY if p.safe_reading == "referral" else ZERO
            )
        p.applied += ((w, due, p.end, safe_due, safe_end),)
    p.safe = safe_end


def quick_requester_date(
    start: date,
    months: int,
    opts: LawOptions,
    *,
    franc: bool,
    calendar: str,
    prorogate: bool,
    extra_months: int = 0,
) -> date:
    """The legal last day only (for windows and alternatives): `requester_end(...).legal`,
    without building the record when no suspension window can apply (the usual case)."""
    end = add_months(start, months + extra_months)
    if franc:
        end += ONE_DAY
    if _may_meet_a_window(end, opts):
        return requester_end(
            start, months, opts, franc=franc, calendar=calendar, prorogate=prorogate,
            extra_months=extra_months,
        ).legal  # fmt: skip
    return next_working_day(end, calendar)[0] if prorogate else end


def narrate_requester(rec: TextRecorder, p: RequesterPeriod) -> None:
    period_step(rec, p.start, p.months, p.nominal)
    rec.say((M.STEP_FRANC if p.franc else M.STEP_NOT_FRANC).format(date=_d(p.after_franc)))
    for w, due, end, safe_due, safe_end in p.applied:
        narrate_requester_window(rec, w, due, end)
        if safe_due is not None:
            rec.say(
                M.STEP_SUSP_REQUESTER_SAFE.format(
                    label=w.label, due=_d(safe_due), basis=", ".join(w.basis), date=_d(safe_end)
                )
            )
    if p.prorogate:
        for day, reason in p.skipped:
            rec.say(M.STEP_SKIPPED.format(date=_d(day), name=M.DAY_NAMES[reason]))
        cal = (
            ""
            if p.calendar == NATIONAL
            else M.STEP_LEGAL_CALENDAR.format(name=M.CALENDAR_NAMES[p.calendar])
        )
        rec.say(M.STEP_LEGAL.format(date=_d(p.legal), calendar=cal))
    else:
        rec.say(M.STEP_NO_PROROGATION.format(date=_d(p.legal)))
    if p.safe_reading == "referral":
        rec.say(M.STEP_SAFE.format(date=_d(p.safe_shown), why=M.STEP_SAFE_REFERRAL))
        for day, reason in p.back:
            rec.say(M.STEP_SAFE_BACK.format(date=_d(day), name=M.DAY_NAMES[reason]))
    elif p.safe_reading == "court":
        rec.say(M.STEP_SAFE.format(date=_d(p.safe_shown), why=M.STEP_SAFE_COURT))


def narrate_requester_window(
    rec: TextRecorder, w: suspensions.Window, due: date, end: date
) -> None:
    """An act due inside a protected period (2020-306 art. 2)."""
    rec.say(
        M.STEP_SUSP_REQUESTER.format(
            label=w.label,
            due=_d(due),
            start=_d(w.start),
            end=_d(w.end),
            basis=", ".join(w.basis),
            cap=w.cap_months,
            date=_d(end),
        )
    )


# --------------------------------------------------------------------------------------
# One-year long stops and the distance extension
# --------------------------------------------------------------------------------------


class YearPeriod:
    """start + 1 year, then the requester windows; no CPC 642 (a reasonable time)."""

    __slots__ = ("start", "nominal", "end", "applied", "basis")

    def __init__(self, start: date) -> None:
        self.start = start
        self.nominal = self.end = add_months(start, 12)
        self.applied: tuple[tuple[suspensions.Window, date, date], ...] = ()
        self.basis: tuple[str, ...] = ()


def year_end(start: date, opts: LawOptions) -> YearPeriod:
    """One year from `start`, requester windows applied (capped at 12 months), no CPC 642."""
    p = YearPeriod(start)
    for w in windows(opts, "requester"):
        if w.start <= p.end <= w.end:
            assert w.cap_months is not None
            due, p.end = p.end, add_months(w.end, min(12, w.cap_months))
            p.applied += ((w, due, p.end),)
            p.basis += w.basis
    return p


def distance_months(
    department: str | None, residence: str, opts: LawOptions
) -> tuple[int, str, int]:
    """(extra months, reason, alternative extra months) under CJA R421-7."""
    if not department:
        return 0, "", 0
    if department.strip().upper() in OVERSEAS_COURT_DEPARTMENTS:
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
