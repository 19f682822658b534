"""Issue 13: `cada status` runs without Typer (cli/fast.py) when its command line is a plain
one, and gives exactly what the Typer command gives: the same output, errors and exit codes.
Every other command line falls through to Typer."""

from __future__ import annotations

import pytest

from cada_tracker import cli
from cada_tracker.cli import fast
from tests.cli.heavy_imports import run_listing_heavy_imports

LINES = [
    ["status"],
    ["status", "--all"],
    ["status", "--all", "--json"],
    ["status", "--json", "--overdue"],
    ["status", "--due-within", "30"],
    ["status", "--due-within=30", "--wide"],
    ["status", "--due-within", " 7 "],
    ["status", "--due-within", "-1"],
    ["status", "--authority", "ville-de-montpellier", "--all"],
    ["status", "--authority", "ville-de-montpelier"],
    ["status", "--campaign", "nope"],
    ["--today", "2020-03-20", "status", "--all"],
    ["--today=2020-02-10", "status", "--json"],
    ["--today", "2020-13-01", "status"],
    ["--debug", "status", "--overdue"],
]
TYPER_ONLY = [
    ["status", "--help"],
    ["status", "--due-within", "abc"],
    ["status", "--due-within"],
    ["status", "extra"],
    ["status", "--all=yes"],
    ["--version", "status"],
    ["status", "--", "--all"],
]


@pytest.fixture
def history(cada, montpellier):
    for day, kind in (("2020-02-07", "sent"), ("2020-02-07", "received")):
        assert cada("--today", day, "log", montpellier, kind, "--on", day).code == 0
    return montpellier


def _both(cada, monkeypatch, line):
    calls = []
    real = cli._load_commands
    monkeypatch.setattr(cli, "_load_commands", lambda: calls.append(1) or real())
    quick = cada("--today", "2020-04-01", *line) if "--today" not in " ".join(line) else cada(
        *line)
    quick_used_typer = bool(calls)
    monkeypatch.setattr(fast, "run", lambda args: False)
    slow = cada("--today", "2020-04-01", *line) if "--today" not in " ".join(line) else cada(
        *line)
    return quick, slow, quick_used_typer


@pytest.mark.parametrize("line", LINES, ids=" ".join)
def test_the_fast_path_gives_what_typer_gives(cada, history, monkeypatch, line):
    quick, slow, used_typer = _both(cada, monkeypatch, line)
    assert not used_typer  # the command tree was never loaded
    assert (quick.code, quick.out, quick.err) == (slow.code, slow.out, slow.err)


@pytest.mark.parametrize("line", TYPER_ONLY, ids=" ".join)
def test_other_command_lines_go_to_typer(cada, history, monkeypatch, line):
    assert fast.parse(["--today", "2020-04-01", *line]) is None
    quick, slow, used_typer = _both(cada, monkeypatch, line)
    assert used_typer or line == ["--version", "status"]
    assert (quick.code, quick.out, quick.err) == (slow.code, slow.out, slow.err)


@pytest.mark.sqlite_only("SQLite is read without SQLAlchemy; a server needs it")
def test_status_imports_neither_typer_nor_sqlalchemy(cada, history, cada_home):
    out, heavy = run_listing_heavy_imports(["status", "--all"], CADA_TODAY="2020-04-01")
    assert "2020-001" in out
    assert heavy == []
