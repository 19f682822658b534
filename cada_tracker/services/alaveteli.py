"""Requests made on an Alaveteli site (Ma Dada, madada.fr; WhatDoTheyKnow...): one request as
the site publishes it, read, mapped to cada's events, and recorded so that its deadlines follow
(issue 11, point 7; docs/commands.md, "cada import --from alaveteli").

The shape read is the one Alaveteli's own models define (repository mysociety/alaveteli), the
JSON a site serves at `/request/<url_title>.json`:

- `app/models/info_request.rb`, `InfoRequest#json_for_api(deep)`: `id`, `url_title`, `title`,
  `created_at`, `updated_at`, `described_state`, `display_status`, `awaiting_description`,
  `prominence`, `law_used`, `tags`; deep, also `user` (or `user_name`), `public_body` and
  `info_request_events`. The request states are `InfoRequest.enumerate_states` (same file),
  plus any a site's theme adds.
- `app/models/public_body.rb`, `PublicBody#json_for_api`: `id`, `url_name`, `name`,
  `short_name`, `created_at`, `updated_at`, `home_page`, `notes`, `publication_scheme`,
  `tags`, `info`. The request e-mail is deliberately left out; there is no postal address and
  no department.
- `app/models/info_request_event.rb`, `InfoRequestEvent#json_for_api(deep=false)`: `id`,
  `event_type`, `created_at`, `described_state`, `calculated_state`, `last_described_at`,
  `incoming_message_id`, `outgoing_message_id`, `comment_id`, and `display_status` for
  messages. No message text. The types are `InfoRequestEvent.enumerate_event_types` (same file).
- `InfoRequest#calculate_event_states` (info_request.rb) gives each `response` event, as its
  `calculated_state`, the state the requester described for it: that is the outcome read here.
- Times are Rails times serialised in ISO 8601 with their UTC offset.

What cada records, and why (docs/commands.md lists it as a table):

- the first `sent` -> `sent` on its day in Europe/Paris; the request's channel is `email` (the
  site e-mails the body), so receipt is the same day (docs/deadlines.md, "Receipt"), estimated:
  no `received` is recorded, since nothing proves it;
- `followup_sent` -> `reminder-sent`;
- `response` -> `reply` with the outcome of its state (OUTCOMES below); a response in another
  state, or not yet classified, -> `note`;
- `resent`, `followup_resent` -> `note` (a copy; the legal date stays the first);
- `status_update`, `comment` and the site's housekeeping (SITE_TYPES) are not imported: a
  status update's state is already the `calculated_state` of the response it describes, and a
  comment is anyone's annotation on the site;
- an event the request's history here does not allow (a follow-up after a full reply) -> `note`;
- any other type is skipped, with a warning naming it.

No letter is drafted or frozen: the messages were written and sent on the other site, and a
letter of cada's would not be the text that was sent.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from cada_tracker import messages as M
from cada_tracker.context import Context
from cada_tracker.display import shown
from cada_tracker.domain import Event, TransitionError, derive_state
from cada_tracker.errors import ConflictError, UsageError
from cada_tracker.fsutil import ReadMessages, read_user_file
from cada_tracker.messages import alaveteli as MA
from cada_tracker.services.authorities import AuthorityInput, get_authority, insert_authority
from cada_tracker.services.derived import Derived, request_json
from cada_tracker.services.requests import (
    NewEvent,
    NewRequest,
    derived_for,
    insert_request,
    record_event,
)
from cada_tracker.storage import authorities as store
from cada_tracker.storage.requests import next_reference, references_noted
from cada_tracker.storage.sql import session_query, session_unit
from cada_tracker.textutil import one_line, slugify

if TYPE_CHECKING:
    from sqlmodel import Session

    from cada_tracker.storage.tables import Authority

# One request with its events is a few kilobytes; a file this large is something else.
FILE_LIMIT = 16 * 1024 * 1024
PARIS = "Europe/Paris"
# The key of the request's note, `alaveteli:<url_title>` (one word: a url_title is made of
# [a-z0-9_], InfoRequest#update_url_title): how a second import of the same request is found.
KEY_PREFIX = "alaveteli:"

# The state of a response (its calculated_state) -> the outcome of the cada `reply`.
OUTCOMES = {
    "successful": "full",
    "partially_successful": "partial",
    "rejected": "refused",
    "not_held": "not-held",
    "waiting_clarification": "clarification-requested",
}
# Not imported, counted: a status update is already in the response it describes (its
# calculated_state); a comment is anyone's annotation.
IGNORED_TYPES = frozenset({"status_update", "comment"})
# The site's housekeeping (InfoRequestEvent.enumerate_event_types and the notification events
# of later versions): nothing happened between the requester and the authority.
SITE_TYPES = frozenset({
    "edit", "edit_outgoing", "edit_comment", "edit_incoming", "destroy_incoming",
    "destroy_outgoing", "redeliver_incoming", "move_request", "hide", "manual", "overdue",
    "very_overdue", "embargo_expiring", "expire_embargo",
})
COPY_TYPES = frozenset({"resent", "followup_resent"})
_MAPPED_TYPES = frozenset({"sent", "followup_sent", "response"})
# Alaveteli makes it of [a-z0-9_] (InfoRequest#update_url_title); cada keys the import on it.
_URL_TITLE = re.compile(r"^[A-Za-z0-9_-]{1,200}$")


# --- reading the file ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SiteEvent:
    """One event of the site: its type, its instant, its state, its position in the file."""

    type: str
    at: datetime
    raw_at: str
    state: str | None
    position: int


@dataclass(frozen=True)
class SiteRequest:
    url_title: str
    title: str
    id: Any
    described_state: str | None
    body_name: str
    body_url_name: str
    events: tuple[SiteEvent, ...]
    out_of_order: bool


def _read_messages() -> ReadMessages:
    return ReadMessages(
        not_found=M.FILE_NOT_FOUND, directory=M.FILE_IS_DIRECTORY,
        not_regular=MA.ALAVETELI_NOT_REGULAR, unreadable=M.FILE_UNREADABLE,
        too_large=MA.ALAVETELI_TOO_LARGE, not_utf8=MA.ALAVETELI_NOT_UTF8,
    )


def read_file(path: str | Path) -> SiteRequest:
    """The request in `path`, checked whole before anything is written (exit 2, one line)."""
    where = shown(str(path))
    text = read_user_file(path, limit=FILE_LIMIT, messages=_read_messages(), where=where,
                          shown_limit=FILE_LIMIT // (1024 * 1024))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(MA.ALAVETELI_NOT_JSON.format(
            path=where, reason=exc.msg, line=exc.lineno, column=exc.colno)) from None
    except RecursionError:
        raise UsageError(MA.ALAVETELI_TOO_DEEP.format(path=where)) from None
    return parse(data, where)


def _not_request(where: str, what: str) -> UsageError:
    return UsageError(MA.ALAVETELI_NOT_REQUEST.format(path=where, what=what))


def _text(data: dict[str, Any], key: str, where: str) -> str:
    if key not in data:
        raise _not_request(where, MA.ALAVETELI_WHAT_MISSING.format(key=key))
    value = data[key]
    if not isinstance(value, str) or not value.strip():
        raise _not_request(where, MA.ALAVETELI_WHAT_NOT_TEXT.format(key=key))
    return value


def _one_line(value: str, key: str, where: str) -> str:
    try:
        return one_line(value, key)
    except UsageError:
        raise _not_request(where, MA.ALAVETELI_WHAT_NOT_ONE_LINE.format(key=key)) from None


def _state(value: Any) -> str | None:  # noqa: ANN401
    return value if isinstance(value, str) and value else None


def parse(data: Any, where: str) -> SiteRequest:  # noqa: ANN401
    """Check the JSON of an Alaveteli request and keep what the import reads."""
    if not isinstance(data, dict):
        raise _not_request(where, MA.ALAVETELI_WHAT_NOT_OBJECT)
    url_title = _text(data, "url_title", where).strip()
    if not _URL_TITLE.match(url_title):
        raise _not_request(where, MA.ALAVETELI_WHAT_BAD_URL_TITLE.format(value=shown(url_title)))
    title = _one_line(_text(data, "title", where), "title", where)
    body = data.get("public_body")
    if "public_body" not in data:
        raise _not_request(where, MA.ALAVETELI_WHAT_MISSING.format(key="public_body"))
    if not (isinstance(body, dict) and isinstance(body.get("name"), str) and body["name"].strip()
            and isinstance(body.get("url_name"), str) and body["url_name"].strip()):
        raise _not_request(where, MA.ALAVETELI_WHAT_NOT_BODY)
    _one_line(body["name"], "public_body.name", where)
    if "info_request_events" not in data:
        raise _not_request(where, MA.ALAVETELI_WHAT_MISSING.format(key="info_request_events"))
    raw_events = data["info_request_events"]
    if not isinstance(raw_events, list):
        raise _not_request(where, MA.ALAVETELI_WHAT_NOT_LIST.format(key="info_request_events"))
    events = [_event(raw, n, where) for n, raw in enumerate(raw_events, start=1)]
    in_file = [e.at for e in events]
    events.sort(key=lambda e: (e.at, e.position))  # stable: the file's order within an instant
    if not any(e.type == "sent" for e in events):
        raise _not_request(where, MA.ALAVETELI_WHAT_NO_SENT)
    return SiteRequest(
        url_title=url_title, title=title, id=data.get("id"),
        described_state=_state(data.get("described_state")),
        body_name=body["name"], body_url_name=body["url_name"],
        events=tuple(events), out_of_order=in_file != sorted(in_file),
    )


def _event(raw: Any, n: int, where: str) -> SiteEvent:  # noqa: ANN401
    if not isinstance(raw, dict):
        raise _not_request(where, MA.ALAVETELI_WHAT_EVENT_NOT_OBJECT.format(n=n))
    for key in ("event_type", "created_at"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise _not_request(where, MA.ALAVETELI_WHAT_EVENT_KEY.format(n=n, key=key))
    kind = raw["event_type"].strip()
    value = raw["created_at"].strip()
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        at = None
    if at is None or at.tzinfo is None or at.utcoffset() is None:
        raise _not_request(where, MA.ALAVETELI_WHAT_EVENT_TIME.format(
            n=n, type=shown(kind), value=shown(value)))
    day = paris_day(at)
    if not 1900 <= day.year <= 2999:
        raise _not_request(where, MA.ALAVETELI_WHAT_EVENT_YEAR.format(
            n=n, type=shown(kind), date=day.isoformat()))
    state = _state(raw.get("calculated_state")) or _state(raw.get("described_state"))
    return SiteEvent(type=kind, at=at, raw_at=value, state=state, position=n)


def paris_day(instant: datetime) -> date:
    """The legal date of an instant: its day in Europe/Paris (summer time included).

    An e-mail sent at 23:30 UTC is sent the next day in Paris, in summer (UTC+2) as in winter
    (UTC+1)."""
    return instant.astimezone(_paris()).date()


def _paris():  # noqa: ANN202
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(PARIS)
    except ZoneInfoNotFoundError:
        raise UsageError(MA.ALAVETELI_NO_TIME_ZONE) from None


# --- the events cada records ----------------------------------------------------------------


@dataclass
class Planned:
    """One event to record, with the site's event it comes from."""

    kind: str
    on: date
    source: SiteEvent
    outcome: str | None = None
    note: str | None = None


