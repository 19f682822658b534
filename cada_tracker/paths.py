"""Where cada keeps its state. Nothing is created at import time."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cada_tracker import messages as M
from cada_tracker.errors import UsageError

DB_FILENAME = "cada.db"


def default_home() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("cada"))


@dataclass(frozen=True)
class Settings:
    """The global options of one invocation (see the CLI contract)."""

    home: Path
    db_url: str | None = None  # None: SQLite file cada.db in the home
    debug: bool = False
    store: Path | None = None  # --store / CADA_STORE; None: the home's documents folder
    # who makes what this invocation records (issue 14): --as NAME, else CADA_USER (checked
    # by resolve_settings); None: the system user name (`made_by`)
    user: str | None = None

    @property
    def made_by(self) -> str:
        """The name recorded on the events, documents, findings and letters made."""
        return self.user if self.user is not None else system_user()

    @property
    def database_url(self) -> str:
        if self.db_url:
            return self.db_url
        return f"sqlite:///{self.db_file}"

    @property
    def db_file(self) -> Path:
        return self.home / DB_FILENAME

    @property
    def is_sqlite_file(self) -> bool:
        return self.database_url.startswith("sqlite:///")

    @property
    def sqlite_path(self) -> Path | None:
        url = self.database_url
        if not url.startswith("sqlite:///"):
            return None
        raw = url[len("sqlite:///") :]
        return Path(raw) if raw and raw != ":memory:" else None

    @property
    def documents_dir(self) -> Path:
        return self.store if self.store is not None else self.home / "documents"

    @property
    def database_identity(self) -> str:
        """The database as a shared store records it: the SQLite file's absolute path, or
        the URL without its password."""
        path = self.sqlite_path
        if path is not None:
            return str(path.expanduser().absolute())
        from urllib.parse import urlsplit, urlunsplit

        parts = urlsplit(self.database_url)
        if parts.password is not None:
            host = parts.netloc.rsplit("@", 1)[1]
            parts = parts._replace(netloc=f"{parts.username}@{host}")
        return urlunsplit(parts)

    @property
    def templates_dir(self) -> Path:
        return self.home / "letter_templates"


# The longest name `--as` and `CADA_USER` accept (a person's or a team's name, not a text).
USER_NAME_LIMIT = 100


def check_user_name(value: str, what: str) -> str:
    """A name given with `--as` or `CADA_USER`: one line (stripped), not empty, at most
    USER_NAME_LIMIT characters; else a one-line UsageError (exit 2)."""
    name = value.strip()
    if any("\ud800" <= ch <= "\udfff" for ch in name):  # bytes that are not UTF-8
        raise UsageError(M.NOT_UTF8_VALUE.format(what=what))
    # line breaks, controls, bidi overrides (textutil.one_line's refusals, without its imports
    # on the path of every command); spaces such as U+00A0 are kept
    if not all(ch.isprintable() or (ch.isspace() and ch >= "\xa0" and ch not in "\u2028\u2029")
               for ch in name):
        raise UsageError(M.CONTROL_CHARACTERS.format(what=what))
    if not name:
        raise UsageError(M.USER_NAME_EMPTY.format(what=what))
    if len(name) > USER_NAME_LIMIT:
        raise UsageError(M.USER_NAME_TOO_LONG.format(what=what, length=len(name),
                                                     limit=USER_NAME_LIMIT))
    return name


def system_user() -> str:
    """The system user name (`getpass.getuser()`: LOGNAME, USER, LNAME, USERNAME, else the
    password database). When the system cannot give one that `--as` would accept (a
    container run under a user id without a name), `uid-N` with the numeric user id (or
    `unknown-user` where there is none): never an error."""
    import getpass

    try:
        return check_user_name(getpass.getuser(), "USER")
    except (OSError, KeyError, ImportError, UsageError):
        uid = getattr(os, "getuid", None)
        return f"uid-{uid()}" if uid is not None else "unknown-user"


SERVER_SCHEMES = ("postgresql://", "postgresql+psycopg://", "postgresql+psycopg2://")


def shown_url(url: str) -> str:
    """A database URL as printed: a password in it replaced by ***."""
    scheme, sep, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not sep or not at or ":" not in credentials:
        return url
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}"


def check_db_url(url: str) -> None:
    """Accept a SQLite file URL or a PostgreSQL URL; refuse anything else (exit 2).

    In-memory SQLite and SQLite URI options are refused: data would vanish or be read-only."""
    ok = False
    if url.startswith("sqlite:///"):
        rest = url[len("sqlite:///") :]
        ok = bool(rest.strip()) and rest != ":memory:" and "?" not in rest
        ok = ok and not rest.startswith("file:")
    elif url.startswith(SERVER_SCHEMES):
        ok = len(url.split("://", 1)[1]) > 0
    if not ok:
        raise UsageError(M.BAD_DB_URL.format(url=url))


def resolve_store(store: str | None) -> Path | None:
    """The store named by --store, else CADA_STORE, as an absolute path; an empty value of
    either is a usage error (exit 2): documents silently kept in the home instead of the
    shared folder would be worse."""
    if store is None:
        store = os.environ.get("CADA_STORE")
        if store is not None and not store.strip():
            raise UsageError(M.STORE_ENV_EMPTY)
    elif not store.strip():
        raise UsageError(M.EMPTY_VALUE.format(what="--store"))
    return Path(store).expanduser().absolute() if store is not None else None


def resolve_settings(
    home: str | None = None, db: str | None = None, debug: bool = False,
    user: str | None = None,
    store: str | None = None,
) -> Settings:
    if home is not None and not home.strip():
        raise UsageError(M.EMPTY_VALUE.format(what="--home"))
    home_path = Path(home or os.environ.get("CADA_HOME") or default_home()).expanduser()
    db_url = db if db is not None else (os.environ.get("CADA_DATABASE_URL") or None)
    if db_url is not None:
        check_db_url(db_url)
    debug = debug or os.environ.get("CADA_DEBUG", "") not in ("", "0")
    if user is not None:
        user = check_user_name(user, "--as")
    elif os.environ.get("CADA_USER"):
        user = check_user_name(os.environ["CADA_USER"], "CADA_USER")
    return Settings(home=home_path, db_url=db_url, debug=debug, user=user,
                    store=resolve_store(store))
