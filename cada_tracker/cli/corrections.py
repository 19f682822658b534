"""`cada edit`, `cada delete`, `cada event list/edit/delete`, `cada document detach`: mistakes
that change (issue 11, point 8). Parse, call one service (services/corrections.py), render.

On the --help path: at module level only typer and the light modules of the project.
"""

from __future__ import annotations

import sys
from typing import Any

import typer

from cada_tracker import messages as M
from cada_tracker.cli.app import JSON_OPTION, PlainTyper, app, context, echo, echo_err, emit_json
from cada_tracker.cli.documents import document_app
from cada_tracker.dates import parse_date
from cada_tracker.display import shown
from cada_tracker.domain import CHANNELS
from cada_tracker.errors import UsageError

event_app = PlainTyper(
    help="The events of a request, with their ids: list them, correct one, delete one.",
    rich_markup_mode=None,
    no_args_is_help=True,
)
app.add_typer(event_app, name="event")


def _moved(moved: list[dict[str, Any]]) -> None:
    for m in moved:
        if m["before"] is None:
            echo(M.DEADLINE_NEW.format(kind=m["kind"], new=m["after"]))
        elif m["after"] is None:
            echo(M.DEADLINE_GONE.format(kind=m["kind"], old=m["before"]))
        else:
            echo(M.DEADLINE_MOVED.format(kind=m["kind"], old=m["before"], new=m["after"]))


def _corrected_json(result: Any, today: Any, **extra: Any) -> dict[str, Any]:  # noqa: ANN401
    from cada_tracker.services.derived import request_json

    return {**extra, "moved_deadlines": result.moved, "notes": result.notes,
            "request": request_json(result.derived, today)}


@app.command()
def edit(
    reference: str = typer.Argument(..., metavar="REF", help="Request reference."),
    subject: str = typer.Option(None, "--subject", "-s", help="New subject (a draft only)."),
    document: list[str] = typer.Option(
        None, "--document", "-d", help="The documents requested, replacing the list (repeat "
        "for each; a draft only)."
    ),
    channel: str = typer.Option(
        None, "--channel", help=", ".join(CHANNELS) + ". After sending: recorded as a note "
        "event, and the deadlines follow (the channel dates the deemed receipt)."
    ),
    note: str = typer.Option(None, "--note", help="New private note ('' clears it)."),
    json_: bool = JSON_OPTION,
) -> None:
    """Change the subject, documents requested, channel or note of a request (subject and
    documents only before it is sent); its draft letter is drafted again."""
    from cada_tracker.services.corrections import OPTION_OF, RequestChanges, edit_request

    ctx = context()
    result = edit_request(ctx, reference, RequestChanges(
        subject, list(document) if document else None, channel, note))
    if json_:
        emit_json(_corrected_json(result, ctx.today, changed=result.changed))
        return
    for line in result.notes:
        echo_err(line)
    echo(M.EDIT_DONE.format(reference=result.derived.view.reference,
                            fields=", ".join(OPTION_OF[f] for f in result.changed) or "-"))
    _moved(result.moved)


