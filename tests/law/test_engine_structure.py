"""The shape of the deadline engine: short functions, each a rule a reader can check."""

from __future__ import annotations

import ast
from pathlib import Path

import cada_tracker.domain
import cada_tracker.law

MAX_LINES = 80


def _functions(package: Path):
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno is not None
                yield path, node, node.end_lineno - node.lineno + 1


def test_no_function_of_the_law_or_the_domain_is_longer_than_80_lines():
    too_long = [
        f"{path.name}:{node.lineno} {node.name} ({length} lines)"
        for module in (cada_tracker.law, cada_tracker.domain)
        for path, node, length in _functions(Path(module.__file__).parent)
        if length > MAX_LINES
    ]
    assert not too_long, too_long


def test_the_walk_sees_the_functions():
    # guard against a walk that silently finds nothing (a moved package, a wrong path)
    found = {node.name for _, node, _ in _functions(Path(cada_tracker.law.__file__).parent)}
    assert {"compute_timeline", "implicit_refusal", "referral_by", "court_by"} <= found
