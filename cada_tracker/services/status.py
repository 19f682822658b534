"""`cada status`, `cada remind`: every request derived on the fast read path."""

from __future__ import annotations

from datetime import date
from typing import Any

from cada_tracker import messages as M
from cada_tracker.context import Context
from cada_tracker.domain import FINISHED_STATES, Deadline, derive_state
from cada_tracker.errors import NotFoundError
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
    ctx: Context, *, authority: str | None = None, finished: bool = True
) -> list[Derived]:
    """Derive every request (of one authority) as of ctx.today. finished=False skips the
    requests whose events already closed them (complete, withdrawn...), without running the
    engine."""
    with ctx.reading() as query:
        if authority is not None:
            slugs = authority_slugs(query)
            if authority not in slugs:
                raise NotFoundError(
                    M.AUTHORITY_NOT_FOUND.format(slug=authority, hint=suggest(authority, slugs))
                )
        views = load_views(query, authority_slug=authority)
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
) -> dict[str, Any]:
    """`status --json` (full=True: the contract's request objects) or the rows of the table."""
    today = ctx.today
    derived = load_derived(ctx, authority=authority, finished=show_all)
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
