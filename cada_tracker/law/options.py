"""The configurable readings of the law: the [U] points of the reference (docs: Deadlines)."""

from __future__ import annotations

from dataclasses import dataclass

from cada_tracker.law.suspensions import Window


@dataclass(frozen=True)
class LawOptions:
    """Configurable readings of the law (the [U] points of docs/deadlines.md).

    post_delay_min_days / post_delay_max_days: estimated postal delay when only `sent` is known
        for a request sent by post or registered post (e-mail, web, hand: same day).
    cada_referral_prorogation: apply CPC 642 (next working day) to the CADA referral deadline.
    safe_referral_on_working_day: move the strict (safe) CADA referral date back to a working day
        (the §0.10 reading of the 2020 case: Sunday 23 August -> safe Friday 21 August).
    referral_from_margin_days: extra days before the first admissible referral (0 = B + 1 day;
        1 = B + 2 days, zero risk of a premature referral).
    explicit_refusal_reopens_referral: an explicit refusal notified within the referral window
        opens a new two-month window (the reference's reading); False keeps the first window.
    overseas_same_territory: a requester recorded as living "overseas" lives in the territory
        of the (overseas) court, so no distance extension (the earlier, safer reading).
    suspensions: override the suspension windows (default: data/suspensions.json).
    explain: build the steps and alternatives of each deadline (the text of `cada explain`).
        False computes the same dates about twice as fast, for reports over many requests;
        explain_lines() recomputes with explain=True when given such a timeline.
    """

    post_delay_min_days: int = 1
    post_delay_max_days: int = 4
    cada_referral_prorogation: bool = True
    safe_referral_on_working_day: bool = True
    referral_from_margin_days: int = 0
    explicit_refusal_reopens_referral: bool = True
    overseas_same_territory: bool = True
    suspensions: tuple[Window, ...] | None = None
    explain: bool = True


DEFAULT_OPTIONS = LawOptions()
