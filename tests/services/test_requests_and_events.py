"""`cada new` and `cada log`: the request object, references, events and their checks."""

from __future__ import annotations

from cada_tracker.paths import resolve_settings

CONTRACT_REQUEST_KEYS = {"reference", "authority", "subject", "state", "events", "deadlines",
                         "next_action"}


CONTRACT_DEADLINE_KEYS = {"kind", "date", "safe_date", "actor", "basis", "confidence",
                          "opposable", "estimated"}


def test_new_request_json_has_contract_shape(cada, montpellier):
    r = cada("--today", "2020-02-07", "new", "-a", "ville-de-montpellier", "-s", "Caméras",
             "--ref", "NEW-1", "--json")
    assert r.code == 0, r.err
    data = r.json
    assert CONTRACT_REQUEST_KEYS <= set(data)
    assert data["reference"] == "NEW-1" and data["state"] == "draft" and data["events"] == []
    assert data["authority"] == {"slug": "ville-de-montpellier", "name": "Ville de Montpellier"}
    assert data["documents_requested"] == ["Caméras"]
    assert set(data["next_action"]) >= {"what", "kind", "date"}


def test_new_log_show_and_status_print_the_same_request_object(cada, montpellier):
    # A requester living abroad gets two more months before a metropolitan court (CJA
    # R421-7): every command must apply it, not only show/status.
    assert cada("init", "--residence", "abroad").code == 0
    for day, event in (("2023-01-31", "sent"), ("2023-01-31", "received"),
                       ("2023-03-01", "cada-sent"), ("2023-03-01", "cada-registered")):
        logged = cada("--today", day, "log", montpellier, event, "--json")
        assert logged.code == 0, logged.err
    shown = cada("--today", "2023-03-01", "show", montpellier, "--json").json
    status = cada("--today", "2023-03-01", "status", "--json").json["requests"][0]
    for key in CONTRACT_REQUEST_KEYS:
        assert logged.json[key] == shown[key] == status[key], key
    for d in shown["deadlines"]:
        assert CONTRACT_DEADLINE_KEYS <= set(d)
    court = next(d for d in shown["deadlines"] if d["kind"] == "court_by")
    # K = 1 May 2023 (registered 1 Mar + 2 months); + 2 months + 2 months abroad + 1 franc day
    # = Sun 2 Sep 2023 -> Mon 4 Sep 2023 (CPC 642).
    assert court["date"] == "2023-09-04"


def test_new_auto_reference_and_duplicate(cada, montpellier):
    r = cada("--today", "2020-03-01", "new", "-a", "ville-de-montpellier", "-s", "Caméras")
    assert r.code == 0 and r.out.strip() == "2020-002"
    r = cada("new", "-a", "ville-de-montpellier", "-s", "X", "--ref", "2020-001")
    assert r.code == 4 and "already exists" in r.err


def test_new_unknown_authority(cada, montpellier):
    r = cada("new", "-a", "ville-de-montpelier", "-s", "X")
    assert r.code == 3 and "ville-de-montpellier" in r.err


def test_new_bad_channel(cada, montpellier):
    r = cada("new", "-a", "ville-de-montpellier", "-s", "X", "--channel", "pigeon")
    assert r.code == 2 and "pigeon" in r.err


def test_log_sequence_and_states(cada, montpellier):
    r = cada("--today", "2020-02-07", "log", montpellier, "sent", "--on", "2020-02-07")
    assert r.code == 0, r.err
    r = cada("--today", "2020-02-07", "log", montpellier, "received", "--json")
    assert r.code == 0 and r.json["state"] == "awaiting-reply"
    assert r.json["events"][-1] == {"kind": "received", "date": "2020-02-07", "outcome": None,
                                    "note": None, "made_by": resolve_settings().made_by}
    r = cada("--today", "2020-06-15", "log", montpellier, "reply", "--outcome", "full", "--json")
    assert r.code == 0 and r.json["state"] == "complete"


def test_log_unknown_reference(cada, montpellier):
    r = cada("log", "2020-01", "sent")
    assert r.code == 3 and "2020-001" in r.err


def test_log_impossible_date(cada, montpellier):
    r = cada("log", montpellier, "sent", "--on", "2020-02-30")
    assert r.code == 2 and "2020-02-30" in r.err and "Traceback" not in r.err
    r = cada("--today", "2020-02-30", "status")
    assert r.code == 2


def test_log_event_in_future_refused_then_forced(cada, montpellier):
    r = cada("--today", "2020-02-07", "log", montpellier, "sent", "--on", "2020-02-10")
    assert r.code == 4 and "after today" in r.err
    r = cada("--today", "2020-02-07", "log", montpellier, "sent", "--on", "2020-02-10", "--force")
    assert r.code == 0 and "forced" in r.out


