"""User-facing strings of the deadline engine (`cada_tracker.law`): explanation steps,
alternatives, warnings, next actions, and the names of holidays and deadline kinds.

English interface, French legal terms. Every string is a `str.format` template; dates are
passed already formatted by `fmt_date`.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from cada_tracker.i18n import Plural, language, localised

_WEEKDAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
}
_MONTHS = {
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
    "fr": (
        "janvier", "février", "mars", "avril", "mai", "juin",
        "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ),
}  # fmt: skip


def fmt_date(d: Any) -> str:  # noqa: ANN401 - as the cached function it replaces (a date)
    """'Saturday 7 March 2020' in English, 'samedi 7 mars 2020' in French (the first of a
    month is '1er'), whatever the host's locales."""
    return _fmt_date(d, language())


@lru_cache(maxsize=8192)
def _fmt_date(d: date, lang: str) -> str:
    if lang == "fr":
        day = "1er" if d.day == 1 else str(d.day)
        return f"{_WEEKDAYS['fr'][d.weekday()]} {day} {_MONTHS['fr'][d.month - 1]} {d.year}"
    return f"{_WEEKDAYS['en'][d.weekday()]} {d.day} {_MONTHS['en'][d.month - 1]} {d.year}"


# Why a day is not a working day (keys from cada_tracker.law.calendars).
DAY_NAMES = {
    "saturday": "a Saturday",
    "sunday": "a Sunday",
    "new_year": "a public holiday (Jour de l'an, 1 January)",
    "easter_monday": "a public holiday (lundi de Pâques, Easter Monday)",
    "labour_day": "a public holiday (fête du Travail, 1 May)",
    "victory_day": "a public holiday (Victoire 1945, 8 May)",
    "ascension": "a public holiday (Ascension)",
    "whit_monday": "a public holiday (lundi de Pentecôte, Whit Monday)",
    "national_day": "a public holiday (fête nationale, 14 July)",
    "assumption": "a public holiday (Assomption, 15 August)",
    "all_saints": "a public holiday (Toussaint, 1 November)",
    "armistice": "a public holiday (Armistice, 11 November)",
    "christmas": "a public holiday (Noël, 25 December)",
    "good_friday": "a public holiday in Alsace-Moselle (Vendredi saint, Good Friday)",
    "st_stephen": "a public holiday in Alsace-Moselle (Saint-Étienne, 26 December)",
    "abolition_mayotte": "a public holiday in Mayotte (abolition de l'esclavage, 27 April)",
    "abolition_martinique": "a public holiday in Martinique (abolition de l'esclavage, 22 May)",
    "abolition_guadeloupe": "a public holiday in Guadeloupe (abolition de l'esclavage, 27 May)",
    "abolition_saint_martin": "a public holiday in Saint-Martin (abolition de l'esclavage, 27 May)",
    "abolition_guyane": "a public holiday in Guyane (abolition de l'esclavage, 10 June)",
    "abolition_saint_barthelemy": (
        "a public holiday in Saint-Barthélemy (abolition de l'esclavage, 9 October)"
    ),
    "abolition_reunion": "a public holiday in La Réunion (abolition de l'esclavage, 20 December)",
}

CALENDAR_NAMES = {
    "national": "national calendar (Code du travail L3133-1)",
    "alsace-moselle": "Alsace-Moselle calendar (national days + Good Friday and 26 December)",
    "guadeloupe": "Guadeloupe calendar (national days + 27 May)",
    "martinique": "Martinique calendar (national days + 22 May)",
    "guyane": "Guyane calendar (national days + 10 June)",
    "reunion": "La Réunion calendar (national days + 20 December)",
    "mayotte": "Mayotte calendar (national days + 27 April)",
    "saint-martin": "Saint-Martin calendar (national days + 27 May)",
    "saint-barthelemy": "Saint-Barthélemy calendar (national days + 9 October)",
    "saint-pierre-et-miquelon": "Saint-Pierre-et-Miquelon calendar (national days)",
}

KIND_TITLES = {
    "implicit_refusal": "Implicit refusal (refus implicite) born on",
    "cada_referral_from": "First day a CADA referral (saisine) is admissible",
    "cada_referral_by": "Last day to refer to the CADA (saisine)",
    "cada_referral_long_stop": "Long stop for the CADA referral (délai raisonnable)",
    "cada_opinion_expected": "CADA opinion (avis) expected around",
    "refusal_confirmed": "Refusal confirmed (décision implicite de rejet) on",
    "court_by": "Last day to file at the administrative court (tribunal administratif)",
    "court_long_stop": "Long stop for the court (délai raisonnable, Czabaj)",
}

YES = "yes"
NO = "no"

CONFIDENCE = {
    "verified": "verified",
    "inferred": "inferred",
    "uncertain": "uncertain: have it checked by a lawyer",
}

