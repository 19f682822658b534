"""Campaigns (issue 11, points 1 and 2): one request sent to many authorities.

`cada campaign new` creates the campaign, its documents requested and one draft request per
authority (references PREFIX-001, PREFIX-002...), each through `services.requests.insert_request`
exactly as `cada new` creates one (items, `demande` drafted), all in ONE unit of work: a bad
authority anywhere and nothing is created. `cada campaign send` records `sent` on every draft
through `services.requests.record_event` (the letter frozen as `cada log REF sent` freezes it),
in one unit of work too. `show` compares the requests item by item (services/items.py).
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from cada_tracker import messages as M
from cada_tracker.context import Context
from cada_tracker.display import shown
from cada_tracker.domain import derive_state
from cada_tracker.domain.campaigns import CampaignRecord
from cada_tracker.errors import CadaError, ConflictError, NotFoundError, UsageError
from cada_tracker.fsutil import read_user_file
from cada_tracker.messages import campaigns as MC
from cada_tracker.services.authorities import get_authority
from cada_tracker.services.derived import Derived, action_json, derive
from cada_tracker.services.items import derive_items, item_json
from cada_tracker.services.letters.frozen import file_messages
from cada_tracker.services.requests import NewEvent, NewRequest, insert_request, record_event
from cada_tracker.storage import campaigns as store
from cada_tracker.storage.db import now
from cada_tracker.storage.requests import item_outcomes, load_residence, load_views
from cada_tracker.storage.sql import Query, session_query, session_unit
from cada_tracker.textutil import one_line, suggest

if TYPE_CHECKING:
    from sqlmodel import Session

    from cada_tracker.storage.tables import Authority

# Validated like authority slugs; short enough to prefix a reference (PREFIX-NNN, 60 at most).
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 40
PREFIX = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
PREFIX_MAX = 40
TEMPLATE_LIMIT = 256 * 1024  # a letter template is a few KiB
AUTHORITIES_LIMIT = 8 * 1024 * 1024  # a list of slugs: every French public body fits


@dataclass
class Authorities:
    """Where the authorities of `campaign new/add` come from: exactly one of the three."""

    slugs: list[str] = field(default_factory=list)  # --authority, repeated
    file: str | None = None  # --authorities FILE.csv
    tag: str | None = None  # --tag TAG

    def check(self) -> None:
        given = sum((bool(self.slugs), self.file is not None, self.tag is not None))
        if given == 0:
            raise UsageError(MC.CAMPAIGN_NO_SOURCE)
        if given > 1:
            raise UsageError(MC.CAMPAIGN_ONE_SOURCE)


@dataclass
class NewCampaign:
    slug: str
    subject: str
    documents: list[str]
    authorities: Authorities
    title: str | None = None  # default: the subject
    template_file: str | None = None
    ref_prefix: str | None = None  # default: the slug


@dataclass
class Created:
    """What `campaign new` / `campaign add` created."""

    campaign: CampaignRecord
    requests: list[tuple[str, str, str]]  # (reference, authority slug, authority name)


# --- inputs, checked before anything is written ---------------------------------------------


def check_slug(slug: str) -> str:
    if not SLUG.match(slug or "") or len(slug) > SLUG_MAX:
        raise UsageError(MC.CAMPAIGN_BAD_SLUG.format(slug=shown(slug or ""), max=SLUG_MAX))
    return slug


def _check_prefix(prefix: str) -> str:
    if not PREFIX.match(prefix) or len(prefix) > PREFIX_MAX:
        raise UsageError(MC.CAMPAIGN_BAD_PREFIX.format(prefix=shown(prefix), max=PREFIX_MAX))
    return prefix


def read_template(path: str) -> str:
    """The user's letter template for the campaign's demande (`--template FILE`): a small
    UTF-8 file read safely; its Jinja2 syntax is checked when the first letter is drafted."""
    where = shown(path)
    text = read_user_file(path, limit=TEMPLATE_LIMIT, messages=file_messages("--template"),
                          where=where, shown_limit=TEMPLATE_LIMIT // 1024)
    if not text.strip():
        raise UsageError(MC.CAMPAIGN_TEMPLATE_EMPTY.format(path=where))
    return text


def read_authorities_file(path: str) -> list[tuple[str, str]]:
    """(where, slug or name) of each row of `--authorities FILE.csv`: a CSV with a header row
    holding a `slug` column (taken when present) or a `name` column (the authority's exact
    name, or its slug); other columns are ignored, so a file of `cada authority export` or
    of `cada authority import` fits. Separator: ',', ';' or tab. Read with the safe reader."""
    where = shown(path)
    text = read_user_file(path, limit=AUTHORITIES_LIMIT, messages=file_messages("--authorities"),
                          where=where, shown_limit=AUTHORITIES_LIMIT // 1024)
    if not text.strip():
        raise UsageError(MC.CAMPAIGN_CSV_EMPTY.format(path=where))
    try:
        dialect: Any = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except (StopIteration, csv.Error):
        raise UsageError(MC.CAMPAIGN_CSV_EMPTY.format(path=where)) from None
    column = "slug" if "slug" in header else "name" if "name" in header else None
    if column is None:
        raise UsageError(MC.CAMPAIGN_CSV_HEADER.format(path=where, found=",".join(header)))
    index = header.index(column)
    rows: list[tuple[str, str]] = []
    try:
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            line = MC.CAMPAIGN_CSV_LINE.format(path=where, line=reader.line_num)
            value = values[index].strip() if index < len(values) else ""
            if not value:
                raise UsageError(MC.CAMPAIGN_BAD_AUTHORITY.format(
                    where=line, reason=MC.CAMPAIGN_CSV_ROW_EMPTY.format(column=column)))
            rows.append((line, value))
    except csv.Error as exc:
        line = MC.CAMPAIGN_CSV_LINE.format(path=where, line=reader.line_num)
        raise UsageError(MC.CAMPAIGN_BAD_AUTHORITY.format(where=line, reason=f"{exc}.")) \
            from None
    if not rows:
        raise UsageError(MC.CAMPAIGN_CSV_NO_ROW.format(path=where))
    return rows


def _named(source: Authorities, query: Query) -> list[tuple[str, str]]:
    """(where, slug or name) of every authority asked for, in the order given."""
    if source.file is not None:
        return read_authorities_file(source.file)
    if source.tag is not None:
        tag = one_line(source.tag, "--tag")
        slugs = store.tagged_authorities(query, tag)
        if not slugs:
            raise NotFoundError(MC.CAMPAIGN_TAG_EMPTY.format(tag=shown(tag)))
        return [(f"--tag {tag}", slug) for slug in slugs]
    return [("--authority", slug) for slug in source.slugs]


def _resolve(session: Session, named: list[tuple[str, str]]) -> list[Authority]:
    """The authority rows, each found (exit 3 naming it and where it was given) and given once
    (exit 2)."""
    rows: list[Authority] = []
    seen: set[str] = set()
    for where, value in named:
        try:
            row = get_authority(session, value)
        except CadaError as exc:
            raise type(exc)(MC.CAMPAIGN_BAD_AUTHORITY.format(where=where, reason=exc.message)) \
                from None
        if row.slug in seen:
            raise UsageError(MC.CAMPAIGN_AUTHORITY_TWICE.format(slug=row.slug))
        seen.add(row.slug)
        rows.append(row)
    return rows


def _campaign(query: Query, slug: str) -> CampaignRecord:
    found = store.campaign(query, slug)
    if found is None:
        hint = suggest(slug, store.campaign_slugs(query))
        raise NotFoundError(MC.CAMPAIGN_NOT_FOUND.format(slug=shown(slug), hint=hint))
    return found


# --- new, add -------------------------------------------------------------------------------


def create_campaign(ctx: Context, data: NewCampaign) -> Created:
    """`cada campaign new`: the campaign, its documents and one draft request per authority,
    each with its items and its `demande` drafted (as `cada new`), in one unit of work."""
    slug = check_slug(data.slug)
    subject = one_line(data.subject, "--subject")
    if not subject:
        raise UsageError(M.SUBJECT_EMPTY)
    title = one_line(data.title, "--title") if data.title is not None else subject
    if not title:
        raise UsageError(M.EMPTY_VALUE.format(what="--title"))
    documents = [one_line(d, "--document") for d in data.documents]
    if any(not d for d in documents):
        raise UsageError(M.EMPTY_VALUE.format(what="--document"))
    documents = documents or [subject]
    prefix = _check_prefix(data.ref_prefix if data.ref_prefix is not None else slug)
    data.authorities.check()
    template = read_template(data.template_file) if data.template_file is not None else None
    named = read_authorities_file(data.authorities.file) \
        if data.authorities.file is not None else None
    with ctx.transaction() as session:
        query = session_query(session)
        if store.campaign(query, slug) is not None:
            raise ConflictError(MC.CAMPAIGN_EXISTS.format(slug=slug))
        authorities = _resolve(session, named if named is not None
                               else _named(data.authorities, query))
        row = store.insert_campaign(
            session, slug=slug, title=title, subject=subject, ref_prefix=prefix,
            template=template, documents=documents, created_on=ctx.today, created_at=now())
        campaign = _campaign(query, slug)
        made = _add_requests(session, ctx, campaign, authorities, start=1)
        assert row.id == campaign.id
        return Created(campaign, made)


def add_to_campaign(ctx: Context, slug: str, source: Authorities) -> Created:
    """`cada campaign add`: more draft requests, numbered after the campaign's last one."""
    source.check()
    named = read_authorities_file(source.file) if source.file is not None else None
    with ctx.transaction() as session:
        query = session_query(session)
        campaign = _campaign(query, slug)
        authorities = _resolve(session, named if named is not None else _named(source, query))
        members = store.members(query, campaign.id)
        by_authority = {m.authority_slug: m.reference for m in members}
        for row in authorities:
            if row.slug in by_authority:
                raise ConflictError(MC.CAMPAIGN_AUTHORITY_MEMBER.format(
                    slug=row.slug, reference=by_authority[row.slug], campaign=slug))
        start = store.last_number([m.reference for m in members], campaign.ref_prefix) + 1
        return Created(campaign, _add_requests(session, ctx, campaign, authorities, start=start))


