"""`cada mail import`, `cada mail assign`, `cada mail unassign`, `cada mail list` (issue 12,
point 2): parse, call one service (services/mail/importer.py), render.

On the --help path: only typer, the stdlib and light project modules at module level."""

from __future__ import annotations

import sys

import typer

from cada_tracker.cli.app import JSON_OPTION, context, echo, echo_err, emit_json
from cada_tracker.cli.mail import mail_app
from cada_tracker.dates import parse_date
from cada_tracker.display import shown
from cada_tracker.errors import UsageError
from cada_tracker.messages import mail_import as M

PROGRESS_FROM = 20  # messages: progress on stderr for a source at least this large


@mail_app.command("import")
def mail_import_command(
    imap: bool = typer.Option(False, "--imap", help="Read the IMAP folder of `cada mail "
                              "setup` (read-only: nothing is marked, moved or deleted)."),
    folder: str = typer.Option("INBOX", "--folder", metavar="F",
                               help="The IMAP folder to read (default INBOX)."),
    since: str = typer.Option(None, "--since", metavar="DATE",
                              help="IMAP: only messages that arrived on or after DATE "
                              "(default: the earliest sending date of the open requests)."),
    mark_seen: bool = typer.Option(False, "--mark-seen", help="IMAP: mark each message "
                                   "imported as read (\\Seen) once it is recorded."),
    maildir: str = typer.Option(None, "--maildir", metavar="DIR",
                                help="Read the messages of a Maildir folder (cur/ and new/)."),
    mbox: str = typer.Option(None, "--mbox", metavar="FILE",
                             help="Read the messages of an mbox file."),
    json_: bool = JSON_OPTION,
) -> None:
    """Bring replies back: each message is matched to its request, kept as a document of it
    (attachments too, text extracted), and put in the inbox (`cada inbox`). Importing twice
    imports nothing twice."""
    from cada_tracker.services.mail import importer, sources

    if sum((imap, maildir is not None, mbox is not None)) != 1:
        raise UsageError(M.IMPORT_ONE_SOURCE)
    imap_only = [name for name, given in (("--since", since is not None),
                                          ("--mark-seen", mark_seen),
                                          ("--folder", folder != "INBOX")) if given]
    if not imap and imap_only:
        raise UsageError(M.IMAP_ONLY_OPTIONS.format(options=", ".join(imap_only)))
    ctx = context()
    if imap:
        from cada_tracker.services.mail import config
        from cada_tracker.services.mail import imap as imap_source
        from cada_tracker.services.mail.send import load_config

        settings = load_config(ctx)
        if settings.imap is None:
            raise UsageError(M.IMAP_NOT_SET_UP)
        day = parse_date(since, what="--since") if since is not None \
            else importer.default_since(ctx)
        source, messages = imap_source.imap_messages(
            settings.imap, config.password("imap", settings.imap), folder=folder, since=day,
            mark_seen=mark_seen)
    elif maildir is not None:
        source, messages = sources.maildir_messages(maildir)
    else:
        source, messages = sources.mbox_messages(mbox)

    def progress(n: int, report: importer.Report) -> None:
        if n % PROGRESS_FROM == 0 and sys.stderr.isatty():
            echo_err(M.IMPORT_PROGRESS.format(n=n, new=len(report.new)))

    report = importer.import_messages(ctx, source, messages, progress=progress)
    data = report.json()
    if json_:
        emit_json(data)
        return
    for refused in data["refused_messages"]:
        echo_err(refused["message"])
    unmatched = data["unmatched"]
    echo(M.IMPORT_DONE.format(data["new"], source=shown(source),
                              inbox=data["new"] - unmatched, unmatched=unmatched,
                              already=data["already_imported"], refused=data["refused"]))
    for item in data["messages"]:
        echo(_line(item))
        if item.get("warning"):
            echo(M.IMPORT_WARNING.format(id=item["id"], warning=item["warning"]))
    if data["new"] - unmatched:
        echo(M.IMPORT_NEXT_INBOX)
    if unmatched:
        echo(M.IMPORT_NEXT_ASSIGN)


def _line(item: dict) -> str:
    sender = shown(item.get("from") or "?")
    subject = shown(item.get("subject") or "")
    if item["status"] == "unmatched":
        return M.IMPORT_LINE_UNMATCHED.format(id=item["id"], received_on=item["received_on"],
                                              sender=sender, subject=subject,
                                              reason=item["reason_text"])
    return M.IMPORT_LINE_FILED.format(id=item["id"], received_on=item["received_on"],
                                      reference=item["request"], sender=sender,
                                      subject=subject,
                                      how=M.MATCHED_HOW.get(item["matched_by"], "?"))


@mail_app.command("assign")
def mail_assign_command(
    message: str = typer.Argument(..., metavar="ID", help="The message (`cada mail list`)."),
    reference: str = typer.Argument(..., metavar="REF", help="The request it answers."),
    json_: bool = JSON_OPTION,
) -> None:
    """File an unmatched message with its request by hand (documents created, inbox)."""
    from cada_tracker.services.mail import importer

    data = importer.assign(context(), message, reference)
    if json_:
        emit_json(data)
        return
    echo(M.ASSIGNED.format(data["documents"], id=data["id"], reference=data["request"],
                           received_on=data["received_on"]))
    if data.get("warning"):
        echo(M.IMPORT_WARNING.format(id=data["id"], warning=data["warning"]))


@mail_app.command("unassign")
def mail_unassign_command(
    message: str = typer.Argument(..., metavar="ID", help="The message (`cada mail list`)."),
    json_: bool = JSON_OPTION,
) -> None:
    """Undo a filing: the documents it created go, the message is unmatched again."""
    from cada_tracker.services.mail import importer

    data = importer.unassign(context(), message)
    if json_:
        emit_json(data)
        return
    echo(M.UNASSIGNED.format(len(data["documents_removed"]), id=data["id"],
                             reference=data["request"]))


@mail_app.command("list")
def mail_list_command(
    unmatched: bool = typer.Option(False, "--unmatched",
                                   help="Only the messages not filed with a request."),
    json_: bool = JSON_OPTION,
) -> None:
    """The messages brought back: ID, day received, status, request, sender, subject."""
    from cada_tracker.services.mail import importer

    rows = importer.list_messages(context(), unmatched=unmatched)
    if json_:
        emit_json({"messages": rows})
        return
    if not rows:
        echo(M.LIST_EMPTY_UNMATCHED if unmatched else M.LIST_EMPTY)
        return
    echo(M.LIST_HEADER)
    for row in rows:
        echo(M.LIST_LINE.format(id=row["id"], received_on=row["received_on"],
                                status=row["status"], reference=row["request"] or "-",
                                sender=shown(row["from"] or "?"),
                                subject=shown(row["subject"] or "")))
