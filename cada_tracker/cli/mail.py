"""`cada mail ...`: the group of the mail commands (issue 12), registered by the modules of its
commands, which import it. Its commands are defined in
cli/mail_send.py (`mail setup`), cli/mail_import.py (`mail import/assign/unassign`); `cada send`
and `cada inbox` are top-level commands of their own modules.

On the start-up path of every command: only typer and the CLI helpers at module level."""

from __future__ import annotations

from cada_tracker.cli.app import PlainTyper, app

mail_app = PlainTyper(
    help="Mail from your own mailbox: the servers and login (setup), the replies brought back "
    "and filed with their requests (import, assign, unassign).",
    rich_markup_mode=None,
    no_args_is_help=True,
)
app.add_typer(mail_app, name="mail")
