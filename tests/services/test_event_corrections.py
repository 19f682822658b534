"""Correcting a mistyped event (issue 11, point 8): `cada event list REF`, `cada event edit ID`
and `cada event delete ID`, judged by the checks of `cada log` (--force as log has), each with
an audit line (table event_audit); deadlines follow the corrected events; a frozen letter keeps
its text.

The request of these tests: 2025-001 to Ville de Montpellier (34), sent by e-mail on Monday 3
March 2025; today is Thursday 20 March 2025."""

from __future__ import annotations

import pytest

REF = "2025-001"
TODAY = "2025-03-20"


@pytest.fixture
def sent(cada):
    assert cada("init", "--name", "Jeanne Dupont", "--email", "jeanne@example.org").code == 0
    assert cada("authority", "add", "Ville de Montpellier", "--department", "34",
                "--email", "contact@example.org").code == 0
    r = cada("--today", "2025-03-03", "new", "-a", "ville-de-montpellier", "-s", "Contrats",
             "-d", "Le marché", "-d", "Les avenants", "--ref", REF)
    assert r.code == 0, r.err
    assert cada("--today", "2025-03-03", "log", REF, "sent").code == 0
    return cada


def run(cada, *args):
    return cada("--today", TODAY, *args)


def events(cada) -> list[dict]:
    r = run(cada, "event", "list", REF, "--json")
    assert r.code == 0, r.err
    return r.json["events"]


def event_id(cada, kind: str) -> int:
    return next(e["id"] for e in events(cada) if e["kind"] == kind)


def deadline(cada, kind: str) -> str:
    r = run(cada, "show", REF, "--json")
    assert r.code == 0, r.err
    return next(d["date"] for d in r.json["deadlines"] if d["kind"] == kind)


def test_event_list_gives_ids_letters_and_corrections(sent):
    r = run(sent, "event", "list", REF)
    assert r.code == 0, r.err
    assert "2025-03-03  sent [letter demande frozen]" in r.out
    (e,) = events(sent)
    assert e["kind"] == "sent" and e["date"] == "2025-03-03" and isinstance(e["id"], int)
    assert e["letters"][0]["kind"] == "demande" and len(e["letters"][0]["sha256"]) == 64
    assert run(sent, "event", "list", REF, "--json").json["corrections"] == []


def test_received_on_the_wrong_day_corrected_moves_b(sent):
    # typed: received on Wed 12 March 2025 -> B = Sat 12 April 2025 (R311-13, one month)
    assert run(sent, "log", REF, "received", "--on", "2025-03-12").code == 0
    assert deadline(sent, "implicit_refusal") == "2025-04-12"
    received = event_id(sent, "received")
    # the right day: Wed 5 March 2025 -> B = Sat 5 April 2025 (never moved to a working day)
    r = run(sent, "event", "edit", str(received), "--on", "2025-03-05")
    assert r.code == 0, r.err
    assert "implicit_refusal: 2025-04-12 -> 2025-04-05" in r.out
    assert deadline(sent, "implicit_refusal") == "2025-04-05"
    explain = run(sent, "explain", REF)
    assert "Wednesday 5 March 2025" in explain.out and "Saturday 5 April 2025" in explain.out
    (audit,) = run(sent, "event", "list", REF, "--json").json["corrections"]
    assert audit["action"] == "edit" and audit["event"] == received
    assert audit["before"]["date"] == "2025-03-12" and audit["after"]["date"] == "2025-03-05"
    assert audit["at"]
    listing = run(sent, "event", "list", REF).out
    assert f"event {received} edit: date 2025-03-12 -> 2025-03-05" in listing


def test_edit_json_gives_the_event_the_moved_deadlines_and_the_request(sent):
    assert run(sent, "log", REF, "received", "--on", "2025-03-12").code == 0
    r = run(sent, "event", "edit", str(event_id(sent, "received")), "--on", "2025-03-05",
            "--json")
    assert r.code == 0, r.err
    assert r.json["event"]["date"] == "2025-03-05"
    assert {"kind": "implicit_refusal", "before": "2025-04-12", "after": "2025-04-05"} \
        in r.json["moved_deadlines"]
    assert r.json["request"]["reference"] == REF


def test_frozen_letter_keeps_its_text_when_its_event_is_redated(sent):
    sent_id = event_id(sent, "sent")
    before = events(sent)[0]["letters"][0]["sha256"]
    # sent on Fri 28 Feb 2025, not Mon 3 March: B = Fri 28 March 2025 (e-mail, same-day receipt)
    r = run(sent, "event", "edit", str(sent_id), "--on", "2025-02-28")
    assert r.code == 0, r.err
    assert "keeps its text as sent (dated 2025-03-03)" in r.err
    assert events(sent)[0]["letters"][0]["sha256"] == before
    assert deadline(sent, "implicit_refusal") == "2025-03-28"


def test_edit_outcome_and_note_with_the_checks_of_log(sent):
    assert run(sent, "log", REF, "reply", "--on", "2025-03-14", "--outcome", "full").code == 0
    reply = event_id(sent, "reply")
    r = run(sent, "event", "edit", str(reply), "--outcome", "refused", "--note", "motif L311-5",
            "--no-mentions-remedies")
    assert r.code == 0, r.err
    e = next(e for e in events(sent) if e["id"] == reply)
    assert (e["outcome"], e["note"], e["mentions_remedies"]) == ("refused", "motif L311-5", False)
    assert run(sent, "event", "edit", str(reply), "--outcome", "granted").code == 2
    assert run(sent, "event", "edit", str(reply), "--complete").code == 2  # acknowledged only
    assert run(sent, "event", "edit", str(reply), "--note", "").code == 0  # clears the note
    assert next(e for e in events(sent) if e["id"] == reply)["note"] is None


