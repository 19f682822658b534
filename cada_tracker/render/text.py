"""Plain-text renderings of status and show (no colour unless stdout is a terminal).

Colour is never the only signal: overdue rows say OVERDUE in text too (todoman, Taskwarrior).
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from datetime import date
from typing import Any

from cada_tracker import messages as M
from cada_tracker.display import shown as safe
from cada_tracker.display import use_color
from cada_tracker.domain import FINISHED_STATES, Actor

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


def _paint(text: str, colour: str, enabled: bool) -> str:
    return f"{colour}{text}{RESET}" if enabled else text


def days_cell(days: int | None) -> str:
    if days is None:
        return ""
    if days < 0:
        return f"{days} {M.OVERDUE_MARK}"
    if days <= SOON_DAYS:
        return f"{days} {M.DUE_SOON_MARK}"
    return str(days)


# ---- issue 10, points 2 and 3: the status table (sections, width, wrapping) ---------------


def section_of(row: dict[str, Any]) -> str:
    """YOURS when the next action is the requester's own, FINISHED for a finished request
    (`--all`), else WAITING: an answer awaited from the authority or the CADA, or nothing due
    from the requester (in court, legal aid pending)."""
    if row["state"] in FINISHED_STATES:
        return FINISHED
    return YOURS if row["next_action"].get("actor") == Actor.REQUESTER else WAITING


def _days_and_colour(action: dict[str, Any], section: str) -> tuple[str, str | None]:
    """The DAYS cell (days left to the act-by date) and the colour of the row."""
    return days_and_colour(section, action.get("days_left"), action.get("days_left_safe"),
                           action.get("late_by_days"))


def days_and_colour(section: str, legal_days: int | None, safe_days: int | None,
                    late: int | None) -> tuple[str, str | None]:
    """The DAYS cell and the row's colour from the next action's day counts."""
    if safe_days is None or legal_days is None:
        return "", None
    if section != YOURS:
        if late is not None:  # the authority's or the CADA's answer: late, never OVERDUE
            return M.LATE_MARK.format(n=late), MAGENTA
        return str(safe_days), None
    if legal_days < 0:
        return f"{safe_days} {M.OVERDUE_MARK}", RED
    if safe_days < 0:
        return f"{safe_days} {M.PAST_SAFE_MARK}", YELLOW
    if safe_days <= SOON_DAYS:
        return f"{safe_days} {M.DUE_SOON_MARK}", YELLOW
    return str(safe_days), None


def _cells(row: dict[str, Any], section: str) -> tuple[list[str], str | None]:
    action = row["next_action"]
    days, colour = _days_and_colour(action, section)
    ref = row["reference"] + (M.ILLUSTRATIVE_MARK if row.get("illustrative") else "")
    return [
        ref,
        safe(row["authority"]["name"]),
        M.STATE_NAMES.get(row["state"], row["state"]),
        safe(action["what"] or M.NO_ACTION),
        action.get("safe_date") or action["date"] or "",
        action["date"] or "",
        days,
    ], colour


@dataclass(frozen=True)
class _Layout:
    """Column widths; whether the authority and next-action columns wrap; whether the next
    action goes under its row instead (stacked: a terminal too narrow for the column), with
    the width it wraps to there."""

    widths: list[int]
    wrap: bool = False
    stacked: bool = False
    under: int = 0


def _layout(rows: list[list[str]], width: int | None) -> _Layout:
    """width=None (pipe, --wide): every column at its natural width, whole lines. Otherwise
    the table fits the terminal: the authority wraps (down to AUTHORITY_MIN) and the next
    action wraps in its column; when less than ACTION_MIN columns are left for it, it goes
    under its row, wrapped to the terminal's width. Nothing is ever cut."""
    header = list(M.STATUS_HEADER)
    natural = [max(len(c) for c in column) for column in zip(header, *rows, strict=True)]
    total = sum(natural) + len(GAP) * (len(natural) - 1)
    if width is None or total <= width:
        return _Layout(natural)
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
        return _Layout(widths, wrap=True)
    # stacked: the row without its next-action column, the action on the lines below it
    others = total - natural[1] - natural[3] - len(GAP)  # the row's width without both
    widths[1] = min(natural[1], max(floor, width - others))
    widths[3] = 0
    return _Layout(widths, wrap=True, stacked=True,
                   under=max(ACTION_MIN, width - len(UNDER_INDENT)))


def _pieces(text: str) -> list[str]:
    """The pieces a name may wrap between: its words, split after their hyphens."""
    return re.findall(r"[^\s-]+-*|-+", text)


def _wrap(text: str, width: int, *, hyphens: bool = False) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=hyphens) or [""]


def _row_lines(cells: list[str], layout: _Layout) -> list[str]:
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


