"""The inbox (issue 12, point 3): the messages `cada mail import` filed with a request, waiting
for the user to say what they are. `cada inbox` lists them with a suggested classification,
`cada inbox show` prints one, `cada inbox classify` records the event it is (on the day the
message was received, never today) and `cada inbox dismiss` takes one out without an event.

An inbox entry is not an event: events are legal facts, and only the user says what a message
is. Classifying records the event exactly as `cada log` does (services.requests.record_event),
links the message's documents to it and marks the message classified, in one unit of work."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cada_tracker.context import Context
from cada_tracker.domain import EVENT_KINDS
from cada_tracker.domain import mail_suggest as S
from cada_tracker.domain.mail import (
    MAIL_CLASSIFIED,
    MAIL_DISMISSED,
    MAIL_INBOX,
    MAIL_UNMATCHED,
    MailMessageRecord,
)
from cada_tracker.domain.mail_suggest import Attachment, Suggestion, suggest
from cada_tracker.errors import ConflictError, NotFoundError, UsageError
from cada_tracker.extract.mail import extract_email
from cada_tracker.messages import mail as M
from cada_tracker.services import letters
from cada_tracker.services.derived import Derived
from cada_tracker.services.requests import NewEvent, derived_for, record_event
from cada_tracker.storage import documents as store_db
from cada_tracker.storage import mailbox
from cada_tracker.storage.sql import Query, session_query, session_unit

if TYPE_CHECKING:
    from cada_tracker.domain import Event


@dataclass
class Contents:
    """What a message says: its body text and its attachments (documents of the request)."""

    body: str
    attachments: list[dict[str, Any]]


def parse_id(value: str) -> int:
    """The message ID a user typed (`cada inbox` shows it as #N; N and #N are accepted)."""
    text = value.strip().lstrip("#")
    if not text.isdigit() or int(text) <= 0:
        raise UsageError(M.INBOX_ID_NOT_NUMBER.format(value=value))
    return int(text)


def _message(query: Query, message_pk: int) -> MailMessageRecord:
    found = mailbox.message(query, message_pk)
    if found is None:
        raise NotFoundError(M.INBOX_NO_MESSAGE.format(id=message_pk))
    return found


def _contents(ctx: Context, query: Query, msg: MailMessageRecord) -> Contents:
    """The body text and attachments: from the message's document (the text the document
    ingest extracted, the attachments its children); an unfiled message is read from the
    content store."""
    if msg.document_id is not None:
        doc = store_db.load_document(query, msg.document_id)
        if doc is not None:
            page = store_db.page_text(query, doc.file.id, 1) or ""
            children = store_db.load_documents(
                query, ids=store_db.document_children(query, doc.id))
            return Contents(_body_of_page(page), [
                {"document": c.id, "name": c.name, "media_type": c.file.media_type,
                 "size": c.file.size} for c in children])
    path = ctx.store.path_for(msg.file_sha256)
    if not path.is_file():
        return Contents("", [])
    try:
        extraction = extract_email(path)
    except Exception:  # noqa: BLE001 - a message the parser cannot read still lists
        return Contents("", [])
    return Contents(_body_of_page(next(iter(extraction.pages), "")), [
        {"document": None, "name": c.name, "media_type": None, "size": c.size_limit}
        for c in extraction.children])


def _body_of_page(page: str) -> str:
    """The e-mail extractor writes the headers, a blank line, then the body."""
    head, sep, body = page.partition("\n\n")
    return body if sep else head


def suggestion_of(msg: MailMessageRecord, contents: Contents) -> Suggestion:
    return suggest(msg.subject, contents.body, msg.from_addr, [
        Attachment(a["name"], a["media_type"] or "") for a in contents.attachments])


def reason_text(msg: MailMessageRecord, s: Suggestion) -> str:
    """The reason of a suggestion, in the interface language."""
    domain = (msg.from_addr or "").rpartition("@")[2].strip(">").lower()
    values = {"evidence": s.evidence or "", "domain": domain, "id": msg.id}
    texts = {
        S.REASON_CADA_OPINION: M.REASON_CADA_OPINION,
        S.REASON_CADA_OPINION_UNSTATED: M.REASON_CADA_OPINION_UNSTATED,
        S.REASON_CADA_REGISTERED: M.REASON_CADA_REGISTERED,
        S.REASON_CADA_SENDER: M.REASON_CADA_SENDER,
        S.REASON_TRANSFERRED: M.REASON_TRANSFERRED,
        S.REASON_ACK_COMPLETE: M.REASON_ACK_COMPLETE,
        S.REASON_ATTACHMENTS: M.REASON_ATTACHMENTS,
        S.REASON_REPLY_TEXT: M.REASON_REPLY_TEXT,
        S.REASON_NONE: M.REASON_NONE,
    }
    if s.reason == S.REASON_ACK_INCOMPLETE:
        names = {"implicit-decision": M.MISSING_IMPLICIT_DECISION,
                 "remedies": M.MISSING_REMEDIES}
        return M.REASON_ACK_INCOMPLETE.format(
            missing=M.MISSING_AND.join(names[m] for m in s.missing), **values)
    text = texts[s.reason].format(**values)
    if "ambiguous-outcome" in s.missing:
        text += " " + M.MISSING_AMBIGUOUS_OUTCOME
    elif "outcome" in s.missing and s.reason != S.REASON_CADA_OPINION_UNSTATED:
        text += " " + M.MISSING_OUTCOME
    return text


def classify_command(msg: MailMessageRecord, s: Suggestion) -> str | None:
    if s.event is None:
        return None
    return " ".join(("cada", "inbox", "classify", str(msg.id), "--as", s.event, *s.options))


def _instant(value: Any) -> str | None:
    return None if value is None else value.isoformat(sep=" ", timespec="seconds")


def message_json(msg: MailMessageRecord, contents: Contents) -> dict[str, Any]:
    """One message as `cada inbox --json` prints it (docs/json.md, "Inbox")."""
    s = suggestion_of(msg, contents)
    return {
        "id": msg.id,
        "reference": msg.reference,
        "status": msg.status,
        "from": msg.from_addr,
        "to": msg.to_addr,
        "subject": msg.subject,
        "message_id": msg.message_id,
        "received_on": msg.received_on.isoformat(),
        "header_date": _instant(msg.header_date),
        "arrival": _instant(msg.arrival),
        "matched_by": msg.matched_by,
        "document": msg.document_id,
        "attachments": len(contents.attachments),
        "event_id": msg.event_id,
        "suggestion": {
            "event": s.event,
            "options": list(s.options),
            "command": classify_command(msg, s),
            "reason": s.reason,
            "evidence": s.evidence,
            "missing": list(s.missing),
            "text": reason_text(msg, s),
        },
    }


def inbox_list(ctx: Context, *, include_all: bool = False) -> list[dict[str, Any]]:
    """`cada inbox`: the messages waiting to be classified, oldest received first; with
    `include_all`, every message brought back (classified, dismissed, unmatched too)."""
    with ctx.reading() as query:
        found = mailbox.messages(query, status=None if include_all else MAIL_INBOX)
        return [message_json(m, _contents(ctx, query, m)) for m in found]


def inbox_show(ctx: Context, message_pk: int) -> dict[str, Any]:
    """`cada inbox show ID`: the message's headers, text and attachments."""
    with ctx.reading() as query:
        msg = _message(query, message_pk)
        contents = _contents(ctx, query, msg)
        data = message_json(msg, contents)
        data["attachments"] = contents.attachments
        data["text"] = contents.body
        return data


def _check_open(msg: MailMessageRecord) -> None:
    if msg.status == MAIL_CLASSIFIED:
        raise ConflictError(M.INBOX_ALREADY_CLASSIFIED.format(
            id=msg.id, event_id=msg.event_id, reference=msg.reference))
    if msg.status == MAIL_DISMISSED:
        raise ConflictError(M.INBOX_IS_DISMISSED.format(id=msg.id))
    if msg.status == MAIL_UNMATCHED or msg.request_id is None or msg.reference is None:
        raise ConflictError(M.INBOX_UNMATCHED.format(id=msg.id))


def incoming_kinds() -> list[str]:
    """The events a message received can be (every kind but the letters the user sends)."""
    return [k for k in EVENT_KINDS if k not in letters.EVENT_LETTERS]


@dataclass
class Classified:
    derived: Derived
    event: Event
    event_id: int
    linked: int  # documents of the message linked to the event


def classify(ctx: Context, message_pk: int, data: NewEvent) -> Classified:
    """`cada inbox classify ID --as EVENT`: record the event on the day the message was
    received (Europe/Paris), link its documents to the event, mark it classified; one unit
    of work (nothing is written if any of it is refused)."""
    from cada_tracker.storage.tables import Document, MailMessage

    if data.kind in letters.EVENT_LETTERS:
        raise UsageError(M.INBOX_OUTGOING_EVENT.format(
            kind=data.kind, allowed=", ".join(incoming_kinds())))
    with ctx.transaction() as session:
        query = session_query(session)
        msg = _message(query, message_pk)
        _check_open(msg)
        assert msg.reference is not None
        data.on = msg.received_on
        request, event = record_event(session_unit(session), ctx, msg.reference, data)
        linked = 0
        todo = [msg.document_id] if msg.document_id is not None else []
        while todo:  # the message and what was unpacked from it (attachments, their members)
            doc_id = todo.pop()
            doc = session.get(Document, doc_id)
            if doc is None or doc.request_id != request.id:
                continue
            doc.event_id = event.seq
            session.add(doc)
            linked += 1
            todo.extend(store_db.document_children(query, doc_id))
        stored = session.get(MailMessage, message_pk)
        assert stored is not None
        stored.status = MAIL_CLASSIFIED
        stored.event_id = event.seq
        session.add(stored)
        session.flush()
        return Classified(derived_for(session, request, ctx.today), event, event.seq, linked)


def dismiss(ctx: Context, message_pk: int) -> MailMessageRecord:
    """`cada inbox dismiss ID`: a message that is nothing for the procedure (spam, a
    duplicate) leaves the inbox; no event, its documents stay with the request."""
    from cada_tracker.storage.tables import MailMessage

    with ctx.transaction() as session:
        query = session_query(session)
        msg = _message(query, message_pk)
        if msg.status == MAIL_CLASSIFIED:
            _check_open(msg)
        if msg.status == MAIL_DISMISSED:
            raise ConflictError(M.INBOX_IS_DISMISSED.format(id=msg.id))
        stored = session.get(MailMessage, message_pk)
        assert stored is not None
        stored.status = MAIL_DISMISSED
        session.add(stored)
        session.flush()
        return msg._replace(status=MAIL_DISMISSED)
