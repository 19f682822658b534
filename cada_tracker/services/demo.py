"""`cada demo`: the Montpellier case of the seed, built through the ordinary services."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from cada_tracker import messages as M
from cada_tracker.context import Context
from cada_tracker.errors import ConflictError, StorageError, UsageError
from cada_tracker.i18n import _
from cada_tracker.paths import DB_FILENAME
from cada_tracker.resources import data_path
from cada_tracker.services.authorities import AuthorityInput, insert_authority, save_profile
from cada_tracker.services.demo_documents import add_demo_documents
from cada_tracker.services.requests import NewEvent, NewRequest, insert_request, record_event
from cada_tracker.services.show import show_data
from cada_tracker.services.status import status_data
from cada_tracker.storage.db import ensure_home
from cada_tracker.storage.requests import get_request
from cada_tracker.storage.sql import session_unit

MARKER = ".cada-demo"
SHOWN_REFERENCE = "2020-001"  # the request of the seed, shown in full after the build
# who made the demo's events, documents, findings and letters (issue 14): the demo itself,
# whatever --as or CADA_USER say, so that every demo shows the same
DEMO_USER = "cada demo"


def load_case() -> dict[str, Any]:
    return json.loads(data_path("demo", "montpellier.json").read_text(encoding="utf-8"))


def prepare_home(home: Path) -> None:
    """A demo home is empty, or a previous demo home (which is then rebuilt)."""
    if home.exists() and not home.is_dir():
        raise UsageError(M.DEMO_HOME_IS_FILE.format(home=home))
    db = home / DB_FILENAME
    if db.is_dir():
        raise StorageError(M.DB_IS_DIRECTORY.format(path=db))
    if db.exists() or (home / "documents").exists():
        if not (home / MARKER).exists():
            raise ConflictError(M.DEMO_HOME_NOT_EMPTY.format(home=home))
    try:
        _clear_and_mark(home)
    except OSError as exc:  # a read-only folder or medium, a full disk
        raise StorageError(M.HOME_NOT_WRITABLE.format(path=home, reason=exc.strerror or exc)
                           ) from None


def _clear_and_mark(home: Path) -> None:
    """Remove an earlier demo (prepare_home checked it is one) and mark the home as the
    demo's."""
    if (home / MARKER).exists():
        for suffix in ("", "-wal", "-shm"):
            (home / (DB_FILENAME + suffix)).unlink(missing_ok=True)
        docs = home / "documents"
        if docs.exists():
            for p in docs.rglob("*"):
                if p.is_file():
                    p.chmod(0o644)
            shutil.rmtree(docs)
    home.mkdir(parents=True, exist_ok=True)
    (home / MARKER).write_text("created by `cada demo`; safe to delete\n", encoding="utf-8")


def _event_date(spec: dict[str, Any], today: date) -> date:
    if "on" in spec:
        return date.fromisoformat(spec["on"])
    return today - timedelta(days=int(spec["days_before_today"]))


def build(ctx: Context) -> list[str]:
    """Create the demo case in ctx.settings.home, in one unit of work; return the references
    created. Everything it makes is made by DEMO_USER."""
    ctx = replace(ctx, settings=replace(ctx.settings, user=DEMO_USER))
    settings, today = ctx.settings, ctx.today
    case = load_case()
    prepare_home(settings.home)
    ensure_home(settings)
    refs = []
    # the store lock: a failed build also removes the demo documents it stored
    with ctx.store_writes(), ctx.transaction() as session:
        save_profile(session, **case["profile"])
        for a in case["authorities"]:
            insert_authority(session, AuthorityInput(**a))
        for r in case["requests"]:
            first = min(_event_date(e, today) for e in r["events"])
            req = insert_request(
                session_unit(session),
                replace(ctx, today=first),
                NewRequest(
                    authority=r["authority"],
                    subject=r["subject"],
                    documents=r["documents"],
                    reference=r["reference"],
                    channel=r["channel"],
                    note=_(r["note"]),  # the demo's notes in the interface language
                    illustrative=r["illustrative"],
                ),
            )
            for e in r["events"]:
                record_event(
                    session_unit(session),
                    ctx,
                    req.reference,
                    NewEvent(kind=e["kind"], on=_event_date(e, today), outcome=e.get("outcome"),
                             note=_(e["note"]) if e.get("note") else None),
                )
            refs.append(req.reference)
            if req.reference == "2020-001":
                add_demo_documents(session, ctx, get_request(session, req.reference))
    return refs


def run(ctx: Context) -> tuple[dict[str, Any], dict[str, Any]]:
    """`cada demo`: build the case, then what `status --all` and `show 2020-001` show of it."""
    build(ctx)
    return status_data(ctx, show_all=True, full=False), show_data(ctx, SHOWN_REFERENCE)