def _add_requests(session: Session, ctx: Context, campaign: CampaignRecord,
                  authorities: list[Authority], *, start: int) -> list[tuple[str, str, str]]:
    made = []
    for n, authority in enumerate(authorities, start=start):
        reference = f"{campaign.ref_prefix}-{n:03d}"
        insert_request(session_unit(session), ctx, NewRequest(
            authority.slug, campaign.subject, list(campaign.documents), reference,
            campaign_id=campaign.id))
        made.append((reference, authority.slug, authority.name))
    return made


def created_json(created: Created) -> dict[str, Any]:
    return {
        "campaign": campaign_json(created.campaign),
        "created": [{"reference": ref, "authority": {"slug": slug, "name": name}}
                    for ref, slug, name in created.requests],
    }


def campaign_json(c: CampaignRecord) -> dict[str, Any]:
    """A campaign in JSON (docs/json.md, "Campaigns")."""
    return {
        "slug": c.slug,
        "title": c.title,
        "subject": c.subject,
        "ref_prefix": c.ref_prefix,
        "created_on": c.created_on.isoformat(),
        "documents_requested": list(c.documents),
        "own_template": c.template is not None,
    }


# --- list, show -----------------------------------------------------------------------------


@dataclass
class _Loaded:
    campaign: CampaignRecord
    derived: list[Derived]
    outcomes: dict[int, list[Any]]


