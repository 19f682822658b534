"""`cada campaign report` (issue 11, point 3): the body of the command declared in
cli/campaigns.py, imported when it runs."""

from __future__ import annotations

import json
from pathlib import Path

from cada_tracker.cli.app import context, echo, echo_bytes
from cada_tracker.errors import UsageError
from cada_tracker.messages import report as MR


def run_report(slug: str, fmt: str, output: str | None, *, force: bool,
               anonymise: bool) -> None:
    from cada_tracker.services.report import FORMATS, build_report

    if fmt not in FORMATS:
        raise UsageError(MR.REPORT_BAD_FORMAT.format(value=fmt, choices=", ".join(FORMATS)))
    ctx = context()
    data = build_report(ctx, slug, anonymise=anonymise)
    if fmt == "table":
        from cada_tracker.render.report import table_lines

        payload = ("\n".join(table_lines(data)) + "\n").encode("utf-8")
    elif fmt == "json":
        payload = (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    elif fmt == "csv":
        from cada_tracker.render.report import to_csv

        payload = to_csv(data)
    elif fmt == "md":
        from cada_tracker.render.report import to_markdown

        payload = to_markdown(data)
    else:
        from cada_tracker.render.report_html import to_html

        payload = to_html(data)
    if output is None:
        echo_bytes(payload)
        return
    from cada_tracker.fsutil import write_atomic

    write_atomic(Path(output), payload, force=force, settings=ctx.settings)
    echo(MR.REPORT_WRITTEN.format(slug=slug, format=fmt, path=output))