CHANNEL_NAMES = {
    "email": "e-mail",
    "web": "web form",
    "hand": "hand delivery",
    "post": "post",
    "registered-post": "registered post",
}

# ---- steps: receipt ------------------------------------------------------------------
STEP_RECEIVED = "Start: the request was received by the authority on {date}."
STEP_RECEIPT_SAME_DAY = (
    "Receipt not recorded: sent by {channel} on {sent}, taken as received the same day (estimated)."
)
STEP_RECEIPT_RANGE = (
    "Receipt not recorded: sent by {channel} on {sent}, so received between {first} and {last} "
    "(estimated: {min_days} to {max_days} days of postal delay, LawOptions.post_delay_*_days)."
)
STEP_RECEIPT_CONSERVATIVE = (
    "The earliest estimate ({date}) is used, which gives the earliest, safest dates for you."
)
STEP_RECEIPT_LATEST = "The latest estimate ({date}) is used, so that a referral is never premature."

# ---- steps: periods ------------------------------------------------------------------
STEP_START = "Start: {what} on {date}."
STEP_PERIOD = "{start} + {months} month(s) = {end} (same day-of-month, CPC 641)."
STEP_PERIOD_CLAMPED = (
    "{start} + {months} month(s) = {end}: that month has no day {day}, so the period ends on its "
    "last day (CPC 641)."
)
STEP_YEAR = "{start} + 1 year = {end}."
STEP_FRANC = (
    "Délai franc: neither the starting day nor the last day counts, so one day is added: {date}."
)
STEP_NOT_FRANC = "The period is not franc (calendar months): the last day is {date}."
STEP_NOT_MOVED = (
    "An implicit decision is never moved to a working day: it is born at the end of {date}{why}."
)
STEP_NOT_MOVED_WHY = ", even though it is {name}"
STEP_SKIPPED = "{date} is {name}: moved to the next day (CPC 642)."
STEP_LEGAL = "Last day (legal reading): {date}{calendar}."
STEP_LEGAL_CALENDAR = ", using the {name}"
STEP_NO_PROROGATION = (
    "CPC 642 prorogation is switched off for this deadline (LawOptions): the last day stays {date}."
)
STEP_SAFE = "Strict reading (safe date): {date}. {why}"
STEP_SAFE_REFERRAL = (
    "It counts the day of the starting event, adds no franc day and no CPC 642 prorogation."
)
STEP_SAFE_COURT = "It adds no franc day and no CPC 642 prorogation."
STEP_SAFE_BACK = "{date} is {name}: the safe date goes back one more day."
STEP_INDICATIVE = (
    "Indicative only: a late opinion has no legal consequence (CE 19 mars 1993 n° 51035)."
)
STEP_BASIS = "Basis: {basis}."
STEP_CONFIDENCE = "Confidence: {confidence}."
STEP_ESTIMATED = "Estimated: the starting date itself is an estimate."
STEP_NOT_OPPOSABLE = (
    "Not opposable: {why} The 2-month limit is shown as indicative; the long stop applies."
)
STEP_OPPOSABLE_UNKNOWN = (
    "Whether the decision stated the remedies and time limits was not recorded: the deadline is "
    "treated as opposable (the safe assumption)."
)
WHY_NO_COMPLETE_AR = (
    "no complete acknowledgment of receipt (stating the implicit-decision date and the remedies "
    "including the CADA referral and its time limit) was recorded (CRPA L112-6, R112-5)."
)
WHY_NO_REMEDIES = (
    "the decision did not state the remedies and time limits (CRPA L311-14, CJA R421-5)."
)

# ---- steps: starts of periods ----------------------------------------------------------
WHAT_B = "the implicit refusal B"
WHAT_EXPLICIT_REFUSAL = "notification of the explicit decision ({outcome})"
WHAT_REGISTRATION = "registration of the referral by the CADA (R)"
WHAT_REGISTRATION_ESTIMATED = (
    "registration of the referral by the CADA (R; estimated from the referral sent on {sent} "
    "by {channel})"
)
WHAT_K = "the implicit confirmation of the refusal K"
WHAT_CONFIRMATION = "notification of the explicit confirmation of the refusal ({outcome})"
WHAT_LEGAL_AID = "the legal-aid decision (aide juridictionnelle), which restarts the period"
WHAT_KNOWLEDGE = "the date you knew of the decision ({what})"