def _load(query: Query, campaign: CampaignRecord, today: date, *, items: bool) -> _Loaded:
    refs = [m.reference for m in store.members(query, campaign.id)]
    # as of today: the requests that existed then, with their events up to then (as status)
    views = load_views(query, references=refs, as_of=today) if refs else []
    residence = load_residence(query)
    outcomes = {v.id: item_outcomes(query, v.id) for v in views} if items else {}
    return _Loaded(campaign, [derive(v, today, residence) for v in views], outcomes)


def _states(derived: list[Derived]) -> dict[str, int]:
    return dict(sorted(Counter(d.state for d in derived).items()))


def list_campaigns(ctx: Context) -> dict[str, Any]:
    """`cada campaign list --json`: every campaign with its count of requests by state."""
    today = ctx.today
    out = []
    with ctx.reading() as query:
        for c in store.campaigns(query):
            loaded = _load(query, c, today, items=False)
            out.append({**campaign_json(c), "requests": len(loaded.derived),
                        "states": _states(loaded.derived)})
    return {"today": today.isoformat(), "campaigns": out}


def show_campaign(ctx: Context, slug: str) -> dict[str, Any]:
    """`cada campaign show --json`: the campaign, its requests (state, next action, each
    document requested with its outcome) and, per document, the outcomes compared across the
    requests."""
    today = ctx.today
    with ctx.reading() as query:
        loaded = _load(query, _campaign(query, slug), today, items=True)
    requests = []
    compared: list[Counter[str]] = [Counter() for _ in loaded.campaign.documents]
    for d in loaded.derived:
        items = derive_items(d.view.items, loaded.outcomes[d.view.id], d.view.events, today)
        for item in items:
            if item.number <= len(compared):
                compared[item.number - 1][item.outcome] += 1
        requests.append({
            "reference": d.view.reference,
            "authority": {"slug": d.view.authority_slug, "name": d.view.authority_name},
            "state": d.state,
            "next_action": action_json(d, today),
            "items": [item_json(item) for item in items],
        })
    return {
        "today": today.isoformat(),
        **campaign_json(loaded.campaign),
        "states": _states(loaded.derived),
        "requests": requests,
        "items": [
            {"number": n, "description": text,
             "outcomes": {k: counts.get(k, 0) for k in ITEM_OUTCOMES}}
            for n, (text, counts) in enumerate(zip(loaded.campaign.documents, compared,
                                                   strict=True), start=1)
        ],
    }


