"""`cada letter REF [KIND] --format F`: one unit of work from the reference to the bytes to
print or write, and the formats (text, Markdown, HTML, PDF, e-mail) of a composed letter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from cada_tracker.context import Context
from cada_tracker.errors import CadaError, UsageError
from cada_tracker.messages import letters as M
from cada_tracker.paths import Settings
from cada_tracker.render import letters as R
from cada_tracker.render.letterdoc import FORMATS, with_specimen
from cada_tracker.render.templates import template_sources
from cada_tracker.services.letters.arguments import read_arguments, store_arguments
from cada_tracker.services.letters.compose import Rendered, choose_kind, render_doc, require_profile
from cada_tracker.services.letters.courts import cada_addressee
from cada_tracker.services.letters.facts import Loaded, load
from cada_tracker.storage.requests import get_request

# Letters that go to a court, never by e-mail (a user template may add others).
COURT_KINDS = frozenset({"recours-ta"})


@dataclass
class Output:
    kind: str
    data: bytes
    notes: list[str]
    chosen: bool  # the kind was chosen from the state


def letter(ctx: Context, reference: str, kind: str | None, fmt: str, *,
           court: str | None = None, arguments: Path | None = None) -> Output:
    """`cada letter REF [KIND] --format F`: the bytes to print or write.

    arguments: a file of the requester's arguments, stored with the request (replacing the
    previous ones) in the same unit of work as the letter (issue 9, point 10)."""
    if fmt not in FORMATS:
        raise UsageError(M.UNKNOWN_FORMAT.format(fmt=fmt, formats=", ".join(FORMATS)))
    check_format_fits(kind, fmt)
    settings, today = ctx.settings, ctx.today
    text = read_arguments(arguments) if arguments is not None else None
    with ctx.transaction() as session:
        request = get_request(session, reference)
        stored = None
        if arguments is not None and text is not None:
            stored = store_arguments(session, request, text, arguments)
        loaded = load(session, request, today, need_timeline=kind != "demande")
        require_profile(loaded)
        chosen = kind is None
        notes: list[str] = []
        if kind is None:
            kind = choose_kind(loaded, settings)
            notes.append(M.NOTE_DRAFT_KIND.format(kind=kind, reference=reference,
                                                  state=loaded.state))
            check_format_fits(kind, fmt)
        if stored:
            notes.append(stored)
        result = render_doc(loaded, settings, kind, today, court=court)
        notes.extend(result.notes)
        data = format_doc(result, loaded, settings, fmt, today, notes=notes)
    return Output(kind, data, notes, chosen)


def templates(ctx: Context) -> list[dict[str, Any]]:
    """The letter templates and where each comes from (`cada letter templates`)."""
    return template_sources(ctx.settings.templates_dir)


def check_format_fits(kind: str | None, fmt: str) -> None:
    """eml is for letters sent by e-mail: to the authority, or to the CADA (exit 2 otherwise)."""
    if fmt == "eml" and kind in COURT_KINDS:
        raise UsageError(M.COURT_NO_EMAIL.format(kind=kind))


def glyph_note(dropped: dict[str, str], where: str) -> str:
    """The one warning line for characters a PDF font could not draw (char -> its mark)."""
    shown = [f"'{ch}' (U+{ord(ch):04X})" for ch in list(dropped)[:10]]
    more = len(dropped) - len(shown)
    chars = ", ".join(shown) + (f" and {more} more" if more > 0 else "")
    repl = "' or '".join(dict.fromkeys(dropped.values()))
    return M.PDF_GLYPHS_REPLACED.format(chars=chars, repl=repl, where=where)


def format_doc(result: Rendered, loaded: Loaded, settings: Settings, fmt: str,
               today: date, *, notes: list[str] | None = None) -> bytes:
    doc = result.doc
    if fmt == "text":
        if result.frozen_body is not None:
            return with_specimen(result.frozen_body, doc.specimen).encode("utf-8")
        return R.to_text(doc).encode("utf-8")
    if fmt == "markdown":
        return R.to_markdown(doc).encode("utf-8")
    if fmt == "html":
        return R.to_html(doc, settings.templates_dir).encode("utf-8")
    if fmt == "pdf":
        dropped: dict[str, str] = {}
        data = R.to_pdf(doc, dropped)
        if dropped and notes is not None:
            notes.append(glyph_note(dropped, "the PDF"))
        return data
    # eml
    check_format_fits(result.kind, fmt)
    profile, authority = loaded.profile, loaded.authority
    if profile is None:
        raise CadaError(M.PROFILE_MISSING)
    if not profile.email:
        raise CadaError(M.PROFILE_NO_EMAIL)
    if result.kind == "saisine-cada":
        cada = cada_addressee()
        to_name, to_addr = cada.name, cada.email
    else:
        if not authority.email:
            raise CadaError(M.AUTHORITY_NO_EMAIL.format(slug=authority.slug))
        to_name, to_addr = authority.name, authority.email
    return R.to_eml(doc, from_name=profile.name, from_addr=profile.email, to_name=to_name,
                    to_addr=to_addr, when=doc.letter_date or today)
