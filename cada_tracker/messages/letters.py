"""User-facing strings of letters and dossiers (`cada letter`, `cada escalate`, `cada new`).

Error messages are one line each (the CLI prefixes them with "cada: "). Texts that end up *in*
letters live in the templates (letter_templates/), not here.
"""

from typing import TYPE_CHECKING

from cada_tracker.i18n import localised

# --- templates -------------------------------------------------------------------------------
TEMPLATE_SYNTAX = "template {file}, line {line}: syntax error: {error}."
TEMPLATE_UNDEFINED = (
    "template {file}, line {line}: {error} (unknown variable; docs/letters.md lists those a "
    "template can use). Nothing was written."
)
TEMPLATE_RENDER_FAILED = "template {file}, line {line}: {error}. Nothing was written."
TEMPLATE_INCLUDE_MISSING = "template {file}: the template '{name}' it includes does not exist."
TEMPLATE_NO_BODY = (
    "template {kind}: no body; a letter template writes its heading lines ('Objet : ...'), "
    "a blank line, then the body."
)
UNKNOWN_KIND = "no letter template named '{kind}'; available: {kinds}."
FILTER_NO_DATE = "fr_date was given no date (guard it with {% if ... %})"
TEMPLATE_NOT_UTF8 = (
    "template {file} is not UTF-8 text (byte 0x{byte:02x} at position {pos}{hint}); open it in "
    "a text editor and save it as UTF-8. Nothing was written."
)
TEMPLATE_UTF16_HINT = "; it looks like UTF-16, which some editors call 'Unicode'"
TEMPLATE_UNREADABLE = "cannot read template {file}: {reason}. Nothing was written."

# --- formats and files -----------------------------------------------------------------------
UNKNOWN_FORMAT = "unknown format '{fmt}'; choose one of: {formats}."
PDF_NEEDS_OUTPUT = "a PDF cannot be printed to the terminal; give a file with -o FILE.pdf."
WROTE = "wrote {path}"

# --- data a letter needs ---------------------------------------------------------------------
PROFILE_MISSING = (
    "no requester profile: letters need your name and address; run "
    "`cada init --name \"...\" --email ... --address \"...\"` first."
)
PROFILE_NO_EMAIL = (
    "your profile has no e-mail address, needed for --format eml; add it with "
    "`cada init --email you@example.org`."
)
AUTHORITY_NO_EMAIL = (
    "the authority '{slug}' has no e-mail address, needed for --format eml; add it with "
    "`cada authority edit {slug} --email ...`, or use --format pdf."
)
COURT_NO_EMAIL = (
    "format eml is for letters sent by e-mail (to the authority, or to the CADA for "
    "saisine-cada); a '{kind}' goes to the administrative court, which takes no e-mail: use "
    "--format pdf and file it through Télérecours citoyens (www.telerecours.fr) or by post."
)
NO_LETTER_DUE = (
    "request {reference} is '{state}': no letter is due; name one: cada letter {reference} KIND "
    "({kinds})."
)

