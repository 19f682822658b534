"""`cada show` deadlines, `status` order, `explain`, `remind --check`, `calendar` (ICS)."""

from __future__ import annotations

from datetime import date

import pytest


def _dates(show_json: dict) -> dict[str, tuple[str, str | None]]:
    return {d["kind"]: (d["date"], d["safe_date"]) for d in show_json["deadlines"]}


@pytest.fixture
def referred_2020(cada, montpellier):
    """The §4.1 Montpellier chain: received 7 Feb 2020, CADA registration assumed 10 Mar 2020."""
    ref = montpellier
    assert cada("--today", "2020-02-07", "log", ref, "sent").code == 0
    assert cada("--today", "2020-02-07", "log", ref, "received").code == 0
    assert cada("--today", "2020-03-09", "log", ref, "cada-sent").code == 0
    assert cada("--today", "2020-03-10", "log", ref, "cada-registered").code == 0
    return ref


def test_show_json_montpellier_2020_with_suspension(cada, referred_2020):
    # Hand check (law reference §4.1 and §0.1, §0.10): B = 7 Mar 2020 (Sat, not moved);
    # R = 10 Mar 2020 was running on 12 Mar: K = 10 May + 104 days = Sat 22 Aug 2020;
    # opinion expected 10 Apr + 104 days = 23 Jul 2020; court = K + 2 months + 1 day =
    # 23 Oct 2020 (Fri).
    r = cada("--today", "2020-06-01", "show", referred_2020, "--json")
    assert r.code == 0, r.err
    got = _dates(r.json)
    assert got["implicit_refusal"] == ("2020-03-07", None)
    assert got["refusal_confirmed"][0] == "2020-08-22"
    assert got["cada_opinion_expected"][0] == "2020-07-23"
    assert got["court_by"][0] == "2020-10-23"
    for d in r.json["deadlines"]:
        assert d["basis"], d["kind"]
        assert d["confidence"] in ("verified", "inferred", "uncertain")
        assert d["status"] in ("met", "pending", "missed", "expected")


def test_show_json_referral_deadline_extended_by_article_2(cada, montpellier):
    # Received 7 Feb 2020, no referral yet: the CADA deadline (7 May 2020) fell in the
    # protected period; art. 2 of ord. 2020-306: Sun 23 Aug 2020 -> Mon 24 Aug 2020 (CPC 642);
    # strict reading: Fri 21 Aug 2020 (§0.10).
    cada("--today", "2020-02-07", "log", montpellier, "sent")
    cada("--today", "2020-02-07", "log", montpellier, "received")
    r = cada("--today", "2020-04-01", "show", montpellier, "--json")
    got = _dates(r.json)
    assert got["cada_referral_by"] == ("2020-08-24", "2020-08-21")
    assert r.json["state"] == "implicit-refusal"
    assert r.json["next_action"]["kind"] == "cada_referral_by"


def test_status_sorted_by_urgency_and_overdue_marked(cada, montpellier):
    cada("--today", "2023-01-31", "new", "-a", "ville-de-montpellier", "-s", "Late one",
         "--ref", "LATE")
    cada("--today", "2023-01-31", "log", "LATE", "sent")
    cada("--today", "2023-01-31", "log", "LATE", "received")
    cada("--today", "2023-06-01", "new", "-a", "ville-de-montpellier", "-s", "Fresh one",
         "--ref", "FRESH")
    cada("--today", "2023-06-01", "log", "FRESH", "sent")
    cada("--today", "2023-06-01", "log", "FRESH", "received")
    # LATE: B = 28 Feb 2023, CADA referral last day 28 Apr 2023 -> overdue on 1 June 2023.
    r = cada("--today", "2023-06-01", "status", "--json")
    refs = [x["reference"] for x in r.json["requests"]]
    assert refs.index("LATE") < refs.index("FRESH")
    late = r.json["requests"][refs.index("LATE")]
    assert late["next_action"]["days_left"] < 0
    text = cada("--today", "2023-06-01", "status").out
    late_line = next(line for line in text.splitlines() if line.startswith("LATE"))
    assert "OVERDUE" in late_line
    r = cada("--today", "2023-06-01", "status", "--overdue", "--json")
    assert [x["reference"] for x in r.json["requests"]] == ["LATE"]
    r = cada("--today", "2023-06-01", "status", "--due-within", "40", "--json")
    assert "FRESH" in [x["reference"] for x in r.json["requests"]]


