"""A message is read when it is shown, so that it is in the interface language of that moment:
no module binds a messages constant when it is imported (at module level, in a class body, as
a default argument or a decorator argument, or by `from cada_tracker.messages import NAME`).
Letter text (French in every interface: EXHIBIT_..., COURT_SEAT, ESCALATE_TO_JOIN) may be."""

from __future__ import annotations

import ast
from pathlib import Path

import cada_tracker
from cada_tracker.messages import letters

PACKAGE = Path(cada_tracker.__file__).parent
FRENCH_ONLY = tuple(k for k in vars(letters) if k.isupper() and not k.startswith("_"))


def _aliases(tree: ast.Module) -> set[str]:
    names = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module in ("cada_tracker",
                                                                 "cada_tracker.messages"):
            for alias in node.names:
                if node.module == "cada_tracker.messages" or alias.name == "messages":
                    names.add(alias.asname or alias.name)
    return names


def _import_time_reads(path: Path, root: Path = PACKAGE) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    aliases = _aliases(tree)
    found = []

    def scan(node: ast.AST, where: str) -> None:
        for n in ast.walk(node):
            if (isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)
                    and n.value.id in aliases and n.attr.isupper()
                    and n.attr not in FRENCH_ONLY):
                found.append(f"{path.relative_to(root)}:{n.lineno}: {where} reads "
                             f"{n.value.id}.{n.attr}")

    def scan_function(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for d in [*fn.args.defaults, *fn.args.kw_defaults, *fn.decorator_list]:
            if d is not None:
                scan(d, "a default or decorator")

    for st in tree.body:
        if isinstance(st, ast.FunctionDef | ast.AsyncFunctionDef):
            scan_function(st)
        elif isinstance(st, ast.ClassDef):
            for inner in st.body:
                if isinstance(inner, ast.FunctionDef | ast.AsyncFunctionDef):
                    scan_function(inner)
                else:
                    scan(inner, "a class body")
        else:
            scan(st, "module level")
        if isinstance(st, ast.ImportFrom) and (st.module or "").startswith("cada_tracker.messages"):
            found += [f"{path.relative_to(root)}:{st.lineno}: imports {a.name}"
                      for a in st.names if a.name.isupper()]
    return found


def test_no_message_is_read_at_import_time():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "messages" in path.parts or "migrations" in path.parts:
            continue
        found += _import_time_reads(path)
    assert found == [], "read these where they are shown:\n" + "\n".join(found)


def test_the_check_finds_an_import_time_read(tmp_path):
    bad = tmp_path / "probe.py"
    bad.write_text("from cada_tracker import messages as M\nHEADER = M.STATUS_EMPTY\n"
                   "def f(x=M.DB_MISSING):\n    return x\n", encoding="utf-8")
    assert len(_import_time_reads(bad, tmp_path)) == 2
