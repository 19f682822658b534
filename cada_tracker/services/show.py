"""`cada show REF`: one request with everything attached to it."""

from __future__ import annotations

from datetime import date
from typing import Any

from cada_tracker import messages as M
from cada_tracker.errors import NotFoundError
from cada_tracker.paths import Settings
from cada_tracker.services.requests import derive, request_json


def load_one(
    settings: Settings, reference: str, today: date, *, explain: bool = False
):  # noqa: ANN201
    from cada_tracker.services.authorities import suggest
    from cada_tracker.storage.reader import (
        load_references,
        load_residence,
        load_views,
        read_query,
    )

    with read_query(settings) as query:
        views = load_views(query, references=[reference])
        if not views:
            refs = load_references(query)
            raise NotFoundError(
                M.REQUEST_NOT_FOUND.format(reference=reference, hint=suggest(reference, refs))
            )
        residence = load_residence(query)
    return derive(views[0], today, residence, explain=explain)


def _extras(settings: Settings, request_id: int) -> dict[str, Any]:
    """Letters as sent, documents and findings of one request."""
    from cada_tracker.db import session_scope
    from cada_tracker.services.documents import documents_for_request
    from cada_tracker.services.findings import findings_for_request
    from cada_tracker.services.letters import frozen_letters

    with session_scope(settings) as session:
        return {
            "letters": frozen_letters(session, request_id),
            "documents": documents_for_request(session, request_id),
            "findings": findings_for_request(session, request_id),
        }


def show_data(settings: Settings, reference: str, today: date) -> dict[str, Any]:
    d = load_one(settings, reference, today)
    data = request_json(d, today)
    data["today"] = today.isoformat()
    data.update(_extras(settings, d.view.id))
    return data
