"""Mistakes that change (issue 11, point 8): `cada edit`, `cada delete`, `cada event
list/edit/delete`, `cada document detach`.

Each correction is one unit of work. Event corrections are judged by the same state-machine
checks as `cada log` (services.requests.check_event; --force as log has) and leave an audit
line in table `event_audit` (action, the event before and after as JSON, when). Deadlines are
never stored: they follow the corrected events when derived again. Frozen letters keep their
text (docs/commands.md, "Correcting events").
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from cada_tracker import messages as M
from cada_tracker.context import Context
from cada_tracker.display import shown
from cada_tracker.domain import CHANNELS, Event, TransitionError, derive_state, validate_outcome
from cada_tracker.domain.records import RequestKey
from cada_tracker.domain.series import parse as parse_series
from cada_tracker.domain.transfer import parse as parse_transfer
from cada_tracker.domain.transfer import with_marker as with_transfer_marker
from cada_tracker.errors import ConflictError, NotFoundError, UsageError
from cada_tracker.messages import series as MS
from cada_tracker.services import letters
from cada_tracker.services.derived import Derived, event_json
from cada_tracker.services.documents.inputs import parse_doc_id, parse_id
from cada_tracker.services.documents.queries import get_document
from cada_tracker.services.requests import (
    NewEvent,
    _check_legal_aid_dates,
    _transition_message,
    check_event,
    derived_for,
    record_event,
    request_view,
)
from cada_tracker.storage import documents as store_docs
from cada_tracker.storage import requests as store_requests
from cada_tracker.storage import search
from cada_tracker.storage.db import now
from cada_tracker.storage.findings import findings_of_request
from cada_tracker.storage.letters import letters_for_request
from cada_tracker.storage.requests import event_from_row, get_request, load_residence
from cada_tracker.storage.sql import Query, session_query, session_unit
from cada_tracker.textutil import one_line, utf8_text

if TYPE_CHECKING:
    from sqlmodel import Session

    from cada_tracker.storage.tables import Event as EventRow
    from cada_tracker.storage.tables import Request

# The field of a request `cada edit` changed -> the option that changes it (shown to people;
# the JSON gives the field names).
OPTION_OF = {"subject": "--subject", "documents": "--document", "channel": "--channel",
             "note": "--note"}
# The events that send the request: after one of them, subject and items are frozen.
_SENDING = frozenset({"sent", "received", "acknowledged"})


# --- what changed in the deadlines -------------------------------------------------------------


def _dates(derived: Derived) -> dict[str, date]:
    return {str(d.kind): d.date for d in derived.timeline.deadlines}


def moved_deadlines(before: Derived, after: Derived) -> list[dict[str, Any]]:
    """The deadlines whose date a correction changed: {kind, before, after} (ISO or None)."""
    old, new = _dates(before), _dates(after)
    out = []
    for kind in [*old, *(k for k in new if k not in old)]:
        if old.get(kind) != new.get(kind):
            out.append({"kind": kind,
                        "before": old[kind].isoformat() if kind in old else None,
                        "after": new[kind].isoformat() if kind in new else None})
    return out


@dataclass
class Corrected:
    """The result of a correction: the request as derived after it, and what to tell."""

    derived: Derived
    changed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    moved: list[dict[str, Any]] = field(default_factory=list)
    event: dict[str, Any] | None = None


# --- cada edit REF -----------------------------------------------------------------------------


@dataclass
class RequestChanges:
    subject: str | None = None
    documents: list[str] | None = None  # None: unchanged; a list replaces the items
    channel: str | None = None
    note: str | None = None  # "" clears the note

    def given(self) -> bool:
        return any(v is not None for v in (self.subject, self.documents, self.channel, self.note))


def _checked_changes(changes: RequestChanges) -> RequestChanges:
    """The values checked as `cada new` checks them (exit 2), before anything is written."""
    if not changes.given():
        raise UsageError(M.EDIT_NOTHING.format(options="--subject, --document, --channel, --note"))
    subject = documents = None
    if changes.subject is not None:
        subject = one_line(changes.subject, "--subject")
        if not subject:
            raise UsageError(M.SUBJECT_EMPTY)
    if changes.documents is not None:
        documents = [one_line(d, "--document") for d in changes.documents]
        if not documents or any(not d for d in documents):
            raise UsageError(M.EMPTY_VALUE.format(what="--document"))
    if changes.channel is not None and changes.channel not in CHANNELS:
        raise UsageError(M.BAD_CHANNEL.format(channel=shown(changes.channel),
                                              allowed=", ".join(CHANNELS)))
    if changes.note:
        utf8_text(changes.note, "--note")
    return RequestChanges(subject, documents, changes.channel, changes.note)


def _sent_on(events: list[Event]) -> date | None:
    """The day the request left the draft state (its first sending event), else None."""
    days = [e.date for e in events if e.kind in _SENDING]
    if days:
        return min(days)
    if derive_state(events, strict=False) != "draft":
        return min(e.date for e in events)
    return None


def edit_request(ctx: Context, reference: str, changes: RequestChanges) -> Corrected:
    """`cada edit REF`: subject, items, channel or note of a draft (its draft letter drafted
    again); after sending only the channel (recorded as a note event, deadlines follow) and
    the note may change."""
    changes = _checked_changes(changes)
    with ctx.transaction() as session:
        request = get_request(session, reference)
        view = request_view(session, request)
        before = derived_for(session, request, ctx.today)
        sent = _sent_on(view.events)
        changed: list[str] = []
        notes: list[str] = []
        if changes.subject is not None and changes.subject != request.subject:
            if sent:
                raise ConflictError(M.EDIT_FROZEN.format(reference=reference, sent=sent,
                                                         option="--subject"))
            request.subject = changes.subject
            changed.append("subject")
        if changes.documents is not None and changes.documents != view.items:
            if sent:
                raise ConflictError(M.EDIT_FROZEN.format(reference=reference, sent=sent,
                                                         option="--document"))
            store_requests.replace_items(session, _id(request.id), changes.documents)
            changed.append("documents")
        old_channel = request.channel
        if changes.channel is not None and changes.channel != old_channel:
            request.channel = changes.channel
            changed.append("channel")
        if changes.note is not None and (changes.note or None) != request.note:
            request.note = changes.note or None
            changed.append("note")
        session.add(request)
        session.flush()
        if "channel" in changed and sent:
            text = M.EDIT_CHANNEL_NOTE.format(old=old_channel, new=request.channel)
            _req, note_event = record_event(session_unit(session), ctx, reference,
                                            NewEvent("note", ctx.today, note=text))
            # the channel the note records: how `explain` knows the channel was corrected
            store_requests.set_event_channel(session_query(session), note_event.seq,
                                             request.channel)
            notes.append(M.EDIT_CHANNEL_RECORDED.format(
                reference=reference, new=request.channel, old=old_channel, date=ctx.today))
        letter_fields = [f for f in changed if f != "note"]
        if letter_fields and not sent:
            notes.append(_redraft(session, ctx, request, letter_fields))
        search.index_request(session, request)
        after = derived_for(session, request, ctx.today)
        return Corrected(after, changed, notes, moved_deadlines(before, after))


def _redraft(session: Session, ctx: Context, request: Request, fields: list[str]) -> str:
    """The draft `demande` drafted again, unless it is the user's own text (kept, and said to
    be possibly stale)."""
    from cada_tracker.storage.tables import Letter

    drafts = [lt for lt in letters_for_request(session_query(session), _id(request.id))
              if lt.kind == "demande" and not lt.frozen]
    shown_fields = ", ".join(OPTION_OF[f] for f in fields)
    if any(lt.origin == "user" for lt in drafts):
        return M.EDIT_DRAFT_STALE.format(reference=request.reference, fields=shown_fields)
    for lt in drafts:
        row = session.get(Letter, lt.id)
        if row is not None:
            session.delete(row)
        search.remove_item(session, "letter", lt.id)
    session.flush()
    letters.draft_for_new(session_unit(session), ctx.settings,
                          RequestKey(_id(request.id), request.reference), ctx.today)
    return M.EDIT_DRAFT_REDRAWN.format(reference=request.reference, fields=shown_fields)


# --- cada delete REF ---------------------------------------------------------------------------


def _event_label(e: Event) -> str:
    return f"{e.kind} {e.date.isoformat()} (event {e.seq})"


def delete_request(ctx: Context, reference: str, confirm: Callable[[str, str], bool]) -> bool:
    """`cada delete REF`: a draft without history, its items and draft letter. `confirm`
    (reference, subject) is asked once the request is known deletable; False: nothing done."""
    with ctx.transaction() as session:
        request = get_request(session, reference)
        view = request_view(session, request)
        query = session_query(session)
        if view.events:
            raise ConflictError(M.DELETE_HAS_EVENTS.format(
                reference=reference, events=", ".join(_event_label(e) for e in view.events)))
        docs = store_docs.load_documents(query, request_id=_id(request.id))
        if docs:
            raise ConflictError(M.DELETE_HAS_DOCUMENTS.format(
                reference=reference, documents=", ".join(f"DOC {d.id}" for d in docs)))
        findings = findings_of_request(query, _id(request.id))
        if findings:
            raise ConflictError(M.DELETE_HAS_FINDINGS.format(
                reference=reference, findings=", ".join(f"F{f}" for f in findings)))
        if not confirm(reference, request.subject):
            return False
        for lt in letters_for_request(query, _id(request.id)):
            search.remove_item(session, "letter", lt.id)
        search.remove_item(session, "request", _id(request.id))
        session.expunge(request)
        store_requests.delete_request_rows(session, _id(request.id))
        return True


# --- cada event list REF -----------------------------------------------------------------------


def _audit_json(line: tuple[int, int, str, str | None, str | None, str]) -> dict[str, Any]:
    aid, event_id, action, before, after, at = line
    return {"id": aid, "event": event_id, "action": action,
            "before": json.loads(before) if before else None,
            "after": json.loads(after) if after else None,
            "at": at.replace(" ", "T")}


def _event_entry(query: Query, e: Event) -> dict[str, Any]:
    out = {"id": e.seq, **event_json(e)}
    frozen = store_requests.event_letters(query, e.seq)
    if frozen:
        out["letters"] = [{"kind": kind, "sha256": sha, "origin": origin}
                          for _lid, kind, _body, sha, origin in frozen]
    docs = store_requests.event_documents(query, e.seq)
    if docs:
        out["documents"] = docs
    items = store_requests.event_item_outcomes(query, e.seq)
    if items:
        out["items"] = [{"item": pos, "outcome": outcome, "ground": ground}
                        for pos, outcome, ground in items]
    return out


def list_events(ctx: Context, reference: str) -> dict[str, Any]:
    """`cada event list REF`: the events with their ids (in the procedure's order) and the
    audit lines of their corrections."""
    with ctx.transaction() as session:
        request = get_request(session, reference)
        view = request_view(session, request)
        query = session_query(session)
        return {
            "reference": request.reference,
            "events": [_event_entry(query, e) for e in view.events],
            "corrections": [_audit_json(line)
                            for line in store_requests.audit_lines(query, _id(request.id))],
        }


# --- cada event edit ID / cada event delete ID -------------------------------------------------


def parse_event_id(text: str) -> int:
    return parse_id(text, prefix="E", bad=M.EVENT_BAD_ID, missing=M.EVENT_ID_NOT_FOUND,
                    key="event")


def _load_event(session: Session, event_id: int) -> tuple[EventRow, Request]:
    from cada_tracker.storage.tables import Event as EventRow
    from cada_tracker.storage.tables import Request

    row = session.get(EventRow, event_id)
    if row is None:
        raise NotFoundError(M.EVENT_ID_NOT_FOUND.format(event=event_id))
    request = session.get(Request, row.request_id)
    assert request is not None
    return row, request


def _snapshot(query: Query, row: EventRow, reference: str, *, full: bool) -> dict[str, Any]:
    """The event as JSON for the audit line; `full` (deletion) adds what goes with it: the
    letters frozen on it (text included), its item outcomes, its documents."""
    event = event_from_row(row)
    out = {"id": row.id, "request": reference, **event_json(event)}
    if full:
        entry = _event_entry(query, event)
        for key in ("documents", "items"):
            if key in entry:
                out[key] = entry[key]
        frozen = store_requests.event_letters(query, _id(row.id))
        if frozen:
            out["letters"] = [{"kind": kind, "sha256": sha, "origin": origin, "body": body}
                              for _lid, kind, body, sha, origin in frozen]
    return out


def _audit(session: Session, row: EventRow, action: str, before: dict[str, Any],
           after: dict[str, Any] | None) -> None:
    from cada_tracker.storage.tables import EventAudit

    session.add(EventAudit(
        event_id=_id(row.id), request_id=row.request_id, action=action,
        before=json.dumps(before, ensure_ascii=False, sort_keys=True),
        after=json.dumps(after, ensure_ascii=False, sort_keys=True) if after else None,
        at=now()))
    session.flush()



@dataclass
class EventChanges:
    """What `cada event edit` changes: None leaves a field as recorded (`--note ""` clears)."""

    on: date | None = None
    outcome: str | None = None
    note: str | None = None  # "" clears
    complete: bool | None = None
    mentions_remedies: bool | None = None
    channel: str | None = None
    notified_on: date | None = None
    lawyer_designated_on: date | None = None
    force: bool = False

    def given(self) -> bool:
        return any(getattr(self, name) is not None for name in (
            "on", "outcome", "note", "complete", "mentions_remedies", "channel", "notified_on",
            "lawyer_designated_on"))


_OPTIONS_ONLY_FOR = (
    ("complete", "--complete/--incomplete", ("acknowledged",)),
    ("mentions_remedies", "--mentions-remedies/--no-mentions-remedies", ("reply",)),
    ("channel", "--channel", ("cada-sent",)),
    ("notified_on", "--notified-on", ("legal-aid-decided",)),
    ("lawyer_designated_on", "--lawyer-designated-on", ("legal-aid-decided",)),
)


def note_keeping_markers(old: str | None, user: str | None) -> str | None:
    """The note of an edited event: the user's new text, with the marker lines cada wrote in
    the old note kept where they were (issue 11: a series referral's first line, R343-3-1,
    and a transfer's last line, L114-2), so that `--note` never drops a request from its
    series or unlinks a transfer. A marker line typed by the user is refused (exit 2)."""
    if user is not None and (parse_series(user, date.min) is not None
                             or any(parse_transfer(line) for line in user.split("\n"))):
        raise UsageError(MS.NOTE_MARKER_TYPED)
    if old is not None and parse_series(old, date.min) is not None:
        line = old.split("\n", 1)[0]
        return f"{line}\n{user}" if user else line
    link = parse_transfer(old)
    if link is not None:
        marker = [line for line in (old or "").split("\n") if parse_transfer(line)][-1]
        return with_transfer_marker(user, marker)
    return user


def _edited(old: Event, changes: EventChanges, event_id: int, reference: str,
            today: date) -> Event:
    """The event as corrected, each option checked as `cada log` checks it (exit 2)."""
    if not changes.given():
        raise UsageError(M.EDIT_NOTHING.format(
            options="--on, --outcome, --note, --complete/--incomplete, --mentions-remedies/"
                    "--no-mentions-remedies, --channel, --notified-on, --lawyer-designated-on"))
    for name, option, kinds in _OPTIONS_ONLY_FOR:
        if getattr(changes, name) is not None and old.kind not in kinds:
            raise UsageError(M.EVENT_EDIT_ONLY_FOR.format(
                option=option, kinds=", ".join(kinds), event=event_id, kind=old.kind))
    if changes.outcome is not None:
        try:
            validate_outcome(old.kind, changes.outcome)
        except TransitionError as err:
            raise UsageError(_transition_message(err, reference)) from None
    if changes.channel is not None and changes.channel not in CHANNELS:
        raise UsageError(M.BAD_CHANNEL.format(channel=shown(changes.channel),
                                              allowed=", ".join(CHANNELS)))
    if changes.note:
        utf8_text(changes.note, "--note")
    new = replace(
        old,
        date=changes.on if changes.on is not None else old.date,
        outcome=changes.outcome if changes.outcome is not None else old.outcome,
        note=note_keeping_markers(old.note, changes.note or None)
        if changes.note is not None else old.note,
        complete=changes.complete if changes.complete is not None else old.complete,
        mentions_remedies=changes.mentions_remedies if changes.mentions_remedies is not None
        else old.mentions_remedies,
        channel=changes.channel if changes.channel is not None else old.channel,
        notified_on=changes.notified_on if changes.notified_on is not None else old.notified_on,
        lawyer_designated_on=changes.lawyer_designated_on
        if changes.lawyer_designated_on is not None else old.lawyer_designated_on,
    )
    if old.kind == "legal-aid-decided":  # the dates of the decision, checked as log does
        _check_legal_aid_dates(NewEvent(
            old.kind, new.date, force=changes.force,
            notified_on=changes.notified_on if changes.notified_on is not None
            else (new.notified_on if changes.on is not None else None),
            lawyer_designated_on=changes.lawyer_designated_on
            if changes.lawyer_designated_on is not None
            else (new.lawyer_designated_on if changes.on is not None else None),
        ), today)
    return new


def edit_event(ctx: Context, event_text: str, changes: EventChanges) -> Corrected:
    """`cada event edit ID`: a recorded event corrected in one unit of work, judged by the
    checks of `cada log` against the rest of the history (unless --force), with an audit
    line. A letter frozen on it keeps its text."""
    event_id = parse_event_id(event_text)
    with ctx.transaction() as session:
        row, request = _load_event(session, event_id)
        reference = request.reference
        query = session_query(session)
        old = event_from_row(row)
        new = _edited(old, changes, event_id, reference, ctx.today)
        items = store_requests.event_item_outcomes(query, event_id)
        if items and new.outcome != old.outcome:
            raise ConflictError(M.EVENT_EDIT_ITEMS.format(
                event=event_id, kind=old.kind,
                items=",".join(str(pos) for pos, _o, _g in items)))
        before = derived_for(session, request, ctx.today)
        if not changes.force:
            facts = request_view(session, request).facts(load_residence(query))
            others = tuple(e for e in facts.events if not e.forced and e.seq != event_id)
            try:
                check_event(replace(facts, events=others), replace(new, forced=False), ctx.today)
            except ConflictError as exc:
                raise ConflictError(M.EVENT_EDIT_INCONSISTENT.format(
                    event=event_id, reason=exc.message)) from None
        snapshot = _snapshot(query, row, reference, full=False)
        row.occurred_on = new.date
        row.outcome = new.outcome
        row.note = new.note
        row.complete = new.complete
        row.mentions_remedies = new.mentions_remedies
        row.channel = new.channel
        row.notified_on = new.notified_on
        row.lawyer_designated_on = new.lawyer_designated_on
        row.forced = row.forced or changes.force
        session.add(row)
        session.flush()
        after_json = _snapshot(query, row, reference, full=False)
        notes: list[str] = []
        if new.date != old.date:
            for _lid, kind, _body, _sha, _origin in store_requests.event_letters(query, event_id):
                notes.append(M.EVENT_LETTER_KEPT.format(
                    kind=kind, event=event_id, old=old.date, new=new.date))
        changed = [k for k in after_json if after_json.get(k) != snapshot.get(k)]
        if changed:
            _audit(session, row, "edit", snapshot, after_json)
        after = derived_for(session, request, ctx.today)
        return Corrected(after, changed, notes, moved_deadlines(before, after), after_json)


def delete_event(ctx: Context, event_text: str, *, force: bool = False) -> Corrected:
    """`cada event delete ID`: a mistyped event removed with its item outcomes and the letter
    frozen on it (their text kept in the audit line); its documents stay with the request.
    Refused (exit 4) when the rest of the history would not hold, unless --force."""
    event_id = parse_event_id(event_text)
    with ctx.transaction() as session:
        row, request = _load_event(session, event_id)
        reference = request.reference
        query = session_query(session)
        view = request_view(session, request)
        rest = [e for e in view.events if e.seq != event_id]
        if not force:
            try:
                derive_state([e for e in rest if not e.forced], strict=True)
            except TransitionError as err:
                raise ConflictError(M.EVENT_DELETE_INCONSISTENT.format(
                    event=event_id, kind=row.kind, date=row.occurred_on, reference=reference,
                    reason=_transition_message(err, reference).rstrip("."))) from None
        before = derived_for(session, request, ctx.today)
        snapshot = _snapshot(query, row, reference, full=True)
        notes: list[str] = []
        for lid, kind, _body, sha, _origin in store_requests.event_letters(query, event_id):
            search.remove_item(session, "letter", lid)
            notes.append(M.EVENT_LETTER_DELETED.format(
                kind=kind, event=event_id, sha256=sha[:12], reference=reference))
        docs = store_requests.event_documents(query, event_id)
        if docs:
            notes.append(M.EVENT_DOCUMENTS_UNLINKED.format(
                ids=", ".join(f"DOC {d}" for d in docs), reference=reference))
        _audit(session, row, "delete", snapshot, None)
        session.expunge(row)
        store_requests.delete_event_rows(session, event_id)
        after = derived_for(session, request, ctx.today)
        return Corrected(after, [], notes, moved_deadlines(before, after), snapshot)


# --- cada document detach ID REF ---------------------------------------------------------------


def detach_document(ctx: Context, doc: str, reference: str, *,
                    remove_evidence: bool = False) -> dict[str, Any]:
    """`cada document detach ID REF`: a document attached to the wrong request removed, with
    the parts unpacked from it; a stored file goes from the store only when no document links
    it any more. Evidence quoting it: refused (exit 4) unless --remove-evidence."""
    doc_id = parse_doc_id(doc)
    removed: list[str] = []
    with ctx.store_writes():
        with ctx.transaction() as session:
            query = session_query(session)
            request = get_request(session, reference)
            found = get_document(query, doc_id)
            if found.request_id != request.id:
                raise ConflictError(M.DETACH_WRONG_REQUEST.format(
                    doc=doc_id, actual=found.request, reference=request.reference))
            if found.parent is not None:
                raise ConflictError(M.DETACH_CHILD.format(doc=doc_id, parent=found.parent))
            ids = [doc_id]
            for current in ids:  # grows while walked: every part, breadth first
                ids.extend(store_docs.document_children(query, current))
            evidence = store_docs.evidence_on(query, ids)
            findings = sorted({f for _e, f, _d in evidence})
            if evidence and not remove_evidence:
                raise ConflictError(M.DETACH_EVIDENCE.format(
                    doc=doc_id, findings=", ".join(f"F{f}" for f in findings)))
            records = store_docs.load_documents(query, ids=ids)
            files = {r.file.id: r.file.sha256 for r in records}
            store_docs.delete_evidence(session, [e for e, _f, _d in evidence])
            store_docs.delete_documents(session, list(reversed(ids)))
            for finding in findings:
                search.index_finding(session, _Item(finding))
            out_files = []
            for file_id, sha in files.items():
                still = store_docs.file_links(query, file_id)
                if not still:
                    search.remove_file_pages(session, file_id)
                    store_docs.delete_stored_file(session, file_id)
                    removed.append(sha)
                out_files.append({"sha256": sha, "removed": not still, "documents": still})
            result = {
                "document": doc_id, "request": request.reference, "detached": ids,
                "evidence_removed": [e for e, _f, _d in evidence], "findings": findings,
                "files": out_files,
            }
        # committed: the blobs nothing links go, unless the store is shared with other
        # databases (one of them may link it; `cada check` there tells)
        if not ctx.other_databases():
            ctx.store.discard(removed)
    return result


@dataclass
class _Item:
    id: int


def _id(value: int | None) -> int:
    assert value is not None
    return value
