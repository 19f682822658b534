"""The shape of the package (docs/design.md §2): imports point downward, no cycles, and the
project's own modules are imported at module top except where a measured reason says so."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "cada_tracker"

# Layers, top to bottom. A module may import its own layer and any layer below it.
LAYERS = [
    ("cli",),
    ("services",),
    ("render",),
    ("storage", "extract"),
    ("law",),
    ("domain",),
]
# Small leaf modules every layer may use (no project imports of their own beyond these).
LEAVES = {"errors", "messages", "paths", "clock", "dates", "display", "resources", "fsutil",
          "textutil", "context", "__init__", "__main__"}


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {
        _module_name(p): p for p in PACKAGE.rglob("*.py")
        if "migrations" not in p.parts
    }


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(imported cada_tracker module, at module top?) for every import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = set()
    for node in tree.body:
        top.add(id(node))
        if isinstance(node, ast.If):  # `if TYPE_CHECKING:` blocks count as top (no runtime)
            for sub in node.body:
                top.add(id(sub))
    out = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("cada_tracker"):
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names if a.name.startswith("cada_tracker")]
        for name in names:
            out.append((name, id(node) in top))
    return out


def _layer(module: str) -> int | None:
    parts = module.split(".")
    if len(parts) < 2:
        return None
    head = parts[1]
    for i, group in enumerate(LAYERS):
        if head in group:
            return i
    return None


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


MODULES = _modules()


def test_imports_point_downward():
    wrong = []
    for module, path in MODULES.items():
        here = _layer(module)
        for name, _top in _imports(path):
            target = _resolve(name, MODULES)
            there = _layer(target) if target else None
            if here is not None and there is not None and there < here:
                wrong.append(f"{module} imports {target}")
    assert not wrong, "imports that point upward:\n" + "\n".join(sorted(set(wrong)))


def test_no_import_cycles():
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for module, path in MODULES.items():
        for name, _top in _imports(path):
            target = _resolve(name, MODULES)
            if target and target != module and not target == "cada_tracker":
                graph[module].add(target)
    # package __init__ modules re-export their children: an edge child -> parent package is
    # the child importing a sibling through the package, so follow it as such
    seen: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        seen[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt.startswith(node + "."):  # a package importing its own submodule
                continue
            if seen.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in seen:
                visit(nxt)
        stack.pop()
        seen[node] = 2

    for node in sorted(graph):
        if node not in seen:
            visit(node)
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


# Function-level imports of the project's own modules that are there on purpose.
LAZY_ALLOWED = {
    # `cada --version` is answered before Typer and the commands are imported
    "cada_tracker.cli": "start-up",
    # the Context is built for every command, `--help` included: storage (sqlite3, the engine)
    # is loaded when a command first opens the database
    "cada_tracker.context": "start-up",
    # storage.tables imports SQLModel (≈0.5 s): only the write paths that need the ORM load it
    "cada_tracker.storage.tables": "SQLAlchemy",
    # issue 13: `status` reads the stored timelines; the engine (services.derived, law) and
    # the campaigns service (its error for an unknown slug) load only when a row is stale
    "cada_tracker.services.stored_status": "the engine only for stale rows",
    # the letters load Jinja2 and compile templates: `cada log` of an event that sends no
    # letter, and `cada import` of a request made elsewhere, never load them (issue 13, goal 4)
    "cada_tracker.services.letters": "Jinja2",
    # issue 13: `cada attach` (cli/fast.py) forks the reader of a PDF's text before it imports
    # the services and storage (≈30 ms of CPU of the parent first; docs/design.md, "Start-up")
    "cada_tracker.extract.pdf": "forked before start-up",
}


def _lazy_reason(module: str, target: str) -> str | None:
    if target in LAZY_ALLOWED:
        return LAZY_ALLOWED[target]
    if module in LAZY_ALLOWED:
        return LAZY_ALLOWED[module]
    # a CLI command module imports the service of a command when that command runs, so that
    # `cada --help` does not load every service (docs/design.md, "Start-up")
    if module.startswith("cada_tracker.cli.") and (
        target.startswith(("cada_tracker.services", "cada_tracker.render",
                           "cada_tracker.law", "cada_tracker.fsutil"))
    ):
        return "start-up"
    return None


@pytest.mark.parametrize("module", sorted(MODULES))
def test_project_imports_are_at_module_top(module):
    lazy = []
    for name, top in _imports(MODULES[module]):
        target = _resolve(name, MODULES) or name
        if not top and _lazy_reason(module, target) is None:
            lazy.append(target)
    assert not lazy, f"{module} imports inside functions: {sorted(set(lazy))}"
