"""`cada escalate --campaign SLUG` (issue 11, point 5; CRPA R343-3-1): the one referral letter
of a series, listing every authority concerned, each with what its recorded events say.

The members are those `cada log --campaign SLUG cada-sent` named (the series marker), else the
requests of the campaign where a referral is admissible today; fewer than five is refused (exit
4). Template: letter_templates/_saisine-cada-serie.j2 (docs/letters.md, "Series referral")."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import SimpleNamespace as NS
from typing import Any

from cada_tracker.context import Context
from cada_tracker.domain import Event
from cada_tracker.domain.series import SERIES_MINIMUM
from cada_tracker.errors import CadaError, ConflictError
from cada_tracker.messages import series as MS
from cada_tracker.render.templates import render_template
from cada_tracker.services.campaigns import _campaign
from cada_tracker.services.letters.addresses import address_lines, with_article
from cada_tracker.services.letters.facts import Loaded, load
from cada_tracker.services.requests import check_event
from cada_tracker.services.series import find_series
from cada_tracker.storage import campaigns as store
from cada_tracker.storage.requests import get_request, load_residence, load_views
from cada_tracker.storage.sql import session_query

TEMPLATE = "_saisine-cada-serie"
FILE = "saisine-cada-serie.txt"
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

    def to_json(self) -> dict[str, Any]:
        return {"campaign": self.slug, "folder": str(self.folder), "file": str(self.file),
                "series": self.members, "recorded": self.recorded}


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


def _member(loaded: Loaded) -> NS:
    auth = loaded.authority
    the, to_the = with_article(auth.name)
    first = {e.kind: e.date for e in reversed(loaded.events)}
    return NS(
        reference=loaded.reference,
        authority=NS(name=auth.name, the=the, to_the=to_the, email=auth.email or None,
                     address_lines=address_lines(auth.address), prada=auth.prada or None),
        sent=first.get("sent"), received=first.get("received"), refusal=_refusal(loaded),
    )


def _target(slug: str, output: Path | None, force: bool) -> Path:
    folder = output if output is not None else Path(f"saisine-cada-{slug}")
    if folder.exists() or folder.is_symlink():
        ok = force and folder.is_dir() and not folder.is_symlink() and all(
            p.name == FILE and p.is_file() for p in folder.iterdir())
        if not ok:
            raise ConflictError(MS.SERIES_FOLDER_EXISTS.format(folder=folder))
    return folder


def series_letter(ctx: Context, slug: str, output: Path | None, *,
                  force: bool = False) -> SeriesLetter:
    folder = _target(slug, output, force)
    today = ctx.today
    with ctx.transaction() as session:
        query = session_query(session)
        campaign = _campaign(query, slug)
        refs = [m.reference for m in store.members(query, campaign.id)]
        views = [v.as_of(today) for v in load_views(query, references=refs)] if refs else []
        series = find_series(views, slug)
        sent = series.sent if series is not None else None
        if series is not None:
            members, recorded = list(series.members), True
        else:
            residence = load_residence(query)
            probe = Event(kind="cada-sent", date=today, seq=10**9)
            members, recorded = [], False
            for v in views:
                try:
                    check_event(v.facts(residence), probe, today)
                except CadaError:
                    continue
                members.append(v.reference)
        if len(members) < SERIES_MINIMUM:
            raise ConflictError(MS.SERIES_TOO_FEW.format(
                len(members), slug=slug, minimum=SERIES_MINIMUM))
        loaded = [load(session, get_request(session, r), today) for r in members]
        profile = loaded[0].profile
        if profile is None:
            raise ConflictError(MS.SERIES_NO_PROFILE)
        context = {
            "campaign": NS(slug=campaign.slug, title=campaign.title, subject=campaign.subject),
            "documents": list(campaign.documents),
            "requester": NS(name=profile.name, email=profile.email or None,
                            address_lines=address_lines(profile.address)),
            "members": [_member(x) for x in loaded],
        }
        text = render_template(TEMPLATE, context, ctx.settings.templates_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / FILE
    tmp = folder / f".{FILE}.tmp"
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return SeriesLetter(slug, folder, path, members, recorded, text, sent)