STEP_ENVIRONMENTAL = (
    "Environmental information: the authority has one month (Code de l'environnement R124-1)."
)
STEP_ENVIRONMENTAL_EXTENDED = (
    "Environmental information: the authority told you on {date} that it extends the period to "
    "two months (Code de l'environnement R124-1)."
)
STEP_EXTENSION_LATE = (
    "The extension recorded on {date} came after the first month: it is ignored (R124-1 requires "
    "notice within the first month)."
)
STEP_EXPLICIT_BEFORE_B = (
    "An explicit decision was notified on {date}, before the implicit refusal: the referral period "
    "runs from that notification (CRPA R343-1)."
)
STEP_EXPLICIT_REOPENS = (
    "An explicit refusal notified on {date}, within the referral window that ended on {previous}, "
    "opens a new two-month window (CRPA R343-1)."
)
STEP_REFERRAL_FROM_B = (
    "A referral is admissible from the day after B: {date} (a premature referral is inadmissible)."
)
# Review 13: after a transfer, the first admissible referral day comes from the transfer.
STEP_REFERRAL_FROM_TRANSFER = (
    "The request was transferred on {transfer}: counted from its receipt by the competent "
    "authority (CRPA R311-13, from {start}), B would be {b}. This latest reading is used, so that "
    "a referral is never premature."
)
STEP_REFERRAL_FROM_EXPLICIT = (
    "A referral is admissible from the notification of the refusal: {date}."
)
STEP_REFERRAL_MARGIN = "Safety margin of {days} day(s) (LawOptions.referral_from_margin_days)."
STEP_TRANSFER = (
    "The request was transferred on {date}. Two readings [U]: the period runs from receipt by the "
    "first authority (CRPA L114-3) or by the competent one (R311-13). The earlier date is used for "
    "your deadlines, the later one for the first admissible referral."
)
# ---- issue 11 point 8: the request to the competent authority after a transfer ----------
STEP_TRANSFERRED_FROM = (
    "This request was transferred from {reference} to the competent authority (CRPA L114-2). "
    "Two readings [U]: counted from receipt by the first authority on {first} (CRPA L114-3), "
    "B = {b_first}; counted from receipt by the competent authority (CRPA R311-13), "
    "B = {competent}. The earlier B ({b}) is used for your deadlines, the later ({late}) for "
    "the first admissible referral, so that it is never premature."
)
STEP_TRANSFERRED_FROM_ESTIMATED = (
    "The first authority's receipt is estimated from the sending date of the original request "
    "(record it there with `cada log {reference} received`)."
)
STEP_REFERRAL_FROM_COMPETENT = (
    "After the transfer from {reference}, the later reading of B is used ({b}), so that a "
    "referral is never premature (CRPA L114-3, R311-13 [U])."
)
STEP_DISTANCE = "Distance extension (CJA R421-7): + {months} month(s) because {why}."
WHY_DISTANCE = {
    "metropole-overseas": "the court is overseas and you live in metropolitan France",
    "overseas-abroad": "the court is overseas and you live abroad",
    "metropole-abroad": "you live abroad",
    "metropole-from-overseas": "the court is in metropolitan France and you live overseas",
}
STEP_COURT_REOPENS = (
    "An explicit refusal notified on {date}, after K but on or before the court deadline "
    "{previous}, opens a new court period (CJA R421-2)."
)
STEP_LEGAL_AID = (
    "Legal aid was requested on {requested}, within the period: it interrupts the court deadline "
    "and a new period runs after the decision of {decided} (décret 2020-1717 art. 43)."
)
STEP_REASONS = (
    "Reasons requested on {requested} (CRPA L232-4) and communicated on {received}: the court "
    "deadline is extended to two months after the communication, {date}."
)
STEP_REASONS_CAP = (
    "Capped at one year after the request for reasons (CE avis 2 oct. 2025 n° 504677): {date}."
)
STEP_LONG_STOP_START = "Start: {what} on {date}."
STEP_KNOWLEDGE_EARLIER = (
    "The explicit confirmation of {n2} came after K ({k}); K is kept as the knowledge date, which "
    "is the earlier and safer reading."
)
STEP_LONG_STOP_NO_642 = (
    "A reasonable time (délai raisonnable) is not prorogated to a working day here: the earlier, "
    "safer reading."
)

# ---- steps: suspensions ----------------------------------------------------------------
STEP_SUSP_DEFERRED = (
    "{label}: a period that should have started between {start} and {end} starts on {resume} "
    "({basis}); {resume} + {months} month(s) = {date}."
)
STEP_SUSP_RESUMED = (
    "{label}: the period was running on {start}; it was suspended and resumed on {resume} for what "
    "remained ({basis}): {nominal} + {days} days = {date}."
)
STEP_SUSP_REQUESTER = (
    "{label}: the act was due on {due}, inside the protected period {start} to {end} ({basis}); "
    "it is in time if done within the normal period counted from {end}, capped at {cap} month(s): "
    "{date}."
)
STEP_SUSP_REQUESTER_SAFE = (
    "{label}: the strict last day {due} is also inside the protected period ({basis}): {date}."
)

