"""`cada finding evidence`: a quote of a document's page backing a finding, verified there.

The evidence keeps the SHA-256 of the file it was checked against, so that a finding can be
verified years later.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cada_tracker.context import Context
from cada_tracker.domain.documents import DocumentRecord, StoredFileRecord
from cada_tracker.errors import CadaError, NotFoundError, UsageError
from cada_tracker.messages import documents as M
from cada_tracker.services.documents.inputs import MAX_ID
from cada_tracker.services.documents.queries import get_document
from cada_tracker.services.findings.editing import link_request
from cada_tracker.services.findings.queries import get_finding
from cada_tracker.services.findings.quotes import normalize, parse_page, quote_on_page
from cada_tracker.storage import documents as store_db
from cada_tracker.storage import search
from cada_tracker.storage.db import now
from cada_tracker.storage.sql import Query, session_query

if TYPE_CHECKING:
    from sqlmodel import Session

    from cada_tracker.storage.tables import Evidence

# Up to this many pages, every page is read to say where a quote is; beyond (a long text
# file in 64 KB pages), only the pages the search index finds with all the quote's words.
SCAN_PAGES = 200


class QuoteNotFoundError(CadaError):
    """Exit 1: the quote is not on the page given (use --unverified to record it anyway)."""


def add_evidence(ctx: Context, finding: str | int, document: str | int, page: int, quote: str,
                 *, unverified: bool = False) -> dict[str, Any]:
    """`cada finding evidence`: one transaction; returns the evidence's JSON."""
    with ctx.transaction() as session:
        ev = record_evidence(session, finding, document, page, quote, unverified=unverified)
        return {"id": ev.id, "finding": ev.finding_id, "document": ev.document_id,
                "page": ev.page, "quote": ev.quote, "verified": ev.verified,
                "sha256": ev.file_sha256}


def record_evidence(
    session: Session,
    finding: str | int,
    document: str | int,
    page: int,
    quote: str,
    *,
    unverified: bool = False,
) -> Evidence:
    """Record a quote of `document` page `page` as evidence; refuse it if it is not there."""
    from cada_tracker.storage.tables import Evidence

    query = session_query(session)
    page = parse_page(page)
    row = get_finding(query, finding)
    doc = get_document(query, document)
    stored = doc.file
    quote = (quote or "").strip()
    if not normalize(quote):
        raise UsageError(M.QUOTE_EMPTY)
    check_page(query, doc, page)
    verified = False
    if not unverified:
        text = store_db.page_text(query, stored.id, page) or ""
        if not text.strip() and not _has_text(query, stored.id):
            note = f": {stored.text_note}" if stored.text_note else ""
            raise QuoteNotFoundError(
                M.PAGE_NO_TEXT.format(
                    doc=doc.id,
                    status=M.TEXT_STATUS_NAMES.get(stored.text_status, stored.text_status),
                    note=note,
                )
            )
        if not quote_on_page(quote, text):
            elsewhere = _pages_with(session, query, stored, quote, besides=page)
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
    link_request(session, row.id, doc.request_id)
    session.flush()
    search.index_finding(session, row)
    return evidence


def check_page(query: Query, doc: DocumentRecord, page: int) -> None:
    """NotFoundError unless the document has that page. A document whose pages could not be
    counted (a damaged or password-protected file, a format cada does not read) accepts any
    page; one with no pages at all (an empty PDF or archive) accepts none."""
    stored = doc.file
    count = stored.page_count
    if count is None:
        count = store_db.page_count(query, stored.id) or None
    # beyond MAX_ID no page can exist (and the database could not store the number)
    if page > MAX_ID or (count is not None and page > count):
        if not count:
            note = f" ({stored.text_note})" if stored.text_note else ""
            raise NotFoundError(M.PAGE_NOT_FOUND_NONE.format(doc=doc.id, page=page, note=note))
        raise NotFoundError(M.PAGE_NOT_FOUND.format(doc=doc.id, page=page, count=count))


def _has_text(query: Query, file_id: int) -> bool:
    return any(text.strip() for _, text in store_db.iter_pages(query, file_id))


def _pages_with(session: Session, query: Query, stored: StoredFileRecord, quote: str, *,
                besides: int) -> list[int]:
    """The other pages of the file where the quote is (the hint of a refused quote)."""
    numbers = None
    if (stored.page_count or 0) > SCAN_PAGES and search.enabled(session):
        numbers = search.file_pages_matching(session, stored.id, quote, limit=SCAN_PAGES)
        if not numbers:
            return []
    pages = store_db.iter_pages(query, stored.id, besides=besides, numbers=numbers)
    return [number for number, text in pages if quote_on_page(quote, text)]
