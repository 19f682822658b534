"""Atomic file writes shared by every command that writes a file the user asked for."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path
from typing import NamedTuple

from cada_tracker import messages as M
from cada_tracker.errors import CadaError, ConflictError, NotFoundError, UsageError
from cada_tracker.paths import Settings


def protected_paths(settings: Settings) -> tuple[tuple[Path, ...], tuple[Path, ...]]:
    """The files an output must never replace (the database and its SQLite companions -wal,
    -shm, -journal) and the folders it must never write into (the document store)."""
    files: list[Path] = []
    db = settings.sqlite_path
    if db is not None:
        files = [db.with_name(db.name + suffix) for suffix in ("", "-wal", "-shm", "-journal")]
    return tuple(_resolved(p) for p in files), (_resolved(settings.documents_dir),)


def _resolved(path: Path) -> Path:
    return Path(os.path.abspath(os.path.realpath(path)))


def check_target(path: Path, *, force: bool, settings: Settings) -> None:
    """Refuse to overwrite an existing file unless --force; never overwrite a folder, a special
    file, the database or the document store of `settings`, even with --force."""
    real = _resolved(path)
    files, dirs = protected_paths(settings)
    if real in files or any(real.is_relative_to(d) for d in dirs):
        raise ConflictError(M.OUTPUT_PROTECTED.format(path=path))
    if path.is_dir():
        raise ConflictError(M.OUTPUT_IS_DIR.format(path=path))
    if path.exists() and not path.is_file():
        # a device, a pipe, a socket: renaming over it would replace it, even with --force
        raise ConflictError(M.OUTPUT_NOT_REGULAR.format(path=path))
    if (path.exists() or path.is_symlink()) and not force:  # a dangling link exists too
        raise ConflictError(M.OUTPUT_EXISTS.format(path=path))


def fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes, *, force: bool, settings: Settings) -> None:
    """Write to a temp name in the same folder, flush, fsync, rename: nothing half-written."""
    path = Path(path)
    check_target(path, force=force, settings=settings)
    folder = path.parent if str(path.parent) else Path(".")
    if folder.exists() and not folder.is_dir():
        raise CadaError(M.OUTPUT_FOLDER_IS_FILE.format(path=folder))
    if not folder.is_dir():
        raise CadaError(M.OUTPUT_FOLDER_MISSING.format(path=folder))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise CadaError(M.OUTPUT_NOT_WRITABLE.format(path=path, reason=exc.strerror)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise CadaError(
                M.OUTPUT_NOT_WRITABLE.format(path=path, reason=exc.strerror)
            ) from None
        raise
    fsync_dir(folder)


class ReadMessages(NamedTuple):
    """The one-line errors of `read_user_file`, each a format string with {path} (and {limit},
    {reason}, {line} where it says so)."""

    not_found: str  # exit 3
    directory: str  # exit 2
    not_regular: str  # a device, FIFO or socket: exit 2
    unreadable: str  # {reason}: exit 2
    too_large: str  # {limit}: exit 2 (the limit as the caller wants it shown)
    not_utf8: str  # {line}: exit 2


def read_user_file(path: str | os.PathLike[str], *, limit: int, messages: ReadMessages,
                   where: str, shown_limit: object = None) -> str:
    """The UTF-8 text (a BOM dropped) of a small file the user names, read safely: a regular
    file only (a FIFO never blocks, a device is never read), at most `limit` bytes (checked
    before and while reading), one-line errors from `messages` with the path shown as `where`.
    NotFoundError (exit 3) when it does not exist, UsageError (exit 2) otherwise."""
    shown = limit if shown_limit is None else shown_limit
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise NotFoundError(messages.not_found.format(path=where)) from None
    except IsADirectoryError:
        raise UsageError(messages.directory.format(path=where)) from None
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a socket, or a FIFO on some systems
            raise UsageError(messages.not_regular.format(path=where)) from None
        raise UsageError(messages.unreadable.format(path=where, reason=exc.strerror)) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise UsageError(messages.directory.format(path=where))
        if not stat.S_ISREG(st.st_mode):
            raise UsageError(messages.not_regular.format(path=where))
        if st.st_size > limit:
            raise UsageError(messages.too_large.format(path=where, limit=shown))
        with os.fdopen(fd, "rb", closefd=False) as fh:
            raw = fh.read(limit + 1)  # the file may grow after fstat
    except OSError as exc:
        raise UsageError(messages.unreadable.format(path=where, reason=exc.strerror)) from None
    finally:
        os.close(fd)
    if len(raw) > limit:
        raise UsageError(messages.too_large.format(path=where, limit=shown))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise UsageError(messages.not_utf8.format(path=where, line=line)) from None
