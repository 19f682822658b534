"""What the requester should do now, and whether each deadline was met.

Convention: NextAction.date is the LEGAL last day of the deadline it refers to (`kind`); the
safe (strict) date, when there is one, is given in the `what` text. When a 2-month limit that
is not opposable has passed, the action still points to it (so it shows as overdue: act now)
and the text gives the one-year long stop that still binds.
"""

from __future__ import annotations

from datetime import date

from cada_tracker.domain import (
    ANSWERING_OUTCOMES,
    Deadline,
    Event,
    NextAction,
    RequestFacts,
    Timeline,
    ordered,
)
from cada_tracker.messages import law as M

MET, PENDING, MISSED, EXPECTED = "met", "pending", "missed", "expected"
MOOT = "moot"


def _first(facts: RequestFacts, *kinds: str) -> Event | None:
    for ev in ordered(facts.events):
        if ev.kind in kinds:
            return ev
    return None


def _act_status(act: Event | None, deadline: Deadline, today: date) -> str:
    if act is not None:
        return MET if act.date <= deadline.date else MISSED
    return PENDING if today <= deadline.date else MISSED


def _moot(facts: RequestFacts, deadline: Deadline) -> str | None:
    """MOOT when the documents were communicated in full before the requester had to act."""
    for ev in facts.events:
        if ev.kind == "reply" and ev.outcome == "full" and ev.date <= deadline.date:
            return MOOT
    return None


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
    kind = deadline.kind
    if kind in ("cada_referral_by", "cada_referral_long_stop"):
        act = _first(facts, "cada-sent", "cada-registered")
        return (act is None and _moot(facts, deadline)) or _act_status(act, deadline, today)
    if kind in ("court_by", "court_long_stop"):
        act = _first(facts, "court-filed")
        return (act is None and _moot(facts, deadline)) or _act_status(act, deadline, today)
    if kind == "cada_referral_from":
        sent = _first(facts, "cada-sent", "cada-registered")
        if sent is not None:
            return MISSED if sent.date < deadline.date else MET
        return MET if today >= deadline.date else PENDING
    if kind == "cada_opinion_expected":
        opinion = _first(facts, "cada-opinion")
        if opinion is None:
            return EXPECTED
        return MET if opinion.date <= deadline.date else MISSED
    if kind == "implicit_refusal":
        answered = any(
            ev.kind == "reply" and ev.outcome in ANSWERING_OUTCOMES and ev.date <= deadline.date
            for ev in facts.events
        )
    elif kind == "refusal_confirmed":
        referred = _first(facts, "cada-sent", "cada-registered")
        since = referred.date if referred else date.min
        answered = any(
            ev.kind == "reply"
            and ev.outcome in ANSWERING_OUTCOMES
            and since <= ev.date <= deadline.date
            for ev in facts.events
        )
    else:
        return PENDING if today <= deadline.date else MISSED
    if answered:
        return MET
    return PENDING if today <= deadline.date else MISSED


def _safe(d: Deadline) -> str:
    return M.fmt_date(d.safe_date or d.date)


