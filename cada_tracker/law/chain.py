"""What every deadline function shares: the request, its events, the options, the warnings
(`Chain`), where a period starts (`Start`), how a `Deadline` is finished, and the one-year
long stop both the CADA referral and the court have."""

from __future__ import annotations

from datetime import date

from cada_tracker.domain import (
    Actor,
    Confidence,
    Deadline,
    DeadlineKind,
    Event,
    RequestFacts,
    Step,
)
from cada_tracker.law.calendars import next_working_day
from cada_tracker.law.facts import ChainFacts
from cada_tracker.law.options import LawOptions
from cada_tracker.law.periods import (
    ONE_DAY,
    YearPeriod,
    confidence,
    narrate_requester_window,
    year_end,
)
from cada_tracker.law.recorder import NULL, Recorder, TextRecorder, render
from cada_tracker.messages import law as M

# Enum members read in the functions below, as module constants: in Python 3.11 an
# attribute of an Enum class goes through EnumType.__getattr__ (several times a plain read).
_REQUESTER = Actor.REQUESTER
_COURT_LONG_STOP = DeadlineKind.COURT_LONG_STOP

_d = M.fmt_date  # "Saturday 7 March 2020" (cached)


# Explanation lines kept for later: (template, arguments), rendered only when explaining.
Notes = tuple[tuple[str, dict[str, object]], ...]


class Start:
    """Where a period starts: a date, what happened then (a template of `messages.law` and
    its arguments, rendered only for explanations), and the decision notified, if any."""

    __slots__ = ("date", "what", "args", "event")

    def __init__(
        self,
        when: date,
        what: str,
        event: Event | None = None,
        args: dict[str, object] | None = None,
    ) -> None:
        self.date = when
        self.what = what
        self.event = event
        self.args = args

    def text(self) -> str:
        return render(self.what, dict(self.args)) if self.args else self.what

    __str__ = text  # a Start given as a template argument reads as its text


class Chain:
    """The request, the events the chain reads, the options, and the timeline's warnings."""

    __slots__ = ("facts", "events", "opts", "warnings", "rec", "out_of_time")

    def __init__(self, facts: RequestFacts, events: ChainFacts, opts: LawOptions) -> None:
        self.facts = facts
        self.events = events
        self.opts = opts
        self.warnings: list[str] = []
        # one recorder for the whole timeline: `deadline` takes what it recorded
        self.rec: Recorder = TextRecorder() if opts.explain else NULL
        # the binding referral limit a late `cada-sent` missed (referral.referral_by): no court
        # route follows it (CRPA L342-1, R343-1)
        self.out_of_time: Deadline | None = None

    def warn(self, template: str, /, **args: object) -> None:
        self.warnings.append(template.format_map(args) if args else template)

    def deadline(
        self,
        kind: DeadlineKind,
        when: date,
        actor: Actor,
        basis: list[str],
        base_confidence: Confidence,
        rec: Recorder,
        *,
        opposable: bool = True,
        estimated: bool = False,
        safe: date | None = None,
        start: date | None = None,
        why: str | None = None,
        extra_months: int = 0,
    ) -> Deadline:
        steps: tuple[Step, ...] = ()
        alternatives: tuple[str, ...] = ()
        if type(rec) is TextRecorder:  # take the deadline's explanation, empty the recorder
            steps, alternatives = tuple(map(Step, rec.lines)), tuple(rec.readings)
            rec.lines.clear()
            rec.readings.clear()
        return Deadline(
            kind=kind,
            date=when,
            actor=actor,
            basis=tuple(dict.fromkeys(basis)),
            confidence=confidence(base_confidence, basis, self.opts),
            opposable=opposable,
            estimated=estimated,
            safe_date=safe,
            steps=steps,
            alternatives=alternatives,
            start=start,
            why=why,
            extra_months=extra_months,
        )


def remedies_opposable(chain: Chain, event: Event | None) -> tuple[bool, str]:
    """Whether a limit running from `event` binds the requester, and why not: from an explicit
    decision unless it omitted the remedies (CE 2016 n° 391899; not recorded: opposable, with a
    warning); from an implicit one only after a complete acknowledgment (L112-6)."""
    if event is not None and event.mentions_remedies is None:
        chain.warn(M.WARN_REMEDIES_UNKNOWN, date=_d(event.date))
    return binds(chain, event), M.WHY_NO_COMPLETE_AR if event is None else M.WHY_NO_REMEDIES


def why_not_binding(event: Event | None) -> str:
    """The reason code of a limit from `event` that does not bind (`Deadline.why`): from the
    implicit refusal, no complete acknowledgment (CRPA L112-3, L112-6, R112-5); from an explicit
    decision, the remedies it did not state."""
    return "acknowledgment" if event is None else "remedies"


def binds(chain: Chain, event: Event | None) -> bool:
    """`remedies_opposable` without its warning: whether a limit running from `event` (None:
    the implicit refusal) binds the requester."""
    if event is None:
        return chain.events.ack_complete
    return event.mentions_remedies is not False


def long_stop(
    chain: Chain,
    kind: DeadlineKind,
    start: Start,
    base_basis: tuple[str, ...],
    *,
    estimated: bool,
    base_confidence: Confidence,
    first_steps: Notes = (),
    why: str | None = None,
) -> Deadline:
    """One year from `start` (a reasonable time), requester windows applied, no CPC 642."""
    p = year_end(start.date, chain.opts)
    basis = [*base_basis, *p.basis]
    rec = chain.rec
    if isinstance(rec, TextRecorder):
        _narrate_long_stop(rec, kind, start, p, basis, first_steps)
    return chain.deadline(
        kind, p.end, _REQUESTER, basis, base_confidence, rec, estimated=estimated,
        start=p.start, why=why,
    )  # fmt: skip


def _narrate_long_stop(
    rec: TextRecorder,
    kind: DeadlineKind,
    start: Start,
    p: YearPeriod,
    basis: list[str],
    first_steps: Notes,
) -> None:
    rec.say(M.STEP_LONG_STOP_START.format(what=start.text(), date=_d(p.start)))
    for template, args in first_steps:
        rec.say(render(template, dict(args)))
    rec.say(M.STEP_YEAR.format(start=_d(p.start), end=_d(p.nominal)))
    for w, due, end in p.applied:
        narrate_requester_window(rec, w, due, end)
    rec.say(M.STEP_LONG_STOP_NO_642)
    rec.say(M.STEP_BASIS.format(basis=", ".join(dict.fromkeys(basis))))
    moved = next_working_day(p.end)[0]
    if moved != p.end:
        rec.alt(M.ALT_LONG_STOP_642.format(date=_d(moved)))
    if kind == _COURT_LONG_STOP:
        rec.alt(M.ALT_LONG_STOP_FRANC.format(date=_d(next_working_day(p.end + ONE_DAY)[0])))
