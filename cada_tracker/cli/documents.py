"""`cada attach`, `cada documents`, `cada document show|open|export`, `cada check`,
`cada search`. Only typer and the stdlib at module level (this module is on the --help path).
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from typing import Any

import typer

from cada_tracker.cli.app import JSON_OPTION, PlainTyper, app, echo, emit_json, settings, today
from cada_tracker.messages.documents import shown

document_app = PlainTyper(
    help="One document: show its details, print or open its stored file, export a copy.",
    rich_markup_mode=None,
    no_args_is_help=True,
)
app.add_typer(document_app, name="document")

PROGRESS_MIN_BYTES = 32 * 1024 * 1024
MAX_LIMIT = 1000  # `cada search --limit`


def _human(size: int | None) -> str:
    if size is None:
        return "?"
    value = float(size)
    for unit in ("B", "kB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{size} B"  # pragma: no cover


def _doc_line(d: dict[str, Any], indent: str = "") -> str:
    pages = f"{d['pages']} p." if d.get("pages") else "-"
    flag = " (illustrative)" if d.get("illustrative") else ""
    text = d["text_status"]
    return (f"{indent}DOC {d['id']}  {d['request']}  {d['received_on'] or '-'}  "
            f"{shown(d['name'])}{flag}"
            f"  [{d['media_type']}, {_human(d['size'])}, {pages}, text {text}]"
            f"  sha256 {d['sha256'][:12]}")


def _tree(docs: list[dict[str, Any]]) -> list[str]:
    by_parent: dict[Any, list[dict[str, Any]]] = {}
    ids = {d["id"] for d in docs}
    for d in docs:
        parent = d["parent"] if d["parent"] in ids else None
        by_parent.setdefault(parent, []).append(d)
    lines: list[str] = []

    def walk(parent: Any, depth: int) -> None:
        for d in by_parent.get(parent, []):
            lines.append(_doc_line(d, "    " * depth))
            if d["text_status"] != "ok" and d.get("text_note"):
                lines.append("    " * (depth + 1) + f"note: {shown(d['text_note'])}")
            walk(d["id"], depth + 1)

    walk(None, 0)
    return lines


@contextmanager
def _progress_bar(name: str, size: int):  # noqa: ANN202
    """A rich progress bar on large files when stdout is a terminal, else nothing."""
    if size < PROGRESS_MIN_BYTES or not (sys.stdout.isatty() and sys.stderr.isatty()):
        yield _NoBar()
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    with Progress(
        "[progress.description]{task.description}", BarColumn(), DownloadColumn(),
        TransferSpeedColumn(), TimeRemainingColumn(), transient=True,
        console=Console(stderr=True),  # stdout stays clean (--json)
    ) as progress:
        task = progress.add_task(name, total=size)
        yield _Bar(progress, task)


class _NoBar:
    def advance(self, n: int) -> None:
        pass


class _Bar:
    def __init__(self, progress: Any, task: Any) -> None:
        self.progress = progress
        self.task = task

    def advance(self, n: int) -> None:
        self.progress.update(self.task, advance=n)


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
        False, "--force", help="Accept a --received-on date after today."
    ),
    json_: bool = JSON_OPTION,
) -> None:
    """File documents under a request: stored once by content (SHA-256), text extracted and
    indexed for `cada search`. All the files or none."""
    from cada_tracker.dates import parse_date
    from cada_tracker.db import ensure_home, session_scope
    from cada_tracker.services.documents import attach_paths, store_for
    from cada_tracker.services.requests import get_request

    s = settings()
    day = today()
    # an empty value is a mistake (an unset shell variable), never "use the default"
    received = parse_date(received_on, what="--received-on") if received_on is not None \
        else None
    ensure_home(s)
    created: list[str] = []
    store = store_for(s)
    with store.lock():
        try:
            with session_scope(s) as session:
                request = get_request(session, ref)
                docs = attach_paths(
                    session, s, request, list(files), today=day, received_on=received,
                    event=event, unpack=not no_unpack, created=created, progress=_progress_bar,
                    force=force,
                )
                reference = request.reference
        except BaseException:
            store.discard(created)
            raise
    if json_:
        emit_json({"request": reference, "documents": docs})
        return
    for line in _tree(docs):
        echo(line)


@app.command()
def documents(
    ref: str = typer.Argument(None, metavar="[REF]", help="Only this request's documents."),
    json_: bool = JSON_OPTION,
) -> None:
    """List documents (all, or one request's), e-mail attachments and ZIP members indented."""
    from cada_tracker.db import session_scope
    from cada_tracker.services.documents import list_documents

    with session_scope(settings()) as session:
        request_id = reference = None
        if ref:
            from cada_tracker.services.requests import get_request

            found = get_request(session, ref)
            request_id, reference = found.id, found.reference
        docs = list_documents(session, request_id)
    if json_:
        emit_json({"documents": docs})
        return
    if not docs:
        from cada_tracker.messages import documents as M

        echo(M.NO_DOCUMENTS_FOR.format(reference=reference) if reference else M.NO_DOCUMENTS)
    for line in _tree(docs):
        echo(line)


@document_app.command("show")
def document_show(
    doc: str = typer.Argument(..., metavar="DOC", help="Document id (see `cada documents`)."),
    json_: bool = JSON_OPTION,
) -> None:
    """Everything about one document: file, hash, text status, parent, children, evidence."""
    from cada_tracker.db import session_scope
    from cada_tracker.services.documents import show_document

    with session_scope(settings()) as session:
        data = show_document(session, settings(), doc)
    if json_:
        emit_json(data)
        return
    echo(f"DOC {data['id']}  {shown(data['name'])}" + ("  (illustrative)" if data["illustrative"]
                                                        else ""))
    rows = [
        ("request", data["request"]),
        ("received on", data["received_on"] or "-"),
        ("event", f"{data['event']['id']} {data['event']['kind']} {data['event']['date']}"
         if data["event"] else "-"),
        ("type", data["media_type"]),
        ("size", f"{data['size']} bytes"),
        ("pages", data["pages"] if data["pages"] is not None else "-"),
        ("text", data["text_status"] + (f" ({shown(data['text_note'])})" if data["text_note"]
                                        else "")),
        ("sha256", data["sha256"]),
        ("stored at", data["path"]),
    ]
    if data["parent"]:
        rows.append(("inside", f"DOC {data['parent']}"))
    for key, value in rows:
        echo(f"  {key:<12} {value}")
    for c in data["children"]:
        echo(f"  contains     DOC {c['id']}  {shown(c['name'])}")
    for d in data["linked_elsewhere"]:
        echo(f"  same file as DOC {d['id']}  {d['request']}  {shown(d['name'])}")
    for e in data["evidence"]:
        mark = "verified" if e["verified"] else "unverified"
        echo(f"  evidence     finding {e['finding']}, p. {e['page']} ({mark}): "
             f"« {shown(e['quote'])} »")


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

    from cada_tracker.db import session_scope
    from cada_tracker.errors import CadaError
    from cada_tracker.messages import documents as M
    from cada_tracker.services.documents import blob_path

    with session_scope(settings()) as session:
        path = blob_path(session, settings(), doc)
    if not launch:
        echo(str(path))
        return
    opener = shutil.which("xdg-open") or shutil.which("open")
    if opener is None:
        raise CadaError(M.NO_OPENER.format(path=path))
    subprocess.Popen([opener, str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                     start_new_session=True)
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

    from cada_tracker.db import session_scope
    from cada_tracker.services.documents import export_document

    with session_scope(settings()) as session:
        target = export_document(session, settings(), doc, Path(output), force=force)
    echo(shown(str(target)))


@document_app.command("reextract")
def document_reextract(
    doc: str = typer.Argument(..., metavar="DOC", help="Document id."),
    json_: bool = JSON_OPTION,
) -> None:
    """Read a document's text again (e.g. OCR after installing Tesseract) and reindex it."""
    from cada_tracker.db import session_scope
    from cada_tracker.messages import documents as M
    from cada_tracker.services.documents import reextract_document

    with session_scope(settings()) as session:
        data = reextract_document(session, settings(), doc)
    if json_:
        emit_json(data)
        return
    note = f"; {shown(data['text_note'])}" if data["text_note"] else ""
    echo(M.REEXTRACTED.format(doc=data["id"], status=data["text_status"],
                              pages=data["pages"] or 0, note=note))


@app.command()
def check(
    repair: bool = typer.Option(
        False, "--repair",
        help="Remove orphans that are provably orphans (named by a SHA-256 unknown to the "
        "database, older than an hour) and stale temporary files. Never touches the rest.",
    ),
    json_: bool = JSON_OPTION,
) -> None:
    """Verify every stored file against its SHA-256 and the database against the store.
    Exit 5 when anything is wrong."""
    from contextlib import nullcontext

    from cada_tracker.db import session_scope
    from cada_tracker.errors import StorageError
    from cada_tracker.messages import documents as M
    from cada_tracker.services.documents import check_store, store_for

    store = store_for(settings())
    with store.lock() if repair else nullcontext():
        with session_scope(settings()) as session:
            report = check_store(session, settings(), repair=repair)
    if json_:
        emit_json(report)
    else:
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
            echo(M.CHECK_ORPHAN.format(path=o["path"]))
        for t in report["stale_temporary"]:
            echo(M.CHECK_STALE_TMP.format(path=t["path"]))
        for e in report["evidence_mismatch"]:
            echo(M.CHECK_EVIDENCE.format(evidence=e["evidence"], finding=e["finding"],
                                         expected=e["expected"][:12], doc=e["document"],
                                         actual=e["actual"][:12]))
    if not report["ok"]:
        extra = ""
        if report["stale_temporary"]:
            extra += f", {len(report['stale_temporary'])} stale temporary"
        if report["evidence_mismatch"]:
            extra += f", {len(report['evidence_mismatch'])} evidence mismatch(es)"
        hint = M.CHECK_REPAIR_HINT
        raise StorageError(M.STORE_BROKEN.format(
            missing=len(report["missing"]), corrupted=len(report["corrupted"]),
            orphaned=len(report["orphaned"]), extra=extra) + hint)
    if not json_:
        echo(M.CHECK_OK.format(files=report["files"], documents=report["documents"]))


def _ids(ids: list[int]) -> str:
    return ", ".join(str(i) for i in ids) or "none"


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
    from cada_tracker.errors import UsageError
    from cada_tracker.messages import documents as M
    from cada_tracker.storage import search as fts

    s = settings()
    text = limit.strip()
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_LIMIT:
        raise UsageError(M.SEARCH_BAD_LIMIT.format(limit=shown(limit), high=MAX_LIMIT))
    count = int(text)
    if reindex:
        counts = _reindex(s)
        if not json_ or not query:
            if json_:
                emit_json({"reindexed": counts})
            else:
                echo(M.SEARCH_REINDEXED.format(**counts))
        if not query:
            return
    if not query or not query.strip():
        raise UsageError(M.SEARCH_EMPTY_QUERY)
    if not fts.fts_query(query):
        raise UsageError(M.SEARCH_NO_WORDS.format(query=shown(query)))
    hits = _search_plain(s, query, request, count)
    if hits is None:
        hits = _search_orm(s, query, request, count)
    if json_:
        emit_json({"query": query, "request": request, "hits": hits})
        return
    if not hits:
        echo(M.SEARCH_NO_HITS.format(query=shown(query)))
        return
    for h in hits:
        echo(_hit_line(h))
        echo(f"    {shown(h['snippet'])}")


def _hit_line(h: dict[str, Any]) -> str:
    if h["kind"] == "document":
        return f"DOC {h['document']}  p. {h['page']}  {h['request']}  {shown(h['name'])}"
    if h["kind"] == "request":
        return f"REQUEST {h['request']}"
    if h["kind"] == "letter":
        return f"LETTER {h['letter']}  {h['request']}  {shown(h['name'])}"
    return f"FINDING {h['finding']}  {', '.join(h['requests'])}  {shown(h['name'])}"


def _reindex(s: Any) -> dict[str, int]:
    from cada_tracker.db import session_scope
    from cada_tracker.errors import CadaError
    from cada_tracker.messages import documents as M
    from cada_tracker.storage import search as fts

    with session_scope(s) as session:
        if not fts.enabled(session):
            raise CadaError(M.SEARCH_UNSUPPORTED.format(dialect=fts.dialect_name(session)))
        return fts.rebuild(session)


def _search_orm(s: Any, query: str, ref: str | None, limit: int) -> list[dict[str, Any]]:
    from cada_tracker.db import session_scope
    from cada_tracker.errors import CadaError
    from cada_tracker.messages import documents as M
    from cada_tracker.storage import search as fts

    with session_scope(s) as session:
        if not fts.enabled(session):
            raise CadaError(M.SEARCH_UNSUPPORTED.format(dialect=fts.dialect_name(session)))
        request_id = None
        if ref:
            from cada_tracker.services.requests import get_request

            request_id = get_request(session, ref).id
        return fts.search(session, query, request_id=request_id, limit=limit)


def _search_plain(s: Any, query: str, ref: str | None, limit: int) -> list[dict] | None:
    """The fast read path: stdlib sqlite3, no SQLAlchemy import. None: use the ORM path
    (not SQLite, schema not current, unknown reference whose error message needs it)."""

    from cada_tracker import db
    from cada_tracker.storage import search as fts

    path = s.sqlite_path
    if path is None or os.environ.get("CADA_SEARCH_ORM"):
        return None
    if db.sqlite_revision(path) != db.SCHEMA_HEAD:
        return None
    con = db.connect_read_only(path)
    try:
        request_id = None
        if ref:
            row = con.execute("SELECT id FROM request WHERE reference = ?", (ref,)).fetchone()
            if row is None:
                return None
            request_id = row[0]
        return fts.search(con, query, request_id=request_id, limit=limit)
    finally:
        con.close()
