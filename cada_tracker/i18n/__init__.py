"""The interface language: which one, its catalog, and translated strings.

English is the source language (the msgids); French comes from the gettext catalog
`cada_tracker/locale/fr/LC_MESSAGES/cada.mo`, compiled from the `.po` file next to it (see
docs/development.md, "Translations"). Only the stdlib is imported here: this module is on the
`--help` path.

The language is, in order: `--lang fr|en`, then `CADA_LANG`, then the first of `LC_ALL`,
`LC_MESSAGES`, `LANG` that is set; French when that value starts with `fr`, English otherwise.

The strings of `cada_tracker.messages` are module constants in English; each messages module
ends with `__getattr__ = localised(globals())`, which takes its public constants out of the
module's namespace so that `M.NAME` is looked up, and translated, each time it is read.
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

DOMAIN = "cada"
LANGUAGES = ("en", "fr")
DEFAULT = "en"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
# the variables that choose the language, in order (CADA_LANG first, then POSIX's order)
LANGUAGE_VARIABLES = ("CADA_LANG", "LC_ALL", "LC_MESSAGES", "LANG")


class Plural(NamedTuple):
    """A message with a singular and a plural form (gettext's ngettext): both are str.format
    templates taking `n`."""

    singular: str
    plural: str

    def format(self, n: int, **values: Any) -> str:  # noqa: ANN401
        return current().ngettext(self.singular, self.plural, n).format(n=n, **values)


_state: dict[str, Any] = {"lang": None, "translations": {}}


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    for name in LANGUAGE_VARIABLES:
        value = env.get(name, "")
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return DEFAULT


def translations(lang: str) -> _gettext.NullTranslations:
    """The catalog of `lang` (loaded once); English falls back to the msgids themselves."""
    cache: dict[str, _gettext.NullTranslations] = _state["translations"]
    if lang not in cache:
        mo = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
        try:
            with mo.open("rb") as fp:
                cache[lang] = _gettext.GNUTranslations(fp)
        except OSError:
            if lang != DEFAULT:
                raise
            cache[lang] = _gettext.NullTranslations()
    return cache[lang]


def set_language(lang: str) -> None:
    """Make `lang` the interface language of this process, for cada's strings and for those of
    the command-line library (typer uses the global gettext domain: it is pointed at cada's
    catalogs, and LANGUAGE at the chosen language)."""
    if lang not in LANGUAGES:
        raise ValueError(lang)
    _state["lang"] = lang
    _state.setdefault("LANGUAGE", os.environ.get("LANGUAGE"))
    _gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    _gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = lang


def child_environment() -> dict[str, str]:
    """The environment for a program cada starts (a document viewer): the user's own LANGUAGE,
    not the one `set_language` gave this process for typer's words."""
    env = dict(os.environ)
    original = _state.get("LANGUAGE")
    if original is None:
        env.pop("LANGUAGE", None)
    else:
        env["LANGUAGE"] = original
    return env


def language() -> str:
    if _state["lang"] is None:
        set_language(language_from_environment())
    lang: str = _state["lang"]
    return lang


def current() -> _gettext.NullTranslations:
    return translations(language())


def _(message: str) -> str:
    """The message in the interface language."""
    return current().gettext(message) if message else message


def translate_value(value: Any, lang: str) -> Any:  # noqa: ANN401
    """A messages constant in `lang`: strings, and the strings inside dicts and tuples."""
    if isinstance(value, str):
        return translations(lang).gettext(value) if value else value
    if isinstance(value, Plural):
        return value
    if isinstance(value, dict):
        return {k: translate_value(v, lang) for k, v in value.items()}
    if isinstance(value, tuple):
        return tuple(translate_value(v, lang) for v in value)
    return value


def _is_message(name: str, value: object) -> bool:
    return name.isupper() and not name.startswith("_") and isinstance(value, str | dict | tuple)


def localised(
    namespace: dict[str, Any], french: tuple[str, ...] = ()
) -> Callable[[str], Any]:
    """Take the public constants (UPPER_CASE str, dict, tuple) out of a messages module's
    namespace and return the module's `__getattr__`, which gives them translated. Names
    starting with one of `french` are letter text: French in every interface, left as they
    are (and out of the catalogs)."""
    sources = {
        k: v for k, v in namespace.items() if _is_message(k, v) and not k.startswith(french)
    }
    for name in sources:
        del namespace[name]
    cache: dict[str, dict[str, Any]] = {}
    module = namespace.get("__name__", "?")

    def __getattr__(name: str) -> Any:  # noqa: ANN401, N807
        lang = language()
        done = cache.setdefault(lang, {})
        try:
            return done[name]
        except KeyError:
            pass
        try:
            source = sources[name]
        except KeyError:
            raise AttributeError(f"module {module!r} has no attribute {name!r}") from None
        value = done[name] = translate_value(source, lang)
        return value

    __getattr__.sources = sources  # type: ignore[attr-defined]  # for the catalog checks
    return __getattr__


def source(module: object, name: str) -> Any:  # noqa: ANN401
    """The English source of a messages constant (for the tests and the catalog checks)."""
    return module.__getattr__.sources[name]  # type: ignore[attr-defined]
