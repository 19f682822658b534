"""`cada new`, `cada log`, `cada show`, `cada status`."""

from __future__ import annotations

import sys
from datetime import date
from typing import TYPE_CHECKING

import typer

from cada_tracker import messages as M
from cada_tracker.cli.app import JSON_OPTION, app, context, echo, echo_err, emit_json
from cada_tracker.cli.fast import show_status
from cada_tracker.cli.series import log_campaign
from cada_tracker.dates import parse_date
from cada_tracker.domain import CHANNELS, EVENT_KINDS, OUTCOMES
from cada_tracker.errors import UsageError
from cada_tracker.messages import campaigns as MC
from cada_tracker.messages import series as MS

if TYPE_CHECKING:
    from cada_tracker.services.requests import NewEvent


def _required(value: str | None, option: str, prompt: str) -> str:
    """Prompt for a missing required option on a terminal; never prompt otherwise."""
    if value:
        return value
    if sys.stdin.isatty():
        return typer.prompt(prompt)
    raise UsageError(M.NOT_A_TERMINAL.format(option=option))


@app.command()
def new(
    authority: list[str] = typer.Option(
        None, "--authority", "-a", metavar="SLUG", help="Slug of the authority (one: to send "
        "the same request to several, `cada campaign new`)."
    ),
    subject: str = typer.Option(None, "--subject", "-s", help="What you ask for, in one line."),
    document: list[str] = typer.Option(
        None, "--document", "-d", help="One document requested (repeat for each)."
    ),
    ref: str = typer.Option(None, "--ref", help="Your own reference (default: YEAR-NNN)."),
    channel: str = typer.Option(
        "email", "--channel", help=", ".join(CHANNELS) + "."
    ),
    environmental: bool = typer.Option(
        False, "--environmental", help="Environmental information (Code de l'environnement "
        "L124-1): one month, extendable to two."
    ),
    note: str = typer.Option(None, "--note", help="A private note."),
    open_format: bool = typer.Option(
        False, "--open-format", help="The letter asks for the documents in an open, reusable "
        "format (CRPA L300-4, L311-9)."
    ),
    json_: bool = JSON_OPTION,
) -> None:
    """Create a draft request and its letter. Prints the reference."""
    from cada_tracker.services import requests
    from cada_tracker.services.derived import request_json

    if authority and len(authority) > 1:  # issue 11: never silently the last one
        raise UsageError(MC.NEW_ONE_AUTHORITY.format(count=len(authority),
                                                     slugs=", ".join(authority)))
    slug = _required(authority[0] if authority else None, "--authority", M.PROMPT_AUTHORITY)
    subject = _required(subject, "--subject", M.PROMPT_SUBJECT)
    ctx = context()
    derived = requests.create_request(
        ctx,
        requests.NewRequest(
            slug, subject, list(document or []), ref, channel, environmental, note,
            open_format=open_format,
        ),
    )
    view = derived.view
    if json_:
        emit_json(request_json(derived, ctx.today))
    else:
        echo(M.REQUEST_CREATED.format(reference=view.reference))
        if sys.stderr.isatty():
            typer.echo(
                M.REQUEST_CREATED_HINT.format(reference=view.reference,
                                              authority=view.authority_name),
                err=True,
            )


EVENT_HELP = ", ".join(EVENT_KINDS) + "."
OUTCOME_HELP = " ".join(f"{kind}: {', '.join(values)}." for kind, values in OUTCOMES.items())


