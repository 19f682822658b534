"""User-facing strings of `cada db copy`, `cada db restore` and `cada db backup` on a server
(issue 14, points 3 and 6)."""

from typing import TYPE_CHECKING

from cada_tracker.i18n import Plural, localised

# --- db copy ---------------------------------------------------------------------------------
COPY_BAD_URL = (
    "--to '{url}' is not a database URL cada can use: write sqlite:///PATH/TO/cada.db "
    "(a file) or postgresql://USER@HOST/NAME."
)
COPY_ONTO_ITSELF = "--to {url} is the database being copied; choose another database."
COPY_TARGET_NOT_EMPTY = (
    "{url} already holds a cada database ({what}); pass --force to replace its content, or "
    "choose an empty database. Nothing was written."
)
COPY_TARGET_WHAT = "{requests} requests, {authorities} authorities, {rows} rows in all"
COPY_TARGET_FOREIGN = (
    "{url} holds tables that are not a cada database ({tables}); choose an empty database "
    "(--force does not replace them). Nothing was written."
)
COPY_TARGET_NOT_A_DATABASE = (
    "{url} is a file that is not a cada database; choose another path (--force does not "
    "replace it). Nothing was written."
)
COPY_TARGET_UNREACHABLE = "cannot open the target database {url}: {reason}. Nothing was written."
COPY_FAILED = "the copy to {url} failed: {reason}. The target was left as it was."
COPY_MISMATCH = (
    "the copy to {url} does not match the source (table {table}: {source_rows} rows, hash "
    "{source_hash} here, {target_rows} rows, hash {target_hash} there). The target was left "
    "as it was."
)
COPY_PROGRESS = "copying {table}: {done}/{total} rows"
COPY_DONE = Plural(
    "copied {n} row of {tables} tables to {url}",
    "copied {n} rows of {tables} tables to {url}",
)
COPY_VERIFIED = (
    "verified: the row count and the content hash of every table are the same on both sides."
)
COPY_TABLE_LINE = "  {table:<20} {rows:>9}  {hash}"
COPY_REBUILT = "rebuilt on the target: the search index ({rows} entries)."
COPY_LEFT_TO_REBUILD = (
    "not copied: the derived tables of the source ({tables}); the target rebuilds or computes "
    "them from the copied rows."
)

# --- db restore ------------------------------------------------------------------------------
RESTORE_NOT_SQLITE = (
    "db restore puts back a SQLite backup into a SQLite database; on a server use its own "
    "tools (pg_restore for a `cada db backup` of PostgreSQL)."
)
RESTORE_NO_FILE = "no such file: {path}; give the backup file written by `cada db backup`."
RESTORE_NOT_A_FILE = (
    "{path} is not a regular file (a folder, a device or a pipe); give the backup file written "
    "by `cada db backup`."
)
RESTORE_ONTO_ITSELF = "{path} is the database itself; give a backup file."
RESTORE_NOT_SQLITE_FILE = (
    "{path} is not a SQLite database (not a backup written by `cada db backup`, or damaged). "
    "Nothing was changed."
)
RESTORE_DAMAGED = (
    "{path} is damaged (SQLite integrity check: {reason}); nothing was changed. Try an older "
    "backup."
)
RESTORE_FOREIGN = (
    "{path} is a SQLite database but not a cada one (no schema version); nothing was changed."
)
RESTORE_TOO_NEW = (
    "{path} has schema version {revision}, newer than this program knows (latest {head}); "
    "upgrade cada first. Nothing was changed."
)
RESTORE_FAILED = "could not put back {path}: {reason}. The database was left as it was."
RESTORE_KEPT = "the database as it was is kept in {path}"
RESTORE_DONE = (
    "restored {path} (schema {revision}): {requests} requests, {authorities} authorities, "
    "{documents} documents."
)
RESTORE_OLDER_SCHEMA = "its schema will be upgraded at the next write (a backup is made first)."

# --- db backup on a server ---------------------------------------------------------------------
BACKUP_PG_DUMP_MISSING = (
    "pg_dump is not installed: install PostgreSQL's client programs (`apt install "
    "postgresql-client`, or your system's package) and run this again, or run `pg_dump "
    "--format=custom --file=FILE URL` where it is installed. Nothing was written."
)
BACKUP_PG_DUMP_FAILED = "pg_dump failed: {reason}. Nothing was written."
BACKUP_SERVER_DONE = (
    "backup written to {path} ({size} bytes) by pg_dump; put it back with `{restore}`."
)

# --- interface language (cada_tracker.i18n): the constants above are read translated ---------
if not TYPE_CHECKING:
    __getattr__ = localised(globals())