def test_cada_opinion_on_unsent_request_refused(cada, montpellier):
    r = cada("--today", "2020-05-01", "log", montpellier, "cada-opinion", "--outcome",
             "favorable")
    assert r.code == 4 and "draft" in r.err
    r = cada("--today", "2020-05-01", "show", montpellier, "--json")
    assert r.json["events"] == []  # nothing written
    r = cada("--today", "2020-05-01", "log", montpellier, "cada-opinion", "--outcome",
             "favorable", "--force")
    assert r.code == 0


def test_event_before_sending_refused(cada, montpellier):
    cada("--today", "2020-02-07", "log", montpellier, "sent")
    r = cada("--today", "2020-04-01", "log", montpellier, "reply", "--outcome", "refused",
             "--on", "2020-02-01")
    assert r.code == 4 and "before the request was sent" in r.err


def test_outcome_validation(cada, montpellier):
    cada("--today", "2020-02-07", "log", montpellier, "sent")
    assert cada("--today", "2020-03-01", "log", montpellier, "reply").code == 2
    r = cada("--today", "2020-03-01", "log", montpellier, "reply", "--outcome", "maybe")
    assert r.code == 2 and "full" in r.err
    assert cada("--today", "2020-03-01", "log", montpellier, "sent", "--outcome", "full").code == 2
    r = cada("--today", "2020-03-01", "log", montpellier, "sentt")
    assert r.code == 2 and "sent" in r.err


def test_reserved_and_non_ascii_references(cada, montpellier):
    for ref in ("templates", "a/b", "é"):
        r = cada("new", "-a", "ville-de-montpellier", "-s", "X", "--ref", ref)
        assert r.code == 2 and "ASCII" in r.err, ref


def test_events_after_the_end_and_reasons(cada, montpellier):
    cada("--today", "2020-02-07", "log", montpellier, "sent")
    r = cada("--today", "2020-04-01", "log", montpellier, "reasons-received")
    assert r.code == 4 and "reasons-requested" in r.err
    cada("--today", "2020-04-01", "log", montpellier, "closed")
    r = cada("--today", "2020-04-02", "log", montpellier, "reply", "--outcome", "full")
    assert r.code == 4 and "closed" in r.err and "missing events" not in r.err
    assert cada("--today", "2020-04-02", "log", montpellier, "note", "--note", "x").code == 0


def test_same_day_sent_typed_after_received(cada, montpellier):
    assert cada("--today", "2020-02-07", "log", montpellier, "received").code == 0
    r = cada("--today", "2020-02-07", "log", montpellier, "sent", "--json")
    assert r.code == 0 and r.json["state"] == "awaiting-reply"
    assert [e["kind"] for e in r.json["events"]] == ["sent", "received"]


def test_premature_referral_and_court_application_are_refused(cada, montpellier):
    # Received Wed 3 Jan 2024: B = Sat 3 Feb 2024; referral admissible from Sun 4 Feb 2024.
    cada("--today", "2024-01-03", "log", montpellier, "sent")
    cada("--today", "2024-01-03", "log", montpellier, "received")
    r = cada("--today", "2024-01-20", "log", montpellier, "cada-sent")
    assert r.code == 4 and "premature" in r.err and "2024-02-04" in r.err
    assert cada("--today", "2024-02-04", "log", montpellier, "cada-sent").code == 0
    assert cada("--today", "2024-02-06", "log", montpellier, "cada-registered").code == 0
    # K = 6 Apr 2024 (registered 6 Feb + 2 months); filing on K itself is still premature.
    r = cada("--today", "2024-04-06", "log", montpellier, "court-filed")
    assert r.code == 4 and "2024-04-06" in r.err
    assert cada("--today", "2024-04-08", "log", montpellier, "court-filed").code == 0


def test_legal_aid_decision_needs_a_request(cada, montpellier):
    cada("--today", "2024-01-03", "log", montpellier, "sent")
    cada("--today", "2024-01-03", "log", montpellier, "received")
    cada("--today", "2024-02-05", "log", montpellier, "cada-sent")
    r = cada("--today", "2024-02-10", "log", montpellier, "legal-aid-decided")
    assert r.code == 4 and "legal-aid-requested" in r.err


def test_empty_document_and_note_are_refused(cada, montpellier):
    assert cada("new", "-a", "ville-de-montpellier", "-s", "s", "-d", "").code == 2
    assert cada("log", montpellier, "note", "--note", "").code == 2


