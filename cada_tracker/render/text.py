"""Plain-text renderings of status and show (no colour unless stdout is a terminal).

Colour is never the only signal: overdue rows say OVERDUE in text too (todoman, Taskwarrior).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from cada_tracker import messages as M
from cada_tracker.display import shown as safe
from cada_tracker.display import use_color

RED, YELLOW, RESET = "\x1b[31m", "\x1b[33m", "\x1b[0m"
SOON_DAYS = 7


def _paint(text: str, colour: str, enabled: bool) -> str:
    return f"{colour}{text}{RESET}" if enabled else text


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def days_cell(days: int | None) -> str:
    if days is None:
        return ""
    if days < 0:
        return f"{days} {M.OVERDUE_MARK}"
    if days <= SOON_DAYS:
        return f"{days} {M.DUE_SOON_MARK}"
    return str(days)


def status_lines(data: dict[str, Any], today: date, *, filtered: bool = False) -> list[str]:
    rows = data["requests"]
    if not rows:
        return [M.STATUS_EMPTY_FILTERED if filtered else M.STATUS_EMPTY]
    colour = use_color()
    widths = (17, 22, 17, 36, 10, 10)
    head = "  ".join(h.ljust(w) for h, w in zip(M.STATUS_HEADER, widths, strict=False))
    lines = [head + "  " + M.STATUS_HEADER[-1]]
    for r in rows:
        action = r["next_action"]
        days = action.get("days_left")
        ref = r["reference"] + (M.ILLUSTRATIVE_MARK if r.get("illustrative") else "")
        cells = (
            _cut(ref, widths[0]),
            _cut(safe(r["authority"]["name"]), widths[1]),
            _cut(r["state"], widths[2]),
            _cut(action["what"] or M.NO_ACTION, widths[3]),
            action.get("safe_date") or action["date"] or "",
            action["date"] or "",
        )
        line = "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True))
        line += "  " + days_cell(days)
        if days is not None and days < 0:
            line = _paint(line, RED, colour)
        elif days is not None and days <= SOON_DAYS:
            line = _paint(line, YELLOW, colour)
        lines.append(line.rstrip())
    if any(r.get("illustrative") for r in rows):
        lines.append(M.ILLUSTRATIVE_FOOTNOTE)
    return lines


def deadline_lines(deadlines: list[dict[str, Any]]) -> list[str]:
    out = []
    colour = use_color()
    for d in deadlines:
        label = M.DEADLINE_LABELS.get(d["kind"], d["kind"])
        status = d.get("status") or ""
        line = M.SHOW_DEADLINE.format(
            date=d["date"], label=label, status=M.DEADLINE_STATUS_NAMES.get(status, status),
            basis=", ".join(d["basis"]),
        )
        if status == "missed":
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
            channel=data["channel"], env=M.SHOW_ENV if data.get("environmental") else ""
        ),
    ]
    if data.get("illustrative"):
        lines.append(M.SHOW_ILLUSTRATIVE)
    if data.get("note"):
        lines.append(M.SHOW_NOTE.format(note=safe(data["note"])))
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
    when = (
        M.SHOW_NEXT_WHEN.format(date=action["date"], days=days_cell(action.get("days_left")))
        if action["date"] else ""
    )
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
