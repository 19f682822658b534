"""Letter templates: the Jinja2 environment (StrictUndefined; a user template in
`CADA_HOME/letter_templates/` overrides the packaged one, which stays reachable as
`cada/<name>` for `{% extends "cada/demande.j2" %}`), the listing, and rendering with errors
that name the file and the line. Jinja2 is imported inside the functions.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

from cada_tracker.dates import french_long
from cada_tracker.errors import CadaError, NotFoundError
from cada_tracker.messages import letters as M
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


# Environments by (user folder, autoescape, the user folder's files and their times): a
# template is compiled once per process, not once per letter (issue 11: `cada campaign new`
# drafts a hundred letters), and a file added, removed or changed in the folder is seen.
_ENVS: dict[tuple[Any, ...], Any] = {}


def _folder_state(folder: Path | None) -> tuple[tuple[str, int], ...]:
    if folder is None:
        return ()
    try:
        return tuple(sorted((e.name, e.stat().st_mtime_ns) for e in os.scandir(folder)))
    except OSError:
        return ()


def make_env(user_dir: Path | None, *, autoescape: bool = False):  # noqa: ANN201
    """Jinja2 environment: StrictUndefined, user folder first, then the packaged templates
    (one per folder and its state: templates compiled once, reloaded when their file changes)."""
    key = (str(user_dir), autoescape, _folder_state(user_dir))
    env = _ENVS.get(key)
    if env is None:
        if len(_ENVS) > 16:
            _ENVS.clear()
        env = _ENVS[key] = _new_env(user_dir, autoescape=autoescape)
    return env


def _new_env(user_dir: Path | None, *, autoescape: bool):  # noqa: ANN202
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
            origin = "user (overrides packaged)" if name in packaged else "user"  # (JSON values)
            path = user[name]
        else:
            origin, path = "packaged", packaged[name]
        out.append({"kind": name, "origin": origin, "path": str(path)})
    return out


def _kind_order(name: str) -> tuple[int, str]:
    return (KINDS.index(name) if name in KINDS else len(KINDS), name)


def available_kinds(user_dir: Path | None) -> list[str]:
    return [t["kind"] for t in template_sources(user_dir)]


def render_template(kind: str, context: dict[str, Any], user_dir: Path | None,
                    source: tuple[str, str] | None = None) -> str:
    """Render `<kind>.j2` to plain text. Every failure is a one-line TemplateFailure.

    source: (text, name) of a template stored in the database instead of `<kind>.j2` (a
    campaign's own letter template, `cada campaign new --template`); it may extend or include
    the templates of the folders (`{% extends "cada/demande.j2" %}`)."""
    from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError

    env = make_env(user_dir)
    name = kind + SUFFIX if source is None else source[1]
    try:
        if source is not None:
            template = _from_source(env, source[0], name)
        else:
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
        raise unreadable(exc, name, user_dir) from None
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
        raise unreadable(exc, name, user_dir) from None
    except (ValueError, TypeError, AttributeError) as exc:
        raise TemplateFailure(
            M.TEMPLATE_RENDER_FAILED.format(file=where, line=_render_line(exc, where), error=exc)
        ) from None
    return tidy(text)


def _from_source(env: Any, text: str, name: str) -> Any:  # noqa: ANN401
    """A template from its text (a campaign's), compiled once per environment under its name,
    so that the errors name it and their line."""
    cache: dict[tuple[str, str], Any] = env.__dict__.setdefault("_cada_sources", {})
    template = cache.get((text, name))
    if template is None:
        code = env.compile(text, name=name, filename=name)
        template = cache[(text, name)] = env.template_class.from_code(
            env, code, env.make_globals(None))
    return template


def unreadable(exc: BaseException, name: str, user_dir: Path | None) -> TemplateFailure:
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
