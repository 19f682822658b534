"""`cada completion SHELL`, and the answers to the shell when it completes a command line.

Typer's protocol: the script printed by `cada completion bash|zsh|fish` runs `cada` again with
`_CADA_COMPLETE=complete_bash` (`complete_zsh`, `complete_fish`) and the words typed so far in
the environment; `cada_tracker.cli.main` then calls `complete()` instead of running a command.

Which parameter completes what is decided here, from the command tree, by one rule per kind of
value (`completer_for`): every `REF` (argument or option) completes the references of the
database, `--authority` and the SLUG of the `authority` commands the authority slugs, and so
on. A command module declares nothing; a new `REF` parameter completes without an edit here
(tests/cli/test_completion.py walks the tree).

Only typer, the stdlib and the leaf modules are imported at module level (this module is on the
`--help` path); the database is read by `services.completion`, imported when a value of the
database is completed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, NoReturn

import typer

from cada_tracker import clock
from cada_tracker import messages as M
from cada_tracker.cli.app import app
from cada_tracker.context import Context
from cada_tracker.domain import CHANNELS, EVENT_KINDS, OUTCOMES
from cada_tracker.errors import UsageError
from cada_tracker.i18n import LANGUAGES
from cada_tracker.paths import resolve_settings

if TYPE_CHECKING:
    from typer._click import Context as ClickContext
    from typer._click import Parameter
    from typer._click.shell_completion import CompletionItem

PROG_NAME = "cada"
COMPLETE_VAR = "_CADA_COMPLETE"
SHELLS = ("bash", "zsh", "fish")
# the values of COMPLETE_VAR the scripts set (Typer also prints its script for source_SHELL)
INSTRUCTIONS = tuple(f"{action}_{shell}" for action in ("complete", "source") for shell in SHELLS)
ZSH_AUTOLOAD_TAIL = """

if [ "$funcstack[1]" = "_cada" ]; then
  _cada_completion "$@"
