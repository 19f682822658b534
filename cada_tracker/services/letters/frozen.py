"""The `demande` stored with the request: drafted by `cada new`, frozen as sent by
`cada log REF sent`. Both run inside the transaction of services/requests.py (they take its
session); neither imports that module."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import TYPE_CHECKING

from cada_tracker.paths import Settings
from cada_tracker.services.letters.compose import render_doc
from cada_tracker.services.letters.facts import load
from cada_tracker.storage import search
from cada_tracker.storage.db import now

if TYPE_CHECKING:
    from sqlmodel import Session

    from cada_tracker.storage.tables import Event, Letter, Request


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def add_letter(
    session: Session,
    *,
    request_id: int,
    kind: str,
    body: str,
    frozen: bool,
    event_id: int | None = None,
) -> Letter:
    """Store a rendered letter with its SHA-256 and index it, in the caller's transaction."""
    from cada_tracker.storage.tables import Letter  # the tables import SQLModel

    row = Letter(request_id=request_id, kind=kind, body=body, sha256=sha256_text(body),
                 frozen=frozen, event_id=event_id, created_at=now())
    session.add(row)
    session.flush()
    search.index_letter(session, row)
    return row


def _demande_text(session: Session, settings: Settings, request: Request, when: date) -> str:
    loaded = load(session, request, when, need_timeline=False)
    result = render_doc(loaded, settings, "demande", when, use_frozen=False)
    return result.doc.text()  # never the specimen mark: the body must parse back (parse_text)


def draft_for_new(session: Session, settings: Settings, request: Request, today: date) -> Letter:
    """Render the `demande` and add it as a draft letter (frozen=False); return the row."""
    assert request.id is not None
    body = _demande_text(session, settings, request, today)
    return add_letter(session, request_id=request.id, kind="demande", body=body, frozen=False)


def freeze_on_sent(session: Session, settings: Settings, request: Request,
                   event: Event) -> Letter:
    """Freeze the `demande` as sent: rendered now, as `cada letter REF demande` prints it, dated
    the day it was sent, and stored with its SHA-256 and the `sent` event. Profile, authority or
    template changes after `cada new` are in it; changes after sending never are."""
    assert request.id is not None
    body = _demande_text(session, settings, request, event.occurred_on)
    return add_letter(session, request_id=request.id, kind="demande", body=body, frozen=True,
                      event_id=event.id)
