"""Handing one message to the user's SMTP server (`cada send`, issue 12): TLS (STARTTLS or
implicit TLS) with certificate verification against the system's CAs or the configured
`ca_file`; plain only to a loopback address; login when a user is configured.

The conversation is driven step by step (EHLO, STARTTLS, AUTH, MAIL, RCPT, then DATA) so that
the caller can record "handing over" (`before_data`) just before DATA: a crash after that
point leaves the outbox entry `sending`, which a later run treats as possibly sent.

Every failure becomes a `MailServerError` (exit 6) naming the server and what went wrong; a
password is never part of a message (the server's reply is quoted, never what was sent)."""

from __future__ import annotations

import ipaddress
import re
import smtplib
import socket
import ssl
from collections.abc import Callable

from cada_tracker.errors import MailServerError, UsageError
from cada_tracker.messages import mail_send as M
from cada_tracker.services.mail.config import ServerConfig

TIMEOUT = 60.0  # seconds without an answer before the server counts as gone


class ReplyLost(MailServerError):
    """The whole message was handed over (up to the final dot) but the server's reply was
    lost: it may have accepted it. Never resent silently: the entry is possibly-sent."""


class RecipientRefused(MailServerError):
    """The server answered but refused this message (its sender, recipient or content): the
    next message of a campaign may still go."""


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 or "localhost": the only hosts a plain (unencrypted) connection may
    go to (the password and the letter would otherwise cross the network in clear)."""
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_security(server: ServerConfig, protocol: str) -> None:
    """Plain only to a loopback address (UsageError, exit 2, otherwise)."""
    if server.security == "plain" and not is_loopback(server.host):
        raise UsageError(M.PLAIN_NOT_LOOPBACK.format(protocol=protocol, host=server.host))


def tls_context(server: ServerConfig) -> ssl.SSLContext:
    """Certificate and host name verified: against `ca_file` when configured, else the
    system's certificate authorities."""
    try:
        return ssl.create_default_context(cafile=server.ca_file)
    except (OSError, ssl.SSLError) as exc:
        raise UsageError(M.CA_FILE_UNREADABLE.format(
            path=server.ca_file, reason=getattr(exc, "strerror", None) or exc)) from None


def _reply(resp: bytes | str) -> str:
    text = resp.decode("utf-8", "replace") if isinstance(resp, bytes) else str(resp)
    return " ".join(text.split())[:200]


def _where(server: ServerConfig) -> str:
    return f"{server.host}:{server.port}"


def _connect(server: ServerConfig, timeout: float) -> smtplib.SMTP:
    where = _where(server)
    try:
        if server.security == "tls":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(server.host, server.port, timeout=timeout,
                                                  context=tls_context(server))
        else:
            smtp = smtplib.SMTP(server.host, server.port, timeout=timeout)
        smtp.ehlo()
        if server.security == "starttls":
            if not smtp.has_extn("starttls"):
                smtp.close()
                raise MailServerError(M.SMTP_NO_STARTTLS.format(server=where))
            smtp.starttls(context=tls_context(server))
            smtp.ehlo()
    except ssl.SSLCertVerificationError as exc:
        raise MailServerError(M.SMTP_CERTIFICATE.format(
            server=where, reason=exc.verify_message or exc.reason or exc)) from None
    except ssl.SSLError as exc:
        raise MailServerError(M.SMTP_TLS_FAILED.format(server=where,
                                                       reason=exc.reason or exc)) from None
    except (smtplib.SMTPException, OSError) as exc:
        raise MailServerError(M.SMTP_UNREACHABLE.format(
            server=where, reason=_reason(exc))) from None
    return smtp


def _reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{exc.smtp_code} {_reply(exc.smtp_error)}"
    if isinstance(exc, socket.timeout | TimeoutError):
        return M.SMTP_TIMEOUT
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return " ".join(str(exc).split())[:200] or exc.__class__.__name__


def _quoted(data: bytes) -> bytes:
    """The message as DATA carries it: CRLF line ends, a leading dot doubled, then <CRLF>.<CRLF>."""
    out = re.sub(rb"\r\n|\n|\r", b"\r\n", data)
    out = re.sub(rb"(?m)^\.", b"..", out)
    if not out.endswith(b"\r\n"):
        out += b"\r\n"
    return out + b".\r\n"


def send_message(
    server: ServerConfig,
    password: str | None,
    *,
    sender: str,
    recipient: str,
    data: bytes,
    smtputf8: bool = False,
    before_data: Callable[[], None] | None = None,
    timeout: float = TIMEOUT,
) -> str:
    """Send `data` from `sender` to `recipient`; return the server's acceptance reply.
    MailServerError when the server could not be used or did not accept the message (nothing
    was accepted then: the caller puts the entry back to pending)."""
    check_security(server, "smtp")
    where = _where(server)
    smtp = _connect(server, timeout)
    try:
        if server.user:
            if password is None:
                raise UsageError(M.NO_PASSWORD.format(
                    protocol="smtp", PROTOCOL="SMTP", user=server.user, host=server.host))
            try:
                smtp.login(server.user, password)
            except smtplib.SMTPAuthenticationError as exc:
                raise MailServerError(M.SMTP_LOGIN_REFUSED.format(
                    user=server.user, server=where, reply=_reason(exc))) from None
            except smtplib.SMTPNotSupportedError:
                raise MailServerError(M.SMTP_NO_AUTH.format(server=where)) from None
            except UnicodeEncodeError:  # smtplib sends the login as ASCII; never quote it
                raise UsageError(M.PASSWORD_NOT_ASCII.format(
                    protocol="smtp", PROTOCOL="SMTP", user=server.user,
                    host=server.host)) from None
        options: list[str] = []
        if smtputf8:
            if not smtp.has_extn("smtputf8"):
                raise MailServerError(M.SMTP_NO_SMTPUTF8.format(server=where))
            options.append("SMTPUTF8")
        code, resp = smtp.mail(sender, options)
        if code != 250:
            raise RecipientRefused(M.SMTP_SENDER_REFUSED.format(
                server=where, sender=sender, reply=f"{code} {_reply(resp)}"))
        code, resp = smtp.rcpt(recipient)
        if code not in (250, 251):
            raise RecipientRefused(M.SMTP_RECIPIENT_REFUSED.format(
                server=where, recipient=recipient, reply=f"{code} {_reply(resp)}"))
        if before_data is not None:
            before_data()
        code, resp = smtp.docmd("DATA")
        if code != 354:
            raise RecipientRefused(M.SMTP_DATA_REFUSED.format(
                server=where, reply=f"{code} {_reply(resp)}"))
        smtp.send(_quoted(data))
        try:
            code, resp = smtp.getreply()
        except (smtplib.SMTPException, OSError) as exc:
            smtp.close()
            raise ReplyLost(M.SMTP_REPLY_LOST.format(server=where,
                                                     reason=_reason(exc))) from None
        if code != 250:
            raise RecipientRefused(M.SMTP_DATA_REFUSED.format(
                server=where, reply=f"{code} {_reply(resp)}"))
        accepted = f"{code} {_reply(resp)}"
    except (MailServerError, UsageError):
        smtp.close()
        raise
    except ssl.SSLError as exc:
        smtp.close()
        raise MailServerError(M.SMTP_DROPPED.format(server=where,
                                                    reason=exc.reason or exc)) from None
    except (smtplib.SMTPException, OSError) as exc:
        smtp.close()
        raise MailServerError(M.SMTP_DROPPED.format(server=where, reason=_reason(exc))) from None
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()  # accepted already: a dropped QUIT changes nothing
    return accepted
