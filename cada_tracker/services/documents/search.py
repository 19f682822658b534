"""`cada search`: hits over document pages, requests, letters and findings; the reindex."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from cada_tracker import messages as CORE
from cada_tracker.context import Context
from cada_tracker.errors import CadaError, NotFoundError, UsageError
from cada_tracker.messages import documents as M
from cada_tracker.storage import search as fts
from cada_tracker.storage.sql import Query, session_query
from cada_tracker.textutil import suggest

if TYPE_CHECKING:
    from sqlmodel import Session


def rebuild_search_index(ctx: Context) -> dict[str, int]:
    """`cada search --reindex`: empty the index and fill it again from the tables."""
    with ctx.transaction() as session:
        _require_fts(session)
        return fts.rebuild(session)


def search(ctx: Context, query: str | None, request: str | None = None, *,
           limit: int = 50) -> list[dict[str, Any]]:
    """Hits for `query` (best first), in one request's items if `request` is a reference.

    On SQLite the read runs on `ctx.reading()` (plain sqlite3, no SQLAlchemy import);
    elsewhere, or with CADA_SEARCH_ORM set (tests compare both paths), on a SQLAlchemy
    session. An empty query, or one without a word, is a UsageError; an unknown `request` a
    NotFoundError."""
    if not query or not query.strip():
        raise UsageError(M.SEARCH_EMPTY_QUERY)
    if not fts.fts_query(query):
        raise UsageError(M.SEARCH_NO_WORDS.format(query=M.shown(query)))
    if ctx.settings.sqlite_path is None or os.environ.get("CADA_SEARCH_ORM"):
        return _search_session(ctx, query, request, limit)
    with ctx.reading() as q:
        return fts.search(q, query, request_id=_request_id(q, request), limit=limit)


def _request_id(q: Query, request: str | None) -> int | None:
    """The id of the request `--request` names (None without one), or NotFoundError with the
    closest references. The search path reads it through storage.search alone: it does not
    load the request read path (storage.requests), which a search does not need."""
    if not request:
        return None
    request_id = fts.request_id(q, request)
    if request_id is None:
        raise NotFoundError(CORE.REQUEST_NOT_FOUND.format(
            reference=request, hint=suggest(request, fts.references(q))))
    return request_id


def _search_session(ctx: Context, query: str, request: str | None,
                    limit: int) -> list[dict[str, Any]]:
    with ctx.transaction() as session:
        _require_fts(session)
        q = session_query(session)
        return fts.search(q, query, request_id=_request_id(q, request), limit=limit)


def _require_fts(session: Session) -> None:
    if not fts.enabled(session):
        raise CadaError(M.SEARCH_UNSUPPORTED.format(dialect=fts.dialect_name(session)))
