"""`cada send REF` and `cada campaign send SLUG --mail` (issue 12, point 1): a letter sent from
the user's own mailbox, through an outbox, so that nothing goes twice silently.

The path of one message, each step its own committed unit of work:

1. built: the letter as `cada letter REF KIND --format eml` writes it (services/letters/output
   and render/letters.to_eml: the letter as the text body, its PDF attached, for a saisine-cada
   its exhibits), a fresh Message-ID; the event it will record checked first exactly as `cada
   log` checks it (in a unit of work rolled back); the bytes in the content store and the
   outbox entry `pending`, before any connection;
2. `sending`, just before DATA (services/mail/smtp.py);
3. accepted: the event recorded through services/requests.record_event (the letter frozen,
   dated the day of sending in Europe/Paris unless --on) and the entry `sent` with its event,
   in one unit of work.

A failure before acceptance puts the entry back to `pending` with the error (exit 6): a rerun
sends the same stored bytes. An entry a later run finds in `sending` (cada stopped between
DATA and step 3) is `possibly-sent`: refused (exit 4) until the user says `--mark-sent` or
`--resend`, unless the Sent folder shows it (`sent_folder_check`)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from email import policy
from email.parser import BytesParser
from typing import TYPE_CHECKING, Any

from cada_tracker.context import Context
from cada_tracker.domain import derive_state
from cada_tracker.domain.mail import (
    OUTBOX_PENDING,
    OUTBOX_POSSIBLY_SENT,
    OUTBOX_SENDING,
    OUTBOX_SENT,
)
from cada_tracker.errors import CadaError, ConflictError, MailServerError, UsageError
from cada_tracker.messages import mail_send as M
from cada_tracker.services.campaigns import _campaign
from cada_tracker.services.letters.compose import choose_kind, render_doc, require_profile
from cada_tracker.services.letters.facts import load, user_draft
from cada_tracker.services.letters.frozen import EVENT_LETTERS
from cada_tracker.services.letters.output import COURT_KINDS, format_doc
from cada_tracker.services.mail import config as mail_config
from cada_tracker.services.mail.imap import sent_folder_has
from cada_tracker.services.mail.smtp import (
    RecipientRefused,
    ReplyLost,
    check_security,
    send_message,
)
from cada_tracker.services.requests import NewEvent, record_event
from cada_tracker.storage import campaigns as store_campaigns
from cada_tracker.storage import documents as store_docs
from cada_tracker.storage import mailbox
from cada_tracker.storage import outbox as store
from cada_tracker.storage.db import now
from cada_tracker.storage.requests import get_request, load_views
from cada_tracker.storage.sql import session_query, session_unit

if TYPE_CHECKING:
    from email.message import EmailMessage

    from cada_tracker.storage.outbox import OutboxRecord

PARIS = "Europe/Paris"
# The letter each kind of event sent, reversed: what `cada send --letter KIND` records once
# the server accepted it. recours-ta goes to the court, never by e-mail.
EVENT_OF_LETTER = {kind: event for event, kind in EVENT_LETTERS.items()
                   if kind not in COURT_KINDS}


@dataclass
class SendResult:
    """What `cada send` did (or would do, `dry_run`)."""

    reference: str
    kind: str
    event: str
    action: str  # "sent", "marked-sent", "dry-run", "discarded"
    message_id: str
    from_addr: str
    to_addr: str
    subject: str
    on: date | None  # the event's day (None: nothing recorded)
    attachments: list[tuple[str, str, int]]  # name, media type, size
    body: str
    outbox_id: int | None = None
    event_id: int | None = None
    accepted: str | None = None  # the server's reply
    outbox_status: str | None = None  # a message already in the outbox: its status
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "reference": self.reference, "letter": self.kind, "event": self.event,
            "action": self.action, "message_id": self.message_id, "from": self.from_addr,
            "to": self.to_addr, "subject": self.subject,
            "on": self.on.isoformat() if self.on else None,
            "attachments": [{"name": n, "media_type": t, "size": s}
                            for n, t, s in self.attachments],
            "body": self.body, "outbox": self.outbox_id, "event_id": self.event_id,
            "server_reply": self.accepted, "outbox_status": self.outbox_status,
            "warnings": list(self.notes),
        }


# --- days ------------------------------------------------------------------------------------


def paris_day(instant: datetime) -> date:
    """The legal day of an instant: its date in Europe/Paris (a naive instant is UTC)."""
    from datetime import UTC
    from zoneinfo import ZoneInfo

    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(ZoneInfo(PARIS)).date()


def sending_day(ctx: Context, instant: datetime | None = None) -> date:
    """The day a message was sent: the command's today when it is fixed (--today,
    CADA_TODAY), else the day in Europe/Paris of `instant` (now by default)."""
    if os.environ.get("CADA_TODAY") or ctx.today != date.today():
        return ctx.today
    return paris_day(instant or now())


def _as_of(ctx: Context, day: date) -> Context:
    """The context whose today is `day` when it is later (a Paris day ahead of the machine's
    clock): record_event never sees the event in its future."""
    return ctx if day <= ctx.today else replace(ctx, today=day, _held={})


# --- the Sent folder (IMAP) --------------------------------------------------------------------


def sent_folder_check(ctx: Context, config: mail_config.MailConfig,
                      message_id: str) -> bool | None:
    """Whether the Sent folder of the IMAP account holds `message_id` (True/False), or None
    when it could not be checked: IMAP not set up, no IMAP password, or a server that cannot be
    used (the user then settles the entry with --mark-sent or --resend). Read-only."""
    del ctx
    if config.imap is None:
        return None
    password = mail_config.password("imap", config.imap)
    if password is None:
        return None
    try:
        return sent_folder_has(config, password, message_id)
    except MailServerError:
        return None


# --- the message -------------------------------------------------------------------------------


def _parse(data: bytes) -> EmailMessage:
    msg = BytesParser(policy=policy.default).parsebytes(data)
    return msg  # type: ignore[return-value]


def _summary(msg: EmailMessage) -> tuple[str, str, str, str, list[tuple[str, str, int]], str]:
    """From, To, Subject, Message-ID, attachments (name, type, size) and the text body."""
    attachments = []
    for part in msg.iter_attachments():
        payload = part.get_payload(decode=True)
        attachments.append((part.get_filename() or "", part.get_content_type(),
                            len(payload) if isinstance(payload, bytes) else 0))
    body_part = msg.get_body(("plain",))
    body = body_part.get_content() if body_part is not None else ""  # type: ignore[attr-defined]
    from_ = msg["From"].addresses[0].addr_spec if msg["From"] else ""
    to = msg["To"].addresses[0].addr_spec if msg["To"] else ""
    message_id = str(msg["Message-ID"] or "").strip()
    return from_, to, str(msg["Subject"] or ""), message_id, attachments, body


def _letter_day(msg: EmailMessage, fallback: date) -> date:
    """The letter's date: the Date header of the message built (to_eml dates it 09:00 in
    Europe/Paris on the letter's day)."""
    try:
        when = msg["Date"].datetime
    except (AttributeError, TypeError, ValueError):
        return fallback
    return paris_day(when) if when is not None else fallback


