"""`cada demo`."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import typer

from cada_tracker import messages as M
from cada_tracker.cli.app import app, echo, explicit_home, today
from cada_tracker.context import Context
from cada_tracker.display import table_width
from cada_tracker.paths import Settings


@app.command()
def demo(
    home: str = typer.Option(
        None, "--home", metavar="DIR",
        help="Where to build the demo (default: a fresh temporary folder; CADA_HOME is ignored "
        "so that your own data is never touched).",
    ),
) -> None:
    """Build the Montpellier case (Technopolice, 2020) and show its status and timeline."""
    from cada_tracker.render.text import show_lines, status_lines
    from cada_tracker.services import demo as service

    chosen = home or explicit_home()
    target = Path(chosen).expanduser() if chosen else Path(tempfile.mkdtemp(prefix="cada-demo-"))
    ctx = Context(settings=Settings(home=target.resolve()), today=today())
    echo(M.DEMO_HOME.format(home=ctx.settings.home))
    status, shown = service.run(ctx)
    echo("")
    echo(M.DEMO_STATUS_TITLE)
    for line in status_lines(status, ctx.today, width=table_width()):
        echo(line)
    echo("")
    echo(M.DEMO_SHOW_TITLE.format(reference=service.SHOWN_REFERENCE))
    for line in show_lines(shown, ctx.today):
        echo(line)
    echo("")
    # the demo is a SQLite home of its own: with CADA_DATABASE_URL set (a shared server),
    # `--home` alone would read the server, so the way back to the demo names its file
    where = f"--home {ctx.settings.home}"
    if os.environ.get("CADA_DATABASE_URL"):
        where += f" --db sqlite:///{ctx.settings.home / 'cada.db'}"
    echo(M.DEMO_FOOTER.format(where=where))
