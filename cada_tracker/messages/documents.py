"""User-facing strings for the document store, text extraction, search and findings.

`str.format` templates, one line each. The exit code of each error is documented in
docs/documents.md and docs/exit-codes.md. `shown()` makes a name safe to print on a terminal.
"""

from typing import TYPE_CHECKING

from cada_tracker.display import shown  # noqa: F401  (re-exported for this area)
from cada_tracker.i18n import localised

# --- attach: the input files (exit 2 usage, 3 not found, 1 failed) ------------------------
FILE_NOT_FOUND = "{path}: no such file; nothing was attached."
FILE_IS_DIRECTORY = "{path} is a directory; attach the files inside it (or a ZIP of them)."
FILE_IS_SYMLINK = (
    "{path} is a symbolic link; cada does not follow links. Attach the file it points to "
    "instead: {target}"
)
FILE_NOT_REGULAR = "{path} is not a regular file (device, pipe or socket); nothing was attached."
FILE_EMPTY = "{path} is empty (0 bytes); nothing was attached."
FILE_UNREADABLE = "cannot read {path}: {reason}; nothing was attached."
NO_FILES = "give at least one file to attach."
EVENT_NOT_FOUND = (
    "request {reference} has no event '{event}'; give an event id or kind from `cada show "
    "{reference}` ({known})."
)
EVENT_NONE = "none yet"
EVENT_EMPTY = "--event is empty; give an event id or kind (such as 'reply'), or leave it out."
ALREADY_ATTACHED = (
    "{name} is already attached to request {reference} as DOC {doc} (same content, "
    "SHA-256); nothing was attached. Use --force to attach it again."
)
ATTACHED_TWICE = (
    "{name} has the same content as {other}, given earlier in this command; nothing was "
    "attached. Use --force to attach both."
)
RECEIVED_IN_FUTURE = (
    "--received-on {date} is after today ({today}); check the date, use --today to change "
    "today, or --force."
)

# --- store (exit 5) ---------------------------------------------------------------------
STORE_WRITE_FAILED = (
    "could not write to the document store {path}: {reason}; nothing was attached."
)
STORE_NOT_WRITABLE = "cannot create the document store {path}: {reason}."
STORE_MISSING = (
    "the document store {path} (--store or CADA_STORE) does not exist; create it, or mount "
    "the shared folder it is on."
)
STORE_UNUSABLE = "cannot use the document store {path} (--store or CADA_STORE): {reason}."
STORE_NOT_A_DIRECTORY = (
    "the document store {path} (--store or CADA_STORE) is not a folder (a file, a device or a "
    "pipe); give a folder."
)
STORE_NOT_A_FOLDER = (
    "the document store needs a folder at {path}, but a file is there; move that file away."
)
STORE_BLOB_UNREADABLE = (
    "cannot read the stored file of DOC {doc} ({sha256}): {reason}; run `cada check`."
)
# what was not done when a stored file no longer matches its hash ({done} below)
# the text status of a stored file as sentences show it (the JSON keeps the value)
TEXT_STATUS_NAMES = {"ok": "ok", "none": "none", "failed": "failed"}
DONE_EXPORTED = "exported"
DONE_REREAD = "re-read"
STORE_BLOB_TAMPERED = (
    "the stored file of DOC {doc} no longer matches its SHA-256 ({sha256}); nothing was "
    "{done}. Run `cada check` and restore the file from a backup or attach it again."
)
STORE_BLOB_MISSING = (
    "the stored file of DOC {doc} ({sha256}) is missing from the store; run `cada check`."
)
STORE_BROKEN = (
    "the document store has problems: {missing} missing, {corrupted} corrupted, "
    "{orphaned} orphaned file(s){extra}; see above."
)

