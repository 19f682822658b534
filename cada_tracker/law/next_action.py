"""What the requester should do now, and whether each deadline was met.

Convention: NextAction.date is the LEGAL last day of the deadline it refers to (`kind`); the
safe (strict) date, when there is one, is given in the `what` text. When a 2-month limit that
is not opposable has passed, the action still points to it (so it shows as overdue: act now)
and the text gives the one-year long stop that still binds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from cada_tracker.domain import (
    ANSWERING_OUTCOMES,
    Actor,
    Deadline,
    DeadlineKind,
    Event,
    EventKind,
    NextAction,
    Outcome,
    RequestFacts,
    State,
    Timeline,
    ordered,
)
from cada_tracker.domain.transfer import handed_over
from cada_tracker.law.referral import missed_limit
from cada_tracker.messages import law as M

MET, PENDING, MISSED, EXPECTED = "met", "pending", "missed", "expected"
MOOT = "moot"


# Event kinds and outcomes as plain strings: events read from the database carry plain
# strings, exact-string comparison is CPython's fast path, and attribute access on an Enum
# class is slow in 3.11 (`cada status` runs this for every deadline of every request).
_REPLY = EventKind.REPLY.value
_FULL = Outcome.FULL.value
_REFERRAL_ACTS = (EventKind.CADA_SENT.value, EventKind.CADA_REGISTERED.value)
_COURT_ACTS = (EventKind.COURT_FILED.value,)
_OPINIONS = (EventKind.CADA_OPINION.value,)
_LEGAL_AID = (EventKind.LEGAL_AID_REQUESTED.value,)
_CADA_SENT = (EventKind.CADA_SENT.value,)
# issue 10 (yours, theirs): who each next action waits on
_USER = Actor.REQUESTER
_AUTHORITY = Actor.AUTHORITY
_CADA = Actor.CADA


def _first(facts: RequestFacts, kinds: tuple[str, ...]) -> Event | None:
    for ev in ordered(facts.events):
        if ev.kind in kinds:
            return ev
    return None


def _by_date(deadline: Deadline, today: date) -> str:
    return PENDING if today <= deadline.date else MISSED


def _act_status(act: Event | None, deadline: Deadline, today: date) -> str:
    if act is not None:
        return MET if act.date <= deadline.date else MISSED
    return _by_date(deadline, today)


def _moot(facts: RequestFacts, deadline: Deadline) -> str | None:
    """MOOT when the documents were communicated in full before the requester had to act."""
    for ev in facts.events:
        if ev.kind == _REPLY and ev.outcome == _FULL and ev.date <= deadline.date:
            return MOOT
    return None


def _answered(facts: RequestFacts, since: date, until: date) -> bool:
    return any(
        ev.kind == _REPLY and ev.outcome in ANSWERING_OUTCOMES and since <= ev.date <= until
        for ev in facts.events
    )


def _requester_act(acts: tuple[str, ...]) -> Callable[[Deadline, RequestFacts, date], str]:
    def status(deadline: Deadline, facts: RequestFacts, today: date) -> str:
        act = _first(facts, acts)
        return (act is None and _moot(facts, deadline)) or _act_status(act, deadline, today)

    return status


def _referral_from(deadline: Deadline, facts: RequestFacts, today: date) -> str:
    sent = _first(facts, _REFERRAL_ACTS)
    if sent is not None:
        return MISSED if sent.date < deadline.date else MET
    return MET if today >= deadline.date else PENDING


def _opinion(deadline: Deadline, facts: RequestFacts, today: date) -> str:
    opinion = _first(facts, _OPINIONS)
    if opinion is None:
        return EXPECTED
    return MET if opinion.date <= deadline.date else MISSED


def _implicit_refusal(deadline: Deadline, facts: RequestFacts, today: date) -> str:
    if _answered(facts, date.min, deadline.date):
        return MET
    return _by_date(deadline, today)


def _refusal_confirmed(deadline: Deadline, facts: RequestFacts, today: date) -> str:
    referred = _first(facts, _REFERRAL_ACTS)
    if _answered(facts, referred.date if referred else date.min, deadline.date):
        return MET
    return _by_date(deadline, today)


_STATUS: dict[str, Callable[[Deadline, RequestFacts, date], str]] = {
    DeadlineKind.CADA_REFERRAL_BY: _requester_act(_REFERRAL_ACTS),
    DeadlineKind.CADA_REFERRAL_LONG_STOP: _requester_act(_REFERRAL_ACTS),
    DeadlineKind.COURT_BY: _requester_act(_COURT_ACTS),
    DeadlineKind.COURT_LONG_STOP: _requester_act(_COURT_ACTS),
    DeadlineKind.CADA_REFERRAL_FROM: _referral_from,
    DeadlineKind.CADA_OPINION_EXPECTED: _opinion,
    DeadlineKind.IMPLICIT_REFUSAL: _implicit_refusal,
    DeadlineKind.REFUSAL_CONFIRMED: _refusal_confirmed,
}


def deadline_status(deadline: Deadline, facts: RequestFacts, today: date) -> str:
    """ "met" | "pending" | "missed" | "expected" | "moot".

    A requester deadline is "moot" when the documents were communicated in full before it
    and the act was not needed.

    Requester deadlines are met when the act was recorded on or before the (legal) date:
    `cada-sent` (or `cada-registered`) for the referral, `court-filed` for the court.
    Authority deadlines (B, K) are met when an answer was recorded on or before the date;
    missed means the silence became a decision. The CADA opinion is "expected" until recorded,
    then met or missed (late) - it has no legal effect either way. cada_referral_from is met
    once reached, missed if the referral was sent before it (premature).
    """
    status = _STATUS.get(deadline.kind)
    if status is None:
        return _by_date(deadline, today)
    return status(deadline, facts, today)


# ---- issue 10 (yours, theirs): how late the authority's or the CADA's answer is ----------


def _answer_after(facts: RequestFacts, after: date) -> Event | None:
    """The first answer (reply full|partial|refused|not-held|fee-requested) dated after `after`."""
    for ev in ordered(facts.events):
        if ev.kind == _REPLY and ev.outcome in ANSWERING_OUTCOMES and ev.date > after:
            return ev
    return None


@dataclass(frozen=True)
class Lateness:
    """An answer awaited from the authority or the CADA that came, or is still awaited, after
    its date: `days` late (> 0), counted to `answered_on`, or to today while it is None."""

    days: int
    answered_on: date | None = None


def lateness(deadline: Deadline, facts: RequestFacts, today: date) -> Lateness | None:
    """How late the answer awaited from the authority or the CADA is, or None when it is not
    late (or the deadline is the requester's own: those show as overdue instead).

    B (implicit_refusal) and K (refusal_confirmed), the authority's: when no answer came by
    the date, the days from the date to the first answer after it ("answered N days late"),
    or, while none is recorded, to today. The CADA opinion: the days from the expected date to
    the opinion, or to today while it is still expected. The status (`deadline_status`) is not
    changed by this: a late answer stays "missed" (B, K, a late opinion) or "expected".
    """
    if deadline.actor == _USER:
        return None
    if deadline.kind == DeadlineKind.CADA_OPINION_EXPECTED:
        answer = _first(facts, _OPINIONS)
    elif deadline.kind in (DeadlineKind.IMPLICIT_REFUSAL, DeadlineKind.REFUSAL_CONFIRMED):
        if deadline_status(deadline, facts, today) != MISSED:
            return None  # answered in time, or the date is not passed
        answer = _answer_after(facts, deadline.date)
    else:
        return None
    end = answer.date if answer is not None else today
    days = (end - deadline.date).days
    if days <= 0:
        return None
    return Lateness(days, answer.date if answer is not None else None)


def _safe(d: Deadline) -> str:
    return M.fmt_date(d.safe_date or d.date)


def _referral_action(timeline: Timeline, today: date, not_held: bool = False) -> NextAction:
    by = timeline.get(DeadlineKind.CADA_REFERRAL_BY)
    if by is None:
        if not_held:
            return NextAction(M.NA_NOT_HELD_NO_DATE)
        return NextAction(M.NA_NO_REFERRAL_DEADLINE, actor=_USER)
    frm = timeline.get(DeadlineKind.CADA_REFERRAL_FROM)
    long_stop = timeline.get(DeadlineKind.CADA_REFERRAL_LONG_STOP)
    if frm is not None and today < frm.date:
        return NextAction(
            M.NA_WAIT_REFERRAL_FROM.format(
                date_from=M.fmt_date(frm.date), date=M.fmt_date(by.date), safe=_safe(by)
            ),
            DeadlineKind.CADA_REFERRAL_FROM,
            frm.date,
            _USER,
        )
    if today <= by.date:
        if not_held:
            text = M.NA_NOT_HELD.format(date=M.fmt_date(by.date), safe=_safe(by))
        elif long_stop is not None:
            text = M.NA_REFER_NOT_OPPOSABLE.format(
                date=M.fmt_date(by.date), safe=_safe(by), long_stop=M.fmt_date(long_stop.date)
            )
        else:
            text = M.NA_REFER.format(date=M.fmt_date(by.date), safe=_safe(by))
        return NextAction(text, DeadlineKind.CADA_REFERRAL_BY, by.date, _USER)
    if long_stop is not None and today <= long_stop.date:
        # Conservative: the passed 2-month date stays the action date (shown as overdue), so
        # that the requester acts now; the text gives the long stop that still binds (and its
        # safe date, when a later refusal arguably opened a binding window: issue 9 point 3).
        template = M.NA_REFER_LONG_STOP_SAFE if long_stop.safe_date else M.NA_REFER_LONG_STOP
        return NextAction(
            template.format(
                date=M.fmt_date(by.date), long_stop=M.fmt_date(long_stop.date),
                safe=_safe(long_stop),
            ),
            DeadlineKind.CADA_REFERRAL_BY,
            by.date,
            _USER,
        )
    return NextAction(M.NA_REFERRAL_MISSED.format(date=M.fmt_date(by.date)), actor=_USER)


def _out_of_time(facts: RequestFacts, timeline: Timeline) -> NextAction | None:
    """A referral sent after a limit that bound the requester: no court route, a new request
    (CRPA L342-1, R343-1; the same rule as the engine's, `referral.missed_limit`)."""
    sent = _first(facts, _CADA_SENT)
    if sent is None:
        return None
    missed = missed_limit(
        timeline.get(DeadlineKind.CADA_REFERRAL_BY),
        timeline.get(DeadlineKind.CADA_REFERRAL_LONG_STOP),
        sent.date,
    )
    if missed is None:
        return None
    return NextAction(
        M.NA_REFERRAL_OUT_OF_TIME.format(
            sent=M.fmt_date(sent.date), date=M.fmt_date(missed.date)
        ),
        actor=_USER,
    )


def _court_action(facts: RequestFacts, timeline: Timeline, today: date) -> NextAction:
    court = timeline.get(DeadlineKind.COURT_BY)
    long_stop = timeline.get(DeadlineKind.COURT_LONG_STOP)
    if court is None:
        if _first(facts, _LEGAL_AID) is not None:
            return NextAction(M.NA_LEGAL_AID)
        return NextAction(M.NA_WAIT_REGISTRATION, actor=_CADA)
    if today <= court.date:
        if long_stop is not None:
            text = M.NA_COURT_NOT_OPPOSABLE.format(
                date=M.fmt_date(court.date),
                safe=_safe(court),
                long_stop=M.fmt_date(long_stop.date),
            )
        else:
            text = M.NA_COURT.format(date=M.fmt_date(court.date), safe=_safe(court))
        return NextAction(text, DeadlineKind.COURT_BY, court.date, _USER)
    if long_stop is not None and today <= long_stop.date:
        return NextAction(
            M.NA_COURT_LONG_STOP.format(
                date=M.fmt_date(court.date), long_stop=M.fmt_date(long_stop.date)
            ),
            DeadlineKind.COURT_BY,
            court.date,
            _USER,
        )
    return NextAction(M.NA_COURT_MISSED.format(date=M.fmt_date(court.date)), actor=_USER)


# issue 11 point 8: the states in which a transfer recorded with `--to` (the last answer of the
# first authority) hands the request over to the linked request to the competent authority
_HANDED_OVER = frozenset({State.SENT, State.AWAITING_REPLY, State.IMPLICIT_REFUSAL})


def next_action(state: str, facts: RequestFacts, timeline: Timeline, today: date) -> NextAction:
    """What the requester should do now and by when (see the module docstring)."""
    if state in _HANDED_OVER:
        linked = handed_over(facts.events)
        if linked is not None:
            return NextAction(M.NA_TRANSFERRED.format(reference=linked))
    fixed = _FIXED.get(state)
    if fixed is not None:
        text: str = getattr(M, fixed[0])
        return NextAction(text, actor=fixed[1])
    act = _BY_STATE.get(state)
    if act is None:
        return NextAction(M.NA_NOTHING)
    return act(state, facts, timeline, today)


def _waiting(state: str, facts: RequestFacts, timeline: Timeline, today: date) -> NextAction:
    return _wait_reply(timeline)


def _refused(state: str, facts: RequestFacts, timeline: Timeline, today: date) -> NextAction:
    return _referral_action(timeline, today, not_held=state == State.NOT_HELD)


def _clarification(state: str, facts: RequestFacts, timeline: Timeline, today: date) -> NextAction:
    b = timeline.get(DeadlineKind.IMPLICIT_REFUSAL)
    if b is None or today > b.date:
        return NextAction(M.NA_CLARIFICATION_NO_DATE, actor=_USER)
    return NextAction(M.NA_CLARIFICATION.format(date=M.fmt_date(b.date)), actor=_USER)


def _confirmed(state: str, facts: RequestFacts, timeline: Timeline, today: date) -> NextAction:
    return _out_of_time(facts, timeline) or _court_action(facts, timeline, today)


def _wait_reply(timeline: Timeline) -> NextAction:
    b = timeline.get(DeadlineKind.IMPLICIT_REFUSAL)
    if b is None:
        return NextAction(M.NA_WAIT_REPLY_UNKNOWN, actor=_AUTHORITY)
    template = M.NA_WAIT_REPLY_ESTIMATED if b.estimated else M.NA_WAIT_REPLY
    return NextAction(
        template.format(date=M.fmt_date(b.date)), DeadlineKind.IMPLICIT_REFUSAL, b.date,
        _AUTHORITY,
    )


def _cada_action(state: str, facts: RequestFacts, timeline: Timeline, today: date) -> NextAction:
    """Referred: wait for the opinion, then for K; after K, the court (none when the referral
    was out of time: a new request)."""
    late = _out_of_time(facts, timeline)
    if late is not None:
        return late
    k = timeline.get(DeadlineKind.REFUSAL_CONFIRMED)
    if k is None:
        return NextAction(M.NA_WAIT_REGISTRATION, actor=_CADA)
    if today <= k.date:
        o = timeline.get(DeadlineKind.CADA_OPINION_EXPECTED)
        court = timeline.get(DeadlineKind.COURT_BY)
        if state == State.CADA_REFERRED and o is not None:
            return NextAction(
                M.NA_WAIT_OPINION.format(date=M.fmt_date(o.date), k=M.fmt_date(k.date)),
                DeadlineKind.CADA_OPINION_EXPECTED,
                o.date,
                _CADA,
            )
        if court is not None:
            return NextAction(
                M.NA_WAIT_CONFIRMATION.format(
                    date=M.fmt_date(k.date), court=M.fmt_date(court.date), safe=_safe(court)
                ),
                DeadlineKind.REFUSAL_CONFIRMED,
                k.date,
                _AUTHORITY,
            )
    return _court_action(facts, timeline, today)


# States whose next action does not depend on any date (with who it is for, issue 10), then
# the others by state. In court, the judgment is awaited from no actor of the deadline chain.
# (names of messages constants, read when used: the interface language may change)
_FIXED: dict[str, tuple[str, Actor | None]] = {
    State.DRAFT: ("NA_DRAFT", _USER),
    State.AWAITING_PAYMENT: ("NA_PAYMENT", _USER),
    State.IN_COURT: ("NA_IN_COURT", None),
    State.JUDGED: ("NA_JUDGED", _USER),
}
_BY_STATE: dict[str, Callable[[str, RequestFacts, Timeline, date], NextAction]] = {
    State.SENT: _waiting,
    State.AWAITING_REPLY: _waiting,
    State.IMPLICIT_REFUSAL: _refused,
    State.REFUSED: _refused,
    State.PARTIAL: _refused,
    State.NOT_HELD: _refused,
    State.CLARIFICATION_REQUESTED: _clarification,
    State.CADA_REFERRED: _cada_action,
    State.CADA_OPINION: _cada_action,
    State.CONFIRMED_REFUSAL: _confirmed,
}