@dataclass
class _Built:
    kind: str
    data: bytes
    notes: list[str]


def _check_kind(kind: str) -> str:
    if kind in COURT_KINDS:
        raise UsageError(M.SEND_COURT_KIND.format(kind=kind, kinds=", ".join(EVENT_OF_LETTER)))
    if kind not in EVENT_OF_LETTER:
        raise UsageError(M.SEND_UNKNOWN_KIND.format(kind=kind, kinds=", ".join(EVENT_OF_LETTER)))
    return EVENT_OF_LETTER[kind]


def _new_event(event: str, day: date, letter_text: str | None = None) -> NewEvent:
    # a referral sent by e-mail says so (cada-sent --channel email); the others have no channel
    return NewEvent(event, day, channel="email" if event == "cada-sent" else None,
                    letter_sent=letter_text)


class _Rollback(Exception):
    pass


def _check_event(ctx: Context, reference: str, event: str, day: date) -> None:
    """The event the message will record, judged exactly as `cada log` judges it, in a unit
    of work rolled back: a message the procedure refuses is never sent."""
    try:
        with ctx.transaction() as session:
            record_event(session_unit(session), _as_of(ctx, day), reference,
                         replace(_new_event(event, day), freeze_letter=False))
            raise _Rollback
    except _Rollback:
        pass


