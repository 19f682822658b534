"""Item by item (issue 9, point 7a): each document requested gets its own outcome on the event
that decided it (`cada log ... --items / --refused-items --grounds / --not-held-items`), and
`show` (text and --json) lists each item with its outcome, date and ground.

The request of these tests: sent on Friday 7 February 2020, received on Monday 10 February
2020, four documents requested (A, B, C, D)."""

from __future__ import annotations

from datetime import date

import pytest

from cada_tracker.domain import Event
from cada_tracker.domain.records import ItemOutcome
from cada_tracker.services.items import derive_items

REF = "2020-010"


@pytest.fixture
def four(cada):
    assert cada("init", "--name", "Jeanne Dupont").code == 0
    assert cada("authority", "add", "Ville de Montpellier", "--department", "34").code == 0
    r = cada("--today", "2020-02-07", "new", "-a", "ville-de-montpellier", "-s", "Marchés",
             "-d", "A", "-d", "B", "-d", "C", "-d", "D", "--ref", REF)
    assert r.code == 0, r.err
    for args in (("sent", "--on", "2020-02-07"), ("received", "--on", "2020-02-10")):
        assert cada("--today", "2020-02-10", "log", REF, *args).code == 0
    return cada


def items(cada, today: str = "2020-06-30") -> list[dict]:
    r = cada("--today", today, "show", REF, "--json")
    assert r.code == 0, r.err
    return r.json["items"]


def outcomes(cada, today: str = "2020-06-30") -> list[tuple]:
    return [(i["number"], i["outcome"], i["date"], i["ground"]) for i in items(cada, today)]


def events(cada) -> int:
    return len(cada("--today", "2020-06-30", "show", REF, "--json").json["events"])


def reply(cada, day: str, *args: str):
    return cada("--today", day, "log", REF, "reply", "--on", day, *args)


# --- recording ---------------------------------------------------------------------------------


def test_partial_reply_records_each_item_with_its_date_and_ground(four):
    r = reply(four, "2020-03-02", "--outcome", "partial", "--items", "1,3",
              "--refused-items", "2", "--grounds", "L311-5 2° d", "--not-held-items", "4")
    assert r.code == 0, r.err
    assert outcomes(four) == [
        (1, "received", "2020-03-02", None),
        (2, "refused", "2020-03-02", "L311-5 2° d"),
        (3, "received", "2020-03-02", None),
        (4, "not-held", "2020-03-02", None),
    ]
    first = items(four)[0]
    assert first["description"] == "A" and first["event"] == "reply"
    assert first["history"] == [{"outcome": "received", "date": "2020-03-02", "ground": None,
                                 "event": "reply", "explicit": True}]


def test_items_a_partial_reply_does_not_mention_stay_pending(four):
    assert reply(four, "2020-03-02", "--outcome", "partial", "--items", "2").code == 0
    assert outcomes(four) == [(1, "pending", None, None), (2, "received", "2020-03-02", None),
                              (3, "pending", None, None), (4, "pending", None, None)]


def test_grounds_pair_with_refused_items_in_order(four):
    r = reply(four, "2020-03-02", "--outcome", "refused", "--refused-items", "1,2",
              "--grounds", "secret des affaires", "--refused-items", "4", "--grounds",
              "document inachevé")
    assert r.code == 0, r.err
    # a refused reply refuses every document; the one it does not list has no ground recorded
    assert outcomes(four) == [(1, "refused", "2020-03-02", "secret des affaires"),
                              (2, "refused", "2020-03-02", "secret des affaires"),
                              (3, "refused", "2020-03-02", None),
                              (4, "refused", "2020-03-02", "document inachevé")]
    assert [h["explicit"] for h in items(four)[2]["history"]] == [False]


def test_a_received_item_stays_received(four):
    assert reply(four, "2020-03-02", "--outcome", "partial", "--items", "1").code == 0
    # Monday 20 April 2020: after the CADA referral, the refusal is confirmed for everything
    for args in (("cada-sent", "--on", "2020-03-20"), ("cada-registered", "--on", "2020-03-25")):
        assert four("--today", "2020-03-25", "log", REF, *args).code == 0
    assert reply(four, "2020-04-20", "--outcome", "refused", "--refused-items", "2",
                 "--grounds", "L311-6").code == 0
    got = outcomes(four)
    assert got[0] == (1, "received", "2020-03-02", None)
    assert got[1] == (2, "refused", "2020-04-20", "L311-6")
    assert got[2] == (3, "refused", "2020-04-20", None)


