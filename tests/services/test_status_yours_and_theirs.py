"""`cada status` / `cada remind` / `cada show`: the user's own deadlines apart from the answers
awaited from the authority or the CADA (issue 10, point 3). Dates checkable on a calendar."""

from __future__ import annotations

import pytest


@pytest.fixture
def two(cada, lyon):
    """P1 (yours): received Tue 31 Jan 2023, B = Tue 28 Feb 2023, refer by Fri 28 Apr 2023
    (safe: act by Thu 27 Apr 2023); no complete acknowledgment, so that once that day has passed
    the action stays dated (the long stop binds) and shows as overdue. Q2 (the CADA's): received Tue 31 Jan 2023 too, referred and
    registered Wed 1 Mar 2023: opinion expected Sat 1 Apr 2023, K = Mon 1 May 2023."""
    ref = lyon(complete_ack=False)
    for args in (
        ("--today", "2023-01-30", "new", "-a", "ville-de-lyon", "-s", "Vidéosurveillance",
         "--ref", "Q2"),
        ("--today", "2023-01-31", "log", "Q2", "sent"),
        ("--today", "2023-01-31", "log", "Q2", "received"),
        ("--today", "2023-03-01", "log", "Q2", "cada-sent"),
        ("--today", "2023-03-01", "log", "Q2", "cada-registered"),
    ):
        r = cada(*args)
        assert r.code == 0, r.err
    return ref, "Q2"


def _line(text: str, ref: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(ref + " "))


def test_a_late_cada_opinion_is_waiting_and_late_not_your_overdue(cada, two):
    # Mon 10 Apr 2023: the opinion (expected Sat 1 Apr) is 9 days late; P1's referral is due by
    # Thu 27 Apr (act by) / Fri 28 Apr (last day): 17 days to act-by, 18 to the last day.
    p1, q2 = two
    r = cada("--today", "2023-04-10", "status")
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert lines[0].startswith("REF")
    yours = lines.index("YOURS: what you must do")
    waiting = next(i for i, line in enumerate(lines) if line.startswith("WAITING:"))
    assert yours < lines.index(_line(r.out, p1)) < waiting < lines.index(_line(r.out, q2))
    late = _line(r.out, q2)
    assert late.endswith("2023-04-01  2023-04-01  9 days late") and "OVERDUE" not in late
    assert _line(r.out, p1).endswith("2023-04-27  2023-04-28  17")
    data = cada("--today", "2023-04-10", "status", "--json").json
    actions = {x["reference"]: x["next_action"] for x in data["requests"]}
    assert actions[q2]["actor"] == "cada" and actions[q2]["late_by_days"] == 9
    assert (actions[q2]["days_left"], actions[q2]["days_left_safe"]) == (-9, -9)
    assert actions[p1]["actor"] == "requester" and "late_by_days" not in actions[p1]
    assert (actions[p1]["days_left"], actions[p1]["days_left_safe"]) == (18, 17)
    (req,) = [x for x in data["requests"] if x["reference"] == q2]
    deadlines = {x["kind"]: x for x in req["deadlines"]}
    assert deadlines["cada_opinion_expected"]["status"] == "expected"
    assert deadlines["cada_opinion_expected"]["late_by_days"] == 9
    assert "answered_on" not in deadlines["cada_opinion_expected"]
    assert {x["actor"] for x in req["deadlines"]} == {"requester", "authority", "cada"}
    shown = cada("--today", "2023-04-10", "show", q2).out
    next_line = next(line for line in shown.splitlines() if line.startswith("Next: "))
    assert next_line.endswith("(by 2023-04-01, 9 days late)") and "OVERDUE" not in shown