def _build(ctx: Context, reference: str, kind: str | None, day: date,
           from_addr: str | None) -> _Built:
    """The message of the letter `kind` (default: the next one the request needs), as `cada
    letter --format eml` writes it, dated `day`; the event it records checked first."""
    settings = ctx.settings
    with ctx.transaction() as session:
        request = get_request(session, reference)
        loaded = load(session_unit(session).query, request.reference, day,
                      need_timeline=kind != "demande")
        require_profile(loaded)
        if kind is None:
            kind = choose_kind(loaded, settings, day)
        event = _check_kind(kind)
        if kind == "demande" and request.channel != "email":
            raise ConflictError(M.SEND_NOT_EMAIL_CHANNEL.format(reference=reference,
                                                               channel=request.channel))
        if kind != "saisine-cada" and loaded.authority is not None \
                and not loaded.authority.email:
            # said here in the words of `cada send` (the letter writer's own message points to
            # its --format option, which `send` does not have)
            raise CadaError(M.SEND_AUTHORITY_NO_EMAIL.format(
                slug=loaded.authority.slug, reference=reference, kind=kind))
    _check_event(ctx, reference, event, day)
    with ctx.transaction() as session:
        request = get_request(session, reference)
        loaded = load(session_unit(session).query, request.reference, day,
                      need_timeline=kind != "demande")
        notes: list[str] = []
        result = render_doc(loaded, settings, kind, day)
        notes.extend(result.notes)
        data = format_doc(result, loaded, settings, "eml", day, notes=notes, ctx=ctx,
                          from_text=from_addr)
        session.rollback()  # building writes nothing
    return _Built(kind, data, notes)


def _frozen_text(ctx: Context, reference: str, kind: str, letter_day: date) -> str | None:
    """The letter to freeze with the event: as the message carries it (rendered as of the
    letter's day, the day the message was built); None for a demande the user wrote
    (`cada letter --from-file`: record_event freezes the user's text itself)."""
    with ctx.transaction() as session:
        request = get_request(session, reference)
        loaded = load(session_unit(session).query, request.reference, letter_day,
                      need_timeline=kind != "demande")
        if kind == "demande" and user_draft(loaded) is not None:
            return None
        text = render_doc(loaded, ctx.settings, kind, letter_day, use_frozen=False).doc.text()
        session.rollback()
        return text


# --- the outbox entry --------------------------------------------------------------------------


def _store_entry(ctx: Context, reference: str, kind: str, data: bytes) -> OutboxRecord:
    """The message in the content store and its entry `pending`, committed before any
    connection."""
    msg = _parse(data)
    _from, to, subject, message_id, _att, _body = _summary(msg)
    with ctx.store_writes() as created, ctx.transaction() as session:
        put = ctx.store.put_bytes(data)
        if put.created:
            created.append(put.sha256)  # removed again if this unit of work fails
        request = get_request(session, reference)
        assert request.id is not None
        row = store.add_entry(
            session, request_id=request.id, letter_kind=kind, event_kind=EVENT_OF_LETTER[kind],
            message_id=message_id, to_addr=to, subject=subject, file_sha256=put.sha256,
            status=OUTBOX_PENDING, attempts=0, created_at=now())
        assert row.id is not None
        entry_id = row.id
    with ctx.reading() as query:
        found = store.by_message_id(query, message_id)
    assert found is not None and found.id == entry_id
    return found


def _set(ctx: Context, entry_id: int, **fields: Any) -> None:
    with ctx.transaction() as session:
        store.update_entry(session, entry_id, **fields)


