"""Issue 13: `cada calendar` runs without Typer (cli/fast.py) when its command line is a plain
one, and gives exactly what the Typer command gives: the same calendar (its DTSTAMP, the
moment it was made, aside), the same file, errors and exit codes. Every other command line
falls through to Typer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cada_tracker import cli
from cada_tracker.cli import fast
from tests.cli.heavy_imports import run_listing_heavy_imports

LINES = [
    ["calendar"],
    ["calendar", "--all"],
    ["calendar", "--mine"],
    ["calendar", "--mine", "--all"],
    ["calendar", "-o", "OUT"],
    ["calendar", "--output", "OUT", "--all"],
    ["calendar", "--output=OUT", "--mine"],
    ["calendar", "-o", "EXISTING"],  # refused: it exists
    ["calendar", "-o", "EXISTING", "--force"],
    ["calendar", "-o", "DIR"],  # a folder
    ["calendar", "-o", "MISSING_DIR/x.ics"],
    ["--today", "2020-03-20", "calendar", "--all"],
    ["--today=2020-02-10", "calendar"],
    ["--today", "2020-13-01", "calendar"],
    ["--debug", "calendar", "--mine"],
]
TYPER_ONLY = [
    ["calendar", "--help"],
    ["calendar", "extra"],
    ["calendar", "--all=yes"],
    ["calendar", "-o"],
    ["calendar", "--output"],
    ["calendar", "-oOUT"],
    ["calendar", "-o", ""],
    ["calendar", "-o", "-"],
    ["calendar", "--unknown"],
    ["calendar", "--", "--all"],
    ["--version", "calendar"],
]


@pytest.fixture
def history(cada, montpellier):
    for day, kind in (("2020-02-07", "sent"), ("2020-02-07", "received")):
        assert cada("--today", day, "log", montpellier, kind, "--on", day).code == 0
    return montpellier


def _words(line: list[str], folder: Path) -> list[str]:
    """The placeholders of a line as paths in `folder` (made afresh for each run)."""
    folder.mkdir()
    (folder / "EXISTING").write_bytes(b"old calendar\n")
    (folder / "DIR").mkdir()
    out = []
    for word in line:
        for name in ("EXISTING", "MISSING_DIR", "DIR", "OUT"):
            if name in word:
                word = word.replace(name, str(folder / name))
                break
        out.append(word)
    return out


def _stamped(text: str) -> str:
    return re.sub(r"DTSTAMP:\d{8}T\d{6}Z", "DTSTAMP:<now>", text)


def _run(cada, monkeypatch, line: list[str], folder: Path):
    words = _words(line, folder)
    monkeypatch.chdir(folder)  # a relative file (`-o -`) lands in this run's folder
    if not any(word.startswith("--today") for word in line):
        words = ["--today", "2020-04-01", *words]
    result = cada(*words)
    written = [folder / "OUT", folder / "-"]
    content = [_stamped(f.read_bytes().decode()) if f.exists() else None for f in written]
    existing = (folder / "EXISTING").read_bytes()
    # the folder's name differs between the two runs: compared as a placeholder
    return (result.code, _stamped(result.out).replace(str(folder), "<dir>"),
            result.err.replace(str(folder), "<dir>"), content, _stamped(existing.decode()))


def _both(cada, monkeypatch, tmp_path, line):
    calls = []
    real = cli._load_commands
    monkeypatch.setattr(cli, "_load_commands", lambda: calls.append(1) or real())
    quick = _run(cada, monkeypatch, line, tmp_path / "quick")
    quick_used_typer = bool(calls)
    monkeypatch.setattr(fast, "run", lambda args: False)
    slow = _run(cada, monkeypatch, line, tmp_path / "slow")
    return quick, slow, quick_used_typer


@pytest.mark.parametrize("line", LINES, ids=" ".join)
def test_the_fast_path_gives_what_typer_gives(cada, history, monkeypatch, tmp_path, line):
    quick, slow, used_typer = _both(cada, monkeypatch, tmp_path, line)
    assert not used_typer  # the command tree was never loaded
    assert quick == slow


@pytest.mark.parametrize("line", TYPER_ONLY, ids=" ".join)
def test_other_command_lines_go_to_typer(cada, history, monkeypatch, tmp_path, line):
    assert fast.parse_calendar(["--today", "2020-04-01", *line]) is None
    quick, slow, used_typer = _both(cada, monkeypatch, tmp_path, line)
    assert used_typer or line == ["--version", "calendar"]
    assert quick == slow


def test_the_fast_path_writes_a_calendar_of_the_request(cada, history, tmp_path):
    """Not only the same as Typer: a real calendar, with the request's implicit refusal
    (received Friday 7 February 2020 + one month of silence: born Saturday 7 March 2020,
    CRPA R311-13, never moved to a working day)."""
    out = tmp_path / "deadlines.ics"
    result = cada("--today", "2020-03-01", "calendar", "-o", str(out))
    assert result.code == 0, result.err
    text = out.read_bytes().decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "DTSTART;VALUE=DATE:20200307\r\n" in text and history in text


@pytest.mark.sqlite_only("SQLite is read without SQLAlchemy; a server needs it")
def test_calendar_imports_neither_typer_nor_sqlalchemy(cada, history, cada_home):
    out, heavy = run_listing_heavy_imports(["calendar"], CADA_TODAY="2020-04-01")
    assert "BEGIN:VCALENDAR" in out
    assert heavy == []


def test_an_output_file_that_cannot_be_read_is_written_by_both_paths(cada, history,
                                                                      monkeypatch, tmp_path):
    """An output is never refused for not being readable (click's Path checks it by default:
    the Typer option says readable=False). Root can read anything, so the check is made to
    fail by hand."""
    import os

    real = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, *a, **k: (
        False if mode & os.R_OK and str(path).endswith("EXISTING") else real(path, mode, *a, **k)))
    quick, slow, used_typer = _both(cada, monkeypatch, tmp_path,
                                    ["calendar", "-o", "EXISTING", "--force"])
    assert not used_typer
    assert quick == slow
    assert quick[0] == 0 and "BEGIN:VCALENDAR" in quick[4]  # written over the old content


def test_the_file_name_is_printed_with_its_control_characters_escaped(cada, history,
                                                                       tmp_path):
    name = "\x1b[31mred.ics"
    result = cada("--today", "2020-03-01", "calendar", "-o", str(tmp_path / name))
    assert result.code == 0, result.err
    assert (tmp_path / name).exists()
    assert "\x1b" not in result.out and "\\u001b[31mred.ics" in result.out
