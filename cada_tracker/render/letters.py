"""A `LetterDoc` in each format: text, Markdown, HTML, e-mail (and PDF, in render.pdf).

A template (`letter_templates/<kind>.j2`, render.templates) produces plain text: the heading
lines ("Objet : ...", "Réf. : ...") up to the first blank line, then the body ("Madame,
Monsieur," ... salutations). The frame — sender block, recipient block, place and date,
signature — is added per format from the same LetterDoc (render.letterdoc). Templates are
format-neutral plain text: the HTML page escapes everything they produce (the page itself is
`_page.html.j2`, rendered with autoescape on).

Jinja2 and fpdf2 are imported inside the functions.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from cada_tracker.domain.email_address import EmailAddress
from cada_tracker.messages import letters as M
from cada_tracker.render.letterdoc import (
    ITEM,
    SPECIMEN,
    SPECIMEN_SUBJECT,
    LetterDoc,
    is_heading,
    with_specimen,
)
from cada_tracker.render.pdf import render_pdf
from cada_tracker.render.templates import (
    PAGE_TEMPLATE,
    TemplateFailure,
    make_env,
    tidy,
    unreadable,
)


def to_text(doc: LetterDoc) -> str:
    return with_specimen(doc.text(), doc.specimen)


def to_markdown(doc: LetterDoc) -> str:
    def block(lines: list[str]) -> str:
        return "  \n".join(_md_escape_line(x) for x in lines)

    parts = []
    if doc.specimen:
        parts.append(f"**{_md_escape_line(SPECIMEN)}**")
    if doc.sender:
        parts.append(block(doc.sender))
    if doc.recipient:
        parts.append(block(doc.recipient))
    if doc.place_date:
        parts.append(_md_escape_line(doc.place_date))
    head = []
    for line in doc.head:
        label, sep, rest = line.partition(" : ")
        head.append(f"**{label} :** {_md_escape_line(rest)}" if sep else _md_escape_line(line))
    if head:
        parts.append("  \n".join(head))
    for lines in doc.paragraphs():
        if is_heading(lines):
            parts.append(f"**{_md_escape_line(lines[0])}**")
        elif all(ITEM.match(x) for x in lines):
            parts.append("\n".join(_md_item(x) for x in lines))
        else:
            parts.append("  \n".join(_md_escape_line(x) if not ITEM.match(x) else _md_item(x)
                                     for x in lines))
    if doc.signature:
        parts.append(block(doc.signature))
    return "\n\n".join(parts) + "\n"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _md_escape_line(text: str) -> str:
    out = _MD_SPECIAL.sub(r"\\\1", text)
    # A line starting with "1. " or "- " would become a list item where none is meant.
    return re.sub(r"^(\d+)\. ", r"\1\\. ", out)


def _md_item(line: str) -> str:
    m = ITEM.match(line)
    assert m is not None
    marker = m.group(1) if m.group(1)[0].isdigit() else "-"
    return marker + " " + _MD_SPECIAL.sub(r"\\\1", m.group(2))


def to_html(doc: LetterDoc, user_dir: Path | None) -> str:
    """A standalone, printable HTML page (rendered with autoescape on)."""
    from jinja2 import TemplateError

    env = make_env(user_dir, autoescape=True)
    paragraphs: list[dict[str, Any]] = []
    for lines in doc.paragraphs():
        matches = [ITEM.match(x) for x in lines]
        items = [m for m in matches if m is not None]
        if is_heading(lines):
            paragraphs.append({"kind": "heading", "lines": lines})
        elif len(items) == len(lines):
            paragraphs.append({
                "kind": "list",
                "ordered": items[0].group(1)[0].isdigit(),
                "lines": [m.group(2) for m in items],
            })
        else:
            paragraphs.append({"kind": "text", "lines": lines})
    head = []
    for line in doc.head:
        label, sep, rest = line.partition(" : ")
        head.append({"label": label if sep else "", "text": rest if sep else line})
    specimen = SPECIMEN if doc.specimen else None
    try:
        page = env.get_template(PAGE_TEMPLATE)
        out = tidy(page.render(letter=doc, head=head, paragraphs=paragraphs, specimen=specimen))
    except TemplateError as exc:
        raise TemplateFailure(M.TEMPLATE_RENDER_FAILED.format(
            file=PAGE_TEMPLATE, line=getattr(exc, "lineno", "?") or "?", error=exc)) from None
    except (UnicodeDecodeError, OSError) as exc:
        raise unreadable(exc, PAGE_TEMPLATE, user_dir) from None
    if specimen and html_escape(specimen) not in out:
        # A user page template that ignores `specimen`: the mark goes in all the same.
        mark = f'<p class="specimen">{html_escape(specimen)}</p>'
        m = re.search(r"<body[^>]*>", out, flags=re.I)
        out = out[: m.end()] + "\n" + mark + out[m.end():] if m else mark + "\n" + out
    return out


def html_escape(text: str) -> str:
    return html_lib.escape(text, quote=True)


def to_eml(
    doc: LetterDoc,
    *,
    from_name: str,
    from_addr: EmailAddress,
    to_name: str,
    to_addr: EmailAddress,
    when: date,
    attachments: Sequence[tuple[str, str, bytes]] = (),
) -> bytes:
    """An RFC 5322 message, ready to send: From, To, Subject (with the reference), Date; the
    letter as the text body, then each attachment (file name, media type, bytes) as a MIME
    part. Domains are in ASCII (IDNA); a non-ASCII local part makes it an SMTPUTF8 message
    (RFC 6531/6532: UTF-8 headers), which only servers announcing SMTPUTF8 accept."""
    from email.headerregistry import Address
    from email.message import EmailMessage
    from email.policy import SMTPUTF8, default
    from email.utils import format_datetime, make_msgid

    utf8 = from_addr.needs_smtputf8 or to_addr.needs_smtputf8
    msg = EmailMessage(policy=SMTPUTF8.clone(linesep="\n") if utf8 else default)
    msg["From"] = Address(from_name, from_addr.local, from_addr.ascii_domain)
    msg["To"] = Address(to_name, to_addr.local, to_addr.ascii_domain)
    subject = doc.subject
    if doc.reference and f"Réf. {doc.reference}" not in subject:
        # the reference, as replies keep it in their subject (issue 12: matched back by it)
        subject = f"{subject} (Réf. {doc.reference})"
    if doc.specimen:
        subject = f"{SPECIMEN_SUBJECT} {subject}"
    msg["Subject"] = subject
    msg["Date"] = format_datetime(_letter_datetime(when))
    msg["Message-ID"] = make_msgid(idstring=_safe_id(doc.reference),
                                   domain=from_addr.ascii_domain)
    msg["Content-Language"] = "fr"
    lines = [h for h in doc.head if not h.lower().startswith("objet")]
    body = "\n\n".join(
        x for x in ("\n".join(lines), doc.body, "\n".join(doc.signature + doc.sender[1:])) if x
    )
    body = with_specimen(body, doc.specimen)
    msg.set_content(body + "\n", charset="utf-8")
    for name, media_type, data in attachments:
        maintype, _, subtype = media_type.partition("/")
        if not (maintype and subtype) or not _TOKEN.match(maintype + subtype):
            maintype, subtype = "application", "octet-stream"
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg.as_bytes()


# A MIME type's parts: RFC 2045 tokens (a stored type that is not one is sent as octet-stream).
_TOKEN = re.compile(r"^[A-Za-z0-9!#$&^_.+-]+$")


def _safe_id(text: str) -> str | None:
    cleaned = re.sub(r"[^A-Za-z0-9.-]", "-", text or "")
    return f"cada-{cleaned}" if cleaned else None


def _letter_datetime(when: date) -> datetime:
    try:
        from zoneinfo import ZoneInfo

        tz = ZoneInfo("Europe/Paris")
    except Exception:  # noqa: BLE001 - no tz database: use the local offset
        return datetime.combine(when, time(9, 0)).astimezone()
    return datetime.combine(when, time(9, 0), tzinfo=tz)


def to_pdf(doc: LetterDoc, dropped: dict[str, str] | None = None) -> bytes:
    """The PDF; `dropped` receives the characters its font cannot draw (replaced by a mark)."""
    return render_pdf(doc, dropped=dropped)