@dataclass
class Plan:
    events: list[Planned] = field(default_factory=list)
    ignored: Counter[str] = field(default_factory=Counter)  # not imported, by type
    unknown: Counter[str] = field(default_factory=Counter)  # skipped with a warning
    notes: int = 0  # site events kept as notes


def _source_note(ev: SiteEvent) -> str:
    paris = ev.at.astimezone(_paris())
    return MA.ALAVETELI_EVENT_NOTE.format(
        type=ev.type, at=ev.raw_at, paris=paris.strftime("%Y-%m-%d %H:%M"))


def _as_note(ev: SiteEvent, why: str) -> Planned:
    text = _source_note(ev)
    if ev.state is not None:
        text = MA.ALAVETELI_NOTE_STATE.format(event=text, state=ev.state)
    return Planned("note", paris_day(ev.at), ev, note=f"{text} {why}")


def _candidate(ev: SiteEvent, sent_seen: bool) -> Planned:
    """What one event of the site would be in cada, before the history is consulted."""
    day = paris_day(ev.at)
    if ev.type == "sent" and not sent_seen:
        return Planned("sent", day, ev, note=_source_note(ev))
    if ev.type in COPY_TYPES or ev.type == "sent":
        return _as_note(ev, MA.ALAVETELI_WHY_RESENT)
    if ev.type == "followup_sent":
        return Planned("reminder-sent", day, ev, note=_source_note(ev))
    # a response
    if ev.state is None:
        return _as_note(ev, MA.ALAVETELI_WHY_UNCLASSIFIED)
    outcome = OUTCOMES.get(ev.state)
    if outcome is None:
        return _as_note(ev, MA.ALAVETELI_WHY_STATE)
    return Planned("reply", day, ev, outcome=outcome, note=_source_note(ev))