# ---- alternatives [U] ------------------------------------------------------------------
ALT_B_RANGE = (
    "[U] Receipt is estimated: B falls between {first} and {last}; {first} is used for your "
    "deadlines."
)
ALT_B_MINUS = "[U] Counting the day of receipt, B would be one day earlier: {date}."
ALT_B_PLUS = "[U] Starting the count the day after receipt, B would be one day later: {date}."
ALT_B_TRANSFER = (
    "[U] Counting from receipt by the competent authority after the transfer (CRPA R311-13): "
    "B = {date} (estimated)."
)
ALT_REFERRAL_FROM_SAFE = (
    "[U] For zero risk of a premature referral, refer from {date} (B + 2 days)."
)
ALT_REFERRAL_FRANC = "[U] If the referral period were franc, the last day would be {date}."
ALT_REFERRAL_B_PM = (
    "[U] With B one day earlier ({b_minus}), the last day would be {minus}; with B one day later "
    "({b_plus}), {plus}."
)
ALT_REFERRAL_NO_642 = (
    "[U] If CPC 642 did not apply to the CADA referral, the last day would be {date}."
)
ALT_REFERRAL_WITH_642 = (
    "[U] If CPC 642 applies to the CADA referral (most readings), the last day would be {date}."
)
ALT_REFERRAL_FIRST_WINDOW = (
    "[U] If the explicit refusal of {date} did not reopen the window, the last day would be "
    "{previous}."
)
ALT_REFERRAL_REOPENED = (
    "[U] If the explicit refusal of {date} reopened the window (a common reading), the last day "
    "would be {previous}."
)
ALT_REFERRAL_TRANSFER = (
    "[U] Counting from receipt by the competent authority after the transfer, the last day would "
    "be {date}."
)
ALT_COURT_MONTH_END = (
    "[U] Reading the quantième from the day after the start (month-end franc variant), the last "
    "day would be {date}; the safe date covers it."
)
# Issue 9 point 2 (court): the safe date of a reopened court period (CJA R421-2).
STEP_COURT_SAFE_FIRST_PERIOD = (
    "Safe date: {safe}, the strict reading of the first period (last day {previous}): the "
    "strictest plausible reading is that the explicit refusal of {date} did not reopen it."
)
ALT_COURT_FIRST_PERIOD = (
    "[U] If the explicit refusal of {date} did not reopen the period, the last day would be "
    "{previous}."
)
ALT_COURT_REASONS_PENDING = (
    "Reasons were requested on {date} (CRPA L232-4): once they are communicated, the court "
    "deadline becomes two months after the communication (at most one year after the request)."
)
ALT_COURT_OVERSEAS_OTHER = (
    "[U] If you live in another overseas territory than the court's, add one month: {date}."
)
ALT_LONG_STOP_642 = "[U] If CPC 642 applied to the reasonable time, the last day would be {date}."
ALT_LONG_STOP_FRANC = "[U] If the year were franc, the last day would be {date}."

