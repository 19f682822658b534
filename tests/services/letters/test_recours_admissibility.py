"""The court route after the CADA step (issue 9): a referral out of time is refused by `cada log`
(exit 4) unless forced; once forced, no court deadline, the next action is a new request and
`cada letter REF recours-ta` refuses (exit 4) unless --allow-inadmissible; the same after the
court long stop.

Dates (2023 calendar): received Tue 31 Jan 2023 -> B = Tue 28 Feb 2023 -> C = Fri 28 Apr 2023
(safe Thu 27 Apr 2023); C binds only with a complete acknowledgment (CRPA L112-6).
"""

from __future__ import annotations

import pytest


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


def test_recours_ta_after_a_binding_court_deadline_is_refused_and_not_chosen(cada, lyon):
    """Referral Fri 3 Mar 2023, registered the same day: K = Wed 3 May 2023. An explicit
    confirmation stating the remedies, notified Tue 2 May 2023 (before K), opens the court
    period: 2 May + 2 months = Sun 2 Jul, + 1 franc day = Mon 3 Jul 2023 (CJA R421-1, R421-2).
    On Tue 4 Jul 2023 it has passed and binds: no court can admit the application."""
    ref = lyon(complete_ack=True)
    for args in (("2023-03-03", "cada-sent"), ("2023-03-03", "cada-registered")):
        r = cada("--today", args[0], "log", ref, args[1], "--on", args[0])
        assert r.code == 0, r.err
    r = cada("--today", "2023-05-02", "log", ref, "reply", "--outcome", "refused",
             "--on", "2023-05-02", "--mentions-remedies")
    assert r.code == 0, r.err
    court = {d["kind"]: d for d in cada("--today", "2023-07-04", "show", ref,
                                        "--json").json["deadlines"]}["court_by"]
    assert court["date"] == "2023-07-03" and court["opposable"] is True
    # on the last day it is still written
    assert cada("--today", "2023-07-03", "letter", ref, "recours-ta").code == 0
    r = cada("--today", "2023-07-04", "letter", ref, "recours-ta")
    assert r.code == 4 and r.out == ""
    assert "2023-07-03" in r.err and "R421-1" in r.err and "--allow-inadmissible" in r.err
    r = cada("--today", "2023-07-04", "letter", ref, "recours-ta", "--allow-inadmissible")
    assert r.code == 0 and "warning" in r.err and "Requête" in r.out
    # the letter the request needs next is no longer the court application
    r = cada("--today", "2023-07-04", "letter", ref)
    assert r.code == 4 and "recours-ta" not in r.out


def test_no_reminder_once_the_documents_came(cada, lyon):
    ref = lyon(complete_ack=False)
    r = cada("--today", "2023-02-15", "log", ref, "reply", "--outcome", "full",
             "--on", "2023-02-15")
    assert r.code == 0, r.err
    r = cada("--today", "2023-03-01", "letter", ref, "relance")
    assert r.code == 4 and r.out == "" and "complete" in r.err


def test_escalate_gives_the_safe_date_first(cada, lyon, tmp_path):
    """Complete acknowledgment: C = Fri 28 Apr 2023 binds; its strict reading ends Thu 27 Apr
    2023. The dossier's next step names both, the safe one first."""
    ref = lyon(complete_ack=True)
    r = cada("--today", "2023-03-15", "escalate", ref, "-o", str(tmp_path / "dossier"))
    assert r.code == 0, r.err
    steps = r.out + r.err
    assert "by 2023-04-27 (safe date, the strictest reading), 2023-04-28 at the latest" in steps
