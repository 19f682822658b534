"""The status table's layout (issue 10, points 2 and 3): sections, DAYS cells, colours, and
the width of a terminal, by wrapping, never cutting. Shared by `render.text.status_lines` and
the stored rows of `status` (issue 13: `services.stored_status`); it imports no domain module,
so that `cada status` reading stored rows loads no more than it prints."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from typing import Any

from cada_tracker import messages as M
from cada_tracker.display import use_color

RED, YELLOW, MAGENTA, RESET = "\x1b[31m", "\x1b[33m", "\x1b[35m", "\x1b[0m"
SOON_DAYS = 7
GAP = "  "
# issue 10, point 2: when the table is wider than the terminal, the next action wraps in its
# column, the authority too beyond AUTHORITY_KEEP columns (down to AUTHORITY_MIN); with less
# than ACTION_MIN columns left, the next action goes under its row. Wrapped, never cut.
AUTHORITY_MIN = 14
AUTHORITY_KEEP = 24
ACTION_MIN = 30
UNDER_INDENT = "    "  # a next action printed under its row (a narrow terminal)
# the user's own actions, the answers awaited from others, the finished requests (--all)
YOURS, WAITING, FINISHED = "yours", "waiting", "finished"


def paint(text: str, colour: str, enabled: bool) -> str:
    return f"{colour}{text}{RESET}" if enabled else text


def day_marks() -> tuple[Any, str, str, str]:
    """The words of the DAYS cell in the interface's language: late (a Plural), OVERDUE,
    past act-by, soon (read once by a table of many rows)."""
    return M.LATE_MARK, M.OVERDUE_MARK, M.PAST_SAFE_MARK, M.DUE_SOON_MARK


def days_and_colour(section: str, legal_days: int | None, safe_days: int | None,
                    late: int | None, marks: tuple[Any, str, str, str] | None = None,
                    ) -> tuple[str, str | None]:
    """The DAYS cell and the row's colour from the next action's day counts."""
    if safe_days is None or legal_days is None:
        return "", None
    late_mark, overdue, past_safe, soon = marks or day_marks()
    if section != YOURS:
        if late is not None:  # the authority's or the CADA's answer: late, never OVERDUE
            return late_mark.format(n=late), MAGENTA
        return str(safe_days), None
    if legal_days < 0:
        return f"{safe_days} {overdue}", RED
    if safe_days < 0:
        return f"{safe_days} {past_safe}", YELLOW
    if safe_days <= SOON_DAYS:
        return f"{safe_days} {soon}", YELLOW
    return str(safe_days), None


@dataclass(frozen=True)
class Layout:
    """Column widths; whether the authority and next-action columns wrap; whether the next
    action goes under its row instead (stacked: a terminal too narrow for the column), with
    the width it wraps to there."""

    widths: list[int]
    wrap: bool = False
    stacked: bool = False
    under: int = 0


def layout(rows: list[list[str]], width: int | None) -> Layout:
    """width=None (pipe, --wide): every column at its natural width, whole lines. Otherwise
    the table fits the terminal: the authority wraps (down to AUTHORITY_MIN) and the next
    action wraps in its column; when less than ACTION_MIN columns are left for it, it goes
    under its row, wrapped to the terminal's width. Nothing is ever cut."""
    header = list(M.STATUS_HEADER)
    natural = [max(map(len, column)) for column in zip(header, *rows, strict=True)]
    total = sum(natural) + len(GAP) * (len(natural) - 1)
    if width is None or total <= width:
        return Layout(natural)
    widths = list(natural)
    room = width - (total - natural[1] - natural[3])
    # the authority never narrower than its longest word (up to AUTHORITY_KEEP): it wraps
    # between words and after hyphens ("Saint-Rémy-de-" / "Provence"), not inside a word
    floor = max(AUTHORITY_MIN, min(AUTHORITY_KEEP, max(
        (len(piece) for cells in rows for piece in _pieces(cells[1])), default=0)))
    # the authority keeps up to AUTHORITY_KEEP columns while the action has ACTION_MIN
    widths[1] = min(natural[1], max(AUTHORITY_KEEP, room - natural[3]))
    if room - widths[1] < ACTION_MIN:
        widths[1] = min(natural[1], max(floor, room - ACTION_MIN))
    widths[3] = room - widths[1]
    if widths[3] >= ACTION_MIN:
        return Layout(widths, wrap=True)
    # stacked: the row without its next-action column, the action on the lines below it
    others = total - natural[1] - natural[3] - len(GAP)  # the row's width without both
    widths[1] = min(natural[1], max(floor, width - others))
    widths[3] = 0
    return Layout(widths, wrap=True, stacked=True,
                   under=max(ACTION_MIN, width - len(UNDER_INDENT)))


def _pieces(text: str) -> list[str]:
    """The pieces a name may wrap between: its words, split after their hyphens."""
    return re.findall(r"[^\s-]+-*|-+", text)


def _wrap(text: str, width: int, *, hyphens: bool = False) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=hyphens) or [""]


def row_lines(cells: list[str], layout: Layout) -> list[str]:
    columns = [
        _wrap(c, w, hyphens=i == 1) if layout.wrap and i in (1, 3) else [c]
        for i, (c, w) in enumerate(zip(cells, layout.widths, strict=True))
        if not (layout.stacked and i == 3)
    ]
    widths = [w for i, w in enumerate(layout.widths) if not (layout.stacked and i == 3)]
    height = max(len(col) for col in columns)
    lines = []
    for n in range(height):
        parts = [(col[n] if n < len(col) else "").ljust(w)
                 for col, w in zip(columns, widths, strict=True)]
        lines.append(GAP.join(parts).rstrip())
    if layout.stacked:
        lines += [UNDER_INDENT + piece for piece in _wrap(cells[3], layout.under)]
    return lines


def table_lines(sections: dict[str, list[tuple[list[str], str | None]]], illustrative: bool,
                *, filtered: bool = False, width: int | None = None,
                colour: bool | None = None) -> list[str]:
    """The status table from its rows' cells and colours, by section (YOURS, WAITING,
    FINISHED, in that order): `status_lines`, and the stored rows of `status` (issue 13)."""
    if not any(sections.values()):
        return [M.STATUS_EMPTY_FILTERED if filtered else M.STATUS_EMPTY]
    if colour is None:
        colour = use_color()
    shape = layout([cells for part in sections.values() for cells, _ in part], width)
    titles = {YOURS: M.STATUS_SECTION_YOURS, WAITING: M.STATUS_SECTION_WAITING,
              FINISHED: M.STATUS_SECTION_FINISHED}
    lines = row_lines(list(M.STATUS_HEADER), shape)  # the header first, once
    first = True
    for name, part in sections.items():
        if not part:
            continue
        if not first:
            lines.append("")
        first = False
        lines.append(titles[name])
        if shape.wrap or colour:
            for cells, hue in part:
                for line in row_lines(cells, shape):
                    lines.append(paint(line, hue, colour) if hue else line)
        else:  # whole lines, no colour (a pipe, --wide): one line per row
            # each cell left-aligned to its column's width (str.ljust), in one call per row
            whole = GAP.join(f"{{:<{w}}}" for w in shape.widths).format
            lines.extend([whole(*cells).rstrip() for cells, _ in part])
    if illustrative:
        lines.append(M.ILLUSTRATIVE_FOOTNOTE)
    return lines