def _stored_bytes(ctx: Context, entry: OutboxRecord) -> bytes:
    import hashlib

    path = ctx.store.path_for(entry.file_sha256)
    try:
        data = path.read_bytes()
    except OSError:
        data = b""
    if hashlib.sha256(data).hexdigest() != entry.file_sha256:
        raise CadaError(M.SEND_STORED_MISSING.format(message_id=entry.message_id,
                                                    sha256=entry.file_sha256[:12]))
    return data


def _smtp(ctx: Context) -> tuple[mail_config.MailConfig, mail_config.ServerConfig, str | None]:
    """The SMTP settings and password, checked before anything is recorded."""
    config = load_config(ctx)
    server = config.smtp
    if server is None:
        raise UsageError(M.SMTP_NOT_SET_UP)
    check_security(server, "smtp")
    password = mail_config.password("smtp", server) if server.user else None
    if server.user and password is None:
        raise UsageError(M.NO_PASSWORD.format(protocol="smtp", PROTOCOL="SMTP",
                                              user=server.user, host=server.host))
    return config, server, password


def load_config(ctx: Context) -> mail_config.MailConfig:
    try:
        return mail_config.load(ctx.settings)
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        raise UsageError(M.CONFIG_UNREADABLE.format(
            path=mail_config.config_path(ctx.settings), reason=exc)) from None


def _deliver(ctx: Context, entry: OutboxRecord, server: mail_config.ServerConfig,
             password: str | None, on: date | None) -> SendResult:
    """Hand the stored message to the server, then record its event; see the module doc."""
    data = _stored_bytes(ctx, entry)
    msg = _parse(data)
    from_, to, subject, message_id, attachments, body = _summary(msg)
    smtputf8 = not (from_.isascii() and to.isascii())
    attempts = entry.attempts

    def handing_over() -> None:
        _set(ctx, entry.id, status=OUTBOX_SENDING, attempts=attempts + 1,
             attempted_at=now(), error=None)

    try:
        accepted = send_message(server, password, sender=from_, recipient=entry.to_addr,
                                data=data, smtputf8=smtputf8, before_data=handing_over)
    except ReplyLost as exc:
        # the server may have accepted it: never sent again without the user's word
        _set(ctx, entry.id, status=OUTBOX_POSSIBLY_SENT, error=exc.message)
        exc.message = M.SEND_REPLY_LOST_HINT.format(reason=exc.message,
                                                    reference=entry.reference)
        exc.args = (exc.message,)
        raise
    except CadaError as exc:
        _set(ctx, entry.id, status=OUTBOX_PENDING, error=exc.message)
        if isinstance(exc, MailServerError):
            exc.message = M.SEND_RETRY_HINT.format(reason=exc.message,
                                                   reference=entry.reference)
            exc.args = (exc.message,)
        raise
    day = on or sending_day(ctx)
    event_id = _record(ctx, entry, day, _letter_day(msg, day))
    return SendResult(entry.reference, entry.letter_kind, entry.event_kind, "sent", message_id,
                      from_, to, subject, day, attachments, body, entry.id, event_id, accepted)


def _record(ctx: Context, entry: OutboxRecord, day: date, letter_day: date) -> int:
    """The event of an accepted message and the entry `sent`, in one unit of work. A refusal
    here (the request changed meanwhile) leaves the entry as it is and says how to settle it."""
    try:
        text = _frozen_text(ctx, entry.reference, entry.letter_kind, letter_day)
        with ctx.transaction() as session:
            event = _new_event(entry.event_kind, day, text)
            _request, recorded = record_event(session_unit(session), _as_of(ctx, day),
                                              entry.reference, event)
            store.update_entry(session, entry.id, status=OUTBOX_SENT, event_id=recorded.seq,
                               sent_at=now(), error=None)
            return recorded.seq
    except CadaError as exc:
        raise ConflictError(M.SEND_SENT_NOT_RECORDED.format(
            reference=entry.reference, message_id=entry.message_id, event=entry.event_kind,
            error=exc.message.rstrip("."))) from None


