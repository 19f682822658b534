"""`cada show REF`: one request with everything attached to it (read path, no ORM on SQLite)."""

from __future__ import annotations

from datetime import date
from typing import Any

from cada_tracker import messages as M
from cada_tracker.context import Context
from cada_tracker.domain.documents import (
    DocumentRecord,
    FindingRecord,
    document_json,
    finding_json,
)
from cada_tracker.domain.letters import frozen_letter_json, letters_as_of
from cada_tracker.errors import NotFoundError
from cada_tracker.services.derived import Derived, derive, request_json, require_existed
from cada_tracker.services.items import derive_items, item_json
from cada_tracker.storage.documents import load_documents
from cada_tracker.storage.findings import load_findings
from cada_tracker.storage.letters import frozen_letters
from cada_tracker.storage.requests import (
    item_outcomes,
    load_references,
    load_residence,
    load_views,
    request_arguments,
)
from cada_tracker.storage.sql import Query
from cada_tracker.textutil import suggest


def _load(query: Query, reference: str, today: date, explain: bool) -> Derived:
    views = load_views(query, references=[reference])
    if not views:
        refs = load_references(query)
        raise NotFoundError(
            M.REQUEST_NOT_FOUND.format(reference=reference, hint=suggest(reference, refs))
        )
    require_existed(views[0], today)
    return derive(views[0], today, load_residence(query), explain=explain)


def _received_by(doc: DocumentRecord, today: date) -> bool:
    """A document received on or before today (its received date, else its event's date)."""
    day = doc.received_on or (doc.event.date if doc.event is not None else None)
    return day is None or day <= today


def _findings_as_of(findings: list[FindingRecord], later: set[int]) -> list[FindingRecord]:
    """The findings without the quotes of documents received after today; a finding that only
    such documents back is left out (it could not be made yet)."""
    if not later:
        return findings
    out = []
    for f in findings:
        evidence = [e for e in f.evidence if e.document_id not in later]
        if evidence or not f.evidence:
            out.append(f._replace(evidence=evidence))
    return out


def load_one(ctx: Context, reference: str, *, explain: bool = False) -> Derived:
    """One request derived as of ctx.today (explain=True: with the explanation steps)."""
    with ctx.reading() as query:
        return _load(query, reference, ctx.today, explain)


def show_data(ctx: Context, reference: str) -> dict[str, Any]:
    """`cada show --json`: the request object, its letters as sent, documents, findings."""
    today = ctx.today
    with ctx.reading() as query:
        d = _load(query, reference, today, False)
        data = request_json(d, today)
        data["today"] = today.isoformat()
        # as of today: the letters sent and the documents received by then
        data["letters"] = [frozen_letter_json(lt)
                           for lt in letters_as_of(frozen_letters(query, d.view.id), today)]
        documents = load_documents(query, request_id=d.view.id)
        data["documents"] = [document_json(doc) for doc in documents if _received_by(doc, today)]
        later = {doc.id for doc in documents if not _received_by(doc, today)}
        data["findings"] = [finding_json(f) for f in
                            _findings_as_of(load_findings(query, request_id=d.view.id), later)]
        # issue 9 (7a, 10): each document requested with its outcome; the requester's arguments
        items = derive_items(d.view.items, item_outcomes(query, d.view.id), d.view.events, today)
        data["items"] = [item_json(item) for item in items]
        data["arguments"] = request_arguments(query, d.view.id)
    return data