def test_explain_names_rules_holidays_and_alternatives(cada, referred_2020):
    r = cada("--today", "2020-06-01", "explain", referred_2020)
    assert r.code == 0, r.err
    text = r.out
    assert "R311-13" in text and "R343-5" in text and "2020-306" in text
    assert "franc" in text.lower()
    r = cada("--today", "2020-06-01", "explain", referred_2020, "--json")
    assert {d["kind"] for d in r.json["deadlines"]} >= {"implicit_refusal", "court_by"}
    assert all(d["steps"] for d in r.json["deadlines"])


def test_explain_unknown_reference(cada, montpellier):
    r = cada("explain", "2020-01")
    assert r.code == 3 and "2020-001" in r.err


def test_remind_check_exit_codes(cada, montpellier):
    cada("--today", "2023-01-31", "log", montpellier, "sent")
    cada("--today", "2023-01-31", "log", montpellier, "received")
    ok = cada("--today", "2023-02-01", "remind", "--check")
    assert ok.code == 0 and ok.out == ""
    late = cada("--today", "2023-06-01", "remind", "--check")
    assert late.code == 1 and "overdue" in late.err and montpellier in late.out
    assert cada("remind", "--within", "-2").code == 2


def test_calendar_round_trip(cada, referred_2020, tmp_path):
    from icalendar import Calendar

    out = tmp_path / "cada.ics"
    r = cada("--today", "2020-06-01", "calendar", "-o", str(out))
    assert r.code == 0, r.err
    cal = Calendar.from_ical(out.read_bytes())
    events = cal.walk("VEVENT")
    show = cada("--today", "2020-06-01", "show", referred_2020, "--json").json
    pending = {d["kind"]: d for d in show["deadlines"] if d["status"] in ("pending", "expected")}
    assert pending, "the 2020 chain has pending deadlines on 1 June 2020"
    assert {str(e["UID"]) for e in events} == {f"2020-001-{k}@cada" for k in pending}
    for e in events:
        # issue 10: your own deadlines on the act-by (safe) date, the others on their date
        kind = str(e["UID"]).removeprefix("2020-001-").removesuffix("@cada")
        mine = pending[kind]["actor"] == "requester" and kind != "cada_referral_from"
        d = pending[kind]
        day = (d["safe_date"] or d["date"]) if mine else d["date"]
        assert e.decoded("DTSTART") == date.fromisoformat(day)
        alarms = e.walk("VALARM")
        assert len(alarms) == (2 if mine else 0)
    # importing again updates: same UIDs, and the file refuses to be overwritten silently
    assert cada("--today", "2020-06-01", "calendar", "-o", str(out)).code == 4
    assert cada("--today", "2020-06-02", "calendar", "-o", str(out), "--force").code == 0
    again = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert {str(e["UID"]) for e in again} == {str(e["UID"]) for e in events}


def test_calendar_mine_exports_only_your_deadlines(cada, referred_2020):
    # 1 June 2020, the §4.1 chain: pending are the CADA's opinion (Thu 23 Jul 2020), K (Sat
    # 22 Aug 2020, the authority's) and your court deadline (safe Thu 22 Oct, legal Fri 23 Oct
    # 2020) and its long stop; --mine keeps the last two
    from icalendar import Calendar

    every = Calendar.from_ical(cada("--today", "2020-06-01", "calendar").out.encode())
    mine = Calendar.from_ical(cada("--today", "2020-06-01", "calendar", "--mine").out.encode())
    uids = {str(e["UID"]) for e in every.walk("VEVENT")}
    mine_uids = {str(e["UID"]) for e in mine.walk("VEVENT")}
    assert {"2020-001-cada_opinion_expected@cada", "2020-001-refusal_confirmed@cada"} <= uids
    assert mine_uids == uids - {
        "2020-001-cada_opinion_expected@cada", "2020-001-refusal_confirmed@cada",
    }
    court = next(e for e in mine.walk("VEVENT") if str(e["UID"]) == "2020-001-court_by@cada")
    assert court.decoded("DTSTART") == date(2020, 10, 22)  # Thu 22 Oct 2020, act by
    assert "Friday 23 October 2020" in str(court["SUMMARY"])  # the legal last day
    assert all(len(e.walk("VALARM")) == 2 for e in mine.walk("VEVENT"))
    out = cada("--today", "2020-06-01", "calendar", "--mine", "--all").out
    assert "refusal_confirmed" not in out and "implicit_refusal" not in out


