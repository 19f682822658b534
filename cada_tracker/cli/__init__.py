"""Command-line entry point: builds the app and is the single place where errors become
messages and exit codes (see docs/exit-codes.md)."""

from __future__ import annotations

import os
import sys
from typing import Any

from cada_tracker import messages as M
from cada_tracker.display import shown
from cada_tracker.errors import EXIT_INTERRUPTED, EXIT_USAGE, CadaError, UsageError
from cada_tracker.i18n import LANGUAGES, language_from_environment, set_language


def _load_commands():  # noqa: ANN202
    # Importing the command modules registers their commands on the root app.
    from cada_tracker.cli import (  # noqa: F401
        alaveteli,
        authorities,
        campaigns,
        corrections,
        db_commands,
        deadlines,
        demo,
        documents,
        exchange,
        findings,
        inbox,
        letters,
        mail_import,
        mail_send,
        requests,
        send,
        shell_completion,
        stats,
    )
    from cada_tracker.cli.app import app

    return app


def _take_language(args: list[str]) -> tuple[list[str], str | None]:
    """`--lang fr|en` (or `--lang=fr`) wherever it is before a `--`: taken out of the arguments
    (the language must be known before the command line is parsed, for its help and errors)."""
    rest: list[str] = []
    lang: str | None = None
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest.extend(args[i:])
            break
        if arg == "--lang" or arg.startswith("--lang="):
            if arg == "--lang":
                if i + 1 >= len(args) or args[i + 1].startswith("-"):
                    raise UsageError(M.MISSING_LANGUAGE.format(languages=", ".join(LANGUAGES)))
                value = args[i + 1]
                i += 2
            else:
                value = arg.partition("=")[2]
                i += 1
            if value.lower() not in LANGUAGES:  # FR as fr, like CADA_LANG
                raise UsageError(
                    M.BAD_LANGUAGE.format(value=shown(value), languages=", ".join(LANGUAGES))
                )
            lang = value.lower()
            continue
        rest.append(arg)
        i += 1
    return rest, lang


def _debug_enabled(argv: list[str]) -> bool:
    return "--debug" in argv or os.environ.get("CADA_DEBUG", "") not in ("", "0")


def _tolerate_narrow_encodings() -> None:
    """On a terminal whose encoding is not UTF-8 (LANG=fr_FR.ISO-8859-1), a character it
    cannot show (an em dash, the œ of "vœu") is written escaped (\\u2014) instead of ending
    the command with an internal error; JSON stays valid JSON. UTF-8 output is unchanged."""
    import codecs

    stream = sys.stdout
    encoding = getattr(stream, "encoding", None)
    if not encoding or not hasattr(stream, "reconfigure"):
        return
    try:
        if codecs.lookup(encoding).name == "utf-8":
            return
        stream.reconfigure(errors="backslashreplace")
    except (LookupError, ValueError, OSError):
        return