# --- notes printed on stderr with a letter -----------------------------------------------------
NOTE_FROZEN = (
    "note: this is the letter as sent on {date} (frozen, sha256 {sha}); template changes do not "
    "alter it."
)
NOTE_DRAFT_KIND = "letter: {kind} (the next one request {reference} needs, state '{state}')"
NOTE_RELANCE_AFTER_REFUSAL = (
    "note: a reminder does not extend the deadline to refer to the CADA (CRPA L412-4): "
    "refer by {date} with `cada escalate {reference}`."
)
NOTE_RELANCE_AFTER_EXPLICIT = (
    "note: after an explicit refusal this letter asks the authority to reconsider (recours "
    "gracieux); it does not extend the deadline to refer to the CADA (CRPA L412-4): refer by "
    "{date} with `cada escalate {reference}`."
)
NOTE_MOTIFS = (
    "note: asking for the reasons (CRPA L232-4) extends only the court deadline, not the "
    "deadline to refer to the CADA{by}."
)
NOTE_REFERRAL_BY = " (last day {date})"
NOTE_MISSING_EXHIBIT = (
    "warning: exhibit {number} ({title}) is required ({why}) but no file is attached to the "
    "'{event}' event: it is listed as \"[à joindre : ...]\"; attach it (`cada attach "
    "{reference} FILE --event {event_kind}`) and render again, or join it yourself."
)
WHY_EXHIBIT_REFERRAL = "CRPA R343-1: a copy of the refusal, or of the unanswered request"
WHY_EXHIBIT_COURT = (
    "CJA R412-1: the contested decision, or the proof of the date of the claim"
)
WHY_EXHIBIT_CITED = "the application cites it"
WHY_EXHIBIT_ACK = "CRPA L112-6: the acknowledgment decides whether the time limits are opposable"
NOTE_SPECIMEN = (
    "note: request {reference} is illustrative (demo): this letter is marked as a specimen; "
    "do not send it."
)
NOTE_DEFAULT_COURT = (
    "note: court: {court}, the tribunal of the authority's department {department} (CJA R221-3, "
    "R312-1); check it, or name another with --court."
)
GLYPHS_IN_PDF = "the PDF"
GLYPHS_MORE = " and {more} more"
GLYPHS_OR = "' or '"
PDF_GLYPHS_REPLACED = (
    "warning: the PDF font has no glyph for {chars}; replaced by '{repl}' in {where}: "
    "reword those passages, or use --format text, markdown or html, which keep them."
)
NOTE_PLACEHOLDER = (
    "warning: the letter contains passages in [square brackets] for you to complete before "
    "signing."
)

# --- escalate ----------------------------------------------------------------------------------
ESCALATE_NOT_ADMISSIBLE = (
    "request {reference} is '{state}': a CADA referral is admissible only after a refusal "
    "(implicit-refusal, refused, partial, not-held); add --force to build the dossier anyway."
)
ESCALATE_TOO_EARLY = (
    "request {reference}: the implicit refusal is born on {b}; a referral before {start} would "
    "be premature (inadmissible). Add --force to build the dossier anyway."
)
ESCALATE_DEADLINE_PASSED = (
    "request {reference}: the deadline to refer to the CADA has passed (last day {date}, "
    "opposable: {why}); a late referral is inadmissible and makes a later court action "
    "inadmissible too; a new request restarts the procedure. Add --force to build the dossier "
    "anyway."
)
WHY_OPPOSABLE_AR = "a complete acknowledgment of receipt was recorded"
WHY_OPPOSABLE_DECISION = "the refusal is not recorded as lacking the remedies and time limits"
ESCALATE_LONG_STOP_PASSED = (
    "request {reference}: the two-month deadline to refer to the CADA was not opposable, but "
    "the reasonable time (one year, last day {date}) has passed too; a new request restarts "
    "the procedure. Add --force to build the dossier anyway."
)
ESCALATE_NO_DEMANDE = (
    "warning: no frozen copy of the request as sent; exhibit 1 is the stored draft, check that "
    "it is the text you sent."
)
ESCALATE_RENDERED_DEMANDE = (
    "warning: no stored copy of the request; exhibit 1 is rendered from the current template, "
    "replace it with the letter you actually sent."
)
ESCALATE_NOT_A_FOLDER = (
    "{path} exists and is not a folder; choose another folder with -o (--force replaces only an "
    "earlier dossier)."
)
ESCALATE_ZIP_NOT_A_FILE = (
    "{path} exists and is not a regular file; choose another folder with -o (the zip is named "
    "after it)."
)
ESCALATE_NOT_A_DOSSIER = (
    "{path} is a folder that is not an earlier dossier (no bordereau.txt, or subfolders); "
    "--force replaces only a dossier built by `cada escalate`: choose another folder with -o."
)
ESCALATE_BAD_FOLDER = "-o '{path}' names no folder; give the dossier's folder, e.g. -o saisine-cada."
ESCALATE_WRITE_FAILED = (
    "cannot create the dossier {folder} (and its zip) in {parent}: {reason}; choose another "
    "folder with -o. Nothing was written."
)
ESCALATE_TARGET_APPEARED = (
    "{path} appeared while the dossier was being built; nothing was written. Run the command "
    "again (with --force to replace it)."
)
ESCALATE_TO_JOIN = "à joindre"
ESCALATE_MISSING_FILE = "the stored file of document {name} ({sha}) is missing from the store."
ESCALATE_DONE = "Dossier de saisine de la CADA: {folder} (and {zip})"
ESCALATE_NEXT = (
    "Next: check and sign {letter}, send the referral with its exhibits to the CADA "
    "(online form at www.cada.fr, e-mail cada@cada.fr, or post: CADA, TSA 50730, "
    "75334 Paris Cedex 07){by}, then record it: cada log {reference} cada-sent --on YYYY-MM-DD"
)
ESCALATE_NEXT_BY = " by {date} at the latest"
ESCALATE_NEXT_BY_SAFE = " by {safe} (safe date, the strictest reading), {date} at the latest"
ESCALATE_INFORM = (
    "Then tell the authority: cada letter {reference} information-saisine"
)
ESCALATE_SPECIMEN = (
    "Request {reference} is illustrative (demo): this dossier is a specimen, every letter is "
    "marked \"SPÉCIMEN\"; do not send it to the CADA."
)
ESCALATE_TO_ATTACH = (
    "Join exhibit {number} yourself ({title}): it is listed as \"à joindre\" in the bordereau."
)