def test_remind_check_counts_only_your_own_unless_all_actors(cada, two):
    p1, q2 = two
    # Mon 10 Apr 2023: only the CADA is late -> exit 0 (the rows are still listed)
    r = cada("--today", "2023-04-10", "remind", "--check")
    assert r.code == 0 and r.err == "" and q2 in r.out
    r = cada("--today", "2023-04-10", "remind", "--check", "--all-actors")
    assert r.code == 1 and "1 answer awaited from the authority or the CADA is late" in r.err
    # Wed 26 Apr 2023: act by Thu 27 Apr tomorrow -> still fine
    assert cada("--today", "2023-04-26", "remind", "--check").code == 0
    # Thu 27 Apr 2023: the act-by date is today (the last day is tomorrow) -> due today
    r = cada("--today", "2023-04-27", "remind", "--check")
    assert r.code == 1 and "1 of your actions is overdue or due today" in r.err
    assert "0 soon" in _line(r.out, p1)
    # Fri 28 Apr 2023, the last day: past act-by, not overdue yet
    r = cada("--today", "2023-04-28", "remind", "--json")
    assert (r.json["due"], r.json["overdue"], r.json["late"]) == ([p1], [], [q2])
    assert r.json["alerts"] == [p1]
    assert "-1 past act-by" in _line(cada("--today", "2023-04-28", "status").out, p1)
    # Sat 29 Apr 2023: overdue
    r = cada("--today", "2023-04-29", "remind", "--check", "--json")
    assert r.code == 1 and r.json["overdue"] == [p1]
    assert "OVERDUE" in _line(cada("--today", "2023-04-29", "status").out, p1)
    r = cada("--today", "2023-04-29", "remind", "--all-actors", "--json")
    assert r.code == 0 and sorted(r.json["alerts"]) == [p1, q2]  # no --check: exit 0


def test_due_within_counts_to_the_act_by_date(cada, two):
    # Mon 24 Apr 2023: act by Thu 27 Apr = 3 days, last day Fri 28 Apr = 4 days
    p1, _ = two
    r = cada("--today", "2023-04-24", "status", "--due-within", "3", "--json")
    assert p1 in [x["reference"] for x in r.json["requests"]]


def test_an_answer_after_b_reads_answered_late(cada, lyon):
    # B = Tue 28 Feb 2023; the documents came on Mon 13 Mar 2023: 13 days late
    ref = lyon(complete_ack=False)
    assert cada("--today", "2023-03-13", "log", ref, "reply", "--outcome", "full").code == 0
    r = cada("--today", "2023-03-20", "show", ref, "--json")
    (b,) = [x for x in r.json["deadlines"] if x["kind"] == "implicit_refusal"]
    assert (b["status"], b["actor"], b["late_by_days"], b["answered_on"]) == (
        "missed", "authority", 13, "2023-03-13")
    text = cada("--today", "2023-03-20", "show", ref).out
    b_line = next(line for line in text.splitlines() if "implicit refusal (B)" in line)
    assert "answered 13 days late" in b_line and "missed" not in b_line


def test_no_answer_after_b_reads_no_answer_late(cada, lyon):
    # no answer on Wed 1 Mar 2023: one day after B (Tue 28 Feb 2023)
    ref = lyon(complete_ack=False)
    text = cada("--today", "2023-03-01", "show", ref).out
    b_line = next(line for line in text.splitlines() if "implicit refusal (B)" in line)
    assert "no answer, 1 day late" in b_line


def test_a_late_answer_has_its_own_colour(cada, two, monkeypatch):
    # on a terminal with colour: your OVERDUE row red, the CADA's late row magenta (the
    # renderer is called directly: click strips colours when stdout is not a terminal)
    from datetime import date

    from cada_tracker.render import text

    monkeypatch.setattr(text, "use_color", lambda: True)
    p1, q2 = two
    data = cada("--today", "2023-04-29", "status", "--json").json  # Sat 29 Apr 2023
    out = "\n".join(text.status_lines(data, date(2023, 4, 29)))
    assert _line(out, "\x1b[31m" + p1).endswith("-2 OVERDUE\x1b[0m")  # act by Thu 27 Apr
    late = _line(out, "\x1b[35m" + q2)
    assert late.endswith("28 days late\x1b[0m")  # expected Sat 1 Apr -> Sat 29 Apr


def test_sections_follow_the_actor_of_the_next_action():
    from cada_tracker.render.text import FINISHED, WAITING, YOURS, section_of

    def row(state, actor):
        return {"state": state, "next_action": {"actor": actor}}

    assert section_of(row("draft", "requester")) == YOURS
    assert section_of(row("awaiting-reply", "authority")) == WAITING
    assert section_of(row("cada-referred", "cada")) == WAITING
    assert section_of(row("in-court", None)) == WAITING  # the court's time, nothing due from you
    assert section_of(row("complete", None)) == FINISHED
    assert section_of(row("judged", "requester")) == FINISHED
