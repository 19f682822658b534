"""User-facing strings of `cada mail import`, `cada mail assign`, `cada mail unassign` and
`cada mail list` (issue 12, point 2: bringing replies back).

`str.format` templates, one line each. The exit code of each error is in docs/exit-codes.md.
"""

from typing import TYPE_CHECKING

from cada_tracker.i18n import Plural, localised

# --- mail import: sources (issue 12, point 2) ------------------------------------------------
IMPORT_ONE_SOURCE = "give exactly one of --imap, --maildir DIR, --mbox FILE."
IMAP_ONLY_OPTIONS = "{options}: only with --imap."
NOT_A_MAILDIR = "--maildir: {path} is not a Maildir folder (it needs cur/ and new/ inside)."
NOT_AN_MBOX = "--mbox: {path} is not an mbox file (it must exist and start with a \"From \" line)."
NOT_AN_MBOX_READ = "--mbox: cannot read {path}: {reason}."
TOO_LARGE = (
    "{source}: a message of {size_mb} MB is larger than the {limit_mb} MB cada imports; it was "
    "not recorded and stays in your mailbox (save its attachments and use `cada attach`)."
)
EMPTY_MESSAGE = (
    "{source}: an empty message (no header, no body) was not recorded; it stays in your mailbox."
)
ARCHIVE_NOT_UNPACKED = (
    "an attachment was kept without being unpacked ({reason}); the message is filed."
)

# --- mail import: IMAP -----------------------------------------------------------------------
IMAP_NOT_SET_UP = "IMAP is not set up: run `cada mail setup` with the IMAP server first."
IMAP_NO_PASSWORD = (
    "no IMAP password for {user} on {host}: set CADA_IMAP_PASSWORD or store it in the system "
    "keyring (`cada mail setup --help`)."
)
IMAP_PLAIN_REFUSED = (
    "IMAP without TLS is only allowed to a loopback address, not {host}: use tls or starttls."
)
CA_FILE_UNREADABLE = "the CA file {path} cannot be used: {reason}."
IMAP_CERTIFICATE = (
    "the certificate of the IMAP server {server} does not verify ({reason}); nothing was "
    "imported. Record the CA file of your server with `cada mail setup`, or check the host name."
)
IMAP_CONNECT = "cannot connect to the IMAP server {server}: {reason}."
IMAP_LOGIN = "the IMAP server {server} refused the login of {user}: {reason}."
IMAP_DROPPED = (
    "the connection to the IMAP server {server} was lost ({reason}); what was imported before "
    "is kept: run the same command again to import the rest."
)
IMAP_REFUSED = "the IMAP server {server} refused {what}: {reason}."
IMAP_NO_FOLDER = "the IMAP server {server} has no folder '{folder}' that can be opened: {reason}."
IMPORT_PROGRESS = "{n} messages read ({new} new)"

# --- mail import: the report -----------------------------------------------------------------
IMPORT_DONE = Plural(
    "{n} new message from {source}: {inbox} in the inbox, {unmatched} unmatched; already "
    "imported: {already}; refused: {refused}.",
    "{n} new messages from {source}: {inbox} in the inbox, {unmatched} unmatched; already "
    "imported: {already}; refused: {refused}.",
)
IMPORT_LINE_FILED = "  #{id} {received_on} {reference} ({how}) {sender}: {subject}"
IMPORT_LINE_UNMATCHED = "  #{id} {received_on} unmatched {sender}: {subject} — {reason}"
IMPORT_WARNING = "  #{id}: {warning}"
IMPORT_NEXT_INBOX = "Next: `cada inbox` to say what each message is."
IMPORT_NEXT_ASSIGN = "Unmatched: `cada mail assign ID REF` files one with its request."
UNMATCHED_REASONS = {
    "no-match": "no reply to a message cada sent, no known reference, no authority's address",
    "unknown-reference": "the reference '{detail}' is not a request of this home",
    "ambiguous-address": "the sender is an authority with several or no open requests: "
                         "{detail}",
    "ambiguous-domain": "the sender's domain is shared or has several or no open requests: "
                        "{detail}",
}
MATCHED_HOW = {
    "in-reply-to": "reply to a message cada sent",
    "references": "references a message cada sent",
    "subject-ref": "reference in the subject",
    "body-ref": "reference in the body",
    "address": "the authority's address",
    "domain": "the authority's domain",
    "manual": "assigned by hand",
}

# --- mail assign, unassign, list -------------------------------------------------------------
BAD_MESSAGE_ID = "'{value}' is not a message ID: give the number `cada mail list` shows."
NO_SUCH_MESSAGE = "no message #{id}: `cada mail list` shows the messages brought back."
ALREADY_FILED = (
    "message #{id} is already filed with {reference}: `cada mail unassign {id}` first."
)
NOT_FILED = "message #{id} is not filed with a request: nothing to unassign."
CLASSIFIED_CANNOT_UNASSIGN = (
    "message #{id} was classified as event {event} of {reference}: delete that event first "
    "(`cada event delete`), then unassign."
)
UNASSIGN_EVIDENCE = (
    "message #{id}: its documents are quoted as evidence by {findings}; remove that evidence "
    "first."
)
ASSIGNED = Plural(
    "Message #{id} filed with {reference}, received on {received_on}: {n} document.",
    "Message #{id} filed with {reference}, received on {received_on}: {n} documents.",
)
UNASSIGNED = Plural(
    "Message #{id} is unmatched again; {n} document of {reference} removed.",
    "Message #{id} is unmatched again; {n} documents of {reference} removed.",
)
STORED_MESSAGE_MISSING = (
    "the stored copy of message #{id} ({sha256}) is missing from the store or changed; "
    "nothing was filed. Run `cada check`."
)
LIST_HEADER = "  ID  received    status      request         from / subject"
LIST_LINE = "{id:>4}  {received_on}  {status:<10}  {reference:<14}  {sender}: {subject}"
LIST_EMPTY = "No message brought back yet: `cada mail import`."
LIST_EMPTY_UNMATCHED = "No unmatched message."

# --- interface language (cada_tracker.i18n): the constants above are read translated ---------
if not TYPE_CHECKING:
    __getattr__ = localised(globals())