def test_a_full_reply_means_every_item_received(four):
    assert reply(four, "2020-03-02", "--outcome", "full").code == 0
    assert {o for _, o, _, _ in outcomes(four)} == {"received"}


def test_partly_favorable_opinion_marks_the_items_found_communicable(four):
    assert reply(four, "2020-03-02", "--outcome", "partial", "--items", "1",
                 "--refused-items", "2,3", "--grounds", "L311-5").code == 0
    for args in (("cada-sent", "--on", "2020-03-20"), ("cada-registered", "--on", "2020-03-25")):
        assert four("--today", "2020-03-25", "log", REF, *args).code == 0
    r = four("--today", "2020-05-04", "log", REF, "cada-opinion", "--on", "2020-05-04",
             "--outcome", "partly-favorable", "--items", "2")
    assert r.code == 0, r.err
    got = items(four)
    assert got[1]["outcome"] == "communicable" and got[1]["communicable_on"] == "2020-05-04"
    assert got[1]["ground"] == "L311-5"  # the ground the authority invoked is kept
    assert got[2]["outcome"] == "refused" and got[2]["communicable_on"] is None
    text = four("--today", "2020-05-04", "show", REF).out
    assert "  2. B — communicable (CADA, 2020-05-04); ground: L311-5" in text
    assert "  3. C — refused 2020-03-02; ground: L311-5" in text
    assert "  4. D — pending" in text


def test_an_opinion_giving_a_document_twice_is_exit_2_and_records_nothing(four):
    for args in (("cada-sent", "--on", "2020-03-20"), ("cada-registered", "--on", "2020-03-25")):
        assert four("--today", "2020-03-25", "log", REF, *args).code == 0
    before = events(four)
    r = four("--today", "2020-05-04", "log", REF, "cada-opinion", "--on", "2020-05-04",
             "--outcome", "partly-favorable", "--items", "2", "--items", "1,2")
    assert r.code == 2 and "--items: document 2 is given twice" in r.err, r.err
    assert events(four) == before and {o for _, o, _, _ in outcomes(four)} == {"pending"}


def test_show_without_item_outcomes_lists_the_documents_as_before(four):
    text = four("--today", "2020-03-02", "show", REF).out
    assert "  1. A\n  2. B\n" in text


def test_items_after_today_do_not_count(four):
    assert reply(four, "2020-03-02", "--outcome", "partial", "--items", "1").code == 0
    assert outcomes(four, "2020-03-01")[0] == (1, "pending", None, None)


# --- refused, exit 2, nothing written ------------------------------------------------------------


