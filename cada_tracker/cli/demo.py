"""`cada demo`."""

from __future__ import annotations

import typer

from cada_tracker import messages as M
from cada_tracker.cli import app as app_module
from cada_tracker.cli.app import app, echo, today


@app.command()
def demo(
    home: str = typer.Option(
        None, "--home", metavar="DIR",
        help="Where to build the demo (default: a fresh temporary folder; CADA_HOME is ignored "
        "so that your own data is never touched).",
    ),
) -> None:
    """Build the Montpellier case (Technopolice, 2020) and show its status and timeline."""
    import tempfile
    from pathlib import Path

    from cada_tracker.paths import Settings
    from cada_tracker.render.text import show_lines, status_lines
    from cada_tracker.services.demo import build
    from cada_tracker.services.show import show_data
    from cada_tracker.services.status import status_data

    chosen = home or app_module.explicit_home()
    target = Path(chosen).expanduser() if chosen else Path(tempfile.mkdtemp(prefix="cada-demo-"))
    settings = Settings(home=target.resolve())
    day = today()
    echo(M.DEMO_HOME.format(home=settings.home))
    build(settings, day)
    echo("")
    echo(M.DEMO_STATUS_TITLE)
    for line in status_lines(status_data(settings, day, show_all=True, full=False), day):
        echo(line)
    echo("")
    echo(M.DEMO_SHOW_TITLE.format(reference="2020-001"))
    for line in show_lines(show_data(settings, "2020-001", day), day):
        echo(line)
    echo("")
    echo(M.DEMO_FOOTER.format(home=settings.home))
