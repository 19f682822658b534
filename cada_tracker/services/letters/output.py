"""`cada letter REF [KIND] --format F`: one unit of work from the reference to the bytes to
print or write, and the formats (text, Markdown, HTML, PDF, e-mail) of a composed letter."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from cada_tracker.context import Context
from cada_tracker.display import shown
from cada_tracker.domain.email_address import parse_email
from cada_tracker.errors import CadaError, ConflictError, UsageError
from cada_tracker.messages import letters as M
from cada_tracker.messages import mail_send as MS
from cada_tracker.paths import Settings
from cada_tracker.render import letters as R
from cada_tracker.render.letterdoc import FORMATS, with_specimen
from cada_tracker.render.templates import template_sources
from cada_tracker.services.derived import require_existed
from cada_tracker.services.letters.arguments import read_arguments, store_arguments
from cada_tracker.services.letters.compose import Rendered, choose_kind, render_doc, require_profile
from cada_tracker.services.letters.courts import cada_addressee
from cada_tracker.services.letters.dossier import PdfMaker, exhibit_files
from cada_tracker.services.letters.dossier_files import glyph_note, safe_name
from cada_tracker.services.letters.facts import Loaded, frozen_demande, load
from cada_tracker.storage.requests import get_request, set_open_format
from cada_tracker.storage.sql import session_unit

# Letters that go to a court, never by e-mail (a user template may add others).
COURT_KINDS = frozenset({"recours-ta"})


@dataclass
class Output:
    kind: str
    data: bytes
    notes: list[str]
    chosen: bool  # the kind was chosen from the state


def letter(ctx: Context, reference: str, kind: str | None, fmt: str, *,
           court: str | None = None, frais: str | None = None,
           open_format: bool = False, inadmissible_ok: bool = False,
           arguments: Path | None = None) -> Output:
    """`cada letter REF [KIND] --format F`: the bytes to print or write.

    frais: the L761-1 CJA claim of recours-ta (checked by `parse_frais`); open_format: the
    demande asks for an open, reusable format (CRPA L300-4). Each is refused (exit 2) on
    another kind, and open_format on a demande already sent (exit 4: its text is frozen).
    inadmissible_ok: `--allow-inadmissible`, see services.letters.admissibility.
    arguments: a file of the requester's arguments, stored with the request (replacing the
    previous ones) in the same unit of work as the letter (issue 9, point 10)."""
    frais = parse_frais(frais) if frais is not None else None
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
        loaded = load(session_unit(session).query, request.reference, today,
                      need_timeline=kind != "demande")
        require_existed(loaded.request, today)
        require_profile(loaded)
        chosen = kind is None
        notes: list[str] = []
        if kind is None:
            kind = choose_kind(loaded, settings, today)
            notes.append(M.NOTE_DRAFT_KIND.format(kind=kind, reference=reference,
                                                  state=loaded.state))
            check_format_fits(kind, fmt)
        if stored:
            notes.append(stored)
        check_letter_options(loaded, kind, frais=frais, open_format=open_format,
                             inadmissible_ok=inadmissible_ok)
        result = render_doc(loaded, settings, kind, today, court=court, frais=frais,
                            open_format=open_format, inadmissible_ok=inadmissible_ok)
        if open_format and not loaded.open_format:
            set_open_format(session, request)
            notes.append(M.NOTE_OPEN_FORMAT_STORED.format(reference=reference))
        notes.extend(result.notes)
        data = format_doc(result, loaded, settings, fmt, today, notes=notes, ctx=ctx)
    return Output(kind, data, notes, chosen)


# An L761-1 claim is a few hundred or thousand euros; more is a typing error.
FRAIS_MAX = 1_000_000


def parse_frais(value: str) -> str:
    """The L761-1 amount in euros, normalised ("150", "150.5" -> "150.50"; a decimal comma is
    accepted): a positive number with at most two decimals (UsageError, exit 2, otherwise)."""
    from decimal import Decimal, InvalidOperation

    text = value.strip().replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        amount = Decimal("NaN")
    exponent = amount.as_tuple().exponent
    if (not amount.is_finite() or amount <= 0 or amount > FRAIS_MAX
            or not isinstance(exponent, int)
            or exponent < -2 or not text.replace(".", "", 1).isdigit()):
        raise UsageError(M.FRAIS_BAD.format(value=shown(value)))
    if amount == amount.to_integral_value():
        return str(int(amount))
    return f"{amount:.2f}"


def check_letter_options(loaded: Loaded, kind: str, *, frais: str | None,
                         open_format: bool, inadmissible_ok: bool = False) -> None:
    """--frais and --allow-inadmissible are for recours-ta, --open-format for a demande not
    yet sent."""
    if frais is not None and kind != "recours-ta":
        raise UsageError(M.FRAIS_WRONG_KIND.format(kind=kind))
    if inadmissible_ok and kind != "recours-ta":
        raise UsageError(M.ALLOW_INADMISSIBLE_WRONG_KIND.format(kind=kind))
    if open_format and kind != "demande":
        raise UsageError(M.OPEN_FORMAT_WRONG_KIND.format(kind=kind))
    if open_format and frozen_demande(loaded) is not None:
        raise ConflictError(M.OPEN_FORMAT_FROZEN.format(reference=loaded.reference))


def templates(ctx: Context) -> list[dict[str, Any]]:
    """The letter templates and where each comes from (`cada letter templates`)."""
    return template_sources(ctx.settings.templates_dir)


def check_format_fits(kind: str | None, fmt: str) -> None:
    """eml is for letters sent by e-mail: to the authority, or to the CADA (exit 2 otherwise)."""
    if fmt == "eml" and kind in COURT_KINDS:
        raise UsageError(M.COURT_NO_EMAIL.format(kind=kind))


def format_doc(result: Rendered, loaded: Loaded, settings: Settings, fmt: str,
               today: date, *, notes: list[str] | None = None,
               ctx: Context | None = None, from_text: str | None = None) -> bytes:
    """The letter in `fmt`. eml needs `ctx` for a saisine-cada (its exhibits are read from
    the document store); from_text: the sender's address when not the profile's (`cada send`
    with a `from` address in the mail settings, issue 12)."""
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
            notes.append(glyph_note(dropped, M.GLYPHS_IN_PDF))
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
        to_name, to_text, to_what = cada.name, cada.email, M.EML_CADA_ADDRESS
    else:
        if not authority.email:
            raise CadaError(M.AUTHORITY_NO_EMAIL.format(slug=authority.slug))
        to_name, to_text = authority.name, authority.email
        to_what = M.EML_AUTHORITY_ADDRESS.format(slug=authority.slug)
    from_addr = parse_email(from_text, MS.FROM_ADDRESS_WHAT) if from_text \
        else parse_email(profile.email, M.EML_PROFILE_ADDRESS)
    to_addr = parse_email(to_text, to_what)
    out = notes if notes is not None else []
    for addr in (from_addr, to_addr):
        if addr.needs_smtputf8:
            out.append(M.NOTE_EML_SMTPUTF8.format(address=addr.for_header))
    attachments = _eml_attachments(result, loaded, out, ctx)
    out.append(M.NOTE_EML_ATTACHED.format(names=", ".join(a[0] for a in attachments)))
    return R.to_eml(doc, from_name=profile.name, from_addr=from_addr, to_name=to_name,
                    to_addr=to_addr, when=doc.letter_date or today, attachments=attachments)


def _plain_name(name: str) -> str:
    """A file name as an attachment carries it: no folder, no control character."""
    base = re.split(r"[/\\]", name)[-1]
    return "".join(ch if ch.isprintable() else "_" for ch in base).strip() or "document"


def _eml_attachments(result: Rendered, loaded: Loaded, notes: list[str],
                     ctx: Context | None) -> list[tuple[str, str, bytes]]:
    """The letter as PDF; for a saisine-cada, its numbered exhibits (the letters as frozen,
    the silence note, the files attached to events), named as in the `cada escalate`
    dossier."""
    pdf = PdfMaker()
    name = f"{safe_name(result.kind)}-{safe_name(loaded.reference)}.pdf"
    attachments = [(name, "application/pdf", pdf(name, result.doc))]
    exhibits = (result.context or {}).get("exhibits") or []
    if result.kind == "saisine-cada" and exhibits:
        assert ctx is not None
        files = exhibit_files(ctx, loaded, exhibits, result.context or {}, notes, pdf)
        for e in exhibits:
            if e.file not in files:
                continue  # "missing": nothing to attach
            media, data = files[e.file]
            # A stored file keeps its original name (after the exhibit number), as received.
            name = f"piece-{e.number:02d}-{_plain_name(e.document.original_name)}" \
                if e.source == "document" else e.file
            attachments.append((name, media, data))
    note = pdf.note()
    if note:
        notes.append(note)
    return attachments
