"""`cada db status|backup`: what the database is, and a consistent copy of it (SQLite's
online backup, or pg_dump on PostgreSQL)."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

from cada_tracker import messages as M
from cada_tracker.context import Context
from cada_tracker.errors import CadaError, StorageError, UsageError
from cada_tracker.fsutil import check_target
from cada_tracker.messages import database as MD
from cada_tracker.paths import shown_url
from cada_tracker.storage.db import (
    SCHEMA_HEAD,
    check_revision,
    ensure_home,
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
        check_revision(data["revision"], shown_url(s.database_url))
    return data


def backup(ctx: Context, target_arg: str | None, *, force: bool) -> Path:
    """Copy the SQLite database to `target_arg` (default: cada-YYYYMMDD-HHMMSS.db in the
    home) with SQLite's online backup, safe while other processes write."""
    s = ctx.settings
    path = s.sqlite_path
    if target_arg is not None and not target_arg.strip():
        raise UsageError(M.EMPTY_VALUE.format(what="FILE"))
    if path is None:
        return server_backup(ctx, target_arg, force=force)
    ensure_schema(s)
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
        raise StorageError(M.OUTPUT_NOT_WRITABLE.format(path=target, reason=exc)) from None
    return target


def server_backup(ctx: Context, target_arg: str | None, *, force: bool) -> Path:
    """`cada db backup` on PostgreSQL: `pg_dump`, custom format (plain SQL when FILE ends in
    .sql), to a temporary file renamed into place once pg_dump succeeded. The password goes
    to pg_dump in its environment, never on its command line."""
    import os
    import shutil
    import subprocess
    import tempfile

    from sqlalchemy.engine import make_url

    s = ctx.settings
    program = shutil.which("pg_dump")
    if program is None:
        raise CadaError(MD.BACKUP_PG_DUMP_MISSING)
    target = (Path(target_arg) if target_arg is not None
              else s.home / f"cada-{datetime.now():%Y%m%d-%H%M%S}.dump")
    check_target(target, force=force, settings=s)
    if target_arg is None:
        ensure_home(s)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise CadaError(M.OUTPUT_FOLDER_MISSING.format(path=folder))
    url = make_url(s.database_url)
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    conninfo = url.set(drivername="postgresql", password=None).render_as_string(
        hide_password=False)
    plain = target.suffix.lower() == ".sql"
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise StorageError(M.OUTPUT_NOT_WRITABLE.format(path=target, reason=exc.strerror)) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        proc = subprocess.run(  # noqa: S603 - a program found on PATH, arguments as a list
            [program, "--no-password", f"--format={'plain' if plain else 'custom'}",
             f"--file={tmp}", f"--dbname={conninfo}"],
            env=env, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            lines = [line for line in proc.stderr.splitlines() if line.strip()]
            reason = lines[0].removeprefix("pg_dump: ").removeprefix("error: ") if lines else (
                f"exit status {proc.returncode}")
            raise StorageError(MD.BACKUP_PG_DUMP_FAILED.format(reason=reason))
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def restore_hint(ctx: Context, target: Path) -> str:
    """How to put a server backup back (the URL without its password)."""
    import shlex

    from sqlalchemy.engine import make_url

    url = make_url(ctx.settings.database_url).set(drivername="postgresql")
    shown = url.render_as_string(hide_password=True)
    if target.suffix.lower() == ".sql":
        return f"psql {shlex.quote(shown)} -f {shlex.quote(str(target))}"
    return f"pg_restore --clean --if-exists -d {shlex.quote(shown)} {shlex.quote(str(target))}"
