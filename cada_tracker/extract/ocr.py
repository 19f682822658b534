"""OCR with Tesseract (French), when the `tesseract` program is installed.

Install: `sudo apt-get install tesseract-ocr tesseract-ocr-fra` (Debian/Ubuntu),
`brew install tesseract tesseract-lang` (macOS). Without it, scanned PDFs and images are
stored with text_status "none" and a note saying how to get OCR.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from cada_tracker.extract.base import Extraction
from cada_tracker.messages import documents as M

TIMEOUT_SECONDS = 300
DPI = 300


def tesseract() -> str | None:
    return shutil.which("tesseract")


@functools.lru_cache(maxsize=1)
def language() -> str:
    """'fra' when the French data is installed (plus 'eng' if present), else the default."""
    exe = tesseract()
    if exe is None:
        return "eng"
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True,
                             timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return "eng"
    langs = {line.strip() for line in out.splitlines()[1:]}
    if "fra" in langs:
        return "fra+eng" if "eng" in langs else "fra"
    return "eng"


class OcrError(Exception):
    pass


def ocr_image_file(path: Path) -> str:
    exe = tesseract()
    if exe is None:
        raise OcrError(M.OCR_NOT_INSTALLED)
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    try:
        proc = subprocess.run(
            [exe, str(path), "stdout", "-l", language()],
            capture_output=True, timeout=TIMEOUT_SECONDS, env=env,
        )
    except subprocess.TimeoutExpired:
        raise OcrError(M.OCR_TIMEOUT.format(seconds=TIMEOUT_SECONDS)) from None
    except OSError as exc:
        raise OcrError(str(exc)) from None
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OcrError(err[-1] if err else M.OCR_EXIT_CODE.format(code=proc.returncode))
    return proc.stdout.decode("utf-8", "replace")


def extract_image(path: Path) -> Extraction:
    if tesseract() is None:
        return Extraction("none", page_count=1, note=M.OCR_MISSING)
    try:
        text = ocr_image_file(path)
    except OcrError as exc:
        return Extraction("failed", page_count=1, note=M.OCR_FAILED.format(reason=exc))
    return Extraction("ok", pages=[text], page_count=1,
                      note=M.OCR_DONE.format(lang=language(), pages=1))


def ocr_pdf_page(page) -> str:  # noqa: ANN001 - a pypdfium2 page
    """Render one PDF page at DPI and read it."""
    bitmap = page.render(scale=DPI / 72, grayscale=True)
    image = bitmap.to_pil()
    with tempfile.TemporaryDirectory(prefix="cada-ocr-") as tmp:
        png = Path(tmp) / "page.png"
        image.save(png)
        return ocr_image_file(png)
