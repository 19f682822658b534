"""`cada attach`, `cada documents`, `cada document show|open|export|reextract`, `cada check`,
`cada search`: parse, call one service (services/documents/), render.

This module is on the --help path: at module level only typer, the stdlib and the light
modules of the project (no database, no extraction). Each command imports the one service
module it calls (they pull in sqlite3, zipfile, the domain package...).
"""

from __future__ import annotations

from typing import Any

import typer

from cada_tracker.cli import document_lines as lines
from cada_tracker.cli.app import JSON_OPTION, PlainTyper, app, context, echo, emit_json
from cada_tracker.cli.fast import attach_files
from cada_tracker.errors import CadaError, StorageError, UsageError
from cada_tracker.i18n import child_environment
from cada_tracker.messages import documents as M
from cada_tracker.messages.documents import shown

document_app = PlainTyper(
    help="One document: show its details, print or open its stored file, export a copy.",
    rich_markup_mode=None,
    no_args_is_help=True,
)
app.add_typer(document_app, name="document")

PROGRESS_MIN_BYTES = lines.PROGRESS_MIN_BYTES
MAX_LIMIT = 1000  # `cada search --limit`
_tree = lines.tree
_Bar = lines.Bar


def _progress_bar(name: str, size: int):  # noqa: ANN202 - a context manager
    """A rich progress bar on large files when stdout is a terminal, else nothing."""
    return lines.progress_bar(name, size, min_bytes=PROGRESS_MIN_BYTES)


@app.command()
def attach(
    ref: str = typer.Argument(..., metavar="REF", help="Reference of the request."),
    files: list[str] = typer.Argument(..., metavar="FILE...", help="Files to attach."),
    received_on: str = typer.Option(
        None, "--received-on", metavar="YYYY-MM-DD",
        help="When you received them (default: the date of --event, else today).",
    ),
    event: str = typer.Option(
        None, "--event", metavar="ID-or-KIND",
        help="The event they came with: an event id, or a kind such as 'reply' (the latest).",
    ),
    no_unpack: bool = typer.Option(
        False, "--no-unpack", help="Store ZIP archives as they are, without unpacking them."
    ),
    force: bool = typer.Option(
        False, "--force",
        help="Accept a --received-on date after today, or a file this request already has.",
    ),
    json_: bool = JSON_OPTION,
) -> None:
    """File documents under a request: stored once by content (SHA-256), text extracted and
    indexed for `cada search`. All the files or none."""
    from cada_tracker.services.documents.ingest import start_early

    early = start_early(list(files))  # a PDF's text is read by other processes meanwhile
    try:
        attach_files(context(), ref, list(files), received_on=received_on, event=event,
                     no_unpack=no_unpack, force=force, json_=json_, progress=_progress_bar,
                     early=early)
    finally:
        if early is not None:
            early.close()


@app.command()
def documents(
    ref: str = typer.Argument(None, metavar="[REF]", help="Only this request's documents."),
    json_: bool = JSON_OPTION,
) -> None:
    """List documents (all, or one request's), e-mail attachments and ZIP members indented."""
    from cada_tracker.services.documents.queries import list_documents

    reference, docs = list_documents(context(), ref)
    if json_:
        emit_json({"documents": docs})
        return
    if not docs:
        echo(M.NO_DOCUMENTS_FOR.format(reference=reference) if reference else M.NO_DOCUMENTS)
    for line in _tree(docs):
        echo(line)


@document_app.command("show")
def document_show(
    doc: str = typer.Argument(..., metavar="DOC", help="Document id (see `cada documents`)."),
    json_: bool = JSON_OPTION,
) -> None:
    """Everything about one document: file, hash, text status, parent, children, evidence."""
    from cada_tracker.services.documents.queries import show_document

    data = show_document(context(), doc)
    if json_:
        emit_json(data)
        return
    for line in _show_lines(data):
        echo(line)