def status_lines(
    data: dict[str, Any], today: date, *, filtered: bool = False, width: int | None = None
) -> list[str]:
    """The table of `cada status` / `cada remind`, in sections (yours, waiting, finished).

    width: the terminal's columns; the table fits it by wrapping the authority and the next
    action (never cutting them). None (a pipe, `--wide`): one whole line per request.
    """
    rows = data["requests"]
    sections: dict[str, list[tuple[list[str], str | None]]] = {YOURS: [], WAITING: [],
                                                               FINISHED: []}
    for r in rows:
        section = section_of(r)
        sections[section].append(_cells(r, section))
    illustrative = any(r.get("illustrative") for r in rows)
    return table_lines(sections, illustrative, filtered=filtered, width=width)


def table_lines(sections: dict[str, list[tuple[list[str], str | None]]], illustrative: bool,
                *, filtered: bool = False, width: int | None = None) -> list[str]:
    """The status table from its rows' cells and colours, by section (YOURS, WAITING,
    FINISHED, in that order): `status_lines`, and the stored rows of `status` (issue 13)."""
    if not any(sections.values()):
        return [M.STATUS_EMPTY_FILTERED if filtered else M.STATUS_EMPTY]
    colour = use_color()
    layout = _layout([cells for part in sections.values() for cells, _ in part], width)
    titles = {YOURS: M.STATUS_SECTION_YOURS, WAITING: M.STATUS_SECTION_WAITING,
              FINISHED: M.STATUS_SECTION_FINISHED}
    lines = _row_lines(list(M.STATUS_HEADER), layout)  # the header first, once
    first = True
    for name, part in sections.items():
        if not part:
            continue
        if not first:
            lines.append("")
        first = False
        lines.append(titles[name])
        if layout.wrap or colour:
            for cells, paint in part:
                for line in _row_lines(cells, layout):
                    lines.append(_paint(line, paint, colour) if paint else line)
        else:  # whole lines, no colour (a pipe, --wide): one line per row
            widths = layout.widths
            for cells, _ in part:
                lines.append(GAP.join([c.ljust(w) for c, w in zip(cells, widths, strict=True)]
                                      ).rstrip())
    if illustrative:
        lines.append(M.ILLUSTRATIVE_FOOTNOTE)
    return lines


def _shown_status(d: dict[str, Any]) -> str:
    status = d.get("status") or ""
    late = d.get("late_by_days")
    if late is not None:  # issue 10: the authority's or the CADA's answer, late
        answered = d.get("answered_on") is not None
        return M.ANSWERED_LATE.format(n=late) if answered else M.NO_ANSWER_LATE.format(n=late)
    return str(M.DEADLINE_STATUS_NAMES.get(status, status))


# SHOW_DEADLINE lays the status out in 9 columns and one space: a longer one ("answered 100
# days late", "sans objet") is padded so that the articles still stand apart, in one column
STATUS_COLUMN = 9


def deadline_lines(deadlines: list[dict[str, Any]]) -> list[str]:
    out = []
    colour = use_color()
    statuses = [_shown_status(d) for d in deadlines]
    longest = max((len(s) for s in statuses), default=0)
    width = longest + 1 if longest >= STATUS_COLUMN else STATUS_COLUMN
    for d, shown_status in zip(deadlines, statuses, strict=True):
        label = M.DEADLINE_LABELS.get(d["kind"], d["kind"])
        status = d.get("status") or ""
        late = d.get("late_by_days")
        line = M.SHOW_DEADLINE.format(
            date=d["date"], label=label, status=shown_status.ljust(width),
            basis=", ".join(d["basis"])
        )
        if late is not None:
            line = _paint(line, MAGENTA, colour)
        elif status == "missed":
            line = _paint(line, RED, colour)
        out.append(line.rstrip())
        if d.get("safe_date") and d["safe_date"] != d["date"]:
            out.append(M.SHOW_SAFE.format(safe=d["safe_date"]))
        confidence = M.CONFIDENCE_NAMES.get(d["confidence"], d["confidence"])
        flags = [M.FLAG_CONFIDENCE.format(c=confidence)]
        if d.get("estimated"):
            flags.append(M.FLAG_ESTIMATED)
        if not d.get("opposable", True):
            flags.append(M.FLAG_NOT_OPPOSABLE)
        out.append(M.SHOW_FLAGS.format(flags=", ".join(flags)))
    return out


