"""A real Dovecot IMAP server for the mail-import tests (issue 12, point 4): started from the
distribution's /usr/sbin/dovecot with its own configuration in tmp_path (`dovecot -F -c
CONF`), listening on 127.0.0.1 (IMAP with STARTTLS and implicit TLS on free ports), with a
certificate made by the test (tests/services/mail/certificates.py), one test user, and its
mailbox (Maildir) under tmp_path. Filled by APPEND over IMAP; stopped at teardown.

Run as root (CI): the mail processes run as the `dovecot` user (Dovecot refuses UID 0),
chrooted into the mail folder; logins as `dovenull`. As another user: everything runs as that
user."""

from __future__ import annotations

import imaplib
import os
import pwd
import signal
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from tests.conftest import require_tool
from tests.services.mail.certificates import ServerCertificate, make_certificates

USER = "jeanne"
PASSWORD = "s3cret-Imap-pw!"  # noqa: S105 - the test user's password (checked absent from output)
DOVECOT = "/usr/sbin/dovecot"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _config(root: Path, run: Path, imap_port: int, imaps_port: int,
            cert: ServerCertificate) -> str:
    mail = root / "mail"
    if os.geteuid() == 0:
        internal, login = "dovecot", "dovenull"
        mail_user = "uid=dovecot gid=dovecot home=" + str(mail) + "/./%u"
        location = "maildir:~/Maildir"
        extra = f"valid_chroot_dirs = {mail}\n"
    else:
        me = pwd.getpwuid(os.geteuid()).pw_name
        internal = login = me
        mail_user = f"uid={os.geteuid()} gid={os.getegid()} home={mail}/%u"
        location = f"maildir:{mail}/%u/Maildir"
        extra = "service imap-login {\n  chroot =\n}\nservice auth {\n  chroot =\n}\n"
    return f"""# written by tests/services/mail/dovecot.py
base_dir = {run}
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{cert.cert_file}
ssl_key = <{cert.key_file}
disable_plaintext_auth = yes
auth_mechanisms = plain login
default_internal_user = {internal}
default_login_user = {login}
first_valid_uid = 1
mail_location = {location}
{extra}passdb {{
  driver = static
  args = password={PASSWORD}
}}
userdb {{
  driver = static
  args = {mail_user}
}}
namespace inbox {{
  inbox = yes
  mailbox Sent {{
    special_use = \\Sent
    auto = create
  }}
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
    ssl = yes
  }}
}}
"""


@dataclass
class Dovecot:
    root: Path
    cert: ServerCertificate
    imap_port: int
    imaps_port: int
    process: subprocess.Popen | None = None

    @property
    def conf(self) -> Path:
        return self.root / "dovecot.conf"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(self.conf)], stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("dovecot did not start: "
                                   + (self.process.stderr.read().decode()  # type: ignore[union-attr]
                                      if self.process.stderr else "")
                                   + self.log())
            try:
                with socket.create_connection(("127.0.0.1", self.imaps_port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("dovecot did not listen in time: " + self.log())

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def kill(self) -> None:
        """Stop the server and every process of it at once (a dropped connection)."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=10)
        if self.process.stderr:
            self.process.stderr.close()
        self.process = None
        time.sleep(0.2)

    def stop(self) -> None:
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            self.kill()
            return
        if self.process.stderr:
            self.process.stderr.close()
        self.process = None

    def client(self) -> imaplib.IMAP4_SSL:
        context = ssl.create_default_context(cafile=str(self.cert.ca_file))
        conn = imaplib.IMAP4_SSL("127.0.0.1", self.imaps_port, ssl_context=context, timeout=30)
        conn.login(USER, PASSWORD)
        return conn

    def append(self, message: bytes, *, folder: str = "INBOX",
               arrival: datetime | None = None) -> None:
        """Put a message in a folder, with its server arrival time (INTERNALDATE)."""
        conn = self.client()
        try:
            stamp = imaplib.Time2Internaldate(arrival.timestamp()) if arrival else None
            status, data = conn.append(folder, None, stamp, message)
            assert status == "OK", data
        finally:
            conn.logout()

    def flags(self, folder: str = "INBOX") -> list[bytes]:
        conn = self.client()
        try:
            conn.select(folder, readonly=True)
            status, data = conn.uid("FETCH", "1:*", "(FLAGS)")
            return [d for d in data if isinstance(d, bytes)]
        finally:
            conn.logout()

    def write_settings(self, home: Path, *, security: str = "tls",
                       ca_file: Path | None = None) -> None:
        """The [mail] section of the home's config.toml naming this server."""
        from cada_tracker.services.mail.config import MailConfig, ServerConfig, render

        port = self.imaps_port if security == "tls" else self.imap_port
        server = ServerConfig(host="127.0.0.1", port=port, security=security, user=USER,
                              ca_file=str(ca_file or self.cert.ca_file))
        home.mkdir(parents=True, exist_ok=True)
        (home / "config.toml").write_text(render(MailConfig(imap=server)), encoding="utf-8")


@pytest.fixture
def dovecot(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dovecot]:
    _require_sbin()
    root = tmp_path / "dovecot"
    # Dovecot's sockets live in base_dir, and a socket path is limited to 108 bytes: a short
    # folder of pytest's own temporary tree (removed by pytest like tmp_path)
    run = tmp_path_factory.mktemp("dv")
    (root / "mail" / USER).mkdir(parents=True)
    if os.geteuid() == 0:
        entry = pwd.getpwnam("dovecot")
        os.chown(root / "mail" / USER, entry.pw_uid, entry.pw_gid)
    cert = make_certificates(root / "tls")
    server = Dovecot(root, cert, free_port(), free_port())
    server.conf.write_text(_config(root, run, server.imap_port, server.imaps_port, cert))
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _require_sbin() -> None:
    """dovecot lives in /usr/sbin, often not on a user's PATH: look there too."""
    if not os.access(DOVECOT, os.X_OK):
        require_tool("dovecot")
