"""Extract, update, compile and check the gettext catalogs (needs Babel: `pip install -e .[test]`).

    python -m cada_tracker.i18n.catalogs update   # after changing a user-facing string
    python -m cada_tracker.i18n.catalogs check    # what the tests check (exit 1 on a problem)

The messages are taken from what the program really shows, not from a guess at its source:
the constants of `cada_tracker.messages` (each module's sources, see `i18n.localised`), the help
texts of the click command tree as typer builds it from cli/*.py, typer's own gettext strings,
and `_()` calls anywhere in the package. `update` writes `locale/cada.pot`, merges it
into `en` (English is the source language: its entries are the msgids themselves) and `fr`
(new entries are left empty for a translator, obsolete ones dropped), and compiles each `.po`
into the `.mo` that ships in the wheel. `check` fails on a msgid of the program missing from a
catalog, an empty or fuzzy entry, a translation whose {placeholders} differ from its msgid, and
a `.mo` that does not match its `.po`.
"""

from __future__ import annotations

import ast
import copy
import io
import string
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cada_tracker import i18n

PACKAGE = Path(__file__).resolve().parent.parent
ROOT = PACKAGE.parent
TEMPLATE = i18n.LOCALE_DIR / f"{i18n.DOMAIN}.pot"
# fixed, so that an update without a change of message changes no file
STAMP = datetime(2026, 11, 30, tzinfo=UTC)
MESSAGE_MODULES = (
    "cada_tracker.messages",
    "cada_tracker.messages.law",
    "cada_tracker.messages.letters",
    "cada_tracker.messages.documents",
    "cada_tracker.messages.campaigns",
    "cada_tracker.messages.exchange",
    "cada_tracker.messages.alaveteli",
    "cada_tracker.messages.series",
    "cada_tracker.messages.report",
    "cada_tracker.messages.mail_import",
    "cada_tracker.messages.mail_send",
    "cada_tracker.messages.mail",  # issue 12, point 3: the inbox
    "cada_tracker.messages.database",  # issue 14: db copy, restore, backup on a server
)

Entry = tuple[Any, str, str]  # (msgid or (singular, plural), location, comment)


def po_path(lang: str) -> Path:
    return i18n.LOCALE_DIR / lang / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"


def mo_path(lang: str) -> Path:
    return po_path(lang).with_suffix(".mo")


def _strings(value: Any) -> Iterator[Any]:  # noqa: ANN401
    if isinstance(value, i18n.Plural):
        yield (value.singular, value.plural)
    elif isinstance(value, str):
        if value:
            yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, tuple):
        for v in value:
            yield from _strings(v)