def plan(site: SiteRequest) -> Plan:
    """The events to record, in order; an event the history does not allow becomes a note,
    judged as `cada log` judges it (the state machine, on the events before it)."""
    result = Plan()
    accepted: list[Event] = []
    sent_seen = False
    for ev in site.events:
        if ev.type in IGNORED_TYPES or ev.type in SITE_TYPES:
            result.ignored[ev.type] += 1
            continue
        if ev.type not in _MAPPED_TYPES and ev.type not in COPY_TYPES:
            result.unknown[ev.type] += 1
            continue
        planned = _candidate(ev, sent_seen)
        sent_seen = sent_seen or planned.kind == "sent"
        if planned.kind != "note":
            candidate = Event(planned.kind, planned.on, planned.outcome, seq=len(accepted))
            try:
                derive_state([*accepted, candidate], strict=True)
            except TransitionError:
                what = planned.kind + (f" --outcome {planned.outcome}" if planned.outcome else "")
                planned = _as_note(ev, MA.ALAVETELI_WHY_NOT_NOW.format(kind=what))
        if planned.kind == "note":
            result.notes += 1
        accepted.append(Event(planned.kind, planned.on, planned.outcome, seq=len(accepted)))
        result.events.append(planned)
    return result


# --- the import -------------------------------------------------------------------------------


