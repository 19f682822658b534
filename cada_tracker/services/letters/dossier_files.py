"""The dossier on disk: a folder and a zip written under temporary names and renamed, so
that a failure leaves nothing behind (and puts back an earlier dossier replaced with --force)."""

from __future__ import annotations

import errno
import os
import re
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import IO

from cada_tracker import messages as CORE
from cada_tracker.errors import CadaError, ConflictError
from cada_tracker.fsutil import fsync_dir
from cada_tracker.messages import letters as M


def glyph_note(dropped: dict[str, str], where: str) -> str:
    """The one warning line for characters a PDF font could not draw (char -> its mark)."""
    shown = [f"'{ch}' (U+{ord(ch):04X})" for ch in list(dropped)[:10]]
    more = len(dropped) - len(shown)
    chars = ", ".join(shown) + (M.GLYPHS_MORE.format(more=more) if more > 0 else "")
    repl = M.GLYPHS_OR.join(dict.fromkeys(dropped.values()))
    return M.PDF_GLYPHS_REPLACED.format(chars=chars, repl=repl, where=where)


def safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-") or "x"


def _is_dossier(folder: Path) -> bool:
    """An earlier dossier (what --force may replace): a bordereau.txt and only plain files."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return False
    names = {p.name for p in entries}
    return "bordereau.txt" in names and all(p.is_file() and not p.is_symlink() for p in entries)


def check_dossier_targets(folder: Path, zip_path: Path, *, force: bool) -> None:
    """Before any work: the folder and the zip are new, or (--force) an earlier dossier."""
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise ConflictError(M.ESCALATE_NOT_A_FOLDER.format(path=folder))
    if zip_path.is_symlink() or (zip_path.exists() and not zip_path.is_file()):
        raise ConflictError(M.ESCALATE_ZIP_NOT_A_FILE.format(path=zip_path))
    for target in (folder, zip_path):
        if target.exists() and not force:
            raise ConflictError(CORE.OUTPUT_EXISTS.format(path=target))
    if folder.exists() and not _is_dossier(folder):
        raise ConflictError(M.ESCALATE_NOT_A_DOSSIER.format(path=folder))
    if not folder.parent.is_dir():
        raise CadaError(CORE.OUTPUT_FOLDER_MISSING.format(path=folder.parent))


_TARGET_ERRNOS = frozenset({errno.EEXIST, errno.ENOTEMPTY, errno.EISDIR, errno.ENOTDIR})


def write_dossier(folder: Path, zip_path: Path, files: dict[str, bytes], *,
                   force: bool) -> None:
    """Build folder and zip under temporary names in the same parent, then rename.

    Any failure (an OSError: read-only or special folder, disk full, a target that appeared
    meanwhile) removes what was written, puts an earlier dossier back (--force), and is one
    CadaError: exit 4 when a target is in the way, exit 1 otherwise."""
    parent = folder.parent
    tmp_dir: Path | None = None
    tmp_zip: Path | None = None
    old: Path | None = None
    placed = False  # the new folder is at `folder`
    try:
        tmp_dir = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=parent))
        tmp_zip = parent / f".{zip_path.name}.{tmp_dir.name[-8:]}.tmp"
        for name, data in files.items():
            with open(tmp_dir / name, "wb") as fh:
                fh.write(data)
                fh.flush()
                _fsync(fh)
        with zipfile.ZipFile(tmp_zip, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name, data in files.items():
                zf.writestr(f"{folder.name}/{name}", data)
        with open(tmp_zip, "rb+") as fh:
            _fsync(fh)
        if not force:
            for target in (folder, zip_path):
                if target.exists() or target.is_symlink():
                    raise ConflictError(M.ESCALATE_TARGET_APPEARED.format(path=target))
        if folder.exists():  # --force, an earlier dossier (checked before)
            old = parent / f".{folder.name}.old.{tmp_dir.name[-8:]}"
            folder.rename(old)
        tmp_dir.rename(folder)
        placed = True
        tmp_zip.replace(zip_path)
        fsync_dir(parent)
    except BaseException as exc:
        if placed:
            shutil.rmtree(folder, ignore_errors=True)
        if old is not None and not folder.exists():
            try:
                old.rename(folder)
                old = None
            except OSError:
                pass
        if tmp_dir is not None:
            shutil.rmtree(tmp_dir, ignore_errors=True)
        if tmp_zip is not None:
            tmp_zip.unlink(missing_ok=True)
        if not isinstance(exc, OSError):
            raise
        reason = exc.strerror or str(exc)
        if exc.errno in _TARGET_ERRNOS and (folder.exists() or zip_path.exists()):
            raise ConflictError(M.ESCALATE_WRITE_FAILED.format(
                folder=folder, parent=parent, reason=reason)) from None
        raise CadaError(M.ESCALATE_WRITE_FAILED.format(
            folder=folder, parent=parent, reason=reason)) from None
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _fsync(fh: IO[bytes]) -> None:
    try:
        os.fsync(fh.fileno())
    except OSError:
        pass
