"""The root Typer app and what every command shares: settings, today, output helpers.

Only typer and the stdlib are imported here (this module is on the --help path).
"""

from __future__ import annotations

import sys
from datetime import date

import typer

# typer (pinned below 0.29) vendors click; its context is where the command's Context lives.
from typer._click.globals import get_current_context

from cada_tracker import __version__, clock
from cada_tracker.context import Context
from cada_tracker.dates import parse_date
from cada_tracker.display import emit_json  # noqa: F401 - the commands import it from here
from cada_tracker.paths import Settings, resolve_settings


class PlainUsage(typer.core.TyperCommand):
    """Usage line with plain metavars ("REF [KIND]", not Typer's "{REF} [KIND]"); a subclass
    may list other forms of the same command."""

    other_forms: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        for param in self.params:  # "--note TEXT", not Typer's "--note <str>"
            is_text = getattr(param.type, "name", "") in ("text", "string", "str")
            if is_text and param.metavar is None and not getattr(param, "is_flag", False):
                param.metavar = "TEXT"

    def collect_usage_pieces(self, ctx):  # noqa: ANN001, ANN201 - click hook
        pieces = super().collect_usage_pieces(ctx)
        return [p[1:-1] if p.startswith("{") and p.endswith("}") else p for p in pieces]

    def format_usage(self, ctx, formatter) -> None:  # noqa: ANN001 - click hook
        super().format_usage(ctx, formatter)
        for form in self.other_forms:
            formatter.write_usage(ctx.command_path, form, prefix="   or: ")


class PlainTyper(typer.Typer):
    """A Typer whose commands all use PlainUsage (unless they name another class)."""

    def command(self, *args, cls=None, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN201
        return super().command(*args, cls=cls or PlainUsage, **kwargs)


app = PlainTyper(
    name="cada",
    help="Track French freedom-of-information requests (demandes CADA), from the first letter "
    "to the documents obtained. Every date it gives comes with its rule and article.",
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

def context() -> Context:
    """The context of the running command (built by the root callback; click keeps it)."""
    click_ctx = get_current_context(silent=True)
    obj = click_ctx.find_root().obj if click_ctx is not None else None
    if isinstance(obj, Context):
        return obj
    # no root callback ran (a subcommand app invoked on its own): the environment decides
    return Context(settings=resolve_settings(), today=clock.today())


def explicit_home() -> str | None:
    """The global --home given on the command line (not CADA_HOME), if any."""
    return context().explicit_home


def settings() -> Settings:
    return context().settings


def today() -> date:
    return context().today


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"cada {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    home: str = typer.Option(
        None, "--home", metavar="DIR", help="Folder holding the database, documents, templates "
        "[env: CADA_HOME; default: the user data folder]."
    ),
    db: str = typer.Option(
        None, "--db", metavar="URL", help="Database URL [env: CADA_DATABASE_URL; default: "
        "SQLite file cada.db in the home]."
    ),
    store: str = typer.Option(
        None, "--store", metavar="DIR", help="Folder of the document store, shared by "
        "several people or homes (it must exist) [env: CADA_STORE; default: documents in the "
        "home]."
    ),
    today_: str = typer.Option(
        None, "--today", metavar="YYYY-MM-DD", help="The date every computation treats as "
        "today [env: CADA_TODAY]."
    ),
    lang: str = typer.Option(
        None, "--lang", metavar="fr|en", help="Interface language; may be given anywhere on "
        "the command line [env: CADA_LANG, else LC_ALL, LC_MESSAGES, LANG: French when it "
        "starts with 'fr'; default: English]."
    ),
    user: str = typer.Option(
        None, "--as", metavar="NAME", help="Who is recording: the name stored on the events, "
        "documents, findings and letters this command makes [env: CADA_USER; default: the "
        "system user name]."
    ),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks [env: CADA_DEBUG=1]."),
    version: bool = typer.Option(
        False, "--version", callback=_version_callback, is_eager=True,
        help="Print the version and exit.",
    ),
) -> None:
    """cada: French FOI requests, deadlines, letters and documents, in one SQLite file."""
    del lang  # taken out of the command line and applied by cli.main, before parsing
    settings_ = resolve_settings(home, db, debug, user, store=store)
    if today_ is not None:
        day = parse_date(today_, what="--today")
    else:
        day = clock.today()
    get_current_context().obj = Context(settings=settings_, today=day, explicit_home=home)


def echo_bytes(payload: bytes) -> None:
    """Print bytes as they are (a file's content: CSV, iCalendar) on stdout."""
    out = getattr(sys.stdout, "buffer", None)
    if out is not None:
        out.write(payload)
    else:  # a text-only stdout (the tests' StringIO)
        sys.stdout.write(payload.decode("utf-8"))
    sys.stdout.flush()


def echo(text: str = "") -> None:
    typer.echo(text)


def echo_err(text: str) -> None:
    typer.echo(text, err=True)


JSON_OPTION = typer.Option(False, "--json", help="Print one JSON document (see docs/json.md).")