@pytest.mark.parametrize("args, words", [
    (("--outcome", "partial", "--items", "5"), "no document 5 in this request (valid numbers: 1 to 4"),
    (("--outcome", "partial", "--items", "0"), "no document 0"),
    (("--outcome", "partial", "--items", "a"), "a is not a document number"),
    (("--outcome", "partial", "--items", "1,,2"), "is not a document number"),
    (("--outcome", "partial", "--items", "1,1"), "document 1 is given twice"),
    (("--outcome", "partial", "--items", ""), "--items is empty; give a value"),
    (("--outcome", "partial", "--items", "1", "--items", "1"), "--items: document 1 is given twice"),
    (("--outcome", "not-held", "--not-held-items", " "), "--not-held-items is empty; give a value"),
    (("--outcome", "partial", "--items", "1", "--refused-items", "1"),
     "document 1 is given to both --items and --refused-items"),
    (("--outcome", "partial", "--refused-items", "1", "--not-held-items", "1"),
     "document 1 is given to both"),
    (("--outcome", "partial", "--refused-items", "1", "--grounds", "x", "--grounds", "y"),
     "2 --grounds for 1 --refused-items"),
    (("--outcome", "partial", "--grounds", "x"), "1 --grounds for 0 --refused-items"),
    (("--outcome", "partial", "--refused-items", "1", "--grounds", " "), "--grounds"),
    # C1 controls (NEL, CSI) and Unicode line separators are line breaks and controls too
    (("--outcome", "partial", "--refused-items", "1", "--grounds", "a\u0085b"), "--grounds contains"),
    (("--outcome", "partial", "--refused-items", "1", "--grounds", "a\u009b2Jb"), "--grounds contains"),
    (("--outcome", "partial", "--refused-items", "1", "--grounds", "a\u2028b"), "--grounds contains"),
    # bytes that are not UTF-8 (surrogate-escaped by Python): a usage error, not an internal one
    # a ground is the article and a few words, not a pasted document
    (("--outcome", "partial", "--refused-items", "1", "--grounds", "L311-6 " * 2000),
     "--grounds is 13999 characters long"),
    (("--outcome", "partial", "--refused-items", "1", "--grounds", "a\udcffb"),
     "--grounds is not UTF-8 text"),
    (("--outcome", "full", "--items", "1"), "outcome 'full' takes no item option"),
    (("--outcome", "extended", "--items", "1"), "outcome 'extended' takes no item option"),
    (("--outcome", "refused", "--items", "1"), "--items does not fit a reply with outcome 'refused'"),
    (("--outcome", "not-held", "--refused-items", "1"), "--refused-items does not fit"),
])
def test_bad_item_options_are_exit_2_and_nothing_is_recorded(four, args, words):
    before = events(four)
    r = reply(four, "2020-03-02", *args)
    assert r.code == 2, r.out
    assert words in r.err and len(r.err.strip().splitlines()) == 1
    assert events(four) == before
    assert {o for _, o, _, _ in outcomes(four)} == {"pending"}


@pytest.mark.parametrize("args, words", [
    (("sent", "--items", "1"), "apply to 'reply' and 'cada-opinion' only, not to 'sent'"),
    (("note", "--refused-items", "1"), "not to 'note'"),
    (("cada-opinion", "--outcome", "favorable", "--items", "1"), "use it with --outcome partly-favorable"),
    (("cada-opinion", "--outcome", "partly-favorable", "--refused-items", "1"),
     "a CADA opinion takes --items"),
])
def test_item_options_on_other_events_are_exit_2(four, args, words):
    r = four("--today", "2020-06-30", "log", REF, *args)
    assert r.code == 2 and words in r.err, r.err


def test_one_document_request_names_its_only_number(cada, montpellier):
    for args in (("sent", "--on", "2020-02-07"), ("received", "--on", "2020-02-10")):
        assert cada("--today", "2020-02-10", "log", montpellier, *args).code == 0
    r = cada("--today", "2020-03-02", "log", montpellier, "reply", "--outcome", "partial",
             "--items", "2")
    assert r.code == 2 and "the request has one document: 1" in r.err


# --- the derivation, without a database ------------------------------------------------------


def test_derivation_rules_by_hand():
    # Mon 2 Mar 2020 reply partial (1 received, 2 refused "G"); Mon 4 May 2020 opinion
    # favorable (blanket: 2 and 3 communicable, 4 not held stays not held); Mon 8 Jun 2020
    # a confirming refusal without ground keeps the ground "G" of item 2 and leaves the item
    # said not held (Mon 9 Mar 2020) as it was.
    e1 = Event(kind="reply", date=date(2020, 3, 2), outcome="partial", seq=1)
    e2 = Event(kind="reply", date=date(2020, 3, 9), outcome="partial", seq=2)
    e3 = Event(kind="cada-opinion", date=date(2020, 5, 4), outcome="favorable", seq=3)
    e4 = Event(kind="reply", date=date(2020, 6, 8), outcome="refused", seq=4)
    rows = [ItemOutcome(1, "A", "received", None, 1, "reply", e1.date),
            ItemOutcome(2, "B", "refused", "G", 1, "reply", e1.date),
            ItemOutcome(4, "D", "not-held", None, 2, "reply", e2.date)]
    got = derive_items(["A", "B", "C", "D"], rows, [e4, e3, e2, e1])
    assert [(i.outcome, i.date, i.ground) for i in got] == [
        ("received", date(2020, 3, 2), None),
        ("refused", date(2020, 6, 8), "G"),
        ("refused", date(2020, 6, 8), None),
        ("not-held", date(2020, 3, 9), None),
    ]
    assert got[1].communicable_on == date(2020, 5, 4) and got[3].communicable_on is None
