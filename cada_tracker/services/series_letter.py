"""`cada escalate --campaign SLUG` (issue 11, point 5; CRPA R343-3-1): the one referral of a
series, listing every authority concerned, each with what its recorded events say, with the
same outputs as `cada escalate REF`: the letter in text and PDF, the exhibits of every member
(its request as sent, its refusal or the silence note), one bordereau, a folder and a zip.

The members are those `cada log --campaign SLUG cada-sent` named (the series marker), else the
requests of the campaign where a referral is admissible today; fewer than five is refused (exit
4). Template: letter_templates/_saisine-cada-serie.j2 (docs/letters.md, "Series referral")."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import SimpleNamespace as NS
from typing import Any

from cada_tracker.context import Context
from cada_tracker.domain import Event
from cada_tracker.domain.series import SERIES_MINIMUM
from cada_tracker.errors import CadaError, ConflictError, UsageError
from cada_tracker.messages import letters as ML
from cada_tracker.messages import series as MS
from cada_tracker.render.letterdoc import compose
from cada_tracker.render.letters import to_text
from cada_tracker.render.templates import render_template
from cada_tracker.services.campaigns import _campaign
from cada_tracker.services.letters.addresses import (
    address_lines,
    place_date,
    recipient,
    sender,
    with_article,
)
from cada_tracker.services.letters.context import build_context
from cada_tracker.services.letters.dossier import PdfMaker, exhibit_files
from cada_tracker.services.letters.dossier_files import (
    check_dossier_targets,
    safe_name,
    write_dossier,
)
from cada_tracker.services.letters.exhibits import exhibits_for
from cada_tracker.services.letters.facts import Loaded, load
from cada_tracker.services.requests import check_event
from cada_tracker.services.series import find_series, handed_over_check
from cada_tracker.storage import campaigns as store
from cada_tracker.storage.requests import load_residence, load_views
from cada_tracker.storage.sql import Query, session_query

TEMPLATE = "_saisine-cada-serie"
FILE = "saisine-cada-serie.txt"
PDF = "saisine-cada-serie.pdf"
BORDEREAU = "_bordereau-serie"
BORDEREAU_FILE = "bordereau.txt"
_REFUSALS = ("refused", "partial", "not-held")


@dataclass
class SeriesLetter:
    slug: str
    folder: Path
    file: Path
    members: list[str]
    recorded: bool  # the members come from a recorded series (else: admissible today)
    text: str
    sent: date | None = None  # the day the recorded series was sent
    zip_path: Path | None = None
    files: list[str] = field(default_factory=list)  # names inside the folder, in order
    exhibits: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"campaign": self.slug, "folder": str(self.folder), "file": str(self.file),
                "series": self.members, "recorded": self.recorded,
                "zip": str(self.zip_path) if self.zip_path else None,
                "pdf": str(self.folder / PDF), "bordereau": str(self.folder / BORDEREAU_FILE),
                "files": self.files, "exhibits": self.exhibits, "warnings": self.notes}


def _refusal(loaded: Loaded) -> NS:
    """The refusal the member's events show: the last explicit refusal before the referral,
    else the implicit refusal B (its date only when the receipt is recorded, not estimated)."""
    explicit: Event | None = None
    for e in loaded.events:
        if e.kind == "cada-sent":
            break
        if e.kind == "reply" and e.outcome in _REFUSALS:
            explicit = e
    if explicit is not None:
        return NS(kind="explicit", date=explicit.date, outcome=explicit.outcome)
    b = next((d for d in loaded.timeline.deadlines if d.kind == "implicit_refusal"), None)
    return NS(kind="implicit", date=b.date if b is not None and not b.estimated else None,
              outcome=None)


def _member(loaded: Loaded, exhibits: list[NS]) -> NS:
    auth = loaded.authority
    the, to_the = with_article(auth.name)
    first = {e.kind: e.date for e in reversed(loaded.events)}
    return NS(
        reference=loaded.reference,
        authority=NS(name=auth.name, the=the, to_the=to_the, email=auth.email or None,
                     address_lines=address_lines(auth.address), prada=auth.prada or None),
        sent=first.get("sent"), received=first.get("received"), refusal=_refusal(loaded),
        exhibits=exhibits,
    )


def _targets(slug: str, output: Path | None, force: bool) -> tuple[Path, Path]:
    """The folder and the zip (as `cada escalate REF` writes them), checked before any work."""
    folder = (output if output is not None else Path(f"saisine-cada-{safe_name(slug)}")).absolute()
    if folder.name in ("", ".", ".."):
        raise UsageError(ML.ESCALATE_BAD_FOLDER.format(path=output))
    zip_path = folder.with_name(folder.name + ".zip")
    check_dossier_targets(folder, zip_path, force=force)
    return folder, zip_path


def _member_exhibits(ctx: Context, loaded: Loaded, first_number: int, notes: list[str],
                     pdf: PdfMaker) -> tuple[list[NS], dict[str, bytes]]:
    """The exhibits of one member, numbered from `first_number` in the series' bordereau, and
    their files named after the member's reference: its request as sent, its refusal (the
    decision when a file is attached, else the silence note), as `cada escalate REF` joins
    them (services/letters/exhibits.py)."""
    exhibits = exhibits_for(loaded, "saisine-cada", notes=notes, start=first_number)
    context = build_context(loaded, "saisine-cada", ctx.today, exhibits=exhibits)
    made = exhibit_files(ctx, loaded, exhibits, context, notes, pdf)
    files: dict[str, bytes] = {}
    prefix = safe_name(loaded.reference)
    for e in exhibits:
        if e.file:
            name = f"{prefix}-{e.file}"
            files[name] = made[e.file][1]
            e.file = name
    return exhibits, files


def series_letter(ctx: Context, slug: str, output: Path | None, *,
                  force: bool = False) -> SeriesLetter:
    """The dossier of the series referral, as `cada escalate REF` writes one for a request:
    the letter in text and PDF, the numbered exhibits of every member, the bordereau, in a
    folder and a zip written at once (nothing is recorded)."""
    folder, zip_path = _targets(slug, output, force)
    today = ctx.today
    with ctx.transaction() as session:
        query = session_query(session)
        campaign = _campaign(query, slug)
        members, recorded, sent = _members(query, campaign.id, slug, today)
        if len(members) < SERIES_MINIMUM:
            raise ConflictError(MS.SERIES_TOO_FEW.format(
                len(members), slug=slug, minimum=SERIES_MINIMUM))
        loaded = [load(query, r, today) for r in members]
        profile = loaded[0].profile
        if profile is None:
            raise ConflictError(MS.SERIES_NO_PROFILE)
        notes: list[str] = []
        pdf = PdfMaker()
        exhibit_bytes: dict[str, bytes] = {}
        shown = []
        number = 1
        for x in loaded:
            exhibits, their_files = _member_exhibits(ctx, x, number, notes, pdf)
            number += len(exhibits)
            exhibit_bytes.update(their_files)
            shown.append(_member(x, exhibits))
        when = place_date(profile, today)
        context: dict[str, Any] = {
            "campaign": NS(slug=campaign.slug, title=campaign.title, subject=campaign.subject),
            "documents": list(campaign.documents),
            "requester": NS(name=profile.name, email=profile.email or None,
                            address_lines=address_lines(profile.address)),
            "members": shown,
            "place_date": when,
        }
        text = render_template(TEMPLATE, context, ctx.settings.templates_dir)
        doc = compose(TEMPLATE.lstrip("_"), text, sender=sender(profile),
                      recipient=recipient(loaded[0].authority, "saisine-cada", None),
                      place_date=when, signature=[profile.name],
                      letter_date=today, reference=slug)
        bordereau = render_template(BORDEREAU, context, ctx.settings.templates_dir)
    files: dict[str, bytes] = {FILE: to_text(doc).encode("utf-8"), PDF: pdf(PDF, doc)}
    files.update(exhibit_bytes)
    files[BORDEREAU_FILE] = bordereau.encode("utf-8")
    glyphs = pdf.note()
    if glyphs:
        notes.append(glyphs)
    write_dossier(folder, zip_path, files, force=force)
    exhibits_json = [
        {"reference": m.reference, "number": e.number, "title": e.title, "file": e.file,
         "missing": bool(e.missing)} for m in shown for e in m.exhibits]
    return SeriesLetter(slug, folder, folder / FILE, members, recorded, to_text(doc), sent,
                        zip_path=zip_path, files=list(files), exhibits=exhibits_json,
                        notes=notes)


def _members(query: Query, campaign_id: int, slug: str,
             today: date) -> tuple[list[str], bool, date | None]:
    """The requests the letter names: the recorded series, else those of the campaign where a
    referral is admissible today. Returns (references, recorded, the day it was sent)."""
    refs = [m.reference for m in store.members(query, campaign_id)]
    views = [v.as_of(today) for v in load_views(query, references=refs)] if refs else []
    series = find_series(views, slug)
    if series is not None:
        return list(series.members), True, series.sent
    residence = load_residence(query)
    probe = Event(kind="cada-sent", date=today, seq=10**9)
    members: list[str] = []
    for v in views:
        try:
            check_event(v.facts(residence), probe, today)
            handed_over_check(v)
        except CadaError:
            continue
        members.append(v.reference)
    return members, False, None
