"""User-facing strings, in one place (this package), so that a French interface is a small step.

Each area has its own module: core messages here, `law` for the deadline engine's explanations,
`letters` for letters and dossiers, `documents` for the store, extraction, search and findings.
Strings are `str.format` templates; identifiers stay English, legal terms stay French.
"""

from typing import TYPE_CHECKING

from cada_tracker.i18n import Plural, localised

# --- dates and usage -----------------------------------------------------------------------
BAD_DATE_FORMAT = "{what}: '{value}' is not a date; write it as YYYY-MM-DD (e.g. 2020-02-07)."
BAD_DATE = "{what}: '{value}' is not a real date ({reason}); write it as YYYY-MM-DD."
DATE_OUT_OF_RANGE = "{what}: '{value}' is outside the years {low}-{high} cada works with."
# the reason of BAD_DATE (acceptance review of issue 10: it was Python's English text)
DATE_NO_SUCH_MONTH = "the month goes from 01 to 12"
DATE_NO_SUCH_DAY = "that month has no such day"

# --- storage -------------------------------------------------------------------------------
DB_IS_DIRECTORY = "{path} is a directory, not a database; point --db or --home elsewhere."
DB_UNREADABLE = "cannot read the database {path}: {reason}."
DB_NOT_A_DATABASE = (
    "{path} is not a readable cada database (not SQLite, or damaged); it was left untouched. "
    "Restore a backup, or choose another --home or --db."
)
DB_FOREIGN = (
    "{path} is a SQLite database but not a cada one (no schema version); it was left untouched."
)
DB_TOO_NEW = (
    "the database {path} has schema version {revision}, newer than this program knows "
    "(latest {head}); upgrade cada. The file was left untouched."
)
DB_NO_REVISION = (
    "the database {path} records no schema version (its alembic_version table is empty), so "
    "cada cannot tell how to read it; it was left untouched. Restore a backup of it."
)
DB_MISSING = "no database at {path}; run `cada init` first."
DB_EMPTY_FILE = (
    "{path} is empty (0 bytes): it may have been truncated (disk full?). Restore a backup, or "
    "delete it to start a new database."
)
DB_DIR_MISSING = "the folder {path} does not exist; create it or choose another --db."
DB_MIGRATION_FAILED = "could not create or upgrade the database {path}: {reason}"
DB_OPERATIONAL = "database error: {reason}. Nothing was changed."
STORE_ENV_EMPTY = (
    "CADA_STORE is set but empty; give the folder of the shared document store, or unset it "
    "to keep the documents in the home."
)
HOME_NOT_WRITABLE = (
    "cannot create or write the cada home {path} ({reason}); choose another with --home or CADA_HOME."
)

