"""Letters: Jinja2 templates rendered to a `LetterDoc`, then to text, Markdown, HTML, PDF or e-mail.

A template (`letter_templates/<kind>.j2`) produces plain text: the heading lines ("Objet : ...",
"Réf. : ...") up to the first blank line, then the body ("Madame, Monsieur," ... salutations).
The frame — sender block, recipient block, place and date, signature — is added here, per
format, from the same context. Templates are format-neutral plain text: the HTML page escapes
everything they produce (the page itself is `_page.html.j2`, rendered with autoescape on).

A user template with the same name in `CADA_HOME/letter_templates/` overrides the packaged one;
the packaged ones stay reachable as `cada/<name>` (for `{% extends "cada/demande.j2" %}`).

Jinja2 and fpdf2 are imported inside the functions (this module is off the --help path, but it
stays cheap to import all the same).
"""

from __future__ import annotations

import html as html_lib
import re
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from cada_tracker.dates import french_long
from cada_tracker.errors import CadaError, NotFoundError
from cada_tracker.messages import letters as M
from cada_tracker.render.letterdoc import (  # noqa: F401 - re-exported
    FORMATS,
    ITEM,
    SPECIMEN,
    SPECIMEN_SUBJECT,
    LetterDoc,
    is_heading,
    with_specimen,
)
from cada_tracker.render.pdf import render_pdf
from cada_tracker.resources import templates_dir

SUFFIX = ".j2"
KINDS = (
    "demande",
    "relance",
    "demande-motifs",
    "saisine-cada",
    "information-saisine",
    "recours-ta",
)
PAGE_TEMPLATE = "_page.html.j2"


class TemplateFailure(CadaError):
    """A template that cannot be read, parsed or rendered (exit 1)."""


# --------------------------------------------------------------------------------------
# Templates: environment, listing, rendering
# --------------------------------------------------------------------------------------


def fr_date(value: Any) -> str:
    """Jinja filter: a date in French long form ("7 février 2020", "1er mars 2020")."""
    if value is None:
        raise ValueError(M.FILTER_NO_DATE)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return french_long(value)


def ucfirst(value: Any) -> str:
    """Jinja filter: upper-case the first letter only ("la Ville" -> "La Ville")."""
    text = str(value)
    return text[:1].upper() + text[1:]


def make_env(user_dir: Path | None, *, autoescape: bool = False):  # noqa: ANN201
    """Jinja2 environment: StrictUndefined, user folder first, then the packaged templates."""
    from jinja2 import (
        BaseLoader,
        ChoiceLoader,
        Environment,
        FileSystemLoader,
        PrefixLoader,
        StrictUndefined,
    )

    packaged = FileSystemLoader(str(templates_dir()), encoding="utf-8")
    loaders: list[BaseLoader] = []
    if user_dir is not None:
        loaders.append(FileSystemLoader(str(user_dir), encoding="utf-8"))
    loaders.append(packaged)
    loaders.append(PrefixLoader({"cada": packaged}))
    env = Environment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["fr_date"] = fr_date
    env.filters["ucfirst"] = ucfirst
    return env


def _names_in(folder: Path | None) -> dict[str, Path]:
    if folder is None or not folder.is_dir():
        return {}
    return {
        p.name[: -len(SUFFIX)]: p
        for p in sorted(folder.iterdir())
        if p.is_file() and p.name.endswith(SUFFIX) and not p.name.startswith(("_", "."))
    }


def template_sources(user_dir: Path | None) -> list[dict[str, Any]]:
    """Every letter template with where it comes from: user (overriding or new) or packaged."""
    packaged = _names_in(templates_dir())
    user = _names_in(user_dir)
    out = []
    for name in sorted(set(packaged) | set(user), key=_kind_order):
        if name in user:
            origin = "user (overrides packaged)" if name in packaged else "user"
            path = user[name]
        else:
            origin, path = "packaged", packaged[name]
        out.append({"kind": name, "origin": origin, "path": str(path)})
    return out


