"""The HTML campaign report (issue 11, point 3) rendered by a real headless Chromium: the
screenshot is not blank, and the title is visible (hiding the title's element in a copy of
the file changes the screenshot in the title's region; Tesseract, when installed, reads the
title's words too). Skipped when chromium is missing; fails instead under CI=true."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.conftest import require_tool
from tests.services.test_campaign_report import campaign  # noqa: F401  (fixture)

TITLE_BOX = (0, 0, 1200, 72)  # the <h1> at the top of a 1200x900 window (above the next line)


def screenshot(html: Path, png: Path) -> None:
    # Chromium's singleton socket path must be short: a profile in a short temporary folder,
    # deleted afterwards (pytest's tmp_path is too long for it)
    with tempfile.TemporaryDirectory(prefix="cr-", dir="/tmp") as short:
        r = subprocess.run(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             f"--user-data-dir={short}/p", f"--screenshot={png}", "--window-size=1200,900",
             html.as_uri()],
            capture_output=True, text=True, timeout=120, cwd=html.parent,
            env={**os.environ, "TMPDIR": short, "HOME": short})
    assert png.is_file(), r.stderr[-2000:]


def test_the_report_renders_in_chromium_with_its_title_visible(campaign, tmp_path):  # noqa: F811
    require_tool("chromium")
    pil = pytest.importorskip("PIL.Image")
    html = tmp_path / "report.html"
    r = campaign("--today", "2025-09-01", "campaign", "report", "video", "-f", "html",
                 "-o", str(html))
    assert r.code == 0, r.err
    shown, hidden = tmp_path / "shown.png", tmp_path / "hidden.png"
    screenshot(html, shown)
    untitled = tmp_path / "untitled.html"
    untitled.write_text(html.read_text(encoding="utf-8").replace(
        '<h1 id="title">', '<h1 id="title" style="visibility:hidden">'), encoding="utf-8")
    screenshot(untitled, hidden)

    image = pil.open(shown).convert("RGB")
    assert image.size == (1200, 900)
    colours = image.getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 2, "the screenshot is one flat colour"
    dark = sum(n for n, (red, green, blue) in colours if red + green + blue < 600)
    assert dark > 2000, f"only {dark} non-white pixels: blank page?"
    title_shown = image.crop(TITLE_BOX)
    title_hidden = pil.open(hidden).convert("RGB").crop(TITLE_BOX)
    assert title_shown.tobytes() != title_hidden.tobytes(), "the title is not visible"
    assert len(title_hidden.getcolors(maxcolors=1 << 20) or []) == 1  # only the background
    if shutil.which("tesseract"):
        text = subprocess.run(["tesseract", str(shown), "-"], capture_output=True,
                              text=True, timeout=120).stdout
        assert "Hérault" in text or "protection" in text, text[:500]
