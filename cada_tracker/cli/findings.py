"""`cada finding add|evidence|list|show|edit|remove`: parse, call one service
(services/findings/), render. On the --help path: each command imports its service module."""

from __future__ import annotations

from typing import Any

import typer

from cada_tracker.cli.app import JSON_OPTION, PlainTyper, app, context, echo, emit_json
from cada_tracker.messages import documents as M
from cada_tracker.messages.documents import shown

finding_app = PlainTyper(
    help="What the documents revealed, each fact backed by quotes (document, page, hash).",
    rich_markup_mode=None,
    no_args_is_help=True,
)
app.add_typer(finding_app, name="finding")


def _summary_line(f: dict[str, Any]) -> str:
    tags = " ".join(M.FINDING_TAG.format(tag=shown(t)) for t in f["tags"])
    return M.FINDING_LINE.format(
        id=f["id"], title=shown(f["title"]), requests=", ".join(f["requests"]) or "-",
        count=f.get("evidence_count", len(f.get("evidence", []))),
        flag=M.ILLUSTRATIVE_FLAG if f.get("illustrative") else "",
        tags=M.FINDING_TAGS.format(tags=tags) if tags else "",
    )


@finding_app.command("add")
def finding_add(
    title: str = typer.Argument(..., metavar="TITLE", help="The finding, in one sentence."),
    summary: str = typer.Option(None, "--summary", help="A longer explanation."),
    request: list[str] = typer.Option(None, "--request", metavar="REF",
                                      help="A request it comes from (repeat)."),
    tag: list[str] = typer.Option(None, "--tag", help="A tag (repeat)."),
    json_: bool = JSON_OPTION,
) -> None:
    """Record a finding. Prints its id (F1, F2...)."""
    from cada_tracker.services.findings.editing import add_finding

    data = add_finding(context(), title, summary=summary, requests=list(request or []),
                       tags=list(tag or []))
    if json_:
        emit_json(data)
    else:
        echo(M.FINDING_REF.format(id=data["id"]))


@finding_app.command("evidence")
def finding_evidence(
    finding: str = typer.Argument(..., metavar="FINDING", help="Finding id."),
    document: str = typer.Option(..., "--document", metavar="DOC", help="Document id."),
    page: str = typer.Option(..., "--page", metavar="N", help="Page number (1 = first)."),
    quote: str = typer.Option(..., "--quote", metavar="TEXT", help="The exact words."),
    unverified: bool = typer.Option(
        False, "--unverified",
        help="Record the quote even if it cannot be found on the page (e.g. no text layer).",
    ),
    json_: bool = JSON_OPTION,
) -> None:
    """Back a finding with a quote; the quote must be on that page (accents, case and spacing
    ignored) unless --unverified. Exit 1 when it is not."""
    from cada_tracker.services.findings.evidence import add_evidence
    from cada_tracker.services.findings.quotes import parse_page

    number = parse_page(page)  # before opening the database: a usage error is exit 2
    data = add_evidence(context(), finding, document, number, quote, unverified=unverified)
    if json_:
        emit_json(data)
    else:
        mark = M.EVIDENCE_VERIFIED if data["verified"] else M.EVIDENCE_NOT_VERIFIED
        echo(M.EVIDENCE_ADDED.format(mark=mark, **data))


@finding_app.command("list")
def finding_list(
    request: str = typer.Option(None, "--request", metavar="REF", help="Only this request's."),
    tag: str = typer.Option(None, "--tag", help="Only findings with this tag."),
    json_: bool = JSON_OPTION,
) -> None:
    """List findings."""
    from cada_tracker.services.findings.queries import list_findings

    items = list_findings(context(), request=request, tag=tag)
    if json_:
        emit_json({"findings": items})
        return
    if not items:
        filters = [M.FINDING_FILTER_REQUEST.format(request=shown(request))] \
            if request is not None else []
        filters += [M.FINDING_FILTER_TAG.format(tag=shown(tag))] if tag is not None else []
        echo(M.NO_FINDING_MATCHES.format(filters=" ".join(filters)) if filters
             else M.NO_FINDINGS)
    for f in items:
        echo(_summary_line(f))


@finding_app.command("show")
def finding_show(
    finding: str = typer.Argument(..., metavar="FINDING", help="Finding id."),
    json_: bool = JSON_OPTION,
) -> None:
    """A finding with its evidence: document, page, quote and the SHA-256 of the file."""
    from cada_tracker.services.findings.queries import show_finding

    data = show_finding(context(), finding)
    if json_:
        emit_json(data)
        return
    for line in _show_lines(data):
        echo(line)


def _show_lines(data: dict[str, Any]) -> list[str]:
    lines = [M.FINDING_SHOW_HEADER.format(
        id=data["id"], title=shown(data["title"]),
        flag=M.ILLUSTRATIVE_FLAG if data["illustrative"] else "")]
    if data["summary"]:
        # a summary may span lines: each is shown on its own, indented
        lines += [M.FINDING_SHOW_SUMMARY.format(line=shown(line))
                  for line in data["summary"].splitlines() or [""]]
    lines.append(M.FINDING_SHOW_REQUESTS.format(requests=", ".join(data["requests"]) or "-"))
    if data["tags"]:
        lines.append(M.FINDING_SHOW_TAGS.format(tags=", ".join(shown(t) for t in data["tags"])))
    if not data["evidence"]:
        lines.append(M.FINDING_SHOW_NO_EVIDENCE)
    for e in data["evidence"]:
        lines.append(M.FINDING_SHOW_EVIDENCE.format(
            document=e["document"], name=shown(e["name"]), request=e["request"], page=e["page"],
            mark=M.EVIDENCE_VERIFIED if e["verified"] else M.EVIDENCE_NOT_VERIFIED,
            extra=M.FINDING_SHOW_ILLUSTRATIVE_DOC if e["illustrative"] else ""))
        lines.append(M.FINDING_SHOW_QUOTE.format(quote=shown(e["quote"])))
        lines.append(M.FINDING_SHOW_SHA256.format(
            sha256=e["sha256"], state="" if e["sha256_matches"] else M.FINDING_SHOW_FILE_CHANGED))
    return lines


@finding_app.command("edit")
def finding_edit(
    finding: str = typer.Argument(..., metavar="FINDING", help="Finding id."),
    title: str = typer.Option(None, "--title", help="New title."),
    summary: str = typer.Option(None, "--summary", help="New summary ('' to clear)."),
    tag: list[str] = typer.Option(None, "--tag", help="Add a tag (repeat)."),
    untag: list[str] = typer.Option(None, "--untag", help="Remove a tag (repeat)."),
    request: list[str] = typer.Option(None, "--request", metavar="REF",
                                      help="Link a request (repeat)."),
    unlink: list[str] = typer.Option(None, "--unlink", metavar="REF",
                                     help="Unlink a request (repeat)."),
    json_: bool = JSON_OPTION,
) -> None:
    """Change a finding's title, summary, tags or requests."""
    from cada_tracker.services.findings.editing import edit_finding

    data = edit_finding(context(), finding, title=title, summary=summary,
                        add_tags=list(tag or []), remove_tags=list(untag or []),
                        add_requests=list(request or []), remove_requests=list(unlink or []))
    if json_:
        emit_json(data)
    else:
        echo(_summary_line(data))


@finding_app.command("remove")
def finding_remove(
    finding: str = typer.Argument(..., metavar="FINDING", help="Finding id."),
) -> None:
    """Delete a finding and its evidence (the documents stay)."""
    from cada_tracker.services.findings.editing import remove_finding

    fid = remove_finding(context(), finding)
    echo(M.FINDING_REMOVED.format(id=fid))
