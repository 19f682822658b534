"""`cada log REF legal-aid-decided --notified-on DATE --lawyer-designated-on DATE`: recorded, in the
JSON of events, moving the court deadline; refused elsewhere and with impossible dates."""

from __future__ import annotations


def _history(cada, ref):
    """Received Mon 3 Feb 2025, CADA registered Mon 10 Mar 2025 (K = Sat 10 May 2025), legal aid
    requested Mon 19 May 2025, within the court period (ending Fri 11 Jul 2025)."""
    for today, *args in (
        ("2025-02-03", "sent", "--on", "2025-02-03"),
        ("2025-02-03", "received", "--on", "2025-02-03"),
        ("2025-03-10", "cada-sent", "--on", "2025-03-10"),
        ("2025-03-10", "cada-registered", "--on", "2025-03-10"),
        ("2025-05-19", "legal-aid-requested", "--on", "2025-05-19"),
    ):
        r = cada("--today", today, "log", ref, *args)
        assert r.code == 0, r.err


def _court(r):
    return {x["kind"]: x for x in r.json["deadlines"]}["court_by"]


def test_legal_aid_dates_are_recorded_and_move_the_court_deadline(cada, montpellier):
    """Decided Mon 2 Jun 2025, notified Wed 4 Jun 2025 (contest until Thu 19 Jun), lawyer
    designated Mon 30 Jun 2025: court by Mon 1 Sep 2025 (30 Aug Sat + 1 = Sun 31 Aug, CPC 642),
    safe Sat 2 Aug 2025 (the decision + 2 months)."""
    _history(cada, montpellier)
    r = cada("--today", "2025-06-30", "log", montpellier, "legal-aid-decided", "--on",
             "2025-06-02", "--notified-on", "2025-06-04", "--lawyer-designated-on",
             "2025-06-30", "--json")  # fmt: skip
    assert r.code == 0, r.err
    decided = [e for e in r.json["events"] if e["kind"] == "legal-aid-decided"]
    assert decided[0]["notified_on"] == "2025-06-04"
    assert decided[0]["lawyer_designated_on"] == "2025-06-30"
    court = _court(r)
    assert (court["date"], court["safe_date"]) == ("2025-09-01", "2025-08-02")
    shown = cada("--today", "2025-06-30", "show", montpellier, "--json").json
    assert [e for e in shown["events"] if e["kind"] == "legal-aid-decided"] == decided


def test_without_the_options_the_event_json_is_unchanged(cada, montpellier):
    """Decision of Mon 2 Jun 2025 alone: Mon 4 Aug 2025 (2 Aug Sat + 1 = Sun 3 Aug -> Mon),
    safe Sat 2 Aug 2025; the event has no new key."""
    _history(cada, montpellier)
    r = cada("--today", "2025-06-02", "log", montpellier, "legal-aid-decided", "--json")
    assert r.code == 0, r.err
    decided = [e for e in r.json["events"] if e["kind"] == "legal-aid-decided"][0]
    assert "notified_on" not in decided and "lawyer_designated_on" not in decided
    assert (_court(r)["date"], _court(r)["safe_date"]) == ("2025-08-04", "2025-08-02")


def test_legal_aid_dates_only_on_a_legal_aid_decision(cada, montpellier):
    for option in ("--notified-on", "--lawyer-designated-on"):
        r = cada("--today", "2020-02-07", "log", montpellier, "sent", option, "2020-02-07")
        assert r.code == 2 and f"{option} only applies to 'legal-aid-decided'" in r.err
        assert "Traceback" not in r.err
    events = cada("--today", "2020-02-07", "show", montpellier, "--json").json["events"]
    assert events == []  # nothing half-written


def test_legal_aid_dates_before_the_decision_or_in_the_future(cada, montpellier):
    _history(cada, montpellier)
    log = ("--today", "2025-06-10", "log", montpellier, "legal-aid-decided", "--on", "2025-06-02")
    r = cada(*log, "--notified-on", "2025-06-01")
    assert r.code == 2 and "--notified-on 2025-06-01 is before the decision of 2025-06-02" in r.err
    r = cada(*log, "--lawyer-designated-on", "2025-05-30")
    assert r.code == 2 and "--lawyer-designated-on 2025-05-30 is before" in r.err
    r = cada(*log, "--lawyer-designated-on", "2025-06-11")
    assert r.code == 4 and "after today (2025-06-10)" in r.err
    r = cada(*log, "--notified-on", "2025-02-30")
    assert r.code == 2 and "--notified-on" in r.err and "Traceback" not in r.err
    events = cada("--today", "2025-06-10", "show", montpellier, "--json").json["events"]
    assert not [e for e in events if e["kind"] == "legal-aid-decided"]