# --- lookups and validation --------------------------------------------------------------
DID_YOU_MEAN = " Did you mean: {names}?"
AUTHORITY_NOT_FOUND = "no authority '{slug}'.{hint} See `cada authority list`."
AUTHORITY_DUPLICATE = "an authority with slug '{slug}' already exists; choose another with --slug."
WHAT_AUTHORITY_NAME = "the authority name"
AUTHORITY_NAME_EMPTY = "the authority name is empty."
AUTHORITY_NO_SLUG = "no slug can be made from '{name}' (no ASCII letters or digits); give one with --slug."
AUTHORITY_BAD_SLUG = (
    "'{slug}' is not a valid slug: use lowercase letters, digits and single hyphens."
)
AUTHORITY_BAD_DEPARTMENT = (
    "'{department}' is not an INSEE department code (01-95, 2A, 2B, 971-978)."
)
# --- e-mail addresses (issue 9, point 12: strict addr-spec, IDNA) ---
BAD_EMAIL_ADDRESS = (
    "{what} '{email}' is not a valid e-mail address: {why}; give it as name@example.fr."
)
# why an address is not one ({why} above)
EMAIL_WHY_SPECIALS = "{chars} not allowed (give the bare address, without a name)"
EMAIL_WHY_SPACES = "spaces and control characters are not allowed"
EMAIL_WHY_ENCODED = "encoded words (=?...?=) are not allowed"
EMAIL_WHY_AT = "exactly one '@' is needed"
EMAIL_WHY_LOCAL_EMPTY = "the part before '@' is empty"
EMAIL_WHY_LOCAL_LONG = "the part before '@' is longer than 64 bytes"
EMAIL_WHY_LOCAL_BAD = "the part before '@' has an empty part between dots or a character not allowed"
EMAIL_WHY_DOMAIN = "the domain after '@' is not a valid domain name (like example.fr)"
EMAIL_WHY_LONG = "the address is longer than 254 characters"
BAD_RESIDENCE = "residence '{value}' is not one of: {allowed}."
PROFILE_NAME_REQUIRED = "the requester's name is required the first time: cada init --name 'Your Name'."
FILE_NOT_FOUND = "no such file: {path}."
FILE_IS_DIRECTORY = "{path} is a directory, not a file."
FILE_UNREADABLE = "cannot read {path}: {reason}."
CSV_NOT_UTF8 = "{path} is not UTF-8 text (line {line}); save it as UTF-8 CSV and retry. Nothing was imported."
CSV_NOT_REGULAR = (
    "{path} is not a regular file (a device, pipe or socket); save the CSV to a file. "
    "Nothing was imported."
)
CSV_TOO_LARGE = "{path} is larger than {limit} MiB, more than any list of authorities: check that it is the right file, or split it. Nothing was imported."
CSV_EMPTY = "{path} is empty; it needs a header row (name,slug,kind,email,address,department,prada)."
CSV_BAD_HEADER = (
    "{path}: header '{found}' is not valid; use a header row with 'name' and any of: {expected}. "
    "Nothing was imported."
)
CSV_BAD_ROW = "{path}, line {line}: {reason} Nothing was imported."
CSV_WRONG_COLUMNS = "{n} columns where the header has {expected}."
CSV_DUPLICATE_IN_FILE = "slug '{slug}' already used on line {other}."
CSV_DUPLICATE_EXISTING = "an authority with slug '{slug}' already exists; change the row's slug column or remove the row."
REQUEST_NOT_FOUND = "no request '{reference}'.{hint} See `cada status --all`."
REQUEST_DUPLICATE = "a request with reference '{reference}' already exists; choose another --ref."
BAD_REFERENCE = (
    "'{reference}' is not a valid reference: ASCII letters and digits, then '.', '_' or '-' "
    "(max 60; 'templates' is reserved)."
)
EMPTY_VALUE = "{what} is empty; give a value or leave the option out."
NOT_UTF8_VALUE = (
    "{what} is not UTF-8 text (a byte from another encoding, Latin-1 for instance); "
    "type it again in a UTF-8 terminal."
)
NOT_UTF8_ARGUMENT = (
    "a value on the command line is not UTF-8 text (a byte from another encoding, Latin-1 for "
    "instance); type it again in a UTF-8 terminal."
)
USER_NAME_EMPTY = (
    "{what} is empty; give the name of the person recording (--as NAME or CADA_USER), or leave "
    "both out for the system user name."
)
USER_NAME_TOO_LONG = (
    "{what} is {length} characters long; a name recorded as who did what is at most {limit}."
)
CONTROL_CHARACTERS = "{what} contains a line break or control character; write it on one line."
BAD_DB_URL = (
    "--db '{url}' is not a database URL cada can use: write sqlite:///PATH/TO/cada.db "
    "(a file) or postgresql://USER@HOST/NAME."
)
DB_DRIVER_MISSING = "the database driver for '{url}' is not installed ({module}); install it with pip."
SUBJECT_EMPTY = "the subject is empty; say what you ask for with --subject."
BAD_CHANNEL = "channel '{channel}' is not one of: {allowed}."
EVENT_UNKNOWN = "'{kind}' is not an event.{hint} Events: see `cada log --help`."
OUTCOME_REQUIRED = "'{kind}' needs --outcome, one of: {allowed}."
OUTCOME_UNKNOWN = "'{outcome}' is not an outcome of '{kind}'; use one of: {allowed}."
OUTCOME_NOT_ALLOWED = "'{kind}' takes no --outcome (got '{outcome}')."
COMPLETE_ONLY_ACK = "--complete/--incomplete only applies to the 'acknowledged' event."
REMEDIES_ONLY_REPLY = "--mentions-remedies/--no-mentions-remedies only applies to a 'reply'."
CHANNEL_ONLY_REFERRAL = "--channel only applies to 'cada-sent' (how the referral went to the CADA)."
# --- legal-aid decision dates (issue 9 point 5) ---
LEGAL_AID_DATE_ONLY_DECISION = (
    "{option} only applies to 'legal-aid-decided' (the legal-aid decision: décret 2020-1717 "
    "art. 43, 69)."
)
LEGAL_AID_DATE_BEFORE_DECISION = (
    "{option} {date} is before the decision of {decided}; give a date on or after the decision "
    "(--on is the decision's date)."
)
LEGAL_AID_DATE_IN_FUTURE = (
    "{option} {date} is after today ({today}); use --today to change today, or --force."
)
EVENT_NOT_ALLOWED = (
    "'{what}' cannot happen while request {reference} is '{state}'; "
    "record the missing events first, or use --force to record history typed in late."
)
EVENT_AFTER_END = (
    "request {reference} is {state}: '{what}' cannot follow; only a note can be recorded "
    "(or use --force to record history typed in late)."
)
EVENT_NEEDS = "no '{needs}' is recorded for {reference} before this '{kind}'; record it first."
REFERRAL_PREMATURE = (
    "a CADA referral on {date} would be premature for {reference}: it is admissible {when} "
    "(CRPA R343-1); check the dates, or use --force to record history as it happened."
)
COURT_PREMATURE = (
    "a court application on {date} would be premature for {reference}: the refusal is "
    "confirmed {when} (CRPA R343-5, L342-1); check the dates, or use --force."
)
FROM_DATE = "from {date}"
AFTER_DATE = "at the end of {date}"
NOT_YET_REFUSED = "only once the request is refused (not yet)"
NOT_YET_CONFIRMED = "only after the CADA referral is registered and two months pass"
EVENT_IN_FUTURE = (
    "the event date {date} is after today ({today}); use --today to change today, or --force."
)
EVENT_BEFORE_SENT = (
    "'{kind}' dated {date} is before the request was sent ({sent}); check the date or use --force."
)
RECEIVED_BEFORE_SENT = "received on {date}, before the request was sent; check the date or use --force."
DAYS_NEGATIVE = "{option} must be 0 or more days."
PROMPT_AUTHORITY = "Authority (slug)"
PROMPT_SUBJECT = "Subject"
INTERRUPTED = "interrupted"
ABORTED = "aborted"
INTERNAL_ERROR = "internal error: {kind}: {error} (run with --debug for the traceback)"
NOT_A_TERMINAL = "missing required option {option} (stdin is not a terminal, so cada does not prompt)."

