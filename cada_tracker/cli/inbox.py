"""`cada inbox`, `cada inbox show/classify/dismiss`: the messages brought back, waiting for the
user to say what they are (issue 12, point 3).

On the start-up path of every command: only typer, the CLI helpers and the messages at module
level; the service is imported when a command runs."""

from __future__ import annotations

from typing import Any

import typer

from cada_tracker import messages as CM
from cada_tracker.cli.app import JSON_OPTION, PlainTyper, app, context, echo, emit_json
from cada_tracker.cli.requests import (
    COMPLETE_OPTION,
    FORCE_OPTION,
    GROUNDS_OPTION,
    ITEMS_OPTION,
    LAWYER_DESIGNATED_ON_OPTION,
    MENTIONS_REMEDIES_OPTION,
    NOT_HELD_ITEMS_OPTION,
    NOTE_OPTION,
    NOTIFIED_ON_OPTION,
    OUTCOME_OPTION,
    REFUSED_ITEMS_OPTION,
    event_data,
)
from cada_tracker.display import shown
from cada_tracker.errors import UsageError
from cada_tracker.messages import mail as M
from cada_tracker.messages import mail_import as MI

inbox_app = PlainTyper(
    help="The messages brought back by `cada mail import`, waiting for you to say what they "
    "are: list them with a suggested classification, show one, classify it (the event is "
    "recorded on the day it was received), or dismiss it.",
    rich_markup_mode=None,
    invoke_without_command=True,
)
app.add_typer(inbox_app, name="inbox")

_ID = typer.Argument(..., metavar="ID", help="The message's number, as `cada inbox` shows it.")


def _line(value: Any) -> str:  # noqa: ANN401
    return shown(" ".join(str(value).split())) if value is not None else ""


@inbox_app.callback()
def inbox(
    typer_ctx: typer.Context,
    all_: bool = typer.Option(False, "--all", help="Every message brought back: also those "
                              "classified, dismissed or not filed with a request."),
    json_: bool = JSON_OPTION,
) -> None:
    """The messages waiting to be classified, oldest received first, each with a suggested
    classification and its reason."""
    if typer_ctx.invoked_subcommand is not None:
        return
    from cada_tracker.services.inbox import inbox_list

    data = inbox_list(context(), include_all=all_)
    if json_:
        emit_json({"messages": data})
        return
    if not data:
        echo(M.INBOX_EMPTY_ALL if all_ else M.INBOX_EMPTY)
        return
    waiting = sum(1 for m in data if m["status"] == "inbox")
    for m in data:
        _echo_entry(m)
    echo(M.INBOX_COUNT.format(waiting))


def _echo_entry(m: dict[str, Any]) -> None:
    attachments = M.INBOX_ATTACHMENTS.format(m["attachments"]) if m["attachments"] else ""
    echo(M.INBOX_LINE.format(
        id=m["id"], reference=m["reference"] or "-", received_on=m["received_on"],
        sender=_line(m["from"]) or M.INBOX_UNKNOWN_SENDER, attachments=attachments))
    echo(M.INBOX_SUBJECT.format(subject=_line(m["subject"]) or M.INBOX_NO_SUBJECT))
    s = m["suggestion"]
    if m["status"] == "inbox":
        if s["command"]:
            echo(M.INBOX_SUGGESTED.format(command=s["command"]))
            echo(M.INBOX_WHY.format(reason=s["text"]))
        else:
            echo(M.INBOX_NO_SUGGESTION.format(reason=s["text"]))
    elif m["status"] == "classified":
        echo(M.INBOX_DONE_CLASSIFIED.format(event_id=m["event_id"], reference=m["reference"]))
    elif m["status"] == "dismissed":
        echo(M.INBOX_DONE_DISMISSED)
    else:
        echo(M.INBOX_DONE_UNMATCHED.format(id=m["id"]))


