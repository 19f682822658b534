"""The context of one command: settings, today, the document store, the unit of work.

Built once per invocation by the CLI's root callback (kept in click's context object, never in
a module global) and handed to every service explicitly. Tests build their own.

- `ctx.transaction()`: one unit of work (a SQLAlchemy session committed at the end of the block,
  rolled back on error). Services open it themselves; the CLI never does.
- `ctx.writing()`: one unit of work as plain SQL (a `storage.sql.Unit`: sqlite3 with
  BEGIN IMMEDIATE on SQLite, no SQLAlchemy; the ORM's session elsewhere): `cada new`, `cada log`.
- `ctx.reading()`: a read-only `storage.sql.Query` (plain sqlite3 on SQLite: no SQLAlchemy).
- `ctx.store`: the content-addressed document store of the home, or the shared folder named
  by `--store`/`CADA_STORE` (which must exist and be a folder).
- `ctx.store_writes()`: the store lock for this invocation (re-entrant), removing the blobs a
  failed block created; in a named store, the database is recorded as one of its writers.
- `ctx.other_databases()`: the other databases that wrote into the store (their blobs are
  never this database's to remove).

Only the stdlib is imported at module level: this module is on the `--help` path.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

from cada_tracker.paths import Settings

if TYPE_CHECKING:
    from sqlmodel import Session

    from cada_tracker.storage.blobstore import Store
    from cada_tracker.storage.sql import Query, Unit


@dataclass(frozen=True, eq=False)
class Context:
    settings: Settings
    today: date
    # the global --home given on the command line (not CADA_HOME), if any: `cada demo` uses it
    explicit_home: str | None = None
    # blobs created under the store lock held by this invocation (see store_writes)
    _held: dict[str, list[str]] = field(default_factory=dict, repr=False)

    @property
    def made_by(self) -> str:
        """Who this invocation records as the maker of what it writes (--as, CADA_USER, else
        the system user name)."""
        return self.settings.made_by

    def transaction(self, *, create: bool = True) -> AbstractContextManager[Session]:
        """One unit of work: commit at the end of the block, roll back on any error."""
        from cada_tracker.storage.db import session_scope

        return session_scope(self.settings, create=create)

    def writing(self, *, create: bool = True) -> AbstractContextManager[Unit]:
        """One unit of work as SQL: commit at the end of the block, roll back on any error."""
        from cada_tracker.storage.sql import write_unit

        return write_unit(self.settings, create=create)

    def reading(self) -> AbstractContextManager[Query]:
        """A read-only Query: plain sqlite3 when the database is a SQLite file."""
        from cada_tracker.storage.sql import read_query

        return read_query(self.settings)

    @cached_property
    def store(self) -> Store:
        from cada_tracker.storage.blobstore import Store

        store = Store(self.settings.documents_dir)
        if self.settings.store is not None:
            store.check_root()
        return store

    def other_databases(self) -> list[str]:
        """The databases other than this one recorded as writers of the store."""
        mine = self.settings.database_identity
        return [d for d in self.store.databases() if d != mine]

    @contextmanager
    def store_writes(self) -> Iterator[list[str]]:
        """The store lock, and the removal of the blobs newly created if the block fails.

        Yields the list of new blobs (ingest fills it). Put the whole transaction inside it
        (`with ctx.store_writes() as created, ctx.transaction() as session:`): then a failed
        commit removes the blobs too, and no other attach can link one of them before the
        commit. Re-entrant within an invocation (a second flock on the same file would wait
        for ever): an inner block joins the outer one, whose outcome decides.
        """
        key = str(self.store.root)
        if key in self._held:
            yield self._held[key]
            return
        created: list[str] = []
        with self.store.lock():
            if self.settings.store is not None:
                self.store.register(self.settings.database_identity)
            self._held[key] = created
            try:
                yield created
            except BaseException:
                self.store.discard(created)
                raise
            finally:
                del self._held[key]
