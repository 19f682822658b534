"""`cada db path|status|backup|copy|restore`."""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager

import typer

from cada_tracker import messages as M
from cada_tracker.cli.app import JSON_OPTION, PlainTyper, app, context, echo, emit_json
from cada_tracker.messages import database as MD
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
        None, metavar="FILE",
        help="Where to write (default: cada-YYYYMMDD-HHMMSS.db in the home; .dump on PostgreSQL).",
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite FILE if it exists."),
) -> None:
    """A consistent copy of the database, safe while others use it (pg_dump on PostgreSQL)."""
    from cada_tracker.services import database

    ctx = context()
    target = database.backup(ctx, target_arg, force=force)
    if ctx.settings.sqlite_path is None:
        echo(MD.BACKUP_SERVER_DONE.format(path=target, size=target.stat().st_size,
                                          restore=database.restore_hint(ctx, target)))
        return
    echo(M.BACKUP_DONE.format(path=target, size=target.stat().st_size))


@db_app.command("copy")
def db_copy(
    to: str = typer.Option(..., "--to", metavar="URL",
                           help="The database to copy to: postgresql://... or sqlite:///PATH."),
    force: bool = typer.Option(False, "--force",
                               help="Replace the content of a target that holds a cada database."),
    json_: bool = JSON_OPTION,
) -> None:
    """Copy the whole database to another one (SQLite or PostgreSQL) and verify it."""
    from cada_tracker.services import db_copy

    with _copy_progress() as progress:
        report = db_copy.copy(context(), to, force=force, progress=progress)
    if json_:
        emit_json(report.as_json())
        return
    echo(MD.COPY_DONE.format(report.rows, tables=len(report.tables), url=report.target))
    for name, (rows, digest) in report.tables.items():
        echo(MD.COPY_TABLE_LINE.format(table=name, rows=rows, hash=digest[:16]))
    echo(MD.COPY_VERIFIED)
    if report.index_rows is not None:
        echo(MD.COPY_REBUILT.format(rows=report.index_rows))
    if report.derived:
        echo(MD.COPY_LEFT_TO_REBUILD.format(tables=", ".join(report.derived)))


@contextmanager
def _copy_progress():  # noqa: ANN202
    """One line on stderr, rewritten in place, when stderr is a terminal; else nothing."""
    if not sys.stderr.isatty():
        yield None
        return
    state = {"last": 0.0, "shown": False}

    def show(table: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - state["last"] < 0.2 and done < total:
            return
        state["last"], state["shown"] = now, True
        sys.stderr.write("\r\x1b[K" + MD.COPY_PROGRESS.format(table=table, done=done,
                                                              total=total))
        sys.stderr.flush()

    try:
        yield show
    finally:
        if state["shown"]:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


@db_app.command("restore")
def db_restore(
    file: str = typer.Argument(..., metavar="FILE", help="A backup written by `cada db backup`."),
) -> None:
    """Put back a backup (checked first; the current database is kept in a file of its own)."""
    from cada_tracker.services import db_copy

    report = db_copy.restore(context(), file)
    if report.kept is not None:
        echo(MD.RESTORE_KEPT.format(path=report.kept))
    c = report.counts
    echo(MD.RESTORE_DONE.format(path=report.path, revision=report.revision,
                                requests=c.get("request", 0), authorities=c.get("authority", 0),
                                documents=c.get("document", 0)))
    if not report.current:
        echo(MD.RESTORE_OLDER_SCHEMA)