def _referral_action(timeline: Timeline, today: date, not_held: bool = False) -> NextAction:
    by = timeline.get("cada_referral_by")
    if by is None:
        if not_held:
            return NextAction(M.NA_NOT_HELD_NO_DATE)
        return NextAction(M.NA_NO_REFERRAL_DEADLINE)
    frm = timeline.get("cada_referral_from")
    long_stop = timeline.get("cada_referral_long_stop")
    if frm is not None and today < frm.date:
        return NextAction(
            M.NA_WAIT_REFERRAL_FROM.format(
                date_from=M.fmt_date(frm.date), date=M.fmt_date(by.date), safe=_safe(by)
            ),
            "cada_referral_from",
            frm.date,
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
        return NextAction(text, "cada_referral_by", by.date)
    if long_stop is not None and today <= long_stop.date:
        # Conservative: the passed 2-month date stays the action date (shown as overdue), so
        # that the requester acts now; the text gives the long stop that still binds.
        return NextAction(
            M.NA_REFER_LONG_STOP.format(
                date=M.fmt_date(by.date), long_stop=M.fmt_date(long_stop.date)
            ),
            "cada_referral_by",
            by.date,
        )
    return NextAction(M.NA_REFERRAL_MISSED.format(date=M.fmt_date(by.date)))


def _court_action(facts: RequestFacts, timeline: Timeline, today: date) -> NextAction:
    court = timeline.get("court_by")
    long_stop = timeline.get("court_long_stop")
    if court is None:
        if _first(facts, "legal-aid-requested") is not None:
            return NextAction(M.NA_LEGAL_AID)
        return NextAction(M.NA_WAIT_REGISTRATION)
    if today <= court.date:
        if long_stop is not None:
            text = M.NA_COURT_NOT_OPPOSABLE.format(
                date=M.fmt_date(court.date),
                safe=_safe(court),
                long_stop=M.fmt_date(long_stop.date),
            )
        else:
            text = M.NA_COURT.format(date=M.fmt_date(court.date), safe=_safe(court))
        return NextAction(text, "court_by", court.date)
    if long_stop is not None and today <= long_stop.date:
        return NextAction(
            M.NA_COURT_LONG_STOP.format(
                date=M.fmt_date(court.date), long_stop=M.fmt_date(long_stop.date)
            ),
            "court_by",
            court.date,
        )
    return NextAction(M.NA_COURT_MISSED.format(date=M.fmt_date(court.date)))


def next_action(state: str, facts: RequestFacts, timeline: Timeline, today: date) -> NextAction:
    """What the requester should do now and by when (see the module docstring)."""
    if state == "draft":
        return NextAction(M.NA_DRAFT)
    if state in ("sent", "awaiting-reply"):
        b = timeline.get("implicit_refusal")
        if b is None:
            return NextAction(M.NA_WAIT_REPLY_UNKNOWN)
        template = M.NA_WAIT_REPLY_ESTIMATED if b.estimated else M.NA_WAIT_REPLY
        return NextAction(template.format(date=M.fmt_date(b.date)), "implicit_refusal", b.date)
    if state in ("implicit-refusal", "refused", "partial"):
        return _referral_action(timeline, today)
    if state == "not-held":
        return _referral_action(timeline, today, not_held=True)
    if state == "awaiting-payment":
        return NextAction(M.NA_PAYMENT)
    if state == "clarification-requested":
        b = timeline.get("implicit_refusal")
        if b is None or today > b.date:
            return NextAction(M.NA_CLARIFICATION_NO_DATE)
        return NextAction(M.NA_CLARIFICATION.format(date=M.fmt_date(b.date)))
    if state in ("cada-referred", "cada-opinion"):
        k = timeline.get("refusal_confirmed")
        if k is None:
            return NextAction(M.NA_WAIT_REGISTRATION)
        if today <= k.date:
            o = timeline.get("cada_opinion_expected")
            court = timeline.get("court_by")
            if state == "cada-referred" and o is not None:
                return NextAction(
                    M.NA_WAIT_OPINION.format(date=M.fmt_date(o.date), k=M.fmt_date(k.date)),
                    "cada_opinion_expected",
                    o.date,
                )
            if court is not None:
                return NextAction(
                    M.NA_WAIT_CONFIRMATION.format(
                        date=M.fmt_date(k.date), court=M.fmt_date(court.date), safe=_safe(court)
                    ),
                    "refusal_confirmed",
                    k.date,
                )
        return _court_action(facts, timeline, today)
    if state == "confirmed-refusal":
        return _court_action(facts, timeline, today)
    if state == "in-court":
        return NextAction(M.NA_IN_COURT)
    if state == "judged":
        return NextAction(M.NA_JUDGED)
    return NextAction(M.NA_NOTHING)
