"""`cada import --from alaveteli FILE` (hidden alias: `cada import-alaveteli`): a request made
on an Alaveteli site such as Ma Dada, imported with its events so that its deadlines follow."""

from __future__ import annotations

import typer

from cada_tracker.cli.app import JSON_OPTION, app, context, echo, echo_err, emit_json
from cada_tracker.display import shown
from cada_tracker.messages import alaveteli as MA


def import_alaveteli_command(
    file: str,
    authority: str | None = None,
    department: str | None = None,
    reference: str | None = None,
    site: str | None = None,
    json_: bool = False,
) -> None:
    """Import one Alaveteli request (FILE: the request's JSON, /request/<url_title>.json), print
    what was recorded, and the notes on stderr. Shared by `cada import --from alaveteli` and
    its hidden alias `import-alaveteli`."""
    from cada_tracker.services.alaveteli import ImportOptions, import_json, import_request

    ctx = context()
    result = import_request(ctx, ImportOptions(file, authority, department, reference, site))
    if json_:
        emit_json(import_json(result, ctx.today))
    else:
        view = result.derived.view
        echo(MA.ALAVETELI_IMPORTED.format(
            len(result.plan.events), reference=view.reference,
            url_title=shown(result.site.url_title), authority=result.authority_slug,
            state=result.derived.state))
        for p in result.plan.events:
            echo(MA.ALAVETELI_EVENT_LINE.format(
                date=p.on.isoformat(), kind=p.kind,
                outcome=f" ({p.outcome})" if p.outcome else "",
                type=shown(p.source.type), at=shown(p.source.raw_at)))
    for line in result.warnings:
        echo_err(line)


@app.command("import-alaveteli", hidden=True)  # the same as `cada import --from alaveteli`
def import_alaveteli(
    file: str = typer.Argument(..., metavar="FILE.json", help="The request's JSON as the "
                               "Alaveteli site publishes it (/request/<url_title>.json)."),
    authority: str = typer.Option(None, "--authority", metavar="SLUG", help="Link the request "
                                  "to this authority of yours."),
    department: str = typer.Option(None, "--department", metavar="CODE", help="Create the "
                                   "authority from the public body, in this department "
                                   "(INSEE code)."),
    reference: str = typer.Option(None, "--reference", metavar="REF", help="The request's "
                                  "reference (default: YEAR-NNN of the year it was sent)."),
    site: str = typer.Option(None, "--site", metavar="URL", help="The site's address (e.g. "
                             "https://madada.fr): the request's page is kept in its note."),
    json_: bool = JSON_OPTION,
) -> None:
    """Import a request made on an Alaveteli site (Ma Dada...) with its events."""
    import_alaveteli_command(file, authority, department, reference, site, json_)