# ---- legal aid after the decision; courts seated elsewhere (issue 9 points 5 and 6) ----
WHAT_AID_FINAL = (
    "the end of the 15 days for contesting the legal-aid decision, after which you can no longer "
    "contest it (décret 2020-1717 art. 43 3°)"
)
WHAT_AID_CONTEST = "the notification of the decision on your contest (décret 2020-1717 art. 43 3°)"
WHAT_AID_LAWYER = "the designation of the lawyer (décret 2020-1717 art. 43 4°)"
STEP_AID_NOTIFIED = (
    "The decision was notified to you on {notified}. You could contest it within 15 days of the "
    "notification (décret 2020-1717 art. 69 al. 1; the day of notification does not count, as in "
    "CPC 641), so until {last}: after that day you can no longer contest it (art. 43 3°)."
)
STEP_AID_CONTEST = (
    "A later legal-aid decision, of {date}, is taken as the decision on your contest of the first "
    "one; it was notified on {notified}{estimated} (décret 2020-1717 art. 43 3°)."
)
STEP_AID_CONTEST_NOT_NOTIFIED = (
    " (its notification is not recorded: its date is used, the earliest reading; record it with "
    "--notified-on)"
)
STEP_AID_NOT_NOTIFIED = (
    "The notification of the decision is not recorded: the period is counted from the decision's "
    "own date, the earliest reading. The law counts it from the day you can no longer contest the "
    "decision (15 days after its notification, décret 2020-1717 art. 69 and 43 3°), which moves "
    "the last day later: record it with `cada log REF legal-aid-decided --on DECISION-DATE "
    "--notified-on DATE`."
)
STEP_AID_LAWYER_LATER = (
    "A lawyer was designated on {date}, after {anchor}: the period runs from the designation "
    "(décret 2020-1717 art. 43 4°)."
)
STEP_AID_LAWYER_EARLIER = (
    "A lawyer was designated on {date}, not after {anchor}: the designation does not move the "
    "start (décret 2020-1717 art. 43 4°)."
)
STEP_AID_LAWYER_NOT_RECORDED = (
    "No designation of a lawyer is recorded. If the aid was granted and a lawyer is designated "
    "after {date}, the period runs from the designation (décret 2020-1717 art. 43 4°): record it "
    "with `cada log REF legal-aid-decided --on DECISION-DATE --lawyer-designated-on DATE`."
)
STEP_AID_SAFE = (
    "Safe date: {date}, the period counted from the legal-aid decision of {decided} itself "
    "(2 months, no franc day, no CPC 642): it does not depend on the notification, a contest or "
    "the designation of a lawyer."
)
ALT_AID_FINAL_LATER = (
    "[U] If the decision became final only on the day after the last day to contest it (that day "
    "moved to a working day by CPC 642 when needed), the period would start on {start} and the "
    "last day would be {date}."
)
COURT_TERRITORIES = {"saint-barthelemy": "Saint-Barthélemy", "saint-martin": "Saint-Martin"}
STEP_COURT_SEAT = (
    "The tribunal administratif of {territory} sits at Basse-Terre, Guadeloupe (CJA R221-3): the "
    "legal last day is moved over the holidays of the seat's calendar, the {calendar}."
)
STEP_COURT_SEAT_OWN = (
    "On the {calendar} the last day would be {date}. The safe date is on or before the last day "
    "on either calendar (the stricter of the two): {safe}."
)
ALT_COURT_SEAT_OWN = (
    "[U] If the prorogation followed the collectivity's own {calendar} instead of the seat's, the "
    "last day would be {date}."
)

# ---- warnings ---------------------------------------------------------------------------
WARN_RECEIPT_ESTIMATED = (
    "The date the authority received the request is not recorded: dates are estimated from the "
    "sending date. Record it with `cada log REF received --on DATE` (date on the acknowledgment "
    "or the postal avis de réception)."
)
WARN_REGISTRATION_ESTIMATED = (
    "The CADA registration date is not recorded: K and the court deadline are estimated from the "
    "date the referral was sent. Record it with `cada log REF cada-registered --on DATE`."
)
# Review 13: the same after a referral out of time, when no court deadline is computed.
WARN_REGISTRATION_ESTIMATED_K = (
    "The CADA registration date is not recorded: K is estimated from the date the referral was "
    "sent. Record it with `cada log REF cada-registered --on DATE`."
)
WARN_DEPARTMENT_UNKNOWN = (
    "The authority's department is unknown: the national holiday calendar is used for the court "
    "deadline, and no overseas distance extension is applied."
)
WARN_EXTENDED_NOT_ENVIRONMENTAL = (
    "An extension was recorded on {date}, but only environmental information allows one "
    "(R124-1): the one-month period of CRPA R311-13 is unchanged."
)
WARN_FEE_REQUESTED = (
    "The authority asked for copying fees on {date}: that is not a refusal, and no deadline runs "
    "against you while you decide (CRPA R311-11). Disputing the amount is a refusal you can take "
    "to the CADA."
)
WARN_CLARIFICATION = (
    "The authority asked for clarification on {date}: no deadline binds you, and the one-month "
    "period is not suspended (CRPA L114-5 concerns only documents required by law)."
)
WARN_CONFIRMATIVE_REFUSAL = (
    "The explicit refusal of {date} came after the referral window closed ({previous}): it is "
    "merely confirmative and opens no new window."
)
WARN_CONFIRMATIVE_COURT = (
    "The explicit refusal of {date} came after the court deadline ({previous}): it is merely "
    "confirmative and opens no new court period."
)
WARN_REMEDIES_UNKNOWN = (
    "Record whether the decision of {date} stated the remedies and time limits "
    "(--mentions-remedies / --no-mentions-remedies): it decides whether the 2-month limit "
    "binds you."
)
WARN_LEGAL_AID_PENDING = (
    "Legal aid was requested on {date}: the court deadline is interrupted; a new two-month period "
    "will run from the legal-aid decision."
)
WARN_NOT_HELD = (
    "The authority says it does not hold the documents ({date}). This is not strictly a refusal; "
    "if you dispute it, refer to the CADA within the window shown."
)
WARN_LATE_REPLY_TRANSFER = (
    "The request was transferred on {date}: whether the one-month period runs from receipt by the "
    "first or the competent authority is uncertain [U]; both readings are shown."
)

