"""With `--today` in the past, every command sees the request as it stood that day: later events
are left out of the state, the deadlines, the JSON of events and the letters (docs/commands.md,
"--today")."""

from __future__ import annotations


def _history(cada, ref):
    # sent Fri 7 Feb 2020; silence: B = Sat 7 Mar 2020; referral Fri 20 Mar 2020
    for args in (("2020-02-07", "sent"), ("2020-02-07", "received"), ("2020-03-20", "cada-sent")):
        r = cada("--today", args[0], "log", ref, args[1], "--on", args[0])
        assert r.code == 0, r.err


def test_show_leaves_out_the_events_after_today(cada, montpellier):
    _history(cada, montpellier)
    then = cada("--today", "2020-03-01", "show", montpellier, "--json")
    assert then.code == 0, then.err
    assert [e["kind"] for e in then.json["events"]] == ["sent", "received"]
    assert then.json["state"] == "awaiting-reply"
    assert "cada-sent" not in cada("--today", "2020-03-01", "show", montpellier).out
    now = cada("--today", "2020-03-21", "show", montpellier, "--json")
    assert [e["kind"] for e in now.json["events"]] == ["sent", "received", "cada-sent"]


def test_a_letter_states_only_the_facts_known_on_today(cada, montpellier):
    _history(cada, montpellier)
    # on Sun 1 Mar 2020 the referral of 20 March had not happened: a reminder before B
    r = cada("--today", "2020-03-01", "letter", montpellier, "relance")
    assert r.code == 0, r.err
    assert "1er mars 2020" in r.out
    assert "saisi la Commission" not in r.out and "20 mars 2020" not in r.out
    chosen = cada("--today", "2020-03-01", "letter", montpellier)
    assert chosen.code == 0 and "relance" in chosen.err and "cada-referred" not in chosen.err
    # on Mon 23 Mar 2020 the reminder cites the referral
    later = cada("--today", "2020-03-23", "letter", montpellier, "relance")
    assert later.code == 0 and "saisi la Commission" in later.out and "20 mars 2020" in later.out