# --- exhibits (file names and titles in the bordereau) ------------------------------------------
# An exhibit with its file: "{title} ({name})"; without a file, a required exhibit is listed in
# the letters as "[à joindre : {title}]" and in the bordereau as "{title} — à joindre".
EXHIBIT_WITH_FILE = "{title} ({name})"
EXHIBIT_REQUEST = "Demande de communication du {date}"
EXHIBIT_REQUEST_UNDATED = "Demande de communication"
EXHIBIT_PROOF_SENT = "Preuve de l'envoi de la demande"
EXHIBIT_PROOF_RECEIVED = "Preuve de la réception de la demande le {date}"
EXHIBIT_ACK = "Accusé de réception de l'administration du {date}"
EXHIBIT_REFUSAL = "Décision de refus du {date}"
EXHIBIT_PARTIAL = "Réponse partielle du {date}"
EXHIBIT_NOT_HELD = "Réponse de l'administration du {date}"
EXHIBIT_SILENCE = "Note relative au silence gardé par l'administration"
EXHIBIT_CADA_SENT = "Saisine de la CADA du {date}"
EXHIBIT_CADA_SENT_UNDATED = "Saisine de la CADA"
EXHIBIT_CADA_REGISTERED = "Accusé d'enregistrement de la saisine par la CADA du {date}"
EXHIBIT_CADA_OPINION = "Avis de la CADA du {date}"
EXHIBIT_CONFIRMATION = "Décision confirmant le refus du {date}"

# --- issue 9: the time-limit sentences of recours-ta (legal aid, estimated K, [U] readings) ----
EXHIBIT_LEGAL_AID = "Décision d'aide juridictionnelle du {date}"
NOTE_K_ESTIMATED = (
    "note: the date of the implicit confirmation ({date}) is estimated from the date the "
    "referral was sent (the CADA's registration is not recorded); the letter says so. Record "
    "it with `cada log {reference} cada-registered --on DATE` for the exact date."
)
NOTE_REFERRAL_READING = "note: {warning}"

