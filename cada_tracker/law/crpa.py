"""The CRPA deadline chain: request -> implicit refusal B -> CADA referral -> K -> court.

Pure: facts (recorded events) in, a Timeline of dated deadlines out. Every date carries its
basis, a confidence level and, when explanations are on, its computation in words (steps) and
the [U] alternative readings. The rules are those of the legal reference (shared
law/crpa-deadlines.md), documented for users in docs (Deadlines). Where each rule lives:

    implicit_refusal.py   receipt, B               CRPA R*311-12, R311-13; C. env. R124-1; L114-3
    referral.py           CADA referral window     CRPA R343-1, L342-1, L112-6; CADA avis 20234834
    cada.py               R, opinion, K            CRPA R343-3, R*343-4, R343-5
    series.py             one R and K for a series CRPA R343-3-1
    court.py              court, Czabaj long stop  CJA R421-1/2/5/7; décret 2020-1717; L232-4
    periods.py            month/franc/CPC 642/suspension arithmetic (CPC 641, 642; 2020-306)
    chain.py              what the deadline functions share; the one-year long stop
"""

from __future__ import annotations

from cada_tracker.domain import Deadline, RequestFacts, Timeline
from cada_tracker.law.cada import opinion_expected, refusal_confirmed, registration
from cada_tracker.law.chain import Chain
from cada_tracker.law.court import court_by, court_long_stop, court_start
from cada_tracker.law.facts import extract
from cada_tracker.law.implicit_refusal import implicit_refusal, receipt
from cada_tracker.law.options import DEFAULT_OPTIONS, LawOptions
from cada_tracker.law.referral import (
    answer_warnings,
    referral_by,
    referral_from,
    referral_needed,
    referral_window,
)
from cada_tracker.law.series import series_warnings
from cada_tracker.messages import law as M

__all__ = ["DEFAULT_OPTIONS", "LawOptions", "compute_timeline"]


def compute_timeline(facts: RequestFacts, options: LawOptions | None = None) -> Timeline:
    """Every deadline that applies to the request so far, in chronological order of the chain."""
    chain = Chain(facts, extract(facts), options or DEFAULT_OPTIONS)
    deadlines = request_deadlines(chain) + cada_deadlines(chain)
    series_warnings(chain)  # issue 11, point 5: a series referral (CRPA R343-3-1)
    return Timeline(deadlines=tuple(deadlines), warnings=tuple(chain.warnings))


def request_deadlines(chain: Chain) -> list[Deadline]:
    """B, then the CADA referral window (first day, last day, long stop) if a refusal arose."""
    r = receipt(chain)
    if r is None:
        return []
    if r.estimated:
        chain.warn(M.WARN_RECEIPT_ESTIMATED)
    b, refusal = implicit_refusal(chain, r)
    answer_warnings(chain)
    if not referral_needed(chain, refusal.b):
        return [b]
    window = referral_window(chain, refusal)
    first = referral_from(chain, refusal, window)
    last, long_stop = referral_by(chain, refusal, window)
    return [b, first, last] if long_stop is None else [b, first, last, long_stop]


def cada_deadlines(chain: Chain) -> list[Deadline]:
    """Once referred: the expected opinion, K, then the court deadline and its long stop."""
    reg = registration(chain)
    if reg is None:
        return []
    opinion = opinion_expected(chain, reg)
    k = refusal_confirmed(chain, reg)
    # a referral out of time (referral.missed_limit) opens no court route (CRPA L342-1)
    cs = None if chain.out_of_time else court_start(chain, k.date, reg.estimated)
    if cs is None:
        return [opinion, k]
    out = [opinion, k]
    court = court_by(chain, cs, k.date)
    if court is not None:
        out.append(court)
    if not cs.opposable:
        out.append(court_long_stop(chain, cs, k.date))
    return out