@dataclass
class ImportOptions:
    path: str
    authority: str | None = None  # slug of an existing authority
    department: str | None = None  # create the authority from the public body, in this department
    reference: str | None = None
    site: str | None = None  # the site's address, for the source URL in the note


@dataclass
class ImportResult:
    derived: Derived
    site: SiteRequest
    plan: Plan
    authority_slug: str
    authority_created: bool
    missing: list[str]  # "email", "address": what the authority lacks
    source_url: str | None
    warnings: list[str]


def _check_options(opts: ImportOptions, site: SiteRequest) -> str | None:
    if opts.authority is not None and opts.department is not None:
        raise UsageError(MA.ALAVETELI_AUTHORITY_AND_DEPARTMENT)
    if opts.authority is None and opts.department is None:
        raise UsageError(MA.ALAVETELI_NEED_AUTHORITY.format(name=shown(site.body_name)))
    if opts.site is None:
        return None
    value = one_line(opts.site, "--site")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(MA.ALAVETELI_BAD_SITE.format(value=shown(opts.site)))
    return f"{value.rstrip('/')}/request/{site.url_title}"


def _authority(session: Session, opts: ImportOptions, site: SiteRequest) -> tuple[Authority, bool]:
    if opts.authority is not None:
        return get_authority(session, opts.authority), False
    slug = slugify(site.body_url_name) or slugify(site.body_name)
    data = AuthorityInput(name=site.body_name, slug=slug or None, department=opts.department)
    clean = data.cleaned()  # exit 2 on a bad department or name, before the lookup
    assert clean.slug is not None
    if store.authority_row(session, clean.slug) is not None:
        raise ConflictError(MA.ALAVETELI_AUTHORITY_EXISTS.format(slug=clean.slug))
    return insert_authority(session, clean), True


def _request_note(ctx: Context, site: SiteRequest, source_url: str | None) -> str:
    parts = [KEY_PREFIX + site.url_title]
    if source_url is not None:
        parts.append(MA.ALAVETELI_SOURCE_LINE.format(url=source_url))
    parts.append(MA.ALAVETELI_REQUEST_NOTE.format(
        today=ctx.today.isoformat(), url_title=site.url_title,
        id=site.id if site.id is not None else "-", state=site.described_state or "-"))
    return " ".join(parts)


