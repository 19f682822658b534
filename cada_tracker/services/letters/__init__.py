"""Letters and the CADA dossier (`cada letter`, `cada escalate`, the `demande` of `cada new`
frozen by `cada log REF sent`).

- `facts`: a request loaded for a letter through the read path of status and show, with the
  law engine's timeline; the event lookups the letters need;
- `addresses`, `context`: the words around a letter and the context a template sees (the
  docs/letters.md documents it: keep the two in step);
- `exhibits`: the numbered exhibits of a referral or a court application;
- `courts`: the court of a department and the CADA's address (data files under `data/`);
- `compose`: the kind a request needs next, its checks, the template rendered to a LetterDoc;
- `output`: `cada letter` (one unit of work) and the formats;
- `frozen`: the draft on `cada new`, the frozen copy of the letter each event sent (`sent`,
  `reminder-sent`, `cada-sent`, `cada-informed`, `reasons-requested`, `court-filed`; inside
  the caller's session);
- `dossier`, `dossier_files`: `cada escalate` and the atomic folder and zip.

Deadlines come from the deadline engine (`cada_tracker.law`); nothing is computed here.
"""

from cada_tracker.services.letters.compose import NEXT_KIND, REFERRAL_STATES
from cada_tracker.services.letters.courts import cada_addressee, court_table, default_court
from cada_tracker.services.letters.dossier import Dossier, escalate
from cada_tracker.services.letters.frozen import (
    EVENT_LETTERS,
    draft_for_new,
    freeze_on_event,
    freeze_on_sent,
    read_letter_file,
    replace_draft,
)
from cada_tracker.services.letters.output import Output, letter, templates

__all__ = [
    "EVENT_LETTERS",
    "NEXT_KIND",
    "REFERRAL_STATES",
    "Dossier",
    "Output",
    "cada_addressee",
    "court_table",
    "default_court",
    "draft_for_new",
    "escalate",
    "freeze_on_event",
    "freeze_on_sent",
    "letter",
    "read_letter_file",
    "replace_draft",
    "templates",
]
