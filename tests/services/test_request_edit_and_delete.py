"""Requests that change (issue 11, point 8): `cada edit REF` changes the subject, documents
requested, channel or note of a draft (its draft letter drafted again); after sending, subject
and documents are frozen (exit 4), a channel change is a `note` event and the deadlines follow
it (the channel dates the deemed receipt, docs/deadlines.md); `cada delete REF` removes a draft,
never a request with history."""

from __future__ import annotations

import pytest

REF = "2025-001"
TODAY = "2025-03-20"


@pytest.fixture
def draft(cada):
    assert cada("init", "--name", "Jeanne Dupont", "--email", "jeanne@example.org").code == 0
    assert cada("authority", "add", "Ville de Montpellier", "--department", "34",
                "--email", "contact@example.org").code == 0
    r = cada("--today", "2025-03-03", "new", "-a", "ville-de-montpellier", "-s", "Contrats",
             "-d", "Le contrat", "-d", "Les avenants", "--ref", REF)
    assert r.code == 0, r.err
    return cada


def run(cada, *args):
    return cada("--today", TODAY, *args)


def show(cada) -> dict:
    r = run(cada, "show", REF, "--json")
    assert r.code == 0, r.err
    return r.json


def letter_sha(cada) -> str:
    events = run(cada, "event", "list", REF, "--json").json["events"]
    return next(e["letters"][0]["sha256"] for e in events if e["kind"] == "sent")


def test_edit_a_draft_redrafts_its_letter(draft):
    r = run(draft, "edit", REF, "--subject", "Contrats de vidéoprotection",
            "-d", "Le marché public", "--note", "voir le BOAMP")
    assert r.code == 0, r.err
    assert "changed --subject, --document, --note" in r.out
    assert "drafted again" in r.err
    data = show(draft)
    assert data["subject"] == "Contrats de vidéoprotection"
    assert [i["description"] for i in data["items"]] == ["Le marché public"]
    letter = run(draft, "letter", REF, "demande").out
    assert "Le marché public" in letter and "Les avenants" not in letter
    assert "vidéoprotection" in letter
    # the draft letter stored with the request is the new one: the old one is not found
    assert run(draft, "search", "avenants", "--json").json["hits"] == []
    assert run(draft, "search", "vidéoprotection", "--json").json["hits"]


def test_edit_json(draft):
    r = run(draft, "edit", REF, "--channel", "post", "--json")
    assert r.code == 0, r.err
    assert r.json["changed"] == ["channel"]
    assert r.json["request"]["channel"] == "post"
    assert r.json["moved_deadlines"] == []  # a draft has no deadline


@pytest.mark.parametrize("args, code, words", [
    ((), 2, "nothing to change"),
    (("--subject", ""), 2, ""),
    (("--subject", "a\nb"), 2, ""),
    (("-d", ""), 2, "--document"),
    (("--channel", "pigeon"), 2, "pigeon"),
])
def test_edit_bad_values(draft, args, code, words):
    r = run(draft, "edit", REF, *args)
    assert r.code == code and words in r.err and "Traceback" not in r.err
    assert show(draft)["subject"] == "Contrats"


def test_edit_unknown_request(draft):
    assert run(draft, "edit", "NOPE", "--note", "x").code == 3


def test_after_sending_subject_and_documents_are_frozen(draft):
    assert draft("--today", "2025-03-03", "log", REF, "sent").code == 0
    for args in (("--subject", "Autre chose"), ("-d", "Autre document")):
        r = run(draft, "edit", REF, *args)
        assert r.code == 4 and "sent on 2025-03-03" in r.err and "cada new" in r.err
    assert show(draft)["subject"] == "Contrats"
    r = run(draft, "edit", REF, "--note", "relancer en avril")
    assert r.code == 0, r.err
    assert show(draft)["note"] == "relancer en avril"


def test_channel_changed_after_sending_moves_the_deadlines(draft):
    # sent Mon 3 March 2025 by e-mail: received the same day, B = Thu 3 April 2025 (R311-13)
    assert draft("--today", "2025-03-03", "log", REF, "sent").code == 0
    before = {d["kind"]: d["date"] for d in show(draft)["deadlines"]}
    assert before["implicit_refusal"] == "2025-04-03"
    sha = letter_sha(draft)
    # it went by post: received between Tue 4 and Fri 7 March (estimated), the earliest
    # (Tue 4 March) is used: B = Fri 4 April 2025
    r = run(draft, "edit", REF, "--channel", "post")
    assert r.code == 0, r.err
    assert "implicit_refusal: 2025-04-03 -> 2025-04-04" in r.out
    assert "recorded as a note on 2025-03-20" in r.err
    data = show(draft)
    assert {d["kind"]: d["date"] for d in data["deadlines"]}["implicit_refusal"] == "2025-04-04"
    note = [e for e in data["events"] if e["kind"] == "note"]
    assert note and note[0]["date"] == TODAY and "from email to post" in note[0]["note"]
    # explain says how the receipt is dated now
    explain = run(draft, "explain", REF).out
    assert "sent by post on Monday 3 March 2025" in explain
    assert "corrected on Thursday 20 March 2025 (`cada edit --channel`): post" in explain
    assert note[0]["channel"] == "post"  # the note carries the channel it records
    assert "Tuesday 4 March 2025" in explain and "Friday 4 April 2025" in explain
    # the letter as sent keeps its text
    assert letter_sha(draft) == sha


def test_channel_change_of_a_received_request_changes_no_deadline(draft):
    # a recorded receipt (Wed 5 March 2025) wins over the channel's estimate: B = Sat 5 April
    assert draft("--today", "2025-03-05", "log", REF, "sent", "--on", "2025-03-03").code == 0
    assert draft("--today", "2025-03-05", "log", REF, "received").code == 0
    r = run(draft, "edit", REF, "--channel", "post", "--json")
    assert r.code == 0, r.err
    assert r.json["moved_deadlines"] == []
    assert {d["kind"]: d["date"] for d in show(draft)["deadlines"]}["implicit_refusal"] \
        == "2025-04-05"


def test_delete_a_draft(draft):
    r = run(draft, "delete", REF, "--yes")
    assert r.code == 0, r.err and "deleted" in r.out
    assert run(draft, "show", REF).code == 3
    assert run(draft, "search", "Contrats", "--json").json.get("hits", []) == []
    # the reference is free again
    assert draft("--today", TODAY, "new", "-a", "ville-de-montpellier", "-s", "X",
                 "--ref", REF).code == 0


def test_delete_needs_yes_when_not_on_a_terminal(draft):
    r = run(draft, "delete", REF)
    assert r.code == 2 and "--yes" in r.err
    assert run(draft, "show", REF).code == 0


def test_delete_json(draft):
    r = run(draft, "delete", REF, "--yes", "--json")
    assert r.code == 0 and r.json == {"reference": REF, "deleted": True}


def test_delete_never_removes_a_request_with_history(draft):
    assert draft("--today", "2025-03-03", "log", REF, "sent").code == 0
    r = run(draft, "delete", REF, "--yes")
    assert r.code == 4 and "sent 2025-03-03 (event 1)" in r.err
    assert run(draft, "show", REF).code == 0


def test_delete_refuses_a_draft_with_documents(draft, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("texte\n", encoding="utf-8")
    assert run(draft, "attach", REF, str(f)).code == 0
    r = run(draft, "delete", REF, "--yes")
    assert r.code == 4 and "DOC 1" in r.err and "document detach" in r.err


def test_delete_unknown_request(draft):
    assert run(draft, "delete", "NOPE", "--yes").code == 3