# --- archives (exit 1) ------------------------------------------------------------------
ZIP_UNSAFE = (
    "{name}: unsafe archive, {reason}; nothing was attached. To keep the archive itself "
    "without unpacking it, attach it again with --no-unpack."
)
ZIP_TRAVERSAL = "member '{member}' points outside the archive (path traversal)"
ZIP_ABSOLUTE = "member '{member}' has an absolute path"
ZIP_SYMLINK = "member '{member}' is a symbolic link"
ZIP_RATIO = "member '{member}' expands {ratio:.0f} times (limit {limit}): a decompression bomb"
ZIP_TOTAL = "it expands to more than {limit_mb} MB in total (decompression bomb limit)"
ZIP_COUNT = "it has more than {limit} members"
ZIP_LYING = "member '{member}' is larger than its header says (a decompression bomb)"
ZIP_DEPTH = "archives nested more than {limit} deep"
ZIP_DAMAGED = "damaged archive, stored as is without unpacking it ({reason})"
ZIP_DAMAGED_MEMBERS = (
    "damaged archive: {count} member(s) could not be read and were skipped ({members}); "
    "the other members were unpacked"
)
ZIP_EMPTY = "empty archive (no files in it)"
ZIP_ENCRYPTED = "member '{member}' is encrypted"

# --- extraction notes (stored in stored_file.text_note; never errors) -------------------
OCR_MISSING = (
    "no text layer; OCR needs Tesseract: install it with "
    "`sudo apt-get install tesseract-ocr tesseract-ocr-fra` (macOS: `brew install tesseract "
    "tesseract-lang`), then run `cada document reextract DOC`"
)
OCR_FAILED = "OCR failed: {reason}"
OCR_NOT_INSTALLED = "tesseract is not installed"
OCR_TIMEOUT = "tesseract took more than {seconds} s"
OCR_EXIT_CODE = "tesseract exit code {code}"
OCR_DONE = "text obtained by OCR (Tesseract, {lang}) on {pages} page(s)"
OCR_PARTIAL_MISSING = "{pages} page(s) without a text layer were not read (Tesseract missing)"
PDF_ENCRYPTED = "password-protected PDF: the text cannot be read without the password"
PDF_DAMAGED = "damaged PDF: {reason}"
PDF_DAMAGED_READ = "damaged PDF ({reason}); read with pypdf"
PDFIUM_NO_REASON = "PDFium could not open it"
PDF_NO_PAGES = "the PDF has no pages"
TEXT_TRUNCATED = "text beyond the first {limit_mb} MB of the file was not read"
NO_EXTRACTOR = "no text extractor for {media_type}; the file is stored as is"
EXTRACT_TOO_LARGE = "file too large"
EXTRACT_FAILED = "text extraction failed: {reason}"
EMPTY_TEXT = "the file contains no text"
LEGACY_OFFICE = (
    "old binary Office format (.doc/.xls): no text extracted; save it as DOCX/XLSX/ODT and "
    "attach that copy too"
)
ARCHIVE_NOTE = "archive of {count} file(s), unpacked into documents of their own"
ARCHIVE_KEPT = "archive stored without unpacking (--no-unpack)"
EMAIL_NOTE = "e-mail with {count} attachment(s)"

# --- documents (exit 3, 4) ------------------------------------------------------------
DOCUMENT_NOT_FOUND = "no document {doc}; list them with `cada documents`."
DOCUMENT_BAD_ID = (
    "'{doc}' is not a document id; give a number from 1 up, as in `cada documents`."
)
NO_DOCUMENTS = "no documents yet; file some with `cada attach REF FILE...`."
NO_DOCUMENTS_FOR = (
    "no documents for request {reference} yet; file some with `cada attach {reference} FILE...`."
)
EXPORT_EXISTS = "{path} already exists; use --force to overwrite it."
EXPORT_FAILED = "could not write {path}: {reason}."
EXPORT_NO_FOLDER = "the folder {folder} does not exist; create it first or give another -o."
EXPORT_NOT_REGULAR = (
    "{path} exists and is not a regular file (a folder, device, pipe or socket); cada never "
    "replaces it, even with --force. Give another file name."
)
REEXTRACTED = "DOC {doc}: text {status} ({pages} page(s)){note}"
REEXTRACTED_NOTE = "; {note}"
NO_OPENER = "no program to open files was found (xdg-open or open); the file is at {path}"

