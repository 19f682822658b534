"""Reading findings: the JSON of a finding (one mapper), list, show."""

from __future__ import annotations

from typing import Any

from cada_tracker.context import Context
from cada_tracker.domain.documents import (  # noqa: F401 - the mappers, re-exported
    FindingRecord,
    evidence_json,
    finding_json,
)
from cada_tracker.errors import NotFoundError
from cada_tracker.messages import documents as M
from cada_tracker.services.documents.inputs import parse_id
from cada_tracker.storage.findings import load_finding, load_findings
from cada_tracker.storage.requests import request_key
from cada_tracker.storage.sql import Query


# --- lookups ---------------------------------------------------------------------------------
def parse_finding_id(finding: str | int) -> int:
    return parse_id(finding, prefix="F", bad=M.FINDING_BAD_ID, missing=M.FINDING_NOT_FOUND,
                    key="finding")


def get_finding(query: Query, finding: str | int) -> FindingRecord:
    finding_id = parse_finding_id(finding)
    found = load_finding(query, finding_id)
    if found is None:
        raise NotFoundError(M.FINDING_NOT_FOUND.format(finding=finding_id))
    return found


def show_finding(ctx: Context, finding: str) -> dict[str, Any]:
    """`cada finding show`: the finding with its evidence."""
    with ctx.reading() as query:
        return finding_json(get_finding(query, finding))


def list_findings(ctx: Context, *, request: str | None = None,
                  tag: str | None = None) -> list[dict[str, Any]]:
    """`cada finding list`: all findings, one request's, one tag's, or both filters."""
    with ctx.reading() as query:
        request_id = request_key(query, request).id if request is not None else None
        found = load_findings(query, request_id=request_id,
                              tag=" ".join(tag.split()) if tag is not None else None)
        return [finding_json(f, detail=False) for f in found]
