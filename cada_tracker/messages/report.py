"""User-facing strings of `cada campaign report` (issue 11, point 3) and `cada stats` (point 4)."""

from typing import TYPE_CHECKING

from cada_tracker.i18n import localised

# --- campaign report (issue 11, point 3; branch report-stats) --------------------------------
REPORT_BAD_FORMAT = "--format '{value}' is not a report format; use one of: {choices}."
REPORT_WRITTEN = "campaign '{slug}': report ({format}) written to {path}."
REPORT_COLUMNS = {
    "reference": "Reference",
    "authority": "Authority",
    "state": "State",
    "sent_on": "Sent on",
    "first_reply": "Days to first reply",
    "received": "Received",
    "refused": "Refused",
    "grounds": "Grounds of refusal",
    "not_held": "Not held",
    "communicable": "Communicable (CADA)",
    "pending": "Pending",
    "documents": "Documents",
    "findings": "Findings",
    "next_action": "Next action",
    "by": "By",
}
REPORT_WAITING = "none ({days} days waiting)"
REPORT_NOT_SENT = "not sent"
REPORT_NONE = "-"
REPORT_HEADING = "Campaign {slug}: {title}"
REPORT_AS_OF = "As of {today}; {count} requests, the most urgent first."
REPORT_SUBJECT = "Subject: {subject}"
REPORT_REQUESTER = "Requester: {requester}"
REPORT_ANONYMISED = "Requester: left out (--anonymise)."
REPORT_DOCUMENTS = "Documents requested"
REPORT_MATRIX = "Authorities compared"
REPORT_CHART_DAYS = "Time to first reply, per authority (days)"
REPORT_CHART_DAYS_NOTE = (
    "Days from the request's sending to the authority's first reply; a paler bar is a request "
    "still waiting, counted to {today}."
)
REPORT_CHART_ITEMS = "Outcomes of each document requested, across the authorities"
REPORT_CHART_EMPTY = "No request sent yet: nothing to chart."
REPORT_OUTCOMES = {
    "received": "received",
    "refused": "refused",
    "not-held": "not held",
    "communicable": "communicable (CADA)",
    "pending": "pending",
}
REPORT_FOOTER = "Made with cada on {today}: the deadlines are those of the CRPA (livre III)."
REPORT_ITEM_LABEL = "Document {number}"

# --- stats (issue 11, point 4; branch report-stats) -------------------------------------------
STATS_EMPTY = "no request sent matches (drafts are not counted); see `cada status --all`."
STATS_HEADING = "Statistics as of {today}: {requests} requests sent, to {authorities} authorities."
STATS_AUTHORITY = "{name} ({slug})"
STATS_REQUESTS = (
    "  requests {requests}, replied {replied}, answered within the month {in_time}, late "
    "replies {late}"
)
STATS_DAYS = "  days to reply: median {median}, 90th percentile {p90}"
STATS_OUTCOMES = "  reply outcomes: {outcomes}"
STATS_CADA = (
    "  CADA referrals {referrals}, favourable opinions {favourable}, complied after them "
    "{complied}, court cases {court}"
)
STATS_TOTAL = "All authorities"
STATS_CHART_IN_TIME = "Answered within the month (of the requests sent):"
STATS_CHART_DAYS = "Median days to reply:"
STATS_NONE = "-"

# --- interface language (cada_tracker.i18n): the constants above are read translated ---------
if not TYPE_CHECKING:
    __getattr__ = localised(globals())
