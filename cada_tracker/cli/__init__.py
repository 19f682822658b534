"""Command-line entry point: builds the app and is the single place where errors become
messages and exit codes (see docs/exit-codes.md)."""

from __future__ import annotations

import os
import sys

from cada_tracker import messages as M
from cada_tracker.display import shown
from cada_tracker.errors import EXIT_INTERRUPTED, EXIT_USAGE, CadaError


def _load_commands():  # noqa: ANN202
    # Importing the command modules registers their commands on the root app.
    from cada_tracker.cli import (  # noqa: F401
        authorities,
        db_commands,
        deadlines,
        demo,
        documents,
        findings,
        letters,
        requests,
        shell_completion,
    )
    from cada_tracker.cli.app import app

    return app


def _debug_enabled(argv: list[str]) -> bool:
    return "--debug" in argv or os.environ.get("CADA_DEBUG", "") not in ("", "0")


def main(argv: list[str] | None = None) -> None:
    # a shell asks for completions (cli/shell_completion.py: COMPLETE_VAR)
    if os.environ.get("_CADA_COMPLETE"):
        from cada_tracker.cli.shell_completion import complete

        complete(_load_commands())
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--version"]:  # the fastest path: no Typer at all
        from cada_tracker import __version__

        sys.stdout.write(f"cada {__version__}\n")
        return
    app = _load_commands()
    try:
        rc = app(args=args, prog_name="cada", standalone_mode=False)
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
        if hasattr(exc, "format_message") and hasattr(exc, "exit_code"):
            ctx = getattr(exc, "ctx", None)
            where = ctx.command_path if ctx is not None else "cada"
            message = " ".join(exc.format_message().split())
            _fail(exc, args, f"{message} (see `{where} --help`)", exc.exit_code or EXIT_USAGE)
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
