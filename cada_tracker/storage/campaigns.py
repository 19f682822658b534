"""Campaigns (issue 11), their documents and their requests: every SQL statement of the
campaign services, in portable SQL on any `storage.sql.Query`; writes through the ORM rows of
`storage.tables` in the caller's unit of work."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cada_tracker.domain.campaigns import CampaignMember, CampaignRecord
from cada_tracker.storage.sql import Query, as_date

if TYPE_CHECKING:
    from sqlmodel import Session

    from cada_tracker.storage.tables import Campaign

_CAMPAIGN_SQL = (
    "SELECT id, slug, title, subject, ref_prefix, template, note, created_on FROM campaign"
)
_DOCUMENTS_SQL = (
    "SELECT description FROM campaign_document WHERE campaign_id = ? ORDER BY position, id"
)
_MEMBERS_SQL = (
    "SELECT r.id, r.reference, a.slug FROM request r JOIN authority a ON a.id = r.authority_id "
    "WHERE r.campaign_id = ? ORDER BY r.reference, r.id"
)
# authority_tag is written by `cada authority tag` (another part of issue 11): read directly
_TAGGED_SQL = (
    "SELECT a.slug FROM authority a JOIN authority_tag t ON t.authority_id = a.id "
    "WHERE t.tag = ? ORDER BY a.slug"
)
_TEMPLATE_SQL = (
    "SELECT c.template, c.slug FROM campaign c JOIN request r ON r.campaign_id = c.id "
    "WHERE r.id = ?"
)


def _record(query: Query, row: Sequence[Any]) -> CampaignRecord:
    documents = tuple(r[0] for r in query(_DOCUMENTS_SQL, [row[0]]))
    return CampaignRecord(row[0], row[1], row[2], row[3], row[4], row[5], row[6],
                          as_date(row[7]), documents)


def campaign(query: Query, slug: str) -> CampaignRecord | None:
    """The campaign with this slug, with its documents, or None."""
    rows = list(query(_CAMPAIGN_SQL + " WHERE slug = ?", [slug]))
    return _record(query, rows[0]) if rows else None


def campaigns(query: Query) -> list[CampaignRecord]:
    """Every campaign, oldest first."""
    return [_record(query, row) for row in query(_CAMPAIGN_SQL + " ORDER BY id", [])]


def campaign_slugs(query: Query) -> list[str]:
    return [row[0] for row in query("SELECT slug FROM campaign ORDER BY slug", [])]


def members(query: Query, campaign_id: int) -> list[CampaignMember]:
    """The requests of a campaign, by reference."""
    return [CampaignMember(row[0], row[1], row[2]) for row in query(_MEMBERS_SQL, [campaign_id])]


def tagged_authorities(query: Query, tag: str) -> list[str]:
    """The slugs of the authorities tagged `tag` (table authority_tag), by slug."""
    return [row[0] for row in query(_TAGGED_SQL, [tag])]


def request_template(query: Query, request_id: int) -> tuple[str, str] | None:
    """(template text, campaign slug) when the request belongs to a campaign that has its own
    letter template (`campaign new --template`), else None."""
    rows = list(query(_TEMPLATE_SQL, [request_id]))
    if not rows or rows[0][0] is None:
        return None
    return rows[0][0], rows[0][1]


def last_number(references: Sequence[str], prefix: str) -> int:
    """The highest N of the references PREFIX-NNN among `references` (0 when none): the
    numbering of a campaign continues from it (`campaign add`)."""
    pattern = re.compile(re.escape(prefix) + r"-([0-9]+)")
    numbers = [int(m.group(1)) for ref in references if (m := pattern.fullmatch(ref))]
    return max(numbers, default=0)


def insert_campaign(session: Session, *, slug: str, title: str, subject: str, ref_prefix: str,
                    template: str | None, documents: Sequence[str], created_on: Any,
                    created_at: Any) -> Campaign:
    """Add the campaign and its documents requested, in the caller's unit of work."""
    from cada_tracker.storage.tables import Campaign, CampaignDocument

    row = Campaign(slug=slug, title=title, subject=subject, ref_prefix=ref_prefix,
                   template=template, created_on=created_on, created_at=created_at)
    session.add(row)
    session.flush()
    assert row.id is not None
    for position, text in enumerate(documents, start=1):
        session.add(CampaignDocument(campaign_id=row.id, position=position, description=text))
    session.flush()
    return row
