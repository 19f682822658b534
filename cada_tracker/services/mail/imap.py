"""IMAP for `cada mail import --imap` and the Sent-folder check of `cada send` (issue 12).

imaplib over TLS (implicit, port 993) or STARTTLS, the certificate verified against the
system's CAs or the configured `ca_file`; plain only to a loopback address. Read-only unless
asked: the folder is opened with EXAMINE and messages are fetched with BODY.PEEK[], so nothing
is marked, moved or deleted; `--mark-seen` opens it with SELECT and sets \\Seen on each message
once it is committed. A password never appears in an error: every text shown is cleaned of it.
"""

from __future__ import annotations

import imaplib
import ipaddress
import re
import ssl
import time
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from cada_tracker.errors import MailServerError, UsageError
from cada_tracker.messages import mail_import as M
from cada_tracker.messages import mail_send as MS
from cada_tracker.services.mail.sources import RawMessage, utc_naive

if TYPE_CHECKING:
    from cada_tracker.services.mail.config import MailConfig, ServerConfig

TIMEOUT = 60  # seconds without an answer from the server before giving up
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _clean(text: object, password: str | None) -> str:
    shown = str(text)
    if isinstance(text, bytes):
        shown = text.decode("utf-8", "replace")
    if password:
        shown = shown.replace(password, "***")
    return shown[:300]


def _tls_context(server: ServerConfig) -> ssl.SSLContext:
    try:
        return ssl.create_default_context(cafile=server.ca_file)
    except (OSError, ssl.SSLError) as exc:
        raise UsageError(M.CA_FILE_UNREADABLE.format(path=server.ca_file, reason=exc)) from None


def connect(server: ServerConfig, password: str | None) -> imaplib.IMAP4:
    """A logged-in IMAP connection, or MailServerError (exit 6) saying what failed."""
    if password is None:
        raise UsageError(M.IMAP_NO_PASSWORD.format(user=server.user, host=server.host))
    if server.security == "plain" and not is_loopback(server.host):
        raise UsageError(M.IMAP_PLAIN_REFUSED.format(host=server.host))
    where = f"{server.host}:{server.port}"
    try:
        conn: imaplib.IMAP4
        if server.security == "tls":
            conn = imaplib.IMAP4_SSL(server.host, server.port, ssl_context=_tls_context(server),
                                     timeout=TIMEOUT)
        else:
            conn = imaplib.IMAP4(server.host, server.port, timeout=TIMEOUT)
            if server.security == "starttls":
                conn.starttls(ssl_context=_tls_context(server))
    except ssl.SSLCertVerificationError as exc:
        raise MailServerError(M.IMAP_CERTIFICATE.format(
            server=where, reason=exc.verify_message or exc.reason)) from None
    except (OSError, imaplib.IMAP4.error, EOFError) as exc:
        raise MailServerError(M.IMAP_CONNECT.format(
            server=where, reason=_clean(exc, password))) from None
    try:
        conn.login(server.user, password)
    except UnicodeEncodeError:  # imaplib sends the login as ASCII; never quote it
        _close(conn)
        raise UsageError(MS.PASSWORD_NOT_ASCII.format(
            protocol="imap", PROTOCOL="IMAP", user=server.user, host=server.host)) from None
    except imaplib.IMAP4.error as exc:
        _close(conn)
        raise MailServerError(M.IMAP_LOGIN.format(
            user=server.user, server=where, reason=_clean(exc, password))) from None
    except (OSError, EOFError) as exc:
        raise MailServerError(M.IMAP_DROPPED.format(
            server=where, reason=_clean(exc, password))) from None
    return conn


def _close(conn: imaplib.IMAP4) -> None:
    try:
        conn.logout()
    except (OSError, imaplib.IMAP4.error, EOFError):
        pass