# ---- next actions ------------------------------------------------------------------------
NA_DRAFT = "Send the request, then record it with `cada log REF sent`."
NA_WAIT_REPLY = (
    "Wait for the reply. Without an answer, the request is refused implicitly at the end of {date}."
)
NA_WAIT_REPLY_ESTIMATED = (
    "Wait for the reply. Without an answer, the request is refused implicitly at the end of {date} "
    "(estimated: record the date of receipt)."
)
NA_WAIT_REPLY_UNKNOWN = (
    "Wait for the reply, and record the date the authority received the request."
)
NA_WAIT_REFERRAL_FROM = (
    "Do not refer to the CADA yet: a referral is admissible from {date_from}. Then refer by {date} "
    "(safe: {safe})."
)
NA_REFER = "Refer the refusal to the CADA (saisine) by {date} (safe: act by {safe})."
NA_REFER_NOT_OPPOSABLE = (
    "Refer the refusal to the CADA (saisine) by {date} (safe: act by {safe}). That limit may not "
    "bind you, but the long stop {long_stop} does."
)
NA_REFER_LONG_STOP = (
    "The two-month limit ({date}) passed, but it was not opposable: refer to the CADA now, at the "
    "latest by {long_stop}."
)
NA_REFERRAL_MISSED = (
    "The CADA referral deadline passed on {date}: file a new request to start again."
)
NA_NO_REFERRAL_DEADLINE = "Record the date the authority received the request to get the deadlines."
NA_PAYMENT = (
    "Pay the copying fees or dispute them: no deadline runs against you while the authority awaits "
    "payment."
)
NA_CLARIFICATION = (
    "Answer the clarification request: no deadline binds you. The authority's period is not "
    "suspended: without an answer, the refusal is born at the end of {date}."
)
NA_CLARIFICATION_NO_DATE = "Answer the clarification request: no deadline binds you."
NA_WAIT_REGISTRATION = (
    "Wait for the CADA's acknowledgment and record its registration date "
    "(`cada log REF cada-registered --on DATE`)."
)
NA_WAIT_OPINION = (
    "Wait for the CADA opinion, expected around {date} (indicative). Without a new answer from "
    "the authority, the refusal is confirmed at the end of {k}."
)
NA_WAIT_CONFIRMATION = (
    "Wait for the authority's answer to the CADA opinion. Without one, the refusal is confirmed at "
    "the end of {date}; then file at the administrative court by {court} (safe: {safe})."
)
NA_COURT = "File at the administrative court by {date} (safe: file by {safe})."
NA_COURT_NOT_OPPOSABLE = (
    "File at the administrative court by {date} (safe: file by {safe}). That limit may not bind "
    "you, but the long stop {long_stop} does."
)
NA_COURT_LONG_STOP = (
    "The two-month court limit ({date}) passed, but it was not opposable: file now, at the latest "
    "by {long_stop}."
)
NA_COURT_MISSED = "The court deadline passed on {date}: only a new request can start again."
NA_LEGAL_AID = "Wait for the legal-aid decision: a new two-month court period will run from it."
NA_IN_COURT = "Wait for the judgment."
NA_JUDGED = (
    "The judgment is final in this field (CJA R811-1 2°): only a cassation appeal to the Conseil "
    "d'État remains, within two months (franc) of its notification, through a lawyer admitted "
    "to it."
)
NA_NOT_HELD = (
    "The authority says it does not hold the documents. If you dispute it, refer to the CADA by "
    "{date} (safe: {safe})."
)
NA_NOT_HELD_NO_DATE = "The authority says it does not hold the documents: nothing is due."
NA_NOTHING = "Nothing to do."

# ---- explain ---------------------------------------------------------------------------
EXPLAIN_HEADER = "Deadlines of request {reference}"
EXPLAIN_NONE = "No deadline yet: record when the request was sent or received."
EXPLAIN_DEADLINE = "{title}: {date}{safe}{flags}"
EXPLAIN_SAFE = " (safe: {date})"
EXPLAIN_FLAG_ESTIMATED = "estimated"
EXPLAIN_FLAG_NOT_OPPOSABLE = "not opposable"
EXPLAIN_FLAG_INDICATIVE = "indicative"
EXPLAIN_STEP = "  - {text}"
EXPLAIN_ALTERNATIVES = "  Other readings:"
EXPLAIN_ALTERNATIVE = "    * {text}"
EXPLAIN_WARNINGS = "Warnings:"
EXPLAIN_WARNING = "  ! {text}"
EXPLAIN_OPTIONS = (
    "Options: post delay {min}-{max} days; CPC 642 on the CADA referral: {prorogation}."
)
EXPLAIN_DISCLAIMER = (
    "These dates follow docs/deadlines.md; points marked [U] are uncertain: have them checked by a "
    "lawyer before relying on a last day."
)

