"""`cada log REF cada-sent` prints the [U] warning of a referral in time under the default
reading but late under a stricter listed one (legal review point 3; CRPA L342-1, R343-1).

Dates (2023 calendar): received Tue 31 Jan 2023, complete acknowledgment Thu 2 Feb 2023 ->
B = Tue 28 Feb 2023 -> C = Fri 28 Apr 2023, which binds. A partial reply stating the remedies
on Fri 10 Mar 2023 reopens the window: C' = Wed 10 May 2023 (legal).
"""

from __future__ import annotations


def _setup(cada, lyon) -> None:
    lyon(complete_ack=True)
    r = cada("--today", "2023-03-10", "log", "P1", "reply", "--on", "2023-03-10",
             "--outcome", "partial", "--mentions-remedies")
    assert r.code == 0, r.err


def test_a_referral_after_the_first_binding_window_is_logged_with_a_warning(cada, lyon):
    _setup(cada, lyon)
    # Fri 5 May 2023: after C (Fri 28 Apr 2023), before C' (Wed 10 May 2023): accepted
    r = cada("--today", "2023-05-05", "log", "P1", "cada-sent", "--on", "2023-05-05")
    assert r.code == 0, r.err
    assert "[U] The CADA referral of Friday 5 May 2023 came after Friday 28 April 2023" in r.err
    assert "L342-1" in r.err and "R343-1" in r.err
    show = cada("--today", "2023-05-05", "show", "P1", "--json").json
    assert [w for w in show["warnings"] if w.startswith("[U] The CADA referral of Friday 5 May")]


def test_a_referral_within_the_first_window_is_logged_silently(cada, lyon):
    _setup(cada, lyon)
    r = cada("--today", "2023-04-28", "log", "P1", "cada-sent", "--on", "2023-04-28")
    assert r.code == 0, r.err
    assert "[U] The CADA referral" not in r.err
