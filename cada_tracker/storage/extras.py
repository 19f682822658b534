"""What `cada show` adds to a request — documents, findings — in portable SQL (the letters as
sent: storage/letters.py).

Runs on the same Query as storage/sql.py (plain sqlite3 on SQLite), so that `show` needs no
SQLAlchemy. tests/test_show_extras.py proves each function returns exactly what the ORM
services return (services.documents.documents_for_request,
services.findings.findings_for_request).
"""

from __future__ import annotations

from typing import Any

from cada_tracker.storage.sql import Query, as_date


def _iso(value: Any) -> str | None:
    return None if value is None else as_date(value).isoformat()


def documents_for_request(query: Query, request_id: int) -> list[dict[str, Any]]:
    rows = query(
        "SELECT d.id, r.reference, d.original_name, f.media_type, f.size, f.page_count, "
        "f.sha256, d.received_on, e.id, e.kind, e.occurred_on, d.parent_id, f.text_status, "
        "f.text_note, d.illustrative "
        "FROM document d JOIN stored_file f ON f.id = d.file_id "
        "LEFT JOIN request r ON r.id = d.request_id LEFT JOIN event e ON e.id = d.event_id "
        "WHERE d.request_id = ? ORDER BY d.id",
        [request_id],
    )
    out = []
    for (doc_id, ref, name, media, size, pages, sha, received, ev_id, ev_kind, ev_on, parent,
         status, note, illustrative) in rows:
        out.append({
            "id": doc_id, "request": ref, "name": name, "media_type": media, "size": size,
            "pages": pages, "sha256": sha, "received_on": _iso(received),
            "event": None if ev_id is None else
            {"id": ev_id, "kind": ev_kind, "date": _iso(ev_on)},
            "parent": parent, "text_status": status, "text_note": note,
            "illustrative": bool(illustrative),
        })
    return out


def findings_for_request(query: Query, request_id: int) -> list[dict[str, Any]]:
    findings = query(
        "SELECT f.id, f.title, f.summary, f.illustrative, f.created_at FROM finding f "
        "JOIN finding_request fr ON fr.finding_id = f.id WHERE fr.request_id = ? ORDER BY f.id",
        [request_id],
    )
    out = []
    for fid, title, summary, illustrative, created in findings:
        refs = sorted(r[0] for r in query(
            "SELECT r.reference FROM request r JOIN finding_request fr ON fr.request_id = r.id "
            "WHERE fr.finding_id = ?", [fid]))
        tags = sorted(t[0] for t in query(
            "SELECT tag FROM finding_tag WHERE finding_id = ?", [fid]))
        evidence = []
        for (eid, doc_id, name, ref, page, quote, verified, sha, stored_sha,
             doc_illustrative) in query(
            "SELECT ev.id, ev.document_id, d.original_name, r.reference, ev.page, ev.quote, "
            "ev.verified, ev.file_sha256, f.sha256, d.illustrative FROM evidence ev "
            "LEFT JOIN document d ON d.id = ev.document_id "
            "LEFT JOIN stored_file f ON f.id = d.file_id "
            "LEFT JOIN request r ON r.id = d.request_id "
            "WHERE ev.finding_id = ? ORDER BY ev.id", [fid],
        ):
            evidence.append({
                "id": eid, "document": doc_id, "name": name, "request": ref, "page": page,
                "quote": quote, "verified": bool(verified), "sha256": sha,
                "sha256_matches": bool(stored_sha and stored_sha == sha),
                "illustrative": bool(doc_illustrative),
            })
        out.append({
            "id": fid, "title": title, "summary": summary, "requests": refs, "tags": tags,
            "illustrative": bool(illustrative), "created_at": _created(created),
            "evidence": evidence,
        })
    return out


def _created(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        from datetime import UTC, datetime

        parsed = datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        return parsed.isoformat()
    return value.isoformat()
