"""`cada mail setup` (issue 12): the SMTP and IMAP servers, logins and From address of this
home, in HOME/config.toml; never a password (environment or system keyring).

On the start-up path of every command: only typer and the CLI helpers at module level."""

from __future__ import annotations

import typer

from cada_tracker.cli.app import JSON_OPTION, context, echo, echo_err, emit_json
from cada_tracker.cli.mail import mail_app
from cada_tracker.messages import mail_send as M

_SECURITY = "starttls, tls (implicit TLS) or plain (loopback addresses only)"


@mail_app.command(
    "setup",
    help="Record the SMTP server `cada send` uses and the IMAP server `cada mail import` reads "
    "(host, port, security, login, CA file) and the From address, in HOME/config.toml; only "
    "the settings given change. Never a password: it comes from CADA_SMTP_PASSWORD / "
    "CADA_IMAP_PASSWORD or the system keyring (--password-to-keyring).",
)
def mail_setup(
    from_addr: str = typer.Option(None, "--from", metavar="ADDRESS", help="The address "
                                  "messages are sent from (default: the profile's e-mail)."),
    smtp_host: str = typer.Option(None, "--smtp-host", metavar="HOST",
                                  help="SMTP server, e.g. smtp.example.org."),
    smtp_port: str = typer.Option(None, "--smtp-port", metavar="PORT", help="SMTP port "
                                  "(default: 587 with starttls, 465 with tls)."),
    smtp_security: str = typer.Option(None, "--smtp-security", metavar="MODE",
                                      help=f"SMTP security: {_SECURITY} (default: starttls)."),
    smtp_user: str = typer.Option(None, "--smtp-user", metavar="LOGIN", help="SMTP login."),
    smtp_ca_file: str = typer.Option(None, "--smtp-ca-file", metavar="FILE", help="PEM file "
                                     "of the certificate authority to trust for SMTP instead "
                                     "of the system's ('' to drop it)."),
    imap_host: str = typer.Option(None, "--imap-host", metavar="HOST",
                                  help="IMAP server, e.g. imap.example.org."),
    imap_port: str = typer.Option(None, "--imap-port", metavar="PORT", help="IMAP port "
                                  "(default: 993 with tls, 143 with starttls)."),
    imap_security: str = typer.Option(None, "--imap-security", metavar="MODE",
                                      help=f"IMAP security: {_SECURITY} (default: tls)."),
    imap_user: str = typer.Option(None, "--imap-user", metavar="LOGIN", help="IMAP login."),
    imap_ca_file: str = typer.Option(None, "--imap-ca-file", metavar="FILE", help="PEM file "
                                     "of the certificate authority to trust for IMAP instead "
                                     "of the system's ('' to drop it)."),
    sent_folder: str = typer.Option(None, "--sent-folder", metavar="FOLDER", help="The IMAP "
                                    "folder of sent messages (default: the one the server "
                                    "marks \\Sent)."),
    password_to_keyring: str = typer.Option(
        None, "--password-to-keyring", metavar="smtp|imap", help="Ask for the password of "
        "that server (hidden input) and store it in the system keyring."),
    show: bool = typer.Option(False, "--show", help="Print the settings and where each "
                              "password would come from (environment, keyring, missing)."),
    json_: bool = JSON_OPTION,
) -> None:
    from cada_tracker.services.mail import setup as service

    ctx = context()
    servers = {
        "smtp": service.ServerOptions(smtp_host, smtp_port, smtp_security, smtp_user,
                                      smtp_ca_file),
        "imap": service.ServerOptions(imap_host, imap_port, imap_security, imap_user,
                                      imap_ca_file),
    }
    changes = from_addr is not None or sent_folder is not None or any(
        o.given() for o in servers.values())
    if changes or not (show or password_to_keyring):
        path = service.setup(ctx, from_addr=from_addr, sent_folder=sent_folder,
                             servers=servers)
        echo_err(M.SETUP_SAVED.format(path=path))
    if password_to_keyring is not None:
        protocol = password_to_keyring.strip().lower()
        server = service.keyring_target(ctx, protocol)
        secret = typer.prompt(M.KEYRING_PROMPT.format(user=server.user, host=server.host),
                              hide_input=True, default="", show_default=False)
        if not secret:
            echo_err(M.KEYRING_EMPTY)
        else:
            user = service.store_password(protocol, server, secret)
            echo_err(M.KEYRING_STORED.format(user=user))
    if show:
        data = service.show(ctx)
        if json_:
            emit_json(data)
            return
        none = M.SETUP_SHOW_NONE
        echo(M.SETUP_SHOW_FROM.format(value=data["from"] or none))
        echo(M.SETUP_SHOW_SENT.format(value=data["sent_folder"] or none))
        for protocol in service.PROTOCOLS:
            server_data = data[protocol]
            if server_data is None:
                echo(M.SETUP_SHOW_NO_SERVER.format(protocol=protocol))
                continue
            ca = M.SETUP_SHOW_CA.format(path=server_data["ca_file"]) \
                if server_data["ca_file"] else ""
            echo(M.SETUP_SHOW_SERVER.format(protocol=protocol, host=server_data["host"],
                                            port=server_data["port"],
                                            security=server_data["security"],
                                            user=server_data["user"] or none, ca=ca))
            echo(M.SETUP_SHOW_PASSWORD.format(source=server_data["password_source"]))
    elif json_:
        emit_json(service.show(ctx))