def _assignment_lines(path: Path) -> dict[str, int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines: dict[str, int] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    lines[target.id] = node.lineno
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            lines[node.target.id] = node.lineno
    return lines


def message_entries() -> Iterator[Entry]:
    import importlib

    for name in MESSAGE_MODULES:
        module = importlib.import_module(name)
        path = Path(module.__file__ or "")
        lines = _assignment_lines(path)
        where = path.relative_to(ROOT).as_posix()
        sources: dict[str, Any] = module.__getattr__.sources  # type: ignore[attr-defined]
        for const, value in sources.items():
            for text in _strings(value):
                yield text, f"{where}:{lines.get(const, 0)}", const


def help_entries() -> Iterator[Entry]:
    from typer.main import get_command

    from cada_tracker.cli import _load_commands

    def walk(command: Any, path: str) -> Iterator[Entry]:  # noqa: ANN401
        where = f"cli: {path}"
        for attr in ("help", "short_help"):
            text = getattr(command, attr, None)
            if text:
                yield text, where, f"{path} ({attr})"
        for param in command.params:
            if getattr(param, "help", None):
                yield param.help, where, f"{path} {param.opts[0] if param.opts else param.name}"
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            yield from walk(sub, f"{path} {name}")

    yield from walk(get_command(_load_commands()), "cada")


def demo_entries() -> Iterator[Entry]:
    """The notes of the demo case (data/demo/montpellier.json), which `cada demo` records in
    the interface language."""
    import json

    path = ROOT / "data" / "demo" / "montpellier.json"
    case = json.loads(path.read_text(encoding="utf-8"))
    where = path.relative_to(ROOT).as_posix()
    for request in case["requests"]:
        ref = request["reference"]
        if request.get("note"):
            yield request["note"], f"{where}:0", f"demo {ref} note"
        for event in request["events"]:
            if event.get("note"):
                yield event["note"], f"{where}:0", f"demo {ref} {event['kind']} note"


def gettext_call_entries() -> Iterator[Entry]:
    """`_("...")` calls in the package, and typer's own gettext strings."""
    import typer
    from babel.messages.extract import extract_from_file

    keywords = {"_": None, "ngettext": (1, 2)}
    files = [p for p in sorted(PACKAGE.rglob("*.py")) if "migrations" not in p.parts]
    typer_core = Path(typer.__file__).parent / "core.py"
    for path in [*files, typer_core]:
        where = (
            path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else "typer/core.py"
        )
        for lineno, message, _comments, _context in extract_from_file(
            "python", str(path), keywords=keywords
        ):
            yield message, f"{where}:{lineno}", ""


def build_template() -> Any:  # noqa: ANN401 - babel.messages.catalog.Catalog
    from babel.messages.catalog import Catalog

    catalog = Catalog(
        project="cada", version="", copyright_holder="the cada developers",
        msgid_bugs_address="", creation_date=STAMP, revision_date=STAMP, fuzzy=False,
    )
    for source in (message_entries(), help_entries(), demo_entries(), gettext_call_entries()):
        for message, location, comment in source:
            path, _, line = location.rpartition(":")
            lineno = int(line) if line.isdigit() else 0
            if not path:
                path = location
            existing = catalog.get(message)
            comments = [comment] if comment else []
            if existing is not None:
                existing.locations.append((path, lineno))
                known = existing.auto_comments
                known.extend(c for c in comments if c not in known)
            else:
                catalog.add(message, locations=[(path, lineno)], auto_comments=comments)
    return catalog


def _write_po(catalog: Any, path: Path) -> None:  # noqa: ANN401
    from babel.messages.pofile import write_po

    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    write_po(buf, catalog, width=100, sort_output=False, include_previous=False)
    path.write_bytes(buf.getvalue())


def _read_po(path: Path, lang: str) -> Any:  # noqa: ANN401
    from babel.messages.pofile import read_po

    with path.open("rb") as fp:
        return read_po(fp, locale=lang, domain=i18n.DOMAIN)


def compiled(catalog: Any) -> bytes:  # noqa: ANN401
    from babel.messages.mofile import write_mo

    buf = io.BytesIO()
    write_mo(buf, catalog)
    return buf.getvalue()


def update() -> None:
    from babel.messages.catalog import Catalog

    template = build_template()
    _write_po(template, TEMPLATE)
    for lang in i18n.LANGUAGES:
        path = po_path(lang)
        if path.exists():
            catalog = _read_po(path, lang)
        else:
            catalog = Catalog(locale=lang, domain=i18n.DOMAIN, project="cada",
                              creation_date=STAMP, revision_date=STAMP, fuzzy=False)
        # a copy: babel's update shares the template's entries, and English fills them in
        catalog.update(copy.deepcopy(template), no_fuzzy_matching=True, update_creation_date=False)
        catalog.obsolete.clear()
        catalog.revision_date = STAMP
        catalog.fuzzy = False
        if lang == "fr":  # gettext's usual rule: 0 and 1 singular (CLDR's 3 forms are not needed)
            catalog.mime_headers = [("Plural-Forms", "nplurals=2; plural=(n > 1);")]
        if lang == i18n.DEFAULT:  # the source language: each entry is its own msgid
            for message in catalog:
                filled = message.string
                if message.id and not (all(filled) if isinstance(filled, tuple) else filled):
                    message.string = message.id
        _write_po(catalog, path)
        mo_path(lang).write_bytes(compiled(catalog))


def _fields(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"<not a format string>"}


def problems() -> list[str]:
    """Everything `check` reports, one line each (empty when the catalogs are right)."""
    template = build_template()
    found: list[str] = []
    for lang in i18n.LANGUAGES:
        path = po_path(lang)
        if not path.exists():
            found.append(f"{path}: missing; run `python -m cada_tracker.i18n.catalogs update`")
            continue
        catalog = _read_po(path, lang)
        for message in template:
            if message.id and catalog.get(message.id) is None:
                found.append(f"{lang}: not in the catalog: {message.id!r}")
        for message in catalog:
            if not message.id:
                continue
            if message.fuzzy:
                found.append(f"{lang}: fuzzy: {message.id!r}")
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            if not all(strings):
                found.append(f"{lang}: not translated: {message.id!r}")
                continue
            expected = set().union(*(_fields(i) for i in ids))
            for text in strings:
                if _fields(text) - expected:
                    found.append(f"{lang}: placeholders of {text!r} differ from {message.id!r}")
            if len(ids) == 1 and _fields(strings[0]) != expected and "{" in ids[0]:
                found.append(f"{lang}: placeholders of {strings[0]!r} differ from {ids[0]!r}")
            if template.get(message.id) is None:
                found.append(f"{lang}: obsolete (no longer in the program): {message.id!r}")
        mo = mo_path(lang)
        if not mo.exists() or mo.read_bytes() != compiled(catalog):
            found.append(f"{mo}: does not match {path.name}; run the update")
    return found


def main(argv: list[str]) -> int:
    if argv == ["update"]:
        update()
        return 0
    if argv == ["check"]:
        found = problems()
        for line in found:
            print(line)
        return 1 if found else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
