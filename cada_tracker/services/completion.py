"""Shell completion: the words of the database a shell offers after `cada ... <TAB>`.

Each function answers with what it can read and with nothing at all otherwise: a missing or
broken home, a database of an older or newer schema, a locked file. Completion never creates,
migrates or repairs anything, and never prints (the shell would show it under the prompt).
On a SQLite file the reads go through the stdlib `sqlite3` module, so completing does not
import SQLAlchemy; a server database is read through the ordinary read path.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from cada_tracker.context import Context
from cada_tracker.render.templates import available_kinds
from cada_tracker.storage import authorities as authority_queries
from cada_tracker.storage import campaigns as campaign_queries
from cada_tracker.storage import requests as request_queries
from cada_tracker.storage.db import SCHEMA_HEAD, sqlite_revision
from cada_tracker.storage.sql import Query

T = TypeVar("T")


def _read(ctx: Context, reader: Callable[[Query], list[T]]) -> list[T]:
    path = ctx.settings.sqlite_path
    try:
        if path is not None and (not path.is_file() or sqlite_revision(path) != SCHEMA_HEAD):
            return []  # no database yet, or one a command would first have to migrate
        with ctx.reading() as query:
            return reader(query)
    except Exception:  # noqa: BLE001 - completion offers nothing rather than an error
        return []


def references(ctx: Context) -> list[tuple[str, str]]:
    """(reference, subject) of every request."""
    return _read(ctx, request_queries.references_and_subjects)


def authority_slugs(ctx: Context) -> list[tuple[str, str]]:
    """(slug, name) of every authority."""
    return sorted(_read(ctx, authority_queries.slugs_and_names))


def campaign_slugs(ctx: Context) -> list[str]:
    """The slug of every campaign."""
    return _read(ctx, campaign_queries.campaign_slugs)


def letter_kinds(ctx: Context) -> list[str]:
    """The letter templates: the packaged ones and the user's own (in the home)."""
    try:
        return available_kinds(ctx.settings.templates_dir)
    except OSError:  # an unreadable folder of user templates: the packaged ones
        return available_kinds(None)
