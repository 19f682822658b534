"""The command-line library in the interface language: help texts, its own words, its errors.

Typer writes the help from the English docstrings and `help=` texts of cli/*.py; they are the
msgids of the catalogs (extracted from the same click tree by `cada_tracker.i18n.catalogs`).
`localise_tree` replaces them, on the click command built for this run, by their translation.
Typer's own words ("Options", "required"...) go through the gettext domain that
`i18n.set_language` binds; the vendored click's ("Usage:", its error sentences) have no
gettext and are translated here. Only typer and the stdlib are imported (the --help path).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from typer._click.core import Context
from typer._click.formatting import HelpFormatter

from cada_tracker import i18n
from cada_tracker import messages as M
from cada_tracker.i18n import _


class LocalisedFormatter(HelpFormatter):
    """click's formatter, with "Usage:" and the help option's text translated."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None or prefix == "Usage: ":
            prefix = M.CLICK_USAGE
        elif prefix == "   or: ":
            prefix = M.CLICK_OR
        super().write_usage(prog, args, prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{M.CLICK_HEADING.format(heading=heading)}\n")

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:  # noqa: ANN401
        help_text = i18n.source(M, "CLICK_HELP_OPTION")
        rows = [(a, M.CLICK_HELP_OPTION if b == help_text else b) for a, b in rows]
        super().write_dl(rows, col_max, col_spacing)


class LocalisedContext(Context):
    formatter_class = LocalisedFormatter


def localise_tree(command: Any) -> None:  # noqa: ANN401 - a click command
    """Translate, in place, the help texts of `command`, its parameters and subcommands."""
    if getattr(command, "help", None):
        command.help = _(command.help)
    if getattr(command, "short_help", None):
        command.short_help = _(command.short_help)
    command.context_class = LocalisedContext
    for param in command.params:
        if getattr(param, "help", None):
            param.help = _(param.help)
    for sub in getattr(command, "commands", {}).values():
        localise_tree(sub)


@lru_cache(maxsize=4)
def _patterns(lang: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    del lang  # the cache key: the translated templates depend on it
    sources = i18n.source(M, "CLICK_ERRORS")
    return tuple(
        (_template_regex(english), translated)
        for english, translated in zip(sources, M.CLICK_ERRORS, strict=True)
    )


def _template_regex(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", template)
    regex = "".join(
        re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts)
    )
    return re.compile(regex, re.S)


def translate_error(message: str) -> str:
    """A click error sentence in the interface language (as it is when none matches)."""
    if i18n.language() == i18n.DEFAULT:
        return message
    for regex, translated in _patterns(i18n.language()):
        match = regex.fullmatch(message)
        if match is not None:
            values = match.groupdict()
            if "message" in values:
                values["message"] = translate_error(values["message"])
            return translated.format(**values)
    return message
