"""The documentation covers the program: every command and option of the real command tree has
its section in docs/commands.md (as sqlite-utils' docs test does), the README stays short, links
between pages resolve, and the exit codes are listed in one place only."""

from __future__ import annotations

import importlib
import pkgutil
import re
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
COMMANDS = DOCS / "commands.md"
EXIT_CODES = DOCS / "exit-codes.md"
README_MAX_LINES = 250

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")


# --- the real command tree -------------------------------------------------------------------


@cache
def root_command():
    """The click command behind `cada`, with every command module registered."""
    import typer.main

    import cada_tracker.cli as cli

    if hasattr(cli, "_load_commands"):
        cli._load_commands()
    # Importing every module of the package registers the commands, however the package
    # chooses to load them.
    for info in pkgutil.iter_modules(cli.__path__, cli.__name__ + "."):
        importlib.import_module(info.name)
    from cada_tracker.cli.app import app

    return typer.main.get_command(app)


def _long_options(command) -> list[str]:
    names = []
    for param in command.params:
        if getattr(param, "hidden", False) or getattr(param, "param_type_name", "") != "option":
            continue
        for name in [*param.opts, *param.secondary_opts]:
            if name.startswith("--") and name != "--help":
                names.append(name)
    return names


def _walk(command, path=()):
    subcommands = getattr(command, "commands", None)
    if path:
        yield " ".join(path), command, subcommands is not None
    for name, sub in (subcommands or {}).items():
        if not getattr(sub, "hidden", False):
            yield from _walk(sub, (*path, name))


def command_paths() -> list[tuple[str, bool]]:
    return [(path, is_group) for path, _, is_group in _walk(root_command())]


def command_options() -> list[tuple[str, str]]:
    return [
        (path, option)
        for path, command, is_group in _walk(root_command())
        if not is_group
        for option in _long_options(command)
    ]


def global_options() -> list[str]:
    return _long_options(root_command())


# --- the pages ---------------------------------------------------------------------------------


def _headings(text: str) -> list[tuple[int, int, str]]:
    """(line index, level, text) of each Markdown heading outside code blocks."""
    found, in_code = [], False
    for i, line in enumerate(text.splitlines()):
        if FENCE.match(line):
            in_code = not in_code
            continue
        m = None if in_code else HEADING.match(line)
        if m:
            found.append((i, len(m.group(1)), m.group(2)))
    return found


def _command_heading(path: str) -> re.Pattern[str]:
    # `cada authority add`, or `cada authority add ...` in a heading
    return re.compile(r"`cada " + re.escape(path) + r"(?:`| )")


@cache
def sections() -> dict[str, str]:
    """Heading text -> the text under it, up to the next heading of the same or a higher level."""
    text = COMMANDS.read_text(encoding="utf-8")
    lines = text.splitlines()
    heads = _headings(text)
    out = {}
    for n, (i, level, title) in enumerate(heads):
        end = next((j for j, lv, _ in heads[n + 1:] if lv <= level), len(lines))
        out[title] = "\n".join(lines[i:end])
    return out


def section_for(path: str) -> str | None:
    pattern = _command_heading(path)
    found = [body for title, body in sections().items() if pattern.search(title)]
    return found[0] if found else None


def _prose(body: str) -> str:
    """The section without its code blocks: an option named only in the synopsis is not
    documented."""
    out, in_code = [], False
    for line in body.splitlines():
        if FENCE.match(line):
            in_code = not in_code
        elif not in_code:
            out.append(line)
    return "\n".join(out)


def _mentions(body: str, option: str) -> bool:
    pattern = r"(?<![\w-])" + re.escape(option) + r"(?![\w-])"
    return re.search(pattern, _prose(body)) is not None


# --- every command and every option is documented ----------------------------------------------


def test_the_command_tree_is_found():
    paths = dict(command_paths())
    assert {"init", "new", "log", "status", "authority add", "db backup"} <= set(paths)
    assert paths["authority"] is True and paths["status"] is False


@pytest.mark.parametrize("path,is_group", command_paths(), ids=[p for p, _ in command_paths()])
def test_every_command_has_a_section(path, is_group):
    titles = list(sections())
    if is_group:
        # a group is documented through its subcommands' headings (`cada document show`...)
        pattern = re.compile(r"`cada " + re.escape(path) + r" ")
    else:
        pattern = _command_heading(path)
    assert any(pattern.search(t) for t in titles), (
        f"`cada {path}` has no heading in docs/commands.md (add `### \\`cada {path}\\``)"
    )


