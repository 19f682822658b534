"""`cada inbox` (issue 12, point 3): the messages brought back wait in the inbox with a
suggested classification; `cada inbox classify ID --as EVENT` records the event on the day the
message was received (Europe/Paris), never today, links its documents to the event, and the
deadlines follow. Messages are put in the inbox through the document ingest
(tests/services/mail/inbox_messages.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.services.mail.inbox_messages import eml, put_in_inbox

TODAY = "2023-03-20"  # Mon 20 Mar 2023: every classification below is recorded earlier
ACK_TEXT = (
    "Madame, nous accusons réception de votre demande du 8 février 2023. Le silence gardé "
    "pendant un mois vaut décision implicite de rejet, le 8 mars 2023 ; vous pourrez alors "
    "saisir la Commission d’accès aux documents administratifs (CADA)."
)
REFUSAL_TEXT = (
    "Madame, nous ne pouvons pas vous communiquer ces délibérations. Vous pouvez contester "
    "cette décision devant le tribunal administratif dans un délai de deux mois, après avoir "
    "saisi la CADA."
)


@pytest.fixture
def request_2023(cada):
    """Ville de Montpellier; request 2023-001 sent by e-mail on Wed 8 Feb 2023 (taken as
    received the same day)."""
    assert cada("init", "--name", "Jeanne Dupont", "--email", "jeanne@example.org").code == 0
    assert cada("authority", "add", "Ville de Montpellier", "--department", "34",
                "--email", "contact@example.org").code == 0
    r = cada("--today", "2023-02-08", "new", "--authority", "ville-de-montpellier",
             "--subject", "Vidéoprotection", "--document", "Délibérations", "--document",
             "Rapport annuel", "--ref", "2023-001")
    assert r.code == 0, r.err
    assert cada("--today", "2023-02-08", "log", "2023-001", "sent").code == 0
    return "2023-001"


def _inbox(tmp_path, raw: bytes, received_on: date, reference: str | None = "2023-001",
           today: str = TODAY) -> int:
    return put_in_inbox(tmp_path, date.fromisoformat(today), reference, raw,
                        received_on=received_on)


def _ack(tmp_path) -> int:
    raw = eml(subject="Accusé de réception - Réf. 2023-001", body=ACK_TEXT,
              sent=datetime(2023, 2, 10, 9, 12, tzinfo=UTC))
    return _inbox(tmp_path, raw, date(2023, 2, 10))  # Fri 10 Feb 2023


def _refusal(tmp_path) -> int:
    raw = eml(subject="Re: Réf. 2023-001", body=REFUSAL_TEXT,
              attachments=(("decision.txt", b"Decision de refus\n", "text/plain"),))
    return _inbox(tmp_path, raw, date(2023, 3, 3))  # Fri 3 Mar 2023


def test_inbox_lists_messages_waiting_with_a_suggestion_and_its_reason(cada, request_2023,
                                                                       tmp_path):
    ack, refusal = _ack(tmp_path), _refusal(tmp_path)
    r = cada("--today", TODAY, "inbox")
    assert r.code == 0, r.err
    assert f"#{ack}  2023-001  received 2023-02-10  from contact@example.org" in r.out
    assert f"cada inbox classify {ack} --as acknowledged --complete" in r.out
    assert "states the implicit decision and the remedies" in r.out
    assert f"#{refusal}  2023-001  received 2023-03-03" in r.out
    assert "(1 attachment)" in r.out
    assert (f"cada inbox classify {refusal} --as reply --outcome refused --mentions-remedies"
            in r.out)
    assert "2 messages wait to be classified." in r.out
    data = cada("--today", TODAY, "inbox", "--json").json["messages"]
    assert [m["id"] for m in data] == [ack, refusal]
    assert data[0]["suggestion"] == {
        "event": "acknowledged", "options": ["--complete"],
        "command": f"cada inbox classify {ack} --as acknowledged --complete",
        "reason": "acknowledgment-complete", "evidence": "Accusé de réception", "missing": [],
        "text": data[0]["suggestion"]["text"]}
    assert data[1]["attachments"] == 1 and data[1]["status"] == "inbox"


def test_inbox_reasons_are_in_the_interface_language(cada, request_2023, tmp_path):
    _ack(tmp_path)
    r = cada("--lang", "fr", "--today", TODAY, "inbox")
    assert r.code == 0, r.err
    assert "accusé de réception" in r.out.lower()
    assert "CRPA R112-5" in r.out
    # the JSON's keys and codes do not depend on the language
    fr = cada("--lang", "fr", "--today", TODAY, "inbox", "--json").json["messages"][0]
    en = cada("--today", TODAY, "inbox", "--json").json["messages"][0]
    assert fr["suggestion"]["reason"] == en["suggestion"]["reason"] == "acknowledgment-complete"
    assert fr["suggestion"]["text"] != en["suggestion"]["text"]


def test_inbox_show_prints_headers_text_and_attachments(cada, request_2023, tmp_path):
    refusal = _refusal(tmp_path)
    r = cada("--today", TODAY, "inbox", "show", str(refusal))
    assert r.code == 0, r.err
    assert f"Message #{refusal} (in the inbox)" in r.out
    assert "Request:      2023-001 (matched by reference in the subject)" in r.out
    fr = cada("--lang", "fr", "--today", TODAY, "inbox", "show", str(refusal))
    assert "(rattachée par référence dans l'objet)" in fr.out, fr.out
    assert "Subject:      Re: Réf. 2023-001" in r.out
    assert "Received on:  2023-03-03" in r.out
    assert "decision.txt  (text/plain" in r.out
    assert "nous ne pouvons pas vous communiquer ces délibérations" in r.out
    data = cada("--today", TODAY, "inbox", "show", f"#{refusal}", "--json").json
    assert data["attachments"][0]["name"] == "decision.txt"
    assert "tribunal administratif" in data["text"]


def test_classifying_an_acknowledgment_records_it_on_the_day_received(cada, request_2023,
                                                                      tmp_path):
    """Sent (and taken as received) Wed 8 Feb 2023; the acknowledgment arrived Fri 10 Feb
    2023 and is classified on Mon 20 Mar 2023: the event is dated Fri 10 Feb.
    Its being complete makes the referral limit C opposable (CRPA R112-5, L112-6):
    B = Wed 8 Feb + 1 month = Wed 8 Mar 2023 (implicit refusal);
    C = Wed 8 Mar + 2 months = Mon 8 May 2023, a public holiday (Victoire 1945), so the
    last day moves to Tue 9 May 2023 (CPC 642) -- docs/deadlines.md's own example."""
    ack = _ack(tmp_path)
    r = cada("--today", TODAY, "inbox", "classify", str(ack), "--as", "acknowledged",
             "--complete")
    assert r.code == 0, r.err
    assert (f"Message #{ack}: acknowledged recorded for 2023-001 on 2023-02-10, the day it "
            "was received" in r.out)
    events = cada("--today", TODAY, "event", "list", "2023-001", "--json").json["events"]
    ack_event = next(e for e in events if e["kind"] == "acknowledged")
    assert ack_event["date"] == "2023-02-10" and ack_event["complete"] is True
    explained = cada("--today", TODAY, "explain", "2023-001")
    assert "Implicit refusal (refus implicite) born on: Wednesday 8 March 2023" in explained.out
    assert "Last day to refer to the CADA (saisine): Tuesday 9 May 2023" in explained.out
    # it left the inbox
    assert cada("--today", TODAY, "inbox", "--json").json["messages"] == []
    listed = cada("--today", TODAY, "inbox", "--all", "--json").json["messages"]
    assert listed[0]["status"] == "classified" and listed[0]["event_id"] == ack_event["id"]