# --- output ------------------------------------------------------------------------------
INIT_DONE = "cada home: {home}\nrequester: {name}"
AUTHORITY_IMPORTED = Plural("imported {n} authority from {path}", "imported {n} authorities from {path}")
REQUEST_CREATED = "{reference}"
REQUEST_CREATED_HINT = (
    "created draft {reference} for {authority}. Next: `cada letter {reference}` to print the "
    "letter, then `cada log {reference} sent` once sent."
)
EVENT_RECORDED = "{reference}: {kind}{outcome} on {date} recorded; state now {state}."
EVENT_FORCED = " (forced)"
STATUS_EMPTY = "nothing to show: no open request."
STATUS_EMPTY_FILTERED = "no request matches these filters (try `cada status --all`)."
BACKUP_DONE = "backup written to {path} ({size} bytes)"
DB_BACKUP_ONTO_ITSELF = "{path} is the database itself; choose another file for the backup."
DB_BACKUP_NOT_SQLITE = "db backup only supports SQLite databases; use your database's own tools."
DEMO_HOME = "demo home: {home}"
ILLUSTRATIVE_MARK = "*"
ILLUSTRATIVE_FOOTNOTE = "* illustrative: a reconstruction drawn from the seed, not a real request."

# --- status and show labels ----------------------------------------------------------------
# ACT BY: the strict (safe) reading's last day when there is one; LAST DAY: the legal reading;
# DAYS: days left until the act-by date (negative when past it; issue 10).
STATUS_HEADER = ("REF", "AUTHORITY", "STATE", "NEXT ACTION", "ACT BY", "LAST DAY", "DAYS")
OVERDUE_MARK = "OVERDUE"
DUE_SOON_MARK = "soon"
NO_ACTION = "-"
SHOW_TITLE = "{reference} — {authority}"
SHOW_SUBJECT = "Subject: {subject}"
SHOW_STATE = "State: {state}  (today {today})"
SHOW_CHANNEL = "Channel: {channel}{env}"
SHOW_NOTE = "Note: {note}"
SHOW_ENV = ", environmental information"
SHOW_ILLUSTRATIVE = "Illustrative: details reconstructed for the demo, not from the seed."
SHOW_ITEMS = "Documents requested:"
SHOW_EVENTS = "Timeline:"
SHOW_NO_EVENTS = "  (no event yet: the request is a draft)"
SHOW_DEADLINES = "Deadlines:"
SHOW_NO_DEADLINES = "  (none yet: they start when the request is sent or received)"
SHOW_DEADLINE = "  {date}  {label:<34} {status:<9} {basis}"
SHOW_SAFE = "           act by {safe} (strict reading)"
SHOW_FLAGS = "           {flags}"
SHOW_NEXT = "Next: {what}"
SHOW_WARNINGS = "Warnings:"
SHOW_LETTERS = "Letters sent (frozen):"
SHOW_LETTER = "  {kind} {date}  sha256 {sha256}{origin}"
SHOW_LETTER_ORIGIN = {"reconstructed": "  (reconstructed)", "user": "  (your text)"}
SHOW_DOCUMENTS = "Documents received:"
SHOW_FINDINGS = "Findings:"
SHOW_DOCUMENT = "  #{id}  {name}  ({pages} p., received {received}, sha256 {sha}…){mark}"
SHOW_RECONSTRUCTION = "  [reconstruction]"
SHOW_FINDING = "  #{id}  {title}"
SHOW_EVIDENCE = "        doc #{doc} p. {page}: « {quote} »{check}"
SHOW_UNVERIFIED = "  [quote not verified]"
# issue 14: who made an event, letter, document or finding (`cada show`); rows made before
# revision 0008 have no maker
SHOW_MADE_BY = "  [by {name}]"
SHOW_MADE_BY_UNKNOWN = "  [by unknown]"
DEADLINE_LABELS = {
    "implicit_refusal": "implicit refusal (B)",
    "cada_referral_from": "CADA referral admissible from",
    "cada_referral_by": "CADA referral last day",
    "cada_referral_long_stop": "CADA referral long stop",
    "cada_opinion_expected": "CADA opinion expected",
    "refusal_confirmed": "refusal confirmed (K)",
    "court_by": "court application last day",
    "court_long_stop": "court long stop (Czabaj)",
}
FLAG_ESTIMATED = "estimated"
FLAG_NOT_OPPOSABLE = "not opposable"
FLAG_CONFIDENCE = "confidence: {c}"
DB_STATUS_LINES = (
    "url:       {url}\n"
    "file:      {file}\n"
    "size:      {size}\n"
    "store:     {store}\n"
    "schema:    {revision} (program knows {head}){state}\n"
    "requests:  {requests}\n"
    "authorities: {authorities}\n"
    "events:    {events}\n"
    "documents: {documents}"
)
DB_SCHEMA_CURRENT = ", up to date"
DB_SCHEMA_OLD = ", will be upgraded on next write (a backup is made first)"
DB_NOT_CREATED = "not created yet"
DEMO_HOME_NOT_EMPTY = (
    "{home} already holds a cada database that `cada demo` did not create; "
    "run the demo in an empty folder (omit --home for a fresh temporary one)."
)
DEMO_HOME_IS_FILE = "{home} is a file; give the demo a folder (or omit --home)."
DEMO_STATUS_TITLE = "== cada status --all =="
DEMO_SHOW_TITLE = "== cada show {reference} =="
DEMO_FOOTER = (
    "Explore it with: cada {where} status --all | show 2020-001 | explain 2020-001\n"
    "Requests marked illustrative are reconstructions drawn from the seed, not real requests."
)