# --- `cada letter templates` ---------------------------------------------------------------
TEMPLATES_HEADER = "kind                 origin                     path"
TEMPLATE_ORIGIN_NAMES = {
    "packaged": "packaged", "user": "user", "user (overrides packaged)": "user (overrides packaged)",
}
TEMPLATES_USER_DIR = "user templates folder: {path}"
TEMPLATES_NO_ARGS = (
    "`cada letter templates` lists the templates and takes no KIND, -o, --court, --frais, "
    "--open-format or --allow-inadmissible (only --json); "
    "to render a letter, give a request reference: cada letter REF [KIND]."
)

# --- letters the history cannot support --------------------------------------------------------
KIND_NEEDS_SENT = (
    "request {reference} is '{state}': the '{kind}' letter needs the request to have been sent; "
    "record it first: cada log {reference} sent --on YYYY-MM-DD."
)
KIND_NEEDS_REFUSAL = (
    "request {reference} is '{state}': the '{kind}' letter needs a refusal (explicit, or implicit "
    "once the one-month period has run out)."
)
KIND_TOO_EARLY = (
    "request {reference} is '{state}': the implicit refusal is born on {b}; the '{kind}' letter "
    "is possible from {start} (earlier, it would cite a refusal that does not exist yet). "
    "Render it then; until then, the letter to send is a relance."
)
MOTIFS_NOT_IMPLICIT = (
    "request {reference}: the refusal is explicit; CRPA L232-4 (reasons) concerns only an "
    "implicit refusal, and an explicit one must already state its reasons (L311-14)."
)
KIND_NEEDS_CADA = (
    "request {reference}: '{kind}' informs the authority of a CADA referral; record it first: "
    "cada log {reference} cada-sent --on YYYY-MM-DD."
)
KIND_NEEDS_CONFIRMED = (
    "request {reference} is '{state}': an application to the court needs the refusal confirmed "
    "after the CADA referral (explicitly, or two months after its registration)."
)

# --- letters frozen on events (issue 9, point 7: `cada log ... --letter FILE`) ------------------
LETTER_FILE_ONLY_FOR = (
    "--letter records the letter an event sent; only for: {kinds} (not '{kind}')."
)
LETTER_FILE_NO_PATH = "--letter is empty; give the path of the letter's text file; nothing was recorded."
LETTER_FILE_NOT_FOUND = "--letter {path}: no such file; nothing was recorded."
LETTER_FILE_IS_DIRECTORY = "--letter {path} is a directory, not a text file; nothing was recorded."
LETTER_FILE_NOT_REGULAR = (
    "--letter {path} is not a regular file (device, pipe or socket); save the letter to a file; "
    "nothing was recorded."
)
LETTER_FILE_UNREADABLE = "--letter: cannot read {path}: {reason}; nothing was recorded."
LETTER_FILE_TOO_BIG = (
    "--letter {path} is larger than {limit} KiB: not a letter; give its plain text; nothing was "
    "recorded."
)
LETTER_FILE_EMPTY = "--letter {path} is empty (no text); nothing was recorded."
LETTER_FILE_NOT_UTF8 = (
    "--letter {path} is not UTF-8 text (line {line}); save it as UTF-8 plain text; nothing was "
    "recorded."
)
LETTER_FILE_BINARY = (
    "--letter {path} holds control characters (line {line}): not plain text; give the letter "
    "as UTF-8 text; nothing was recorded."
)
NOTE_LETTER_RECONSTRUCTED = (
    "note: {event} was typed in late: the {kind} letter is frozen as cada renders it for "
    "{date} (marked 'reconstructed'); if you sent another text, record the event with "
    "--letter FILE instead."
)
NOTE_LETTER_NOT_FROZEN = (
    "warning: no letter was frozen for {event} ({reason}); the event is recorded. Keep a copy "
    "of what you sent: cada attach {reference} FILE --event {event}."
)