@pytest.mark.parametrize(
    "path,option", command_options(), ids=[f"{p} {o}" for p, o in command_options()]
)
def test_every_option_is_documented_in_its_command_section(path, option):
    body = section_for(path)
    assert body is not None, f"`cada {path}` has no section in docs/commands.md"
    assert _mentions(body, option), (
        f"option {option} of `cada {path}` is not described in its section of docs/commands.md "
        "(the synopsis alone does not count)"
    )


@pytest.mark.parametrize("option", global_options())
def test_every_global_option_is_documented(option):
    body = next((b for t, b in sections().items() if t.lower() == "global options"), None)
    assert body is not None, "docs/commands.md has no 'Global options' section"
    assert _mentions(body, option), f"global option {option} is not in docs/commands.md"


def test_no_section_documents_a_command_that_does_not_exist():
    real = {p for p, _ in command_paths()}
    documented = set()
    for title in sections():
        m = re.search(r"`cada ([a-z][a-z -]*?)`", title)
        if m:
            documented.add(m.group(1).strip())
    assert documented - real == set(), "docs/commands.md documents commands cada does not have"


# --- the README stays short, links resolve, exit codes are listed once -------------------------


def test_readme_is_short():
    count = len(README.read_text(encoding="utf-8").splitlines())
    assert count <= README_MAX_LINES, f"README.md has {count} lines (at most {README_MAX_LINES})"


def _pages() -> list[Path]:
    return [README, *sorted(DOCS.glob("*.md"))]


def _slug(title: str) -> str:
    """GitHub's anchor for a heading."""
    title = re.sub(r"[`*_]", "", title.strip().lower())
    title = re.sub(r"[^\w\- ]", "", title)
    return title.replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    seen: dict[str, int] = {}
    out = set()
    for _, _, title in _headings(page.read_text(encoding="utf-8")):
        slug = _slug(title)
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        out.add(slug if n == 0 else f"{slug}-{n}")
    return out


LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")


def _links() -> list[tuple[str, str]]:
    found = []
    for page in _pages():
        in_code = False
        for line in page.read_text(encoding="utf-8").splitlines():
            if FENCE.match(line):
                in_code = not in_code
                continue
            if in_code:
                continue
            for target in LINK.findall(re.sub(r"`[^`]*`", "", line)):
                if not re.match(r"[a-z]+:", target):  # http:, https:, mailto:
                    found.append((str(page.relative_to(ROOT)), target))
    return found


def test_pages_have_links():
    assert any(target.startswith("docs/") for page, target in _links() if page == "README.md")


@pytest.mark.parametrize("page,target", _links(), ids=[f"{p}->{t}" for p, t in _links()])
def test_every_relative_link_resolves(page, target):
    path, _, anchor = target.partition("#")
    source = ROOT / page
    dest = (source.parent / path).resolve() if path else source
    assert dest.exists(), f"{page} links to {target}: {path} does not exist"
    if anchor and dest.suffix == ".md":
        assert anchor in _anchors(dest), f"{page} links to {target}: no heading #{anchor}"


EXIT_ROW = re.compile(r"^\|\s*`?([0-9]+)`?\s*\|")
EXIT_HEADING = re.compile(r"exit codes?", re.IGNORECASE)


def test_exit_codes_are_listed_in_one_place():
    holders = []
    for page in _pages():
        text = page.read_text(encoding="utf-8")
        rows = [line for line in text.splitlines() if EXIT_ROW.match(line)]
        headings = [t for _, _, t in _headings(text) if EXIT_HEADING.search(t)]
        if rows or headings:
            holders.append(str(page.relative_to(ROOT)))
    assert holders == [str(EXIT_CODES.relative_to(ROOT))], (
        f"exit codes are listed in {holders}; keep them in docs/exit-codes.md only"
    )


def test_every_exit_code_is_in_the_table():
    from cada_tracker import errors

    text = EXIT_CODES.read_text(encoding="utf-8")
    table = {m.group(1) for line in text.splitlines() if (m := EXIT_ROW.match(line))}
    codes = {
        str(value) for name, value in vars(errors).items()
        if name.startswith("EXIT_") and isinstance(value, int)
    }
    assert codes <= table, f"exit codes missing from docs/exit-codes.md: {codes - table}"
