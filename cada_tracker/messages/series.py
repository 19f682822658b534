"""User-facing strings of series referrals (issue 11, point 5; CRPA R343-3-1):
`cada log --campaign SLUG cada-sent|cada-registered`, `cada escalate --campaign SLUG`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cada_tracker.i18n import Plural, localised

# --- series referrals (issue 11, point 5) ----------------------------------------------------
LOG_NEEDS_REF_EVENT = (
    "Missing argument '{name}': `cada log REF EVENT`, or `cada log --campaign SLUG EVENT` for a "
    "series referral (see `cada log --help`)."
)
SERIES_TOO_FEW = Plural(
    "Only {n} request of campaign {slug} can be referred to the CADA now: a series referral "
    "groups at least {minimum} requests with the same object (CRPA R343-3-1). Refer it on its "
    "own (`cada log REF cada-sent`); nothing was recorded.",
    "Only {n} requests of campaign {slug} can be referred to the CADA now: a series referral "
    "groups at least {minimum} requests with the same object (CRPA R343-3-1). Refer each one "
    "on its own (`cada log REF cada-sent`); nothing was recorded.",
)
SERIES_NOT_IN_CAMPAIGN = (
    "--only: {reference} is not a request of campaign {slug} (`cada campaign show {slug}`)."
)
SERIES_ONLY_TWICE = "--only names the same reference twice; give each reference once."
SERIES_MEMBER_REFUSED = (
    "--only: {reference} cannot be referred to the CADA now ({error}); nothing was recorded."
)
SERIES_NONE = (
    "No series referral is recorded for campaign {slug}: record it first with `cada log "
    "--campaign {slug} cada-sent`."
)
SERIES_CAMPAIGN_EVENTS = (
    "--campaign records only cada-sent (the series referral) and cada-registered (its "
    "registration), not {kind}; record other events request by request (`cada log REF {kind}`)."
)
SERIES_CAMPAIGN_AND_REF = (
    "Give either a reference or --campaign SLUG, not both: `cada log REF EVENT` or `cada log "
    "--campaign SLUG EVENT`."
)
SERIES_OPTION_NOT_WITH_CAMPAIGN = (
    "{option} is not used with --campaign (cada-sent takes --on, --only, --note and "
    "--channel; cada-registered takes --on)."
)
SERIES_ONLY_WITHOUT_CAMPAIGN = "--only is used with --campaign SLUG cada-sent only."
SERIES_RECORDED_SENT = (
    "Series referral of campaign {slug} recorded on {date} (CRPA R343-3-1) for {count} "
    "requests: {references}."
)
SERIES_SKIPPED = "  not in the referral: {reference} ({reason})"
SERIES_RECORDED_REGISTERED = (
    "Registration {date} recorded on the {count} requests of the series of campaign {slug}: "
    "one confirmation date K = {k} for all (CRPA R343-3-1, R343-5)."
)
SERIES_RECORDED_REGISTERED_NO_K = (
    "Registration {date} recorded on the {count} requests of the series of campaign {slug}."
)
SERIES_FOLDER_EXISTS = (
    "{folder} already exists: give another folder with --output, or --force to replace an "
    "earlier series referral there (a folder holding only saisine-cada-serie.txt)."
)
SERIES_NO_PROFILE = "No requester profile: run `cada init --name NAME ...` first."
SERIES_LETTER_WRITTEN = "Series referral of campaign {slug} ({count} authorities): {file}"
SERIES_LETTER_NEXT = (
    "Send it to the CADA with a copy of each request and refusal (R343-1), inform each "
    "authority of the referral (`cada letter REF information-saisine`), then record it: `cada "
    "log --campaign {slug} cada-sent --only {refs}`."
)
SERIES_LETTER_NEXT_RECORDED = (
    "This is the referral recorded on {date} (`cada log --campaign {slug} cada-sent`); once "
    "the CADA acknowledges it: `cada log --campaign {slug} cada-registered --on DATE`."
)
SERIES_ESCALATE_NEEDS_REF = (
    "Missing argument 'REF': `cada escalate REF`, or `cada escalate --campaign SLUG` for the one "
    "referral of a series (see `cada escalate --help`)."
)
SERIES_ESCALATE_REF_AND_CAMPAIGN = (
    "Give either REF or --campaign SLUG to `cada escalate`, not both."
)

# --- series and transfer markers kept by `cada event edit --note` (issue 11, camp-finish) ----
NOTE_MARKER_TYPED = (
    "--note: a line starting 'series R343-3-1 ' or 'transferred-to:'/'transferred-from:' is "
    "written by cada itself (series referrals, transfers); write your note without it (the "
    "existing marker is kept)."
)
# --- the series referral's dossier (`cada escalate --campaign SLUG`, camp-finish) -----------
SERIES_DOSSIER_WRITTEN = (
    "Dossier of the series referral: {folder} (and {zip}): the letter in text and PDF "
    "(saisine-cada-serie.pdf), the exhibits of every request named, the bordereau."
)
SERIES_HANDED_OVER = (
    "{reference} was transferred to the competent authority (CRPA L114-2): its request "
    "{linked} is the one to refer"
)
SERIES_EXHIBIT_LINE = "Exhibit {number} ({reference}): {title} ({file})"

# --- interface language (cada_tracker.i18n): the constants above are read translated ---------
if not TYPE_CHECKING:
    __getattr__ = localised(globals())