def _show_lines(data: dict[str, Any]) -> list[str]:
    flag = M.ILLUSTRATIVE_FLAG if data["illustrative"] else ""
    ev = data["event"]
    note = M.DOC_SHOW_NOTE.format(note=shown(data["text_note"])) if data["text_note"] else ""
    rows = [
        (M.LABEL_REQUEST, data["request"]),
        (M.LABEL_RECEIVED_ON, data["received_on"] or "-"),
        (M.LABEL_EVENT, M.DOC_SHOW_EVENT.format(**ev) if ev else "-"),
        (M.LABEL_TYPE, data["media_type"]),
        (M.LABEL_SIZE, M.DOC_SHOW_SIZE.format(size=data["size"])),
        (M.LABEL_PAGES, data["pages"] if data["pages"] is not None else "-"),
        (M.LABEL_TEXT, data["text_status"] + note),
        (M.LABEL_SHA256, data["sha256"]),
        (M.LABEL_STORED_AT, data["path"]),
    ]
    if data["parent"]:
        rows.append((M.LABEL_INSIDE, M.DOC_REF.format(doc=data["parent"])))
    rows += [(M.LABEL_CONTAINS, M.DOC_SHOW_CHILD.format(doc=c["id"], name=shown(c["name"])))
             for c in data["children"]]
    rows += [(M.LABEL_SAME_FILE, M.DOC_SHOW_SAME_FILE.format(
        doc=d["id"], request=d["request"], name=shown(d["name"])))
        for d in data["linked_elsewhere"]]
    rows += [(M.LABEL_EVIDENCE, M.DOC_SHOW_EVIDENCE.format(
        finding=e["finding"], page=e["page"], quote=shown(e["quote"]),
        mark=M.EVIDENCE_VERIFIED if e["verified"] else M.EVIDENCE_UNVERIFIED))
        for e in data["evidence"]]
    header = M.DOC_SHOW_HEADER.format(doc=data["id"], name=shown(data["name"]), flag=flag)
    return [header, *(M.DOC_SHOW_ROW.format(label=k, value=v) for k, v in rows)]


