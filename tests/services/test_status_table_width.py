"""`cada status` table width (issue 10, point 2): on a terminal it fits the terminal's width
and the next action wraps, never cut; `--wide` and a pipe keep one whole line per request.

Under the test runner stdout is a StringIO (not a terminal): `display.is_terminal` is
replaced to force a terminal, and COLUMNS gives its width (shutil reads it first)."""

from __future__ import annotations

import pytest

from cada_tracker import display

# Received Tue 31 Jan 2023, B = Tue 28 Feb 2023; on Mon 6 Mar 2023 the next action is the
# referral, by Fri 28 Apr 2023 (safe: act by Thu 27 Apr 2023), with the one-year long stop
# Wed 28 Feb 2024 (no complete acknowledgment): a long sentence.
TODAY = "2023-03-06"
ACTION_START = "Refer the refusal to the CADA (saisine) by Friday 28 April 2023"


@pytest.fixture
def request_p1(cada, lyon):
    ref = lyon(complete_ack=False)
    action = cada("--today", TODAY, "status", "--json").json["requests"][0]["next_action"]
    assert action["what"].startswith(ACTION_START) and len(action["what"]) > 150
    return ref, action["what"]




def _words(text: str) -> str:
    return "".join(text.split())


def _row(lines: list[str], ref: str) -> list[str]:
    """The physical lines of the request's row: its first line and the continuation lines."""
    start = next(i for i, line in enumerate(lines) if line.startswith(ref + " "))
    end = start + 1
    while end < len(lines) and lines[end].startswith(" "):
        end += 1
    return lines[start:end]


def test_pipe_keeps_whole_lines(cada, request_p1):
    ref, what = request_p1
    out = cada("--today", TODAY, "status").out  # stdout is not a terminal
    (line,) = _row(out.splitlines(), ref)
    assert what in line and "…" not in out
    assert line.endswith("2023-04-27  2023-04-28  52")  # 52 days to Thu 27 Apr 2023


def test_narrow_terminal_wraps_the_next_action_and_cuts_nothing(cada, request_p1, terminal):
    ref, what = request_p1
    terminal(100)
    lines = cada("--today", TODAY, "status").out.splitlines()
    row = _row(lines, ref)
    assert len(row) > 1 and all(len(line) <= 100 for line in lines)
    assert "…" not in "".join(lines)
    # the NEXT ACTION column, read down the row: every word of the action, in order
    start, end = lines[0].index("NEXT ACTION"), lines[0].index("ACT BY")
    column = " ".join(line[start:end] for line in row)
    assert _words(column) == _words(what)
    assert row[0].endswith("2023-04-27  2023-04-28  52")


def test_very_narrow_terminal_puts_the_action_under_its_row(cada, request_p1, terminal):
    ref, what = request_p1
    terminal(80)
    lines = cada("--today", TODAY, "status").out.splitlines()
    row = _row(lines, ref)
    assert ACTION_START[:20] not in row[0]  # not in a column: under the row
    assert row[1].startswith("    Refer the refusal")
    assert _words(what) in _words(" ".join(row[1:]))
    assert all(len(line) <= 80 for line in lines)


def test_wide_terminal_keeps_the_whole_line(cada, request_p1, terminal):
    ref, what = request_p1
    terminal(400)  # room for everything: nothing wraps
    (line,) = _row(cada("--today", TODAY, "status").out.splitlines(), ref)
    assert what in line


def test_wide_option_keeps_whole_lines_on_a_narrow_terminal(cada, request_p1, terminal):
    ref, what = request_p1
    terminal(60)
    (line,) = _row(cada("--today", TODAY, "status", "--wide").out.splitlines(), ref)
    assert what in line and len(line) > 60
    (line,) = _row(cada("--today", TODAY, "remind", "--within", "60", "--wide").out.splitlines(),
                   ref)
    assert what in line


def test_table_width_reads_the_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "123")
    monkeypatch.setattr(display, "is_terminal", lambda: False)
    assert display.table_width() is None
    monkeypatch.setattr(display, "is_terminal", lambda: True)
    assert display.table_width() == 123 and display.table_width(wide=True) is None


def test_a_long_authority_wraps_between_words_not_inside_them(cada, lyon, terminal):
    """On a 60-column terminal the authority column is narrow: a name wraps after a space or
    a hyphen ("Saint-Rémy-de-" / "Provence"), never inside a word ("Sai" / "nt-Rémy")."""
    lyon(complete_ack=False)
    name = ("Commune de Saint-Rémy-de-Provence et Communauté d'agglomération Terre de "
            "Provence, Boulogne-Billancourt")
    assert cada("authority", "add", name, "--slug", "srp").code == 0
    r = cada("--today", TODAY, "new", "-a", "srp", "-s", "x", "--ref", "W1")
    assert r.code == 0, r.err
    terminal(60)
    lines = cada("--today", TODAY, "status").out.splitlines()
    start, end = lines[0].index("AUTHORITY"), lines[0].index("STATE")
    row = [line for line in _row(lines, "W1") if not line[4:5].strip()]  # not the action
    cells = [line[start:end].strip() for line in row]
    cells = [cell for cell in cells if cell]
    assert len(cells) > 2
    # read down the column: a line that ends with a hyphen goes on without a space; any
    # other break is between two words
    joined = cells[0]
    for cell in cells[1:]:
        joined += cell if joined.endswith("-") else " " + cell
    assert joined == name, cells
