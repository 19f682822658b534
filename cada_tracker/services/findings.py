"""Findings: what the documents revealed, each backed by evidence (document, page, quote).

A quote is verified against the extracted text of its page, ignoring accents, case,
whitespace and typographic variants of quotes and apostrophes. The evidence keeps the SHA-256
of the file it was checked against, so that a finding can be verified years later.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from cada_tracker.errors import CadaError, NotFoundError, UsageError
from cada_tracker.messages import documents as M

_TRANSLATE = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"', "\u201e": '"',
    "\u2013": "-", "\u2014": "-", "\u2010": "-", "\u2011": "-", "\u00ad": "",
    "\u0153": "oe", "\u0152": "oe", "\u00e6": "ae", "\u00c6": "ae",
})


class QuoteNotFoundError(CadaError):
    """Exit 1: the quote is not on the page given (use --unverified to record it anyway)."""


def normalize(text: str) -> str:
    """Accent-, case- and whitespace-insensitive form used to compare quotes and pages."""
    text = unicodedata.normalize("NFKD", text.translate(_TRANSLATE))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold()
    # quotes: « x » and "x" are the same; spacing inside them does not matter
    text = re.sub(r'\s*"\s*', '"', text)
    text = re.sub(r"\s*'\s*", "'", text)
    return " ".join(text.split())


def quote_on_page(quote: str, page_text: str) -> bool:
    q = normalize(quote)
    if not q:
        return False
    page = normalize(page_text)
    if q in page:
        return True
    # words cut at the end of a line ("sur-\nveillance") and hyphenation
    return q.replace("-", "") in page.replace("- ", "").replace("-", "")


# --- lookups ----------------------------------------------------------------------------------
def parse_finding_id(finding: str | int) -> int:
    from cada_tracker.services.documents import parse_id

    return parse_id(finding, prefix="F", bad=M.FINDING_BAD_ID, missing=M.FINDING_NOT_FOUND,
                    key="finding")


def parse_page(page: str | int) -> int:
    """A page number typed by the user: 1 up (0, negative, not a number: UsageError)."""
    text = str(page).strip()
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise UsageError(M.PAGE_BAD.format(page=M.shown(page)))
    return int(text)


def get_finding(session: Any, finding: str | int) -> Any:
    from cada_tracker.storage.tables import Finding

    finding_id = parse_finding_id(finding)
    row = session.get(Finding, finding_id)
    if row is None:
        raise NotFoundError(M.FINDING_NOT_FOUND.format(finding=finding_id))
    return row


def _request(session: Any, reference: str) -> Any:
    from cada_tracker.services.requests import get_request

    return get_request(session, reference)


def _check_tag(tag: str) -> str:
    tag = " ".join(tag.split())
    if not tag or len(tag) > 60:
        raise UsageError(M.TAG_BAD.format(tag=tag))
    return tag


def _link(session: Any, finding_id: int, request_id: int) -> None:
    from cada_tracker.storage.tables import FindingRequest

    if session.get(FindingRequest, (finding_id, request_id)) is None:
        session.add(FindingRequest(finding_id=finding_id, request_id=request_id))


def _tag(session: Any, finding_id: int, tag: str) -> None:
    from cada_tracker.storage.tables import FindingTag

    if session.get(FindingTag, (finding_id, tag)) is None:
        session.add(FindingTag(finding_id=finding_id, tag=tag))


# --- writing --------------------------------------------------------------------------------
def add_finding(
    session: Any,
    title: str,
    *,
    summary: str | None = None,
    requests: list[str] | None = None,
    tags: list[str] | None = None,
    illustrative: bool = False,
) -> Any:
    from cada_tracker.storage import search
    from cada_tracker.storage.db import now
    from cada_tracker.storage.tables import Finding

    title = " ".join((title or "").split())
    if not title:
        raise UsageError(M.FINDING_EMPTY_TITLE)
    request_rows = [_request(session, ref) for ref in requests or []]
    clean_tags = [_check_tag(t) for t in tags or []]
    finding = Finding(title=title, summary=summary or None, illustrative=illustrative,
                      created_at=now())
    session.add(finding)
    session.flush()
    for r in request_rows:
        _link(session, finding.id, r.id)
    for t in clean_tags:
        _tag(session, finding.id, t)
    session.flush()
    search.index_finding(session, finding)
    return finding


def add_evidence(
    session: Any,
    finding: str | int,
    document: str | int,
    page: int,
    quote: str,
    *,
    unverified: bool = False,
) -> Any:
    """Record a quote of `document` page `page` as evidence; refuse it if it is not there."""
    from sqlmodel import select

    from cada_tracker.services.documents import get_document
    from cada_tracker.storage import search
    from cada_tracker.storage.db import now
    from cada_tracker.storage.tables import Evidence, Page, StoredFile

    page = parse_page(page)
    row = get_finding(session, finding)
    doc = get_document(session, document)
    stored = session.get(StoredFile, doc.file_id)
    quote = (quote or "").strip()
    if not normalize(quote):
        raise UsageError(M.QUOTE_EMPTY)
    check_page(session, doc, stored, page)
    verified = False
    if not unverified:
        text = session.exec(
            select(Page.text).where(Page.file_id == stored.id, Page.number == page)
        ).first() or ""
        if not text.strip() and not _has_text(session, stored.id):
            note = f": {stored.text_note}" if stored.text_note else ""
            raise QuoteNotFoundError(
                M.PAGE_NO_TEXT.format(doc=doc.id, status=stored.text_status, note=note)
            )
        if not quote_on_page(quote, text):
            elsewhere = _pages_with(session, stored, quote, besides=page)
            hint = M.QUOTE_ELSEWHERE.format(pages=", ".join(map(str, elsewhere))) \
                if elsewhere else ""
            raise QuoteNotFoundError(M.QUOTE_NOT_ON_PAGE.format(page=page, doc=doc.id,
                                                                hint=hint))
        verified = True
    evidence = Evidence(
        finding_id=row.id,
        document_id=doc.id,
        page=page,
        quote=quote,
        verified=verified,
        file_sha256=stored.sha256,
        created_at=now(),
    )
    session.add(evidence)
    _link(session, row.id, doc.request_id)
    session.flush()
    search.index_finding(session, row)
    return evidence


def check_page(session: Any, doc: Any, stored: Any, page: int) -> None:
    """NotFoundError unless the document has that page. A document whose pages could not be
    counted (a damaged or password-protected file, a format cada does not read) accepts any
    page; one with no pages at all (an empty PDF or archive) accepts none."""
    from sqlalchemy import func
    from sqlmodel import select

    from cada_tracker.services.documents import MAX_ID
    from cada_tracker.storage.tables import Page

    count = stored.page_count
    if count is None:
        count = session.exec(
            select(func.count()).select_from(Page).where(Page.file_id == stored.id)
        ).one() or None
    # beyond MAX_ID no page can exist (and the database could not store the number)
    if page > MAX_ID or (count is not None and page > count):
        if not count:
            note = f" ({stored.text_note})" if stored.text_note else ""
            raise NotFoundError(M.PAGE_NOT_FOUND_NONE.format(doc=doc.id, page=page, note=note))
        raise NotFoundError(M.PAGE_NOT_FOUND.format(doc=doc.id, page=page, count=count))


def _has_text(session: Any, file_id: int) -> bool:
    from sqlmodel import select

    from cada_tracker.storage.tables import Page

    rows = session.exec(select(Page.text).where(Page.file_id == file_id)
                        .execution_options(yield_per=16))
    return any(text.strip() for text in rows)


# Up to this many pages, every page is read to say where a quote is; beyond (a long text
# file in 64 KB pages), only the pages the search index finds with all the quote's words.
SCAN_PAGES = 200


def _pages_with(session: Any, stored: Any, quote: str, *, besides: int) -> list[int]:
    """The other pages of the file where the quote is (the hint of a refused quote)."""
    from sqlmodel import select

    from cada_tracker.storage import search
    from cada_tracker.storage.tables import Page

    query = select(Page.number, Page.text).where(Page.file_id == stored.id,
                                                 Page.number != besides)
    if (stored.page_count or 0) > SCAN_PAGES and search.enabled(session):
        numbers = search.file_pages_matching(session, stored.id, quote, limit=SCAN_PAGES)
        if not numbers:
            return []
        query = query.where(Page.number.in_(numbers))
    rows = session.exec(query.order_by(Page.number).execution_options(yield_per=16))
    return [number for number, text in rows if quote_on_page(quote, text)]


def edit_finding(
    session: Any,
    finding: str | int,
    *,
    title: str | None = None,
    summary: str | None = None,
    add_tags: list[str] | None = None,
    remove_tags: list[str] | None = None,
    add_requests: list[str] | None = None,
    remove_requests: list[str] | None = None,
) -> Any:
    from sqlmodel import select

    from cada_tracker.storage import search
    from cada_tracker.storage.tables import FindingRequest, FindingTag, Request

    row = get_finding(session, finding)
    if not any([title is not None, summary is not None, add_tags, remove_tags, add_requests,
                remove_requests]):
        raise UsageError(M.NOTHING_TO_EDIT)
    if title is not None:
        title = " ".join(title.split())
        if not title:
            raise UsageError(M.FINDING_EMPTY_TITLE)
    # everything is checked before anything changes: a tag or a request the finding does not
    # have (and is not given in this command) is an error naming it (exit 3), not a silence
    new_tags = [_check_tag(t) for t in add_tags or []]
    tags = {t.tag for t in session.exec(
        select(FindingTag).where(FindingTag.finding_id == row.id)).all()}
    untags = [" ".join(t.split()) for t in remove_tags or []]
    for t in untags:
        if t not in tags and t not in new_tags:
            raise NotFoundError(M.UNTAG_UNKNOWN.format(
                finding=row.id, tag=M.shown(t), tags=", ".join(sorted(tags)) or M.NONE_YET))
    links = [_request(session, ref) for ref in add_requests or []]
    unlinks = [_request(session, ref) for ref in remove_requests or []]
    linked = {r.request_id for r in session.exec(
        select(FindingRequest).where(FindingRequest.finding_id == row.id)).all()}
    for req in unlinks:
        if req.id not in linked and req.id not in {r.id for r in links}:
            refs = sorted(r.reference for r in (session.get(Request, i) for i in linked) if r)
            raise NotFoundError(M.UNLINK_UNKNOWN.format(
                finding=row.id, reference=req.reference, requests=", ".join(refs)
                or M.NONE_YET))
    if title is not None:
        row.title = title
    if summary is not None:
        row.summary = summary or None
    for t in new_tags:
        _tag(session, row.id, t)
    session.flush()
    for t in untags:
        existing = session.get(FindingTag, (row.id, t))
        if existing is not None:
            session.delete(existing)
    for req in links:
        _link(session, row.id, req.id)
    session.flush()
    for req in unlinks:
        link = session.get(FindingRequest, (row.id, req.id))
        if link is not None:
            session.delete(link)
    session.add(row)
    session.flush()
    search.index_finding(session, row)
    return row


def remove_finding(session: Any, finding: str | int) -> int:
    from sqlmodel import select

    from cada_tracker.storage import search
    from cada_tracker.storage.tables import Evidence, FindingRequest, FindingTag

    row = get_finding(session, finding)
    for model in (Evidence, FindingRequest, FindingTag):
        for child in session.exec(select(model).where(model.finding_id == row.id)).all():
            session.delete(child)
    session.flush()
    fid = row.id
    session.delete(row)
    session.flush()
    search.remove_item(session, "finding", fid)
    return fid


# --- reading --------------------------------------------------------------------------------
def finding_json(session: Any, row: Any, *, detail: bool = True) -> dict[str, Any]:
    from sqlmodel import select

    from cada_tracker.storage.tables import (
        Document,
        Evidence,
        FindingRequest,
        FindingTag,
        Request,
        StoredFile,
    )

    refs = sorted(
        r.reference for r in session.exec(
            select(Request).join(FindingRequest, FindingRequest.request_id == Request.id)
            .where(FindingRequest.finding_id == row.id)
        ).all()
    )
    tags = sorted(t.tag for t in session.exec(
        select(FindingTag).where(FindingTag.finding_id == row.id)).all())
    out: dict[str, Any] = {
        "id": row.id,
        "title": row.title,
        "summary": row.summary,
        "requests": refs,
        "tags": tags,
        "illustrative": row.illustrative,
        "created_at": row.created_at.isoformat() if row.created_at else None,
    }
    evidence = session.exec(
        select(Evidence).where(Evidence.finding_id == row.id).order_by(Evidence.id)
    ).all()
    if not detail:
        out["evidence_count"] = len(evidence)
        return out
    items = []
    for e in evidence:
        doc = session.get(Document, e.document_id)
        stored = session.get(StoredFile, doc.file_id) if doc else None
        items.append({
            "id": e.id,
            "document": e.document_id,
            "name": doc.original_name if doc else None,
            "request": session.get(Request, doc.request_id).reference if doc else None,
            "page": e.page,
            "quote": e.quote,
            "verified": e.verified,
            "sha256": e.file_sha256,
            "sha256_matches": bool(stored and stored.sha256 == e.file_sha256),
            "illustrative": bool(doc and doc.illustrative),
        })
    out["evidence"] = items
    return out


def list_findings(
    session: Any, *, request: str | None = None, tag: str | None = None
) -> list[dict[str, Any]]:
    from sqlmodel import select

    from cada_tracker.storage.tables import Finding, FindingRequest, FindingTag

    query = select(Finding).order_by(Finding.id)
    if request is not None:
        req = _request(session, request)
        query = query.join(FindingRequest, FindingRequest.finding_id == Finding.id).where(
            FindingRequest.request_id == req.id)
    if tag is not None:
        query = query.join(FindingTag, FindingTag.finding_id == Finding.id).where(
            FindingTag.tag == " ".join(tag.split()))
    return [finding_json(session, f, detail=False) for f in session.exec(query).all()]


def findings_for_request(session: Any, request_id: int) -> list[dict[str, Any]]:
    """For `cada show REF`: the findings linked to one request, with their evidence."""
    from sqlmodel import select

    from cada_tracker.storage.tables import Finding, FindingRequest

    rows = session.exec(
        select(Finding).join(FindingRequest, FindingRequest.finding_id == Finding.id)
        .where(FindingRequest.request_id == request_id).order_by(Finding.id)
    ).all()
    return [finding_json(session, f) for f in rows]
