"""`cada explain`, `cada remind`, `cada calendar`: the deadline engine, for people and cron."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from cada_tracker import messages as M
from cada_tracker.cli.app import JSON_OPTION, app, context, echo, emit_json
from cada_tracker.cli.fast import write_calendar
from cada_tracker.display import table_width
from cada_tracker.errors import UsageError


@app.command()
def explain(
    reference: str = typer.Argument(..., metavar="REF", help="Request reference."),
    json_: bool = JSON_OPTION,
) -> None:
    """How each date of a request was computed: start, period, clamp, franc day, weekends and
    holidays skipped by name, suspensions, articles, and the uncertain [U] alternatives."""
    from cada_tracker.law import explain_lines
    from cada_tracker.services.series import with_series
    from cada_tracker.services.show import load_one

    ctx = context()
    day = ctx.today
    d = load_one(ctx, reference, explain=True)
    assert d.facts is not None
    # issue 11, point 5: the series referral of the request's campaign (CRPA R343-3-1)
    d = with_series(ctx, d)
    assert d.facts is not None
    lines = explain_lines(d.facts, d.timeline)
    if json_:
        emit_json({
            "reference": d.view.reference,
            "today": day.isoformat(),
            "deadlines": [
                {**dl.to_json(), "steps": [s.text for s in dl.steps],
                 "alternatives": list(dl.alternatives)}
                for dl in d.timeline.deadlines
            ],
            "warnings": list(d.timeline.warnings),
            "lines": lines,
        })
        return
    for line in lines:
        echo(line)


@app.command()
def remind(
    within: int = typer.Option(
        7, "--within", metavar="DAYS", help="Also list actions due within DAYS days (to their "
        "act-by date)."
    ),
    check: bool = typer.Option(
        False, "--check", help="Exit 1 when one of your own actions is overdue or due today "
        "(its act-by date is today or past), for cron; print nothing else when all is well."
    ),
    all_actors: bool = typer.Option(
        False, "--all-actors", help="With --check, also exit 1 when an answer awaited from the "
        "authority or the CADA is late."
    ),
    wide: bool = typer.Option(
        False, "--wide", help="One whole line per request, whatever the terminal's width."
    ),
    json_: bool = JSON_OPTION,
) -> None:
    """What needs doing now: your own actions overdue or due within DAYS, then the answers
    awaited from the authority or the CADA (late ones say how many days)."""
    from cada_tracker.services import stored_status

    if within < 0:
        raise UsageError(M.DAYS_NEGATIVE.format(option="--within"))
    ctx = context()
    day = ctx.today
    if stored_status.usable(ctx):  # issue 13: the stored timelines (SQLite)
        selection = stored_status.Selection(due_within=within)
        with stored_status.many_rows():
            found = stored_status.rows(
                ctx, selection, stored_status.REMIND_JSON if json_ else stored_status.TABLE)
            alerts = stored_status.remind_alerts(found, day, all_actors=all_actors)
            if json_:
                stored_status.write_bytes(
                    stored_status.json_document(found, day, alerts.to_json()))
            elif found:
                lines = stored_status.table(found, day, stored_status.authority_names(ctx),
                                            width=table_width(wide))
                sys.stdout.write("\n".join(lines) + "\n")
            elif not check:
                echo(M.REMIND_NOTHING.format(days=within))
    else:
        from cada_tracker.render.text import status_lines
        from cada_tracker.services.status import remind_alerts, status_data

        data = status_data(ctx, due_within=within, full=json_)
        alerts = remind_alerts(data["requests"], all_actors=all_actors)
        if json_:
            emit_json({**data, **alerts.to_json()})
        elif data["requests"]:
            for line in status_lines(data, day, width=table_width(wide)):
                echo(line)
        elif not check:
            echo(M.REMIND_NOTHING.format(days=within))
    if check and alerts.alerts:
        if not json_:
            if alerts.due:
                typer.echo(M.REMIND_DUE.format(n=len(alerts.due)), err=True)
            if all_actors and alerts.late:
                typer.echo(M.REMIND_LATE_OTHERS.format(n=len(alerts.late)), err=True)
        raise typer.Exit(1)


@app.command()
def calendar(
    output: Path = typer.Option(
        # an output: never refused for not being readable (the fast path does not check it)
        None, "-o", "--output", metavar="FILE.ics", help="Write here (default: stdout).",
        readable=False,
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite FILE if it exists."),
    all_: bool = typer.Option(False, "--all", help="Include met and missed deadlines too."),
    mine: bool = typer.Option(
        False, "--mine", help="Only your own deadlines (refer, go to court), not the "
        "authority's nor the CADA's dates."
    ),
) -> None:
    """An iCalendar file (RFC 5545) of every pending deadline: your own on the day to act by
    (the safe date), with the legal last day and alarms a week and a day before; the
    authority's and the CADA's dates without alarms. Stable UIDs: importing again updates."""
    write_calendar(context(), output=output, force=force, every=all_, mine=mine)