# --- frozen letters as exhibits (issue 9, point 7) ----------------------------------------------
EXHIBIT_REMINDER = "Lettre de relance du {date}"
EXHIBIT_MOTIFS = "Demande de communication des motifs de la décision implicite, du {date}"
EXHIBIT_CADA_INFORMED = "Lettre informant l'administration de la saisine de la CADA, du {date}"
EXHIBIT_LETTER = "Courrier « {kind} » du {date}"  # a kind of the user's own templates
# Appended to "[à joindre : {title}" when the request has documents not yet numbered.
EXHIBIT_OFFER = "document(s) de la demande : {docs}"
NOTE_MISSING_OFFER = (
    " Documents of the request not numbered as exhibits: {docs} (`cada document show ID`)."
)

# --- e-mail output (issue 9, point 12: attachments, addresses) ----------------------------------
EML_PROFILE_ADDRESS = "your profile's e-mail (fix it: cada init --email ...)"
EML_AUTHORITY_ADDRESS = "the e-mail of '{slug}' (fix it: cada authority edit {slug} --email ...)"
EML_CADA_ADDRESS = "the CADA's e-mail (data/cada.json)"
NOTE_EML_SMTPUTF8 = (
    "note: {address} has non-ASCII characters before '@': the message is written for SMTPUTF8 "
    "(RFC 6531); send it through a mail server that supports it, or use an ASCII address."
)
NOTE_EML_ATTACHED = "note: attached to the e-mail: {names}."
# --- issue 9: recours-ta admissibility gates (services/letters/admissibility.py) ---------------
RECOURS_REFERRAL_OUT_OF_TIME = (
    "{reference}: no court application can follow the CADA referral of {sent}: it came after the "
    "last day that bound you ({date}), and the referral is a mandatory prior step that must be "
    "made in time (CRPA L342-1, R343-1). File a new request to start again (`cada explain "
    "{reference}` says why)."
)
RECOURS_AFTER_LONG_STOP = (
    "{reference}: the court long stop passed on {date} (a reasonable time of one year, CE 13 "
    "juill. 2016 Czabaj n° 387763; CE 11 mars 2024 n° 488227): an application filed now would be "
    "inadmissible. File a new request to start again."
)
RECOURS_AFTER_COURT_DEADLINE = (
    "{reference}: the court deadline passed on {date} and it binds you (the decision stated the "
    "remedies and time limits, CJA R421-1, R421-5): an application filed now would be "
    "inadmissible. File a new request to start again."
)
KIND_AFTER_END = (
    "request {reference} is '{state}': the '{kind}' letter would ask for what is no longer "
    "awaited; nothing is due."
)
RECOURS_REFUSED = "{why} To render it anyway, add --allow-inadmissible (with a warning)."
NOTE_INADMISSIBLE = (
    "warning: rendered with --allow-inadmissible although the application would be inadmissible: "
    "{why}"
)

