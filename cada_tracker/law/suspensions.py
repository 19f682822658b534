"""Suspension windows of legal periods, loaded from data/suspensions.json (cached).

Two families, as in ordonnance 2020-306 (reference §0.1, §2.6):

- "authority" (art. 7): periods at the end of which the administration's silence becomes a
  decision. A period still running on `start` resumes on `resume` for what remained, i.e. the
  new end is the nominal end + (resume - start) days; a period that would have started during
  [start, end] starts on `resume`.
- "requester" (art. 2): an act due during [start, end] is in time if done within the normal
  period counted from `end`, capped at `cap_months`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from cada_tracker.resources import data_path


@dataclass(frozen=True)
class Window:
    id: str
    family: str  # "authority" or "requester"
    start: date
    end: date
    label: str
    basis: tuple[str, ...]
    confidence: str = "inferred"
    resume: date | None = None  # authority windows
    cap_months: int | None = None  # requester windows

    @property
    def shift_days(self) -> int:
        assert self.resume is not None
        return (self.resume - self.start).days


def parse_windows(raw: dict[str, Any]) -> tuple[Window, ...]:
    windows = []
    for w in raw.get("windows", ()):
        family = w["family"]
        if family not in ("authority", "requester"):
            raise ValueError(f"suspension window {w.get('id')!r}: unknown family {family!r}")
        win = Window(
            id=w["id"],
            family=family,
            start=date.fromisoformat(w["start"]),
            end=date.fromisoformat(w["end"]),
            label=w.get("label", w["id"]),
            basis=tuple(w.get("basis", ())),
            confidence=w.get("confidence", "inferred"),
            resume=date.fromisoformat(w["resume"]) if w.get("resume") else None,
            cap_months=w.get("cap_months"),
        )
        if win.end < win.start:
            raise ValueError(f"suspension window {win.id!r} ends before it starts")
        if family == "authority" and (win.resume is None or win.resume <= win.start):
            raise ValueError(f"suspension window {win.id!r} needs a resume date after its start")
        if family == "requester" and not win.cap_months:
            raise ValueError(f"suspension window {win.id!r} needs cap_months")
        windows.append(win)
    return tuple(sorted(windows, key=lambda x: x.start))


@lru_cache(maxsize=1)
def load_windows() -> tuple[Window, ...]:
    with open(data_path("suspensions.json"), encoding="utf-8") as fh:
        return parse_windows(json.load(fh))


def windows(family: str, table: tuple[Window, ...] | None = None) -> tuple[Window, ...]:
    return tuple(w for w in (load_windows() if table is None else table) if w.family == family)