def item_lines(data: dict[str, Any]) -> list[str]:
    """The documents requested, each with its outcome once an event decided one (issue 9)."""
    items = data.get("items")
    if not items or not any(item["history"] for item in items):
        return [f"  {i}. {safe(text)}"
                for i, text in enumerate(data["documents_requested"], start=1)]
    out = []
    for item in items:
        parts = [M.SHOW_ITEM_STATUS[item["outcome"]].format(date=item["date"])]
        if item.get("ground"):
            parts.append(M.SHOW_ITEM_GROUND.format(ground=safe(item["ground"])))
        if item.get("communicable_on") and item["outcome"] != "communicable":
            parts.append(M.SHOW_ITEM_COMMUNICABLE.format(date=item["communicable_on"]))
        out.append(f"  {item['number']}. {safe(item['description'])} — {'; '.join(parts)}")
    return out


def show_lines(data: dict[str, Any], today: date) -> list[str]:
    lines = [
        M.SHOW_TITLE.format(reference=data["reference"], authority=safe(data["authority"]["name"])),
        M.SHOW_SUBJECT.format(subject=safe(data["subject"])),
        M.SHOW_STATE.format(
            state=M.STATE_NAMES.get(data["state"], data["state"]),
            today=data.get("today", today.isoformat()),
        ),
        M.SHOW_CHANNEL.format(
            channel=M.CHANNEL_LABELS.get(data["channel"], data["channel"]),
            env=M.SHOW_ENV if data.get("environmental") else "",
        ),
    ]
    if data.get("illustrative"):
        lines.append(M.SHOW_ILLUSTRATIVE)
    if data.get("note"):
        lines.append(M.SHOW_NOTE.format(note=safe(data["note"])))
    if data.get("transferred_to"):  # issue 11 point 8
        lines.append(M.SHOW_TRANSFERRED_TO.format(reference=safe(data["transferred_to"])))
    if data.get("transferred_from"):
        lines.append(M.SHOW_TRANSFERRED_FROM.format(reference=safe(data["transferred_from"])))
    lines += ["", M.SHOW_ITEMS]
    lines += item_lines(data)
    lines += ["", M.SHOW_EVENTS]
    if not data["events"]:
        lines.append(M.SHOW_NO_EVENTS)
    for e in data["events"]:
        outcome = e.get("outcome")
        lines.append(M.SHOW_EVENT.format(
            date=e["date"], kind=M.EVENT_NAMES.get(e["kind"], e["kind"]),
            outcome=M.SHOW_EVENT_OUTCOME.format(outcome=M.OUTCOME_NAMES.get(outcome, outcome))
            if outcome else "",
            forced=M.SHOW_EVENT_FORCED if e.get("forced") else "",
            note=f" — {safe(e['note'])}" if e.get("note") else "",
        ))
    lines += ["", M.SHOW_DEADLINES]
    lines += deadline_lines(data["deadlines"]) or [M.SHOW_NO_DEADLINES]
    action = data["next_action"]
    late = action.get("late_by_days")  # issue 10: the authority's or the CADA's, not OVERDUE
    cell = (M.LATE_MARK.format(n=late) if late is not None
            else days_cell(action.get("days_left")))
    when = M.SHOW_NEXT_WHEN.format(date=action["date"], days=cell) if action["date"] else ""
    lines += ["", M.SHOW_NEXT.format(what=(action["what"] or M.NO_ACTION) + when)]
    if data.get("warnings"):
        lines += ["", M.SHOW_WARNINGS] + [f"  - {w}" for w in data["warnings"]]
    letters = data.get("letters") or []
    if letters:
        lines += ["", M.SHOW_LETTERS]
        for letter in letters:
            lines.append(
                M.SHOW_LETTER.format(
                    kind=letter.get("kind"), date=letter.get("date"), sha256=letter.get("sha256"),
                    origin=M.SHOW_LETTER_ORIGIN.get(letter.get("origin") or "", ""),
                )
            )
            body = letter.get("body") or ""
            # a letter of your own (--letter) is kept verbatim: printed safely, tabs as spaces
            lines += ["    | " + safe(ln.expandtabs()) for ln in body.splitlines()]
    docs = data.get("documents") or []
    if docs:
        lines += ["", M.SHOW_DOCUMENTS]
        for doc in docs:
            lines.append(M.SHOW_DOCUMENT.format(
                id=doc["id"], name=safe(doc.get("name")), pages=doc.get("pages") or "?",
                received=doc.get("received_on") or "-", sha=(doc.get("sha256") or "")[:16],
                mark=M.SHOW_RECONSTRUCTION if doc.get("illustrative") else "",
            ))
    findings = data.get("findings") or []
    if findings:
        lines += ["", M.SHOW_FINDINGS]
        for f in findings:
            lines.append(M.SHOW_FINDING.format(id=f["id"], title=safe(f["title"])))
            for e in f.get("evidence") or []:
                lines.append(M.SHOW_EVIDENCE.format(
                    doc=e["document"], page=e["page"], quote=safe(e["quote"]),
                    check="" if e.get("verified") else M.SHOW_UNVERIFIED,
                ))
    return lines