@document_app.command("open")
def document_open(
    doc: str = typer.Argument(..., metavar="DOC", help="Document id."),
    launch: bool = typer.Option(
        False, "--launch", help="Open it with the system's program (xdg-open / open)."
    ),
) -> None:
    """Print the path of the stored (read-only) file; with --launch, open it."""
    import shutil
    import subprocess

    from cada_tracker.services.documents.queries import blob_path

    path = blob_path(context(), doc)
    if not launch:
        echo(str(path))
        return
    opener = shutil.which("xdg-open") or shutil.which("open")
    if opener is None:
        raise CadaError(M.NO_OPENER.format(path=path))
    subprocess.Popen([opener, str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                     start_new_session=True, env=child_environment())
    echo(str(path))


@document_app.command("export")
def document_export(
    doc: str = typer.Argument(..., metavar="DOC", help="Document id."),
    output: str = typer.Option(..., "--output", "-o", metavar="FILE",
                               help="Where to write the copy (a folder: keeps the name)."),
    force: bool = typer.Option(False, "--force", help="Overwrite FILE if it exists."),
) -> None:
    """Write a (writable) copy of a document's file."""
    from pathlib import Path

    from cada_tracker.services.documents.queries import export_document

    target = export_document(context(), doc, Path(output), force=force)
    echo(shown(str(target)))


@document_app.command("reextract")
def document_reextract(
    doc: str = typer.Argument(..., metavar="DOC", help="Document id."),
    json_: bool = JSON_OPTION,
) -> None:
    """Read a document's text again (e.g. OCR after installing Tesseract) and reindex it."""
    from cada_tracker.services.documents.maintenance import reextract_document

    data = reextract_document(context(), doc)
    if json_:
        emit_json(data)
        return
    note = M.REEXTRACTED_NOTE.format(note=shown(data["text_note"])) if data["text_note"] else ""
    status = M.TEXT_STATUS_NAMES.get(data["text_status"], data["text_status"])
    echo(M.REEXTRACTED.format(doc=data["id"], status=status,
                              pages=data["pages"] or 0, note=note))


@app.command()
def check(
    repair: bool = typer.Option(
        False, "--repair",
        help="Remove the leftovers of a command that died: files named by a SHA-256 no "
        "document links (never one another database of a shared store may link) and "
        "temporary files; waits for a running attach first. Never touches the rest.",
    ),
    json_: bool = JSON_OPTION,
) -> None:
    """Verify every stored file against its SHA-256 and the database against the store.
    Exit 5 when anything is wrong."""
    from cada_tracker.services.documents.maintenance import check_store
    from cada_tracker.services.stored_status import check_timelines

    ctx = context()
    report = check_store(ctx, repair=repair)
    if not json_:
        echo(M.CHECK_STORE.format(path=report["store"]))
    # issue 13: every stored timeline valid today, derived afresh and compared
    timelines = check_timelines(ctx, repair=repair)
    report["timelines"] = timelines
    if json_:
        emit_json({**report, "ok": report["ok"] and (repair or not timelines["differ"])})
    else:
        for reference in timelines["differ"]:
            echo((M.CHECK_TIMELINE_FORGOTTEN if repair else M.CHECK_TIMELINE_DIFFERS).format(
                reference=reference))
        for path in report["removed"]:
            echo(M.CHECK_REMOVED.format(path=path))
        for m in report["missing"]:
            echo(M.CHECK_MISSING.format(sha256=m["sha256"], docs=_ids(m["documents"])))
        for c in report["corrupted"]:
            if "actual" in c and c["actual"] == c["sha256"]:
                echo(M.CHECK_WRONG_SIZE.format(sha256=c["sha256"], docs=_ids(c["documents"]),
                                               actual=c["size"], size=c["expected_size"]))
            else:
                echo(M.CHECK_CORRUPTED.format(sha256=c["sha256"], docs=_ids(c["documents"]),
                                              actual=c.get("actual") or c.get("reason")))
        for o in report["orphaned"]:
            echo(M.CHECK_ORPHAN.format(path=o["path"], size=lines.human(o["size"])))
        for t in report["stale_temporary"]:
            echo(M.CHECK_STALE_TMP.format(path=t["path"], size=lines.human(t["size"])))
        kept = report["other_databases_files"]
        if kept:
            echo(M.CHECK_OTHER_DATABASES.format(
                count=len(kept), size=lines.human(sum(k["size"] or 0 for k in kept)),
                names=", ".join(report["other_databases"]),
                folder=report["databases_folder"]))
        for e in report["evidence_mismatch"]:
            echo(M.CHECK_EVIDENCE.format(evidence=e["evidence"], finding=e["finding"],
                                         expected=e["expected"][:12], doc=e["document"],
                                         actual=e["actual"][:12]))
    if not report["ok"]:
        extra = ""
        if report["stale_temporary"]:
            extra += M.STORE_BROKEN_STALE.format(count=len(report["stale_temporary"]))
        if report["evidence_mismatch"]:
            extra += M.STORE_BROKEN_EVIDENCE.format(count=len(report["evidence_mismatch"]))
        hint = M.CHECK_REPAIR_HINT
        raise StorageError(M.STORE_BROKEN.format(
            missing=len(report["missing"]), corrupted=len(report["corrupted"]),
            orphaned=len(report["orphaned"]), extra=extra) + hint)
    if timelines["differ"] and not repair:
        raise StorageError(M.TIMELINES_BROKEN.format(n=len(timelines["differ"])))
    if not json_:
        echo(M.CHECK_OK.format(files=report["files"], documents=report["documents"]))
        echo(M.CHECK_TIMELINES_OK.format(n=timelines["checked"]) if timelines["stored"]
             else M.CHECK_TIMELINES_NONE)


def _ids(ids: list[int]) -> str:
    return ", ".join(str(i) for i in ids) or M.CHECK_NO_DOCUMENTS


@app.command()
def search(
    query: str = typer.Argument(None, metavar="QUERY", help="Words to find (accents and case "
                                "do not matter; \"quoted words\" form a phrase)."),
    request: str = typer.Option(None, "--request", metavar="REF", help="Only this request."),
    limit: str = typer.Option("50", "--limit", metavar="N",
                              help=f"At most this many hits (1 to {MAX_LIMIT})."),
    reindex: bool = typer.Option(False, "--reindex", help="Rebuild the index from the tables "
                                 "first."),
    json_: bool = JSON_OPTION,
) -> None:
    """Search documents (page by page), requests, letters and findings, best hits first."""
    from cada_tracker.services.documents import search as service

    count = _parse_limit(limit)
    if reindex:
        counts = service.rebuild_search_index(context())
        if json_ and not query:
            emit_json({"reindexed": counts})
        elif not json_:
            echo(M.SEARCH_REINDEXED.format(**counts))
        if not query:
            return
    hits = service.search(context(), query, request, limit=count)
    if json_:
        emit_json({"query": query, "request": request, "hits": hits})
        return
    if not hits:
        echo(M.SEARCH_NO_HITS.format(query=shown(query)))
    for h in hits:
        echo(_hit_line(h))
        echo(M.HIT_SNIPPET.format(snippet=shown(h["snippet"])))


def _parse_limit(limit: str) -> int:
    text = limit.strip()
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_LIMIT:
        raise UsageError(M.SEARCH_BAD_LIMIT.format(limit=shown(limit), high=MAX_LIMIT))
    return int(text)


def _hit_line(h: dict[str, Any]) -> str:
    if h["kind"] == "document":
        return M.HIT_DOCUMENT.format(doc=h["document"], page=h["page"], request=h["request"],
                                     name=shown(h["name"]))
    if h["kind"] == "request":
        return M.HIT_REQUEST.format(request=h["request"])
    if h["kind"] == "letter":
        return M.HIT_LETTER.format(letter=h["letter"], request=h["request"],
                                   name=shown(h["name"]))
    return M.HIT_FINDING.format(finding=h["finding"], requests=", ".join(h["requests"]),
                                name=shown(h["name"]))
