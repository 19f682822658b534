"""`cada show REF`: one request with everything attached to it (read path, no ORM on SQLite)."""

from __future__ import annotations

from datetime import date
from typing import Any

from cada_tracker import messages as M
from cada_tracker.domain.letters import frozen_letter_json
from cada_tracker.errors import NotFoundError
from cada_tracker.paths import Settings
from cada_tracker.services.requests import Derived, derive, request_json
from cada_tracker.storage.letters import frozen_letters
from cada_tracker.storage.sql import Query


def _load(query: Query, reference: str, today: date, explain: bool) -> Derived:
    from cada_tracker.storage.requests import load_references, load_residence, load_views
    from cada_tracker.textutil import suggest

    views = load_views(query, references=[reference])
    if not views:
        refs = load_references(query)
        raise NotFoundError(
            M.REQUEST_NOT_FOUND.format(reference=reference, hint=suggest(reference, refs))
        )
    return derive(views[0], today, load_residence(query), explain=explain)


def load_one(settings: Settings, reference: str, today: date, *, explain: bool = False) -> Derived:
    from cada_tracker.storage.sql import read_query

    with read_query(settings) as query:
        return _load(query, reference, today, explain)


def show_data(settings: Settings, reference: str, today: date) -> dict[str, Any]:
    from cada_tracker.storage import extras
    from cada_tracker.storage.sql import read_query

    with read_query(settings) as query:
        d = _load(query, reference, today, False)
        data = request_json(d, today)
        data["today"] = today.isoformat()
        data["letters"] = [frozen_letter_json(lt) for lt in frozen_letters(query, d.view.id)]
        data["documents"] = extras.documents_for_request(query, d.view.id)
        data["findings"] = extras.findings_for_request(query, d.view.id)
    return data