fi"""

Items = list["CompletionItem"]
Completer = Callable[["ClickContext", "Parameter", str], Items]


@app.command(
    "completion",
    help="Print the shell completion script for SHELL (bash, zsh or fish). Load it from your "
    "shell's start-up file: see docs/commands.md (Shell completion) for each shell.",
)
def completion_cmd(
    shell: str = typer.Argument(..., metavar="SHELL", help="bash, zsh or fish."),
) -> None:
    if shell not in SHELLS:
        raise UsageError(M.COMPLETION_UNKNOWN_SHELL.format(shell=shell, shells=", ".join(SHELLS)))
    from typer._completion_shared import get_completion_script

    script = get_completion_script(prog_name=PROG_NAME, complete_var=COMPLETE_VAR, shell=shell)
    if shell == "zsh":
        # installed as the file _cada of $fpath, the script is the body of the function _cada,
        # which zsh runs at the first Tab: complete then too, not only from the second Tab on
        script += ZSH_AUTOLOAD_TAIL
    sys.stdout.write(script + "\n")


def complete(root: typer.Typer) -> NoReturn:
    """Answer the shell (Typer's protocol) and exit. Whatever goes wrong, the shell gets no
    candidates and no message: a traceback under the prompt would be worse than nothing."""
    import typer.main
    from typer._completion_classes import completion_init

    try:
        completion_init()  # Typer's bash/zsh/fish formats (the app has add_completion=False)
        command = typer.main.get_command(root)
        for param in command.params:
            if param.name == "version":  # `cada --version <TAB>` must not print the version
                param.callback = None
        attach_completers(command)
        command.main(args=[], prog_name=PROG_NAME, complete_var=COMPLETE_VAR)
    except SystemExit:
        raise
    except BaseException:  # noqa: BLE001 - nothing may reach the shell's screen
        sys.exit(1)
    sys.exit(0)  # not reached: Typer exits once it has answered


def attach_completers(command: Any, path: tuple[str, ...] = ()) -> None:
    """Give every parameter of the tree that has candidates its completer."""
    for param in getattr(command, "params", []):
        completer = completer_for(path, param)
        if completer is not None:
            param._custom_shell_complete = completer
    for name, sub in (getattr(command, "commands", None) or {}).items():
        attach_completers(sub, (*path, name))


def completer_for(path: tuple[str, ...], param: Any) -> Completer | None:
    """The completer of a parameter of the command `cada PATH`, or None (the shell's own
    completion, files, applies)."""
    metavar = (param.metavar or "").strip("[].")
    opts = set(param.opts)
    is_argument = param.param_type_name == "argument"
    if path == ("letter",) and param.name == "ref":
        return _letter_references
    if path == ("letter",) and param.name == "kind":
        return _letter_kinds
    if path == ("letter",) and "--format" in opts:
        return _letter_formats
    if metavar == "REF":
        return _references
    if "--authority" in opts or (path[:1] == ("authority",) and is_argument
                                 and param.name == "slug"):
        return _authority_slugs
    # an existing campaign: --campaign anywhere, the SLUG of every `campaign` command but new
    if "--campaign" in opts or (path[:1] == ("campaign",) and path != ("campaign", "new")
                                and is_argument and param.name == "slug"):
        return _campaign_slugs
    if path == ("log",) and param.name == "event":
        return _event_kinds
    if path == ("attach",) and "--event" in opts:
        return _event_kinds
    if "--outcome" in opts:
        return _outcomes
    if "--channel" in opts:
        return _channels
    if path == ("completion",) and param.name == "shell":
        return _shells
    if "--lang" in opts:
        return _languages
    return None


# --- the completers --------------------------------------------------------------------------


def _items(candidates: Iterable[str | tuple[str, str]], incomplete: str) -> Items:
    from typer._click.shell_completion import CompletionItem

    out = []
    for candidate in candidates:
        value, help_ = candidate if isinstance(candidate, tuple) else (candidate, None)
        if value.startswith(incomplete):
            out.append(CompletionItem(value, help=" ".join(help_.split()) if help_ else None))
    return out


def _context(click_ctx: ClickContext) -> Context | None:
    """The settings the command line gives (--home, --db, else the environment), or None."""
    root = click_ctx.find_root().params
    try:
        settings = resolve_settings(root.get("home"), root.get("db"))
        return Context(settings=settings, today=clock.today())
    except Exception:  # noqa: BLE001 - a bad --home, --db or CADA_TODAY: no candidates
        return None


def _references(click_ctx: ClickContext, param: Parameter, incomplete: str) -> Items:
    from cada_tracker.services import completion as service

    ctx = _context(click_ctx)
    return _items(service.references(ctx) if ctx else [], incomplete)


def _letter_references(click_ctx: ClickContext, param: Parameter, incomplete: str) -> Items:
    templates = ("templates", M.COMPLETION_LETTER_TEMPLATES)
    return _items([templates], incomplete) + _references(click_ctx, param, incomplete)


def _letter_kinds(click_ctx: ClickContext, param: Parameter, incomplete: str) -> Items:
    from cada_tracker.services import completion as service

    if click_ctx.params.get("ref") == "templates":
        return []
    ctx = _context(click_ctx)
    return _items(service.letter_kinds(ctx) if ctx else [], incomplete)


def _letter_formats(click_ctx: ClickContext, param: Parameter, incomplete: str) -> Items:
    from cada_tracker.render.letterdoc import FORMATS

    return _items(FORMATS, incomplete)


def _authority_slugs(click_ctx: ClickContext, param: Parameter, incomplete: str) -> Items:
    from cada_tracker.services import completion as service

    ctx = _context(click_ctx)
    return _items(service.authority_slugs(ctx) if ctx else [], incomplete)


def _campaign_slugs(click_ctx: ClickContext, param: Parameter, incomplete: str) -> Items:
    from cada_tracker.services import completion as service

    ctx = _context(click_ctx)
    return _items(service.campaign_slugs(ctx) if ctx else [], incomplete)


def _event_kinds(click_ctx: ClickContext, param: Parameter, incomplete: str) -> Items:
    return _items(EVENT_KINDS, incomplete)


def _outcomes(click_ctx: ClickContext, param: Parameter, incomplete: str) -> Items:
    """The outcomes of the EVENT already typed (`cada log REF reply --outcome <TAB>`), else
    every outcome."""
    event = click_ctx.params.get("event")
    if event is None:
        # `--outcome` still waits for its value, so click parsed nothing and left the words
        # typed in `args`: the event is the one of them that has outcomes
        event = next((a for a in reversed(click_ctx.args) if a in OUTCOMES), None)
    if event in OUTCOMES:
        return _items(OUTCOMES[event], incomplete)
    every = [(outcome, kind) for kind, values in OUTCOMES.items() for outcome in values]
    return _items(every, incomplete)


def _channels(click_ctx: ClickContext, param: Parameter, incomplete: str) -> Items:
    return _items(CHANNELS, incomplete)


def _shells(click_ctx: ClickContext, param: Parameter, incomplete: str) -> Items:
    return _items(SHELLS, incomplete)


def _languages(click_ctx: ClickContext, param: Parameter, incomplete: str) -> Items:
    return _items(LANGUAGES, incomplete)
