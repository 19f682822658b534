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


# --- issue 10, point 5: every request as it stood that day ---------------------------------
# Lyon's P1 (tests/conftest.py `lyon`): drafted Mon 30 Jan 2023, sent and received Tue 31 Jan
# 2023, so B (implicit refusal) = Tue 28 Feb 2023 and the referral's last day C = Fri 28 Apr
# 2023. Below, a reminder on Mon 20 Feb 2023 and the full reply, late, on Wed 10 May 2023.


def _lyon_answered_late(cada, lyon) -> str:
    ref = lyon(complete_ack=False)
    for day, *args in (("2023-02-20", "reminder-sent"),
                       ("2023-05-10", "reply", "--outcome", "full")):
        r = cada("--today", day, "log", ref, *args, "--on", day)
        assert r.code == 0, r.err
    return ref


def _requests(cada, day, *args):
    r = cada("--today", day, "status", *args, "--json")
    assert r.code == 0, r.err
    return {q["reference"]: q for q in r.json["requests"]}


def test_status_shows_a_request_completed_later_as_it_stood(cada, lyon):
    ref = _lyon_answered_late(cada, lyon)
    # Wed 15 Feb 2023: received, no reply yet (the reply of 10 May does not count)
    then = _requests(cada, "2023-02-15")[ref]
    assert then["state"] == "awaiting-reply"
    assert [e["kind"] for e in then["events"]] == ["sent", "received"]
    assert then["next_action"]["date"] == "2023-02-28"  # B, Tue 28 Feb 2023
    assert {d["status"] for d in then["deadlines"]} <= {"pending", "expected"}
    text = cada("--today", "2023-02-15", "status")
    assert text.code == 0 and ref in text.out and "awaiting-reply" in text.out
    # Wed 1 Mar 2023, the day after B: an implicit refusal, the reminder is listed
    later = _requests(cada, "2023-03-01")[ref]
    assert later["state"] == "implicit-refusal"
    assert [e["kind"] for e in later["events"]] == ["sent", "received", "reminder-sent"]
    # Wed 10 May 2023: complete, so only `--all` lists it
    assert ref not in _requests(cada, "2023-05-10")
    assert _requests(cada, "2023-05-10", "--all")[ref]["state"] == "complete"


def test_filters_and_remind_see_the_day_asked(cada, lyon):
    ref = _lyon_answered_late(cada, lyon)
    # Tue 2 May 2023: the referral's last day (Fri 28 Apr 2023) passed 4 days ago
    overdue = _requests(cada, "2023-05-02", "--overdue")
    assert overdue[ref]["next_action"]["days_left"] == -4
    assert ref in _requests(cada, "2023-05-02", "--authority", "ville-de-lyon")
    r = cada("--today", "2023-05-02", "remind", "--json")
    assert r.code == 0 and r.json["overdue"] == [ref]
    assert cada("--today", "2023-05-02", "remind", "--check").code == 1
    # Mon 27 Feb 2023: B (Tue 28 Feb) is due within 7 days
    assert ref in _requests(cada, "2023-02-27", "--due-within", "7")
    # Wed 10 May 2023: answered that day, nothing left to do
    assert ref not in _requests(cada, "2023-05-10", "--overdue")
    assert cada("--today", "2023-05-10", "remind", "--check").code == 0


def test_a_request_is_listed_from_its_creation_or_first_event(cada, lyon):
    ref = lyon(complete_ack=False)  # drafted Mon 30 Jan 2023
    assert ref not in _requests(cada, "2023-01-29", "--all")  # Sun 29 Jan 2023
    drafted = _requests(cada, "2023-01-30")[ref]  # Mon 30 Jan 2023: a draft
    assert drafted["state"] == "draft" and drafted["events"] == []
    # drafted on Mon 20 Mar 2023: not there on Sun 19 Mar 2023, a draft from the Monday
    r = cada("--today", "2023-03-20", "new", "-a", "ville-de-lyon", "-s", "Subventions",
             "--ref", "P2")
    assert r.code == 0, r.err
    assert "P2" not in _requests(cada, "2023-03-19", "--all")
    assert _requests(cada, "2023-03-20")["P2"]["state"] == "draft"
    text = cada("--today", "2023-03-19", "status", "--all")
    assert "P2" not in text.out and ref in text.out


