"""The lines `cada attach` and `cada documents` print, and the progress bar of a large attach.

No Typer here: `cada attach` runs without it (cli/fast.py) and prints the same lines. rich is
imported only when a bar is shown (a file of PROGRESS_MIN_BYTES or more, on a terminal).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from cada_tracker.messages import documents as M
from cada_tracker.messages.documents import shown

PROGRESS_MIN_BYTES = 32 * 1024 * 1024


def human(size: int | None) -> str:
    if size is None:
        return "?"
    value = float(size)
    for unit in ("B", "kB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{size} B"  # pragma: no cover


def doc_line(d: dict[str, Any], indent: str = "") -> str:
    return M.DOC_LINE.format(
        indent=indent, id=d["id"], request=d["request"], received_on=d["received_on"] or "-",
        name=shown(d["name"]), flag=M.DOC_ILLUSTRATIVE if d.get("illustrative") else "",
        media_type=d["media_type"], size=human(d["size"]),
        pages=M.DOC_PAGES.format(pages=d["pages"]) if d.get("pages") else "-",
        text=d["text_status"], sha256=d["sha256"][:12],
    )


def tree(docs: list[dict[str, Any]]) -> list[str]:
    """One line per document, e-mail attachments and ZIP members indented under their parent."""
    by_parent: dict[Any, list[dict[str, Any]]] = {}
    ids = {d["id"] for d in docs}
    for d in docs:
        parent = d["parent"] if d["parent"] in ids else None
        by_parent.setdefault(parent, []).append(d)
    lines: list[str] = []

    def walk(parent: Any, depth: int) -> None:
        for d in by_parent.get(parent, []):
            lines.append(doc_line(d, "    " * depth))
            if d["text_status"] != "ok" and d.get("text_note"):
                lines.append("    " * (depth + 1) + M.DOC_NOTE.format(note=shown(d["text_note"])))
            walk(d["id"], depth + 1)

    walk(None, 0)
    return lines


@contextmanager
def progress_bar(name: str, size: int, *,
                 min_bytes: int = PROGRESS_MIN_BYTES) -> Iterator[NoBar | Bar]:
    """A rich progress bar on large files when stdout is a terminal, else nothing."""
    if size < min_bytes or not (sys.stdout.isatty() and sys.stderr.isatty()):
        yield NoBar()
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    with Progress(
        "[progress.description]{task.description}", BarColumn(), DownloadColumn(),
        TransferSpeedColumn(), TimeRemainingColumn(), transient=True,
        console=Console(stderr=True),  # stdout stays clean (--json)
    ) as progress:
        task = progress.add_task(name, total=size)
        yield Bar(progress, task)


class NoBar:
    def advance(self, n: int) -> None:
        pass


class Bar:
    def __init__(self, progress: Any, task: Any) -> None:
        self.progress = progress
        self.task = task

    def advance(self, n: int) -> None:
        self.progress.update(self.task, advance=n)