def _preview(entry_kind: str, event: str, reference: str, data: bytes, day: date | None,
             notes: list[str], action: str = "dry-run",
             entry: OutboxRecord | None = None) -> SendResult:
    from_, to, subject, message_id, attachments, body = _summary(_parse(data))
    return SendResult(reference, entry_kind, event, action, message_id, from_, to, subject,
                      day, attachments, body, entry.id if entry else None, notes=notes,
                      outbox_status=entry.status if entry else None)


# --- cada send ---------------------------------------------------------------------------------


def send(ctx: Context, reference: str, kind: str | None = None, *, dry_run: bool = False,
         resend: bool = False, mark_sent: bool = False, discard: bool = False,
         on: date | None = None) -> SendResult:
    """`cada send REF [--letter KIND]`: see the module docstring."""
    if sum((dry_run, resend, mark_sent, discard)) > 1:
        raise UsageError(M.SEND_RESEND_EXCLUSIVE)
    if kind is not None:
        _check_kind(kind)
    with ctx.transaction() as session:
        request = get_request(session, reference)
        assert request.id is not None
        waiting = store.open_entries(session_query(session), request.id)
        for e in waiting:  # cada stopped after handing it over: it may have gone
            if e.status == OUTBOX_SENDING:
                store.update_entry(session, e.id, status=OUTBOX_POSSIBLY_SENT)
    if waiting:
        with ctx.reading() as query:
            entry = store.open_entries(query, request.id)[0]
        return _settle(ctx, entry, kind, dry_run=dry_run, resend=resend, mark_sent=mark_sent,
                       discard=discard, on=on)
    if resend or mark_sent or discard:
        option = "--resend" if resend else "--mark-sent" if mark_sent else "--discard"
        if discard:
            raise ConflictError(M.SEND_NOTHING_TO_DISCARD.format(reference=reference))
        raise ConflictError(M.SEND_NOTHING_TO_SETTLE.format(reference=reference, option=option))
    config = load_config(ctx)
    if not dry_run:
        config, server, password = _smtp(ctx)
    day = on or sending_day(ctx)
    built = _build(ctx, reference, kind, day, config.from_addr)
    event = EVENT_OF_LETTER[built.kind]
    if dry_run:
        return _preview(built.kind, event, reference, built.data, day, built.notes)
    entry = _store_entry(ctx, reference, built.kind, built.data)
    result = _deliver(ctx, entry, server, password, on or day)
    result.notes = built.notes + result.notes
    return result


def _settle(ctx: Context, entry: OutboxRecord, kind: str | None, *, dry_run: bool,
            resend: bool, mark_sent: bool, discard: bool, on: date | None) -> SendResult:
    """A request with a message waiting in the outbox: send it (pending), or settle it
    (possibly-sent), or drop it (--discard, pending only)."""
    ref = entry.reference
    if kind is not None and kind != entry.letter_kind:
        raise ConflictError(M.SEND_PENDING_OTHER.format(
            reference=ref, kind=entry.letter_kind, message_id=entry.message_id,
            status=entry.status))
    if discard:
        if entry.status != OUTBOX_PENDING:
            raise ConflictError(M.SEND_DISCARD_NOT_PENDING.format(
                reference=ref, kind=entry.letter_kind, message_id=entry.message_id,
                status=entry.status))
        return _discard(ctx, entry)
    if dry_run:
        data = _stored_bytes(ctx, entry)
        return _preview(entry.letter_kind, entry.event_kind, ref, data, None, [],
                        entry=entry)
    if entry.status == OUTBOX_PENDING:
        if mark_sent:
            raise ConflictError(M.SEND_MARK_PENDING.format(
                reference=ref, kind=entry.letter_kind, message_id=entry.message_id))
        _config, server, password = _smtp(ctx)
        return _deliver(ctx, entry, server, password, on)
    # possibly sent
    notes: list[str] = []
    if not (mark_sent or resend):
        if sent_folder_check(ctx, load_config(ctx), entry.message_id):
            mark_sent = True
            notes.append(M.SEND_SENT_FOLDER.format(message_id=entry.message_id))
        else:
            attempted = entry.attempted_at.isoformat(sep=" ", timespec="minutes") \
                if entry.attempted_at else "?"
            raise ConflictError(M.SEND_POSSIBLY_SENT.format(
                reference=ref, kind=entry.letter_kind, message_id=entry.message_id,
                attempted=attempted + " UTC", event=entry.event_kind))
    if resend:
        _config, server, password = _smtp(ctx)
        return _deliver(ctx, entry, server, password, on)
    data = _stored_bytes(ctx, entry)
    msg = _parse(data)
    day = on or (sending_day(ctx, entry.attempted_at) if entry.attempted_at else ctx.today)
    event_id = _record(ctx, entry, day, _letter_day(msg, day))
    result = _preview(entry.letter_kind, entry.event_kind, ref, data, day, notes,
                      action="marked-sent", entry=entry)
    result.event_id = event_id
    return result