def _quote(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _check(status: str, data: object, what: str, server: str, password: str | None) -> None:
    if status != "OK":
        raise MailServerError(M.IMAP_REFUSED.format(server=server, what=what,
                                                    reason=_clean(data, password)))


def imap_date(day: date) -> str:
    return f"{day.day}-{_MONTHS[day.month - 1]}-{day.year}"


def _internal_date(blob: bytes) -> float | None:
    parsed = imaplib.Internaldate2tuple(blob)
    return time.mktime(parsed) if parsed is not None else None


def _size(blob: bytes) -> int | None:
    found = re.search(rb"RFC822\.SIZE (\d+)", blob)
    return int(found.group(1)) if found else None


def imap_messages(server: ServerConfig, password: str | None, *, folder: str,
                  since: date | None, mark_seen: bool) -> tuple[str, Iterator[RawMessage]]:
    """The messages of `folder` received since `since` (the server's arrival date), one
    fetched at a time. Connection problems raise MailServerError (exit 6), also mid-way: what
    the importer committed before stays, and the next run resumes."""
    where = f"{server.host}:{server.port}"
    conn = connect(server, password)

    def iterate() -> Iterator[RawMessage]:
        try:
            try:
                status, data = conn.select(_quote(folder), readonly=not mark_seen)
                if status != "OK":
                    raise MailServerError(M.IMAP_NO_FOLDER.format(
                        folder=folder, server=where, reason=_clean(data, password)))
                criteria = ["SINCE", imap_date(since)] if since is not None else ["ALL"]
                status, data = conn.uid("SEARCH", *criteria)
                _check(status, data, "SEARCH", where, password)
                uids = [u.decode() for u in (data[0] or b"").split()]
                for uid in uids:
                    status, data = conn.uid("FETCH", uid, "(RFC822.SIZE INTERNALDATE)")
                    _check(status, data, "FETCH", where, password)
                    meta = b" ".join(d if isinstance(d, bytes) else d[0] for d in data if d)
                    stamp = _internal_date(meta)

                    def read(uid: str = uid) -> bytes:
                        status, data = conn.uid("FETCH", uid, "(BODY.PEEK[])")
                        _check(status, data, "FETCH", where, password)
                        for part in data:
                            if isinstance(part, tuple):
                                return part[1]
                        raise MailServerError(M.IMAP_REFUSED.format(
                            server=where, what="FETCH", reason=_clean(data, password)))

                    def seen(uid: str = uid) -> None:
                        status, data = conn.uid("STORE", uid, "+FLAGS", "(\\Seen)")
                        _check(status, data, "STORE", where, password)

                    yield RawMessage(
                        key=f"{folder}/UID {uid}", size=_size(meta),
                        arrival=utc_naive(stamp) if stamp is not None else None, read=read,
                        committed=seen if mark_seen else None)
            except (TimeoutError, OSError, imaplib.IMAP4.abort, EOFError) as exc:
                raise MailServerError(M.IMAP_DROPPED.format(
                    server=where, reason=_clean(exc, password) or type(exc).__name__)) from None
            except imaplib.IMAP4.error as exc:
                raise MailServerError(M.IMAP_REFUSED.format(
                    server=where, what="IMAP", reason=_clean(exc, password))) from None
        finally:
            _close(conn)

    return f"imap:{server.host}/{folder}", iterate()


_LIST_LINE = re.compile(rb'^\((?P<flags>[^)]*)\) (?:"[^"]*"|NIL) (?P<name>.+)$')


def _sent_folder(conn: imaplib.IMAP4, configured: str | None) -> str:
    """The folder flagged \\Sent (RFC 6154 SPECIAL-USE), else the configured one, else
    "Sent"."""
    if configured:
        return configured
    status, data = conn.list()
    if status == "OK":
        for line in data:
            if not isinstance(line, bytes):
                continue
            found = _LIST_LINE.match(line)
            if found and b"\\sent" in found.group("flags").lower():
                name = found.group("name").strip()
                if name.startswith(b'"') and name.endswith(b'"'):
                    name = name[1:-1].replace(b'\\"', b'"').replace(b"\\\\", b"\\")
                return name.decode("utf-8", "replace")
    return "Sent"


def sent_folder_has(config: MailConfig, password: str | None, message_id: str) -> bool:
    """Whether the Sent folder of the IMAP account holds a message with this Message-ID
    (`cada send` settles a possibly-sent entry with it). Read-only (EXAMINE); MailServerError
    when the server cannot be used, UsageError when IMAP is not set up."""
    if config.imap is None:
        raise UsageError(M.IMAP_NOT_SET_UP)
    server = config.imap
    where = f"{server.host}:{server.port}"
    wanted = message_id.strip()
    if not wanted.startswith("<"):
        wanted = f"<{wanted}>"
    conn = connect(server, password)
    try:
        folder = _sent_folder(conn, config.sent_folder)
        status, data = conn.select(_quote(folder), readonly=True)
        if status != "OK":
            raise MailServerError(M.IMAP_NO_FOLDER.format(
                folder=folder, server=where, reason=_clean(data, password)))
        status, data = conn.uid("SEARCH", "HEADER", "Message-ID", _quote(wanted))
        _check(status, data, "SEARCH", where, password)
        return bool((data[0] or b"").split())
    except (OSError, imaplib.IMAP4.abort, EOFError) as exc:
        raise MailServerError(M.IMAP_DROPPED.format(
            server=where, reason=_clean(exc, password) or type(exc).__name__)) from None
    finally:
        _close(conn)
