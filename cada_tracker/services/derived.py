"""The derived view of a request: state, deadlines, statuses and next action as of a day, and
the request object of the JSON contract built from it (the one mapper of `show`, `status`, `new`,
`log`). Read paths (status, show, explain, calendar) import this module, not the write paths."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from cada_tracker import messages as M
from cada_tracker.domain import (
    FINISHED_STATES,
    Actor,
    Event,
    NextAction,
    RequestFacts,
    RequestView,
    Timeline,
    current_state,
)
from cada_tracker.domain.transfer import links as transfer_links
from cada_tracker.errors import NotFoundError
from cada_tracker.law import (
    LawOptions,
    compute_timeline,
    deadline_status,
    lateness,
    next_action,
)


@dataclass
class Derived:
    view: RequestView
    state: str
    timeline: Timeline
    next_action: NextAction
    statuses: dict[str, str]
    residence: str = "metropole"
    facts: RequestFacts | None = None  # what the engine was given (events up to today)

    @property
    def open(self) -> bool:
        return self.state not in FINISHED_STATES



def require_existed(view: RequestView, today: date) -> None:
    """Refuse (exit 3) a request that did not exist yet on `today` (`--today` before its
    creation and its first event): `show`, `explain`, `letter`, `escalate`."""
    if not view.existed_on(today):
        raise NotFoundError(M.REQUEST_NOT_YET.format(
            reference=view.reference, today=today.isoformat(), since=view.since.isoformat()))


def derive(
    view: RequestView, today: date, residence: str = "metropole", *, explain: bool = False
) -> Derived:
    """State, deadlines, statuses and next action of one request as of `today`.

    explain=False skips building the explanation steps (half the engine's time); `cada
    explain` asks for them.
    """
    # as of today: events dated after it (--today in the past) do not count, nor are they listed
    view = view.as_of(today)
    facts = view.facts(residence)
    timeline = compute_timeline(facts, LawOptions(explain=explain))
    state = current_state(facts.events, timeline, today)
    action = next_action(state, facts, timeline, today)
    statuses: dict[str, str] = {
        d.kind: deadline_status(d, facts, today) for d in timeline.deadlines
    }
    return Derived(
        view=view, state=state, timeline=timeline, next_action=action, statuses=statuses,
        residence=residence, facts=facts,
    )


def event_json(e: Event) -> dict[str, Any]:
    out: dict[str, Any] = {
        "kind": e.kind,
        "date": e.date.isoformat(),
        "outcome": e.outcome,
        "note": e.note,
    }
    if e.complete is not None:
        out["complete"] = e.complete
    if e.mentions_remedies is not None:
        out["mentions_remedies"] = e.mentions_remedies
    if e.forced:
        out["forced"] = True
    if e.channel is not None:
        out["channel"] = e.channel
    if e.notified_on is not None:  # legal-aid-decided (issue 9 point 5)
        out["notified_on"] = e.notified_on.isoformat()
    if e.lawyer_designated_on is not None:
        out["lawyer_designated_on"] = e.lawyer_designated_on.isoformat()
    out["made_by"] = e.made_by  # issue 14: who recorded it; null: unknown
    return out


def act_by(d: Derived) -> date | None:
    """The date to aim for (issue 10): the safe date of the deadline the next action refers
    to when it has one, else the action's (legal) date."""
    when = d.next_action.date
    if when is None or d.next_action.kind is None:
        return when
    deadline = d.timeline.get(d.next_action.kind)
    return (deadline.safe_date if deadline is not None else None) or when


def action_json(d: Derived, today: date) -> dict[str, Any]:
    """The contract's next_action plus `days_left` and `safe_date` (the strict reading's
    last day of the deadline it refers to, when that deadline has one); issue 10: `actor`,
    `days_left_safe` (to the act-by date) and, for an answer awaited from
    the authority or the CADA that is late, `late_by_days`."""
    action = d.next_action.to_json()
    action["actor"] = d.next_action.actor
    action["days_left"] = (d.next_action.date - today).days if d.next_action.date else None
    deadline = d.timeline.get(d.next_action.kind) if d.next_action.kind else None
    safe = deadline.safe_date if deadline is not None else None
    action["safe_date"] = safe.isoformat() if safe else None
    aim = act_by(d)
    action["days_left_safe"] = (aim - today).days if aim is not None else None
    if deadline is not None and d.facts is not None and d.next_action.actor != Actor.REQUESTER:
        late = lateness(deadline, d.facts, today)
        if late is not None:
            action["late_by_days"] = late.days
    return action


def request_json(d: Derived, today: date) -> dict[str, Any]:
    """The contract's request object (plus documented extensions)."""
    v = d.view
    deadlines = []
    for dl in d.timeline.deadlines:
        item = dl.to_json()
        item["status"] = d.statuses.get(dl.kind)
        item["days_left"] = (dl.date - today).days
        # issue 10: days to the act-by date, and how late the authority's / CADA's answer is
        item["days_left_safe"] = ((dl.safe_date or dl.date) - today).days
        if d.facts is not None:
            late = lateness(dl, d.facts, today)
            if late is not None:
                item["late_by_days"] = late.days
                if late.answered_on is not None:
                    item["answered_on"] = late.answered_on.isoformat()
        deadlines.append(item)
    action = action_json(d, today)
    return {
        "reference": v.reference,
        "authority": {"slug": v.authority_slug, "name": v.authority_name},
        "subject": v.subject,
        "state": d.state,
        # as of today: with --today in the past, later events are left out (docs/commands.md)
        "events": [event_json(e) for e in v.events if e.date <= today],
        "deadlines": deadlines,
        "next_action": action,
        # extensions (documented in docs/json.md)
        "documents_requested": list(v.items),
        "channel": v.channel,
        "environmental": v.environmental,
        "created_on": v.created_on.isoformat(),
        "illustrative": v.illustrative,
        "note": v.note,
        "warnings": list(dict.fromkeys(d.timeline.warnings)),
        # issue 11 point 8: the link between a transferred request and the new one
        **transfer_json(v.events),
    }


def transfer_json(events: list[Event]) -> dict[str, str | None]:
    """`transferred_to` / `transferred_from`: the other request's reference, or null."""
    found = transfer_links(events)
    return {side: (found[key].reference if key in found else None)
            for side, key in (("transferred_to", "to"), ("transferred_from", "from"))}


def sort_key(d: Derived) -> tuple:
    # issue 10: by the act-by date (the date to aim for), then the legal date
    when = d.next_action.date
    aim = act_by(d)
    return (0 if when is not None else 1, aim or date.max, when or date.max, d.view.reference)


def select_status(
    derived: list[Derived],
    today: date,
    *,
    show_all: bool = False,
    overdue: bool = False,
    due_within: int | None = None,
) -> list[Derived]:
    out = []
    for d in derived:
        if not show_all and not d.open:
            continue
        when = d.next_action.date
        if overdue and not (when is not None and when < today):
            continue
        aim = act_by(d)  # issue 10: "due within" counts to the act-by date
        if due_within is not None and not (aim is not None and (aim - today).days <= due_within):
            continue
        out.append(d)
    return sorted(out, key=sort_key)