def main(argv: list[str] | None = None) -> None:
    _tolerate_narrow_encodings()
    # a shell asks for completions (cli/shell_completion.py: COMPLETE_VAR)
    instruction = os.environ.get("_CADA_COMPLETE")
    if instruction:
        from cada_tracker.cli.shell_completion import INSTRUCTIONS, complete

        if instruction not in INSTRUCTIONS:  # left set by hand, or garbage: say so, once
            set_language(language_from_environment())
            message = M.COMPLETION_BAD_INSTRUCTION.format(
                value=instruction, expected=", ".join(INSTRUCTIONS))
            _fail(UsageError(message), list(sys.argv[1:]), message, EXIT_USAGE)
        complete(_load_commands())
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--version"]:  # the fastest path: no Typer at all
        from cada_tracker import __version__

        sys.stdout.write(f"cada {__version__}\n")
        return
    set_language(language_from_environment())
    try:
        args, lang = _take_language(args)
    except UsageError as exc:
        _fail(exc, args, exc.message, exc.exit_code)
    if lang is not None:
        set_language(lang)
    command = None
    try:
        from cada_tracker.cli.fast import run as run_fast

        if run_fast(args):  # issue 13: `cada status` without Typer
            _flush_or_silence()
            return
        app = _load_commands()
        from typer.main import get_command

        from cada_tracker.cli.localise import localise_tree

        command = get_command(app)
        localise_tree(command)
        rc = command.main(args=args, prog_name="cada", standalone_mode=False)
        if isinstance(rc, int) and rc:
            _flush_or_silence()
            sys.exit(rc)
    except SystemExit as exc:
        # Typer answers a broken pipe with exit 1 after wrapping stdout: a reader that stopped
        # reading (`cada status | head -1`) is not an error, so end quietly with 0.
        if exc.code == 1 and type(sys.stdout).__name__ == "PacifyFlushWrapper":
            _silence_broken_pipe()
        raise
    except CadaError as exc:
        _fail(exc, args, exc.message, exc.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write(f"cada: {M.INTERRUPTED}\n")
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        _silence_broken_pipe()
    except Exception as exc:  # noqa: BLE001 - the boundary
        # Typer's (vendored) click exceptions: usage errors and aborted prompts.
        if exc.__class__.__name__ == "Abort":
            sys.stderr.write(f"cada: {M.ABORTED}\n")
            sys.exit(EXIT_INTERRUPTED)
        if exc.__class__.__name__ == "NoArgsIsHelpError":
            # `cada`, `cada authority` alone: the help as click lays it out (on stderr, exit 2
            # as click does), not squeezed into one error line
            sys.stderr.write(exc.format_message().rstrip("\n") + "\n")  # type: ignore[attr-defined]
            _flush_or_silence()
            sys.exit(EXIT_USAGE)
        if hasattr(exc, "format_message") and hasattr(exc, "exit_code"):
            ctx = getattr(exc, "ctx", None)
            where = ctx.command_path if ctx is not None else _command_path(command, args)
            from cada_tracker.cli.localise import translate_error

            message = translate_error(" ".join(exc.format_message().split()))
            message = M.CLICK_SEE_HELP.format(message=message, where=where)
            _fail(exc, args, message, exc.exit_code or EXIT_USAGE)
        if isinstance(exc, OSError) and exc.errno == 32:
            _silence_broken_pipe()
        if isinstance(exc, UnicodeEncodeError) and "surrogates" in str(exc):
            # a byte that is not UTF-8 in an argument (Python keeps it as a lone surrogate):
            # it cannot be stored; the unit of work was rolled back
            _fail(exc, args, M.NOT_UTF8_ARGUMENT, EXIT_USAGE)
        if _debug_enabled(args):
            raise
        message = M.INTERNAL_ERROR.format(kind=exc.__class__.__name__, error=exc)
        sys.stderr.write(f"cada: {shown(message)}\n")
        sys.exit(1)
    else:
        _flush_or_silence()


def _command_path(root: Any, args: list[str]) -> str:  # noqa: ANN401 - a click command
    """`cada status` for `cada --today X status --due-within`: the command the words name, for
    an error click raised without its context (an option missing its value, a flag given one)."""
    path, command, words = ["cada"], root, iter(args)
    if command is None:
        return "cada"
    for word in words:
        if word == "--":
            break
        if word.startswith("-"):
            param = next((p for p in command.params if word in p.opts), None)
            if param is not None and not getattr(param, "is_flag", False) and "=" not in word:
                next(words, None)  # the option's value
            continue
        sub = getattr(command, "commands", {}).get(word)
        if sub is None:
            break
        path.append(word)
        command = sub
    return " ".join(path)


def _fail(exc: BaseException, args: list[str], message: str, code: int) -> None:
    if _debug_enabled(args):
        import traceback

        traceback.print_exception(exc)
    # a value the user typed may be quoted in the message: its control characters (ESC,
    # newline...) and bidi overrides are printed escaped, so the error stays one safe line
    sys.stderr.write(f"cada: {shown(message)}\n")
    _flush_or_silence()
    sys.exit(code)


def _flush_or_silence() -> None:
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_broken_pipe()


def _silence_broken_pipe() -> None:
    # Python flushes stdout at exit; point it at devnull so that `cada status | head -1` ends
    # quietly instead of printing "Exception ignored ... BrokenPipeError".
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    sys.exit(0)
