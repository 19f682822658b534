"""`cada status`, `cada remind`, `cada calendar` by the deadline engine on every request: the
path of databases other than SQLite, and the reference the stored timelines are compared
with (SQLite reads them: services/stored_status.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cada_tracker import messages as M
from cada_tracker.context import Context
from cada_tracker.domain import FINISHED_STATES, Actor, Deadline, derive_state
from cada_tracker.errors import NotFoundError
from cada_tracker.services.campaigns import campaign_references
from cada_tracker.services.derived import (
    Derived,
    action_json,
    derive,
    request_json,
    select_status,
)
from cada_tracker.storage.authorities import slugs as authority_slugs
from cada_tracker.storage.requests import load_residence, load_views
from cada_tracker.textutil import suggest


def load_derived(
    ctx: Context, *, authority: str | None = None, finished: bool = True,
    campaign: str | None = None,
) -> list[Derived]:
    """Derive every request (of one authority, of one campaign) as of ctx.today.
    finished=False skips the requests whose events already closed them (complete,
    withdrawn...), without running the engine."""
    with ctx.reading() as query:
        if campaign is not None:  # issue 11: `status --campaign SLUG`
            refs = campaign_references(query, campaign)
        if authority is not None:
            slugs = authority_slugs(query)
            if authority not in slugs:
                raise NotFoundError(
                    M.AUTHORITY_NOT_FOUND.format(slug=authority, hint=suggest(authority, slugs))
                )
        # as of today: the requests that existed then, with their events up to then
        if campaign is not None:
            views = load_views(query, references=refs, as_of=ctx.today) if refs else []
            views = [v for v in views if authority is None or v.authority_slug == authority]
        else:
            views = load_views(query, authority_slug=authority, as_of=ctx.today)
        residence = load_residence(query)
    if not finished:
        views = [v for v in views if derive_state(v.events, strict=False) not in FINISHED_STATES]
    return [derive(v, ctx.today, residence) for v in views]


def status_data(
    ctx: Context,
    *,
    show_all: bool = False,
    overdue: bool = False,
    due_within: int | None = None,
    authority: str | None = None,
    full: bool = True,
    campaign: str | None = None,
) -> dict[str, Any]:
    """`status --json` (full=True: the contract's request objects) or the rows of the table."""
    today = ctx.today
    derived = load_derived(ctx, authority=authority, finished=show_all, campaign=campaign)
    chosen = select_status(
        derived, today, show_all=show_all, overdue=overdue, due_within=due_within
    )
    build = request_json if full else status_row
    return {"today": today.isoformat(), "requests": [build(d, today) for d in chosen]}


def status_row(d: Derived, today: date) -> dict[str, Any]:
    """The subset of the request object that the text table shows (same keys and values)."""
    return {
        "reference": d.view.reference,
        "authority": {"slug": d.view.authority_slug, "name": d.view.authority_name},
        "subject": d.view.subject,
        "state": d.state,
        "next_action": action_json(d, today),
        "illustrative": d.view.illustrative,
    }


def calendar_entries(ctx: Context, *, every: bool = False) -> list[tuple[str, str, str, Deadline]]:
    """(reference, authority, subject, deadline) of every pending deadline of the open
    requests (every=True: every deadline of every request), for `cada calendar`."""
    entries = []
    for d in load_derived(ctx):
        if not d.open and not every:
            continue
        for dl in d.timeline.deadlines:
            if every or d.statuses.get(dl.kind) in ("pending", "expected"):
                entries.append((d.view.reference, d.view.authority_name, d.view.subject, dl))
    return entries


# ---- issue 10, point 3: what `cada remind --check` alarms about (yours, theirs) ------------


@dataclass
class RemindAlerts:
    """References of the rows of `remind`: `overdue` (the user's own actions past their legal
    last day), `due` (the user's own actions whose act-by date is today or past: what
    `--check` exits 1 for), `late` (answers awaited from the authority or the CADA, late) and
    `alerts` (what `--check` exits 1 for: `due`, plus `late` with --all-actors)."""

    overdue: list[str] = field(default_factory=list)
    due: list[str] = field(default_factory=list)
    late: list[str] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, list[str]]:
        return {"overdue": self.overdue, "due": self.due, "late": self.late,
                "alerts": self.alerts}


def remind_alerts(rows: list[dict[str, Any]], *, all_actors: bool = False) -> RemindAlerts:
    """Sort the rows of `status_data` (full or light) into the user's and the others'."""
    out = RemindAlerts()
    for r in rows:
        action, ref = r["next_action"], r["reference"]
        if r["state"] in FINISHED_STATES:
            continue
        if action.get("actor") == Actor.REQUESTER:
            if (action.get("days_left") or 0) < 0:
                out.overdue.append(ref)
            safe = action.get("days_left_safe")
            if safe is not None and safe <= 0:
                out.due.append(ref)
                out.alerts.append(ref)
        elif action.get("late_by_days") is not None:
            out.late.append(ref)
            if all_actors:
                out.alerts.append(ref)
    return out
