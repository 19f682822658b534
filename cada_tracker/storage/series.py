"""Series referrals (issue 11, point 5): the one query they need beyond `storage.campaigns`.
No table of their own: the series is the marker in the members' `cada-sent` notes
(domain.series)."""

from __future__ import annotations

from cada_tracker.storage.sql import Query

_CAMPAIGN_OF_SQL = (
    "SELECT c.slug FROM campaign c JOIN request r ON r.campaign_id = c.id WHERE r.id = ?"
)


def campaign_of(query: Query, request_id: int) -> str | None:
    """The slug of the campaign the request belongs to, or None (a request made alone)."""
    rows = list(query(_CAMPAIGN_OF_SQL, [request_id]))
    return rows[0][0] if rows else None
