"""`cada export` and `cada import`: parse, call one service (services/exchange.py), render.

This module is on the --help path: only typer, the stdlib and light project modules at module
level. `cada import` keeps its own options few: another source of requests (`--from`) may be
added beside FILE and dispatch to its own service.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from cada_tracker.cli.alaveteli import import_alaveteli_command
from cada_tracker.cli.app import JSON_OPTION, app, context, echo, echo_err, emit_json
from cada_tracker.display import shown
from cada_tracker.errors import UsageError
from cada_tracker.messages import exchange as M

EXPORT_FORMATS = ("json", "csv")


@app.command("export")
def export_command(
    campaign: str = typer.Option(
        None, "--campaign", metavar="SLUG", help="Only this campaign's requests (with their "
        "authorities, documents and findings)."
    ),
    output: Path = typer.Option(
        None, "-o", "--output", metavar="FILE", help="Write here (default: stdout)."
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite FILE if it exists."),
    fmt: str = typer.Option(
        "json", "--format", metavar="json|csv", help="json: everything recorded, "
        "re-importable (default); csv: one row per request for spreadsheets, not re-importable."
    ),
    with_documents: Path = typer.Option(
        None, "--with-documents", metavar="DIR", help="Also copy the stored files of the "
        "exported documents into DIR (created if missing), each named by its SHA-256."
    ),
    anonymise: bool = typer.Option(
        False, "--anonymise", help="Leave out your name, address and e-mail (no profile; "
        "replaced in letters and notes): for sharing, not re-importable."
    ),
) -> None:
    """Export the record of this home (or of one campaign): JSON that `cada import` reads back
    into any home, or CSV for spreadsheets. Deadlines and next actions are not in the JSON:
    they are recomputed from the events."""
    from cada_tracker.fsutil import check_target, write_atomic
    from cada_tracker.services import exchange

    if fmt not in EXPORT_FORMATS:
        raise UsageError(M.EXPORT_BAD_FORMAT.format(value=fmt))
    if fmt == "csv" and with_documents is not None:
        raise UsageError(M.EXPORT_CSV_NO_DOCUMENTS)
    ctx = context()
    if output is not None:
        check_target(output, force=force, settings=ctx.settings)
    count = 0
    if fmt == "csv":
        text = exchange.export_csv(ctx, campaign=campaign)
        count = text.count("\r\n") - 1
    else:
        data = exchange.export_data(ctx, campaign=campaign, anonymise=anonymise)
        count = len(data["requests"])
        if with_documents is not None:
            copied = exchange.copy_documents(ctx, data, with_documents)
            echo_err(M.EXPORT_DOCUMENTS_COPIED.format(copied, path=with_documents))
        text = exchange.export_json_text(data)
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    write_atomic(output, text.encode("utf-8"), force=force, settings=ctx.settings)
    echo(M.EXPORT_WRITTEN.format(count, path=output))


@app.command("import")
def import_command(
    file: str = typer.Argument(..., metavar="FILE", help="A JSON file written by `cada export`."),
    documents: str = typer.Option(
        None, "--documents", metavar="DIR", help="The folder written by `cada export "
        "--with-documents`: the stored files, named by SHA-256 (each is verified)."
    ),
    merge: bool = typer.Option(
        False, "--merge", help="Add the records missing here and keep, as they are, those "
        "that differ (listed); without it, any difference refuses the whole import."
    ),
    source: str = typer.Option(
        "cada", "--from", metavar="FORMAT", help="What FILE is: cada (a `cada export`, the "
        "default) or alaveteli (a request's JSON as an Alaveteli site such as Ma Dada "
        "publishes it, /request/<url_title>.json)."
    ),
    authority: str = typer.Option(
        None, "--authority", metavar="SLUG", help="--from alaveteli: link the request to this "
        "authority of yours."
    ),
    department: str = typer.Option(
        None, "--department", metavar="CODE", help="--from alaveteli: create the authority "
        "from the public body, in this department (INSEE code)."
    ),
    reference: str = typer.Option(
        None, "--reference", metavar="REF", help="--from alaveteli: the request's reference "
        "(default: YEAR-NNN of the year it was sent)."
    ),
    site: str = typer.Option(
        None, "--site", metavar="URL", help="--from alaveteli: the site's address (e.g. "
        "https://madada.fr); the request's page is kept in its note."
    ),
    json_: bool = JSON_OPTION,
) -> None:
    """Import an export into this home, in one transaction: records already here and identical
    are skipped; one here with other content refuses everything (exit 4) unless --merge. With
    --from alaveteli: a request made on an Alaveteli site, with its events."""
    from cada_tracker.services.exchange import import_json

    if source not in ("cada", "alaveteli"):
        raise UsageError(M.IMPORT_BAD_FROM.format(value=shown(source)))
    alaveteli_only = {"--authority": authority, "--department": department,
                      "--reference": reference, "--site": site}
    if source == "alaveteli":
        if documents is not None or merge:
            raise UsageError(M.IMPORT_NOT_FOR_ALAVETELI)
        import_alaveteli_command(file, authority, department, reference, site, json_)
        return
    given = [name for name, value in alaveteli_only.items() if value is not None]
    if given:
        raise UsageError(M.IMPORT_ONLY_ALAVETELI.format(options=", ".join(given)))

    report = import_json(context(), file, documents, merge)
    if json_:
        emit_json(report.to_json())
        return
    added = report.added
    echo(M.IMPORT_DONE.format(
        added["requests"], authorities=added["authorities"],
        campaigns=added["campaigns"], findings=added["findings"], files=added["files"],
        unchanged=report.unchanged))
    for kind, key in report.differs:
        echo(M.IMPORT_DIFFERS.format(kind=kind, key=key))
