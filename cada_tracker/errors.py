"""Typed errors. The CLI boundary (cada_tracker.cli.main) turns each into a one-line message
on stderr and its exit code; nothing else in the program calls sys.exit."""

from __future__ import annotations

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_NOT_FOUND = 3
EXIT_CONFLICT = 4
EXIT_STORAGE = 5
EXIT_MAIL = 6  # the mail server: unreachable, TLS refused, login refused, dropped (issue 12)
EXIT_INTERRUPTED = 130


class CadaError(Exception):
    """Base class: a user-facing failure with a message and an exit code."""

    exit_code = EXIT_FAILED

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(CadaError):
    exit_code = EXIT_USAGE


class NotFoundError(CadaError):
    exit_code = EXIT_NOT_FOUND


class ConflictError(CadaError):
    exit_code = EXIT_CONFLICT


class StorageError(CadaError):
    exit_code = EXIT_STORAGE


class MailServerError(CadaError):
    """The SMTP or IMAP server could not be used: connection, certificate, login, transfer.
    The message never contains a password."""

    exit_code = EXIT_MAIL