# The options of an event, shared by `cada log` and `cada inbox classify` (issue 12, point 3):
# one definition, and one builder of the NewEvent (event_data) that both call; the checks are
# those of services.requests.record_event.
OUTCOME_OPTION = typer.Option(None, "--outcome", help=OUTCOME_HELP)
NOTE_OPTION = typer.Option(None, "--note", help="Free text.")
COMPLETE_OPTION = typer.Option(
    None, "--complete/--incomplete", help="acknowledged: it states the implicit-decision "
    "date and the remedies including the CADA (CRPA R112-5, L112-6)."
)
MENTIONS_REMEDIES_OPTION = typer.Option(
    None, "--mentions-remedies/--no-mentions-remedies",
    help="reply: the decision stated the remedies and time limits (CRPA L311-14, CJA R421-5).",
)
FORCE_OPTION = typer.Option(
    False, "--force", help="Record an event the state machine refuses (history typed in late)."
)
NOTIFIED_ON_OPTION = typer.Option(
    None, "--notified-on", metavar="YYYY-MM-DD", help="legal-aid-decided: the day the "
    "decision was notified to you (décret 2020-1717 art. 69: 15 days to contest it)."
)
LAWYER_DESIGNATED_ON_OPTION = typer.Option(
    None, "--lawyer-designated-on", metavar="YYYY-MM-DD", help="legal-aid-decided: the day "
    "a lawyer was designated (décret 2020-1717 art. 43 4°)."
)
# issue 9, 7a: item by item (docs/commands.md, "Item by item")
ITEMS_OPTION = typer.Option(
    None, "--items", metavar="N,N", help="reply --outcome partial: the documents received "
    "(numbers as `cada show` lists them, e.g. 1,3); cada-opinion --outcome "
    "partly-favorable: the documents the CADA found communicable."
)
REFUSED_ITEMS_OPTION = typer.Option(
    None, "--refused-items", metavar="N,N", help="reply: the documents refused (repeat "
    "with --grounds for documents refused on different grounds)."
)
GROUNDS_OPTION = typer.Option(
    None, "--grounds", metavar="TEXT", help="reply: the ground the authority invoked for "
    "the --refused-items given just before (the i-th --grounds goes with the i-th "
    "--refused-items)."
)
NOT_HELD_ITEMS_OPTION = typer.Option(
    None, "--not-held-items", metavar="N,N", help="reply: the documents the authority "
    "says it does not hold."
)
# issue 11 point 8 (docs/commands.md, "Transfer to the competent authority")
TO_OPTION = typer.Option(
    None, "--to", metavar="SLUG", help="reply --outcome transferred: the competent "
    "authority the request was transferred to; creates the linked request to it "
    "(CRPA L114-2)."
)


def event_data(
    event: str, when: date, *, outcome: str | None, note: str | None,
    complete: bool | None, mentions_remedies: bool | None, force: bool,
    notified_on: str | None, lawyer_designated_on: str | None, items: list[str] | None,
    refused_items: list[str] | None, grounds: list[str] | None,
    not_held_items: list[str] | None, channel: str | None = None,
    letter_file: str | None = None,
) -> NewEvent:
    """The event the shared options describe (dates parsed here; everything else is checked
    by services.requests.record_event)."""
    from cada_tracker.services.items import ItemOptions
    from cada_tracker.services.requests import NewEvent

    data = NewEvent(
        event, when, outcome, note, complete, mentions_remedies, force, channel,
        letter_file=letter_file,
    )
    if notified_on is not None:
        data.notified_on = parse_date(notified_on, what="--notified-on")
    if lawyer_designated_on is not None:
        data.lawyer_designated_on = parse_date(lawyer_designated_on, what="--lawyer-designated-on")
    data.items = ItemOptions(list(items or []), list(refused_items or []),
                             list(grounds or []), list(not_held_items or []))
    return data