def test_classifying_a_reply_dates_the_deadlines_from_the_message_day(cada, request_2023,
                                                                       tmp_path):
    """The refusal stating the remedies arrived Fri 3 Mar 2023 (before the implicit refusal
    of Wed 8 Mar): the referral period runs from its notification, 2 months: Fri 3 Mar + 2
    months = Wed 3 May 2023 (a working day). Recorded today (Mon 20 Mar) it would have been
    Sat 20 May 2023 -> Mon 22 May: the message's day is what counts."""
    refusal = _refusal(tmp_path)
    r = cada("--today", TODAY, "inbox", "classify", str(refusal), "--as", "reply", "--outcome",
             "refused", "--mentions-remedies", "--refused-items", "1,2", "--grounds",
             "secret des délibérations")
    assert r.code == 0, r.err
    assert "reply (refused) recorded for 2023-001 on 2023-03-03" in r.out
    assert "2 documents of the message are linked to the event." in r.out
    explained = cada("--today", TODAY, "explain", "2023-001")
    assert "Start: notification of the explicit decision (refused) on Friday 3 March 2023" \
        in explained.out
    assert "Last day to refer to the CADA (saisine): Wednesday 3 May 2023" in explained.out
    # the message (the .eml) and its attachment are documents of that event
    docs = cada("--today", TODAY, "documents", "2023-001", "--json").json
    docs = docs["documents"] if isinstance(docs, dict) else docs
    event_id = cada("--today", TODAY, "inbox", "--all", "--json").json["messages"][0][
        "event_id"]
    assert len(docs) == 2 and all(d["event"]["id"] == event_id for d in docs)


