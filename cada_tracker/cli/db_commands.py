"""`cada db path|status|backup`."""

from __future__ import annotations

from pathlib import Path

import typer

from cada_tracker import messages as M
from cada_tracker.cli.app import JSON_OPTION, PlainTyper, app, echo, emit_json, settings
from cada_tracker.errors import UsageError

db_app = PlainTyper(help="Where the database is, its schema, and backups.",
                     rich_markup_mode=None, no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("path")
def db_path() -> None:
    """Print the database location (file path for SQLite, else the URL)."""
    s = settings()
    echo(str(s.sqlite_path) if s.sqlite_path else s.database_url)


@db_app.command("status")
def db_status(json_: bool = JSON_OPTION) -> None:
    """Schema version, size and row counts (creates nothing)."""
    from cada_tracker.storage.db import SCHEMA_HEAD, sqlite_revision

    s = settings()
    path = s.sqlite_path
    data: dict = {"url": s.database_url, "file": str(path) if path else None,
                  "head": SCHEMA_HEAD, "revision": None, "size": None, "counts": {}}
    tables = ("request", "authority", "event", "document")
    if path is not None:
        rev = sqlite_revision(path)
        data["revision"] = rev
        if path.exists():
            data["size"] = path.stat().st_size
        if rev is not None:  # read as it is: an older schema is reported, not upgraded
            from cada_tracker.storage.db import connect_read_only

            con = connect_read_only(path)
            try:
                for table in tables:
                    row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
                    data["counts"][table] = row[0]
            finally:
                con.close()
    else:
        from cada_tracker.storage.db import server_status

        data["revision"], data["counts"] = server_status(s, tables)
    if json_:
        emit_json(data)
        return
    rev = data["revision"]
    state = "" if rev is None else (M.DB_SCHEMA_CURRENT if rev == SCHEMA_HEAD else M.DB_SCHEMA_OLD)
    c = data["counts"]
    echo(M.DB_STATUS_LINES.format(
        url=data["url"], file=data["file"] or "-",
        size=data["size"] if data["size"] is not None else M.DB_NOT_CREATED,
        revision=rev or M.DB_NOT_CREATED, head=SCHEMA_HEAD, state=state,
        requests=c.get("request", 0), authorities=c.get("authority", 0),
        events=c.get("event", 0), documents=c.get("document", 0),
    ))


@db_app.command("backup")
def db_backup(
    target_arg: str = typer.Argument(
        None, metavar="FILE", help="Where to write (default: cada-YYYYMMDD-HHMMSS.db in the home)."
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite FILE if it exists."),
) -> None:
    """A consistent copy of the database, safe while other cada processes use it."""
    import sqlite3
    from datetime import datetime

    from cada_tracker.errors import CadaError, StorageError
    from cada_tracker.fsutil import check_target
    from cada_tracker.storage.db import ensure_schema, sqlite_backup

    s = settings()
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
    echo(M.BACKUP_DONE.format(path=target, size=target.stat().st_size))