# --- document lines (`cada attach`, `cada documents`) and `cada document show` ------------
DOC_LINE = (
    "{indent}DOC {id}  {request}  {received_on}  {name}{flag}  "
    "[{media_type}, {size}, {pages}, text {text}]  sha256 {sha256}"
)
DOC_ILLUSTRATIVE = " (illustrative)"
DOC_PAGES = "{pages} p."
DOC_NOTE = "note: {note}"
DOC_REF = "DOC {doc}"
DOC_SHOW_HEADER = "DOC {doc}  {name}{flag}"
DOC_SHOW_ROW = "  {label:<12} {value}"
DOC_SHOW_EVENT = "{id} {kind} {date}"
DOC_SHOW_SIZE = "{size} bytes"
DOC_SHOW_NOTE = " ({note})"
DOC_SHOW_CHILD = "DOC {doc}  {name}"
DOC_SHOW_SAME_FILE = "DOC {doc}  {request}  {name}"
DOC_SHOW_EVIDENCE = "finding {finding}, p. {page} ({mark}): « {quote} »"
LABEL_REQUEST = "request"
LABEL_RECEIVED_ON = "received on"
LABEL_EVENT = "event"
LABEL_TYPE = "type"
LABEL_SIZE = "size"
LABEL_PAGES = "pages"
LABEL_TEXT = "text"
LABEL_SHA256 = "sha256"
LABEL_STORED_AT = "stored at"
LABEL_INSIDE = "inside"
LABEL_CONTAINS = "contains"
LABEL_SAME_FILE = "same file as"
LABEL_EVIDENCE = "evidence"
# a flag after a title (`cada document show`, `cada finding list|show`)
ILLUSTRATIVE_FLAG = "  (illustrative)"
EVIDENCE_VERIFIED = "verified"
EVIDENCE_UNVERIFIED = "unverified"

# --- check ----------------------------------------------------------------------------
CHECK_OK = "store OK: {files} file(s) verified, {documents} document(s)."
# issue 13: the stored timelines, derived afresh and compared
CHECK_TIMELINES_OK = "stored timelines OK: {n} derived again, the same."
CHECK_TIMELINES_NONE = "stored timelines: none on this database (derived at each command)."
CHECK_TIMELINE_DIFFERS = (
    "stored timeline differs from the engine's: {reference} (cada check --repair forgets it; "
    "it is derived again when next read)"
)
CHECK_TIMELINE_FORGOTTEN = "stored timeline forgotten: {reference} (derived again when next read)"
TIMELINES_BROKEN = "{n} stored timeline(s) differ from the engine's; see above."
CHECK_MISSING = "missing: {sha256} (DOC {docs}) is in the database but not in the store"
CHECK_CORRUPTED = "corrupted: {sha256} (DOC {docs}) no longer matches its hash (now {actual})"
CHECK_WRONG_SIZE = "corrupted: {sha256} (DOC {docs}) has {actual} bytes, expected {size}"
CHECK_STORE = "document store: {path}"
CHECK_ORPHAN = "orphaned: {path} ({size}) is in the store but not in the database"
CHECK_STALE_TMP = "leftover temporary file: {path} ({size})"
CHECK_OTHER_DATABASES = (
    "{count} file(s) of the store ({size}) are not linked by this database; the store is "
    "shared with other databases ({names}), so they are kept: run `cada check` with each of "
    "them (a database that is gone: delete its file in {folder})."
)
CHECK_EVIDENCE = (
    "evidence {evidence} of finding {finding} was checked against {expected} but DOC {doc} "
    "is now {actual}"
)
CHECK_REMOVED = "removed: {path}"
CHECK_NO_DOCUMENTS = "none"
STORE_BROKEN_STALE = ", {count} stale temporary"
STORE_BROKEN_EVIDENCE = ", {count} evidence mismatch(es)"
CHECK_REPAIR_HINT = (
    " (orphans can be removed with --repair; missing or corrupted files must be restored "
    "from a backup or attached again)"
)

# --- search -------------------------------------------------------------------------------
SEARCH_EMPTY_QUERY = "give words to search for."
SEARCH_NO_WORDS = (
    "the query {query} has no word to search for (only quotes, spaces or punctuation); "
    "give at least one word."
)
SEARCH_BAD_LIMIT = "--limit {limit} is out of range; give a number from 1 to {high}."
SEARCH_NO_HITS = "no match for {query}."
SEARCH_UNSUPPORTED = (
    "search needs SQLite (FTS5); it is not available yet on {dialect} (future work)."
)
SEARCH_REINDEXED = "search index rebuilt: {pages} page(s), {requests} request(s), " \
    "{letters} letter(s), {findings} finding(s)."
