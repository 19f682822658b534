"""`cada status`, `cada attach` and `cada calendar` without Typer (issue 13): the command
people run most, and in scripts, the one whose time is measured against `pdftotext`, and the
one a calendar subscription or a cron job runs.

Loading Typer, click and the command tree costs more than reading 10,000 stored rows
(docs/performance.md). `cli.main` first offers the command line to `run`: when it is exactly a
`status`, `attach` or `calendar` command line this module understands (the global options
`--home`, `--db`, `--today`, `--debug`, then the command and its own options, each at most as
click accepts it), it runs the command here, through the same function as the Typer command
(`show_status`, `attach_files`, `write_calendar`), with the same Context. Anything else
(`--help`, an unknown option, a value click would refuse, a missing argument, `--`) returns
False, and Typer parses the command line as always, with its own help and errors.
tests/cli/test_status_fast_path.py, tests/cli/test_attach_fast_path.py and
tests/cli/test_calendar_fast_path.py run both on the same command lines.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from cada_tracker import clock
from cada_tracker import messages as M
from cada_tracker.cli.document_lines import progress_bar, tree
from cada_tracker.context import Context
from cada_tracker.dates import parse_date
from cada_tracker.display import emit_json, shown, table_width
from cada_tracker.errors import UsageError
from cada_tracker.paths import resolve_settings

if TYPE_CHECKING:
    from cada_tracker.extract.pdf import EarlyText
    from cada_tracker.services.documents.ingest import ProgressFactory

_GLOBAL_VALUES = ("--home", "--db", "--today")
_STATUS_FLAGS = ("--all", "--overdue", "--wide", "--json")
_STATUS_VALUES = ("--due-within", "--authority", "--campaign")
_ATTACH_FLAGS = ("--no-unpack", "--force", "--json")
_ATTACH_VALUES = ("--received-on", "--event")
_CALENDAR_FLAGS = ("--all", "--mine", "--force")


def _split(args: list[str], i: int, names: tuple[str, ...]) -> tuple[str, str, int] | None:
    """(name, value, next index) when args[i] is one of `names` with its value, as click
    reads it (`--opt VALUE` or `--opt=VALUE`), else None."""
    arg = args[i]
    name, eq, value = arg.partition("=")
    if name not in names:
        return None
    if eq:
        return name, value, i + 1
    if i + 1 >= len(args):
        return None
    return name, args[i + 1], i + 2


def _command(args: list[str], name: str) -> tuple[dict[str, object], int] | None:
    """The global options before the command `name`, and the index after it; None when the
    command line is not `name` with such options."""
    values: dict[str, object] = {"debug": False}
    i = 0
    while i < len(args) and args[i] != name:
        if args[i] == "--debug":
            values["debug"] = True
            i += 1
            continue
        found = _split(args, i, _GLOBAL_VALUES)
        if found is None:
            return None
        values[found[0]] = found[1]
        i = found[2]
    if i >= len(args):
        return None
    return values, i + 1


def _options(args: list[str], i: int, flags: tuple[str, ...],
             valued: Callable[[list[str], int], tuple[str, object, int] | None],
             values: dict[str, object]) -> dict[str, object] | None:
    """`values` with the options args[i:] (a command without arguments): each one of `flags`,
    or one `valued` reads as (name, value, next index); None at anything else."""
    while i < len(args):
        if args[i] in flags:
            values[args[i]] = True
            i += 1
            continue
        found = valued(args, i)
        if found is None:
            return None
        name, value, i = found
        values[name] = value
    return values


def _status_value(args: list[str], i: int) -> tuple[str, object, int] | None:
    found = _split(args, i, _STATUS_VALUES)
    if found is None or found[0] != "--due-within":
        return found
    name, value, after = found
    # click's INT: an optional sign and digits, surrounding blanks allowed
    try:
        return name, int(value.strip().replace("_", "x")), after
    except ValueError:
        return None


def parse(args: list[str]) -> dict[str, object] | None:
    """The options of a plain `status` command line, or None (Typer takes it)."""
    command = _command(args, "status")
    if command is None:
        return None
    values, i = command
    return _options(args, i, _STATUS_FLAGS, _status_value, values)


def parse_attach(args: list[str]) -> dict[str, object] | None:
    """The arguments and options of a plain `attach` command line, or None (Typer takes it).
    Options may come between the arguments, as click reads them; an option's value that
    starts with '-' is left to click."""
    command = _command(args, "attach")
    if command is None:
        return None
    values, i = command
    words: list[str] = []
    while i < len(args):
        arg = args[i]
        if not arg.startswith("-"):
            words.append(arg)
            i += 1
            continue
        if arg in _ATTACH_FLAGS:
            values[arg] = True
            i += 1
            continue
        found = _split(args, i, _ATTACH_VALUES)
        if found is None or found[1].startswith("-"):
            return None
        name, value, i = found
        values[name] = value
    if len(words) < 2:  # REF and one FILE at least: click's error otherwise
        return None
    values["ref"], values["files"] = words[0], words[1:]
    return values


def _context(values: dict[str, object]) -> Context:
    """The Context the root callback of the Typer app builds from the global options."""
    home = values.get("--home")
    today_text = values.get("--today")
    settings = resolve_settings(home, values.get("--db"), bool(values["debug"]))  # type: ignore[arg-type]
    day = (parse_date(str(today_text), what="--today") if today_text is not None
           else clock.today())
    return Context(settings=settings, today=day, explicit_home=home)  # type: ignore[arg-type]


def _calendar_output(args: list[str], i: int) -> tuple[str, object, int] | None:
    found = _split(args, i, ("--output",)) if args[i].startswith("--") else (
        (args[i], args[i + 1], i + 2) if args[i] == "-o" and i + 1 < len(args) else None)
    if found is None or not found[1] or found[1].startswith("-"):
        return None
    return "--output", found[1], found[2]


def parse_calendar(args: list[str]) -> dict[str, object] | None:
    """The options of a plain `calendar` command line, or None (Typer takes it). The output
    file is `-o FILE`, `--output FILE` or `--output=FILE`; a value that is empty or starts
    with '-', and `-oFILE`, are left to click."""
    command = _command(args, "calendar")
    if command is None:
        return None
    values, i = command
    return _options(args, i, _CALENDAR_FLAGS, _calendar_output, values)


def run(args: list[str]) -> bool:
    """Run `status`, `attach` or `calendar` when `args` is a command line `parse`,
    `parse_attach` or `parse_calendar` understands; False otherwise."""
    values = parse(args)
    if values is None:
        if _run_attach(args):
            return True
        calendar = parse_calendar(args)
        if calendar is None:
            return False
        output = calendar.get("--output")
        write_calendar(_context(calendar), output=None if output is None else Path(str(output)),
                       force=bool(calendar.get("--force")), every=bool(calendar.get("--all")),
                       mine=bool(calendar.get("--mine")))
        return True
    ctx = _context(values)
    show_status(
        ctx, show_all=bool(values.get("--all")), overdue=bool(values.get("--overdue")),
        due_within=values.get("--due-within"),  # type: ignore[arg-type]
        authority=values.get("--authority"), campaign=values.get("--campaign"),  # type: ignore[arg-type]
        wide=bool(values.get("--wide")), json_=bool(values.get("--json")),
    )
    return True


def _run_attach(args: list[str]) -> bool:
    values = parse_attach(args)
    if values is None:
        return False
    files: list[str] = values["files"]  # type: ignore[assignment]
    # first of all: the text of a PDF is read by other processes meanwhile
    from cada_tracker.extract.pdf import EarlyText

    early = EarlyText.start(list(files))
    try:
        ctx = _context(values)
        attach_files(
            ctx, str(values["ref"]), files, received_on=values.get("--received-on"),  # type: ignore[arg-type]
            event=values.get("--event"), no_unpack=bool(values.get("--no-unpack")),  # type: ignore[arg-type]
            force=bool(values.get("--force")), json_=bool(values.get("--json")),
            progress=progress_bar, early=early)
    finally:
        if early is not None:
            early.close()
    return True


def attach_files(ctx: Context, ref: str, files: list[str], *, received_on: str | None,
                 event: str | None, no_unpack: bool, force: bool, json_: bool,
                 progress: ProgressFactory, early: EarlyText | None) -> None:
    """`cada attach`: the files stored, their text extracted and indexed, one line each (or
    one JSON document). `early`: the text of a PDF of `files` being read meanwhile."""
    from cada_tracker.services.documents.ingest import attach_to_request

    # an empty value is a mistake (an unset shell variable), never "use the default"
    received = parse_date(received_on, what="--received-on") if received_on is not None \
        else None
    reference, docs = attach_to_request(
        ctx, ref, list(files), received_on=received, event=event, unpack=not no_unpack,
        progress=progress, force=force, early=early)
    out = sys.stdout
    if json_:
        emit_json({"request": reference, "documents": docs})
        return
    for line in tree(docs):
        out.write(line + "\n")


def show_status(ctx: Context, *, show_all: bool, overdue: bool, due_within: int | None,
                authority: str | None, campaign: str | None, wide: bool, json_: bool) -> None:
    """`cada status`: from the stored timelines on SQLite (written in pieces: no list of
    100,000 dicts, no echo per line), else from the engine on every request."""
    if due_within is not None and due_within < 0:
        raise UsageError(M.DAYS_NEGATIVE.format(option="--due-within"))
    filtered = overdue or due_within is not None or authority is not None or campaign is not None
    out = sys.stdout
    from cada_tracker.services import stored_status

    if stored_status.usable(ctx):
        selection = stored_status.Selection(
            show_all=show_all, overdue=overdue, due_within=due_within, authority=authority,
            campaign=campaign)
        if json_:
            pieces = stored_status.json_document(
                stored_status.iter_rows(ctx, selection, stored_status.JSON), ctx.today)
            stored_status.write_bytes(pieces)
            return
        with stored_status.many_rows():
            found = stored_status.rows(ctx, selection)
            lines = stored_status.table(found, ctx.today, stored_status.authority_names(ctx),
                                        filtered=filtered, width=table_width(wide))
            out.write("\n".join(lines) + "\n")
        return

    from cada_tracker.render.text import status_lines
    from cada_tracker.services.status import status_data

    data = status_data(ctx, show_all=show_all, overdue=overdue, due_within=due_within,
                       authority=authority, full=json_, campaign=campaign)
    if json_:
        emit_json(data)
        return
    lines = status_lines(data, ctx.today, filtered=filtered, width=table_width(wide))
    out.write("\n".join(lines) + "\n")


def write_calendar(ctx: Context, *, output: Path | None, force: bool, every: bool,
                   mine: bool) -> None:
    """`cada calendar`: the .ics of the deadlines on stdout, or written to `output` (refused
    before anything is derived or stored when it exists without `force`)."""
    from datetime import UTC, datetime

    from cada_tracker.fsutil import check_target, write_atomic
    from cada_tracker.services import stored_status

    if output is not None:
        check_target(output, force=force, settings=ctx.settings)
    # DTSTAMP = now: calendar clients take the newest copy of a UID as the update
    now = datetime.now(UTC)
    # issue 13: the events stored with the timelines (SQLite), else every request derived
    made = stored_status.calendar(ctx, every=every, mine=mine, dtstamp=now) if (
        stored_status.usable(ctx)) else None
    if made is None:
        from cada_tracker.render.ics import build_calendar
        from cada_tracker.services.calendar import calendar_entries

        entries = calendar_entries(ctx, every=every, mine=mine)
        made = build_calendar(entries, dtstamp=now), len(entries)
    payload, count = made
    if output is None:
        stored_status.write_bytes([payload])
        return
    write_atomic(output, payload, force=force, settings=ctx.settings)
    sys.stdout.write(M.CALENDAR_WRITTEN.format(n=count, path=shown(output)) + "\n")
