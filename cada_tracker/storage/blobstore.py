"""Content-addressed document store: `CADA_HOME/documents/ab/cd/<sha256>`, or the folder
named by `--store`/`CADA_STORE` (shared by several writers, several databases even).

A file is hashed (SHA-256) and copied in one streaming pass into a temporary file of
`documents/tmp/`, flushed, fsync'ed and renamed to its final name, then made read-only.
The same content is stored once, whatever the number of documents that link to it.
Memory use is one buffer (CHUNK bytes), whatever the size of the file.

Writers hold an exclusive lock (`tmp/.lock`) for their whole command. A store named by
`--store` keeps in `databases/` one small file per database that wrote into it: a blob
that this database does not reference may then be another database's, and is never
removed by this one.

Only the stdlib is used here; no database: the services decide what a blob means.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cada_tracker.errors import StorageError, UsageError
from cada_tracker.fsutil import fsync_dir
from cada_tracker.messages import documents as M

CHUNK = 1024 * 1024
HEAD_SIZE = 8192
TMP_DIR = "tmp"
TMP_SUFFIX = ".part"
LOCK_NAME = ".lock"
# one file per database that wrote into a shared store (named by a hash of its identity)
DATABASES_DIR = "databases"
# A temporary file younger than this may belong to an attach still running: never removed.
TMP_GRACE_SECONDS = 60 * 60
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")

Progress = Callable[[int], None]


class TooLarge(Exception):
    """A stream went past the size its caller allowed (a lying ZIP header)."""


class BlobMismatch(Exception):
    """A stored file no longer matches the SHA-256 it is named by (changed on disk)."""

    def __init__(self, sha256: str, actual: str) -> None:
        super().__init__(f"{sha256} now hashes to {actual}")
        self.sha256 = sha256
        self.actual = actual


def _reason(exc: OSError) -> str:
    """strerror with the path it concerns (the real one, not the store's root)."""
    reason = exc.strerror or str(exc)
    return f"{exc.filename}: {reason}" if exc.filename else reason


@dataclass(frozen=True)
class PutResult:
    sha256: str
    size: int
    path: Path
    created: bool  # False: the content was already in the store
    head: bytes  # the first HEAD_SIZE bytes, for sniffing the media type


class Store:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    # --- layout ---------------------------------------------------------------------
    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / sha256

    @property
    def tmp_dir(self) -> Path:
        return self.root / TMP_DIR

    @property
    def databases_dir(self) -> Path:
        return self.root / DATABASES_DIR

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def _not_a_folder(self, path: Path) -> StorageError | None:
        """The error to give when `path` or one of its parents inside the store is a file."""
        for p in [*reversed(path.relative_to(self.root).parents), path.relative_to(self.root)]:
            full = self.root / p
            if full.exists() and not full.is_dir():
                return StorageError(M.STORE_NOT_A_FOLDER.format(path=full))
        return None

    def _mkdir(self, path: Path, template: str) -> None:
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            error = self._not_a_folder(path)
            if error is not None:
                raise error from None
            raise StorageError(template.format(path=self.root, reason=_reason(exc))) from None

    def _prepare(self) -> None:
        self._mkdir(self.tmp_dir, M.STORE_NOT_WRITABLE)

    def check_root(self) -> None:
        """A store named by --store/CADA_STORE is never created: it must be a folder that
        exists (a share that is not mounted must not become a local folder). Not a folder
        (a file, a device, a pipe): exit 2; missing or unreadable: exit 5."""
        try:
            st = os.stat(self.root)
        except FileNotFoundError:
            raise StorageError(M.STORE_MISSING.format(path=self.root)) from None
        except OSError as exc:
            raise StorageError(M.STORE_UNUSABLE.format(path=self.root, reason=_reason(exc))
                               ) from None
        if not stat.S_ISDIR(st.st_mode):
            raise UsageError(M.STORE_NOT_A_DIRECTORY.format(path=self.root))

    # --- the databases of a shared store ----------------------------------------------
    def register(self, identity: str) -> None:
        """Record that the database `identity` writes into this store (once; atomic)."""
        folder = self.databases_dir
        entry = folder / hashlib.sha256(identity.encode()).hexdigest()[:32]
        if entry.is_file():
            return
        import tempfile

        self._mkdir(folder, M.STORE_NOT_WRITABLE)
        try:
            fd, tmp_name = tempfile.mkstemp(dir=self.tmp_dir, suffix=TMP_SUFFIX)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(identity + "\n")
            os.replace(tmp_name, entry)
        except OSError as exc:
            raise StorageError(
                M.STORE_WRITE_FAILED.format(path=self.root, reason=_reason(exc))
            ) from None

    def databases(self) -> list[str]:
        """The identities of the databases that wrote into this store (see register)."""
        folder = self.databases_dir
        if not folder.is_dir():
            return []
        found = []
        for entry in sorted(folder.iterdir()):
            try:
                found.append(entry.read_text(encoding="utf-8").strip())
            except (OSError, UnicodeDecodeError):
                found.append(str(entry))
        return found

    # --- writing ----------------------------------------------------------------------
    def put_file(self, path: Path, progress: Progress | None = None) -> PutResult:
        """Store the file at `path` (the caller has checked it is a regular file)."""
        with open(path, "rb") as src:
            return self.put_stream(src, progress=progress)

    def put_bytes(self, data: bytes) -> PutResult:
        import io

        return self.put_stream(io.BytesIO(data))

    def put_stream(
        self, src: BinaryIO, progress: Progress | None = None, limit: int | None = None
    ) -> PutResult:
        """Hash and copy `src` in one pass. `limit`: refuse (TooLarge) beyond that size.

        Errors while writing (disk full, permission) become StorageError; the temporary
        file is removed, nothing is left behind.
        """
        import tempfile

        self._prepare()
        digest = hashlib.sha256()
        size = 0
        head = b""
        try:
            fd, tmp_name = tempfile.mkstemp(dir=self.tmp_dir, suffix=TMP_SUFFIX)
        except OSError as exc:
            raise StorageError(
                M.STORE_WRITE_FAILED.format(path=self.root, reason=_reason(exc))
            ) from None
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                while True:
                    chunk = src.read(CHUNK)
                    if not chunk:
                        break
                    size += len(chunk)
                    if limit is not None and size > limit:
                        raise TooLarge(size)
                    if len(head) < HEAD_SIZE:
                        head += chunk[: HEAD_SIZE - len(head)]
                    digest.update(chunk)
                    out.write(chunk)
                    if progress is not None:
                        progress(len(chunk))
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            final = self.path_for(sha)
            if final.is_file():
                tmp.unlink()
                return PutResult(sha, size, final, False, head)
            self._mkdir(final.parent, M.STORE_WRITE_FAILED)
            os.chmod(tmp, 0o444)
            os.replace(tmp, final)
            fsync_dir(final.parent)
            return PutResult(sha, size, final, True, head)
        except OSError as exc:
            _silent_unlink(tmp)
            raise StorageError(
                M.STORE_WRITE_FAILED.format(path=self.root, reason=_reason(exc))
            ) from None
        except BaseException:
            _silent_unlink(tmp)
            raise

    @contextmanager
    def lock(self) -> Iterator[None]:
        """An exclusive lock on the store for a whole command (attach, check --repair), so
        that a failed attach never removes a blob another attach is linking, and --repair
        never removes the blob of an attach still running. No-op where fcntl is missing."""
        self._prepare()
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            yield
            return
        try:
            fh = open(self.tmp_dir / LOCK_NAME, "a+b")  # noqa: SIM115 - closed below
        except OSError as exc:
            raise StorageError(
                M.STORE_NOT_WRITABLE.format(path=self.root, reason=_reason(exc))
            ) from None
        with fh:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

    @contextmanager
    def try_lock(self) -> Iterator[bool]:
        """The store lock if no other cada holds it now: yields True while held, False when
        another command writes (or the lock cannot be taken: a read-only store, no fcntl).
        Never waits, never creates anything."""
        try:
            import fcntl

            fh = open(self.tmp_dir / LOCK_NAME, "rb")  # noqa: SIM115 - closed below
        except (ImportError, OSError):
            yield False
            return
        with fh:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

    def discard(self, sha256s: list[str]) -> None:
        """Remove blobs this command created (rollback of a failed attach)."""
        for sha in sha256s:
            _silent_unlink(self.path_for(sha))

    # --- reading and checking ---------------------------------------------------------
    def hash_of(self, path: Path) -> tuple[str, int]:
        digest = hashlib.sha256()
        size = 0
        with open(path, "rb") as fh:
            while True:
                chunk = fh.read(CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                digest.update(chunk)
        return digest.hexdigest(), size

    def verify(self, sha256: str) -> Path:
        """The blob's path after hashing it (streaming); BlobMismatch if it changed."""
        path = self.path_for(sha256)
        actual, _size = self.hash_of(path)
        if actual != sha256:
            raise BlobMismatch(sha256, actual)
        return path

    def iter_blobs(self) -> Iterator[Path]:
        """Every file of the store except the tmp folder (whatever its name)."""
        if not self.root.is_dir():
            return
        for first in sorted(self.root.iterdir()):
            if first.name in (TMP_DIR, DATABASES_DIR) and first.is_dir():
                continue
            if not first.is_dir():
                yield first
                continue
            for dirpath, _dirs, files in os.walk(first):
                for name in sorted(files):
                    yield Path(dirpath) / name

    def stale_tmp_files(self, now: float | None = None, *, idle: bool = False
                        ) -> Iterator[Path]:
        """Temporary files left by a command that died: every one when `idle` (the caller
        holds the store lock, so no command is writing), else those older than
        TMP_GRACE_SECONDS."""
        now = time.time() if now is None else now
        if not self.tmp_dir.is_dir():
            return
        for p in sorted(self.tmp_dir.iterdir()):
            if p.name == LOCK_NAME:
                continue
            try:
                if p.is_file() and (idle or now - p.stat().st_mtime > TMP_GRACE_SECONDS):
                    yield p
            except OSError:
                continue

    def is_recent(self, path: Path, now: float | None = None) -> bool:
        now = time.time() if now is None else now
        try:
            return now - path.stat().st_mtime <= TMP_GRACE_SECONDS
        except OSError:
            return False

    def is_canonical(self, path: Path) -> bool:
        """A blob named by its sha256, at the place that name implies."""
        name = path.name
        return bool(SHA256_RE.match(name)) and path == self.path_for(name)

    def remove(self, path: Path) -> None:
        path.unlink()

    def export(self, sha256: str, target: Path, *, force: bool) -> None:
        """Copy a blob to `target` (temp file in the same folder, then rename), hashing it
        on the way: BlobMismatch (and no file written) if it no longer matches `sha256`.

        The caller refuses a `target` that exists and is not a regular file; the rename
        re-checks it just before replacing (a device never becomes a regular file)."""
        import tempfile

        source = self.path_for(sha256)
        target = Path(target)
        fd, tmp_name = tempfile.mkstemp(dir=target.parent or Path("."), prefix=".cada-export-")
        tmp = Path(tmp_name)
        try:
            digest = hashlib.sha256()
            with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
                while True:
                    chunk = src.read(CHUNK)
                    if not chunk:
                        break
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            if digest.hexdigest() != sha256:
                raise BlobMismatch(sha256, digest.hexdigest())
            os.chmod(tmp, 0o644)
            if force:
                try:
                    st = os.lstat(target)
                except FileNotFoundError:
                    pass
                else:
                    if not (stat.S_ISREG(st.st_mode) or stat.S_ISLNK(st.st_mode)):
                        raise FileExistsError(errno.EEXIST, "not a regular file", str(target))
                os.replace(tmp, target)
            else:
                # link + unlink: fails if the target appeared meanwhile (no silent overwrite)
                try:
                    os.link(tmp, target)
                except OSError as exc:
                    if exc.errno != errno.EEXIST and exc.errno not in (errno.EPERM, errno.EXDEV,
                                                                       errno.ENOTSUP):
                        raise
                    if exc.errno == errno.EEXIST:
                        raise FileExistsError(str(target)) from None
                    if os.path.lexists(target):
                        raise FileExistsError(str(target)) from None
                    os.replace(tmp, target)
                else:
                    tmp.unlink()
        except BaseException:
            _silent_unlink(tmp)
            raise


def _silent_unlink(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError:
        pass
