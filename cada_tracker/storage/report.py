"""The facts `cada campaign report` adds to `campaign show` (issue 11, point 3): per request of
a campaign, its first `sent` and first `reply` days and its counts of documents and findings,
as of a day. Portable SQL on any `storage.sql.Query`."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from cada_tracker.storage.sql import Query, as_date

_FACTS_SQL = (
    "SELECT r.reference, "
    "(SELECT MIN(e.occurred_on) FROM event e WHERE e.request_id = r.id AND e.kind = 'sent' "
    " AND e.occurred_on <= ?), "
    "(SELECT MIN(e.occurred_on) FROM event e WHERE e.request_id = r.id AND e.kind = 'reply' "
    " AND e.occurred_on <= ?), "
    "(SELECT COUNT(*) FROM document d WHERE d.request_id = r.id), "
    "(SELECT COUNT(*) FROM finding_request f WHERE f.request_id = r.id) "
    "FROM request r WHERE r.campaign_id = ?"
)


class ReportFacts(NamedTuple):
    sent_on: date | None
    first_reply_on: date | None
    documents: int
    findings: int


def report_facts(query: Query, campaign_id: int, today: date) -> dict[str, ReportFacts]:
    """reference -> its facts; events dated after `today` left out (as `campaign show`)."""
    day = today.isoformat()
    out: dict[str, ReportFacts] = {}
    for reference, sent, reply, documents, findings in query(
            _FACTS_SQL, [day, day, campaign_id]):
        out[reference] = ReportFacts(as_date(sent) if sent else None,
                                     as_date(reply) if reply else None,
                                     int(documents), int(findings))
    return out
