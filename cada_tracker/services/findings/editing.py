"""Recording findings: add, edit (title, summary, tags, requests), remove.

A finding is what the documents revealed; its evidence (services/findings/evidence.py) are
quotes verified against a page of a stored document.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cada_tracker.context import Context
from cada_tracker.errors import NotFoundError, UsageError
from cada_tracker.messages import documents as M
from cada_tracker.services.findings.queries import finding_json, get_finding
from cada_tracker.storage import search
from cada_tracker.storage.db import made_by, now
from cada_tracker.storage.findings import delete_finding, load_finding
from cada_tracker.storage.requests import get_request
from cada_tracker.storage.sql import session_query

if TYPE_CHECKING:
    from sqlmodel import Session

    from cada_tracker.storage.tables import Finding


def _check_tag(tag: str) -> str:
    tag = " ".join(tag.split())
    if not tag or len(tag) > 60:
        raise UsageError(M.TAG_BAD.format(tag=tag))
    return tag


def link_request(session: Session, finding_id: int, request_id: int) -> None:
    from cada_tracker.storage.tables import FindingRequest

    if session.get(FindingRequest, (finding_id, request_id)) is None:
        session.add(FindingRequest(finding_id=finding_id, request_id=request_id))


def _tag(session: Session, finding_id: int, tag: str) -> None:
    from cada_tracker.storage.tables import FindingTag

    if session.get(FindingTag, (finding_id, tag)) is None:
        session.add(FindingTag(finding_id=finding_id, tag=tag))


def _json(session: Session, finding_id: int) -> dict[str, Any]:
    found = load_finding(session_query(session), finding_id)
    assert found is not None  # written just before, in the same transaction
    return finding_json(found)


def add_finding(ctx: Context, title: str, *, summary: str | None = None,
                requests: list[str] | None = None, tags: list[str] | None = None
                ) -> dict[str, Any]:
    """`cada finding add`: one transaction; returns the finding's JSON."""
    with ctx.transaction() as session:
        finding = record_finding(session, title, summary=summary, requests=requests, tags=tags)
        assert finding.id is not None
        return _json(session, finding.id)


def record_finding(
    session: Session,
    title: str,
    *,
    summary: str | None = None,
    requests: list[str] | None = None,
    tags: list[str] | None = None,
    illustrative: bool = False,
) -> Finding:
    """Add a finding in the caller's transaction (the demo's, or add_finding's)."""
    from cada_tracker.storage.tables import Finding

    title = " ".join((title or "").split())
    if not title:
        raise UsageError(M.FINDING_EMPTY_TITLE)
    request_rows = [get_request(session, ref) for ref in requests or []]
    clean_tags = [_check_tag(t) for t in tags or []]
    finding = Finding(title=title, summary=summary or None, illustrative=illustrative,
                      created_at=now(), made_by=made_by(session))
    session.add(finding)
    session.flush()
    assert finding.id is not None
    for r in request_rows:
        assert r.id is not None
        link_request(session, finding.id, r.id)
    for t in clean_tags:
        _tag(session, finding.id, t)
    session.flush()
    search.index_finding(session, finding)
    return finding


def edit_finding(
    ctx: Context,
    finding: str | int,
    *,
    title: str | None = None,
    summary: str | None = None,
    add_tags: list[str] | None = None,
    remove_tags: list[str] | None = None,
    add_requests: list[str] | None = None,
    remove_requests: list[str] | None = None,
) -> dict[str, Any]:
    """`cada finding edit`: everything checked before anything changes; returns the JSON."""
    from cada_tracker.storage.tables import Finding, FindingRequest, FindingTag

    with ctx.transaction() as session:
        record = get_finding(session_query(session), finding)
        if not any([title is not None, summary is not None, add_tags, remove_tags,
                    add_requests, remove_requests]):
            raise UsageError(M.NOTHING_TO_EDIT)
        if title is not None:
            title = " ".join(title.split())
            if not title:
                raise UsageError(M.FINDING_EMPTY_TITLE)
        # a tag or a request the finding does not have (and is not given in this command) is
        # an error naming it (exit 3), not a silence
        new_tags = [_check_tag(t) for t in add_tags or []]
        untags = [" ".join(t.split()) for t in remove_tags or []]
        for t in untags:
            if t not in record.tags and t not in new_tags:
                raise NotFoundError(M.UNTAG_UNKNOWN.format(
                    finding=record.id, tag=M.shown(t),
                    tags=", ".join(record.tags) or M.NONE_YET))
        links = [get_request(session, ref) for ref in add_requests or []]
        unlinks = [get_request(session, ref) for ref in remove_requests or []]
        for req in unlinks:
            if req.reference not in record.requests and req.id not in {r.id for r in links}:
                raise NotFoundError(M.UNLINK_UNKNOWN.format(
                    finding=record.id, reference=req.reference,
                    requests=", ".join(record.requests) or M.NONE_YET))
        row = session.get(Finding, record.id)
        assert row is not None
        if title is not None:
            row.title = title
        if summary is not None:
            row.summary = summary or None
        for t in new_tags:
            _tag(session, record.id, t)
        session.flush()
        for t in untags:
            existing = session.get(FindingTag, (record.id, t))
            if existing is not None:
                session.delete(existing)
        for req in links:
            assert req.id is not None
            link_request(session, record.id, req.id)
        session.flush()
        for req in unlinks:
            link = session.get(FindingRequest, (record.id, req.id))
            if link is not None:
                session.delete(link)
        session.add(row)
        session.flush()
        search.index_finding(session, row)
        return _json(session, record.id)


def remove_finding(ctx: Context, finding: str | int) -> int:
    """`cada finding remove`: the finding and its evidence (the documents stay)."""
    with ctx.transaction() as session:
        record = get_finding(session_query(session), finding)
        delete_finding(session, record.id)
        search.remove_item(session, "finding", record.id)
        return record.id