@app.command()
def delete(
    reference: str = typer.Argument(..., metavar="REF", help="Request reference."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
    json_: bool = JSON_OPTION,
) -> None:
    """Delete a draft request, its items and its draft letter (never a request with
    history: exit 4)."""
    from cada_tracker.services.corrections import delete_request

    def confirm(ref: str, subject: str) -> bool:
        if yes:
            return True
        if not sys.stdin.isatty():
            raise UsageError(M.DELETE_NEEDS_YES.format(reference=ref))
        return typer.confirm(M.DELETE_CONFIRM.format(reference=ref, subject=shown(subject)))

    ctx = context()
    done = delete_request(ctx, reference, confirm)
    if json_:
        emit_json({"reference": reference, "deleted": done})
    else:
        echo(M.DELETE_DONE.format(reference=reference) if done else M.DELETE_CANCELLED)


def _change(entry: dict[str, Any]) -> str:
    before, after = entry["before"] or {}, entry["after"] or {}
    if entry["action"] == "delete":
        return f"{before.get('kind')} {before.get('date')}"
    keys = [k for k in sorted({*before, *after}) if before.get(k) != after.get(k)]
    return "; ".join(f"{k} {before.get(k)} -> {after.get(k)}" for k in keys)


@event_app.command("list")
def event_list(
    reference: str = typer.Argument(..., metavar="REF", help="Request reference."),
    json_: bool = JSON_OPTION,
) -> None:
    """The events of a request with their ids, and the corrections made to them."""
    from cada_tracker.services.corrections import list_events

    data = list_events(context(), reference)
    if json_:
        emit_json(data)
        return
    echo(M.EVENT_LIST_HEADER.format(reference=data["reference"]))
    if not data["events"]:
        echo(M.EVENT_LIST_EMPTY)
    for e in data["events"]:
        flags = M.EVENT_FLAG_FORCED if e.get("forced") else ""
        for lt in e.get("letters", []):
            flags += M.EVENT_FLAG_LETTER.format(kind=lt["kind"])
        if e.get("documents"):
            flags += M.EVENT_FLAG_DOCUMENTS.format(ids=",".join(map(str, e["documents"])))
        echo(M.EVENT_LIST_LINE.format(
            id=e["id"], date=e["date"], kind=e["kind"],
            outcome=f" {e['outcome']}" if e["outcome"] else "", flags=flags,
            note=f"  {shown(e['note'])}" if e["note"] else ""))
    if data["corrections"]:
        echo(M.EVENT_LIST_AUDIT)
        for entry in data["corrections"]:
            echo(M.EVENT_LIST_AUDIT_LINE.format(
                at=entry["at"][:19], event=entry["event"], action=entry["action"],
                change=shown(_change(entry))))


def _event_done(result: Any, template: str, event: str, json_: bool) -> None:  # noqa: ANN401
    from cada_tracker.services.corrections import parse_event_id

    ctx = context()
    view = result.derived.view
    if json_:
        emit_json(_corrected_json(result, ctx.today, event=result.event))
        return
    for line in result.notes:
        echo_err(line)
    echo(template.format(reference=view.reference, event=parse_event_id(event),
                         kind=result.event["kind"], date=result.event["date"],
                         state=result.derived.state))
    _moved(result.moved)


@event_app.command("edit")
def event_edit(
    event: str = typer.Argument(..., metavar="ID", help="Event id (`cada event list REF`)."),
    on: str = typer.Option(None, "--on", metavar="YYYY-MM-DD", help="The right date."),
    outcome: str = typer.Option(None, "--outcome", help="The right outcome (reply, "
                                "cada-opinion, ...)."),
    note: str = typer.Option(None, "--note", help="New note ('' clears it)."),
    complete: bool = typer.Option(
        None, "--complete/--incomplete", help="acknowledged: it states the implicit-decision "
        "date and the remedies (CRPA R112-5)."
    ),
    mentions_remedies: bool = typer.Option(
        None, "--mentions-remedies/--no-mentions-remedies",
        help="reply: the decision stated the remedies and time limits (CRPA L311-14).",
    ),
    channel: str = typer.Option(None, "--channel", help="cada-sent: how the referral went."),
    notified_on: str = typer.Option(
        None, "--notified-on", metavar="YYYY-MM-DD", help="legal-aid-decided: the day the "
        "decision was notified to you."
    ),
    lawyer_designated_on: str = typer.Option(
        None, "--lawyer-designated-on", metavar="YYYY-MM-DD", help="legal-aid-decided: the "
        "day a lawyer was designated."
    ),
    force: bool = typer.Option(
        False, "--force", help="Correct it even if the state machine refuses the result."
    ),
    json_: bool = JSON_OPTION,
) -> None:
    """Correct a mistyped event (checked as `cada log` checks it; an audit line is kept; the
    deadlines follow)."""
    from cada_tracker.services.corrections import EventChanges, edit_event

    changes = EventChanges(
        on=parse_date(on, what="--on") if on is not None else None,
        outcome=outcome, note=note, complete=complete, mentions_remedies=mentions_remedies,
        channel=channel,
        notified_on=parse_date(notified_on, what="--notified-on")
        if notified_on is not None else None,
        lawyer_designated_on=parse_date(lawyer_designated_on, what="--lawyer-designated-on")
        if lawyer_designated_on is not None else None,
        force=force,
    )
    result = edit_event(context(), event, changes)
    _event_done(result, M.EVENT_EDITED, event, json_)


@event_app.command("delete")
def event_delete(
    event: str = typer.Argument(..., metavar="ID", help="Event id (`cada event list REF`)."),
    force: bool = typer.Option(
        False, "--force", help="Delete it even if the rest of the history no longer holds."
    ),
    json_: bool = JSON_OPTION,
) -> None:
    """Delete a mistyped event, its item outcomes and the letter frozen on it (kept in the
    audit line); its documents stay with the request."""
    from cada_tracker.services.corrections import delete_event

    result = delete_event(context(), event, force=force)
    _event_done(result, M.EVENT_DELETED, event, json_)


@document_app.command("detach")
def document_detach(
    doc: str = typer.Argument(..., metavar="ID", help="Document id (DOC n)."),
    reference: str = typer.Argument(..., metavar="REF", help="The request it was attached to."),
    remove_evidence: bool = typer.Option(
        False, "--remove-evidence", help="Remove the evidence of findings that quotes it "
        "(otherwise refused, exit 4)."
    ),
    json_: bool = JSON_OPTION,
) -> None:
    """Undo an attach to the wrong request: the document and its parts go; the stored file
    stays while any document links it."""
    from cada_tracker.services.corrections import detach_document

    data = detach_document(context(), doc, reference, remove_evidence=remove_evidence)
    if json_:
        emit_json(data)
        return
    echo(M.DETACH_DONE.format(doc=data["document"],
                              reference=data["request"], n=len(data["detached"])))
    if data["findings"]:
        echo(M.DETACH_EVIDENCE_REMOVED.format(
            findings=", ".join(f"F{f}" for f in data["findings"])))
    for f in data["files"]:
        if f["removed"]:
            echo(M.DETACH_FILE_REMOVED.format(sha256=f["sha256"][:12]))
        else:
            echo(M.DETACH_FILE_KEPT.format(sha256=f["sha256"][:12],
                                           ids=", ".join(f"DOC {d}" for d in f["documents"])))
