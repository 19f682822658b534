"""`cada status`, `cada remind`: every request derived on the fast read path."""

from __future__ import annotations

from datetime import date
from typing import Any

from cada_tracker import messages as M
from cada_tracker.errors import NotFoundError
from cada_tracker.paths import Settings
from cada_tracker.services.requests import Derived, derive, request_json, select_status


def load_derived(
    settings: Settings, today: date, *, authority: str | None = None
) -> list[Derived]:
    from cada_tracker.services.authorities import suggest
    from cada_tracker.storage.reader import load_residence, load_views, read_query

    with read_query(settings) as query:
        if authority is not None:
            slugs = [row[0] for row in query("SELECT slug FROM authority", [])]
            if authority not in slugs:
                raise NotFoundError(
                    M.AUTHORITY_NOT_FOUND.format(slug=authority, hint=suggest(authority, slugs))
                )
        views = load_views(query, authority_slug=authority)
        residence = load_residence(query)
    return [derive(v, today, residence) for v in views]


def status_data(
    settings: Settings,
    today: date,
    *,
    show_all: bool = False,
    overdue: bool = False,
    due_within: int | None = None,
    authority: str | None = None,
) -> dict[str, Any]:
    derived = load_derived(settings, today, authority=authority)
    chosen = select_status(
        derived, today, show_all=show_all, overdue=overdue, due_within=due_within
    )
    return {"today": today.isoformat(), "requests": [request_json(d, today) for d in chosen]}
