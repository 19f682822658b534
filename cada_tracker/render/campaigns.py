"""Plain-text rendering of `cada campaign show` (issue 11): the requests of a campaign, each
with its state, next action and documents requested item by item, then each document compared
across the requests."""

from __future__ import annotations

from typing import Any

from cada_tracker import messages as M
from cada_tracker.display import shown as safe
from cada_tracker.messages import campaigns as MC


def _item(item: dict[str, Any]) -> str:
    status = M.SHOW_ITEM_STATUS.get(item["outcome"], item["outcome"]).format(
        date=item.get("date") or "")
    ground = MC.CAMPAIGN_SHOW_ITEM_GROUND.format(ground=safe(item["ground"])) \
        if item.get("ground") else ""
    return f"{item['number']} {status.strip()}{ground}"


def _action(action: dict[str, Any]) -> str:
    what = action.get("what")
    if not what:
        return MC.CAMPAIGN_SHOW_NO_ACTION
    when = action.get("safe_date") or action.get("date")
    return MC.CAMPAIGN_SHOW_ACTION.format(action=safe(what), date=when) if when else safe(what)


def campaign_lines(data: dict[str, Any]) -> list[str]:
    lines = [
        MC.CAMPAIGN_SHOW_TITLE.format(slug=data["slug"], title=safe(data["title"])),
        MC.CAMPAIGN_SHOW_SUBJECT.format(subject=safe(data["subject"])),
        MC.CAMPAIGN_SHOW_CREATED.format(
            date=data["created_on"], prefix=data["ref_prefix"],
            template=MC.CAMPAIGN_SHOW_TEMPLATE if data["own_template"] else ""),
        "",
        MC.CAMPAIGN_SHOW_DOCUMENTS,
    ]
    lines += [MC.CAMPAIGN_SHOW_DOCUMENT.format(number=n, description=safe(text))
              for n, text in enumerate(data["documents_requested"], start=1)]
    requests = data["requests"]
    lines += ["", MC.CAMPAIGN_SHOW_REQUESTS.format(count=len(requests))]
    if not requests:
        lines.append(MC.CAMPAIGN_SHOW_NO_REQUEST.format(today=data["today"]))
    for r in requests:
        lines.append(MC.CAMPAIGN_SHOW_REQUEST.format(
            reference=r["reference"], authority=safe(r["authority"]["name"]),
            state=M.STATE_NAMES.get(r["state"], r["state"]), action=_action(r["next_action"])))
        lines.append(MC.CAMPAIGN_SHOW_ITEMS.format(
            items="; ".join(_item(item) for item in r["items"])))
    if requests:
        states = ", ".join(f"{M.STATE_NAMES.get(s, s)} {n}" for s, n in data["states"].items())
        lines += ["", MC.CAMPAIGN_SHOW_STATES.format(states=states),
                  MC.CAMPAIGN_SHOW_COMPARE.format(count=len(requests))]
        for item in data["items"]:
            counts = ", ".join(MC.CAMPAIGN_SHOW_COUNTS[k].format(n=n)
                               for k, n in item["outcomes"].items() if n)
            lines.append(MC.CAMPAIGN_SHOW_COMPARE_ROW.format(
                number=item["number"], counts=counts, description=safe(item["description"])))
    return lines
