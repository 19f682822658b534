"""`cada letter` and `cada escalate`: letters from templates, and the CADA referral dossier.

This module is on the start-up path of every command (`cada --help` included): only typer,
the stdlib, the CLI helpers, the errors and the messages at module level. What a command needs
to run is imported when it runs: the letters service (the law engine and the storage layer,
about 100 ms), the renderers' FORMATS and fsutil (tempfile, random: a few ms).
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from cada_tracker.cli.app import (
    JSON_OPTION,
    PlainUsage,
    app,
    context,
    echo,
    echo_err,
    emit_json,
)
from cada_tracker.cli.series import escalate_campaign
from cada_tracker.display import shown
from cada_tracker.errors import UsageError
from cada_tracker.messages import campaigns as MC
from cada_tracker.messages import letters as M

_FORMATS = "text, markdown, html, pdf, eml"


class _LetterUsage(PlainUsage):
    other_forms = ("templates [--json]",)


@app.command(
    "letter",
    cls=_LetterUsage,
    help="Render the letter KIND for request REF; `cada letter templates` (the same command) "
    "lists the letter templates and where each comes from.\n\n"
    "KIND is demande, relance, demande-motifs, saisine-cada, information-saisine, recours-ta "
    "or a template of your own (default: the letter the request needs next). --json prints "
    "one JSON document: reference, kind, format, body (or path with -o), sha256, warnings.",
)
def letter_cmd(
    ref: str = typer.Argument(..., metavar="REF", help="Request reference; the word "
                              "'templates' lists the letter templates instead."),
    kind: str = typer.Argument(None, metavar="[KIND]", help="Letter to render (default: "
                               "the next one the request needs)."),
    fmt: str = typer.Option("text", "--format", "-f", metavar="FORMAT",
                            help=f"Output format: {_FORMATS}."),
    output: Path = typer.Option(None, "--output", "-o", metavar="FILE",
                                help="Write to FILE (required for pdf) instead of stdout."),
    force: bool = typer.Option(False, "--force", help="Replace FILE if it exists."),
    court: str = typer.Option(None, "--court", metavar="NAME", help="recours-ta: the court, "
                              "e.g. 'Tribunal administratif de Montpellier'."),
    allow_inadmissible: bool = typer.Option(
        False, "--allow-inadmissible", help="recours-ta: render it even when no court could "
        "admit it (referral out of time, court long stop passed), with a warning."),
    frais: str = typer.Option(None, "--frais", metavar="AMOUNT", help="recours-ta: ask the "
                              "court for AMOUNT euros of costs (CJA L761-1), e.g. 150 or "
                              "150.50."),
    open_format: bool = typer.Option(False, "--open-format", help="demande: ask for the "
                                     "documents in an open, reusable format (CRPA L300-4)."),
    arguments_file: Path = typer.Option(
        None, "--arguments-file", metavar="FILE", help="Your own arguments (UTF-8 text, "
        "paragraphs separated by a blank line), stored with the request, replacing earlier "
        "ones, and quoted by saisine-cada and recours-ta in this and later letters."),
    from_file: str = typer.Option(
        None, "--from-file", metavar="FILE", help="Replace the draft demande of REF, before it "
        "is sent, with your own text (UTF-8), frozen as it is when you log `sent`; refused "
        "once sent."),
    json_: bool = JSON_OPTION,
) -> None:
    if from_file is not None:  # issue 11: the draft replaced by the user's text
        if (ref == "templates" or kind not in (None, "demande") or output is not None
                or court is not None or frais is not None or open_format or allow_inadmissible
                or arguments_file is not None or force or fmt != "text"):
            raise UsageError(MC.FROM_FILE_ALONE)
        _replace_draft(ref, from_file, json_)
        return
    if ref == "templates":
        if (kind is not None or output is not None or court is not None or frais is not None
                or open_format or allow_inadmissible):
            raise UsageError(M.TEMPLATES_NO_ARGS)
        if arguments_file is not None:
            raise UsageError(M.TEMPLATES_NO_ARGUMENTS)
        _list_templates(json_)
        return
    from cada_tracker.fsutil import check_target, write_atomic
    from cada_tracker.render.letterdoc import FORMATS

    fmt = (fmt or "").lower()
    if fmt == "md":
        fmt = "markdown"
    if fmt not in FORMATS:
        raise UsageError(M.UNKNOWN_FORMAT.format(fmt=fmt, formats=_FORMATS))
    if fmt == "pdf" and output is None:
        raise UsageError(M.PDF_NEEDS_OUTPUT)
    ctx = context()
    if output is not None:
        check_target(output, force=force, settings=ctx.settings)  # fail before any work

    from cada_tracker.services import letters as service

    result = service.letter(ctx, ref, kind, fmt, court=court, frais=frais,
                            open_format=open_format, inadmissible_ok=allow_inadmissible,
                            arguments=arguments_file)
    for note in result.notes:
        echo_err(note)
    if output is not None:
        write_atomic(output, result.data, force=force, settings=ctx.settings)
    if json_:
        import hashlib  # stdlib, but it loads OpenSSL: kept off the start-up path

        emit_json({
            "reference": ref,
            "kind": result.kind,
            "chosen": result.chosen,
            "format": fmt,
            "body": None if output is not None else result.data.decode("utf-8"),
            "path": str(output) if output is not None else None,
            "sha256": hashlib.sha256(result.data).hexdigest(),
            "warnings": result.notes[1:] if result.chosen else list(result.notes),
        })
        return
    if output is None:
        # The bytes as rendered (no newline added); a text-only stdout gets the same text.
        if hasattr(sys.stdout, "buffer"):
            sys.stdout.buffer.write(result.data)
        else:
            sys.stdout.write(result.data.decode("utf-8"))
        sys.stdout.flush()
        return
    echo_err(M.WROTE.format(path=output))


def _replace_draft(ref: str, path: str, json_: bool) -> None:
    from cada_tracker.services import letters as service

    row = service.replace_draft(context(), ref, path)
    if json_:
        emit_json({"reference": ref, "kind": "demande", "origin": row.origin,
                   "sha256": row.sha256, "body": row.body})
        return
    echo_err(MC.FROM_FILE_DONE.format(reference=ref, path=shown(path), sha=row.sha256[:12]))


def _list_templates(json_: bool) -> None:
    from cada_tracker.services import letters as service

    ctx = context()
    settings = ctx.settings
    rows = service.templates(ctx)
    if json_:
        emit_json({"user_dir": str(settings.templates_dir), "templates": rows})
        return
    echo(M.TEMPLATES_HEADER)
    for row in rows:
        origin = M.TEMPLATE_ORIGIN_NAMES.get(row["origin"], row["origin"])
        echo(f"{row['kind']:<20} {origin:<26} {row['path']}")
    echo(M.TEMPLATES_USER_DIR.format(path=settings.templates_dir))


@app.command(
    "escalate",
    help="Build the CADA referral dossier of request REF (saisine-cada letter in text and PDF, "
    "numbered exhibits, bordereau) in a folder and a zip. Only after a refusal, unless --force.",
)
def escalate_cmd(
    ref: str = typer.Argument(None, metavar="REF"),
    output: Path = typer.Option(None, "--output", "-o", metavar="DIR",
                                help="Folder to create (default: ./saisine-cada-REF)."),
    force: bool = typer.Option(False, "--force", help="Build even if the state does not call "
                               "for a referral, and replace an existing folder and zip."),
    # issue 11, point 5: one referral for a series (CRPA R343-3-1), cli/series.py
    campaign: str = typer.Option(None, "--campaign", metavar="SLUG", help="The one referral "
                                 "of a series of five or more requests of campaign SLUG (CRPA "
                                 "R343-3-1), listing every authority, in a folder (default: "
                                 "./saisine-cada-SLUG)."),
    json_: bool = JSON_OPTION,
) -> None:
    from cada_tracker.services import letters as service

    if campaign is not None or ref is None:
        escalate_campaign(campaign, ref, output, force, json_)
        return
    dossier = service.escalate(context(), ref, output, force=force)
    for note in dossier.notes:
        echo_err(note)
    if json_:
        emit_json({
            "reference": ref,
            "folder": str(dossier.folder),
            "zip": str(dossier.zip_path),
            "files": dossier.files,
            "exhibits": [{"number": e.number, "title": e.title, "file": e.file,
                          "missing": bool(e.missing), "offer": e.offer or None}
                         for e in dossier.exhibits],
            "warnings": list(dossier.notes),
        })
        return
    for e in dossier.exhibits:
        offer = f" — {e.offer}" if e.missing and e.offer else ""
        echo(f"Pièce n° {e.number} : {e.title} ({e.file or M.ESCALATE_TO_JOIN}{offer})")
    for line in dossier.next_steps:
        echo(line)