@inbox_app.command()
def show(
    message: str = _ID,
    json_: bool = JSON_OPTION,
) -> None:
    """One message: its headers, the request it was filed with, its text and attachments."""
    from cada_tracker.services.inbox import inbox_show, parse_id

    data = inbox_show(context(), parse_id(message))
    if json_:
        emit_json(data)
        return
    echo(M.SHOW_TITLE.format(id=data["id"], status=M.INBOX_STATUS_NAMES.get(
        data["status"], data["status"])))
    if data["reference"]:
        how = MI.MATCHED_HOW.get(data["matched_by"], data["matched_by"])
        echo(M.SHOW_REQUEST.format(reference=data["reference"], matched_by=how))
    else:
        echo(M.SHOW_NO_REQUEST.format(id=data["id"]))
    for template, key in ((M.SHOW_FROM, "from"), (M.SHOW_TO, "to"), (M.SHOW_SUBJECT, "subject"),
                          (M.SHOW_MESSAGE_ID, "message_id"), (M.SHOW_DATE_HEADER, "header_date"),
                          (M.SHOW_ARRIVAL, "arrival"), (M.SHOW_RECEIVED_ON, "received_on"),
                          (M.SHOW_DOCUMENT, "document"), (M.SHOW_EVENT, "event_id")):
        if data[key] is not None and data[key] != "":
            value = _line(data[key])
            echo(template.format(value=value, document=value, event_id=value))
    if data["attachments"]:
        echo(M.SHOW_ATTACHMENTS)
        for a in data["attachments"]:
            echo(M.SHOW_ATTACHMENT.format(document=a["document"] or "-", name=_line(a["name"]),
                                          media_type=a["media_type"] or "?", size=a["size"]))
    else:
        echo(M.SHOW_NO_ATTACHMENT)
    s = data["suggestion"]
    if data["status"] == "inbox":
        if s["command"]:
            echo(M.INBOX_SUGGESTED.format(command=s["command"]).strip())
            echo(M.INBOX_WHY.format(reason=s["text"]).strip())
        else:
            echo(M.INBOX_NO_SUGGESTION.format(reason=s["text"]).strip())
    echo(M.SHOW_TEXT)
    text = data["text"].strip()
    for line in (text.splitlines() if text else [M.SHOW_NO_TEXT]):
        echo(shown(line))


@inbox_app.command()
def classify(
    message: str = _ID,
    as_: str = typer.Option(None, "--as", metavar="EVENT", help="The event this message is "
                            "(acknowledged, reply, cada-registered, cada-opinion, ...); the "
                            "other options are those of `cada log` for that event."),
    outcome: str = OUTCOME_OPTION,
    note: str = NOTE_OPTION,
    complete: bool = COMPLETE_OPTION,
    mentions_remedies: bool = MENTIONS_REMEDIES_OPTION,
    force: bool = FORCE_OPTION,
    notified_on: str = NOTIFIED_ON_OPTION,
    lawyer_designated_on: str = LAWYER_DESIGNATED_ON_OPTION,
    items: list[str] = ITEMS_OPTION,
    refused_items: list[str] = REFUSED_ITEMS_OPTION,
    grounds: list[str] = GROUNDS_OPTION,
    not_held_items: list[str] = NOT_HELD_ITEMS_OPTION,
    json_: bool = JSON_OPTION,
) -> None:
    """Record the event a message is, on the day it was received (Europe/Paris), not today;
    its documents are linked to the event and it leaves the inbox."""
    from cada_tracker.services.derived import request_json
    from cada_tracker.services.inbox import classify as classify_message
    from cada_tracker.services.inbox import incoming_kinds, parse_id

    message_pk = parse_id(message)
    if not as_:
        raise UsageError(M.INBOX_AS_REQUIRED.format(allowed=", ".join(incoming_kinds())))
    ctx = context()
    data = event_data(
        as_, ctx.today, outcome=outcome, note=note, complete=complete,
        mentions_remedies=mentions_remedies, force=force, notified_on=notified_on,
        lawyer_designated_on=lawyer_designated_on, items=items, refused_items=refused_items,
        grounds=grounds, not_held_items=not_held_items,
    )
    done = classify_message(ctx, message_pk, data)
    view, event = done.derived.view, done.event
    if json_:
        emit_json({"message": message_pk, "event_id": done.event_id,
                   "linked_documents": done.linked,
                   "request": request_json(done.derived, ctx.today)})
        return
    echo(M.INBOX_CLASSIFIED.format(
        id=message_pk, kind=CM.EVENT_NAMES.get(event.kind, event.kind),
        outcome=f" ({CM.OUTCOME_NAMES.get(event.outcome, event.outcome)})"
        if event.outcome else "", reference=view.reference, date=event.date.isoformat(),
        state=CM.STATE_NAMES.get(done.derived.state, done.derived.state))
        + (CM.EVENT_FORCED if event.forced else ""))
    if done.linked:
        echo(M.INBOX_LINKED.format(done.linked))


@inbox_app.command()
def dismiss(
    message: str = _ID,
    json_: bool = JSON_OPTION,
) -> None:
    """Take a message out of the inbox without recording an event (spam, a duplicate); its
    documents stay with the request."""
    from cada_tracker.services.inbox import dismiss as dismiss_message
    from cada_tracker.services.inbox import parse_id

    msg = dismiss_message(context(), parse_id(message))
    if json_:
        emit_json({"message": msg.id, "status": msg.status})
        return
    echo(M.INBOX_DISMISSED.format(id=msg.id))
