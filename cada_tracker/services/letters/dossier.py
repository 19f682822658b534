"""`cada escalate`: the CADA referral dossier of a request (the saisine-cada letter in text and
PDF, the numbered exhibits, the bordereau), checked, rendered in memory, then written at once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import SimpleNamespace as NS
from typing import Any

from cada_tracker.context import Context
from cada_tracker.errors import CadaError, ConflictError, UsageError
from cada_tracker.messages import letters as M
from cada_tracker.render.letterdoc import LetterDoc, parse_text, with_specimen
from cada_tracker.render.letters import to_pdf, to_text
from cada_tracker.render.templates import render_template
from cada_tracker.services.derived import require_existed
from cada_tracker.services.letters.compose import (
    REFERRAL_STATES,
    render_doc,
    require_profile,
    specimen,
)
from cada_tracker.services.letters.context import referral_deadline, refusal_is_implicit
from cada_tracker.services.letters.dossier_files import (
    check_dossier_targets,
    glyph_note,
    safe_name,
    write_dossier,
)
from cada_tracker.services.letters.exhibits import exhibits_for, frozen_doc
from cada_tracker.services.letters.facts import Loaded, deadline_date, first, load
from cada_tracker.storage.requests import get_request
from cada_tracker.storage.sql import session_unit


@dataclass
class Dossier:
    folder: Path
    zip_path: Path
    files: list[str]  # names inside the folder, in order
    exhibits: list[NS]
    notes: list[str]
    next_steps: list[str]


def default_dossier_dir(reference: str) -> Path:
    return Path.cwd() / f"saisine-cada-{safe_name(reference)}"


def _check_admissible(loaded: Loaded, today: date, force: bool) -> None:
    """A referral before the refusal, too early, or too late: a conflict, unless --force."""
    if force:
        return
    reference, state, tl = loaded.reference, loaded.state, loaded.timeline
    if state not in REFERRAL_STATES:
        raise ConflictError(M.ESCALATE_NOT_ADMISSIBLE.format(reference=reference, state=state))
    start = deadline_date(tl, "cada_referral_from")
    if start and today < start:
        raise ConflictError(M.ESCALATE_TOO_EARLY.format(
            reference=reference, b=deadline_date(tl, "implicit_refusal"), start=start))
    deadline = referral_deadline(loaded, today)
    if deadline is not None and deadline.late:
        if deadline.opposable:
            why = M.WHY_OPPOSABLE_AR if refusal_is_implicit(loaded) \
                else M.WHY_OPPOSABLE_DECISION
            raise ConflictError(M.ESCALATE_DEADLINE_PASSED.format(
                reference=reference, date=deadline.date.isoformat(), why=why))
        if deadline.long_stop_passed:
            raise ConflictError(M.ESCALATE_LONG_STOP_PASSED.format(
                reference=reference, date=deadline.long_stop.isoformat()))


def escalate(ctx: Context, reference: str, out_dir: Path | None, *,
             force: bool = False) -> Dossier:
    """Build the dossier in one unit of work (read only: nothing is recorded)."""
    with ctx.transaction() as session:
        loaded = load(session_unit(session).query, get_request(session, reference).reference,
                      ctx.today)
        require_existed(loaded.request, ctx.today)
        require_profile(loaded)
        _check_admissible(loaded, ctx.today, force)
        folder = Path(out_dir) if out_dir is not None else default_dossier_dir(reference)
        folder = folder.absolute()
        if folder.name in ("", ".", ".."):
            raise UsageError(M.ESCALATE_BAD_FOLDER.format(path=out_dir))
        zip_path = folder.with_name(folder.name + ".zip")
        check_dossier_targets(folder, zip_path, force=force)
        notes: list[str] = []
        exhibits = exhibits_for(loaded, "saisine-cada", notes=notes)
        # Render everything in memory first: a template error leaves nothing behind.
        files = _render_files(ctx, loaded, exhibits, notes, force)
    write_dossier(folder, zip_path, files, force=force)
    return Dossier(folder, zip_path, list(files), exhibits, notes,
                   _next_steps(loaded, ctx.today, folder, zip_path, exhibits))


class PdfMaker:
    """PDFs of LetterDocs, remembering the characters the font could not draw and where."""

    def __init__(self) -> None:
        self.dropped: dict[str, str] = {}
        self.dropped_in: list[str] = []

    def __call__(self, name: str, doc: LetterDoc) -> bytes:
        before = len(self.dropped)
        data = to_pdf(doc, self.dropped)
        if len(self.dropped) > before or any(ch in self.dropped for ch in doc.text()):
            self.dropped_in.append(name)
        return data

    def note(self) -> str | None:
        return glyph_note(self.dropped, ", ".join(self.dropped_in)) if self.dropped else None


def exhibit_files(ctx: Context, loaded: Loaded, exhibits: list[NS], context: dict[str, Any],
                  notes: list[str], pdf: PdfMaker) -> dict[str, tuple[str, bytes]]:
    """The file of each exhibit that has one, by name: (media type, bytes); sets `e.file`.
    Letters (the request as sent, the letters frozen with their events) become PDFs, the
    silence note text, attached documents their stored bytes; "missing" ones have no file."""
    mark = specimen(loaded)
    files: dict[str, tuple[str, bytes]] = {}
    for e in exhibits:
        prefix = f"piece-{e.number:02d}"
        if e.source == "letter":
            doc = frozen_doc(e.letter, loaded.reference) if e.letter is not None \
                else _demande_doc(loaded, ctx, notes)
            doc.specimen = mark
            e.file = f"{prefix}-{e.letter.kind if e.letter is not None else 'demande'}.pdf"
            files[e.file] = ("application/pdf", pdf(e.file, doc))
        elif e.source == "note":
            e.file = f"{prefix}-note-silence.txt"
            note = render_template("_note-silence", context, ctx.settings.templates_dir)
            files[e.file] = ("text/plain", with_specimen(note, mark).encode("utf-8"))
        elif e.source == "document":
            e.file = f"{prefix}-{safe_name(e.document.original_name)}"
            files[e.file] = (e.document.media_type, _stored_bytes(
                ctx, e.document.original_name, e.document.sha256))
        # "missing": listed as "à joindre" in the bordereau, no file
    return files


def _render_files(ctx: Context, loaded: Loaded, exhibits: list[NS], notes: list[str],
                  force: bool) -> dict[str, bytes]:
    settings, today = ctx.settings, ctx.today
    letter_res = render_doc(loaded, settings, "saisine-cada", today, exhibits=exhibits,
                            premature_ok=force)
    notes.extend(letter_res.notes)
    context = letter_res.context or {}
    mark = specimen(loaded, notes)
    pdf = PdfMaker()
    files: dict[str, bytes] = {}
    files["saisine-cada.txt"] = to_text(letter_res.doc).encode("utf-8")
    files["saisine-cada.pdf"] = pdf("saisine-cada.pdf", letter_res.doc)
    for name, (_, data) in exhibit_files(ctx, loaded, exhibits, context, notes, pdf).items():
        files[name] = data
    bordereau = render_template(
        "_bordereau", {**context, "exhibits": exhibits}, settings.templates_dir)
    files["bordereau.txt"] = with_specimen(bordereau, mark).encode("utf-8")
    note = pdf.note()
    if note:
        notes.append(note)
    return files


def _by(today: date, by: date | None, safe: date | None) -> str:
    """" by SAFE (the strict reading), at the latest by DATE" while the referral is in time."""
    if by is None or safe is None or today > by:
        return ""
    if safe < by and today <= safe:
        return M.ESCALATE_NEXT_BY_SAFE.format(safe=safe.isoformat(), date=by.isoformat())
    return M.ESCALATE_NEXT_BY.format(date=by.isoformat())


def _next_steps(loaded: Loaded, today: date, folder: Path, zip_path: Path,
                exhibits: list[NS]) -> list[str]:
    reference = loaded.reference
    deadline = loaded.timeline.get("cada_referral_by")
    by = deadline.date if deadline else None
    safe = deadline.safe_date if deadline and deadline.safe_date else by
    steps = [M.ESCALATE_DONE.format(folder=folder, zip=zip_path)]
    steps.extend(M.ESCALATE_TO_ATTACH.format(number=e.number, title=e.title)
                 for e in exhibits if e.missing)
    if specimen(loaded):
        steps.append(M.ESCALATE_SPECIMEN.format(reference=reference))
    else:
        steps.append(M.ESCALATE_NEXT.format(
            letter=folder / "saisine-cada.pdf", reference=reference,
            by=_by(today, by, safe)))
        steps.append(M.ESCALATE_INFORM.format(reference=reference))
    return steps


def _demande_doc(loaded: Loaded, ctx: Context, notes: list[str]) -> LetterDoc:
    """Exhibit 1: the frozen request as sent; else the stored draft; else a fresh rendering."""
    ref = loaded.reference
    frozen = [lt for lt in loaded.letters if lt.frozen and lt.kind == "demande"]
    if frozen:
        return frozen_doc(frozen[-1], ref)
    drafts = [lt for lt in loaded.letters if lt.kind == "demande"]
    if drafts:
        notes.append(M.ESCALATE_NO_DEMANDE)
        return parse_text("demande", drafts[-1].body, reference=ref)
    notes.append(M.ESCALATE_RENDERED_DEMANDE)
    sent = first(loaded.events, "sent")
    when = sent.date if sent else loaded.request.created_on
    return render_doc(loaded, ctx.settings, "demande", when, use_frozen=False).doc


def _stored_bytes(ctx: Context, name: str, sha256: str) -> bytes:
    try:
        return ctx.store.path_for(sha256).read_bytes()
    except OSError:
        raise CadaError(M.ESCALATE_MISSING_FILE.format(name=name, sha=sha256[:12])) from None