# --- issue 9 wording: --frais (recours-ta, CJA L761-1) and --open-format (demande, CRPA L300-4)
FRAIS_BAD = (
    "--frais '{value}' is not an amount in euros: give a positive number up to 1000000 with "
    "at most two decimals, e.g. --frais 150 or --frais 150.50."
)
FRAIS_WRONG_KIND = (
    "--frais (the CJA L761-1 claim) is for a recours-ta, not a '{kind}'; name the kind: "
    "cada letter REF recours-ta --frais AMOUNT."
)
ALLOW_INADMISSIBLE_WRONG_KIND = (
    "--allow-inadmissible is for a recours-ta, not a '{kind}' (it lifts no other refusal); "
    "name the kind: cada letter REF recours-ta --allow-inadmissible."
)
OPEN_FORMAT_WRONG_KIND = (
    "--open-format is for the demande, not a '{kind}'; name it: cada letter REF demande "
    "--open-format."
)
OPEN_FORMAT_FROZEN = (
    "the demande of {reference} was sent: its text is frozen and cannot ask for an open format "
    "now; make a new request, or ask the authority in a reminder."
)
NOTE_OPEN_FORMAT_STORED = (
    "note: {reference} now asks for an open, reusable format (stored with the request): the copy "
    "`cada log {reference} sent` freezes says so too."
)
# --- the requester's arguments (issue 9, point 10: cada letter --arguments-file) ----------------
ARGUMENTS_NOT_FOUND = "no such arguments file: {path}."
ARGUMENTS_NOT_REGULAR = (
    "{path} is not a regular file (a folder, device, pipe or socket); give --arguments-file a "
    "UTF-8 text file."
)
ARGUMENTS_UNREADABLE = "cannot read the arguments file {path}: {reason}."
ARGUMENTS_TOO_LARGE = (
    "{path} is larger than {limit} bytes; the arguments of a letter are a few paragraphs of text."
)
ARGUMENTS_NOT_UTF8 = "{path} is not UTF-8 text (line {line}); save it as UTF-8 and try again."
ARGUMENTS_CONTROL = (
    "{path}, line {line}: control or bidi character U+{code:04X}; the arguments must be plain "
    "text (line breaks and tabs only)."
)
ARGUMENTS_EMPTY = "{path} is empty; write your arguments in it (paragraphs separated by a blank line)."
ARGUMENTS_STORED = (
    "arguments from {path} stored with {reference} ({paragraphs} paragraph(s)); saisine-cada and "
    "recours-ta quote them, now and in later letters."
)
ARGUMENTS_REPLACED = (
    "arguments from {path} stored with {reference} ({paragraphs} paragraph(s)), replacing the "
    "previous ones; saisine-cada and recours-ta quote them, now and in later letters."
)
ARGUMENTS_UNCHANGED = "{reference} already has these arguments (from {path}); nothing changed."
TEMPLATES_NO_ARGUMENTS = "`cada letter templates` takes no --arguments-file; give a request reference."

# --- issue 9, the facts told in the letters (branch issue9-fix-facts) -------------------------
# The seat of a tribunal that does not sit in the town it is named after (CJA R221-3), under
# its name in the recipient block of recours-ta.
COURT_SEAT = "Siège : {seat}"
# The transfer notice, an exhibit when a document is attached to the `transferred` reply.
EXHIBIT_TRANSFER = "Courrier du {date} informant de la transmission de la demande (article L114-2 du CRPA)"
# After a transfer, the refusal may be the competent authority's (CRPA L114-2): saisine-cada and
# information-saisine still name the authority of the request (docs/letters.md, "After a
# transfer").
NOTE_TRANSFERRED = (
    "note: {reference} was transferred on {date}{to} (CRPA L114-2): the refusal to refer may be "
    "that of the authority it was transferred to, not {authority}'s, and this letter names "
    "{authority}. If so, record a request for that authority (cada authority add ..., then "
    "cada new --authority SLUG ...) and refer its refusal from there."
)


# --- issue 11 finish (camp-finish): transfers and series referrals ----------------------------
# Exhibit 1 of a request created by a transfer: the request as made to the first authority.
EXHIBIT_REQUEST_TRANSFERRED = (
    "Demande de communication du {date} adressée {to_the} (réf. {reference}), transmise par "
    "celle-ci à l'administration compétente (article L114-2 du CRPA)"
)
# After a transfer recorded with --to, the request to the competent authority exists: point to it.
NOTE_TRANSFERRED_LINKED = (
    "note: {authority} transferred {reference} to the competent authority on {date} (CRPA "
    "L114-2): the refusal to refer is that authority's, followed in request {linked} (created "
    "by `--to`); refer it from there (`cada escalate {linked}`, `cada letter {linked} "
    "saisine-cada`)."
)

# --- interface language (cada_tracker.i18n): the constants above are read translated ---------
if not TYPE_CHECKING:
    __getattr__ = localised(globals(), french=("EXHIBIT_", "COURT_SEAT", "ESCALATE_TO_JOIN"))
