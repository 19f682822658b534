"""`cada stats` (issue 11, point 4): statistics per authority, with terminal bar charts."""

from __future__ import annotations

import typer

from cada_tracker import display
from cada_tracker.cli.app import JSON_OPTION, app, context, echo, emit_json
from cada_tracker.dates import parse_date


@app.command("stats")
def stats(
    campaign: str = typer.Option(None, "--campaign", metavar="SLUG",
                                 help="Only the requests of this campaign."),
    authority: str = typer.Option(None, "--authority", "-a", metavar="SLUG",
                                  help="Only the requests to this authority."),
    since: str = typer.Option(None, "--since", metavar="YYYY-MM-DD",
                              help="Only the requests first sent on or after this day."),
    json_: bool = JSON_OPTION,
) -> None:
    """Per authority: requests sent, answered within the month, median and 90th percentile days
    to reply, late replies, outcomes, CADA referrals, favourable opinions and compliance after
    them, court cases; with bar charts."""
    from cada_tracker.render.stats import stats_lines
    from cada_tracker.services.stats import compute

    ctx = context()
    day = parse_date(since, what="--since") if since is not None else None
    data = compute(ctx, campaign=campaign, authority=authority, since=day)
    if json_:
        emit_json(data)
        return
    for line in stats_lines(data, unicode=display.is_terminal()):
        echo(line)
