"""The mail settings of a home (`cada mail setup`, issue 12): SMTP and IMAP servers and logins,
in `HOME/config.toml`, section [mail]. Never a password: it comes from the environment
(`CADA_SMTP_PASSWORD`, `CADA_IMAP_PASSWORD`) or from the system keyring (the `keyring` library,
service "cada", user "smtp:LOGIN@HOST" / "imap:LOGIN@HOST"), looked up when needed.

Only the stdlib and the messages are imported at module level (tomllib reads; the file is
written here, with every string escaped as TOML basic strings).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from cada_tracker.messages import mail_send as M
from cada_tracker.paths import Settings

CONFIG_FILENAME = "config.toml"
# smtp: "starttls" (port 587), "tls" (implicit TLS, port 465), "plain" (loopback only);
# imap: "tls" (993), "starttls" (143), "plain" (loopback only)
SECURITY = ("starttls", "tls", "plain")
DEFAULT_PORTS = {("smtp", "starttls"): 587, ("smtp", "tls"): 465, ("smtp", "plain"): 25,
                 ("imap", "tls"): 993, ("imap", "starttls"): 143, ("imap", "plain"): 143}
KEYRING_SERVICE = "cada"
PASSWORD_ENV = {"smtp": "CADA_SMTP_PASSWORD", "imap": "CADA_IMAP_PASSWORD"}


@dataclass(frozen=True)
class ServerConfig:
    """One server: host, port, security, login, and an optional CA file to trust (a
    self-hosted server's own certificate authority; the system's CAs otherwise)."""

    host: str
    port: int
    security: str
    user: str
    ca_file: str | None = None

    def keyring_user(self, protocol: str) -> str:
        return f"{protocol}:{self.user}@{self.host}"


@dataclass(frozen=True)
class MailConfig:
    """The [mail] section: the address messages are sent from, and the two servers."""

    from_addr: str | None = None  # default: the profile's e-mail
    smtp: ServerConfig | None = None
    imap: ServerConfig | None = None
    sent_folder: str | None = None  # where the Sent check looks (default: found by SPECIAL-USE)


def config_path(settings: Settings) -> Path:
    return settings.home / CONFIG_FILENAME


def _bad(key: str, value: object) -> ValueError:
    return ValueError(M.CONFIG_BAD_VALUE.format(key=key, value=repr(value)))


def _server(protocol: str, table: object) -> ServerConfig | None:
    """One [mail.PROTOCOL] table, each value checked: a hand-edited file with a wrong type
    (port = "abc", port = 0, security = "bogus") is refused, never silently dropped or used."""
    if table is None:
        return None
    if not isinstance(table, dict):
        raise _bad(f"mail.{protocol}", table)
    for key in ("host", "port", "security", "user"):
        if key not in table:
            raise _bad(f"mail.{protocol}.{key}", None)
    values: dict[str, object] = {}
    for f in fields(ServerConfig):
        if f.name not in table:
            continue
        value = table[f.name]
        key = f"mail.{protocol}.{f.name}"
        if f.name == "port":
            if isinstance(value, bool) or not isinstance(value, int) \
                    or not 1 <= value <= 65535:
                raise _bad(key, value)
        elif not isinstance(value, str) or (f.name == "host" and not value) \
                or (f.name == "security" and value not in SECURITY):
            raise _bad(key, value)
        values[f.name] = value
    return ServerConfig(**values)  # type: ignore[arg-type]


def load(settings: Settings) -> MailConfig:
    """The mail settings of this home (empty when none were recorded). A config file that is
    not TOML, or whose [mail] values have the wrong type, raises ValueError with the reason
    (the caller words the error)."""
    path = config_path(settings)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return MailConfig()
    mail = data.get("mail", {})
    if not isinstance(mail, dict):
        raise _bad("mail", mail)
    for key in ("from", "sent_folder"):
        if key in mail and not isinstance(mail[key], str):
            raise _bad(f"mail.{key}", mail[key])
    return MailConfig(from_addr=mail.get("from"), smtp=_server("smtp", mail.get("smtp")),
                      imap=_server("imap", mail.get("imap")), sent_folder=mail.get("sent_folder"))


def _toml_string(value: str) -> str:
    out = ['"']
    for ch in value:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def render(config: MailConfig) -> str:
    """The [mail] section as TOML text (nothing else is kept in config.toml today)."""
    lines = ["# cada's settings (`cada mail setup`). Never a password here:",
             "# see `cada mail setup --help`.", "[mail]"]
    if config.from_addr:
        lines.append(f"from = {_toml_string(config.from_addr)}")
    if config.sent_folder:
        lines.append(f"sent_folder = {_toml_string(config.sent_folder)}")
    for name in ("smtp", "imap"):
        server: ServerConfig | None = getattr(config, name)
        if server is None:
            continue
        lines.append("")
        lines.append(f"[mail.{name}]")
        for key, value in asdict(server).items():
            if value is None:
                continue
            lines.append(f"{key} = {value}" if isinstance(value, int)
                         else f"{key} = {_toml_string(str(value))}")
    return "\n".join(lines) + "\n"


def save(settings: Settings, config: MailConfig) -> Path:
    """Write config.toml atomically (a temporary file renamed over it), readable by the user
    only (it names servers and logins)."""
    path = config_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(render(config))
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def password(protocol: str, server: ServerConfig) -> str | None:
    """The password for `protocol` ("smtp" or "imap"): the environment variable first, then
    the system keyring when the `keyring` library and a backend are present; None otherwise."""
    env = os.environ.get(PASSWORD_ENV[protocol])
    if env:
        return env
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, server.keyring_user(protocol))
    except (KeyringError, RuntimeError, OSError):
        return None