def _discard(ctx: Context, entry: OutboxRecord) -> SendResult:
    """Drop a pending entry (it never reached the server): its stored bytes go too, unless a
    document or another entry uses them."""
    data = _stored_bytes(ctx, entry)
    with ctx.store_writes(), ctx.transaction() as session:
        store.delete_entry(session, entry.id)
        query = session_query(session)
        still = entry.file_sha256 in mailbox.mail_blobs(query) or \
            store_docs.load_file(query, entry.file_sha256) is not None
    if not still:
        ctx.store.discard([entry.file_sha256])
    result = _preview(entry.letter_kind, entry.event_kind, entry.reference, data, None, [],
                      action="discarded", entry=entry)
    return result


# --- cada campaign send SLUG --mail --------------------------------------------------------------


@dataclass
class CampaignMail:
    slug: str
    sent: list[SendResult]
    failed: list[tuple[str, str]]  # reference, error
    not_tried: list[str]
    skipped: list[tuple[str, str]]  # not drafts: reference, state
    exit_code: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "campaign": self.slug,
            "sent": [{"reference": s.reference, "message_id": s.message_id, "to": s.to_addr,
                      "on": s.on.isoformat() if s.on else None, "event_id": s.event_id}
                     for s in self.sent],
            "failed": [{"reference": r, "error": e} for r, e in self.failed],
            "not_tried": self.not_tried,
            "skipped": [{"reference": r, "state": s} for r, s in self.skipped],
        }


def send_campaign(ctx: Context, slug: str, *, on: date | None = None) -> CampaignMail:
    """One message per draft of the campaign, each through `send` (its own outbox entry and
    event). A refusal of one message (its recipient, its content, a possibly-sent entry to
    settle) does not stop the others; a server that cannot be used stops there, and the rest
    is reported not tried. Rerunning sends only the drafts left."""

    _smtp(ctx)  # no server, no password: said once, before anything
    with ctx.reading() as query:
        campaign = _campaign(query, slug)
        refs = [m.reference for m in store_campaigns.members(query, campaign.id)]
        views = load_views(query, references=refs) if refs else []
    drafts: list[str] = []
    skipped: list[tuple[str, str]] = []
    for v in views:
        state = derive_state(v.events, strict=False)
        (drafts.append(v.reference) if state == "draft" else skipped.append((v.reference, state)))
    if not drafts:
        raise ConflictError(M.CAMPAIGN_MAIL_NOTHING.format(slug=slug, count=len(views)))
    out = CampaignMail(slug, [], [], [], skipped)
    for i, reference in enumerate(drafts):
        try:
            out.sent.append(send(ctx, reference, "demande", on=on))
        except (RecipientRefused, ConflictError, UsageError) as exc:
            out.failed.append((reference, exc.message))
            out.exit_code = max(out.exit_code, exc.exit_code)
        except MailServerError as exc:
            out.failed.append((reference, exc.message))
            out.not_tried = drafts[i + 1:]
            out.exit_code = exc.exit_code
            break
        except CadaError as exc:
            out.failed.append((reference, exc.message))
            out.exit_code = max(out.exit_code, exc.exit_code)
    return out
