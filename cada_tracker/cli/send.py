"""`cada send REF` (issue 12): the letter sent from the user's own mailbox over SMTP, through
an outbox, then its event recorded (services/mail/send.py).

On the start-up path of every command: only typer and the CLI helpers at module level."""

from __future__ import annotations

import typer

from cada_tracker.cli.app import JSON_OPTION, app, context, echo, echo_err, emit_json
from cada_tracker.dates import parse_date
from cada_tracker.messages import mail_send as M

BODY_LINES = 8  # --dry-run shows the body's first lines


@app.command(
    "send",
    help="Send the letter KIND of request REF by e-mail from your own mailbox (`cada mail "
    "setup`): the letter as text, its PDF attached (a saisine-cada with its exhibits), "
    "'Réf. REF' in the subject; then record its event (sent, reminder-sent, cada-sent, "
    "cada-informed, reasons-requested) on the day of sending, the letter frozen.",
)
def send_cmd(
    ref: str = typer.Argument(..., metavar="REF"),
    letter: str = typer.Option(None, "--letter", metavar="KIND", help="demande, relance, "
                               "demande-motifs, saisine-cada or information-saisine (default: "
                               "the letter the request needs next)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print what would go (from, to, "
                                 "subject, attachments, the body's first lines); record and "
                                 "send nothing."),
    resend: bool = typer.Option(False, "--resend", help="A message possibly sent (cada "
                                "stopped while handing it over) did not go: send it again, "
                                "same Message-ID."),
    mark_sent: bool = typer.Option(False, "--mark-sent", help="A message possibly sent did "
                                   "go: record its event without sending again."),
    discard: bool = typer.Option(False, "--discard", help="Drop the message waiting in the "
                                 "outbox when it never reached the server (pending)."),
    on: str = typer.Option(None, "--on", metavar="YYYY-MM-DD", help="The day to record the "
                           "event on (default: the day of sending, in Europe/Paris)."),
    json_: bool = JSON_OPTION,
) -> None:
    from cada_tracker.services.mail import send as service

    day = parse_date(on, what="--on") if on is not None else None
    result = service.send(context(), ref, letter, dry_run=dry_run, resend=resend,
                          mark_sent=mark_sent, discard=discard, on=day)
    for note in result.notes:
        echo_err(note)
    if json_:
        emit_json(result.to_json())
        return
    if result.action == "sent":
        echo(M.SEND_DONE.format(kind=result.kind, reference=ref, to=result.to_addr,
                                message_id=result.message_id, event=result.event,
                                date=result.on.isoformat() if result.on else ""))
        return
    if result.action == "marked-sent":
        echo(M.SEND_MARKED.format(event=result.event, reference=ref,
                                  message_id=result.message_id,
                                  date=result.on.isoformat() if result.on else ""))
        return
    if result.action == "discarded":
        echo(M.SEND_DISCARDED.format(kind=result.kind, message_id=result.message_id,
                                     reference=ref))
        return
    if result.outbox_id is not None:
        echo(M.SEND_DRY_STORED.format(kind=result.kind, reference=ref, status=result.outbox_status))
    else:
        echo(M.SEND_DRY_HEADER.format(kind=result.kind, reference=ref))
    echo(M.SEND_DRY_FROM.format(value=result.from_addr))
    echo(M.SEND_DRY_TO.format(value=result.to_addr))
    echo(M.SEND_DRY_SUBJECT.format(value=result.subject))
    echo(M.SEND_DRY_ID.format(value=result.message_id))
    if result.on is not None:
        echo(M.SEND_DRY_EVENT.format(event=result.event, date=result.on.isoformat()))
    for name, media, size in result.attachments:
        echo(M.SEND_DRY_ATTACHMENT.format(name=name, media=media, size=size))
    echo(M.SEND_DRY_BODY)
    for line in result.body.splitlines()[:BODY_LINES]:
        echo("  " + line)
