"""Requests made on an Alaveteli site (issue 11, point 7): `cada import-alaveteli FILE.json`
(to become `cada import --from alaveteli`). The fixtures in tests/fixtures/alaveteli/ are
written in the shape of Alaveteli's `InfoRequest#json_for_api(true)` (with
`PublicBody#json_for_api` and `InfoRequestEvent#json_for_api(false)`), see
services/alaveteli.py."""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from cada_tracker.services import alaveteli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "alaveteli"
TODAY = "2023-12-01"
# The command line of the import (`cada import --from alaveteli`; cli/exchange.py dispatches).
COMMAND = ("import", "--from", "alaveteli")


def fixture(name: str) -> str:
    return str(FIXTURES / f"{name}.json")


def load(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def write(tmp_path: Path, data: object, name: str = "request.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    return str(path)


def imported(cada, name_or_path: str, *options: str, today: str = TODAY):
    path = name_or_path if name_or_path.endswith(".json") else fixture(name_or_path)
    return cada("--today", today, *COMMAND, path, *options)


def nothing_written(cada) -> None:
    r = cada("--today", TODAY, "status", "--all", "--json")
    assert r.code == 0 and r.json["requests"] == []
    assert cada("authority", "list", "--json").json == {"authorities": []}


# --- the legal date of an instant ------------------------------------------------------------


@pytest.mark.parametrize(("instant", "day"), [
    # summer (CEST, UTC+2): 23:30 UTC is 01:30 the next day in Paris
    ("2023-06-14T23:30:00Z", date(2023, 6, 15)),  # Wed 14 -> Thu 15 Jun 2023
    ("2023-06-14T22:30:00+00:00", date(2023, 6, 15)),  # 00:30 Thu 15 Jun
    ("2023-06-14T21:30:00.000+00:00", date(2023, 6, 14)),  # 23:30 Wed 14 Jun
    # winter (CET, UTC+1): 23:30 UTC is 00:30 the next day in Paris
    ("2023-01-10T23:30:00Z", date(2023, 1, 11)),  # Tue 10 -> Wed 11 Jan 2023
    ("2023-01-10T22:30:00+00:00", date(2023, 1, 10)),  # 23:30 Tue 10 Jan
    # an offset other than Paris's: 18:30 in New York (UTC-5) is 00:30 in Paris
    ("2023-01-10T18:30:00-05:00", date(2023, 1, 11)),
    # Paris's own offset: the day as written
    ("2023-03-02T09:15:02.000+01:00", date(2023, 3, 2)),
    # the night summer time starts (Sun 26 Mar 2023, at 01:00 UTC): 00:30 UTC is 01:30 CET,
    # 01:30 UTC is 03:30 CEST, both on Sunday 26
    ("2023-03-26T00:30:00Z", date(2023, 3, 26)),
    ("2023-03-26T01:30:00Z", date(2023, 3, 26)),
    ("2023-03-25T23:30:00Z", date(2023, 3, 26)),  # 00:30 CET Sun 26 Mar
])
def test_legal_date_is_the_day_in_paris(instant, day):
    assert alaveteli.paris_day(datetime.fromisoformat(instant)) == day


def test_legal_date_agrees_with_the_paris_offset_of_the_season():
    """By hand: UTC+1 in winter, UTC+2 in summer (an independent reading of the rule)."""
    winter, summer = timezone(timedelta(hours=1)), timezone(timedelta(hours=2))
    at = datetime(2023, 1, 10, 23, 30, tzinfo=UTC)
    assert alaveteli.paris_day(at) == at.astimezone(winter).date() == date(2023, 1, 11)
    at = datetime(2023, 6, 14, 23, 30, tzinfo=UTC)
    assert alaveteli.paris_day(at) == at.astimezone(summer).date() == date(2023, 6, 15)


# --- the events and their deadlines ----------------------------------------------------------


def deadline(request: dict, kind: str) -> dict:
    return next(d for d in request["deadlines"] if d["kind"] == kind)


def test_deadlines_follow_from_the_paris_day_it_was_sent_in_winter(cada):
    # sent Tue 10 Jan 2023 at 23:30 UTC = Wed 11 Jan 2023 00:30 in Paris; e-mail: received the
    # same day (estimated); B = 11 Jan + 1 month = Sat 11 Feb 2023 (never moved)
    r = imported(cada, "followup", "--department", "34", "--json")
    assert r.code == 0, r.err
    request = r.json["request"]
    sent = request["events"][0]
    assert (sent["kind"], sent["date"]) == ("sent", "2023-01-11")
    b = deadline(request, "implicit_refusal")
    assert (b["date"], b["estimated"]) == ("2023-02-11", True)


def test_deadlines_follow_from_the_paris_day_it_was_sent_in_summer(cada):
    # sent Wed 14 Jun 2023 at 23:30 UTC = Thu 15 Jun 2023 01:30 in Paris: B = Sat 15 Jul 2023;
    # the referral is admissible from Sun 16 Jul; its last day 15 Sep 2023 (Fri), B + 2 months
    r = imported(cada, "waiting", "--department", "34", "--json")
    assert r.code == 0, r.err
    request = r.json["request"]
    assert [(e["kind"], e["date"]) for e in request["events"]] == [("sent", "2023-06-15")]
    assert deadline(request, "implicit_refusal")["date"] == "2023-07-15"
    assert deadline(request, "cada_referral_from")["date"] == "2023-07-16"
    assert deadline(request, "cada_referral_by")["date"] == "2023-09-15"
    assert request["state"] == "implicit-refusal"


def test_the_request_as_imported_is_the_request_cada_new_and_log_would_make(cada):
    """The same history typed by hand gives the same state and deadlines."""
    r = imported(cada, "waiting_clarification", "--department", "34", "--json")
    assert r.code == 0, r.err
    imported_request = r.json["request"]
    assert cada("init", "--name", "Jeanne Dupont").code == 0
    assert cada("--today", TODAY, "new", "-a", "mairie-de-montpellier", "-s", "x",
                "--ref", "BY-HAND").code == 0
    for args in (("sent", "--on", "2023-10-02"),
                 ("reply", "--on", "2023-10-10", "--outcome", "clarification-requested"),
                 ("reminder-sent", "--on", "2023-10-12")):
        assert cada("--today", TODAY, "log", "BY-HAND", *args).code == 0
    by_hand = cada("--today", TODAY, "show", "BY-HAND", "--json").json
    assert imported_request["state"] == by_hand["state"] == "clarification-requested"
    assert imported_request["deadlines"] == by_hand["deadlines"]


@pytest.mark.parametrize(("name", "outcome", "state"), [
    ("successful", "full", "complete"),
    ("partially_successful", "partial", "partial"),
    ("rejected", "refused", "refused"),
    ("not_held", "not-held", "not-held"),
    ("waiting_clarification", "clarification-requested", "clarification-requested"),
])
def test_a_response_is_a_reply_with_the_outcome_of_its_state(cada, name, outcome, state):
    r = imported(cada, name, "--department", "34", "--json")
    assert r.code == 0, r.err
    replies = [e for e in r.json["request"]["events"] if e["kind"] == "reply"]
    assert [e["outcome"] for e in replies] == [outcome]
    assert r.json["request"]["state"] == state


def test_followups_are_reminders_and_what_cannot_follow_is_kept_as_a_note(cada):
    r = imported(cada, "followup", "--department", "34", "--json")
    assert r.code == 0, r.err
    events = r.json["request"]["events"]
    assert [(e["kind"], e["date"], e["outcome"]) for e in events] == [
        ("sent", "2023-01-11", None),
        ("reminder-sent", "2023-02-20", None),
        # the response carries the state the status update described (its calculated_state)
        ("reply", "2023-03-02", "full"),
        # a follow-up after the full answer: not a reminder (the request is complete)
        ("note", "2023-03-04", None),
    ]
    assert "followup_sent" in events[3]["note"] and "reminder-sent" in events[3]["note"]
    # the status update and the comment are not imported, counted
    assert r.json["alaveteli"]["ignored"] == {"comment": 1, "status_update": 1}
    assert "1 event of the site is not a step cada dates" in r.err


def test_each_event_notes_its_instant_and_its_paris_time(cada):
    r = imported(cada, "followup", "--department", "34", "--json")
    sent = r.json["request"]["events"][0]
    assert sent["note"] == (
        "Alaveteli sent at 2023-01-10T23:30:00.000+00:00 (Paris: 2023-01-11 00:30)."
    )


def test_responses_in_other_states_or_unclassified_are_notes(cada, tmp_path):
    data = load("successful")
    events = data["info_request_events"]
    events[1].update(described_state="gone_postal", calculated_state="gone_postal")
    later = dict(events[1], id=1, created_at="2023-04-02T10:00:00.000+02:00",
                 described_state=None, calculated_state=None)
    data["info_request_events"] = [*events, later]
    r = imported(cada, write(tmp_path, data), "--department", "34", "--json")
    assert r.code == 0, r.err
    kinds = [(e["kind"], e["date"]) for e in r.json["request"]["events"]]
    assert kinds == [("sent", "2023-03-01"), ("note", "2023-03-20"), ("note", "2023-04-02")]
    notes = [e["note"] for e in r.json["request"]["events"][1:]]
    assert "gone_postal" in notes[0]
    assert "not classified" in notes[1]
    # the site says "successful" but no response carries it: the user is told what to log
    assert "reply --outcome full" in r.err


def test_a_resent_request_keeps_the_first_sending_date(cada, tmp_path):
    data = load("waiting")
    resent = dict(data["info_request_events"][0], id=1, event_type="resent",
                  created_at="2023-06-20T09:00:00.000+02:00")
    data["info_request_events"].insert(1, resent)
    r = imported(cada, write(tmp_path, data), "--department", "34", "--json")
    assert r.code == 0, r.err
    events = r.json["request"]["events"]
    assert [(e["kind"], e["date"]) for e in events] == [("sent", "2023-06-15"), ("note", "2023-06-20")]
    assert deadline(r.json["request"], "implicit_refusal")["date"] == "2023-07-15"


def test_no_letter_is_drafted_or_frozen(cada):
    """The messages were written on the other site: a letter of cada's would not be them."""
    assert imported(cada, "followup", "--department", "34").code == 0
    shown = cada("--today", TODAY, "show", "2023-001", "--json").json
    assert shown.get("letters", []) == []


def test_items_and_note_of_the_imported_request(cada):
    r = imported(cada, "followup", "--department", "34", "--site", "https://madada.fr/")
    assert r.code == 0, r.err
    shown = cada("--today", TODAY, "show", "2023-001", "--json").json
    assert shown["subject"] == "Contrats de vidéoprotection 2022"
    assert [i["description"] for i in shown["items"]] == ["Contrats de vidéoprotection 2022"]
    note = shown["note"]
    assert note.startswith("alaveteli:contrats_videoprotection_2022 ")
    assert "Source: https://madada.fr/request/contrats_videoprotection_2022" in note
    assert "Item 1 is the request's title" in note


def test_text_output_lists_each_event_and_where_it_came_from(cada):
    r = imported(cada, "rejected", "--department", "34")
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert lines[0] == ("2023-001: imported from the Alaveteli request "
                        "'algorithmes_videosurveillance' (mairie-de-montpellier), 2 events "
                        "recorded; state refused.")
    assert lines[1] == "  2023-05-02  sent  <- sent 2023-05-02T10:30:00.000+02:00"
    assert lines[2] == "  2023-05-25  reply (refused)  <- response 2023-05-25T11:00:00.000+02:00"


# --- the authority ---------------------------------------------------------------------------


def test_the_authority_is_created_from_the_public_body_and_what_is_missing_is_said(cada):
    r = imported(cada, "waiting", "--department", "34", "--json")
    assert r.code == 0, r.err
    assert r.json["authority"] == {"slug": "mairie-de-montpellier", "created": True,
                                   "missing": ["email", "address"]}
    assert ("authority 'mairie-de-montpellier' created from the public body 'Mairie de "
            "Montpellier'; Alaveteli does not publish them, so it lacks: e-mail address, postal "
            "address.") in r.err
    shown = cada("authority", "show", "mairie-de-montpellier", "--json").json
    assert (shown["name"], shown["department"], shown["email"]) == (
        "Mairie de Montpellier", "34", None)


def test_the_request_can_go_to_an_existing_authority(cada):
    assert cada("authority", "add", "Ville de Montpellier", "--department", "34",
                "--email", "cada@example.org").code == 0
    r = imported(cada, "waiting", "--authority", "ville-de-montpellier", "--json")
    assert r.code == 0, r.err
    assert r.json["request"]["authority"]["slug"] == "ville-de-montpellier"
    assert r.json["authority"] == {"slug": "ville-de-montpellier", "created": False,
                                   "missing": ["address"]}
    assert "authority 'ville-de-montpellier' lacks: postal address." in r.err


def test_an_authority_is_required_and_only_one_way(cada):
    r = imported(cada, "waiting")
    assert r.code == 2 and "carries no department" in r.err and "--authority SLUG" in r.err
    r = imported(cada, "waiting", "--authority", "x", "--department", "34")
    assert r.code == 2 and "not both" in r.err
    r = imported(cada, "waiting", "--authority", "nope")
    assert r.code == 3
    r = imported(cada, "waiting", "--department", "99")
    assert r.code == 2 and "INSEE" in r.err
    nothing_written(cada)


def test_an_authority_of_the_same_slug_is_not_created_twice(cada):
    assert cada("authority", "add", "Mairie de Montpellier", "--department", "34").code == 0
    r = imported(cada, "waiting", "--department", "34")
    assert r.code == 4 and "--authority mairie-de-montpellier" in r.err
    assert cada("--today", TODAY, "status", "--all", "--json").json["requests"] == []


# --- references and a second import ----------------------------------------------------------


def test_the_reference_is_of_the_year_sent_or_chosen(cada):
    assert imported(cada, "waiting", "--department", "34").out.startswith("2023-001:")
    r = imported(cada, "rejected", "--authority", "mairie-de-montpellier",
                 "--reference", "MADADA-7")
    assert r.code == 0 and r.out.startswith("MADADA-7:")
    r = imported(cada, "not_held", "--authority", "mairie-de-montpellier",
                 "--reference", "MADADA-7")
    assert r.code == 4  # the reference exists


def test_the_same_request_imported_twice_is_refused(cada):
    assert imported(cada, "followup", "--department", "34").code == 0
    before = cada("--today", TODAY, "show", "2023-001", "--json").json
    r = imported(cada, "followup", "--authority", "mairie-de-montpellier", "--reference", "B")
    assert r.code == 4
    assert r.err.strip() == (
        "cada: the Alaveteli request 'contrats_videoprotection_2022' was already imported as "
        "2023-001; nothing was imported. Record its later events with `cada log 2023-001 ...`."
    )
    assert cada("--today", TODAY, "show", "B").code == 3
    assert cada("--today", TODAY, "show", "2023-001", "--json").json == before


def test_a_similar_url_title_is_another_request(cada, tmp_path):
    """The key is the whole url_title: `_` is no wildcard, a prefix is no match."""
    data = load("waiting")
    data["url_title"] = "rapports_observatoire"
    assert imported(cada, "waiting", "--department", "34").code == 0
    r = imported(cada, write(tmp_path, data), "--authority", "mairie-de-montpellier")
    assert r.code == 0, r.err
    data["url_title"] = "rapports-observatoire_tranquillite"
    r = imported(cada, write(tmp_path, data), "--authority", "mairie-de-montpellier")
    assert r.code == 0, r.err


def test_the_site_option_must_be_a_web_address(cada):
    r = imported(cada, "waiting", "--department", "34", "--site", "madada.fr")
    assert r.code == 2 and "https://madada.fr" in r.err
    nothing_written(cada)


# --- bad inputs: one line, exit 2 (3 when missing), nothing written ----------------------------


def one_line_error(r, code: int = 2) -> str:
    assert r.code == code, (r.out, r.err)
    assert r.err.count("\n") == 1 and r.err.startswith("cada: "), r.err
    assert "Traceback" not in r.err
    return r.err


def test_a_file_that_is_not_json(cada, tmp_path):
    err = one_line_error(imported(cada, write(tmp_path, "<html>Ma Dada</html>"),
                                  "--department", "34"))
    assert "is not JSON" in err and "line 1, column 1" in err
    nothing_written(cada)


def test_json_nested_too_deep(cada, tmp_path):
    err = one_line_error(imported(cada, write(tmp_path, "[" * 100000 + "]" * 100000),
                                  "--department", "34"))
    assert "nested too deep" in err or "not an Alaveteli request" in err


@pytest.mark.parametrize(("change", "what"), [
    (lambda d: [], "the document is not a JSON object"),
    (lambda d: {k: v for k, v in d.items() if k != "url_title"}, "'url_title' is missing"),
    (lambda d: {k: v for k, v in d.items() if k != "title"}, "'title' is missing"),
    (lambda d: dict(d, title=""), "'title' is not a non-empty text"),
    (lambda d: dict(d, title="Deux\nlignes"), "'title' is not one line of text"),
    (lambda d: dict(d, url_title="a b"), "'url_title' 'a b' is not the name of an Alaveteli"),
    (lambda d: dict(d, public_body=dict(d["public_body"], name="A\u202eB")),
     "'public_body.name' is not one line of text"),
    (lambda d: {k: v for k, v in d.items() if k != "public_body"}, "'public_body' is missing"),
    (lambda d: dict(d, public_body={"name": "X"}), "'public_body' is not an object"),
    (lambda d: {k: v for k, v in d.items() if k != "info_request_events"},
     "'info_request_events' is missing"),
    (lambda d: dict(d, info_request_events={}), "'info_request_events' is not a list"),
    (lambda d: dict(d, info_request_events=[3]), "event 1 of 'info_request_events' is not an object"),
    (lambda d: dict(d, info_request_events=[{"created_at": "2023-06-14T23:30:00Z"}]),
     "event 1 of 'info_request_events' has no text 'event_type'"),
    (lambda d: dict(d, info_request_events=[{"event_type": "sent"}]),
     "has no text 'created_at'"),
    (lambda d: dict(d, info_request_events=[{"event_type": "sent",
                                             "created_at": "2023-06-14T23:30:00"}]),
     "created_at '2023-06-14T23:30:00' is not a timestamp with its UTC offset"),
    (lambda d: dict(d, info_request_events=[{"event_type": "sent", "created_at": "yesterday"}]),
     "is not a timestamp"),
    (lambda d: dict(d, info_request_events=[{"event_type": "sent",
                                             "created_at": "0100-06-14T23:30:00Z"}]),
     "outside the years 1900-2999"),
    (lambda d: dict(d, info_request_events=[]), "it has no 'sent' event"),
    (lambda d: dict(d, info_request_events=[dict(d["info_request_events"][1])]),
     "it has no 'sent' event"),
])
def test_a_json_that_is_not_an_alaveteli_request(cada, tmp_path, change, what):
    err = one_line_error(imported(cada, write(tmp_path, change(load("waiting"))),
                                  "--department", "34"))
    assert "is not an Alaveteli request" in err and what in err, err
    nothing_written(cada)


def test_a_missing_file_a_folder_a_fifo_a_device(cada, tmp_path):
    one_line_error(imported(cada, str(tmp_path / "nope.json"), "--department", "34"), code=3)
    folder = tmp_path / "folder.json"
    folder.mkdir()
    one_line_error(imported(cada, str(folder), "--department", "34"))
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    err = one_line_error(imported(cada, str(fifo), "--department", "34"))  # never blocks
    assert "not a regular file" in err
    err = one_line_error(cada("--today", TODAY, *COMMAND, "/dev/zero",
                              "--department", "34"))
    assert "not a regular file" in err
    nothing_written(cada)


def test_a_huge_file(cada, tmp_path, monkeypatch):
    monkeypatch.setattr(alaveteli, "FILE_LIMIT", 1024)
    data = load("waiting")
    data["tags"] = ["x" * 2000]
    err = one_line_error(imported(cada, write(tmp_path, data), "--department", "34"))
    assert "is larger than" in err
    nothing_written(cada)


def test_a_file_of_the_real_limit_is_refused_before_it_is_parsed(cada, tmp_path):
    path = tmp_path / "big.json"
    with path.open("wb") as fh:
        fh.truncate(alaveteli.FILE_LIMIT + 1)  # sparse: nothing really written
    err = one_line_error(imported(cada, str(path), "--department", "34"))
    assert "larger than 16 MiB" in err


def test_events_out_of_order_are_imported_in_the_order_of_their_instants(cada, tmp_path):
    data = load("followup")
    data["info_request_events"].reverse()
    r = imported(cada, write(tmp_path, data), "--department", "34", "--json")
    assert r.code == 0, r.err
    assert [e["kind"] for e in r.json["request"]["events"]] == [
        "sent", "reminder-sent", "reply", "note"]
    assert "were not in the order of their timestamps" in r.err


def test_unknown_event_types_are_skipped_with_a_warning_naming_them(cada, tmp_path):
    data = load("waiting")
    extra = [dict(data["info_request_events"][0], id=i, event_type=t,
                  created_at="2023-06-20T10:00:00+02:00")
             for i, t in enumerate(["teleport", "teleport", "send_error"])]
    data["info_request_events"] += extra
    r = imported(cada, write(tmp_path, data), "--department", "34", "--json")
    assert r.code == 0, r.err
    assert [e["kind"] for e in r.json["request"]["events"]] == ["sent"]
    assert r.json["alaveteli"]["unknown"] == {"send_error": 1, "teleport": 2}
    assert "skipped event types cada does not know: send_error (1), teleport (2)." in r.err


def test_an_event_after_today_is_refused_and_nothing_is_imported(cada):
    # the response of "rejected" is dated 25 May 2023 in Paris: on 10 May it has not happened
    r = imported(cada, "rejected", "--department", "34", today="2023-05-10")
    assert r.code == 4
    nothing_written(cada)


# --- JSON and French -------------------------------------------------------------------------


def test_json_document(cada):
    r = imported(cada, "followup", "--department", "34", "--site", "https://madada.fr",
                 "--json")
    assert r.code == 0, r.err
    doc = r.json
    assert set(doc) == {"request", "alaveteli", "authority", "warnings"}
    site = doc["alaveteli"]
    assert site["url_title"] == "contrats_videoprotection_2022"
    assert site["id"] == 7102 and site["described_state"] == "successful"
    assert site["source"] == "https://madada.fr/request/contrats_videoprotection_2022"
    assert site["events"][0] == {
        "event_type": "sent", "created_at": "2023-01-10T23:30:00.000+00:00",
        "state": "waiting_response", "date": "2023-01-11", "kind": "sent", "outcome": None}
    assert site["events"][2]["state"] == "successful"  # its calculated_state
    assert doc["warnings"] and all(isinstance(w, str) for w in doc["warnings"])


def test_messages_in_french(cada):
    r = cada("--lang", "fr", "--today", TODAY, *COMMAND, fixture("waiting"))
    assert r.code == 2
    assert "l'organisme 'Mairie de Montpellier' n'indique pas de département" in r.err
    r = cada("--lang", "fr", "--today", TODAY, *COMMAND, fixture("waiting"),
             "--department", "34")
    assert r.code == 0, r.err
    assert r.out.startswith("2023-001\u00a0: importée depuis la demande Alaveteli "
                            "'rapports_observatoire_tranquillite'")
    assert "il lui manque\u00a0: adresse électronique, adresse postale." in r.err
    # JSON keys and enumerated values do not depend on the language
    r = cada("--lang", "fr", "--today", TODAY, *COMMAND, fixture("rejected"),
             "--authority", "mairie-de-montpellier", "--json")
    assert r.json["alaveteli"]["events"][1]["kind"] == "reply"
    assert r.json["authority"]["missing"] == ["email", "address"]


def test_import_from_dispatches_and_refuses_mixed_options(cada, tmp_path):
    """`cada import --from alaveteli` takes only its own options; `--from cada` (the default)
    only the export's; any other format is a usage error."""
    f = fixture("successful")
    r = cada("import", "--from", "mydada", f)
    assert r.code == 2 and "--from 'mydada'" in r.err
    r = cada("import", "--from", "alaveteli", f, "--merge")
    assert r.code == 2 and "--merge" in r.err
    r = cada("import", f, "--authority", "x")
    assert r.code == 2 and "--authority" in r.err and "--from alaveteli" in r.err
    r = cada("--lang", "fr", "import", "--from", "mydada", f)
    assert r.code == 2 and "mydada" in r.err and "format" in r.err