def test_history_typed_in_late_counts_by_its_event_dates(cada, lyon):
    lyon(complete_ack=False)
    # typed in on Thu 1 Jun 2023 (its creation day) about a request sent on Tue 31 Jan 2023
    r = cada("--today", "2023-06-01", "new", "-a", "ville-de-lyon", "-s", "Marchés",
             "--ref", "LATE")
    assert r.code == 0, r.err
    r = cada("--today", "2023-06-01", "log", "LATE", "sent", "--on", "2023-01-31")
    assert r.code == 0, r.err
    assert "LATE" not in _requests(cada, "2023-01-30", "--all")  # Mon 30 Jan 2023
    then = _requests(cada, "2023-02-15")["LATE"]  # Wed 15 Feb 2023
    assert then["state"] == "sent" and [e["date"] for e in then["events"]] == ["2023-01-31"]
    assert cada("--today", "2023-02-15", "show", "LATE").code == 0


def test_calendar_exports_the_deadlines_of_that_day(cada, lyon):
    ref = _lyon_answered_late(cada, lyon)
    events = lambda day: cada("--today", day, "calendar").out.count("BEGIN:VEVENT")  # noqa: E731
    assert events("2023-01-29") == 0  # Sun 29 Jan 2023: P1 not drafted yet
    assert events("2023-02-15") > 0 and ref in cada("--today", "2023-02-15", "calendar").out
    assert events("2023-05-10") == 0  # complete on Wed 10 May 2023


def test_show_and_explain_of_a_request_that_did_not_exist_yet(cada, lyon):
    ref = lyon(complete_ack=False)  # drafted Mon 30 Jan 2023
    for command in ("show", "explain"):
        r = cada("--today", "2023-01-29", command, ref)
        assert r.code == 3 and r.out == ""
        assert r.err.count("\n") == 1
        assert "did not exist yet on 2023-01-29" in r.err and "--today 2023-01-30" in r.err
        assert cada("--today", "2023-01-30", command, ref).code == 0
    assert cada("--today", "2023-01-29", "show", ref, "--json").code == 3


def test_show_leaves_out_letters_sent_and_documents_received_later(cada, lyon, tmp_path):
    ref = _lyon_answered_late(cada, lyon)
    (tmp_path / "reponse.txt").write_text("Les documents demandés.\n", encoding="utf-8")
    r = cada("--today", "2023-05-10", "attach", ref, str(tmp_path / "reponse.txt"),
             "--event", "reply")
    assert r.code == 0, r.err
    letters = lambda day: [lt["kind"] for lt in  # noqa: E731
                           cada("--today", day, "show", ref, "--json").json["letters"]]
    # the demande frozen on Tue 31 Jan 2023; the reminder on Mon 20 Feb 2023
    assert letters("2023-02-19") == ["demande"]
    assert letters("2023-02-20") == ["demande", "relance"]
    before = cada("--today", "2023-05-09", "show", ref, "--json").json
    assert before["documents"] == [] and before["state"] == "implicit-refusal"
    assert [i["outcome"] for i in before["items"]] == ["pending"]
    after = cada("--today", "2023-05-10", "show", ref, "--json").json
    assert [d["received_on"] for d in after["documents"]] == ["2023-05-10"]
    assert "reponse.txt" not in cada("--today", "2023-05-09", "show", ref).out


def test_demo_on_a_day_of_2020(cada, demo_home):
    # Montpellier's 2020-001: sent and received Fri 7 Feb 2020, answered Mon 15 Jun 2020; the
    # demo's illustrative requests were created on Sat 28 Nov 2026
    def requests(day):
        r = cada("--home", demo_home, "--today", day, "status", "--json")
        assert r.code == 0, r.err
        return {q["reference"]: q for q in r.json["requests"]}

    assert requests("2020-02-06") == {}  # Thu 6 Feb 2020
    june = requests("2020-06-01")  # Mon 1 Jun 2020
    assert list(june) == ["2020-001"] and june["2020-001"]["state"] == "implicit-refusal"
    assert [e["kind"] for e in june["2020-001"]["events"]] == ["sent", "received"]
    shown = cada("--home", demo_home, "--today", "2020-06-01", "show", "2020-001", "--json").json
    assert shown["documents"] == []
    # the findings come from the documents of 15 June: none could be made on 1 June
    assert shown["findings"] == []
    assert "2020-001" not in requests("2020-06-15")  # complete that day


def test_no_letter_nor_dossier_for_a_request_that_did_not_exist_yet(cada, lyon, tmp_path):
    ref = lyon(complete_ack=False)  # drafted Mon 30 Jan 2023
    for args in (("letter", ref), ("letter", ref, "demande"),
                 ("escalate", ref, "-o", str(tmp_path / "dossier"))):
        r = cada("--today", "2023-01-29", *args)
        assert r.code == 3 and "did not exist yet on 2023-01-29" in r.err, (args, r.err)
    assert not (tmp_path / "dossier").exists()
    assert cada("--today", "2023-01-30", "letter", ref, "demande").code == 0