# ---- iCalendar -----------------------------------------------------------------------------
# The summary of the dates you do not act by: the authority's, the CADA's, and the first day a
# referral is admissible (your own deadlines use ICS_SUMMARY_ACT_BY below).
ICS_SUMMARY = {
    "implicit_refusal": "{ref}: implicit refusal if no reply ({authority})",
    "cada_referral_from": "{ref}: CADA referral admissible from today ({authority})",
    "cada_opinion_expected": "{ref}: CADA opinion expected ({authority})",
    "refusal_confirmed": "{ref}: refusal confirmed if no answer ({authority})",
}
ICS_SUMMARY_OTHER = "{ref}: {kind} ({authority})"
ICS_DESC_SUBJECT = "Subject: {subject}"
ICS_DESC_DATE = "Date (legal reading): {date}"
ICS_DESC_SAFE = "Safe date (strict reading): {date}"
ICS_DESC_BASIS = "Basis: {basis}"
ICS_DESC_CONFIDENCE = "Confidence: {confidence}"
ICS_DESC_ESTIMATED = "estimated: the starting date is an estimate"
ICS_DESC_NOT_OPPOSABLE = "Not opposable: indicative only"

# ---- issue 10: the calendar fits how people act (`cada calendar`) --------------------------
# Your own deadlines are events on the day to act by (the safe date, or the legal last day when
# there is none), with the legal last day and its articles; {last} and {date} are fmt_date.
ICS_ACTIONS = {
    "cada_referral_by": "refer to the CADA (saisine)",
    "cada_referral_long_stop": "refer to the CADA (saisine; long stop, délai raisonnable)",
    "court_by": "file at the administrative court (tribunal administratif)",
    "court_long_stop": "file at the administrative court (long stop, Czabaj)",
}
ICS_ACTION_OTHER = "act on {kind}"
ICS_SUMMARY_ACT_BY = "{ref}: act by today: {action}; legal last day {last} ({authority})"
ICS_SUMMARY_ACT_LAST = "{ref}: act by today, the legal last day: {action} ({authority})"
ICS_DESC_ACT_BY = "Act by: {date} (safe date: the strictest plausible reading)"
ICS_DESC_ACT_LAST = "Act by: {date}, the legal last day"
ICS_DESC_LAST_DAY = "Legal last day: {date} ({basis})"
ICS_ALARM_ACT = Plural(
    "{ref}: {action}: act by {date} (in {n} day); legal last day {last}",
    "{ref}: {action}: act by {date} (in {n} days); legal last day {last}",
)
# The dates that are not yours: no alarm.
ICS_DESC_WHOSE = {
    "authority": "The authority's date, not an action of yours (no alarm).",
    "cada": "The CADA's date, not an action of yours (no alarm).",
    "user": "The first day you may act, not a last day (no alarm).",
}

