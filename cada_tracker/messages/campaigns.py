"""User-facing strings of campaigns (issue 11): `cada campaign new/add/list/show/send`,
`cada status --campaign`, `cada letter REF --from-file`, and `cada new -a A -a B`."""

from typing import TYPE_CHECKING

from cada_tracker.i18n import Plural, localised

# --- campaigns (issue 11, points 1 and 2; branch campaigns) ---------------------------------
CAMPAIGN_BAD_SLUG = (
    "'{slug}' is not a valid campaign slug: use lowercase letters, digits and single hyphens, "
    "at most {max} characters (e.g. videoprotection-herault)."
)
CAMPAIGN_BAD_PREFIX = (
    "--ref-prefix '{prefix}' cannot start a reference: use letters, digits, '.', '_' or '-', "
    "starting with a letter or digit, at most {max} characters."
)
CAMPAIGN_EXISTS = "a campaign '{slug}' already exists; choose another slug, or `cada campaign add {slug} ...`."
CAMPAIGN_NOT_FOUND = "no campaign '{slug}'.{hint} See `cada campaign list`."
CAMPAIGN_ONE_SOURCE = (
    "give the authorities one way: --authority SLUG (repeated), --authorities FILE.csv or "
    "--tag TAG."
)
CAMPAIGN_NO_SOURCE = (
    "no authority given: add --authority SLUG (repeat it), --authorities FILE.csv or --tag TAG."
)
CAMPAIGN_TAG_EMPTY = "no authority is tagged '{tag}'; tag some with `cada authority tag`, or see `cada authority list`."
CAMPAIGN_AUTHORITY_TWICE = "authority '{slug}' is given twice; a campaign sends one request to each authority. Nothing was created."
CAMPAIGN_AUTHORITY_MEMBER = (
    "authority '{slug}' already has request {reference} in campaign '{campaign}'. Nothing was "
    "created."
)
CAMPAIGN_BAD_AUTHORITY = "{where}: {reason} Nothing was created."
CAMPAIGN_CSV_LINE = "{path}, line {line}"
CAMPAIGN_CSV_EMPTY = "--authorities {path} is empty; it needs a header row with a 'slug' or a 'name' column."
CAMPAIGN_CSV_HEADER = (
    "--authorities {path}: header '{found}' has neither a 'slug' nor a 'name' column (a file "
    "of `cada authority export` has both). Nothing was created."
)
CAMPAIGN_CSV_NO_ROW = "--authorities {path} names no authority (only a header). Nothing was created."
CAMPAIGN_CSV_ROW_EMPTY = "the '{column}' cell is empty."
CAMPAIGN_TEMPLATE_EMPTY = "--template {path} is empty (no text); nothing was created."
# a file the user names ({option}: --authorities, --template or --from-file); {path}, {limit},
# {reason}, {line} are filled in by the safe reader
FILE_NOT_FOUND = "{option} {path}: no such file; nothing was written."
FILE_IS_DIRECTORY = "{option} {path} is a directory, not a file; nothing was written."
FILE_NOT_REGULAR = (
    "{option} {path} is not a regular file (device, pipe or socket); save it to a file first; "
    "nothing was written."
)
FILE_UNREADABLE = "{option}: cannot read {path}: {reason}; nothing was written."
FILE_TOO_LARGE = "{option} {path} is larger than {limit} KiB; nothing was written."
FILE_NOT_UTF8 = "{option} {path} is not UTF-8 text (line {line}); save it as UTF-8; nothing was written."
CAMPAIGN_NOTHING_TO_SEND = (
    "campaign '{slug}' has no draft to send: its {count} requests were all sent already "
    "(see `cada campaign show {slug}`)."
)
CAMPAIGN_CREATED = Plural(
    "campaign '{slug}': {n} draft request created ({first}); print a letter with "
    "`cada letter {first}`, then `cada campaign send {slug}` once they are sent.",
    "campaign '{slug}': {n} draft requests created ({first} to {last}); print a letter "
    "with `cada letter REF`, then `cada campaign send {slug}` once they are sent.",
)
CAMPAIGN_ADDED = Plural(
    "campaign '{slug}': {n} draft request added ({first}).",
    "campaign '{slug}': {n} draft requests added ({first} to {last}).",
)
CAMPAIGN_SENT = Plural(
    "campaign '{slug}': {n} request recorded as sent on {date}, each letter frozen: {refs}.",
    "campaign '{slug}': {n} requests recorded as sent on {date}, each letter frozen: {refs}.",
)
CAMPAIGN_SKIPPED = "not drafts, left as they are: {refs}."
CAMPAIGN_LIST_EMPTY = "no campaign yet; start one with `cada campaign new SLUG --subject ... --authority ...`."
CAMPAIGN_LIST_HEADER = "{slug:<24} {requests:>8}  {title}"
CAMPAIGN_LIST_SLUG = "CAMPAIGN"
CAMPAIGN_LIST_REQUESTS = "REQUESTS"
CAMPAIGN_LIST_TITLE = "TITLE (STATES)"
CAMPAIGN_SHOW_TITLE = "Campaign {slug}: {title}"
CAMPAIGN_SHOW_SUBJECT = "Subject: {subject}"
CAMPAIGN_SHOW_CREATED = "Created on {date}; references {prefix}-NNN{template}."
CAMPAIGN_SHOW_TEMPLATE = "; its own letter template"
CAMPAIGN_SHOW_DOCUMENTS = "Documents requested:"
CAMPAIGN_SHOW_DOCUMENT = "  {number}. {description}"
CAMPAIGN_SHOW_REQUESTS = "Requests ({count}):"
CAMPAIGN_SHOW_NO_REQUEST = "  (none yet on {today})"
CAMPAIGN_SHOW_REQUEST = "  {reference:<16} {authority:<32} {state:<22} {action}"
CAMPAIGN_SHOW_ITEMS = "      items: {items}"
CAMPAIGN_SHOW_ITEM_GROUND = " ({ground})"
CAMPAIGN_SHOW_COMPARE = "Item by item, across the {count} requests:"
CAMPAIGN_SHOW_COMPARE_ROW = "  {number}. {counts}  — {description}"
CAMPAIGN_SHOW_STATES = "States: {states}"
CAMPAIGN_SHOW_COUNTS = {
    "received": "received: {n}", "refused": "refused: {n}", "not-held": "not held: {n}",
    "communicable": "communicable (CADA): {n}", "pending": "pending: {n}",
}
CAMPAIGN_SHOW_NO_ACTION = "-"
CAMPAIGN_SHOW_ACTION = "{action} (by {date})"
# `cada letter REF --from-file FILE`
FROM_FILE_AFTER_SENT = (
    "request '{reference}' was sent: its letter is frozen as sent and cannot be replaced (use "
    "`cada letter {reference}` to print it)."
)
FROM_FILE_ALONE = (
    "--from-file replaces the draft letter of a request; it takes no KIND other than demande "
    "and none of the other options but --json."
)
FROM_FILE_DONE = (
    "{reference}: the draft letter is now the text of {path} (sha256 {sha}); it will be frozen "
    "as it is when you log `sent`."
)
FROM_FILE_EMPTY = "--from-file {path} is empty (no text); nothing was written."
FROM_FILE_BINARY = (
    "--from-file {path} holds control characters (line {line}): not plain text; nothing was "
    "written."
)
NOTE_DRAFT_FROM_FILE = (
    "note: the draft letter of {reference} is your own text (`cada letter {reference} "
    "--from-file`, sha256 {sha}), printed as it is; it is frozen as it is when you log `sent`."
)
FROM_FILE_NO_PATH = "--from-file is empty; give the path of the letter's text file."
# `cada new -a A -a B`
NEW_ONE_AUTHORITY = (
    "`cada new` sends one request to one authority, and --authority was given {count} times "
    "({slugs}); to send the same request to several, use `cada campaign new SLUG --subject ... "
    "--authority A --authority B`."
)

# --- interface language (cada_tracker.i18n): the constants above are read translated ---------
if not TYPE_CHECKING:
    __getattr__ = localised(globals())
