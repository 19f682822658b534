"""User-facing strings of the inbox (issue 12, point 3): `cada inbox`, `cada inbox show`,
`cada inbox classify`, `cada inbox dismiss`, and the reasons of the suggested classification
(domain/mail_suggest.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cada_tracker.i18n import Plural, localised

# --- inbox: listing (issue 12, point 3) -------------------------------------------------------
INBOX_EMPTY = (
    "The inbox is empty: no message brought back waits to be classified (`cada mail import` "
    "brings replies back; `cada inbox --all` also lists those already classified)."
)
INBOX_EMPTY_ALL = "No message has been brought back yet (`cada mail import`)."
INBOX_COUNT = Plural(
    "{n} message waits to be classified.",
    "{n} messages wait to be classified.",
)
INBOX_LINE = "#{id}  {reference}  received {received_on}  from {sender}{attachments}"
INBOX_ATTACHMENTS = Plural(" ({n} attachment)", " ({n} attachments)")
INBOX_SUBJECT = "    Subject: {subject}"
INBOX_NO_SUBJECT = "(no subject)"
INBOX_UNKNOWN_SENDER = "(unknown sender)"
INBOX_SUGGESTED = "    Suggested: {command}"
INBOX_NO_SUGGESTION = "    No suggestion: {reason}"
INBOX_WHY = "    Why: {reason}"
INBOX_DONE_CLASSIFIED = "    Classified: event {event_id} (`cada event list {reference}`)."
INBOX_DONE_DISMISSED = "    Dismissed: no event was recorded."
INBOX_DONE_UNMATCHED = "    Not filed with a request: `cada mail assign {id} REF`."
INBOX_STATUS_NAMES = {
    "inbox": "in the inbox", "classified": "classified", "dismissed": "dismissed, no event",
    "unmatched": "not filed with a request",
}

# --- inbox: reasons of the suggested classification (domain/mail_suggest.py) ----------------
REASON_CADA_OPINION = "a message of the CADA ({domain}) stating its opinion: \"{evidence}\"."
REASON_CADA_OPINION_UNSTATED = (
    "a message of the CADA ({domain}) about its opinion (\"{evidence}\"), but its outcome is not "
    "stated in so many words: read it and add --outcome."
)
REASON_CADA_REGISTERED = (
    "a message of the CADA ({domain}) saying the referral was registered: \"{evidence}\"; the "
    "registration dates the CADA's opinion (one month, CRPA R343-3)."
)
REASON_CADA_SENDER = (
    "a message of the CADA ({domain}) that states no opinion: most likely the registration of "
    "the referral; if it is an opinion, classify it as cada-opinion --outcome ..."
)
REASON_TRANSFERRED = (
    "the text says the request was transferred (\"{evidence}\"): the authority sent it to the "
    "competent one (CRPA L114-2); add --to SLUG to follow it there with `cada log`."
)
REASON_ACK_COMPLETE = (
    "an acknowledgment of receipt (\"{evidence}\") that states the implicit decision and the "
    "remedies including the CADA (CRPA R112-5, L112-6)."
)
REASON_ACK_INCOMPLETE = (
    "an acknowledgment of receipt (\"{evidence}\"); its text does not state {missing}: read it "
    "(and its attachments) before adding --complete."
)
REASON_ATTACHMENTS = "the message has attachments ({evidence}): most likely the reply."
REASON_REPLY_TEXT = "the text says so in so many words: \"{evidence}\"."
REASON_NONE = (
    "nothing in its subject, text or attachments says what it is; read it (`cada inbox show "
    "{id}`) and classify it, or dismiss it."
)
MISSING_IMPLICIT_DECISION = "the implicit decision"
MISSING_REMEDIES = "the remedies (the CADA)"
MISSING_OUTCOME = "The outcome is not stated clearly: add --outcome."
MISSING_AMBIGUOUS_OUTCOME = "The text speaks of several outcomes: choose --outcome."
MISSING_AND = " and "

# --- inbox: show -----------------------------------------------------------------------------
SHOW_TITLE = "Message #{id} ({status})"
SHOW_REQUEST = "Request:      {reference} (matched by {matched_by})"
SHOW_NO_REQUEST = "Request:      none (`cada mail assign {id} REF`)"
SHOW_FROM = "From:         {value}"
SHOW_TO = "To:           {value}"
SHOW_SUBJECT = "Subject:      {value}"
SHOW_MESSAGE_ID = "Message-ID:   {value}"
SHOW_DATE_HEADER = "Date header:  {value} (UTC)"
SHOW_ARRIVAL = "Arrival:      {value} (UTC)"
SHOW_RECEIVED_ON = "Received on:  {value} (the legal day, Europe/Paris)"
SHOW_DOCUMENT = "Document:     {document} (`cada document show {document}`)"
SHOW_EVENT = "Event:        {event_id}"
SHOW_ATTACHMENTS = "Attachments:"
SHOW_ATTACHMENT = "  {document}  {name}  ({media_type}, {size} bytes)"
SHOW_NO_ATTACHMENT = "Attachments:  none"
SHOW_TEXT = "Text:"
SHOW_NO_TEXT = "(no text could be read from this message)"

# --- inbox: classify and dismiss -------------------------------------------------------------
INBOX_NO_MESSAGE = "No message #{id}: `cada inbox --all` lists the messages brought back."
INBOX_ID_NOT_NUMBER = "'{value}' is not a message ID: give the number `cada inbox` shows."
INBOX_ALREADY_CLASSIFIED = (
    "Message #{id} is already classified (event {event_id} of {reference}); to change it, edit "
    "or delete that event (`cada event edit`, `cada event delete`)."
)
INBOX_UNMATCHED = (
    "Message #{id} is not filed with a request yet: `cada mail assign {id} REF` first."
)
INBOX_IS_DISMISSED = "Message #{id} was dismissed; nothing to classify."
INBOX_OUTGOING_EVENT = (
    "{kind} is an act of yours (a letter you send), not something a message received can be: "
    "record it with `cada log REF {kind}`. A message received is one of: {allowed}."
)
INBOX_AS_REQUIRED = "Missing option '--as EVENT': the event this message is ({allowed})."
INBOX_CLASSIFIED = (
    "Message #{id}: {kind}{outcome} recorded for {reference} on {date}, the day it was "
    "received; now: {state}."
)
INBOX_LINKED = Plural(
    "{n} document of the message is linked to the event.",
    "{n} documents of the message are linked to the event.",
)
INBOX_DISMISSED = "Message #{id} dismissed: it leaves the inbox; no event was recorded."

# --- interface language (cada_tracker.i18n): the constants above are read translated ---------
if not TYPE_CHECKING:
    __getattr__ = localised(globals())