def test_today_before_the_history_ignores_later_events(cada, montpellier):
    cada("--today", "2020-02-07", "log", montpellier, "sent")
    cada("--today", "2020-02-07", "log", montpellier, "received")
    cada("--today", "2020-06-15", "log", montpellier, "reply", "--outcome", "full")
    earlier = cada("--today", "2020-03-01", "show", montpellier, "--json").json
    assert earlier["state"] == "awaiting-reply"
    statuses = {d["kind"]: d["status"] for d in earlier["deadlines"]}
    assert statuses["implicit_refusal"] == "pending"
    assert statuses["cada_referral_by"] == "pending"  # the June reply is not known yet
    assert cada("--today", "2020-07-01", "show", montpellier, "--json").json["state"] == "complete"


def test_frozen_letter_is_the_letter_as_rendered_when_sent(cada, tmp_path):
    """A profile change between `new` and `sent` is in the frozen letter (it is what
    `cada letter REF demande` printed); a change after sending never is."""
    assert cada("init", "--name", "Alice Old", "--email", "a@example.org",
                "--address", "1 rue X, 34000 Montpellier").code == 0
    assert cada("authority", "add", "Ville de Sète", "--department", "34",
                "--email", "x@example.org").code == 0
    assert cada("--today", "2023-01-10", "new", "-a", "ville-de-sete", "-s", "Caméras",
                "--ref", "R1").code == 0
    assert cada("init", "--name", "Alice New").code == 0
    printed = cada("--today", "2023-01-12", "letter", "R1", "demande").out
    assert "Alice New" in printed
    assert cada("--today", "2023-01-12", "log", "R1", "sent").code == 0
    frozen = cada("--today", "2023-01-12", "show", "R1", "--json").json["letters"][0]
    assert "Alice New" in frozen["body"] and "Alice Old" not in frozen["body"]
    assert frozen["date"] == "2023-01-12"
    assert cada("init", "--name", "Alice Later").code == 0
    again = cada("--today", "2023-02-01", "show", "R1", "--json").json["letters"][0]
    assert again == frozen


def test_referral_channel_is_recorded_and_dates_the_estimated_registration(cada, montpellier):
    """The request was e-mailed; the referral went by registered post on Fri 10 Mar 2023 and its
    registration is not recorded: R is estimated the next day, Sat 11 Mar 2023 (the minimum
    postal delay), so K = R + 2 months = Thu 11 May 2023 (CRPA R*343-4, never moved)."""
    ok = lambda *a: cada("--today", "2023-03-20", *a)  # noqa: E731
    assert ok("log", montpellier, "sent", "--on", "2023-01-30").code == 0
    assert ok("log", montpellier, "received", "--on", "2023-01-31").code == 0
    r = ok("log", montpellier, "cada-sent", "--on", "2023-03-10", "--channel",
           "registered-post", "--json")
    assert r.code == 0, r.err
    referral = [e for e in r.json["events"] if e["kind"] == "cada-sent"]
    assert referral[0]["channel"] == "registered-post"
    k = {d["kind"]: d for d in r.json["deadlines"]}["refusal_confirmed"]
    assert (k["date"], k["estimated"]) == ("2023-05-11", True)
    text = ok("explain", montpellier).out
    assert "registered post" in text and "Saturday 11 March 2023" in text


def test_referral_channel_defaults_to_email(cada, montpellier):
    """Same history, referral channel not given: e-mail assumed (the CADA's usual route), R is
    the sending day, Fri 10 Mar 2023, and K = Wed 10 May 2023."""
    ok = lambda *a: cada("--today", "2023-03-20", *a)  # noqa: E731
    assert ok("log", montpellier, "sent", "--on", "2023-01-30").code == 0
    assert ok("log", montpellier, "received", "--on", "2023-01-31").code == 0
    r = ok("log", montpellier, "cada-sent", "--on", "2023-03-10", "--json")
    assert r.code == 0, r.err
    assert "channel" not in [e for e in r.json["events"] if e["kind"] == "cada-sent"][0]
    k = {d["kind"]: d for d in r.json["deadlines"]}["refusal_confirmed"]
    assert k["date"] == "2023-05-10"


def test_channel_only_on_a_referral_and_only_a_known_one(cada, montpellier):
    r = cada("--today", "2020-02-07", "log", montpellier, "sent", "--channel", "post")
    assert r.code == 2 and "--channel only applies to 'cada-sent'" in r.err
    assert cada("--today", "2020-02-07", "log", montpellier, "sent").code == 0
    r = cada("--today", "2020-05-07", "log", montpellier, "cada-sent", "--channel", "fax")
    assert r.code == 2 and "channel 'fax' is not one of" in r.err
    r = cada("--today", "2020-05-07", "log", montpellier, "cada-sent", "--channel", "e\x07")
    assert r.code == 2 and "channel 'e\\u0007' is not one of" in r.err  # never rings