# ---- issue 9: the CADA referral window (late referral, safe date, new decision) ------------
# A referral sent after a binding limit (CRPA L342-1, R343-1; CE 24 févr. 1984 Rompler).
WARN_REFERRAL_OUT_OF_TIME = (
    "The CADA referral sent on {sent} came after {limit}, {date}, which bound you: it is out of "
    "time. The referral is a mandatory prior step before any court application (CRPA L342-1) and "
    "must be made within its time limit (CRPA R343-1), so a court application would be "
    "inadmissible (CE 24 févr. 1984 Rompler): no court deadline is computed. File a new request: "
    "it restarts the whole procedure."
)
LIMIT_REFERRAL_BY = "the last day to refer to the CADA (two months, CRPA R343-1)"
LIMIT_REFERRAL_LONG_STOP = (
    "the long stop for the referral (a reasonable time of one year, CADA avis 20234834)"
)
NA_REFERRAL_OUT_OF_TIME = (
    "The CADA referral of {sent} came after the last day that bound you ({date}): no court route "
    "remains (CRPA L342-1, R343-1). File a new request: it restarts the whole procedure."
)
# `cada log REF cada-sent` after a binding limit (exit 4 unless --force).
REFERRAL_OUT_OF_TIME = (
    "cada-sent on {sent} is after {limit} for {reference}, {date}, which binds you: the referral "
    "would be out of time and no court application could follow it (CRPA L342-1, R343-1). File a "
    "new request to start again, or record it with --force if it really happened (`cada explain "
    "{reference}` says why)."
)
# The safe date is never later than a plausible legal last day: B one day earlier, month end.
STEP_SAFE_B_MINUS = (
    "Safe date: {date}, the legal last day of the reading with B one day earlier, which is "
    "earlier than the strict reading here (month end)."
)
# Point 2: a window reopened by an explicit refusal; the safe date stays the first window's.
STEP_SAFE_FIRST_WINDOW = (
    "Safe date: {safe}, the strict reading of the first window (from {what}, {start}), which "
    "bound you: the strictest plausible reading is that the refusal of {date} did not reopen it."
)
ALT_SAFE_REOPENED = (
    "[U] Reading that the explicit refusal of {date} reopened the window, the strict last day "
    "would be {safe} (legal: {legal})."
)
# Point 3: an explicit refusal stating the remedies, after a first window that never bound.
STEP_NEW_DECISION = (
    "The explicit refusal notified on {date} stated the remedies (CRPA L112-6, L412-3). It came "
    "after the first window ({previous}), which did not bind you: it arguably opens a binding "
    "two-month window of its own, until {legal} (strict reading: {strict}) [U]."
)
STEP_NEW_DECISION_SAFE = (
    "Safe date: {safe}, the earlier of that window's strict reading and this long stop."
)
ALT_NEW_DECISION = (
    "[U] If the explicit refusal of {date} opened a binding window, the last day to refer would be "
    "{legal} (strict: {strict}); otherwise this long stop ({long_stop}) is the last day."
)
WARN_NEW_DECISION_WINDOW = (
    "The explicit refusal of {date} stated the remedies after the first referral window "
    "({previous}), which did not bind you: it arguably opens a binding two-month window, until "
    "{legal} [U]. Refer by {safe} (safe); the long stop {long_stop} is the default reading."
)
WARN_REFERRAL_AFTER_NEW_DECISION = (
    "[U] The CADA referral of {sent} came after {legal}, the last day of the window the refusal "
    "of {date} arguably opened: under that reading it is out of time, and a court could find the "
    "application inadmissible. Under the default reading (the long stop, {long_stop}) it is in "
    "time."
)
# Review 3: a referral in time by default, after the last day of a stricter listed reading of a
# binding limit (the first window that bound; no CPC 642): [U], as WARN_REFERRAL_AFTER_NEW_DECISION.
WARN_REFERRAL_STRICTER_READING = (
    "[U] The CADA referral of {sent} came after {date}, the last day to refer {reading}: under "
    "that reading it is out of time, and no court route would follow it (CRPA L342-1, R343-1): a "
    "court could find the application inadmissible. Under the default reading (the last day "
    "{legal}) it is in time."
)
READING_NOT_REOPENED = (
    "if the explicit refusal of {date} did not reopen the window that ran from {what} ({start}), "
    "which bound you"
)
READING_AND_NO_642 = ", and without CPC 642 (no move to the next working day)"
READING_NO_642 = "without CPC 642 (no move to the next working day)"
# `cada log REF cada-sent` prints the two warnings above (stderr) when the referral is logged,
# and `cada letter REF recours-ta` repeats them as notes: both find them by this prefix, which
# each of them starts with (tests/law/test_referral_windows.py checks it).
WARN_REFERRAL_LOGGED_PREFIX = "[U] The CADA referral of "
NA_REFER_LONG_STOP_SAFE = (
    "The two-month limit ({date}) passed, but it was not opposable: refer to the CADA now, at the "
    "latest by {long_stop} (safe: act by {safe}, see `cada explain`)."
)


# --- corrections (issue 11, point 8): a channel corrected after sending ------------------
EXPLAIN_CHANNEL_CORRECTED = (
    "The channel of the request was corrected on {date} (`cada edit --channel`): {channel}. The "
    "receipt below is estimated from that channel, unless a receipt is recorded."
)

# --- series referrals (issue 11, point 5; CRPA R343-3-1) ------------------------------------
WARN_SERIES_MEMBER = (
    "This request is one of the {count} requests of campaign {campaign} referred to the CADA "
    "together on {sent} (CRPA R343-3-1): one referral, one registration R, so one confirmation "
    "date K for every authority of the series."
)
WARN_SERIES_NOT_NAMED = (
    "Campaign {campaign} was referred to the CADA as a series on {sent} (CRPA R343-3-1), and "
    "that referral does not name {reference}: it is no valid referral for this request, so no "
    "court deadline runs from it. Refer this request on its own (`cada log {reference} "
    "cada-sent`) while the referral window is open."
)
WARN_SERIES_REGISTRATIONS_DIFFER = (
    "The members of the series of campaign {campaign} have different registration dates "
    "recorded ({dates}): one referral has one registration (CRPA R343-3-1). Record the date of "
    "the CADA's acknowledgment on every member (`cada log --campaign {campaign} cada-registered "
    "--on DATE`)."
)

# --- issue 11 finish (camp-finish): the original request after a transfer with --to ------
NA_TRANSFERRED = (
    "Transferred to the competent authority (CRPA L114-2): follow request {reference}, whose "
    "deadlines and letters continue the procedure (`cada show {reference}`)."
)

# --- interface language (cada_tracker.i18n): the constants above are read translated ---------
if not TYPE_CHECKING:
    __getattr__ = localised(globals())
