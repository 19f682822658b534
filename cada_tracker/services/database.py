"""`cada db status|backup`: what the database is, and a consistent copy of it."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

from cada_tracker import messages as M
from cada_tracker.context import Context
from cada_tracker.errors import CadaError, StorageError, UsageError
from cada_tracker.fsutil import check_target
from cada_tracker.paths import shown_url
from cada_tracker.storage.db import (
    SCHEMA_HEAD,
    check_revision,
    ensure_schema,
    server_status,
    sqlite_backup,
    sqlite_counts,
    sqlite_revision,
)


def status(ctx: Context) -> dict[str, Any]:
    """URL, file, schema revision and head, size and row counts; creates nothing and never
    upgrades (an older schema is reported as it is; a newer one is exit 5, as for every
    other command)."""
    s = ctx.settings
    path = s.sqlite_path
    data: dict[str, Any] = {"url": shown_url(s.database_url), "file": str(path) if path else None,
                            "head": SCHEMA_HEAD, "revision": None, "size": None, "counts": {},
                            "store": str(s.documents_dir)}
    if path is not None:
        rev = sqlite_revision(path)
        check_revision(rev, str(path))
        data["revision"] = rev
        if path.exists():
            data["size"] = path.stat().st_size
        if rev is not None:
            data["counts"] = sqlite_counts(path)
    else:
        data["revision"], data["counts"] = server_status(s)
        check_revision(data["revision"], s.database_url)
    return data


def backup(ctx: Context, target_arg: str | None, *, force: bool) -> Path:
    """Copy the SQLite database to `target_arg` (default: cada-YYYYMMDD-HHMMSS.db in the
    home) with SQLite's online backup, safe while other processes write."""
    s = ctx.settings
    path = s.sqlite_path
    if path is None:
        raise UsageError(M.DB_BACKUP_NOT_SQLITE)
    ensure_schema(s)
    if target_arg is not None and not target_arg.strip():
        raise UsageError(M.EMPTY_VALUE.format(what="FILE"))
    target = Path(target_arg) if target_arg is not None else None
    if target is None:
        target = s.home / f"cada-{datetime.now():%Y%m%d-%H%M%S}.db"
    if target.resolve() == path.resolve():
        raise UsageError(M.DB_BACKUP_ONTO_ITSELF.format(path=target))
    check_target(target, force=force, settings=s)
    if not target.parent.is_dir():
        raise CadaError(M.OUTPUT_FOLDER_MISSING.format(path=target.parent))
    try:
        sqlite_backup(path, target)
    except (OSError, sqlite3.Error) as exc:
        target.with_name(target.name + ".tmp").unlink(missing_ok=True)
        raise StorageError(M.OUTPUT_NOT_WRITABLE.format(path=target, reason=exc)) from None
    return target
