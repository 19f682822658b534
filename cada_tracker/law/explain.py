"""The text of `cada explain REF`: every deadline, how it was computed, its basis, the
alternative readings and the warnings. Plain lines, no colour."""

from __future__ import annotations

from cada_tracker.domain import RequestFacts, Timeline
from cada_tracker.law.crpa import DEFAULT_OPTIONS, LawOptions
from cada_tracker.messages import law as M


def explain_lines(
    facts: RequestFacts, timeline: Timeline, options: LawOptions | None = None
) -> list[str]:
    opts = options or DEFAULT_OPTIONS
    if timeline.deadlines and not any(d.steps for d in timeline.deadlines):
        # computed with explain=False (the fast path): recompute with the explanation
        from dataclasses import replace

        from cada_tracker.law.crpa import compute_timeline

        opts = replace(opts, explain=True)
        timeline = compute_timeline(facts, opts)
    lines = [M.EXPLAIN_HEADER.format(reference=facts.reference), ""]
    if not timeline.deadlines:
        lines.append(M.EXPLAIN_NONE)
    for d in timeline.deadlines:
        flags = []
        if d.estimated:
            flags.append(M.EXPLAIN_FLAG_ESTIMATED)
        if not d.opposable:
            flags.append(M.EXPLAIN_FLAG_NOT_OPPOSABLE)
        if d.kind == "cada_opinion_expected":
            flags.append(M.EXPLAIN_FLAG_INDICATIVE)
        lines.append(
            M.EXPLAIN_DEADLINE.format(
                title=M.KIND_TITLES.get(d.kind, d.kind),
                date=M.fmt_date(d.date),
                safe=M.EXPLAIN_SAFE.format(date=M.fmt_date(d.safe_date)) if d.safe_date else "",
                flags=f" [{', '.join(flags)}]" if flags else "",
            )
        )
        for step in d.steps:
            lines.append(M.EXPLAIN_STEP.format(text=step.text))
        lines.append(
            M.EXPLAIN_STEP.format(
                text=M.STEP_CONFIDENCE.format(
                    confidence=M.CONFIDENCE.get(d.confidence, d.confidence)
                )
            )
        )
        if d.alternatives:
            lines.append(M.EXPLAIN_ALTERNATIVES)
            for alt in d.alternatives:
                lines.append(M.EXPLAIN_ALTERNATIVE.format(text=alt))
        lines.append("")
    if timeline.warnings:
        lines.append(M.EXPLAIN_WARNINGS)
        for w in timeline.warnings:
            lines.append(M.EXPLAIN_WARNING.format(text=w))
        lines.append("")
    lines.append(
        M.EXPLAIN_OPTIONS.format(
            min=opts.post_delay_min_days,
            max=opts.post_delay_max_days,
            prorogation="yes" if opts.cada_referral_prorogation else "no",
        )
    )
    lines.append(M.EXPLAIN_DISCLAIMER)
    return lines
