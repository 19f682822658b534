"""Atomic file writes shared by every command that writes a file the user asked for, and the
safe readers of the files a user names (a small text file, a CSV file read as a stream)."""

from __future__ import annotations

import codecs
import csv
import errno
import io
import itertools
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

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
    """The one-line errors of `read_user_file` and `open_user_csv`, each a format string with
    {path} (and {limit}, {reason}, {line} where it says so)."""

    not_found: str  # exit 3
    directory: str  # exit 2
    not_regular: str  # a device, FIFO or socket: exit 2
    unreadable: str  # {reason}: exit 2
    too_large: str  # {limit}: exit 2 (the limit as the caller wants it shown)
    not_utf8: str  # {line}: exit 2
    # open_user_csv only: a field over the csv module's field limit ({line}: the first line of
    # its row, {limit} in KB), a quoted field never closed ({line}), other CSV errors ({line},
    # {reason}: the csv module's words)
    field_too_large: str = ""
    unclosed_quote: str = ""
    malformed: str = ""


def _open_regular(path: str | os.PathLike[str], *, limit: int, messages: ReadMessages,
                  where: str, shown: object) -> int:
    """A descriptor on `path` if it is a regular file of at most `limit` bytes (a FIFO is
    opened without blocking and refused, a device is never read); else the error of
    `messages`. The caller closes it."""
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
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_user_file(path: str | os.PathLike[str], *, limit: int, messages: ReadMessages,
                   where: str, shown_limit: object = None) -> str:
    """The UTF-8 text (a BOM dropped) of a small file the user names, read safely: a regular
    file only (a FIFO never blocks, a device is never read), at most `limit` bytes (checked
    before and while reading), one-line errors from `messages` with the path shown as `where`.
    NotFoundError (exit 3) when it does not exist, UsageError (exit 2) otherwise."""
    shown = limit if shown_limit is None else shown_limit
    fd = _open_regular(path, limit=limit, messages=messages, where=where, shown=shown)
    try:
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


# --- CSV the user names, read as a stream (issue 11, point 9) --------------------------------


class _Capped(io.RawIOBase):
    """The bytes of a descriptor, at most `cap` of them: one more is the caller's error (the
    file grew after it was measured)."""

    def __init__(self, fd: int, cap: int, too_large: Callable[[], Exception]) -> None:
        super().__init__()
        self._fd, self._left, self._too_large = fd, cap, too_large

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        data = os.read(self._fd, min(len(view), self._left + 1))
        if len(data) > self._left:
            raise self._too_large()
        self._left -= len(data)
        view[: len(data)] = data
        return len(data)


def _line_of_bad_utf8(fd: int) -> int:
    """The line of the first byte that is not UTF-8, its line breaks counted as the csv module
    counts the lines it reads (`\n`, `\r\n` or a lone `\r`), read again as a stream."""
    os.lseek(fd, 0, os.SEEK_SET)
    decoder = codecs.getincrementaldecoder("utf-8")()
    breaks, after_cr = 0, False
    while True:
        chunk = os.read(fd, 1 << 16)
        try:
            decoder.decode(chunk, final=not chunk)
            good, bad = chunk, False
        except UnicodeDecodeError as exc:
            pending = len(exc.object) - len(chunk)  # bytes the decoder held from before
            good, bad = chunk[: max(0, exc.start - pending)], True
        breaks += good.count(b"\r") + good.count(b"\n") - good.count(b"\r\n")
        if after_cr and good.startswith(b"\n"):
            breaks -= 1  # a \r\n split between two chunks
        after_cr = good.endswith(b"\r") if good else after_cr
        if bad or not chunk:
            return breaks + 1


@contextmanager
def open_user_csv(
    path: str | os.PathLike[str], *, limit: int, messages: ReadMessages, where: str,
    shown_limit: object = None, delimiters: str = ",;\t",
) -> Iterator[Iterator[tuple[int, list[str]]]]:
    """The rows of a CSV file the user names, read as a stream by the csv module on the file
    (never the whole file in memory): `(line, values)`, `line` the last line of the row (a
    quoted field may span lines and keeps its line breaks, RFC 4180), a blank line `[]`.

    The file is checked as `read_user_file` checks it (a regular file of at most `limit`
    bytes, also while reading), decoded as UTF-8 (a BOM dropped; a bad byte is
    `messages.not_utf8` with its line), the separator guessed from the first line among
    `delimiters`. A field over the csv module's field limit (128 KB) is
    `messages.field_too_large` with the first line of its row, a quoted field never closed is
    `messages.unclosed_quote`: UsageError (exit 2), never an internal error."""
    shown = limit if shown_limit is None else shown_limit
    fd = _open_regular(path, limit=limit, messages=messages, where=where, shown=shown)

    def too_large() -> Exception:
        return UsageError(messages.too_large.format(path=where, limit=shown))

    raw = _Capped(fd, limit, too_large)
    # newline="": the csv module sees every line break as written (a quoted one is kept)
    text = io.TextIOWrapper(io.BufferedReader(raw, 1 << 16), encoding="utf-8-sig", newline="")

    def rows() -> Iterator[tuple[int, list[str]]]:
        first = text.readline()
        # only the separator (and spaces after it) are guessed, from the header line: the
        # rest is RFC 4180 (a "" inside quotes is a quote; the sniffer, seeing no quote in the
        # header, would say otherwise)
        try:
            sniffed = csv.Sniffer().sniff(first.rstrip("\r\n")[:4096], delimiters=delimiters)
            delimiter, spaces = sniffed.delimiter, bool(sniffed.skipinitialspace)
        except csv.Error:
            delimiter, spaces = ",", False
        # strict: a quoted field never closed is an error, not the rest of the file in a field
        reader = csv.reader(itertools.chain([first] if first else [], text), csv.excel,
                            delimiter=delimiter, skipinitialspace=spaces, strict=True)
        done = 0  # the last line of the previous row
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                reason = str(exc)
                if "field larger than field limit" in reason:
                    raise UsageError(messages.field_too_large.format(
                        path=where, line=done + 1,
                        limit=csv.field_size_limit() // 1024)) from None
                if "unexpected end of data" in reason:
                    raise UsageError(messages.unclosed_quote.format(
                        path=where, line=done + 1)) from None
                raise UsageError(messages.malformed.format(
                    path=where, line=reader.line_num, reason=reason)) from None
            done = reader.line_num
            yield done, values

    try:
        yield rows()
    except UnicodeDecodeError:
        raise UsageError(messages.not_utf8.format(path=where, line=_line_of_bad_utf8(fd))) \
            from None
    except OSError as exc:
        raise UsageError(messages.unreadable.format(path=where, reason=exc.strerror)) from None
    finally:
        text.close()  # closes the buffer, not the descriptor (closed here, once)
        os.close(fd)
