"""User-facing strings of sending from the user's own mailbox (issue 12, point 1): `cada mail
setup`, `cada send`, `cada campaign send --mail`, and the SMTP errors (exit 6). A password is
never a placeholder of any of them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cada_tracker.i18n import Plural, localised

# --- mail setup (issue 12) -------------------------------------------------------------------
CONFIG_UNREADABLE = (
    "The mail settings {path} cannot be read ({reason}); fix the file or run `cada mail setup` "
    "again."
)
CONFIG_BAD_VALUE = (
    "{key} = {value} is not a valid setting (port: a whole number from 1 to 65535; security: "
    "starttls, tls or plain; host, user, ca_file, from, sent_folder: text; host, port, "
    "security and user are all needed)"
)
SETUP_NOTHING = (
    "Nothing to record: give at least one setting (e.g. `cada mail setup --smtp-host "
    "smtp.example.org --smtp-user me@example.org`), or --show to print the settings."
)
FROM_ADDRESS_WHAT = "the From address of the mail settings (`cada mail setup --from`)"
SETUP_BAD_HOST = (
    "{option}: {value} is not a host name or IP address (letters, digits, '.', '-', ':'; no "
    "spaces); e.g. smtp.example.org."
)
SETUP_BAD_PORT = "{option}: {value} is not a port number (1 to 65535); e.g. 587."
SETUP_BAD_SECURITY = "{option}: {value} is not one of {allowed}."
SETUP_NO_HOST = (
    "{protocol}: no server recorded yet; give --{protocol}-host HOST with the other "
    "--{protocol}-... settings."
)
SETUP_CA_MISSING = "{option}: {path} is not a readable file; give the PEM file of the CA to trust."
SETUP_BAD_USER = "{option}: the login must not be empty or contain spaces or control characters."
SETUP_SAVED = "Mail settings recorded in {path}."
SETUP_SHOW_NONE = "not set"
SETUP_SHOW_FROM = "From address:   {value}"
SETUP_SHOW_SENT = "Sent folder:    {value}"
SETUP_SHOW_SERVER = "{protocol}: {host}:{port}, {security}, login {user}{ca}"
SETUP_SHOW_CA = ", trusting {path}"
SETUP_SHOW_NO_SERVER = "{protocol}: not set up (`cada mail setup --{protocol}-host HOST ...`)"
SETUP_SHOW_PASSWORD = "  password: {source}"
PASSWORD_FROM_ENV = "from the environment ({variable})"
PASSWORD_FROM_KEYRING = "from the system keyring (service cada, user {user})"
PASSWORD_MISSING = (
    "missing: set {variable}, or store it with `cada mail setup --password-to-keyring "
    "{protocol}`"
)
PASSWORD_NOT_NEEDED = "not needed (no login)"
KEYRING_UNAVAILABLE = (
    "No system keyring is available (the `keyring` library or a backend is missing): give the "
    "password in {variable} instead."
)
KEYRING_PROMPT = "Password of {user} on {host} (not shown)"
KEYRING_STORED = "Password stored in the system keyring (service cada, user {user})."
KEYRING_EMPTY = "Empty password: nothing stored."
KEYRING_BAD_PROTOCOL = "--password-to-keyring: {value} is not smtp or imap."
KEYRING_NO_SERVER = (
    "--password-to-keyring {protocol}: no {protocol} server is set up; record it first with "
    "--{protocol}-host and --{protocol}-user."
)

# --- SMTP (issue 12) ----------------------------------------------------------------------------
PLAIN_NOT_LOOPBACK = (
    "{protocol}: security plain (no encryption) is allowed only to a loopback address "
    "(127.0.0.1, ::1, localhost), not {host}; use starttls or tls."
)
CA_FILE_UNREADABLE = "The CA file {path} cannot be used ({reason}); check `cada mail setup --show`."
NO_PASSWORD = (
    "No {protocol} password for {user} on {host}: set CADA_{PROTOCOL}_PASSWORD or store it "
    "with `cada mail setup --password-to-keyring {protocol}`; nothing was sent."
)
PASSWORD_NOT_ASCII = (
    "The {protocol} password for {user} on {host} has a character outside ASCII (an accent, a "
    "symbol), which the {PROTOCOL} login cannot carry: give the password in ASCII in "
    "CADA_{PROTOCOL}_PASSWORD or the keyring (`cada mail setup --password-to-keyring "
    "{protocol}`), or change it; nothing was recorded."
)
SMTP_NOT_SET_UP = (
    "No SMTP server is set up: record it with `cada mail setup --smtp-host HOST --smtp-user "
    "LOGIN` (see `cada mail setup --help`); nothing was recorded."
)
SMTP_UNREACHABLE = "The SMTP server {server} cannot be reached ({reason}); nothing was sent."
SMTP_TIMEOUT = "no answer in time"
SMTP_NO_STARTTLS = (
    "The SMTP server {server} does not offer STARTTLS: use --smtp-security tls (often port "
    "465), or another server; nothing was sent."
)
SMTP_CERTIFICATE = (
    "The certificate of the SMTP server {server} does not verify ({reason}); if the server "
    "uses its own certificate authority, give its PEM file with `cada mail setup "
    "--smtp-ca-file FILE`; nothing was sent."
)
SMTP_TLS_FAILED = "TLS with the SMTP server {server} failed ({reason}); nothing was sent."
SMTP_LOGIN_REFUSED = (
    "The SMTP server {server} refused the login of {user} ({reply}); check the login and the "
    "password; nothing was sent."
)
SMTP_NO_AUTH = (
    "The SMTP server {server} offers no login (AUTH) on this connection; check --smtp-security "
    "and the port; nothing was sent."
)
SMTP_NO_SMTPUTF8 = (
    "The SMTP server {server} does not accept addresses with non-ASCII characters (no "
    "SMTPUTF8); nothing was sent."
)
SMTP_SENDER_REFUSED = "The SMTP server {server} refused the sender {sender} ({reply}); nothing was sent."
SMTP_RECIPIENT_REFUSED = (
    "The SMTP server {server} refused the recipient {recipient} ({reply}); nothing was sent."
)
SMTP_DATA_REFUSED = "The SMTP server {server} refused the message ({reply}); nothing was sent."
SMTP_DROPPED = (
    "The connection to the SMTP server {server} was lost before it accepted the message "
    "({reason}); nothing was sent."
)

# --- cada send (issue 12) ------------------------------------------------------------------------
SEND_COURT_KIND = (
    "{kind} is not sent by e-mail (it is filed with the court); `cada send` sends {kinds}."
)
SEND_UNKNOWN_KIND = "`cada send` sends {kinds}, not {kind}."
SEND_RETRY_HINT = "{reason} Run `cada send {reference}` again to send it (same message)."
SEND_PENDING_OTHER = (
    "{reference}: the {kind} message {message_id} is still waiting in the outbox ({status}); "
    "settle it first (`cada send {reference}`), or drop it if it is pending (`cada send "
    "{reference} --discard`)."
)
SEND_AUTHORITY_NO_EMAIL = (
    "the authority '{slug}' has no e-mail address to send {reference} to; add it with "
    "`cada authority edit {slug} --email ...`, or print the letter with `cada letter "
    "{reference} {kind} --format pdf` and send it by post."
)
SMTP_REPLY_LOST = (
    "The connection to the SMTP server {server} was lost after the whole message was handed "
    "over and before the server answered ({reason}): it may have gone."
)
SEND_REPLY_LOST_HINT = (
    "{reason} Check your Sent folder, then run `cada send {reference} --mark-sent` (it went) "
    "or `cada send {reference} --resend` (it did not: same Message-ID)."
)
SEND_POSSIBLY_SENT = (
    "{reference}: the {kind} message {message_id} was being handed to the server on "
    "{attempted} when cada stopped: it may have gone. Check your Sent folder, then run `cada "
    "send {reference} --mark-sent` (it went: record {event}) or `cada send {reference} "
    "--resend` (it did not: send it again, same Message-ID)."
)
SEND_NOTHING_TO_SETTLE = (
    "{reference}: no message is possibly sent, so {option} has nothing to settle; `cada send "
    "{reference}` sends the next letter."
)
SEND_MARK_PENDING = (
    "{reference}: the {kind} message {message_id} never reached the server (pending): `cada "
    "send {reference}` sends it; --mark-sent is for a message possibly sent."
)
SEND_NOTHING_TO_DISCARD = "{reference}: no pending message to discard."
SEND_DISCARD_NOT_PENDING = (
    "{reference}: the {kind} message {message_id} is {status}, not pending: it may have gone, "
    "so it cannot be discarded; use --mark-sent or --resend."
)
SEND_DISCARDED = "Dropped the pending {kind} message {message_id} of {reference} (never sent)."
SEND_RESEND_EXCLUSIVE = "Give one of --resend, --mark-sent, --discard, --dry-run."
SEND_SENT_NOT_RECORDED = (
    "{reference}: the message {message_id} was accepted by the server, but {event} could not "
    "be recorded ({error}); fix that, then run `cada send {reference} --mark-sent`."
)
SEND_STORED_MISSING = (
    "The stored message {message_id} ({sha256}) is missing or changed in the document store; "
    "run `cada check`; nothing was sent."
)
SEND_NOT_EMAIL_CHANNEL = (
    "{reference} was created to go by {channel}, not e-mail; `cada send` would record a `sent` "
    "by e-mail. Record it with `cada log {reference} sent` instead."
)
SEND_DONE = "Sent {kind} of {reference} to {to} ({message_id}); recorded {event} on {date}."
SEND_MARKED = "Recorded {event} on {date} for {reference} ({message_id}), without sending again."
SEND_SENT_FOLDER = "Found {message_id} in the Sent folder: it went."
SEND_DRY_HEADER = "Would send {kind} of {reference} (nothing recorded, nothing sent):"
SEND_DRY_STORED = "Would send again the {status} {kind} message of {reference} (stored):"
SEND_DRY_FROM = "From:        {value}"
SEND_DRY_TO = "To:          {value}"
SEND_DRY_SUBJECT = "Subject:     {value}"
SEND_DRY_ID = "Message-ID:  {value}"
SEND_DRY_EVENT = "Records:     {event} on {date}"
SEND_DRY_ATTACHMENT = "Attachment:  {name} ({media}, {size} bytes)"
SEND_DRY_BODY = "Body (first lines):"

# --- cada campaign send --mail (issue 12) --------------------------------------------------------
CAMPAIGN_MAIL_SENT = Plural(
    "Sent {n} message of campaign {slug}: {refs}.",
    "Sent {n} messages of campaign {slug}: {refs}.",
)
CAMPAIGN_MAIL_FAILED = "Not sent: {reference}: {error}"
CAMPAIGN_MAIL_NOT_TRIED = Plural(
    "Not tried (stopped after the failure): {refs}.",
    "Not tried (stopped after the failure): {refs}.",
)
CAMPAIGN_MAIL_SUMMARY = (
    "Campaign {slug}: {sent} sent, {unsent} not sent; run `cada campaign send {slug} --mail` "
    "again to send only the rest."
)
CAMPAIGN_MAIL_NOTHING = (
    "Campaign {slug} has no draft left to send ({count} requests, none a draft); `cada "
    "campaign show {slug}`."
)

# --- interface language (cada_tracker.i18n): the constants above are read translated ---------
if not TYPE_CHECKING:
    __getattr__ = localised(globals())