def import_request(ctx: Context, opts: ImportOptions) -> ImportResult:
    """`cada import --from alaveteli FILE`: the file checked whole, then the authority, the
    request and its events in one unit of work (all or nothing)."""
    site = read_file(opts.path)
    source_url = _check_options(opts, site)
    the_plan = plan(site)
    sent = next(p for p in the_plan.events if p.kind == "sent")
    with ctx.transaction() as session:
        done = references_noted(session_query(session), KEY_PREFIX + site.url_title)
        if done:
            raise ConflictError(MA.ALAVETELI_DUPLICATE.format(
                url_title=shown(site.url_title), reference=done[0]))
        authority, created = _authority(session, opts, site)
        reference = opts.reference
        if reference is None:
            reference = next_reference(session_query(session), sent.on.year)
        request = insert_request(session_unit(session), ctx, NewRequest(
            authority=authority.slug, subject=site.title, documents=[site.title],
            reference=reference, channel="email", note=_request_note(ctx, site, source_url),
            draft_letter=False,
        ))
        for planned in the_plan.events:
            record_event(session_unit(session), ctx, request.reference, NewEvent(
                planned.kind, planned.on, planned.outcome, planned.note, freeze_letter=False))
        derived = derived_for(session, request, ctx.today)
        missing = [name for name, value in (("email", authority.email),
                                            ("address", authority.address)) if not value]
        slug = authority.slug
    result = ImportResult(derived, site, the_plan, slug, created, missing, source_url, [])
    result.warnings = _warnings(result, opts, sent)
    return result


def _warnings(result: ImportResult, opts: ImportOptions, sent: Planned) -> list[str]:
    site, reference = result.site, result.derived.view.reference
    out: list[str] = []
    if result.missing:
        words = {"email": MA.ALAVETELI_MISSING_EMAIL, "address": MA.ALAVETELI_MISSING_ADDRESS}
        missing = ", ".join(words[m] for m in result.missing)
        if result.authority_created:
            out.append(MA.ALAVETELI_AUTHORITY_CREATED.format(
                slug=result.authority_slug, name=shown(site.body_name), missing=missing))
        else:
            out.append(MA.ALAVETELI_AUTHORITY_LACKS.format(
                slug=result.authority_slug, missing=missing))
    out.append(MA.ALAVETELI_RECEIPT.format(date=sent.on.isoformat(), reference=reference))
    if site.out_of_order:
        out.append(MA.ALAVETELI_OUT_OF_ORDER.format(path=shown(opts.path)))
    if result.plan.unknown:
        types = ", ".join(f"{shown(t)} ({n})" for t, n in sorted(result.plan.unknown.items()))
        out.append(MA.ALAVETELI_UNKNOWN_TYPES.format(types=types))
    if result.plan.notes:
        out.append(MA.ALAVETELI_KEPT_AS_NOTES.format(result.plan.notes, reference=reference))
    final = OUTCOMES.get(site.described_state or "")
    if final is not None and not any(
        p.kind == "reply" and p.outcome == final for p in result.plan.events
    ):
        out.append(MA.ALAVETELI_FINAL_STATE.format(
            state=site.described_state, reference=reference, outcome=final))
    return out


def import_json(result: ImportResult, today: date) -> dict[str, Any]:
    """The JSON of an import (`--json`): the request as `show --json` has it, and what came
    from where (docs/json.md)."""
    return {
        "request": request_json(result.derived, today),
        "alaveteli": {
            "url_title": result.site.url_title,
            "id": result.site.id,
            "described_state": result.site.described_state,
            "source": result.source_url,
            "events": [
                {
                    "event_type": p.source.type,
                    "created_at": p.source.raw_at,
                    "state": p.source.state,
                    "date": p.on.isoformat(),
                    "kind": p.kind,
                    "outcome": p.outcome,
                }
                for p in result.plan.events
            ],
            "ignored": dict(sorted(result.plan.ignored.items())),
            "unknown": dict(sorted(result.plan.unknown.items())),
        },
        "authority": {
            "slug": result.authority_slug,
            "created": result.authority_created,
            "missing": result.missing,
        },
        "warnings": result.warnings,
    }
