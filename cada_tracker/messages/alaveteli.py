"""User-facing strings of the import of a request made on an Alaveteli site (issue 11, point 7:
`cada import --from alaveteli`, for now `cada import-alaveteli`; services/alaveteli.py).

`str.format` templates, one line each. Exit codes: docs/exit-codes.md.
"""

from typing import TYPE_CHECKING

from cada_tracker.i18n import Plural, localised

# --- the file (exit 2; 3 when it does not exist) ---------------------------------------------
ALAVETELI_TOO_LARGE = (
    "{path} is larger than {limit} MiB: not one Alaveteli request. Nothing was imported."
)
ALAVETELI_NOT_REGULAR = (
    "{path} is not a regular file (a device, pipe or socket); save the request's JSON to a file. "
    "Nothing was imported."
)
ALAVETELI_NOT_UTF8 = "{path} is not UTF-8 text (line {line}): not JSON. Nothing was imported."
ALAVETELI_NOT_JSON = (
    "{path} is not JSON ({reason} at line {line}, column {column}); give the request's JSON as "
    "the site publishes it (/request/<url_title>.json). Nothing was imported."
)
ALAVETELI_TOO_DEEP = "{path} is not JSON cada can read (nested too deep). Nothing was imported."
ALAVETELI_NOT_REQUEST = (
    "{path} is not an Alaveteli request: {what}. Give the request's JSON as the site publishes "
    "it (/request/<url_title>.json). Nothing was imported."
)
# {what} above
ALAVETELI_WHAT_NOT_OBJECT = "the document is not a JSON object"
ALAVETELI_WHAT_MISSING = "'{key}' is missing"
ALAVETELI_WHAT_NOT_TEXT = "'{key}' is not a non-empty text"
ALAVETELI_WHAT_NOT_LIST = "'{key}' is not a list"
ALAVETELI_WHAT_NOT_ONE_LINE = "'{key}' is not one line of text"
ALAVETELI_WHAT_BAD_URL_TITLE = (
    "'url_title' '{value}' is not the name of an Alaveteli request (letters, digits, _ and -)"
)
ALAVETELI_WHAT_NOT_BODY = "'public_body' is not an object with a 'name' and a 'url_name'"
ALAVETELI_WHAT_EVENT_NOT_OBJECT = "event {n} of 'info_request_events' is not an object"
ALAVETELI_WHAT_EVENT_KEY = "event {n} of 'info_request_events' has no text '{key}'"
ALAVETELI_WHAT_EVENT_TIME = (
    "event {n} ({type}): created_at '{value}' is not a timestamp with its UTC offset "
    "(like 2023-01-10T23:30:00.000+01:00)"
)
ALAVETELI_WHAT_EVENT_YEAR = "event {n} ({type}): {date} is outside the years 1900-2999"
ALAVETELI_WHAT_NO_SENT = (
    "it has no 'sent' event (a request never sent from the site: no deadline can follow)"
)
ALAVETELI_NO_TIME_ZONE = (
    "the time zone Europe/Paris is not installed on this machine (install the tzdata package); "
    "nothing was imported."
)

# --- options (exit 2) ------------------------------------------------------------------------
ALAVETELI_NEED_AUTHORITY = (
    "the public body '{name}' carries no department: link the request to one of your "
    "authorities with --authority SLUG, or create it with --department CODE (INSEE code: 34, "
    "2A, 971...). Nothing was imported."
)
ALAVETELI_AUTHORITY_AND_DEPARTMENT = (
    "give --authority (an existing authority) or --department (create it), not both."
)
ALAVETELI_BAD_SITE = (
    "--site '{value}' is not the address of a web site; give it as https://madada.fr."
)

# --- refused (exit 4) ------------------------------------------------------------------------
ALAVETELI_DUPLICATE = (
    "the Alaveteli request '{url_title}' was already imported as {reference}; nothing was "
    "imported. Record its later events with `cada log {reference} ...`."
)
ALAVETELI_AUTHORITY_EXISTS = (
    "an authority '{slug}' already exists; link the request to it with --authority {slug}. "
    "Nothing was imported."
)

# --- what the import says (stdout, then notes on stderr) -------------------------------------
ALAVETELI_IMPORTED = Plural(
    "{reference}: imported from the Alaveteli request '{url_title}' ({authority}), "
    "{n} event recorded; state {state}.",
    "{reference}: imported from the Alaveteli request '{url_title}' ({authority}), "
    "{n} events recorded; state {state}.",
)
ALAVETELI_EVENT_LINE = "  {date}  {kind}{outcome}  <- {type} {at}"
ALAVETELI_AUTHORITY_CREATED = (
    "authority '{slug}' created from the public body '{name}'; Alaveteli does not publish "
    "them, so it lacks: {missing}. Add them with `cada authority edit {slug}` before a letter "
    "needs them."
)
ALAVETELI_MISSING_EMAIL = "e-mail address"
ALAVETELI_MISSING_ADDRESS = "postal address"
ALAVETELI_AUTHORITY_LACKS = (
    "authority '{slug}' lacks: {missing}. Add it with `cada authority edit {slug}` before a "
    "letter needs it."
)
ALAVETELI_UNKNOWN_TYPES = "skipped event types cada does not know: {types}."
ALAVETELI_OUT_OF_ORDER = (
    "the events of {path} were not in the order of their timestamps; they were imported in "
    "that order."
)
ALAVETELI_KEPT_AS_NOTES = Plural(
    "{n} event of the site is not a step cada dates and was kept as a note: see `cada show "
    "{reference}`.",
    "{n} events of the site are not steps cada dates and were kept as notes: see `cada show "
    "{reference}`.",
)
ALAVETELI_FINAL_STATE = (
    "the site describes the request as '{state}', but no response of its history carries that "
    "state; record the decision with `cada log {reference} reply --outcome {outcome} --on DATE`."
)
ALAVETELI_RECEIPT = (
    "sent by e-mail from the site on {date} (Paris time): receipt is taken as the same day "
    "(docs/deadlines.md). If you know a later receipt, record it: `cada log {reference} "
    "received --on DATE`."
)

# --- the texts stored with the request and its events ----------------------------------------
# the request's note (after the fixed key `alaveteli:<url_title>`)
ALAVETELI_REQUEST_NOTE = (
    "Imported on {today} from the Alaveteli request '{url_title}' (id {id}), described on the "
    "site as '{state}'. Item 1 is the request's title: the site does not publish the "
    "documents asked for one by one; change the items to list them."
)
ALAVETELI_SOURCE_LINE = "Source: {url}"
# each event recorded (its note)
ALAVETELI_EVENT_NOTE = "Alaveteli {type} at {at} (Paris: {paris})."
# an event of the site kept as a note: the Alaveteli note above, then why
ALAVETELI_NOTE_STATE = "{event} State on the site: {state}."
ALAVETELI_WHY_RESENT = "A message sent again by the site; the legal date stays the first one."
ALAVETELI_WHY_UNCLASSIFIED = (
    "A message from the authority not classified on the site; if it decides the request, "
    "record it with `cada log REF reply --outcome ...`."
)
ALAVETELI_WHY_STATE = (
    "A message from the authority that this state does not make a decision cada records; if "
    "it is one, record it with `cada log`."
)
ALAVETELI_WHY_NOT_NOW = "Not recorded as {kind}: the request's history here does not allow it."

# --- interface language (cada_tracker.i18n): the constants above are read translated ---------
if not TYPE_CHECKING:
    __getattr__ = localised(globals())
