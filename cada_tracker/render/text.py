"""Plain-text renderings of status and show (no colour unless stdout is a terminal).

Colour is never the only signal: overdue rows say OVERDUE in text too (todoman, Taskwarrior).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from cada_tracker import messages as M
from cada_tracker.display import shown as safe
from cada_tracker.display import use_color
from cada_tracker.domain import FINISHED_STATES, Actor
from cada_tracker.render.table import (  # noqa: F401 - re-exported for the callers
    FINISHED,
    MAGENTA,
    RED,
    SOON_DAYS,
    WAITING,
    YOURS,
    days_and_colour,
    table_lines,
)
from cada_tracker.render.table import (
    paint as _paint,
)


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
    return table_lines(sections, illustrative, filtered=filtered, width=width,
                       colour=use_color())


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


def made_by(obj: dict[str, Any]) -> str:
    """Who made an event, letter, document or finding (issue 14), when the data says (the
    `made_by` key; null: unknown); "" when it does not have the key."""
    if "made_by" not in obj:
        return ""
    name = obj["made_by"]
    return M.SHOW_MADE_BY_UNKNOWN if name is None else M.SHOW_MADE_BY.format(name=safe(name))


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
            made_by=made_by(e),
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
                ) + made_by(letter)
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
            ) + made_by(doc))
    findings = data.get("findings") or []
    if findings:
        lines += ["", M.SHOW_FINDINGS]
        for f in findings:
            lines.append(M.SHOW_FINDING.format(id=f["id"], title=safe(f["title"])) + made_by(f))
            for e in f.get("evidence") or []:
                lines.append(M.SHOW_EVIDENCE.format(
                    doc=e["document"], page=e["page"], quote=safe(e["quote"]),
                    check="" if e.get("verified") else M.SHOW_UNVERIFIED,
                ))
    return lines
