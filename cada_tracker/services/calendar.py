"""`cada calendar`: the deadlines to export, all of them or only yours (`--mine`)."""

from __future__ import annotations

from cada_tracker.context import Context
from cada_tracker.domain import Deadline
from cada_tracker.render.ics import select_mine
from cada_tracker.services.status import calendar_entries as _entries


def calendar_entries(
    ctx: Context, *, every: bool = False, mine: bool = False
) -> list[tuple[str, str, str, Deadline]]:
    """(reference, authority, subject, deadline) of every pending deadline of the open requests
    (every=True: every deadline of every request); mine=True: only your own deadlines, those
    you act on (refer, go to court), not the authority's nor the CADA's."""
    entries = _entries(ctx, every=every)
    return select_mine(entries) if mine else entries
