"""`cada campaign report` as a terminal table, CSV and Markdown (issue 11, point 3); the HTML
report is render/report_html.py. All take the data of services/report.py `build_report`."""

from __future__ import annotations

import csv
import io
from typing import Any

from cada_tracker import messages as M
from cada_tracker.display import shown as safe
from cada_tracker.messages import report as MR

# The matrix's columns, in order (keys of MR.REPORT_COLUMNS).
COLUMNS = ("reference", "authority", "state", "sent_on", "first_reply", "received", "refused",
           "grounds", "not_held", "pending", "documents", "findings", "next_action", "by")
# The item outcomes, in the order of services/campaigns.py ITEM_OUTCOMES.
OUTCOMES = ("received", "refused", "not-held", "communicable", "pending")
TABLE_COLUMNS = ("reference", "authority", "state", "first_reply", "received", "refused",
                 "pending", "documents", "findings", "next_action", "by")


def first_reply(row: dict[str, Any]) -> str:
    if row["days_to_first_reply"] is not None:
        return str(row["days_to_first_reply"])
    if row["days_waiting"] is not None:
        return MR.REPORT_WAITING.format(days=row["days_waiting"])
    return MR.REPORT_NOT_SENT


def grounds(row: dict[str, Any]) -> str:
    return "; ".join(f"{g['number']}: {g['ground']}" if g["ground"] else str(g["number"])
                     for g in row["refused_grounds"])


def cells(row: dict[str, Any]) -> dict[str, str]:
    """Every column of one row as text (not yet escaped for a terminal)."""
    action = row["next_action"]
    items = row["items"]
    return {
        "reference": row["reference"],
        "authority": row["authority"]["name"],
        "state": M.STATE_NAMES.get(row["state"], row["state"]),
        "sent_on": row["sent_on"] or MR.REPORT_NONE,
        "first_reply": first_reply(row),
        "received": str(items.get("received", 0)),
        "refused": str(items.get("refused", 0)),
        "grounds": grounds(row) or MR.REPORT_NONE,
        "not_held": str(items.get("not-held", 0)),
        "pending": str(items.get("pending", 0)),
        "documents": str(row["documents"]),
        "findings": str(row["findings"]),
        "next_action": action.get("what") or MR.REPORT_NONE,
        "by": action.get("safe_date") or action.get("date") or MR.REPORT_NONE,
    }


def table_lines(data: dict[str, Any]) -> list[str]:
    """The terminal table: a heading, then one row per request, most urgent first."""
    c = data["campaign"]
    lines = [MR.REPORT_HEADING.format(slug=c["slug"], title=safe(c["title"])),
             MR.REPORT_AS_OF.format(today=data["today"], count=len(data["requests"])), ""]
    header = {k: MR.REPORT_COLUMNS[k] for k in TABLE_COLUMNS}
    rows = [{k: safe(v) for k, v in cells(r).items()} for r in data["requests"]]
    widths = {k: max([len(header[k])] + [len(r[k]) for r in rows]) for k in TABLE_COLUMNS}
    widths["authority"] = min(widths["authority"], 32)
    widths["next_action"] = min(widths["next_action"], 40)

    def line(values: dict[str, str]) -> str:
        return "  ".join(_fit(values[k], widths[k]) for k in TABLE_COLUMNS).rstrip()

    lines.append(line(header))
    lines += [line(r) for r in rows]
    return lines


def _fit(text: str, width: int) -> str:
    return text.ljust(width) if len(text) <= width else text[: width - 1] + "…"


def to_csv(data: dict[str, Any]) -> bytes:
    """One row per request; the header in the interface language, then `slug` columns."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["reference", "authority", "authority_name", "state", "sent_on",
                     "first_reply_on", "days_to_first_reply", "days_waiting",
                     *(f"items_{k.replace('-', '_')}" for k in OUTCOMES),
                     "refused_grounds", "documents", "findings", "next_action",
                     "next_action_date"])
    for r in data["requests"]:
        action = r["next_action"]
        writer.writerow([r["reference"], r["authority"]["slug"], r["authority"]["name"],
                         r["state"], r["sent_on"] or "", r["first_reply_on"] or "",
                         _blank(r["days_to_first_reply"]), _blank(r["days_waiting"]),
                         *(r["items"].get(k, 0) for k in OUTCOMES), grounds(r), r["documents"],
                         r["findings"],
                         action.get("what") or "",
                         action.get("safe_date") or action.get("date") or ""])
    return out.getvalue().encode("utf-8")


def _blank(value: Any) -> str:  # noqa: ANN401
    return "" if value is None else str(value)


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def to_markdown(data: dict[str, Any]) -> bytes:
    c = data["campaign"]
    lines = [f"# {_md(MR.REPORT_HEADING.format(slug=c['slug'], title=c['title']))}", "",
             _md(MR.REPORT_AS_OF.format(today=data["today"], count=len(data["requests"]))), "",
             _md(MR.REPORT_SUBJECT.format(subject=c["subject"])), "",
             _md(requester_line(data)), "", f"## {MR.REPORT_DOCUMENTS}", ""]
    lines += [f"{n}. {_md(text)}" for n, text in enumerate(c["documents_requested"], start=1)]
    lines += ["", f"## {MR.REPORT_MATRIX}", "",
              "| " + " | ".join(_md(MR.REPORT_COLUMNS[k]) for k in COLUMNS) + " |",
              "|" + "|".join("---" for _ in COLUMNS) + "|"]
    for r in data["requests"]:
        values = cells(r)
        lines.append("| " + " | ".join(_md(values[k]) for k in COLUMNS) + " |")
    lines += ["", f"## {MR.REPORT_CHART_ITEMS}", ""]
    for item in data["items"]:
        counts = ", ".join(f"{MR.REPORT_OUTCOMES.get(k, k)} {n}"
                           for k, n in item["outcomes"].items() if n)
        lines.append(f"{item['number']}. {_md(item['description'])}: {counts}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def requester_line(data: dict[str, Any]) -> str:
    p = data.get("requester")
    if data.get("anonymised") or not p:
        return MR.REPORT_ANONYMISED if data.get("anonymised") else MR.REPORT_NONE
    parts = [p.get("name"), p.get("address"), p.get("city"), p.get("email")]
    return MR.REPORT_REQUESTER.format(requester=", ".join(x for x in parts if x))
