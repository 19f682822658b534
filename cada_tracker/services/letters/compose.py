"""A letter composed: the kind a request needs next, the checks that its history supports the
kind asked for, and the template rendered into a `LetterDoc` (not yet a format)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import SimpleNamespace as NS
from typing import Any

from cada_tracker.domain import FINISHED_STATES
from cada_tracker.domain.transfer import links as transfer_links
from cada_tracker.errors import CadaError, ConflictError
from cada_tracker.messages import campaigns as MC
from cada_tracker.messages import law as LM
from cada_tracker.messages import letters as M
from cada_tracker.paths import Settings
from cada_tracker.render import letterdoc
from cada_tracker.render.letterdoc import LetterDoc
from cada_tracker.render.templates import KINDS, available_kinds, render_template
from cada_tracker.services.letters.addresses import recipient, sender
from cada_tracker.services.letters.admissibility import check_recours_ta, inadmissible_reason
from cada_tracker.services.letters.context import build_context
from cada_tracker.services.letters.courts import default_court
from cada_tracker.services.letters.exhibits import exhibits_for, frozen_doc
from cada_tracker.services.letters.facts import Loaded, frozen_demande, user_draft

# The letter a request needs next, by state (`cada letter REF` without KIND).
NEXT_KIND = {
    "draft": "demande",
    "sent": "relance",
    "awaiting-reply": "relance",
    "awaiting-payment": "relance",
    "clarification-requested": "relance",
    "implicit-refusal": "saisine-cada",
    "refused": "saisine-cada",
    "partial": "saisine-cada",
    "not-held": "saisine-cada",
    "cada-referred": "information-saisine",
    "cada-opinion": "relance",
    "confirmed-refusal": "recours-ta",
}
# States in which a referral to the CADA is admissible (`cada escalate` without --force).
REFERRAL_STATES = frozenset({"implicit-refusal", "refused", "partial", "not-held"})
_NEEDS_SENT = frozenset({"relance", "demande-motifs", "saisine-cada", "information-saisine",
                         "recours-ta"})
_NEEDS_REFUSAL = frozenset({"demande-motifs", "saisine-cada", "information-saisine",
                            "recours-ta"})


# A passage the user must complete: "[À compléter : ...]", "[adresse du tribunal à compléter]".
_PLACEHOLDER = re.compile(r"\[[^\]]*[àÀ] compléter")


@dataclass
class Rendered:
    kind: str
    doc: LetterDoc
    notes: list[str] = field(default_factory=list)
    frozen_body: str | None = None  # the stored text, when the letter is the frozen one
    context: dict[str, Any] | None = None


def require_profile(loaded: Loaded) -> None:
    if loaded.profile is None:
        raise CadaError(M.PROFILE_MISSING)


def specimen(loaded: Loaded, notes: list[str] | None = None) -> bool:
    """An illustrative (demo) request: its letters are marked as specimens."""
    if not loaded.request.illustrative:
        return False
    if notes is not None:
        note = M.NOTE_SPECIMEN.format(reference=loaded.reference)
        if note not in notes:
            notes.append(note)
    return True


def choose_kind(loaded: Loaded, settings: Settings, today: date) -> str:
    """The letter the request needs next (docs/letters.md, "Which letter")."""
    kind = NEXT_KIND.get(loaded.state)
    if kind == "recours-ta" and inadmissible_reason(loaded, today) is not None:
        kind = None  # no court can admit it any more: only a new request starts again
    if kind is None:
        raise ConflictError(M.NO_LETTER_DUE.format(
            reference=loaded.reference, state=loaded.state,
            kinds=", ".join(available_kinds(settings.templates_dir))))
    return kind


def check_kind_fits(loaded: Loaded, kind: str, ctx: dict[str, Any], *,
                    premature_ok: bool = False) -> None:
    """A letter that the request's history cannot support: refuse rather than invent facts.
    premature_ok: `cada escalate --force` builds a referral before the refusal is born."""
    ref, state = loaded.reference, loaded.state
    dates: NS = ctx["dates"]
    refusal: NS = ctx["refusal"]
    if kind == "relance" and state in FINISHED_STATES:
        # nothing left to ask for: a reminder would say the documents never came
        raise ConflictError(M.KIND_AFTER_END.format(kind=kind, reference=ref, state=state))
    if kind in _NEEDS_SENT and not (dates.sent or dates.received):
        raise ConflictError(M.KIND_NEEDS_SENT.format(kind=kind, reference=ref, state=state))
    if kind in _NEEDS_REFUSAL and refusal.kind is None:
        raise ConflictError(M.KIND_NEEDS_REFUSAL.format(kind=kind, reference=ref, state=state))
    if kind == "demande-motifs" and refusal.kind != "implicit":
        raise ConflictError(M.MOTIFS_NOT_IMPLICIT.format(reference=ref))
    if kind in ("demande-motifs", "saisine-cada") and refusal.kind == "implicit" \
            and not premature_ok:
        # The implicit refusal is born at the end of B (domain.current_state): a letter citing
        # it, or referring it to the CADA, is possible from the next day (CRPA R343-1).
        b = refusal.date
        start = b + timedelta(days=1)
        if kind == "saisine-cada" and dates.cada_referral_from:
            start = max(start, dates.cada_referral_from)
        if ctx["today"] < start:
            raise ConflictError(M.KIND_TOO_EARLY.format(
                reference=ref, state=state, b=b.isoformat(), kind=kind,
                start=start.isoformat()))
    if kind == "information-saisine" and not (dates.cada_sent or dates.cada_registered):
        raise ConflictError(M.KIND_NEEDS_CADA.format(kind=kind, reference=ref))
    if kind == "recours-ta" and not (ctx["confirmation"] or dates.refusal_confirmed):
        raise ConflictError(M.KIND_NEEDS_CONFIRMED.format(reference=ref, state=state))


def _frozen(loaded: Loaded) -> Rendered | None:
    """The `demande` as sent, when it was frozen: its stored text, dated the day it was sent."""
    letter = frozen_demande(loaded)
    if letter is None:
        return None
    notes = [M.NOTE_FROZEN.format(date=letter.date.isoformat(), sha=letter.sha256[:12])]
    doc = frozen_doc(letter, loaded.reference)
    doc.letter_date = letter.date
    doc.specimen = specimen(loaded, notes)
    return Rendered("demande", doc, notes, frozen_body=letter.body)


def _user_draft(loaded: Loaded) -> Rendered | None:
    """Issue 11: the draft `demande` replaced by the user's text (`cada letter REF
    --from-file`), as it will be sent."""
    letter = user_draft(loaded)
    if letter is None:
        return None
    notes = [MC.NOTE_DRAFT_FROM_FILE.format(reference=loaded.reference, sha=letter.sha256[:12])]
    doc = frozen_doc(letter, loaded.reference)
    doc.specimen = specimen(loaded, notes)
    return Rendered("demande", doc, notes, frozen_body=letter.body)


def _notes_after(loaded: Loaded, kind: str, doc: LetterDoc, ctx: dict[str, Any],
                 notes: list[str]) -> None:
    """The warnings that go with a rendered letter (on stderr, in --json "warnings")."""
    if _PLACEHOLDER.search(doc.text()):
        notes.append(M.NOTE_PLACEHOLDER)
    by = ctx["dates"].cada_referral_by
    if kind == "relance" and loaded.state in REFERRAL_STATES and by:
        note = M.NOTE_RELANCE_AFTER_REFUSAL if loaded.state == "implicit-refusal" \
            else M.NOTE_RELANCE_AFTER_EXPLICIT
        notes.append(note.format(date=by.isoformat(), reference=loaded.reference))
    transfer = ctx.get("transfer")
    linked = transfer_links(loaded.events).get("to")
    if kind in ("saisine-cada", "information-saisine") and transfer is not None \
            and linked is not None:  # issue 11 point 8: the request `--to` created
        notes.append(M.NOTE_TRANSFERRED_LINKED.format(
            reference=loaded.reference, date=transfer.date.isoformat(),
            authority=loaded.authority.name, linked=linked.reference))
    elif kind in ("saisine-cada", "information-saisine") and transfer is not None:
        notes.append(M.NOTE_TRANSFERRED.format(
            reference=loaded.reference, date=transfer.date.isoformat(),
            to=f" ({transfer.note})" if transfer.note else "", authority=loaded.authority.name))
    if kind == "demande-motifs":
        notes.append(M.NOTE_MOTIFS.format(
            by=M.NOTE_REFERRAL_BY.format(date=by.isoformat()) if by else ""))
    if kind == "recours-ta":
        _notes_recours_ta(loaded, ctx, notes)


def _notes_recours_ta(loaded: Loaded, ctx: dict[str, Any], notes: list[str]) -> None:
    """Issue 9 (review point 9): an estimated K, and the engine's [U] readings under which
    the CADA referral was late (the application may then be found inadmissible)."""
    confirmed = ctx["dates"].refusal_confirmed
    if ctx["registration_estimated"] and confirmed and not ctx["confirmation"]:
        notes.append(M.NOTE_K_ESTIMATED.format(date=confirmed.isoformat(),
                                               reference=loaded.reference))
    for warning in loaded.timeline.warnings:
        if warning.startswith(LM.WARN_REFERRAL_LOGGED_PREFIX):
            notes.append(M.NOTE_REFERRAL_READING.format(warning=warning))


def render_doc(
    loaded: Loaded,
    settings: Settings,
    kind: str,
    today: date,
    *,
    court: str | None = None,
    exhibits: list[NS] | None = None,
    use_frozen: bool = True,
    premature_ok: bool = False,
    inadmissible_ok: bool = False,
    frais: str | None = None,
    open_format: bool = False,
) -> Rendered:
    """Render a letter into a LetterDoc (not yet a format). inadmissible_ok: a `recours-ta`
    that no court could admit is rendered with a warning instead of refused (exit 4)."""
    require_profile(loaded)
    assert loaded.profile is not None
    if kind == "demande" and use_frozen:
        frozen = _frozen(loaded) or _user_draft(loaded)
        if frozen is not None:
            return frozen
    notes: list[str] = []
    if kind == "recours-ta":
        notes.extend(check_recours_ta(loaded, today, allow=inadmissible_ok))
    if exhibits is None:
        exhibits = exhibits_for(loaded, kind, notes=notes)
    department = loaded.authority.department
    if kind == "recours-ta" and not court:
        court = default_court(department)
        if court:
            notes.append(M.NOTE_DEFAULT_COURT.format(court=court, department=department))
    ctx = build_context(loaded, kind, today, exhibits=exhibits, court=court, frais=frais,
                        open_format=open_format)
    if kind in KINDS:
        check_kind_fits(loaded, kind, ctx, premature_ok=premature_ok)
    rendered = render_template(kind, ctx, settings.templates_dir,
                               loaded.template if kind == "demande" else None)
    doc = letterdoc.compose(
        kind,
        rendered,
        sender=sender(loaded.profile),
        recipient=recipient(loaded.authority, kind, court),
        place_date=ctx["place_date"],
        signature=[loaded.profile.name],
        letter_date=today,
        reference=loaded.reference,
    )
    doc.specimen = specimen(loaded, notes)
    _notes_after(loaded, kind, doc, ctx, notes)
    return Rendered(kind, doc, notes, context=ctx)
