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
    store: str | None = None,
) -> Settings:
    if home is not None and not home.strip():
        raise UsageError(M.EMPTY_VALUE.format(what="--home"))
    home_path = Path(home or os.environ.get("CADA_HOME") or default_home()).expanduser()
    db_url = db if db is not None else (os.environ.get("CADA_DATABASE_URL") or None)
    if db_url is not None:
        check_db_url(db_url)
    debug = debug or os.environ.get("CADA_DEBUG", "") not in ("", "0")
    return Settings(home=home_path, db_url=db_url, debug=debug, store=resolve_store(store))