def test_classify_refusals_leave_nothing_written(cada, request_2023, tmp_path):
    refusal = _refusal(tmp_path)
    # an unknown message (3), an ID that is not a number (2), --as missing (2)
    r = cada("--today", TODAY, "inbox", "classify", "99", "--as", "reply")
    assert r.code == 3 and "No message #99" in r.err
    assert cada("--today", TODAY, "inbox", "classify", "x1", "--as", "reply").code == 2
    r = cada("--today", TODAY, "inbox", "classify", str(refusal))
    assert r.code == 2 and "--as EVENT" in r.err
    # a letter of the user's is not something received (2)
    r = cada("--today", TODAY, "inbox", "classify", str(refusal), "--as", "reminder-sent")
    assert r.code == 2 and "cada log REF reminder-sent" in r.err
    # an event the procedure refuses: the same error as `cada log` (4)
    r = cada("--today", TODAY, "inbox", "classify", str(refusal), "--as", "cada-opinion",
             "--outcome", "favorable")
    logged = cada("--today", TODAY, "log", "2023-001", "cada-opinion", "--on", "2023-03-03",
                  "--outcome", "favorable")
    assert r.code == logged.code == 4
    assert r.err == logged.err
    # a bad value of a shared option: the same error as `cada log` (2)
    r = cada("--today", TODAY, "inbox", "classify", str(refusal), "--as", "reply", "--outcome",
             "maybe")
    logged = cada("--today", TODAY, "log", "2023-001", "reply", "--outcome", "maybe")
    assert r.code == logged.code == 2 and r.err == logged.err
    r = cada("--today", TODAY, "inbox", "classify", str(refusal), "--as", "reply", "--outcome",
             "refused", "--complete")
    logged = cada("--today", TODAY, "log", "2023-001", "reply", "--outcome", "refused",
                  "--complete")
    assert r.code == logged.code == 2 and r.err == logged.err
    # nothing was written: no event, still in the inbox, documents not linked
    assert [e["kind"] for e in cada("--today", TODAY, "show", "2023-001", "--json")
            .json["events"]] == ["sent"]
    assert cada("--today", TODAY, "inbox", "--json").json["messages"][0]["status"] == "inbox"
    # classified once, not twice (4)
    ok = cada("--today", TODAY, "inbox", "classify", str(refusal), "--as", "reply",
              "--outcome", "refused")
    assert ok.code == 0, ok.err
    again = cada("--today", TODAY, "inbox", "classify", str(refusal), "--as", "reply",
                 "--outcome", "refused")
    assert again.code == 4 and "already classified" in again.err


def test_a_message_received_after_today_is_refused_as_log_refuses_a_future_event(
        cada, request_2023, tmp_path):
    raw = eml(subject="Re: Réf. 2023-001", body="Voir pièce jointe.",
              attachments=(("a.txt", b"x\n", "text/plain"),))
    # imported on Sat 25 Mar 2023, classified with --today 2023-03-20 (a clock set back)
    late = _inbox(tmp_path, raw, date(2023, 3, 25), today="2023-03-25")
    r = cada("--today", TODAY, "inbox", "classify", str(late), "--as", "reply", "--outcome",
             "full")
    assert r.code == 4 and "2023-03-25" in r.err


def test_an_unmatched_message_must_be_assigned_first(cada, request_2023, tmp_path):
    raw = eml(subject="Bonjour", body="Une question.", sender="someone@elsewhere.example")
    lost = _inbox(tmp_path, raw, date(2023, 3, 1), reference=None)
    assert cada("--today", TODAY, "inbox", "--json").json["messages"] == []
    r = cada("--today", TODAY, "inbox", "classify", str(lost), "--as", "reply", "--outcome",
             "full")
    assert r.code == 4 and f"cada mail assign {lost} REF" in r.err
    shown = cada("--today", TODAY, "inbox", "show", str(lost))
    assert shown.code == 0 and "Une question." in shown.out


def test_dismiss_takes_a_message_out_of_the_inbox_without_an_event(cada, request_2023,
                                                                  tmp_path):
    raw = eml(subject="Newsletter", body="Lettre d'information municipale.")
    spam = _inbox(tmp_path, raw, date(2023, 3, 1))
    r = cada("--today", TODAY, "inbox")
    assert "No suggestion: nothing in its subject" in r.out
    r = cada("--today", TODAY, "inbox", "dismiss", str(spam))
    assert r.code == 0 and f"Message #{spam} dismissed" in r.out
    assert cada("--today", TODAY, "inbox", "--json").json["messages"] == []
    assert "Dismissed: no event was recorded." in cada("--today", TODAY, "inbox", "--all").out
    assert cada("--today", TODAY, "inbox", "dismiss", str(spam)).code == 4
    r = cada("--today", TODAY, "inbox", "classify", str(spam), "--as", "reply")
    assert r.code == 4 and "dismissed" in r.err
    assert [e["kind"] for e in cada("--today", TODAY, "show", "2023-001", "--json")
            .json["events"]] == ["sent"]


def test_classify_json_names_the_event_and_the_documents_linked(cada, request_2023, tmp_path):
    refusal = _refusal(tmp_path)
    r = cada("--today", TODAY, "inbox", "classify", str(refusal), "--as", "reply", "--outcome",
             "refused", "--json")
    assert r.code == 0, r.err
    data = r.json
    assert data["message"] == refusal and data["linked_documents"] == 2
    assert data["request"]["reference"] == "2023-001"
    events = cada("--today", TODAY, "event", "list", "2023-001", "--json").json["events"]
    assert events[-1]["id"] == data["event_id"] and events[-1]["date"] == "2023-03-03"
