"""Pure deadline engine for French FOI requests (CRPA Book III, CADA, administrative court).

Events and calendar rules in, dated deadlines out: no database, no clock, no printing.

    compute_timeline(facts, options=None) -> Timeline
    next_action(state, facts, timeline, today) -> NextAction
    deadline_status(deadline, facts, today) -> "met" | "pending" | "missed" | "expected"
    lateness(deadline, facts, today) -> Lateness | None  (the authority's or the CADA's answer)
    explain_lines(facts, timeline, options=None) -> list[str]
"""

from __future__ import annotations

from cada_tracker.law.crpa import LawOptions, compute_timeline
from cada_tracker.law.explain import explain_lines
from cada_tracker.law.next_action import Lateness, deadline_status, lateness, next_action

__all__ = ["LawOptions", "Lateness", "compute_timeline", "deadline_status", "explain_lines",
           "lateness", "next_action"]
