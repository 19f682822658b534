"""`cada log --campaign SLUG cada-sent|cada-registered` (issue 11, point 5; CRPA R343-3-1): the
option parsing of `cada log` stays in cli/requests.py, which hands over here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cada_tracker.cli.app import context, echo, echo_err, emit_json
from cada_tracker.dates import parse_date
from cada_tracker.errors import UsageError
from cada_tracker.messages import letters as ML
from cada_tracker.messages import series as MS

_KINDS = ("cada-sent", "cada-registered")


def log_campaign(
    campaign: str | None, first: str | None, second: str | None, on: str | None,
    only: list[str] | None, note: str | None, channel: str | None, json_: bool, *,
    other: dict[str, Any],
) -> None:
    from cada_tracker.services import series

    if campaign is None:
        raise UsageError(MS.SERIES_ONLY_WITHOUT_CAMPAIGN)
    if second is not None:  # `cada log REF EVENT --campaign SLUG`
        raise UsageError(MS.SERIES_CAMPAIGN_AND_REF)
    if first is None:
        raise UsageError(MS.LOG_NEEDS_REF_EVENT.format(name="EVENT"))
    kind = first
    if kind not in _KINDS:
        raise UsageError(MS.SERIES_CAMPAIGN_EVENTS.format(kind=kind))
    given = [name for name, value in other.items() if value]
    if kind == "cada-registered":
        given += [name for name, value in (("--only", only), ("--note", note),
                                           ("--channel", channel)) if value]
    if given:
        raise UsageError(MS.SERIES_OPTION_NOT_WITH_CAMPAIGN.format(option=given[0]))
    ctx = context()
    when = parse_date(on, what="--on") if on is not None else ctx.today
    if kind == "cada-sent":
        done = series.log_series_sent(ctx, campaign, when, only=only, note=note,
                                      channel=channel)
    else:
        done = series.log_series_registered(ctx, campaign, when)
    for line in done.notes:
        echo_err(line)
    if json_:
        emit_json(done.to_json())
        return
    if kind == "cada-sent":
        echo(MS.SERIES_RECORDED_SENT.format(
            slug=campaign, date=when.isoformat(), count=len(done.references),
            references=", ".join(done.references)))
        for reference, reason in done.skipped:
            echo(MS.SERIES_SKIPPED.format(reference=reference, reason=reason))
    elif done.confirmation is not None:
        echo(MS.SERIES_RECORDED_REGISTERED.format(
            slug=campaign, date=when.isoformat(), count=len(done.references),
            k=done.confirmation.isoformat()))
    else:
        echo(MS.SERIES_RECORDED_REGISTERED_NO_K.format(
            slug=campaign, date=when.isoformat(), count=len(done.references)))


def escalate_campaign(campaign: str | None, ref: str | None, output: Path | None, force: bool,
                      json_: bool) -> None:
    """`cada escalate --campaign SLUG`: the one referral letter of a series."""
    from cada_tracker.services.series_letter import series_letter

    if campaign is None:
        raise UsageError(MS.SERIES_ESCALATE_NEEDS_REF)
    if ref is not None:
        raise UsageError(MS.SERIES_ESCALATE_REF_AND_CAMPAIGN)
    ctx = context()
    done = series_letter(ctx, campaign, output, force=force)
    for note in done.notes:
        echo_err(note)
    if json_:
        emit_json(done.to_json())
        return
    for e in done.exhibits:
        echo(MS.SERIES_EXHIBIT_LINE.format(
            number=e["number"], reference=e["reference"], title=e["title"],
            file=e["file"] or ML.ESCALATE_TO_JOIN))
    echo(MS.SERIES_LETTER_WRITTEN.format(slug=campaign, count=len(done.members),
                                         file=done.file))
    echo(MS.SERIES_DOSSIER_WRITTEN.format(folder=done.folder, zip=done.zip_path))
    if done.recorded:
        sent = done.sent.isoformat() if done.sent else ""
        echo_err(MS.SERIES_LETTER_NEXT_RECORDED.format(slug=campaign, date=sent))
    else:
        echo_err(MS.SERIES_LETTER_NEXT.format(slug=campaign, refs=",".join(done.members)))
