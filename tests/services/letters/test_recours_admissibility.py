"""The court route after the CADA step (issue 9): a referral out of time is refused by `cada log`
(exit 4) unless forced; once forced, no court deadline, the next action is a new request and
`cada letter REF recours-ta` refuses (exit 4) unless --allow-inadmissible; the same after the
court long stop.

Dates (2023 calendar): received Tue 31 Jan 2023 -> B = Tue 28 Feb 2023 -> C = Fri 28 Apr 2023
(safe Thu 27 Apr 2023); C binds only with a complete acknowledgment (CRPA L112-6).
"""

from __future__ import annotations

import pytest


@pytest.fixture
def lyon(cada):
    """A profile, Ville de Lyon (69), and request P1 received on Tue 31 Jan 2023."""
    def setup(*, complete_ack: bool) -> str:
        for args in (
            ("init", "--name", "Jeanne Dupont", "--email", "jeanne@example.org"),
            ("authority", "add", "Ville de Lyon", "--department", "69",
             "--email", "contact@example.org"),
            ("--today", "2023-01-30", "new", "--authority", "ville-de-lyon",
             "--subject", "Budget annexe", "--ref", "P1"),
            ("--today", "2023-01-31", "log", "P1", "sent", "--on", "2023-01-31"),
            ("--today", "2023-01-31", "log", "P1", "received", "--on", "2023-01-31"),
        ):
            r = cada(*args)
            assert r.code == 0, r.err
        if complete_ack:
            r = cada("--today", "2023-02-02", "log", "P1", "acknowledged", "--on", "2023-02-02",
                     "--complete")
            assert r.code == 0, r.err
        return "P1"

    return setup


def _kinds(cada, today: str) -> list[str]:
    return [x["kind"] for x in cada("--today", today, "show", "P1", "--json").json["deadlines"]]


def test_a_referral_after_a_binding_c_is_refused_unless_forced(cada, lyon):
    lyon(complete_ack=True)
    # Sat 29 Apr 2023, the day after C (Fri 28 Apr 2023)
    r = cada("--today", "2023-04-29", "log", "P1", "cada-sent", "--on", "2023-04-29")
    assert r.code == 4
    assert "out of time" in r.err and "2023-04-28" in r.err and "L342-1" in r.err
    assert "R343-1" in r.err and "--force" in r.err and "Traceback" not in r.err
    assert "cada_opinion_expected" not in _kinds(cada, "2023-04-29")  # nothing written

    r = cada("--today", "2023-04-29", "log", "P1", "cada-sent", "--on", "2023-04-29", "--force")
    assert r.code == 0, r.err
    # after K (Thu 29 Jun 2023, R estimated = Sat 29 Apr): no court deadline, a new request
    show = cada("--today", "2023-08-01", "show", "P1", "--json").json
    kinds = [x["kind"] for x in show["deadlines"]]
    assert "refusal_confirmed" in kinds
    assert "court_by" not in kinds and "court_long_stop" not in kinds
    assert "File a new request" in show["next_action"]["what"]

    r = cada("--today", "2023-08-01", "explain", "P1")
    assert r.code == 0 and "CRPA L342-1" in r.out and "CRPA R343-1" in r.out

    r = cada("--today", "2023-08-01", "letter", "P1", "recours-ta")
    assert r.code == 4 and r.out == ""
    assert "no court application can follow" in r.err and "L342-1" in r.err
    assert "--allow-inadmissible" in r.err

    r = cada("--today", "2023-08-01", "letter", "P1", "recours-ta", "--allow-inadmissible")
    assert r.code == 0 and "REQUÊTE" in r.out
    assert "warning: rendered with --allow-inadmissible" in r.err


def test_a_referral_on_c_is_accepted(cada, lyon):
    lyon(complete_ack=True)
    r = cada("--today", "2023-04-28", "log", "P1", "cada-sent", "--on", "2023-04-28")
    assert r.code == 0, r.err
    assert "court_by" in _kinds(cada, "2023-08-01")


def test_a_late_referral_after_a_window_that_did_not_bind_is_accepted(cada, lyon):
    # no complete acknowledgment: C does not bind, the long stop (Wed 28 Feb 2024) does
    lyon(complete_ack=False)
    r = cada("--today", "2023-04-29", "log", "P1", "cada-sent", "--on", "2023-04-29")
    assert r.code == 0, r.err
    assert "court_by" in _kinds(cada, "2023-08-01")


def test_a_referral_after_the_referral_long_stop_is_refused(cada, lyon):
    # no complete acknowledgment: long stop = B + 1 year = Wed 28 Feb 2024; Thu 29 Feb is late
    lyon(complete_ack=False)
    r = cada("--today", "2024-02-29", "log", "P1", "cada-sent", "--on", "2024-02-29")
    assert r.code == 4 and "long stop" in r.err and "2024-02-28" in r.err


def test_recours_ta_after_the_court_long_stop(cada, lyon):
    # no complete acknowledgment; referral Wed 15 Mar 2023, registered the same day:
    # K = Mon 15 May 2023; the court limit does not bind, its long stop is K + 1 year =
    # Wed 15 May 2024
    lyon(complete_ack=False)
    for kind in ("cada-sent", "cada-registered"):
        r = cada("--today", "2023-03-15", "log", "P1", kind, "--on", "2023-03-15")
        assert r.code == 0, r.err
    show = cada("--today", "2024-05-15", "show", "P1", "--json").json
    stop = [x for x in show["deadlines"] if x["kind"] == "court_long_stop"]
    assert stop and stop[0]["date"] == "2024-05-15"

    r = cada("--today", "2024-05-15", "letter", "P1", "recours-ta")  # the last day: allowed
    assert r.code == 0, r.err

    r = cada("--today", "2024-05-16", "letter", "P1", "recours-ta")
    assert r.code == 4 and "court long stop passed on 2024-05-15" in r.err and r.out == ""

    r = cada("--today", "2024-05-16", "letter", "P1", "recours-ta", "--allow-inadmissible")
    assert r.code == 0 and "warning: rendered with --allow-inadmissible" in r.err


@pytest.mark.parametrize("args", [
    ("P1", "saisine-cada", "--allow-inadmissible"),
    ("P1", "demande", "--allow-inadmissible"),
    ("templates", "--allow-inadmissible"),
])
def test_allow_inadmissible_with_another_kind_is_a_usage_error(cada, lyon, args):
    # like --frais: an option that would do nothing is refused, not silently ignored
    lyon(complete_ack=False)
    r = cada("--today", "2023-03-15", "letter", *args)
    assert r.code == 2 and r.out == "" and "--allow-inadmissible" in r.err, r.err
    assert len(r.err.strip().splitlines()) == 1