# --- files written on request ------------------------------------------------------------
OUTPUT_EXISTS = "{path} already exists; choose another path or pass --force."
OUTPUT_IS_DIR = "{path} is a folder; give a file name."
OUTPUT_PROTECTED = "{path} is cada's own database or document store; write somewhere else."
OUTPUT_NOT_REGULAR = "{path} exists and is not a regular file (a device, pipe or socket); choose another path."
OUTPUT_FOLDER_IS_FILE = "{path} is a file, not a folder; give an output path in a folder."
OUTPUT_FOLDER_MISSING = "the folder {path} does not exist; create it first."
OUTPUT_NOT_WRITABLE = "cannot write {path}: {reason}. Nothing was written."

# --- remind and calendar -----------------------------------------------------------------
REMIND_NOTHING = "nothing to do within {days} days."
CALENDAR_WRITTEN = "{n} deadlines written to {path}"

# --- status and remind: yours and theirs, the table's width (issue 10, points 2 and 3) -----
# The sections of `cada status` / `cada remind`: the user's own actions, the answers awaited
# from others (the authority, the CADA; or the court), and the finished requests (--all).
STATUS_SECTION_YOURS = "YOURS: what you must do"
STATUS_SECTION_WAITING = "WAITING: nothing due from you, an answer is awaited from others"
STATUS_SECTION_FINISHED = "FINISHED"
# DAYS cell of the user's row whose act-by (safe) date passed, the legal last day not yet
PAST_SAFE_MARK = "past act-by"
# DAYS cell of an answer awaited from the authority or the CADA that is late ({n} > 0)
LATE_MARK = Plural("{n} day late", "{n} days late")
# `cada show`: status of the authority's or the CADA's deadline answered late, or not answered
ANSWERED_LATE = Plural("answered {n} day late", "answered {n} days late")
NO_ANSWER_LATE = Plural("no answer, {n} day late", "no answer, {n} days late")
# `cada remind --check` on stderr: your own actions overdue or due today (act-by date)
REMIND_DUE = Plural("{n} of your actions is overdue or due today.",
                    "{n} of your actions are overdue or due today.")