HIT_DOCUMENT = "DOC {doc}  p. {page}  {request}  {name}"
HIT_REQUEST = "REQUEST {request}"
HIT_LETTER = "LETTER {letter}  {request}  {name}"
HIT_FINDING = "FINDING {finding}  {requests}  {name}"
HIT_SNIPPET = "    {snippet}"

# --- findings (exit 1, 3) -------------------------------------------------------------
FINDING_NOT_FOUND = "no finding {finding}; list them with `cada finding list`."
FINDING_BAD_ID = (
    "'{finding}' is not a finding id; give a number from 1 up (F1 works too), as in "
    "`cada finding list`."
)
NO_FINDINGS = "no findings yet; record one with `cada finding add TITLE`."
NO_FINDING_MATCHES = "no finding matches {filters}; `cada finding list` shows them all."
FINDING_EMPTY_TITLE = "a finding needs a title."
PAGE_NOT_FOUND = "DOC {doc} has no page {page} (it has {count})."
PAGE_NOT_FOUND_NONE = "DOC {doc} has no page {page}: it has no pages at all{note}."
PAGE_BAD = "--page {page} is not a page number; pages start at 1."
PAGE_NO_TEXT = (
    "DOC {doc} has no extracted text ({status}{note}), so the quote cannot be checked; "
    "use --unverified to record it anyway."
)
QUOTE_NOT_ON_PAGE = (
    "the quote is not on page {page} of DOC {doc} (compared without accents, case or spacing)"
    "{hint}; fix the quote or the page, or use --unverified."
)
QUOTE_ELSEWHERE = " but it is on page(s) {pages}"
QUOTE_EMPTY = "the quote is empty."
NOTHING_TO_EDIT = "nothing to change: give --title, --summary, --tag, --untag, --request or " \
    "--unlink."
TAG_BAD = "tag '{tag}' is too long or empty (1 to 60 characters)."
UNTAG_UNKNOWN = "F{finding} has no tag '{tag}' (its tags: {tags}); nothing was changed."
UNLINK_UNKNOWN = (
    "F{finding} is not linked to request {reference} (its requests: {requests}); nothing "
    "was changed."
)
NONE_YET = "none"

# --- findings: output of `cada finding ...` ---------------------------------------------
FINDING_REF = "F{id}"
FINDING_LINE = "F{id}  {title}  [{requests}]  {count} evidence{flag}{tags}"
FINDING_TAG = "#{tag}"
FINDING_TAGS = "  {tags}"
FINDING_FILTER_REQUEST = "--request {request}"
FINDING_FILTER_TAG = "--tag {tag}"
FINDING_REMOVED = "F{id} removed"
EVIDENCE_ADDED = (
    "evidence {id} added to F{finding} ({mark}; DOC {document} p. {page}, sha256 {sha256})"
)
EVIDENCE_NOT_VERIFIED = "NOT verified"
FINDING_SHOW_HEADER = "F{id}  {title}{flag}"
FINDING_SHOW_SUMMARY = "  {line}"
FINDING_SHOW_REQUESTS = "  requests: {requests}"
FINDING_SHOW_TAGS = "  tags: {tags}"
FINDING_SHOW_NO_EVIDENCE = "  no evidence yet: add some with `cada finding evidence`."
FINDING_SHOW_EVIDENCE = "  - DOC {document} {name} ({request}), p. {page}, {mark}{extra}:"
FINDING_SHOW_ILLUSTRATIVE_DOC = " (illustrative document)"
FINDING_SHOW_QUOTE = "      « {quote} »"
FINDING_SHOW_SHA256 = "      sha256 {sha256}{state}"
FINDING_SHOW_FILE_CHANGED = "  (WARNING: the document's file has changed)"


# --- interface language (cada_tracker.i18n): the constants above are read translated ---------
if not TYPE_CHECKING:
    __getattr__ = localised(globals())