def test_outcome_of_an_event_with_item_outcomes_is_refused(sent):
    assert run(sent, "log", REF, "reply", "--on", "2025-03-14", "--outcome", "partial",
               "--items", "1", "--refused-items", "2", "--grounds", "secret").code == 0
    reply = event_id(sent, "reply")
    r = run(sent, "event", "edit", str(reply), "--outcome", "full")
    assert r.code == 4 and "documents 1,2" in r.err and "cada event delete" in r.err
    assert run(sent, "event", "edit", str(reply), "--on", "2025-03-13").code == 0


@pytest.mark.parametrize("on, code, words", [
    ("2025-03-01", 4, "before the request was sent"),  # Sat 1 March, before the sending
    ("2025-03-25", 4, "after today"),  # Tue 25 March, after today (Thu 20 March)
    ("1800-01-01", 2, "outside the years"),
    ("2025-02-30", 2, "not a real date"),
])
def test_edit_dates_that_break_the_history_are_refused(sent, on, code, words):
    assert run(sent, "log", REF, "received", "--on", "2025-03-05").code == 0
    received = event_id(sent, "received")
    r = run(sent, "event", "edit", str(received), "--on", on)
    assert r.code == code and words in r.err and "Traceback" not in r.err
    assert next(e for e in events(sent) if e["id"] == received)["date"] == "2025-03-05"
    assert run(sent, "event", "list", REF, "--json").json["corrections"] == []


def test_force_records_a_correction_the_state_machine_refuses(sent):
    assert run(sent, "log", REF, "received", "--on", "2025-03-05").code == 0
    received = event_id(sent, "received")
    r = run(sent, "event", "edit", str(received), "--on", "2025-03-01", "--force")
    assert r.code == 0, r.err
    e = next(e for e in events(sent) if e["id"] == received)
    assert e["date"] == "2025-03-01" and e["forced"] is True


@pytest.mark.parametrize("args, code", [
    (("event", "edit", "999", "--on", "2025-03-04"), 3),
    (("event", "delete", "999"), 3),
    (("event", "edit", "abc", "--on", "2025-03-04"), 2),
    (("event", "edit", "0", "--on", "2025-03-04"), 2),
    (("event", "delete", "99999999999999999999999"), 3),
    (("event", "list", "NOPE"), 3),
])
def test_unknown_or_bad_event_ids(sent, args, code):
    r = run(sent, *args)
    assert r.code == code, r.err
    assert r.err.startswith("cada: ") and r.err.count("\n") == 1


def test_edit_without_a_change_is_a_usage_error(sent):
    r = run(sent, "event", "edit", str(event_id(sent, "sent")))
    assert r.code == 2 and "--on" in r.err


def test_delete_a_mistyped_event_moves_the_deadlines_back(sent):
    # sent Mon 3 March (e-mail): B = Thu 3 April 2025; an `acknowledged` typed on the wrong
    # request does not change B, a `received` on Mon 10 March does: B = Thu 10 April 2025
    assert run(sent, "log", REF, "received", "--on", "2025-03-10").code == 0
    assert deadline(sent, "implicit_refusal") == "2025-04-10"
    received = event_id(sent, "received")
    r = run(sent, "event", "delete", str(received))
    assert r.code == 0, r.err
    assert "implicit_refusal: 2025-04-10 -> 2025-04-03" in r.out
    assert deadline(sent, "implicit_refusal") == "2025-04-03"
    (audit,) = run(sent, "event", "list", REF, "--json").json["corrections"]
    assert audit["action"] == "delete" and audit["after"] is None
    assert audit["before"]["kind"] == "received" and audit["before"]["date"] == "2025-03-10"


def test_delete_keeps_the_frozen_letter_text_in_the_audit(sent):
    sent_id = event_id(sent, "sent")
    sha = events(sent)[0]["letters"][0]["sha256"]
    r = run(sent, "event", "delete", str(sent_id))
    assert r.code == 0, r.err
    assert "state now draft" in r.out and sha[:12] in r.err
    (audit,) = run(sent, "event", "list", REF, "--json").json["corrections"]
    (letter,) = audit["before"]["letters"]
    assert letter["sha256"] == sha and "Contrats" in letter["body"]
    # the draft is still there: the request can be sent again
    assert run(sent, "log", REF, "sent", "--on", "2025-03-04").code == 0


def test_delete_that_breaks_the_history_is_refused_unless_forced(sent):
    assert run(sent, "log", REF, "reply", "--on", "2025-03-14", "--outcome", "full").code == 0
    sent_id = event_id(sent, "sent")
    r = run(sent, "event", "delete", str(sent_id))
    assert r.code == 4 and "inconsistent" in r.err and "--force" in r.err
    assert len(events(sent)) == 2
    assert run(sent, "event", "delete", str(sent_id), "--force").code == 0
    assert [e["kind"] for e in events(sent)] == ["reply"]


def test_documents_of_a_deleted_event_stay_with_the_request(sent, tmp_path):
    assert run(sent, "log", REF, "reply", "--on", "2025-03-14", "--outcome", "full").code == 0
    f = tmp_path / "reponse.txt"
    f.write_text("La réponse de la ville.\n", encoding="utf-8")
    assert run(sent, "attach", REF, str(f), "--event", "reply").code == 0
    reply = event_id(sent, "reply")
    assert next(e for e in events(sent) if e["id"] == reply)["documents"] == [1]
    r = run(sent, "event", "delete", str(reply))
    assert r.code == 0, r.err and "DOC 1" in r.err
    docs = run(sent, "documents", REF, "--json").json
    assert [d["id"] for d in docs["documents"]] == [1]
