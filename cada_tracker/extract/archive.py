"""ZIP archives: checked before anything is unpacked, then members become documents.

A damaged archive (truncated, no central directory) is not an error: it is kept as one
document with text status "failed", not unpacked; members that cannot be read (CRC or zlib
errors) are skipped by the attach, which marks the archive "failed" with their names.

Refused, with the reason: members with `..` (path traversal) or absolute paths (including
drive letters), symbolic links, encrypted members, decompression bombs (a member expanding
more than MAX_RATIO times, more than MAX_TOTAL bytes in all, more than MAX_MEMBERS members,
or a member larger than its header declares, checked while streaming). Nested archives are
unpacked up to MAX_DEPTH levels.
"""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path, PurePosixPath

from cada_tracker.errors import CadaError
from cada_tracker.extract.base import Child, Extraction
from cada_tracker.messages import documents as M

MAX_RATIO = 200
RATIO_MIN_SIZE = 1024 * 1024  # small members may compress very well; only check above this
MAX_TOTAL = 4 * 1024 * 1024 * 1024
MAX_MEMBERS = 10_000
MAX_DEPTH = 3


class UnsafeArchive(CadaError):
    """Exit 1: the archive was refused (nothing attached)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _member_problem(info: zipfile.ZipInfo) -> str | None:
    norm = info.filename.replace("\\", "/")
    name = M.shown(info.filename)  # for the messages: control characters escaped
    if "\x00" in norm:
        return M.ZIP_TRAVERSAL.format(member=name)
    if norm.startswith("/") or (len(norm) > 1 and norm[1] == ":"):
        return M.ZIP_ABSOLUTE.format(member=name)
    if ".." in PurePosixPath(norm).parts:
        return M.ZIP_TRAVERSAL.format(member=name)
    mode = info.external_attr >> 16
    if info.create_system == 3 and stat.S_ISLNK(mode):
        return M.ZIP_SYMLINK.format(member=name)
    if info.flag_bits & 0x1:
        return M.ZIP_ENCRYPTED.format(member=name)
    if info.file_size > RATIO_MIN_SIZE:
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > MAX_RATIO:
            return M.ZIP_RATIO.format(member=name, ratio=ratio, limit=MAX_RATIO)
    return None


def check_zip(zf: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The members to unpack (files, not folders); UnsafeArchive if anything is wrong."""
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise UnsafeArchive(M.ZIP_COUNT.format(limit=MAX_MEMBERS))
    total = 0
    files = []
    for info in infos:
        problem = _member_problem(info)
        if problem:
            raise UnsafeArchive(problem)
        if info.is_dir():
            continue
        total += info.file_size
        if total > MAX_TOTAL:
            raise UnsafeArchive(M.ZIP_TOTAL.format(limit_mb=MAX_TOTAL // (1024 * 1024)))
        files.append(info)
    return files


def extract_zip(path: Path) -> Extraction:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        # truncated or damaged: the archive is kept as one document, not unpacked
        return Extraction("failed", note=M.ZIP_DAMAGED.format(reason=exc))
    with zf:
        files = check_zip(zf)
        listing = "\n".join(f"{i.filename}\t{i.file_size}" for i in files)
    if not files:
        return Extraction("none", pages=[], page_count=0, note=M.ZIP_EMPTY)
    children = [
        Child(name=info.filename, open=_opener(path, info.filename), size_limit=info.file_size,
              overflows=_overflow_check(path, info.filename))
        for info in files
    ]
    return Extraction(
        "ok",
        pages=[listing],
        page_count=1,
        note=M.ARCHIVE_NOTE.format(count=len(children)),
        children=children,
    )


def _overflow_check(path: Path, name: str):  # noqa: ANN202
    """zipfile stops reading a member at its declared size and then reports a CRC error, the
    same error as a damaged member: read one byte past the declared size to tell them apart."""

    def overflows() -> bool:
        import copy

        try:
            with zipfile.ZipFile(path) as zf:
                info = copy.copy(zf.getinfo(name))
                declared = info.file_size
                info.file_size = declared + 1
                del info.CRC  # no CRC check: only the length matters here
                total = 0
                with zf.open(info) as fh:
                    while total <= declared:
                        chunk = fh.read(1024 * 1024)
                        if not chunk:
                            break
                        total += len(chunk)
                return total > declared
        except Exception:  # noqa: BLE001 - damaged: not larger than declared as far as known
            return False

    return overflows


def _opener(path: Path, name: str):  # noqa: ANN202
    def open_member():  # noqa: ANN202
        zf = zipfile.ZipFile(path)
        fh = zf.open(name)
        original_close = fh.close

        def close() -> None:
            original_close()
            zf.close()

        fh.close = close  # type: ignore[method-assign]
        return fh

    return open_member
