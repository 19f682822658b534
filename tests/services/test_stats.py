"""`cada stats` (issue 11, point 4): statistics per authority, checkable by hand.

The campaign of tests/services/test_campaign_report.py, sent by e-mail on Monday 2 June 2025:
B, the end of the authority's month (CRPA R311-13), is Wednesday 2 July 2025 for each request.
- Sète (video-001) replies partly on Friday 20 June 2025: 18 days, within the month.
- Béziers (video-002) replies in full on Thursday 10 July 2025: 38 days, late (after B).
- Lunel (video-003) does not reply; the requester refers it to the CADA on Tuesday 15 July
  2025 (registered Thursday 17 July), the CADA is favourable on Thursday 11 September 2025 and
  Lunel complies with a full reply on Wednesday 1 October 2025: 121 days after sending (June 28
  + July 31 + August 31 + September 30 + 1), late too.
Over the three: days [18, 38, 121]: median 38, 90th percentile (nearest rank, the ⌈2.7⌉ = 3rd)
121."""

from __future__ import annotations

import pytest

from cada_tracker.render.stats import bar
from cada_tracker.services.stats import median, percentile
from tests.services.test_campaign_report import campaign  # noqa: F401  (fixture)

TODAY = "2025-10-15"


@pytest.fixture
def referred(campaign):  # noqa: F811
    cada = campaign
    for today, args in (("2025-07-15", ("cada-sent",)), ("2025-07-17", ("cada-registered",)),
                        ("2025-09-11", ("cada-opinion", "--outcome", "favorable")),
                        ("2025-10-01", ("reply", "--outcome", "full"))):
        r = cada("--today", today, "log", "video-003", *args)
        assert r.code == 0, r.err
    return cada


def stats(cada, *args: str):
    return cada("--today", TODAY, "stats", *args)


def test_per_authority_figures(referred):
    r = stats(referred, "--json")
    assert r.code == 0, r.err
    rows = {row["slug"]: row for row in r.json["authorities"]}
    sete, beziers, lunel = rows["ville-de-sete"], rows["ville-de-beziers"], rows["ville-de-lunel"]
    assert (sete["requests"], sete["answered_in_time"], sete["late_replies"]) == (1, 1, 0)
    assert sete["median_days_to_reply"] == 18 and sete["outcomes"] == {"partial": 1}
    assert (beziers["answered_in_time"], beziers["late_replies"]) == (0, 1)
    assert beziers["median_days_to_reply"] == 38
    assert lunel["median_days_to_reply"] == 121 and lunel["late_replies"] == 1
    assert (lunel["cada_referrals"], lunel["favourable_opinions"],
            lunel["complied_after_opinion"], lunel["court_cases"]) == (1, 1, 1, 0)
    total = r.json["total"]
    assert (total["requests"], total["replied"], total["answered_in_time"],
            total["late_replies"]) == (3, 3, 1, 2)
    assert (total["median_days_to_reply"], total["p90_days_to_reply"]) == (38, 121)
    assert total["outcomes"] == {"full": 2, "partial": 1}


def test_a_favourable_opinion_without_a_reply_after_it_is_not_compliance(campaign):  # noqa: F811
    cada = campaign
    for today, args in (("2025-07-15", ("cada-sent",)), ("2025-07-17", ("cada-registered",)),
                        ("2025-09-11", ("cada-opinion", "--outcome", "favorable"))):
        assert cada("--today", today, "log", "video-003", *args).code == 0
    lunel = stats(cada, "--json", "--authority", "ville-de-lunel").json["authorities"]
    assert [(r["favourable_opinions"], r["complied_after_opinion"], r["replied"])
            for r in lunel] == [(1, 0, 0)]


def test_filters(referred):
    only = stats(referred, "--json", "--authority", "ville-de-sete").json
    assert [r["slug"] for r in only["authorities"]] == ["ville-de-sete"]
    assert stats(referred, "--json", "--campaign", "video").json["total"]["requests"] == 3
    # sent on Monday 2 June 2025: none on or after the 3rd
    late = stats(referred, "--since", "2025-06-03")
    assert late.code == 0 and "no request sent matches" in late.out
    assert stats(referred, "--json", "--since", "2025-06-02").json["total"]["requests"] == 3


def test_bad_inputs(referred):
    assert stats(referred, "--campaign", "nope").code == 3
    r = stats(referred, "--authority", "ville-de-setes")
    assert r.code == 3 and "ville-de-setes" in r.err
    r = stats(referred, "--since", "2025-02-30")
    assert r.code == 2 and "--since" in r.err


def test_bar_charts_plain_when_piped_blocks_on_a_terminal(referred, terminal):
    piped = stats(referred).out
    assert "#" in piped and "█" not in piped
    # median days: Lunel 121 is the longest bar (30 cells), Béziers 38 -> 30*38/121 = 9.4 -> 9
    lines = [line for line in piped.splitlines() if line.strip().startswith("Ville de")]
    lunel = [line for line in lines if "Lunel" in line][-1]
    beziers = [line for line in lines if "Béziers" in line][-1]
    assert lunel.count("#") == 30 and beziers.count("#") == 9
    terminal(100)
    shown = stats(referred).out
    assert "█" * 30 in shown and "#" not in shown


def test_bar_and_percentile_by_hand():
    assert bar(1, 2, unicode=True, width=30) == "█" * 15
    assert bar(1, 3, unicode=False, width=30) == "#" * 10
    assert bar(5, 16, unicode=True, width=8) == "██▌"  # 2.5 cells
    assert bar(0, 10, unicode=True) == ""
    assert percentile([18, 38, 121], 0.9) == 121
    assert percentile(list(range(1, 11)), 0.9) == 9  # the 9th of 10
    assert percentile([], 0.9) is None
    assert median([18, 38]) == 28 and median([18, 38, 121]) == 38
