"""`cada campaign report --format html` (issue 11, point 3): ONE self-contained HTML file (inline
CSS, inline SVG charts drawn here, no network, no JavaScript), in the interface language (its
`lang` attribute too), to share with a collective. Every text from the data is escaped."""

from __future__ import annotations

from html import escape
from typing import Any

from cada_tracker.i18n import language
from cada_tracker.messages import report as MR
from cada_tracker.render.report import COLUMNS, OUTCOMES, cells, requester_line

# One colour per item outcome (received green, refused red, not held grey, communicable blue,
# pending amber): readable printed in black and white too, each bar segment is labelled.
COLOURS = {"received": "#2e7d32", "refused": "#c62828", "not-held": "#757575",
           "communicable": "#1565c0", "pending": "#f9a825"}
CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;margin:2em;color:#1a1a1a;background:#fff}
h1{font-size:1.6em;margin:0 0 .3em}h2{font-size:1.2em;margin-top:1.6em}
table{border-collapse:collapse;font-size:.85em}th,td{border:1px solid #bbb;padding:.25em .5em;
text-align:left;vertical-align:top}th{background:#eee}td.n{text-align:right}
.legend span{display:inline-block;margin-right:1em}.legend i{display:inline-block;width:.9em;
height:.9em;margin-right:.3em;vertical-align:middle}footer{margin-top:2em;font-size:.8em;color:#555}
svg text{font-family:"DejaVu Sans",Arial,sans-serif;font-size:12px}
"""
LABEL_WIDTH = 260
BAR_WIDTH = 520
ROW = 22
SVG = 'xmlns="http://www.w3.org/2000/svg" role="img"'


def _e(text: Any) -> str:  # noqa: ANN401
    return escape(str(text), quote=True)


def _days_chart(data: dict[str, Any]) -> str:
    rows = [r for r in data["requests"] if r["sent_on"]]
    if not rows:
        return f"<p>{_e(MR.REPORT_CHART_EMPTY)}</p>"
    days = [r["days_to_first_reply"] if r["days_to_first_reply"] is not None
            else r["days_waiting"] for r in rows]
    top = max(max(days), 1)
    height = ROW * len(rows) + 10
    parts = [f'<svg {SVG} width="{LABEL_WIDTH + BAR_WIDTH + 80}" height="{height}" '
             f'aria-label="{_e(MR.REPORT_CHART_DAYS)}">']
    for i, (r, d) in enumerate(zip(rows, days, strict=True)):
        y = 5 + i * ROW
        width = max(round(BAR_WIDTH * d / top), 1)
        waiting = r["days_to_first_reply"] is None
        colour = "#90a4ae" if waiting else "#37474f"
        label = _e(r["authority"]["name"][:40])
        value = _e(MR.REPORT_WAITING.format(days=d) if waiting else str(d))
        parts.append(f'<text x="{LABEL_WIDTH - 6}" y="{y + 14}" text-anchor="end">{label}</text>'
                     f'<rect x="{LABEL_WIDTH}" y="{y + 2}" width="{width}" height="{ROW - 6}" '
                     f'fill="{colour}"/>'
                     f'<text x="{LABEL_WIDTH + width + 4}" y="{y + 14}">{value}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _items_chart(data: dict[str, Any]) -> str:
    items = data["items"]
    total = max((sum(i["outcomes"].values()) for i in items), default=0)
    if not items or total == 0:
        return f"<p>{_e(MR.REPORT_CHART_EMPTY)}</p>"
    height = ROW * len(items) + 10
    parts = [f'<svg {SVG} width="{LABEL_WIDTH + BAR_WIDTH + 20}" height="{height}" '
             f'aria-label="{_e(MR.REPORT_CHART_ITEMS)}">']
    for i, item in enumerate(items):
        y = 5 + i * ROW
        label = _e(MR.REPORT_ITEM_LABEL.format(number=item["number"]))
        parts.append(f'<text x="{LABEL_WIDTH - 6}" y="{y + 14}" text-anchor="end">{label}</text>')
        x = float(LABEL_WIDTH)
        for outcome in OUTCOMES:
            n = item["outcomes"].get(outcome, 0)
            if not n:
                continue
            width = BAR_WIDTH * n / total
            title = _e(f"{MR.REPORT_OUTCOMES[outcome]}: {n}")
            parts.append(f'<rect x="{x:.1f}" y="{y + 2}" width="{width:.1f}" height="{ROW - 6}" '
                         f'fill="{COLOURS[outcome]}"><title>{title}</title></rect>')
            if width >= 18:
                parts.append(f'<text x="{x + width / 2:.1f}" y="{y + 14}" text-anchor="middle" '
                             f'fill="#fff">{n}</text>')
            x += width
    parts.append("</svg>")
    legend = "".join(f'<span><i style="background:{COLOURS[k]}"></i>{_e(MR.REPORT_OUTCOMES[k])}'
                     "</span>" for k in OUTCOMES)
    return "".join(parts) + f'<p class="legend">{legend}</p>'


def to_html(data: dict[str, Any]) -> bytes:
    c = data["campaign"]
    title = c["title"]
    numeric = {"received", "refused", "not_held", "pending", "documents", "findings"}
    head = "".join(f"<th>{_e(MR.REPORT_COLUMNS[k])}</th>" for k in COLUMNS)
    body = []
    for r in data["requests"]:
        values = cells(r)
        body.append("<tr>" + "".join(
            f'<td class="n">{_e(values[k])}</td>' if k in numeric else f"<td>{_e(values[k])}</td>"
            for k in COLUMNS) + "</tr>")
    documents = "".join(f"<li>{_e(d)}</li>" for d in c["documents_requested"])
    html = (
        f'<!DOCTYPE html>\n<html lang="{_e(language())}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f'<h1 id="title">{_e(title)}</h1>\n'
        f"<p>{_e(MR.REPORT_AS_OF.format(today=data['today'], count=len(data['requests'])))}</p>\n"
        f"<p>{_e(MR.REPORT_SUBJECT.format(subject=c['subject']))}</p>\n"
        f"<p>{_e(requester_line(data))}</p>\n"
        f"<h2>{_e(MR.REPORT_DOCUMENTS)}</h2>\n<ol>{documents}</ol>\n"
        f"<h2>{_e(MR.REPORT_CHART_DAYS)}</h2>\n"
        f"<p>{_e(MR.REPORT_CHART_DAYS_NOTE.format(today=data['today']))}</p>\n"
        f"{_days_chart(data)}\n"
        f"<h2>{_e(MR.REPORT_CHART_ITEMS)}</h2>\n{_items_chart(data)}\n"
        f"<h2>{_e(MR.REPORT_MATRIX)}</h2>\n<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n"
        + "\n".join(body) + "\n</tbody>\n</table>\n"
        + f"<footer>{_e(MR.REPORT_FOOTER.format(today=data['today']))}</footer>\n"
        "</body>\n</html>\n"
    )
    return html.encode("utf-8")
