"""Issue 11 point 8: the request to the competent authority after a transfer, B under the two
readings of the reference (§3, §5): from receipt by the first authority (CRPA L114-3) and by
the competent one (R311-13); the earlier B for the requester's deadlines, the later for the
first admissible referral. Every date below can be checked with a 2023 calendar."""

from __future__ import annotations

from cada_tracker.law.explain import explain_lines
from tests.law.helpers import d, dates, ev, timeline


def test_competent_receipt_recorded_earlier_b_for_deadlines_later_b_for_first_referral():
    # First authority received it Wed 1 Mar 2023 -> L114-3: B = Sat 1 Apr 2023.
    # Transferred (sent on) Mon 20 Mar 2023, received by the competent one Thu 23 Mar 2023
    # -> R311-13: B = Sun 23 Apr 2023. First referral: the day after the later B, Mon 24 Apr.
    # Last day to refer, from the earlier B: Sat 1 Apr + 2 months = Thu 1 Jun 2023 (a working
    # day), safe Wed 31 May 2023.
    f, tl = timeline(ev("sent", "2023-03-20"), ev("received", "2023-03-23"),
                     initial_receipt=d("2023-03-01"), transferred_from="V-1")
    got = dates(tl)
    assert got["implicit_refusal"] == d("2023-04-01")
    assert got["cada_referral_from"] == d("2023-04-24")
    assert got["cada_referral_by"] == d("2023-06-01")
    assert tl.get("cada_referral_by").safe_date == d("2023-05-31")
    b = tl.get("implicit_refusal")
    assert "CRPA L114-3" in b.basis and "CRPA R311-13" in b.basis
    assert b.confidence == "uncertain" and not b.estimated


def test_competent_receipt_estimated_by_post_uses_the_latest_estimate_for_the_first_referral():
    # Transferred by post Mon 20 Mar 2023: the competent authority's receipt is estimated
    # Tue 21 to Fri 24 Mar 2023, so R311-13 gives B up to Mon 24 Apr 2023 and the first
    # referral is Tue 25 Apr 2023. The earlier B is still L114-3's Sat 1 Apr 2023.
    f, tl = timeline(ev("sent", "2023-03-20"), channel="post",
                     initial_receipt=d("2023-03-01"), transferred_from="V-1")
    got = dates(tl)
    assert got["implicit_refusal"] == d("2023-04-01")
    assert got["cada_referral_from"] == d("2023-04-25")
    assert tl.get("implicit_refusal").estimated


def test_first_receipt_estimated_marks_b_estimated():
    # The first authority's receipt was only estimated (from the original's sending date):
    # B = Sat 1 Apr 2023 is estimated even though the competent receipt is recorded.
    f, tl = timeline(ev("sent", "2023-03-20"), ev("received", "2023-03-23"),
                     initial_receipt=d("2023-03-01"), initial_receipt_estimated=True,
                     transferred_from="V-1")
    assert tl.get("implicit_refusal").estimated


def test_without_a_transfer_nothing_changes():
    # received Wed 1 Mar 2023: B = Sat 1 Apr 2023, first referral Sun 2 Apr 2023
    f, tl = timeline(ev("received", "2023-03-01"))
    got = dates(tl)
    assert got["implicit_refusal"] == d("2023-04-01")
    assert got["cada_referral_from"] == d("2023-04-02")
    assert "CRPA L114-3" not in tl.get("implicit_refusal").basis


def test_explain_states_both_readings_with_their_articles():
    f, tl = timeline(ev("sent", "2023-03-20"), ev("received", "2023-03-23"),
                     initial_receipt=d("2023-03-01"), transferred_from="V-1")
    text = "\n".join(explain_lines(f, tl))
    assert ("This request was transferred from V-1 to the competent authority (CRPA L114-2). "
            "Two readings [U]: counted from receipt by the first authority on Wednesday 1 March "
            "2023 (CRPA L114-3), B = Saturday 1 April 2023; counted from receipt by the competent "
            "authority (CRPA R311-13), B = Sunday 23 April 2023. The earlier B (Saturday 1 April "
            "2023) is used for your deadlines, the later (Sunday 23 April 2023) for the first "
            "admissible referral, so that it is never premature.") in text
    assert ("After the transfer from V-1, the later reading of B is used (Sunday 23 April 2023)"
            in text)
    # the last day to refer under the R311-13 reading: Sun 23 Apr + 2 months = Fri 23 Jun 2023
    assert ("[U] Counting from receipt by the competent authority after the transfer, the last "
            "day would be Friday 23 June 2023.") in text