# `cada remind --check --all-actors`: answers awaited from the authority or the CADA, late
REMIND_LATE_OTHERS = Plural("{n} answer awaited from the authority or the CADA is late.",
                            "{n} answers awaited from the authority or the CADA are late.")

# --- item by item (issue 9, point 7a: cada log --items/--refused-items/--grounds/...) ----------
ITEMS_BAD_NUMBER = (
    "{option}: {value!s} is not a document number; give the numbers of the documents requested, "
    "separated by commas ({valid})."
)
ITEMS_OUT_OF_RANGE = "{option}: there is no document {number} in this request ({valid})."
ITEMS_VALID_ONE = "the request has one document: 1"
ITEMS_VALID_RANGE = "valid numbers: 1 to {last}, as `cada show` lists them"
ITEMS_REPEATED = "{option}: document {number} is given twice."
ITEMS_TWICE = (
    "document {number} is given to both {first} and {second}; one event gives each document one "
    "outcome."
)
ITEMS_WRONG_EVENT = (
    "the item options (--items, --refused-items, --grounds, --not-held-items) apply to 'reply' "
    "and 'cada-opinion' only, not to '{kind}'."
)
ITEMS_REPLY_OUTCOME = (
    "a reply with outcome '{outcome}' takes no item option: use --outcome partial (some documents "
    "received), refused or not-held; a 'full' reply already means every document was received."
)
ITEMS_NOT_WITH_OUTCOME = (
    "{option} does not fit a reply with outcome '{outcome}': a 'refused' reply communicates "
    "nothing (use --outcome partial), a 'not-held' reply only says documents are not held."
)
ITEMS_GROUNDS_TOO_LONG = (
    "--grounds is {length} characters long; give the ground the authority invoked in at most "
    "{limit} (the article and a few words: \"secret des affaires (L311-6 1°)\"); your own "
    "arguments go in `cada letter REF --arguments-file FILE`."
)
ITEMS_GROUNDS_PAIRING = (
    "{grounds} --grounds for {refused} --refused-items: give one --grounds after each "
    "--refused-items (the i-th --grounds is the ground of the i-th --refused-items), or none."
)
ITEMS_OPINION_ONLY_ITEMS = (
    "a CADA opinion takes --items (the documents it found communicable) only; --refused-items, "
    "--grounds and --not-held-items describe a reply."
)
ITEMS_OPINION_OUTCOME = (
    "--items on a cada-opinion lists the documents the CADA found communicable: use it with "
    "--outcome partly-favorable (a 'favorable' opinion covers every document; outcome given: "
    "{outcome})."
)
SHOW_ITEM_STATUS = {
    "pending": "pending",
    "received": "received {date}",
    "refused": "refused {date}",
    "not-held": "not held {date}",
    "communicable": "communicable (CADA, {date})",
}
SHOW_ITEM_GROUND = "ground: {ground}"
SHOW_ITEM_COMMUNICABLE = "CADA: communicable {date}"