def _kind_order(name: str) -> tuple[int, str]:
    return (KINDS.index(name) if name in KINDS else len(KINDS), name)


def available_kinds(user_dir: Path | None) -> list[str]:
    return [t["kind"] for t in template_sources(user_dir)]


def render_template(kind: str, context: dict[str, Any], user_dir: Path | None) -> str:
    """Render `<kind>.j2` to plain text. Every failure is a one-line TemplateFailure."""
    from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError

    env = make_env(user_dir)
    name = kind + SUFFIX
    try:
        template = env.get_template(name)
    except TemplateSyntaxError as exc:
        raise TemplateFailure(_syntax_message(exc, name)) from None
    except TemplateNotFound as exc:  # an OSError too: before the next clause
        if exc.name == name:
            raise NotFoundError(
                M.UNKNOWN_KIND.format(kind=kind, kinds=", ".join(available_kinds(user_dir)))
            ) from None
        raise TemplateFailure(M.TEMPLATE_INCLUDE_MISSING.format(file=name, name=exc.name)) from None
    except (UnicodeDecodeError, OSError) as exc:
        raise _unreadable(exc, name, user_dir) from None
    where = template.filename or name
    try:
        text = template.render(**context)
    except TemplateSyntaxError as exc:  # raised lazily by an {% include %}
        raise TemplateFailure(_syntax_message(exc, name)) from None
    except UndefinedError as exc:
        raise TemplateFailure(
            M.TEMPLATE_UNDEFINED.format(
                file=where, line=_render_line(exc, where), error=exc.message
            )
        ) from None
    except TemplateNotFound as exc:
        raise TemplateFailure(
            M.TEMPLATE_INCLUDE_MISSING.format(file=where, name=exc.name)
        ) from None
    except (UnicodeDecodeError, OSError) as exc:  # an {% include %} or {% extends %} read lazily
        raise _unreadable(exc, name, user_dir) from None
    except (ValueError, TypeError, AttributeError) as exc:
        raise TemplateFailure(
            M.TEMPLATE_RENDER_FAILED.format(file=where, line=_render_line(exc, where), error=exc)
        ) from None
    return tidy(text)


def _unreadable(exc: BaseException, name: str, user_dir: Path | None) -> TemplateFailure:
    """A one-line failure for a template file that cannot be read or is not UTF-8.

    Jinja2 does not say which file it was reading (an {% include %} or {% extends %} reads
    others): the template itself when it is not UTF-8, else the first user template that is
    not (the packaged ones are)."""
    if isinstance(exc, UnicodeDecodeError):
        for path in _candidates(name, user_dir):
            bad = _utf8_error(path)
            if bad is not None:
                return _not_utf8(path, *bad)
        if user_dir is not None and user_dir.is_dir():
            for path in sorted(user_dir.iterdir()):
                if path.name.endswith(SUFFIX):
                    bad = _utf8_error(path)
                    if bad is not None:
                        return _not_utf8(path, *bad)
        return _not_utf8(Path(name), exc.object[exc.start] if exc.object else 0, exc.start, b"")
    filename = getattr(exc, "filename", None) or next(iter(_candidates(name, user_dir)), name)
    reason = getattr(exc, "strerror", None) or str(exc)
    return TemplateFailure(M.TEMPLATE_UNREADABLE.format(file=filename, reason=reason))


def _candidates(name: str, user_dir: Path | None) -> list[Path]:
    """The file the loader picks for `name`: the user's, else the packaged one."""
    folders = ([user_dir] if user_dir is not None else []) + [templates_dir()]
    if name.startswith("cada/"):
        folders, name = [templates_dir()], name[len("cada/"):]
    return [f / name for f in folders if (f / name).is_file()][:1]


