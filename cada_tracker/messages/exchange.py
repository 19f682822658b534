"""User-facing strings of `cada export` and `cada import` (issue 11, point 6: export and import).

`str.format` templates, one line each. The exit code of each error is in docs/exit-codes.md.
"""

from typing import TYPE_CHECKING

from cada_tracker.i18n import Plural, localised

# --- export and import (issue 11, point 6) ------------------------------------------------
EXPORT_BAD_FORMAT = "--format: '{value}' is not a format of cada export; use json or csv."
EXPORT_CSV_NO_DOCUMENTS = (
    "--with-documents copies the files of a JSON export; it does not go with --format csv."
)
EXPORT_UNKNOWN_CAMPAIGN = "no campaign '{slug}'{hint}."
EXPORT_DOCUMENTS_NOT_FOLDER = (
    "--with-documents: {path} exists and is not a folder; give a folder (it is created if "
    "missing)."
)
EXPORT_DOCUMENTS_NO_PARENT = "--with-documents: the folder {path} does not exist; create it first."
EXPORT_DOCUMENTS_UNWRITABLE = "--with-documents: cannot write {path}: {reason}."
EXPORT_BLOB_MISSING = (
    "the stored file {sha256} of document '{name}' ({reference}) is missing from the store; "
    "run `cada check`. Nothing was copied."
)
EXPORT_BLOB_CHANGED = (
    "the stored file {sha256} of document '{name}' ({reference}) no longer matches its "
    "SHA-256; run `cada check`. Nothing was copied."
)
EXPORT_BLOB_CLASH = (
    "{path} exists with other content than the file it is named by; remove it or choose "
    "another --with-documents folder."
)
EXPORT_WRITTEN = Plural(
    "{n} request exported to {path}.", "{n} requests exported to {path}."
)
EXPORT_DOCUMENTS_COPIED = Plural(
    "{n} stored file copied to {path} (named by SHA-256).",
    "{n} stored files copied to {path} (named by SHA-256).",
)

IMPORT_NOT_FOUND = "{path}: no such file; nothing was imported."
IMPORT_IS_DIRECTORY = "{path} is a folder; give the JSON file written by `cada export`."
IMPORT_NOT_REGULAR = (
    "{path} is not a regular file (a device, pipe or socket); save the export to a file first. "
    "Nothing was imported."
)
IMPORT_UNREADABLE = "cannot read {path}: {reason}. Nothing was imported."
IMPORT_TOO_LARGE = "{path} is larger than {limit}, the most cada imports. Nothing was imported."
IMPORT_NOT_UTF8 = "{path} is not UTF-8 text (line {line}): not a cada export. Nothing was imported."
IMPORT_NOT_JSON = (
    "{path} is not valid JSON ({reason}, line {line} column {column}); a truncated file? "
    "Export again. Nothing was imported."
)
IMPORT_NOT_EXPORT = (
    "{path} is JSON but not a cada export (no \"format\": \"cada-export\"); give the file "
    "written by `cada export`. Nothing was imported."
)
IMPORT_BAD_VERSION = (
    "{path} is a cada export of format version {version}; this program reads version "
    "{supported}. Export again with this version of cada. Nothing was imported."
)
IMPORT_ANONYMISED = (
    "{path} is an anonymised export (--anonymise), for sharing: it cannot be imported. Import "
    "an export made without --anonymise. Nothing was imported."
)
IMPORT_BAD_CONTENT = "{path}: {where}: {reason}. Nothing was imported."
IMPORT_EXPECTED = "expected {what}"
IMPORT_UNKNOWN_VALUE = "'{value}' is not one of {allowed}"
IMPORT_DANGLING = "names {what} '{value}', which is neither in the file nor in this home"
IMPORT_DUPLICATE = "{what} '{value}' appears twice"
IMPORT_DOCUMENTS_NOT_FOLDER = (
    "--documents: {path} is not a folder; give the folder written by `cada export "
    "--with-documents`. Nothing was imported."
)
IMPORT_DOCUMENTS_MISSING = (
    "--documents: the folder {path} does not exist. Nothing was imported."
)
IMPORT_BLOB_MISSING = (
    "the stored file {sha256} (document '{name}' of {reference}) is neither in this home nor "
    "in {folder}; give --documents DIR (written by `cada export --with-documents DIR`). "
    "Nothing was imported."
)
IMPORT_BLOB_NOT_REGULAR = "{path} is not a regular file. Nothing was imported."
IMPORT_BLOB_MISMATCH = (
    "{path} does not match its name: its SHA-256 is {actual} (size {size}, expected {expected}); "
    "the file is damaged or not the one exported. Nothing was imported."
)
IMPORT_NO_FOLDER = "(no --documents)"
IMPORT_CONFLICT = Plural(
    "{n} record of the file differs from this home ({records}); nothing was imported. "
    "`--merge` adds what is missing and leaves these as they are.",
    "{n} records of the file differ from this home ({records}); nothing was imported. "
    "`--merge` adds what is missing and leaves these as they are.",
)
IMPORT_DONE = Plural(
    "Imported {n} request (authorities: {authorities}, campaigns: {campaigns}, findings: "
    "{findings}, stored files: {files}); already here and identical: {unchanged}.",
    "Imported {n} requests (authorities: {authorities}, campaigns: {campaigns}, findings: "
    "{findings}, stored files: {files}); already here and identical: {unchanged}.",
)
IMPORT_DIFFERS = "kept as it is here (differs in the file): {kind} {key}"

# --- `cada import --from` (the Alaveteli import wired into `cada import`) ----------------------
IMPORT_BAD_FROM = "--from '{value}' is not a format cada imports; choose cada (a `cada export`) or alaveteli."
IMPORT_NOT_FOR_ALAVETELI = (
    "--documents and --merge are for a `cada export`, not --from alaveteli; import the Alaveteli "
    "request without them."
)
IMPORT_ONLY_ALAVETELI = (
    "{options}: only with --from alaveteli (a request made on an Alaveteli site); a `cada "
    "export` already names its authorities and references."
)

# --- interface language (cada_tracker.i18n): the constants above are read translated ---------
if not TYPE_CHECKING:
    __getattr__ = localised(globals())
