"""The text of `cada explain REF`: every deadline, how it was computed, its basis, the
alternative readings and the warnings. Plain lines, no colour."""

from __future__ import annotations

from dataclasses import replace

from cada_tracker.domain import Deadline, DeadlineKind, RequestFacts, Timeline
from cada_tracker.law.crpa import compute_timeline
from cada_tracker.law.options import DEFAULT_OPTIONS, LawOptions
from cada_tracker.messages import law as M


def explain_lines(
    facts: RequestFacts, timeline: Timeline, options: LawOptions | None = None
) -> list[str]:
    opts = options or DEFAULT_OPTIONS
    if timeline.deadlines and not any(d.steps for d in timeline.deadlines):
        # computed with explain=False (the fast path): recompute with the explanation
        opts = replace(opts, explain=True)
        timeline = compute_timeline(facts, opts)
    lines = [M.EXPLAIN_HEADER.format(reference=facts.reference), ""]
    # issue 11, point 8: a channel corrected after sending (`cada edit REF --channel`) is a
    # `note` event carrying the new channel; the receipt below is estimated from it
    corrected = [e for e in facts.events if e.kind == "note" and e.channel]
    if corrected:
        last = corrected[-1]
        lines += [M.EXPLAIN_CHANNEL_CORRECTED.format(
            channel=M.CHANNEL_NAMES.get(facts.channel, facts.channel),
            date=M.fmt_date(last.date)), ""]
    if not timeline.deadlines:
        lines.append(M.EXPLAIN_NONE)
    for d in timeline.deadlines:
        lines.extend(_deadline_lines(d))
    if timeline.warnings:
        lines.append(M.EXPLAIN_WARNINGS)
        for w in timeline.warnings:
            lines.append(M.EXPLAIN_WARNING.format(text=w))
        lines.append("")
    lines.append(
        M.EXPLAIN_OPTIONS.format(
            min=opts.post_delay_min_days,
            max=opts.post_delay_max_days,
            prorogation=M.YES if opts.cada_referral_prorogation else M.NO,
        )
    )
    lines.append(M.EXPLAIN_DISCLAIMER)
    return lines


def _deadline_lines(d: Deadline) -> list[str]:
    """Title line, steps, confidence and the other readings of one deadline."""
    flags = []
    if d.estimated:
        flags.append(M.EXPLAIN_FLAG_ESTIMATED)
    if not d.opposable:
        flags.append(M.EXPLAIN_FLAG_NOT_OPPOSABLE)
    if d.kind == DeadlineKind.CADA_OPINION_EXPECTED:
        flags.append(M.EXPLAIN_FLAG_INDICATIVE)
    lines = [
        M.EXPLAIN_DEADLINE.format(
            title=M.KIND_TITLES.get(d.kind, d.kind),
            date=M.fmt_date(d.date),
            safe=M.EXPLAIN_SAFE.format(date=M.fmt_date(d.safe_date)) if d.safe_date else "",
            flags=f" [{', '.join(flags)}]" if flags else "",
        )
    ]
    lines.extend(M.EXPLAIN_STEP.format(text=step.text) for step in d.steps)
    confidence = M.CONFIDENCE.get(d.confidence, d.confidence)
    lines.append(M.EXPLAIN_STEP.format(text=M.STEP_CONFIDENCE.format(confidence=confidence)))
    if d.alternatives:
        lines.append(M.EXPLAIN_ALTERNATIVES)
        lines.extend(M.EXPLAIN_ALTERNATIVE.format(text=alt) for alt in d.alternatives)
    lines.append("")
    return lines