# --- enumerated values as the text outputs show them (issue 10) ------------------------------
# JSON and the command line keep the values themselves (docs/json.md); the tables and `show`
# name them in the interface language. In English a value is its own name.
STATE_NAMES = {
    "draft": "draft", "sent": "sent", "awaiting-reply": "awaiting-reply",
    "implicit-refusal": "implicit-refusal", "refused": "refused", "partial": "partial",
    "awaiting-payment": "awaiting-payment", "clarification-requested": "clarification-requested",
    "cada-referred": "cada-referred", "cada-opinion": "cada-opinion",
    "confirmed-refusal": "confirmed-refusal", "in-court": "in-court", "judged": "judged",
    "complete": "complete", "not-held": "not-held", "withdrawn": "withdrawn", "closed": "closed",
}
EVENT_NAMES = {
    "sent": "sent", "received": "received", "acknowledged": "acknowledged", "reply": "reply",
    "reminder-sent": "reminder-sent", "reasons-requested": "reasons-requested",
    "reasons-received": "reasons-received", "cada-sent": "cada-sent",
    "cada-registered": "cada-registered", "cada-informed": "cada-informed",
    "cada-opinion": "cada-opinion", "legal-aid-requested": "legal-aid-requested",
    "legal-aid-decided": "legal-aid-decided", "court-filed": "court-filed",
    "judgment": "judgment", "withdrawn": "withdrawn", "closed": "closed", "note": "note",
}
OUTCOME_NAMES = {
    "full": "full", "partial": "partial", "refused": "refused", "not-held": "not-held",
    "transferred": "transferred", "fee-requested": "fee-requested",
    "clarification-requested": "clarification-requested", "extended": "extended",
    "favorable": "favorable", "partly-favorable": "partly-favorable",
    "unfavorable": "unfavorable", "inadmissible": "inadmissible", "moot": "moot",
    "incompetent": "incompetent", "granted": "granted", "partly-granted": "partly-granted",
    "dismissed": "dismissed",
}
DEADLINE_STATUS_NAMES = {
    "met": "met", "pending": "pending", "missed": "missed", "expected": "expected",
    "moot": "moot",
}
CHANNEL_LABELS = {
    "email": "email", "post": "post", "registered-post": "registered-post", "web": "web",
    "hand": "hand",
}
CONFIDENCE_NAMES = {"verified": "verified", "inferred": "inferred", "uncertain": "uncertain"}
SHOW_EVENT = "  {date}  {kind}{outcome}{forced}{made_by}{note}"
SHOW_EVENT_OUTCOME = " ({outcome})"
SHOW_EVENT_FORCED = " [forced]"
SHOW_NEXT_WHEN = " (by {date}, {days})"

# --- the command-line library's own words (cli/localise.py), and --lang --------------------
# typer's vendored click writes these in English without gettext: cli/localise.py puts them in
# the interface language. CLICK_ERRORS are click's error sentences, matched whole; a {message}
# inside one is translated in turn.
CLICK_USAGE = "Usage: "
CLICK_OR = "   or: "
CLICK_HEADING = "{heading}:"
CLICK_HELP_OPTION = "Show this message and exit."
CLICK_SEE_HELP = "{message} (see `{where} --help`)"
CLICK_ERRORS = (
    "No such option: {name} (Possible options: {options})",
    "No such option: {name}",
    "Missing argument {name}.",
    "Missing option {name}.",
    "Missing parameter {name}.",
    "Missing parameter: {name}",
    "Invalid value for {name}: {message}",
    "Invalid value: {message}",
    "Option {name} requires an argument.",
    "Option {name} requires {count} arguments.",
    "Option {name} does not take a value.",
    "Got unexpected extra argument(s) ({arguments})",
    "{message}. Did you mean {suggestions}?",
    "{value} is not a valid integer.",
    "{value} is not a valid float.",
    "{value} is not a valid boolean. Recognized values: {values}",
    "{value} is not one of {choices}.",
    "{value} is not in the range {range}.",
    # the vendored click names its integer type "int" (`--due-within abc`)
    "{value} is not a valid int.",
)
BAD_LANGUAGE = "--lang: '{value}' is not a language of cada; choose one of: {languages}."
MISSING_LANGUAGE = "--lang needs a value: one of {languages} (e.g. --lang fr)."

# --- shell completion (`cada completion`) -------------------------------------------------
COMPLETION_UNKNOWN_SHELL = "unknown shell '{shell}'; choose one of: {shells}."
COMPLETION_LETTER_TEMPLATES = "list the letter templates"
COMPLETION_BAD_INSTRUCTION = (
    "_CADA_COMPLETE is set to '{value}', which is not a completion request ({expected}): "
    "only the completion script sets it; unset it (`unset _CADA_COMPLETE`)."
)

