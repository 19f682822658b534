"""Series referrals (CRPA R343-3-1; reference §0 item 6): one referral, one registration R, one
K for every authority of the series; a request the referral does not name gets no court
deadline from it. Each date can be checked by hand with a 2025 calendar."""

from __future__ import annotations

from dataclasses import replace

from cada_tracker.domain.series import SeriesReferral, marker, note_with_marker, parse
from cada_tracker.law import explain_lines
from cada_tracker.law.series import series_dates
from tests.law.helpers import d, dates, ev, facts, timeline

REFS = ("TP-001", "TP-002", "TP-003", "TP-004", "TP-005")
# the referral was sent on Wed 2 Apr 2025 and names the five first requests, not TP-006
SERIES = SeriesReferral("tp", d("2025-04-02"), REFS)
NOTE = marker("tp", REFS)


def _member(ref: str, received: str, registered: str | None = "2025-04-07"):
    events = [ev("received", received), ev("cada-sent", "2025-04-02", note=NOTE)]
    if registered is not None:
        events.append(ev("cada-registered", registered))
    return facts(*events, reference=ref)


def test_the_marker_reads_back_what_it_wrote_and_keeps_the_users_note():
    note = note_with_marker("tp", REFS, "sent by e-mail to the CADA")
    assert parse(note, d("2025-04-02")) == SERIES
    assert note.endswith("\nsent by e-mail to the CADA")
    assert parse("a plain note", d("2025-04-02")) is None
    assert parse("series R343-3-1 tp: ", d("2025-04-02")) is None  # damaged: no member


def test_one_registration_gives_one_k_for_every_member_of_the_series():
    # Received Mon 6 Jan / Wed 8 Jan 2025 -> B = Thu 6 Feb / Sat 8 Feb 2025; one referral for
    # the five, sent Wed 2 Apr 2025, registered Mon 7 Apr 2025 -> K = R + 2 months =
    # Sat 7 Jun 2025 (never moved, R343-5); court: K + 2 months = Thu 7 Aug + 1 (franc) =
    # Fri 8 Aug 2025; safe Thu 7 Aug 2025.
    members = [_member(ref, "2025-01-06" if i % 2 else "2025-01-08")
               for i, ref in enumerate(REFS)]
    sd = series_dates(SERIES, members)
    assert (sd.registration, sd.confirmation) == (d("2025-04-07"), d("2025-06-07"))
    for f in members:
        _, tl = timeline(*f.events, reference=f.reference)
        got = dates(tl)
        assert got["refusal_confirmed"] == d("2025-06-07")
        assert got["court_by"] == d("2025-08-08")
        court = next(x for x in tl.deadlines if x.kind == "court_by")
        assert court.safe_date == d("2025-08-07")


def test_registrations_recorded_differently_are_reported_and_the_earliest_counts():
    # R recorded Mon 7 Apr on four members and Fri 4 Apr 2025 on one: the earliest, Fri 4 Apr,
    # gives K = Wed 4 Jun 2025 (the safer date for the requester).
    members = [_member(ref, "2025-01-06") for ref in REFS[:4]]
    members.append(_member(REFS[4], "2025-01-06", registered="2025-04-04"))
    sd = series_dates(SERIES, members)
    assert sd.registrations == (d("2025-04-04"), d("2025-04-07"))
    assert (sd.registration, sd.confirmation) == (d("2025-04-04"), d("2025-06-04"))


def test_no_registration_recorded_gives_no_series_k():
    members = [_member(ref, "2025-01-06", registered=None) for ref in REFS]
    assert series_dates(SERIES, members).confirmation is None


def test_a_member_is_told_it_shares_the_series_k():
    f = _member("TP-003", "2025-01-06")
    tl = timeline(*f.events, reference="TP-003")[1]
    assert any("CRPA R343-3-1" in w and "one confirmation date K" in w for w in tl.warnings)


def test_a_request_the_referral_does_not_name_gets_no_court_deadline_and_explain_says_so():
    # TP-006, received Mon 6 Jan 2025 like the others, is in the campaign but not in the
    # referral of Wed 2 Apr 2025: no R, no K, no court deadline from that referral.
    f = replace(facts(ev("received", "2025-01-06"), reference="TP-006"), series=SERIES)
    from cada_tracker.law import compute_timeline

    tl = compute_timeline(f)
    got = dates(tl)
    assert "refusal_confirmed" not in got and "court_by" not in got
    assert got["implicit_refusal"] == d("2025-02-06")  # Thu 6 Feb 2025: its own B stands
    text = "\n".join(explain_lines(f, tl))
    assert "does not name TP-006" in text
    assert "no court deadline runs from it" in text
    assert "CRPA R343-3-1" in text


def test_no_series_no_series_sentence():
    f = facts(ev("received", "2025-01-06"), ev("cada-sent", "2025-04-02"), reference="X-1")
    from cada_tracker.law import compute_timeline

    assert not any("R343-3-1" in w for w in compute_timeline(f).warnings)


def test_a_request_left_out_but_referred_on_its_own_keeps_its_own_k():
    # TP-006 referred alone on Thu 3 Apr 2025, registered Tue 8 Apr 2025 -> its own K =
    # Sun 8 Jun 2025 (not moved); the series sentence about a missing referral is not shown.
    f = replace(facts(ev("received", "2025-01-06"), ev("cada-sent", "2025-04-03"),
                      ev("cada-registered", "2025-04-08"), reference="TP-006"), series=SERIES)
    from cada_tracker.law import compute_timeline

    tl = compute_timeline(f)
    assert dates(tl)["refusal_confirmed"] == d("2025-06-08")
    assert not any("does not name" in w for w in tl.warnings)
