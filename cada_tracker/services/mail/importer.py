"""`cada mail import`, `cada mail assign`, `cada mail unassign`, `cada mail list` (issue 12,
point 2): messages brought back from the user's mailbox, matched to their requests
(domain/mail_match.py), kept whole in the content store, filed as documents of their request
through the document ingest (attachments become child documents, text extracted, searchable),
and put in the inbox (`cada inbox`), never recorded as events.

Each message is one unit of work: an import interrupted (a dropped connection, Ctrl-C) keeps
what was committed, and the next run skips it (same Message-ID or same content)."""

from __future__ import annotations

import hashlib
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from cada_tracker.context import Context
from cada_tracker.domain import FINISHED_STATES, EventKind, derive_state
from cada_tracker.domain.mail import MAIL_CLASSIFIED, MAIL_INBOX, MAIL_UNMATCHED
from cada_tracker.domain.mail_match import Candidate, Incoming, Match, match
from cada_tracker.errors import ConflictError, NotFoundError, StorageError, UsageError
from cada_tracker.extract.mail import _body_text
from cada_tracker.messages import mail_import as M
from cada_tracker.services.documents.ingest import attach_paths
from cada_tracker.services.documents.inputs import UnsafeArchiveError
from cada_tracker.services.mail.sources import RawMessage
from cada_tracker.storage import documents as store_docs
from cada_tracker.storage import mailbox, search
from cada_tracker.storage.blobstore import BlobMismatch
from cada_tracker.storage.db import ensure_home, now
from cada_tracker.storage.requests import get_request, load_views
from cada_tracker.storage.sql import Query, session_query

if TYPE_CHECKING:
    from sqlmodel import Session

    from cada_tracker.storage.tables import Request

PARIS = ZoneInfo("Europe/Paris")
# A message larger than this is refused whole (never half-recorded): it stays in the mailbox.
# 100 MiB holds a 50 MB attachment (base64 makes it about 68 MB).
MAX_MESSAGE_BYTES = 100 * 1024 * 1024
_MSGID = re.compile(r"<([^<>\s]+)>")


# --- reading one message -------------------------------------------------------------------


@dataclass(frozen=True)
class Parsed:
    message_id: str | None
    from_addr: str | None
    to_addr: str | None
    subject: str
    in_reply_to: list[str]
    references: list[str]
    header_date: datetime | None  # UTC, naive
    body: str


def _header(msg: EmailMessage, name: str) -> str | None:
    """A header as text, or None when missing or unreadable (a malformed header is treated
    as missing, never an error)."""
    try:
        value = msg.get(name)
        return None if value is None else str(value)
    except Exception:  # noqa: BLE001 - the email package raises many kinds on bad headers
        try:
            raw = msg.get_all(name, failobj=[])
            return str(raw[0]) if raw else None
        except Exception:  # noqa: BLE001
            return None


def _ids(value: str | None) -> list[str]:
    return _MSGID.findall(value or "")


def _address(value: str | None) -> str | None:
    if not value:
        return None
    try:
        pairs = getaddresses([value])
    except Exception:  # noqa: BLE001
        return None
    for _name, addr in pairs:
        if addr and "@" in addr:
            return addr.strip().lower()
    return None