# --- --today in the past: a request as it stood that day (issue 10, point 5) ----------------
REQUEST_NOT_YET = (
    "request '{reference}' did not exist yet on {today}: it starts on {since} (its creation or "
    "its first event, whichever is earlier); give --today {since} or later."
)

# --- authorities: CSV input, import --update, export, tags, list (issue 11, points 8 and 9) --
CSV_FIELD_TOO_LARGE = (
    "{path}, line {line}: the row starting on this line has a field longer than {limit} KB "
    "(a quote never closed?); no authority field is that long. Nothing was imported."
)
CSV_UNCLOSED_QUOTE = (
    "{path}, line {line}: the row starting on this line opens a quote (\") that is never "
    "closed; close it or remove it. Nothing was imported."
)
CSV_MALFORMED = "{path}, line {line}: not valid CSV ({reason}); fix the row. Nothing was imported."
AUTHORITY_TAG_BAD = (
    "tag '{tag}' is not valid: 1 to {max} characters, without ';' (the separator of the CSV "
    "tags column)."
)
AUTHORITY_UNTAG_UNKNOWN = "{slug} has no tag '{tag}' (its tags: {tags}); nothing was changed."
AUTHORITY_EXPORT_FORMAT = "--format: '{fmt}' is not one of: {formats}."
AUTHORITY_IMPORT_COUNTS = "{path}: {created} created, {updated} updated, {unchanged} unchanged."
AUTHORITY_IMPORT_CHANGED = "  {slug}: {fields}"
AUTHORITY_EXPORTED = Plural("wrote {n} authority to {path}", "wrote {n} authorities to {path}")
AUTHORITY_LIST_HEADER = ("SLUG", "NAME", "DEP.", "E-MAIL", "TAGS")
AUTHORITY_LIST_EMPTY = (
    "no authority yet: `cada authority add NAME` or `cada authority import FILE.csv`."
)
AUTHORITY_LIST_NO_TAG = "no authority has the tag '{tag}'.{hint}"
AUTHORITY_TAGS_IN_USE = " Tags in use: {tags}."
# --- corrections (issue 11, point 8): cada edit, delete, event list/edit/delete, detach ----
EDIT_NOTHING = (
    "nothing to change: give at least one of {options}."
)
EDIT_FROZEN = (
    "request '{reference}' was sent on {sent}: its subject and documents requested went with the "
    "letter and cannot change now ({option} refused). To ask for something else, make a new "
    "request (`cada new`)."
)
EDIT_DONE = "{reference}: changed {fields}."
EDIT_DRAFT_REDRAWN = "{reference}: the draft letter was drafted again ({fields} changed)."
EDIT_DRAFT_STALE = (
    "{reference}: the draft letter is your own text and was kept as it is; it may no longer "
    "match what changed ({fields}): read it (`cada letter {reference} demande`) and replace it."
)
EDIT_CHANNEL_NOTE = "channel changed from {old} to {new} (cada edit)"
EDIT_CHANNEL_RECORDED = (
    "{reference}: the channel of the sent request is now {new} (was {old}); recorded as a note "
    "on {date}. It decides when the request is deemed received: the deadlines follow "
    "(`cada explain {reference}`)."
)
DEADLINE_MOVED = "  {kind}: {old} -> {new}"
DEADLINE_GONE = "  {kind}: {old} -> (none)"
DEADLINE_NEW = "  {kind}: (none) -> {new}"
DELETE_HAS_EVENTS = (
    "request '{reference}' has a history ({events}): only a draft without events can be "
    "deleted. To correct a mistyped event use `cada event edit ID` or `cada event delete ID`."
)
DELETE_HAS_DOCUMENTS = (
    "request '{reference}' has documents ({documents}): detach them first "
    "(`cada document detach ID {reference}`)."
)
DELETE_HAS_FINDINGS = (
    "request '{reference}' is linked to findings ({findings}): unlink them first "
    "(`cada finding edit F --unlink {reference}`)."
)
DELETE_CONFIRM = "Delete the draft request '{reference}' ({subject}), its items and its letter?"
DELETE_NEEDS_YES = (
    "deleting request '{reference}' needs confirmation: add --yes (stdin is not a terminal)."
)
DELETE_CANCELLED = "nothing deleted."
DELETE_DONE = "request '{reference}' deleted (a draft: its items and draft letter with it)."
EVENT_BAD_ID = "'{event}' is not an event id; give a number from 1 up, as `cada event list REF` shows."
EVENT_ID_NOT_FOUND = "no event {event}; list the events of a request with `cada event list REF`."
EVENT_LIST_HEADER = "{reference}: events (id, date, kind, outcome, note)"
EVENT_LIST_LINE = "  {id:>5}  {date}  {kind}{outcome}{flags}{note}"
EVENT_LIST_EMPTY = "  (no event: a draft)"
EVENT_LIST_AUDIT = "corrections:"
EVENT_LIST_AUDIT_LINE = "  {at}  event {event} {action}: {change}"
EVENT_FLAG_FORCED = " [forced]"
EVENT_FLAG_LETTER = " [letter {kind} frozen]"
EVENT_FLAG_DOCUMENTS = " [documents {ids}]"
EVENT_EDIT_ONLY_FOR = "{option} applies to {kinds} events only; event {event} is {kind}."
EVENT_EDIT_ITEMS = (
    "event {event} ({kind}) recorded the outcome of documents {items}: its outcome cannot change "
    "under them. Delete the event (`cada event delete {event}`) and log it again with its items."
)
EVENT_EDIT_INCONSISTENT = "event {event} cannot be changed that way: {reason} Nothing was changed."
EVENT_DELETE_INCONSISTENT = (
    "deleting event {event} ({kind} on {date}) would leave the history of '{reference}' "
    "inconsistent: {reason}. Nothing was deleted; --force deletes it anyway."
)
EVENT_EDITED = "{reference}: event {event} corrected ({kind} on {date}); state now {state}."
EVENT_DELETED = "{reference}: event {event} ({kind} on {date}) deleted; state now {state}."
EVENT_LETTER_KEPT = (
    "the letter {kind} frozen on event {event} keeps its text as sent (dated {old}); the event "
    "is now dated {new}."
)
EVENT_LETTER_DELETED = (
    "the letter {kind} frozen on event {event} was removed with it (sha256 {sha256}); its text "
    "is kept in the correction's audit line (`cada event list {reference} --json`)."
)
EVENT_DOCUMENTS_UNLINKED = (
    "documents {ids} stay with request '{reference}', no longer linked to an event "
    "(`cada attach ... --event` links a new upload)."
)
DETACH_WRONG_REQUEST = (
    "DOC {doc} is attached to request '{actual}', not '{reference}'; nothing was detached."
)
DETACH_CHILD = (
    "DOC {doc} was unpacked from DOC {parent} (an e-mail or archive): detach DOC {parent}, "
    "which takes its parts with it."
)
DETACH_EVIDENCE = (
    "DOC {doc} is quoted as evidence by findings {findings}: nothing was detached. Remove that "
    "evidence with --remove-evidence, or the findings (`cada finding remove F`)."
)
DETACH_DONE = Plural(
    "DOC {doc} detached from request '{reference}' ({n} document).",
    "DOC {doc} detached from request '{reference}' ({n} documents, with its parts).",
)
DETACH_FILE_KEPT = "  the stored file {sha256} stays: documents {ids} still link it."
DETACH_FILE_REMOVED = "  the stored file {sha256} was removed from the store: nothing links it any more."
DETACH_EVIDENCE_REMOVED = "  evidence removed from findings {findings}."

# ---- issue 11 point 8: transfer to the competent authority (`log REF reply --to SLUG`) ----
TRANSFER_TO_ONLY_TRANSFERRED = (
    "--to only goes with `reply --outcome transferred` (the authority the request was "
    "transferred to)."
)
TRANSFER_SAME_AUTHORITY = (
    "{reference} is already addressed to '{slug}': --to names the competent authority the "
    "request was transferred to, another one."
)
TRANSFER_CREATED = (
    "Created {reference} to {authority}: the request as transferred, sent on {date} (CRPA "
    "L114-2). Record its receipt with `cada log {reference} received --on DATE` when known."
)
SHOW_TRANSFERRED_TO = "Transferred to: {reference} (the request to the competent authority)"
SHOW_TRANSFERRED_FROM = "Transferred from: {reference} (the request as first made)"

# --- interface language (cada_tracker.i18n): the constants above are read translated ---------
if not TYPE_CHECKING:
    __getattr__ = localised(globals())

