"""`cada mail setup` (issue 12): the SMTP and IMAP servers, logins and From address recorded in
HOME/config.toml (services/mail/config.py), each setting checked before anything is written;
`--show` says where each password would come from (environment, keyring, missing), never the
password itself."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from cada_tracker.context import Context
from cada_tracker.display import shown
from cada_tracker.domain.email_address import check_email
from cada_tracker.errors import UsageError
from cada_tracker.messages import mail_send as M
from cada_tracker.services.mail import config as C
from cada_tracker.services.mail.send import load_config
from cada_tracker.services.mail.smtp import check_security

PROTOCOLS = ("smtp", "imap")
_HOST = re.compile(r"^[A-Za-z0-9._:\[\]-]{1,253}$")


@dataclass(frozen=True)
class ServerOptions:
    """What the user typed for one server (None: keep the recorded value)."""

    host: str | None = None
    port: str | None = None
    security: str | None = None
    user: str | None = None
    ca_file: str | None = None

    def given(self) -> bool:
        return any(v is not None for v in (self.host, self.port, self.security, self.user,
                                           self.ca_file))


def _host(value: str, option: str) -> str:
    text = value.strip()
    if not _HOST.match(text) or text.startswith(("-", ".")):
        raise UsageError(M.SETUP_BAD_HOST.format(option=option, value=shown(value)))
    return text


def _port(value: str, option: str) -> int:
    text = value.strip()
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise UsageError(M.SETUP_BAD_PORT.format(option=option, value=shown(value)))
    return int(text)


def _security(value: str, option: str) -> str:
    text = value.strip().lower()
    if text not in C.SECURITY:
        raise UsageError(M.SETUP_BAD_SECURITY.format(option=option, value=shown(value),
                                                     allowed=", ".join(C.SECURITY)))
    return text


def _user(value: str, option: str) -> str:
    text = value.strip()
    if not text or any(ch.isspace() or not ch.isprintable() for ch in text):
        raise UsageError(M.SETUP_BAD_USER.format(option=option))
    return text


def _ca_file(value: str, option: str) -> str:
    path = Path(value).expanduser()
    if not path.is_file() or not os.access(path, os.R_OK):
        raise UsageError(M.SETUP_CA_MISSING.format(option=option, path=shown(value)))
    return str(path.resolve())


def _server(protocol: str, old: C.ServerConfig | None, opts: ServerOptions) -> C.ServerConfig:
    if not opts.given():
        assert old is not None
        return old
    if old is None and opts.host is None:
        raise UsageError(M.SETUP_NO_HOST.format(protocol=protocol))
    host = _host(opts.host, f"--{protocol}-host") if opts.host is not None else old.host  # type: ignore[union-attr]
    security = _security(opts.security, f"--{protocol}-security") \
        if opts.security is not None else (old.security if old else
                                          "starttls" if protocol == "smtp" else "tls")
    if opts.port is not None:
        port = _port(opts.port, f"--{protocol}-port")
    elif old is not None and opts.security is None:
        port = old.port
    else:
        port = C.DEFAULT_PORTS[(protocol, security)]
    user = _user(opts.user, f"--{protocol}-user") if opts.user is not None \
        else (old.user if old else "")
    ca = old.ca_file if old else None
    if opts.ca_file is not None:
        ca = _ca_file(opts.ca_file, f"--{protocol}-ca-file") if opts.ca_file.strip() else None
    server = C.ServerConfig(host=host, port=port, security=security, user=user, ca_file=ca)
    check_security(server, protocol)
    return server


def setup(ctx: Context, *, from_addr: str | None, sent_folder: str | None,
          servers: dict[str, ServerOptions]) -> Path:
    """Record the settings given (the others stay as recorded); everything is checked before
    config.toml is written (atomically)."""
    config = load_config(ctx)
    if from_addr is None and sent_folder is None and not any(o.given() for o in servers.values()):
        raise UsageError(M.SETUP_NOTHING)
    new = config
    if from_addr is not None:
        new = replace(new, from_addr=check_email(from_addr, "--from"))
    if sent_folder is not None:
        new = replace(new, sent_folder=sent_folder.strip() or None)
    smtp, imap = (servers.get(p, ServerOptions()) for p in PROTOCOLS)
    if smtp.given():
        new = replace(new, smtp=_server("smtp", config.smtp, smtp))
    if imap.given():
        new = replace(new, imap=_server("imap", config.imap, imap))
    return C.save(ctx.settings, new)


def password_source(protocol: str, server: C.ServerConfig) -> tuple[str, str]:
    """Where the password of `server` would come from: ("env"|"keyring"|"missing"|"none",
    words to show). The password is looked up, never returned."""
    variable = C.PASSWORD_ENV[protocol]
    if not server.user:
        return "none", M.PASSWORD_NOT_NEEDED
    if os.environ.get(variable):
        return "env", M.PASSWORD_FROM_ENV.format(variable=variable)
    if C.password(protocol, server) is not None:  # the environment is empty: the keyring
        return "keyring", M.PASSWORD_FROM_KEYRING.format(user=server.keyring_user(protocol))
    return "missing", M.PASSWORD_MISSING.format(variable=variable, protocol=protocol)


def show(ctx: Context) -> dict[str, Any]:
    """The settings as JSON-ready data, with the source of each password."""
    config = load_config(ctx)
    out: dict[str, Any] = {"config": str(C.config_path(ctx.settings)),
                           "from": config.from_addr, "sent_folder": config.sent_folder}
    for protocol in PROTOCOLS:
        server: C.ServerConfig | None = getattr(config, protocol)
        if server is None:
            out[protocol] = None
            continue
        source, words = password_source(protocol, server)
        out[protocol] = {"host": server.host, "port": server.port, "security": server.security,
                         "user": server.user or None, "ca_file": server.ca_file,
                         "password": source, "password_source": words}
    return out


def keyring_backend() -> Any:  # noqa: ANN401 - keyring's module, when usable
    """The keyring module when it has a usable backend, else None."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001 - a broken backend is no backend
        return None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
        return None
    return keyring


def keyring_target(ctx: Context, protocol: str) -> C.ServerConfig:
    """The server whose password `--password-to-keyring PROTOCOL` stores (checked first)."""
    if protocol not in PROTOCOLS:
        raise UsageError(M.KEYRING_BAD_PROTOCOL.format(value=shown(protocol)))
    server: C.ServerConfig | None = getattr(load_config(ctx), protocol)
    if server is None or not server.user:
        raise UsageError(M.KEYRING_NO_SERVER.format(protocol=protocol))
    if keyring_backend() is None:
        raise UsageError(M.KEYRING_UNAVAILABLE.format(variable=C.PASSWORD_ENV[protocol]))
    return server


def store_password(protocol: str, server: C.ServerConfig, secret: str) -> str:
    """Put the password in the system keyring; returns the keyring user it is stored under."""
    keyring = keyring_backend()
    if keyring is None:
        raise UsageError(M.KEYRING_UNAVAILABLE.format(variable=C.PASSWORD_ENV[protocol]))
    user = server.keyring_user(protocol)
    try:
        keyring.set_password(C.KEYRING_SERVICE, user, secret)
    except Exception:  # noqa: BLE001 - the backend's own errors: never quote the secret
        raise UsageError(M.KEYRING_UNAVAILABLE.format(
            variable=C.PASSWORD_ENV[protocol])) from None
    return user
