"""`cada stats` as text (issue 11, point 4): per authority, its figures, then two bar charts
(answered within the month, median days to reply) in Unicode blocks on a terminal, in '#'
when piped (plain ASCII for files and other programs)."""

from __future__ import annotations

from typing import Any

from cada_tracker.display import shown as safe
from cada_tracker.messages import report as MR

BLOCKS = " ▏▎▍▌▋▊▉█"
WIDTH = 30


def bar(value: float, top: float, *, unicode: bool, width: int = WIDTH) -> str:
    """A bar of `width` cells for `value` out of `top`: full blocks and one eighth-block on a
    terminal, '#' (rounded to the nearest cell) otherwise."""
    if top <= 0 or value <= 0:
        return ""
    cells = width * min(value, top) / top
    if not unicode:
        return "#" * max(round(cells), 1)
    full, eighths = int(cells), round((cells - int(cells)) * 8)
    if eighths == 8:
        full, eighths = full + 1, 0
    text = "█" * full + (BLOCKS[eighths] if eighths else "")
    return text or BLOCKS[1]


def _number(value: Any) -> str:  # noqa: ANN401
    if value is None:
        return MR.STATS_NONE
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _figures(row: dict[str, Any]) -> list[str]:
    outcomes = ", ".join(f"{k} {n}" for k, n in row["outcomes"].items()) or MR.STATS_NONE
    return [
        MR.STATS_REQUESTS.format(requests=row["requests"], replied=row["replied"],
                                 in_time=row["answered_in_time"], late=row["late_replies"]),
        MR.STATS_DAYS.format(median=_number(row["median_days_to_reply"]),
                             p90=_number(row["p90_days_to_reply"])),
        MR.STATS_OUTCOMES.format(outcomes=outcomes),
        MR.STATS_CADA.format(referrals=row["cada_referrals"],
                             favourable=row["favourable_opinions"],
                             complied=row["complied_after_opinion"], court=row["court_cases"]),
    ]


def stats_lines(data: dict[str, Any], *, unicode: bool) -> list[str]:
    rows = data["authorities"]
    if not rows:
        return [MR.STATS_EMPTY]
    lines = [MR.STATS_HEADING.format(today=data["today"], requests=data["total"]["requests"],
                                     authorities=len(rows))]
    for row in rows:
        lines += ["", MR.STATS_AUTHORITY.format(name=safe(row["name"]), slug=row["slug"])]
        lines += _figures(row)
    if len(rows) > 1:
        lines += ["", MR.STATS_TOTAL, *_figures(data["total"])]
    label = max(len(safe(r["name"])[:32]) for r in rows)
    lines += ["", MR.STATS_CHART_IN_TIME]
    for row in rows:
        value = f"{row['answered_in_time']}/{row['requests']}"
        lines.append(f"  {safe(row['name'])[:32]:<{label}}  "
                     f"{bar(row['answered_in_time'], row['requests'], unicode=unicode):<{WIDTH}}"
                     f"  {value}")
    top = max((r["median_days_to_reply"] or 0) for r in rows)
    lines += ["", MR.STATS_CHART_DAYS]
    for row in rows:
        days = row["median_days_to_reply"]
        lines.append(f"  {safe(row['name'])[:32]:<{label}}  "
                     f"{bar(days or 0, top, unicode=unicode):<{WIDTH}}  {_number(days)}")
    return [line.rstrip() for line in lines]