def _utf8_error(path: Path) -> tuple[int, int, bytes] | None:
    """(bad byte, its position, first bytes) when `path` is not UTF-8, else None."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return data[exc.start], exc.start, data[:2]
    return None


def _not_utf8(path: Path, byte: int, pos: int, head: bytes) -> TemplateFailure:
    hint = M.TEMPLATE_UTF16_HINT if head in (b"\xff\xfe", b"\xfe\xff") else ""
    return TemplateFailure(M.TEMPLATE_NOT_UTF8.format(file=path, byte=byte, pos=pos, hint=hint))


def _syntax_message(exc: Any, name: str) -> str:
    return M.TEMPLATE_SYNTAX.format(
        file=exc.filename or exc.name or name, line=exc.lineno, error=exc.message
    )


def _render_line(exc: BaseException, filename: str) -> str:
    """The template line where rendering failed (from the traceback Jinja2 rewrites)."""
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return "?" if line is None else str(line)


def tidy(text: str) -> str:
    """Strip trailing spaces, collapse runs of blank lines, end with one newline."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------------------
# The letter as a structure
# --------------------------------------------------------------------------------------


def compose(
    kind: str,
    rendered: str,
    *,
    sender: list[str],
    recipient: list[str],
    place_date: str,
    signature: list[str],
    letter_date: date | None,
    reference: str,
) -> LetterDoc:
    """Split a rendered template into heading and body and put the frame around them."""
    text = tidy(rendered).strip("\n")
    head_text, _, body = text.partition("\n\n")
    head = [line for line in head_text.split("\n") if line.strip()]
    if not body.strip():
        raise TemplateFailure(M.TEMPLATE_NO_BODY.format(kind=kind))
    return LetterDoc(
        kind=kind,
        sender=[s for s in sender if s],
        recipient=[r for r in recipient if r],
        place_date=place_date,
        head=head,
        body=body.strip("\n"),
        signature=[s for s in signature if s],
        letter_date=letter_date,
        reference=reference,
    )


def parse_text(kind: str, text: str, *, reference: str = "") -> LetterDoc:
    """Rebuild a LetterDoc from its text form (the frozen letters are stored as text)."""
    blocks = [b for b in tidy(text).strip("\n").split("\n\n")]
    if len(blocks) < 6:
        # Not a framed letter: keep it whole as the body.
        return LetterDoc(kind, [], [], "", [], "\n\n".join(blocks), [], reference=reference)
    return LetterDoc(
        kind=kind,
        sender=blocks[0].split("\n"),
        recipient=blocks[1].split("\n"),
        place_date=blocks[2],
        head=blocks[3].split("\n"),
        body="\n\n".join(blocks[4:-1]),
        signature=blocks[-1].split("\n"),
        reference=reference,
    )


# --------------------------------------------------------------------------------------
# Formats
# --------------------------------------------------------------------------------------


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
        raise _unreadable(exc, PAGE_TEMPLATE, user_dir) from None
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
    from_addr: str,
    to_name: str,
    to_addr: str,
    when: date,
) -> bytes:
    """An RFC 5322 message, ready to send: From, To, Subject (with the reference), Date."""
    from email.message import EmailMessage
    from email.policy import default
    from email.utils import format_datetime, formataddr, make_msgid

    msg = EmailMessage(policy=default)
    msg["From"] = formataddr((from_name, from_addr))
    msg["To"] = formataddr((to_name, to_addr))
    subject = doc.subject
    if doc.reference and doc.reference not in subject:
        subject = f"{subject} (réf. {doc.reference})"
    if doc.specimen:
        subject = f"{SPECIMEN_SUBJECT} {subject}"
    msg["Subject"] = subject
    msg["Date"] = format_datetime(_letter_datetime(when))
    domain = from_addr.rpartition("@")[2] or None
    msg["Message-ID"] = make_msgid(idstring=_safe_id(doc.reference), domain=domain)
    msg["Content-Language"] = "fr"
    lines = [h for h in doc.head if not h.lower().startswith("objet")]
    body = "\n\n".join(
        x for x in ("\n".join(lines), doc.body, "\n".join(doc.signature + doc.sender[1:])) if x
    )
    body = with_specimen(body, doc.specimen)
    msg.set_content(body + "\n", charset="utf-8")
    return msg.as_bytes()


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


# --------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------