def _instant(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed.tzinfo is None:  # "-0000": no zone information, read as UTC (RFC 5322 3.3)
        parsed = parsed.replace(tzinfo=UTC)
    try:
        instant = parsed.astimezone(UTC).replace(tzinfo=None)
    except OverflowError:  # "31 Dec 9999 23:00 -0200": past the last date Python holds
        return None
    # a date the legal day (Europe/Paris) could not be computed of is no date: the arrival
    # is used instead, as for any implausible Date:
    return instant if instant.year < 9999 else None


def parse(data: bytes) -> Parsed:
    msg = BytesParser(policy=policy.default).parsebytes(data)
    assert isinstance(msg, EmailMessage)
    try:
        body = _body_text(msg)
    except Exception:  # noqa: BLE001 - a body the email package cannot read: no body text
        body = ""
    mids = _ids(_header(msg, "Message-ID"))
    subject = _header(msg, "Subject") or ""
    return Parsed(
        message_id=mids[0][:250] if mids else None,
        from_addr=_address(_header(msg, "From")),
        to_addr=_address(_header(msg, "To")),
        subject=" ".join(subject.split()),
        in_reply_to=_ids(_header(msg, "In-Reply-To")),
        references=_ids(_header(msg, "References")),
        header_date=_instant(_header(msg, "Date")),
        body=body,
    )


def paris_day(instant: datetime) -> date:
    """The legal day of an instant (UTC, naive): its date in Europe/Paris."""
    aware = instant if instant.tzinfo is not None else instant.replace(tzinfo=UTC)
    try:
        return aware.astimezone(PARIS).date()
    except OverflowError:  # 31 Dec 9999 late in the evening (a file's mtime): the UTC day
        return aware.astimezone(UTC).date()


def _aware(instant: datetime | None) -> datetime | None:
    """An instant as the database stores it (UTC, with its zone)."""
    if instant is None or instant.tzinfo is not None:
        return instant
    return instant.replace(tzinfo=UTC)


def legal_day(header_date: datetime | None, arrival: datetime | None, today: date,
              sent_on: date | None) -> tuple[date, str]:
    """The day the message was received (Europe/Paris) and where it comes from: the Date:
    header ("header"); the server's arrival ("arrival") when the header is missing or
    implausible (after today, or before the request was sent); today ("import") when neither
    can be used. Never after today."""
    if header_date is not None:
        day = paris_day(header_date)
        if day <= today and (sent_on is None or day >= sent_on):
            return day, "header"
    if arrival is not None:
        return min(paris_day(arrival), today), "arrival"
    return today, "import"


# --- what the matching needs, read once per import ------------------------------------------


@dataclass
class Known:
    sent: dict[str, int]
    candidates: list[Candidate]
    sent_on: dict[int, date]  # request id -> first day it was sent

    def since(self) -> date | None:
        """The earliest sending day of the open requests (default of --since)."""
        days = [self.sent_on[c.request_id] for c in self.candidates
                if c.open and c.request_id in self.sent_on]
        return min(days) if days else None


def load_known(query: Query) -> Known:
    views = {v.id: v for v in load_views(query, links=False)}
    sent_on: dict[int, date] = {}
    open_ids: set[int] = set()
    for view in views.values():
        days = [e.date for e in view.events if e.kind == EventKind.SENT]
        if days:
            sent_on[view.id] = min(days)
            if derive_state(view.events, strict=False) not in FINISHED_STATES:
                open_ids.add(view.id)
    candidates = [Candidate(rid, ref, aid, email, rid in open_ids)
                  for rid, ref, aid, email in mailbox.match_rows(query)]
    return Known(mailbox.sent_message_ids(query), candidates, sent_on)


def default_since(ctx: Context) -> date | None:
    ensure_home(ctx.settings)
    with ctx.reading() as query:
        return load_known(query).since()


# --- filing a message with its request ------------------------------------------------------


def _file_name(received_on: date, subject: str) -> str:
    slug = re.sub(r"[^\w]+", "-", subject, flags=re.UNICODE).strip("-")[:60] or "message"
    return f"{received_on.isoformat()}-{slug}.eml"


def _file(session: Session, ctx: Context, request: Request, data: bytes, received_on: date,
          subject: str, created: list[str]) -> tuple[int, int, str | None]:
    """The message stored as a document of `request` (its attachments as children). Returns
    (document id, documents created, warning). An attachment the archive guards refuse (a zip
    bomb...) is kept unopened and said so; the message is filed all the same."""
    with tempfile.TemporaryDirectory(prefix="cada-mail-") as tmp:
        path = Path(tmp) / _file_name(received_on, subject)
        path.write_bytes(data)
        mark = len(created)
        try:
            with session.begin_nested():
                docs = attach_paths(session, ctx, request, [str(path)],
                                    received_on=received_on, force=True)
            warning = None
        except UnsafeArchiveError as exc:
            ctx.store.discard(created[mark:])
            del created[mark:]
            with session.begin_nested():
                docs = attach_paths(session, ctx, request, [str(path)],
                                    received_on=received_on, force=True, unpack=False)
            warning = M.ARCHIVE_NOT_UNPACKED.format(reason=exc.message)
    return docs[0]["id"], len(docs), warning


@dataclass
class Report:
    source: str
    new: list[dict[str, Any]] = field(default_factory=list)
    already: int = 0
    refused: list[dict[str, Any]] = field(default_factory=list)

    def json(self) -> dict[str, Any]:
        unmatched = [m for m in self.new if m["status"] == MAIL_UNMATCHED]
        return {"source": self.source, "new": len(self.new), "already_imported": self.already,
                "unmatched": len(unmatched), "refused": len(self.refused),
                "messages": self.new, "refused_messages": self.refused}


def _reason_text(found: Match) -> str | None:
    if found.request_id is not None:
        return None
    return M.UNMATCHED_REASONS[found.reason or "no-match"].format(detail=found.detail)


def import_messages(ctx: Context, source: str, messages: Iterable[RawMessage], *,
                    progress: Callable[[int, Report], None] | None = None) -> Report:
    """Import every message not imported yet; one unit of work per message."""
    ensure_home(ctx.settings)
    with ctx.reading() as query:
        known = load_known(query)
    report = Report(source)
    for n, raw in enumerate(messages, start=1):
        if raw.size is not None and raw.size > MAX_MESSAGE_BYTES:
            report.refused.append(_refused(raw, raw.size))
            continue
        data = raw.read()
        if len(data) > MAX_MESSAGE_BYTES:
            report.refused.append(_refused(raw, len(data)))
            continue
        if not data.strip():  # an empty file is no message: nothing to file or to classify
            report.refused.append({"source": raw.key, "size": len(data), "reason": "empty",
                                   "message": M.EMPTY_MESSAGE.format(source=raw.key)})
            continue
        result = _import_one(ctx, known, raw, data)
        if result is None:
            report.already += 1
        else:
            report.new.append(result)
        if raw.committed is not None:
            raw.committed()
        if progress is not None:
            progress(n, report)
    return report


def _refused(raw: RawMessage, size: int) -> dict[str, Any]:
    return {"source": raw.key, "size": size, "reason": "too-large",
            "message": M.TOO_LARGE.format(source=raw.key, size_mb=round(size / 2**20, 1),
                                          limit_mb=round(MAX_MESSAGE_BYTES / 2**20, 1))}


def _import_one(ctx: Context, known: Known, raw: RawMessage,
                data: bytes) -> dict[str, Any] | None:
    sha256 = hashlib.sha256(data).hexdigest()
    head = parse(data)
    if head.message_id is not None and head.message_id in known.sent:
        return None  # a message cada sent (a Sent folder read, a copy to oneself)
    with ctx.reading() as query:
        if mailbox.known(query, message_id=head.message_id, file_sha256=sha256) is not None:
            return None
    found = match(Incoming(head.in_reply_to, head.references, head.subject, head.body,
                           head.from_addr), known.sent, known.candidates)
    sent_on = known.sent_on.get(found.request_id) if found.request_id is not None else None
    received_on, day_from = legal_day(head.header_date, raw.arrival, ctx.today, sent_on)
    warning = None
    documents = 0
    with ctx.store_writes() as created, ctx.transaction() as session:
        put = ctx.store.put_bytes(data)
        if put.created:
            created.append(put.sha256)
        doc_id = None
        reference = None
        if found.request_id is not None:
            from cada_tracker.storage.tables import Request

            request = session.get(Request, found.request_id)
            assert request is not None
            reference = request.reference
            doc_id, documents, warning = _file(session, ctx, request, data, received_on,
                                               head.subject, created)
        row = mailbox.insert_message(
            session, message_id=head.message_id, file_sha256=sha256, source=raw.key,
            from_addr=head.from_addr, to_addr=head.to_addr, subject=head.subject[:1000],
            in_reply_to=" ".join(head.in_reply_to + head.references)[:4000] or None,
            header_date=_aware(head.header_date), arrival=_aware(raw.arrival),
            received_on=received_on,
            request_id=found.request_id, matched_by=found.matched_by, document_id=doc_id,
            status=MAIL_INBOX if found.request_id is not None else MAIL_UNMATCHED,
            imported_at=now())
        pk = row.id
    out = {"id": pk, "status": MAIL_INBOX if reference else MAIL_UNMATCHED,
           "request": reference, "matched_by": found.matched_by,
           "reason": found.reason, "reason_text": _reason_text(found),
           "from": head.from_addr, "subject": head.subject, "message_id": head.message_id,
           "received_on": received_on.isoformat(), "received_on_from": day_from,
           "document": doc_id, "documents": documents, "source": raw.key}
    if warning:
        out["warning"] = warning
    return out


# --- assign, unassign, list -----------------------------------------------------------------


def _parse_pk(text: str) -> int:
    cleaned = text.strip().lstrip("#").upper().removeprefix("M")
    if not cleaned.isdigit():
        raise UsageError(M.BAD_MESSAGE_ID.format(value=text))
    return int(cleaned)


def _get(query: Query, pk: int, text: str) -> Any:
    record = mailbox.message(query, pk)
    if record is None:
        raise NotFoundError(M.NO_SUCH_MESSAGE.format(id=text))
    return record


def assign(ctx: Context, message: str, reference: str) -> dict[str, Any]:
    """`cada mail assign ID REF`: an unmatched message filed with REF by hand."""
    pk = _parse_pk(message)
    ensure_home(ctx.settings)
    with ctx.store_writes() as created, ctx.transaction() as session:
        query = session_query(session)
        record = _get(query, pk, message)
        if record.status != MAIL_UNMATCHED:
            raise ConflictError(M.ALREADY_FILED.format(id=pk, reference=record.reference))
        request = get_request(session, reference)
        assert request.id is not None
        known = load_known(query)
        received_on, day_from = legal_day(record.header_date, record.arrival, ctx.today,
                                          known.sent_on.get(request.id))
        data = _stored_message(ctx, record.file_sha256, pk)
        doc_id, documents, warning = _file(session, ctx, request, data, received_on,
                                           record.subject or "", created)
        mailbox.update_message(session, pk, request_id=request.id, matched_by="manual",
                               document_id=doc_id, status=MAIL_INBOX, received_on=received_on)
    out = {"id": pk, "request": request.reference, "status": MAIL_INBOX,
           "matched_by": "manual", "document": doc_id, "documents": documents,
           "received_on": received_on.isoformat(), "received_on_from": day_from}
    if warning:
        out["warning"] = warning
    return out


def _stored_message(ctx: Context, sha256: str, pk: int) -> bytes:
    try:
        return ctx.store.verify(sha256).read_bytes()
    except (OSError, BlobMismatch):
        raise StorageError(M.STORED_MESSAGE_MISSING.format(id=pk, sha256=sha256)) from None


def unassign(ctx: Context, message: str) -> dict[str, Any]:
    """`cada mail unassign ID`: the documents assign (or import) created removed, the message
    back to unmatched. Its whole message stays in the store (the mail table keeps it)."""
    pk = _parse_pk(message)
    ensure_home(ctx.settings)
    removed: list[str] = []
    with ctx.store_writes(), ctx.transaction() as session:
        query = session_query(session)
        record = _get(query, pk, message)
        if record.status == MAIL_UNMATCHED:
            raise ConflictError(M.NOT_FILED.format(id=pk))
        if record.status == MAIL_CLASSIFIED:
            raise ConflictError(M.CLASSIFIED_CANNOT_UNASSIGN.format(
                id=pk, reference=record.reference, event=record.event_id))
        ids: list[int] = []
        if record.document_id is not None and \
                store_docs.load_document(query, record.document_id) is not None:
            ids.append(record.document_id)
            for current in ids:  # grows while walked: every part, breadth first
                ids.extend(store_docs.document_children(query, current))
        evidence = store_docs.evidence_on(query, ids)
        if evidence:
            findings = sorted({f for _e, f, _d in evidence})
            raise ConflictError(M.UNASSIGN_EVIDENCE.format(
                id=pk, findings=", ".join(f"F{f}" for f in findings)))
        records = store_docs.load_documents(query, ids=ids)
        files = {r.file.id: r.file.sha256 for r in records}
        store_docs.delete_documents(session, list(reversed(ids)))
        keep = mailbox.mail_blobs(query)
        for file_id, sha in files.items():
            if not store_docs.file_links(query, file_id):
                search.remove_file_pages(session, file_id)
                store_docs.delete_stored_file(session, file_id)
                if sha not in keep:
                    removed.append(sha)
        mailbox.update_message(session, pk, request_id=None, matched_by=None,
                               document_id=None, status=MAIL_UNMATCHED)
    ctx.store.discard(removed)  # committed: the blobs nothing links go
    return {"id": pk, "request": record.reference, "status": MAIL_UNMATCHED,
            "documents_removed": ids}


def message_json(record: Any) -> dict[str, Any]:
    return {"id": record.id, "status": record.status, "request": record.reference,
            "matched_by": record.matched_by, "from": record.from_addr,
            "subject": record.subject, "message_id": record.message_id,
            "received_on": record.received_on.isoformat(),
            "header_date": record.header_date.isoformat() if record.header_date else None,
            "arrival": record.arrival.isoformat() if record.arrival else None,
            "document": record.document_id, "event": record.event_id,
            "source": record.source}


def list_messages(ctx: Context, *, unmatched: bool = False) -> list[dict[str, Any]]:
    """`cada mail list`: every message brought back (or only the unmatched ones)."""
    ensure_home(ctx.settings)
    with ctx.reading() as query:
        records = mailbox.messages(query, status=MAIL_UNMATCHED if unmatched else None)
    return [message_json(r) for r in records]
