"""A real SMTP server for the sending tests (aiosmtpd) on 127.0.0.1, on a free port chosen at
run time: STARTTLS or implicit TLS with a certificate made for the test
(tests/services/mail/certificates.py), AUTH LOGIN/PLAIN for one test user (only over TLS),
recipients it refuses on demand; and a TCP proxy in front of it that cuts the connection in
the middle of DATA (a connection dropped mid-transfer). Everything stops at the end of the
fixture; nothing is written outside tmp_path."""

from __future__ import annotations

import socket
import ssl
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from tests.services.mail.certificates import make_certificates

USER = "jeanne"
PASSWORD = "s3cret-Pa55-never-shown"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        return message_from_bytes(self.data, policy=policy.default)  # type: ignore[return-value]


@dataclass
class Recorder:
    """The handler: keeps every message accepted; refuses the recipients in `refuse`."""

    refuse: set[str] = field(default_factory=set)
    received: list[Received] = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: ANN001, ANN201, N802
        if address in self.refuse:
            return "550 5.1.1 <" + address + ">: mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos),
                                      envelope.original_content or envelope.content))
        return "250 2.0.0 Message accepted for delivery"


@dataclass
class SmtpServer:
    host: str
    port: int
    security: str  # starttls, tls, plain
    ca_file: Path | None
    recorder: Recorder
    controller: object
    running: bool = True

    @property
    def received(self) -> list[Received]:
        return self.recorder.received

    def setup_args(self, *, user: str | None = USER) -> list[str]:
        """The `cada mail setup` options for this server."""
        args = ["mail", "setup", "--smtp-host", self.host, "--smtp-port", str(self.port),
                "--smtp-security", self.security]
        if user:
            args += ["--smtp-user", user]
        if self.ca_file is not None:
            args += ["--smtp-ca-file", str(self.ca_file)]
        return args

    def stop(self) -> None:
        if self.running:
            self.running = False
            self.controller.stop()  # type: ignore[attr-defined]


def _authenticator(user: str, password: str):  # noqa: ANN202
    from aiosmtpd.smtp import AuthResult, LoginPassword

    def check(server, session, envelope, mechanism, auth_data):  # noqa: ANN001, ANN202
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login == user.encode()
              and auth_data.password == password.encode())
        return AuthResult(success=ok, handled=False)

    return check


def start_smtp(folder: Path, *, security: str = "starttls", trusted: bool = True,
               auth: bool = True, refuse: set[str] | None = None) -> SmtpServer:
    """Start an aiosmtpd server; the caller stops it (the `smtp_server` fixtures do)."""
    from aiosmtpd.controller import Controller

    recorder = Recorder(refuse=set(refuse or ()))
    port = free_port()
    kwargs: dict = {"hostname": "127.0.0.1", "port": port}
    ca_file = None
    if security in ("starttls", "tls"):
        certs = make_certificates(folder, trusted=trusted)
        ca_file = certs.ca_file
        server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        server_ctx.load_cert_chain(certs.cert_file, certs.key_file)
        if security == "tls":
            kwargs["ssl_context"] = server_ctx
        else:
            kwargs["tls_context"] = server_ctx
            kwargs["require_starttls"] = True
    if auth:
        # AUTH only over TLS; aiosmtpd knows of TLS it started itself (STARTTLS), not of an
        # implicit TLS listener, where every connection is TLS already
        kwargs.update(authenticator=_authenticator(USER, PASSWORD), auth_required=True,
                      auth_require_tls=security != "tls")
    controller = Controller(recorder, **kwargs)
    controller.start()
    return SmtpServer("127.0.0.1", port, security, ca_file, recorder, controller)


class CuttingProxy:
    """A TCP proxy on 127.0.0.1 in front of a plain SMTP server: for the first `cuts`
    connections it closes both sides after forwarding `after` bytes of the DATA payload (the
    server never sees the end of the message); later connections pass through.
    reply_lost=True: the whole message reaches the server (which accepts it), and the proxy
    closes both sides instead of passing on the server's reply to the end of DATA."""

    def __init__(self, upstream_port: int, *, after: int = 2000, cuts: int = 1,
                 reply_lost: bool = False) -> None:
        self.upstream_port = upstream_port
        self.after = after
        self.cuts = cuts
        self.reply_lost = reply_lost
        self._ended = False  # reply_lost: the end of DATA went to the server
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.port = self.sock.getsockname()[1]
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._open: list[socket.socket] = []
        self._accept = threading.Thread(target=self._serve, daemon=True)
        self._accept.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
            self._open += [client, upstream]
            cut = self.cuts > 0
            self.cuts -= 1
            for args in ((client, upstream, cut, False),
                         (upstream, client, cut and self.reply_lost, True)):
                t = threading.Thread(target=self._pump, args=args, daemon=True)
                t.start()
                self._threads.append(t)

    def _pump(self, src: socket.socket, dst: socket.socket, cut: bool, to_client: bool) -> None:
        seen = b""
        in_data = False
        sent = 0
        try:
            while True:
                chunk = src.recv(4096)
                if not chunk:
                    break
                if self.reply_lost:
                    if cut and to_client and self._ended:
                        break  # the server's reply to the end of DATA: swallowed
                    if cut and not to_client and in_data:
                        seen = (seen + chunk)[-64:]
                        self._ended = self._ended or b"\r\n.\r\n" in seen
                    elif cut and not to_client:
                        seen = (seen + chunk)[-64:]
                        in_data = b"DATA\r\n" in seen.upper()
                        seen = b"" if in_data else seen
                    dst.sendall(chunk)
                    continue
                if cut and not in_data:
                    seen = (seen + chunk)[-64:]
                    if b"DATA\r\n" in seen.upper():
                        in_data = True
                        dst.sendall(chunk)
                        continue
                if cut and in_data:
                    room = self.after - sent
                    if len(chunk) >= room:
                        dst.sendall(chunk[:room])
                        for s in (src, dst):
                            try:
                                s.shutdown(socket.SHUT_RDWR)
                            except OSError:
                                pass
                            s.close()
                        return
                    sent += len(chunk)
                dst.sendall(chunk)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def stop(self) -> None:
        self._stop.set()
        self.sock.close()
        for s in self._open:
            try:
                s.close()
            except OSError:
                pass
        for t in self._threads:
            t.join(timeout=5)
