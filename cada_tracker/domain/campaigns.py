"""Campaigns (issue 11): one request sent to many authorities, as the storage layer loads it."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple


class CampaignRecord(NamedTuple):
    """A row of the campaign table with its documents requested (in the order of the letter)."""

    id: int
    slug: str
    title: str
    subject: str
    ref_prefix: str
    template: str | None
    note: str | None
    created_on: date
    documents: tuple[str, ...] = ()


class CampaignMember(NamedTuple):
    """A request of a campaign: its id, reference and authority."""

    request_id: int
    reference: str
    authority_slug: str