@app.command()
def log(
    reference: str = typer.Argument(None, metavar="REF", help="Request reference (not with "
                                    "--campaign)."),
    event: str = typer.Argument(None, metavar="EVENT", help=EVENT_HELP),
    on: str = typer.Option(None, "--on", metavar="YYYY-MM-DD", help="Date (default: today)."),
    outcome: str = OUTCOME_OPTION,
    note: str = NOTE_OPTION,
    complete: bool = COMPLETE_OPTION,
    mentions_remedies: bool = MENTIONS_REMEDIES_OPTION,
    force: bool = FORCE_OPTION,
    channel: str = typer.Option(
        None, "--channel", help="cada-sent: how the referral went to the CADA ("
        + ", ".join(CHANNELS) + "; default email, the CADA's usual route). It dates the "
        "estimated registration when cada-registered is not recorded."
    ),
    notified_on: str = NOTIFIED_ON_OPTION,
    lawyer_designated_on: str = LAWYER_DESIGNATED_ON_OPTION,
    letter_file: str = typer.Option(
        None, "--letter", metavar="FILE", help="The letter the event sent, as UTF-8 text "
        "(sent, reminder-sent, cada-sent, cada-informed, reasons-requested, court-filed): frozen "
        "verbatim instead of the letter cada renders."
    ),
    items: list[str] = ITEMS_OPTION,
    refused_items: list[str] = REFUSED_ITEMS_OPTION,
    grounds: list[str] = GROUNDS_OPTION,
    not_held_items: list[str] = NOT_HELD_ITEMS_OPTION,
    # issue 11, point 5: a series referral (CRPA R343-3-1), cli/series.py
    campaign: str = typer.Option(
        None, "--campaign", metavar="SLUG", help="cada-sent: one referral for the requests of "
        "the campaign where a referral is admissible (five at least, CRPA R343-3-1), recorded "
        "on each; cada-registered: its one registration date on every request it names. Then "
        "`cada log --campaign SLUG EVENT`, without REF."
    ),
    only: list[str] = typer.Option(
        None, "--only", metavar="REF,REF", help="--campaign SLUG cada-sent: exactly these "
        "requests of the campaign (each must be admissible, or nothing is recorded)."
    ),
    to: str = TO_OPTION,
    json_: bool = JSON_OPTION,
) -> None:
    """Record an event of a request (exit 4 if it makes no sense; see --force)."""
    from cada_tracker.services import requests
    from cada_tracker.services.derived import request_json

    if campaign is not None or only:
        log_campaign(campaign, reference, event, on, only, note, channel, json_, other={
            "--outcome": outcome, "--complete": complete, "--mentions-remedies":
            mentions_remedies, "--force": force or None, "--notified-on": notified_on,
            "--lawyer-designated-on": lawyer_designated_on, "--letter": letter_file,
            "--items": items, "--refused-items": refused_items, "--grounds": grounds,
            "--not-held-items": not_held_items, "--to": to})
        return
    if reference is None or event is None:
        raise UsageError(MS.LOG_NEEDS_REF_EVENT.format(name="REF" if reference is None
                                                       else "EVENT"))
    ctx = context()
    when = parse_date(on, what="--on") if on is not None else ctx.today
    data = event_data(
        event, when, outcome=outcome, note=note, complete=complete,
        mentions_remedies=mentions_remedies, force=force, notified_on=notified_on,
        lawyer_designated_on=lawyer_designated_on, items=items, refused_items=refused_items,
        grounds=grounds, not_held_items=not_held_items, channel=channel,
        letter_file=letter_file,
    )
    created = None
    if to is not None:  # issue 11 point 8
        from cada_tracker.services.transfers import transfer

        derived, created = transfer(ctx, reference, data, to)
        row = next(e for e in reversed(derived.view.events) if e.outcome == "transferred")
    else:
        derived, row = requests.log_event(ctx, reference, data)
    for line in data.letter_notes:
        echo_err(line)
    view = derived.view
    if json_:
        emit_json(request_json(derived, ctx.today))
    else:
        echo(
            M.EVENT_RECORDED.format(
                reference=view.reference,
                kind=M.EVENT_NAMES.get(row.kind, row.kind),
                outcome=f" ({M.OUTCOME_NAMES.get(row.outcome, row.outcome)})"
                if row.outcome else "",
                date=row.date.isoformat(),
                state=M.STATE_NAMES.get(derived.state, derived.state),
            )
            + (M.EVENT_FORCED if row.forced else "")
        )
        if created is not None:
            echo(M.TRANSFER_CREATED.format(
                reference=created.view.reference, authority=created.view.authority_name,
                date=row.date.isoformat()))  # fmt: skip


@app.command()
def show(
    reference: str = typer.Argument(..., metavar="REF", help="Request reference."),
    json_: bool = JSON_OPTION,
) -> None:
    """Everything about one request: timeline, deadlines and their basis, letters, documents."""
    from cada_tracker.render.text import show_lines
    from cada_tracker.services.show import show_data

    ctx = context()
    data = show_data(ctx, reference)
    if json_:
        emit_json(data)
    else:
        for line in show_lines(data, ctx.today):
            echo(line)


@app.command()
def status(
    all_: bool = typer.Option(False, "--all", help="Include finished requests."),
    overdue: bool = typer.Option(False, "--overdue", help="Only requests whose action is late."),
    due_within: int = typer.Option(
        None, "--due-within", metavar="DAYS", help="Only actions due within DAYS days."
    ),
    authority: str = typer.Option(None, "--authority", metavar="SLUG", help="One authority."),
    campaign: str = typer.Option(None, "--campaign", metavar="SLUG", help="The requests of "
                                 "one campaign (`cada campaign list`)."),
    wide: bool = typer.Option(
        False, "--wide", help="One whole line per request, whatever the terminal's width "
        "(as when the output is not a terminal)."
    ),
    json_: bool = JSON_OPTION,
) -> None:
    """Open requests, most urgent first: yours, then those waiting on others; state, next
    action, act-by date, last day, days left."""
    # the same function as the command line cli.fast runs without Typer (issue 13)
    show_status(context(), show_all=all_, overdue=overdue, due_within=due_within,
                authority=authority, campaign=campaign, wide=wide, json_=json_)