def test_demo_calendar_keeps_the_uids_of_before_issue_10(cada, demo_home):
    # Literal UIDs copied from `cada --home DEMO --today 2020-03-20 calendar` before issue 10,
    # when these events were on the legal date: a subscribed calendar updates them in place.
    # The referral: legal Mon 24 Aug 2020, now on the safe date Fri 21 Aug 2020 (docs/deadlines.md).
    from icalendar import Calendar

    r = cada("--home", str(demo_home), "--today", "2020-03-20", "calendar")
    assert r.code == 0, r.err
    events = {str(e["UID"]): e for e in Calendar.from_ical(r.out.encode()).walk("VEVENT")}
    assert set(events) == {
        "2020-001-cada_referral_by@cada", "2020-001-cada_referral_long_stop@cada",
    }
    by = events["2020-001-cada_referral_by@cada"]
    assert by.decoded("DTSTART") == date(2020, 8, 21)  # Fri 21 Aug 2020
    assert "Monday 24 August 2020" in str(by["SUMMARY"])
    assert "Legal last day: Monday 24 August 2020" in str(by["DESCRIPTION"])
    assert "ord. 2020-306 art. 2" in str(by["DESCRIPTION"])
    rings = sorted(by.decoded("DTSTART") + a.decoded("TRIGGER") for a in by.walk("VALARM"))
    assert rings == [date(2020, 8, 14), date(2020, 8, 20)]  # Fri 14 Aug, Thu 20 Aug 2020


def test_demo_2020_request_shows_the_suspended_referral_deadline(cada, demo_home):
    # The demo's 2020-001: received 7 Feb 2020 (e-mail), documents in June 2020. B = 7 Mar 2020
    # (Sat, never moved). The CADA deadline B + 2 months = 7 May 2020 fell in the protected
    # period: ord. 2020-306 art. 2 gives Sun 23 Aug 2020, CPC 642 -> Mon 24 Aug 2020; strict
    # reading Fri 21 Aug 2020. The documents came first, so the referral was not needed: moot.
    home = demo_home
    r = cada("--home", str(home), "--today", "2026-11-28", "show", "2020-001", "--json")
    deadlines = {d["kind"]: d for d in r.json["deadlines"]}
    assert deadlines["implicit_refusal"]["date"] == "2020-03-07"
    assert deadlines["implicit_refusal"]["status"] == "missed"  # the silence became a refusal
    ref = deadlines["cada_referral_by"]
    assert (ref["date"], ref["safe_date"], ref["status"]) == ("2020-08-24", "2020-08-21", "moot")
    assert "ord. 2020-306 art. 2" in ref["basis"]
    assert r.json["state"] == "complete"
    text = cada("--home", str(home), "--today", "2026-11-28", "explain", "2020-001").out
    assert "2020-306" in text and "Sunday 23 August 2020" in text


def test_status_table_rows_equal_the_json_objects(cada, montpellier):
    from cada_tracker.context import Context
    from cada_tracker.paths import resolve_settings
    from cada_tracker.services.status import status_data

    cada("--today", "2023-01-31", "log", montpellier, "sent")
    cada("--today", "2023-02-02", "new", "-a", "ville-de-montpellier", "-s", "Autre")
    ctx = Context(settings=resolve_settings(), today=date(2023, 6, 1))
    for show_all in (False, True):
        full = status_data(ctx, show_all=show_all)
        light = status_data(ctx, show_all=show_all, full=False)
        assert [r["reference"] for r in full["requests"]] == [
            r["reference"] for r in light["requests"]]
        for f, lt in zip(full["requests"], light["requests"], strict=True):
            assert {k: f[k] for k in lt} == lt