# The item outcomes compared across a campaign's requests (services/items.py), in this order.
ITEM_OUTCOMES = ("received", "refused", "not-held", "communicable", "pending")


def campaign_references(query: Query, slug: str) -> list[str]:
    """The references of a campaign's requests (`cada status --campaign`); exit 3 when the
    campaign does not exist."""
    campaign = _campaign(query, slug)
    return [m.reference for m in store.members(query, campaign.id)]


# --- send -----------------------------------------------------------------------------------


@dataclass
class Sent:
    slug: str
    on: date
    sent: list[str]
    skipped: list[tuple[str, str]]  # (reference, state)
    notes: list[str]

    def to_json(self) -> dict[str, Any]:
        return {"campaign": self.slug, "on": self.on.isoformat(), "sent": self.sent,
                "skipped": [{"reference": r, "state": s} for r, s in self.skipped],
                "warnings": self.notes}


def send_campaign(ctx: Context, slug: str, on: date) -> Sent:
    """`cada campaign send`: `sent` on `on` for every draft of the campaign, each letter frozen
    as `cada log REF sent` freezes it (the user's text when `cada letter --from-file` replaced
    the draft), in one unit of work; the requests that are not drafts are left as they are."""
    with ctx.transaction() as session:
        query = session_query(session)
        campaign = _campaign(query, slug)
        refs = [m.reference for m in store.members(query, campaign.id)]
        views = load_views(query, references=refs) if refs else []
        drafts, skipped = [], []
        for v in views:
            state = derive_state(v.events, strict=False)
            (drafts.append(v.reference) if state == "draft"
             else skipped.append((v.reference, state)))
        if not drafts:
            raise ConflictError(MC.CAMPAIGN_NOTHING_TO_SEND.format(slug=slug, count=len(views)))
        notes: list[str] = []
        for reference in drafts:
            event = NewEvent("sent", on)
            record_event(session_unit(session), ctx, reference, event)
            notes.extend(event.letter_notes)
        return Sent(slug, on, drafts, skipped, notes)
