"""`cada campaign new/add/list/show/send`: one request to many authorities (issue 11).

On the start-up path of every command: only typer, the CLI helpers, the errors and the messages
at module level; the service is imported when a command runs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from cada_tracker.cli.app import (
    JSON_OPTION,
    PlainTyper,
    app,
    context,
    echo,
    echo_bytes,
    echo_err,
    emit_json,
)
from cada_tracker.dates import parse_date
from cada_tracker.display import shown
from cada_tracker.messages import campaigns as MC
from cada_tracker.messages import mail_send as MM
from cada_tracker.messages import report as MR

campaign_app = PlainTyper(
    help="One request sent to many authorities: create the drafts, send them, compare the "
    "answers item by item.",
    rich_markup_mode=None,
    no_args_is_help=True,
)
app.add_typer(campaign_app, name="campaign")

_SLUG = typer.Argument(..., metavar="SLUG", help="The campaign's short id, e.g. "
                       "videoprotection-herault (lowercase letters, digits, hyphens).")
_AUTHORITY = typer.Option(None, "--authority", "-a", metavar="SLUG",
                          help="An authority to send the request to (repeat for each).")
_AUTHORITIES = typer.Option(
    None, "--authorities", metavar="FILE.csv", help="A CSV file with a 'slug' column (or a "
    "'name' column: the authorities' exact names), one authority a row; other columns ignored.")
_TAG = typer.Option(None, "--tag", metavar="TAG", help="Every authority tagged TAG "
                    "(`cada authority tag`).")


def _sources(authority: list[str] | None, authorities: str | None, tag: str | None):  # noqa: ANN202
    from cada_tracker.services.campaigns import Authorities

    return Authorities(list(authority or []), authorities, tag)


def _print_created(created, added: bool) -> None:  # noqa: ANN001
    refs = [ref for ref, _, _ in created.requests]
    message = MC.CAMPAIGN_ADDED if added else MC.CAMPAIGN_CREATED
    for ref, _, name in created.requests:
        echo(f"{ref}  {shown(name)}")
    echo_err(message.format(len(refs), slug=created.campaign.slug, first=refs[0],
                            last=refs[-1]))


@campaign_app.command("new")
def campaign_new(
    slug: str = _SLUG,
    title: str = typer.Option(None, "--title", "-t", help="The campaign's title (default: "
                              "the subject)."),
    subject: str = typer.Option(..., "--subject", "-s", help="What you ask for, in one line "
                                "(the subject of every request)."),
    document: list[str] = typer.Option(None, "--document", "-d", help="One document "
                                       "requested (repeat for each)."),
    authority: list[str] = _AUTHORITY,
    authorities: str = _AUTHORITIES,
    tag: str = _TAG,
    template: str = typer.Option(
        None, "--template", metavar="FILE", help="Your own Jinja2 template for the demande "
        "of this campaign (stored with it; the names of docs/letters.md)."),
    ref_prefix: str = typer.Option(None, "--ref-prefix", metavar="PREFIX", help="References "
                                   "PREFIX-001, PREFIX-002... (default: the slug)."),
    json_: bool = JSON_OPTION,
) -> None:
    """Create a campaign: one draft request, with its letter, per authority; all or nothing."""
    from cada_tracker.services import campaigns as service

    created = service.create_campaign(context(), service.NewCampaign(
        slug, subject, list(document or []), _sources(authority, authorities, tag),
        title=title, template_file=template, ref_prefix=ref_prefix))
    if json_:
        emit_json(service.created_json(created))
    else:
        _print_created(created, added=False)


@campaign_app.command("add")
def campaign_add(
    slug: str = _SLUG,
    authority: list[str] = _AUTHORITY,
    authorities: str = _AUTHORITIES,
    tag: str = _TAG,
    json_: bool = JSON_OPTION,
) -> None:
    """Add draft requests to a campaign, numbered after its last one; all or nothing."""
    from cada_tracker.services import campaigns as service

    created = service.add_to_campaign(context(), slug, _sources(authority, authorities, tag))
    if json_:
        emit_json(service.created_json(created))
    else:
        _print_created(created, added=True)


@campaign_app.command("list")
def campaign_list(json_: bool = JSON_OPTION) -> None:
    """Every campaign with its number of requests and their states."""
    from cada_tracker.services import campaigns as service

    data = service.list_campaigns(context())
    if json_:
        emit_json(data)
        return
    if not data["campaigns"]:
        echo(MC.CAMPAIGN_LIST_EMPTY)
        return
    echo(MC.CAMPAIGN_LIST_HEADER.format(slug=MC.CAMPAIGN_LIST_SLUG,
                                        requests=MC.CAMPAIGN_LIST_REQUESTS,
                                        title=MC.CAMPAIGN_LIST_TITLE))
    for c in data["campaigns"]:
        states = ", ".join(f"{n} {state}" for state, n in c["states"].items())
        echo(MC.CAMPAIGN_LIST_HEADER.format(
            slug=c["slug"], requests=c["requests"],
            title=shown(c["title"]) + (f" ({states})" if states else "")))


@campaign_app.command("show")
def campaign_show(slug: str = _SLUG, json_: bool = JSON_OPTION) -> None:
    """A campaign's requests (state, next action, each document requested with its outcome),
    and the outcomes of each document compared across the requests."""
    from cada_tracker.render.campaigns import campaign_lines
    from cada_tracker.services import campaigns as service

    data = service.show_campaign(context(), slug)
    if json_:
        emit_json(data)
        return
    for line in campaign_lines(data):
        echo(line)


@campaign_app.command("send")
def campaign_send(
    slug: str = _SLUG,
    on: str = typer.Option(None, "--on", metavar="YYYY-MM-DD", help="The day they were sent "
                           "(default: today)."),
    mail: bool = typer.Option(False, "--mail", help="Send each draft by e-mail from your own "
                              "mailbox (as `cada send REF`), one message per authority, and "
                              "record `sent` for each message the server accepted."),
    json_: bool = JSON_OPTION,
) -> None:
    """Record `sent` for every draft of the campaign, freezing each letter (as `cada log REF
    sent`); one transaction."""
    from cada_tracker.services import campaigns as service

    ctx = context()
    if mail:
        _campaign_send_mail(slug, parse_date(on, what="--on") if on is not None else None,
                            json_)
        return
    when = parse_date(on, what="--on") if on is not None else ctx.today
    sent = service.send_campaign(ctx, slug, when)
    for note in sent.notes:
        echo_err(note)
    if json_:
        emit_json(sent.to_json())
        return
    echo(MC.CAMPAIGN_SENT.format(len(sent.sent), slug=slug, date=when.isoformat(),
                                 refs=", ".join(sent.sent)))
    if sent.skipped:
        echo(MC.CAMPAIGN_SKIPPED.format(
            refs=", ".join(f"{ref} ({state})" for ref, state in sent.skipped)))


@campaign_app.command("report")
def campaign_report(
    slug: str = _SLUG,
    fmt: str = typer.Option("table", "--format", "-f", metavar="FORMAT", help="table (the "
                            "default), json, csv, md (Markdown) or html (one self-contained "
                            "file with SVG charts)."),
    output: str = typer.Option(None, "-o", "--output", metavar="FILE",
                               help="Write here, atomically (default: stdout)."),
    force: bool = typer.Option(False, "--force", help="Overwrite FILE if it exists."),
    anonymise: bool = typer.Option(False, "--anonymise", help="Leave out the requester's "
                                   "name, address and e-mail."),
) -> None:
    """The comparison matrix: authorities × state, days to first reply, items received /
    refused with grounds / pending, documents, findings, next action and by when; most urgent
    first."""
    from cada_tracker.services import report as service

    ctx = context()
    payload = service.report_bytes(ctx, slug, fmt, anonymise=anonymise)
    if output is None:
        echo_bytes(payload)
        return
    from cada_tracker.fsutil import write_atomic

    write_atomic(Path(output), payload, force=force, settings=ctx.settings)
    echo(MR.REPORT_WRITTEN.format(slug=slug, format=fmt, path=output))


def _campaign_send_mail(slug: str, on: date | None, json_: bool) -> None:
    """`cada campaign send SLUG --mail` (issue 12): which went and which did not, then exit 6
    (or 4) when one did not."""
    from cada_tracker.services.mail import send as mail_service

    result = mail_service.send_campaign(context(), slug, on=on)
    if json_:
        emit_json(result.to_json())
    else:
        if result.sent:
            echo(MM.CAMPAIGN_MAIL_SENT.format(len(result.sent), slug=slug, refs=", ".join(
                f"{s.reference} ({s.to_addr})" for s in result.sent)))
        for reference, error in result.failed:
            echo(MM.CAMPAIGN_MAIL_FAILED.format(reference=reference, error=error))
        if result.not_tried:
            echo(MM.CAMPAIGN_MAIL_NOT_TRIED.format(len(result.not_tried),
                                                   refs=", ".join(result.not_tried)))
        if result.skipped:
            echo(MC.CAMPAIGN_SKIPPED.format(
                refs=", ".join(f"{ref} ({state})" for ref, state in result.skipped)))
    if result.exit_code:
        echo_err("cada: " + MM.CAMPAIGN_MAIL_SUMMARY.format(
            slug=slug, sent=len(result.sent),
            unsent=len(result.failed) + len(result.not_tried)))
        raise typer.Exit(result.exit_code)
