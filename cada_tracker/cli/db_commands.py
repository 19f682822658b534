"""`cada db path|status|backup`."""

from __future__ import annotations

import typer

from cada_tracker import messages as M
from cada_tracker.cli.app import JSON_OPTION, PlainTyper, app, context, echo, emit_json
from cada_tracker.paths import shown_url

db_app = PlainTyper(help="Where the database is, its schema, and backups.",
                     rich_markup_mode=None, no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("path")
def db_path() -> None:
    """Print the database location (file path for SQLite, else the URL)."""
    s = context().settings
    echo(str(s.sqlite_path) if s.sqlite_path else shown_url(s.database_url))


@db_app.command("status")
def db_status(json_: bool = JSON_OPTION) -> None:
    """Schema version, size and row counts (creates nothing)."""
    from cada_tracker.services import database

    data = database.status(context())
    if json_:
        emit_json(data)
        return
    rev, head = data["revision"], data["head"]
    state = "" if rev is None else (M.DB_SCHEMA_CURRENT if rev == head else M.DB_SCHEMA_OLD)
    c = data["counts"]
    echo(M.DB_STATUS_LINES.format(
        url=data["url"], file=data["file"] or "-", store=data["store"],
        # a server's database has no file of its own to measure
        size=data["size"] if data["size"] is not None else (
            M.DB_NOT_CREATED if data["file"] else "-"),
        revision=rev or M.DB_NOT_CREATED, head=head, state=state,
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
    from cada_tracker.services import database

    target = database.backup(context(), target_arg, force=force)
    echo(M.BACKUP_DONE.format(path=target, size=target.stat().st_size))
