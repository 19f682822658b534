"""`cada campaign report` (issue 11, point 3): the comparison matrix of a campaign.

Built on `campaign show`'s data (services/campaigns.py `show_campaign`: state, next action and
each document requested with its outcome, as of today) plus, per request, the few facts it does
not hold (storage/report.py): the first `sent` and first `reply` days, the number of documents
attached and of findings citing it. Rows are sorted most urgent first: by the days left to the
next action's date (overdue first), requests without a dated action last, then by reference.
The requester (the profile) is included unless `anonymise`.
"""

from __future__ import annotations

import json
from typing import Any

from cada_tracker.context import Context
from cada_tracker.errors import UsageError
from cada_tracker.messages import report as MR
from cada_tracker.render.report import table_lines, to_csv, to_markdown
from cada_tracker.render.report_html import to_html
from cada_tracker.services.authorities import profile_json
from cada_tracker.services.campaigns import ITEM_OUTCOMES, _campaign, show_campaign
from cada_tracker.storage.authorities import profile
from cada_tracker.storage.report import report_facts

FORMATS = ("table", "json", "csv", "md", "html")


def _urgency(row: dict[str, Any]) -> tuple[int, int, str]:
    left = row["next_action"].get("days_left")
    return (0, left, row["reference"]) if left is not None else (1, 0, row["reference"])


def build_report(ctx: Context, slug: str, *, anonymise: bool = False) -> dict[str, Any]:
    """The report's data (`campaign report --format json`, docs/json.md)."""
    shown = show_campaign(ctx, slug)
    today = ctx.today
    with ctx.reading() as query:
        campaign = _campaign(query, slug)
        facts = report_facts(query, campaign.id, today)
        requester = None if anonymise else profile_json(profile(query))
    if requester is not None:
        requester = {k: requester.get(k) for k in ("name", "address", "city", "email")}
    rows = []
    for r in shown["requests"]:
        f = facts.get(r["reference"])
        sent = f.sent_on if f else None
        reply = f.first_reply_on if f else None
        counts = {k: 0 for k in ITEM_OUTCOMES}
        grounds: list[dict[str, Any]] = []
        for item in r["items"]:
            counts[item["outcome"]] = counts.get(item["outcome"], 0) + 1
            if item["outcome"] == "refused":
                grounds.append({"number": item["number"], "ground": item["ground"]})
        rows.append({
            "reference": r["reference"],
            "authority": r["authority"],
            "state": r["state"],
            "sent_on": sent.isoformat() if sent else None,
            "first_reply_on": reply.isoformat() if reply else None,
            "days_to_first_reply": (reply - sent).days if sent and reply else None,
            "days_waiting": (today - sent).days if sent and not reply else None,
            "items": counts,
            "refused_grounds": grounds,
            "documents": f.documents if f else 0,
            "findings": f.findings if f else 0,
            "next_action": r["next_action"],
        })
    rows.sort(key=_urgency)
    return {
        "today": shown["today"],
        "campaign": {k: shown[k] for k in ("slug", "title", "subject", "ref_prefix",
                                           "created_on", "documents_requested")},
        "anonymised": anonymise,
        "requester": requester,
        "states": shown["states"],
        "requests": rows,
        "items": shown["items"],
    }


def report_bytes(ctx: Context, slug: str, fmt: str, *, anonymise: bool = False) -> bytes:
    """The report in `fmt` (one of FORMATS, else exit 2 before anything is read), as the
    bytes printed or written to `-o FILE`."""
    if fmt not in FORMATS:
        raise UsageError(MR.REPORT_BAD_FORMAT.format(value=fmt, choices=", ".join(FORMATS)))
    data = build_report(ctx, slug, anonymise=anonymise)
    if fmt == "table":
        return ("\n".join(table_lines(data)) + "\n").encode("utf-8")
    if fmt == "json":
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if fmt == "csv":
        return to_csv(data)
    if fmt == "md":
        return to_markdown(data)
    return to_html(data)
