"""Letters as the storage layer loads them, and the fixed addressees of the letters.

Plain data (no database, no heavy imports): `storage.letters` builds these from rows, the
letters services read them, and `frozen_letter_json` is the one place where a frozen letter
becomes the JSON of `cada show --json` (under "letters").
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

# The letter each event sent (the kind frozen when the event is logged: services.letters.frozen).
EVENT_LETTERS = {
    "sent": "demande",
    "reminder-sent": "relance",
    "cada-sent": "saisine-cada",
    "cada-informed": "information-saisine",
    "reasons-requested": "demande-motifs",
    "court-filed": "recours-ta",
}


class StoredLetter(NamedTuple):
    """A row of the letter table: the draft of `cada new` or the frozen copy as sent."""

    id: int
    kind: str
    body: str
    sha256: str
    frozen: bool
    event_id: int | None
    date: date  # the day of its event (the `sent` it was frozen with), else the day it was stored
    # "rendered" (by cada when the event was logged), "reconstructed" (rendered for an event
    # typed in late, as of the event's date) or "user" (the text given with --letter FILE)
    origin: str = "rendered"
    event_kind: str | None = None  # the kind of its event (`sent`, `reminder-sent`, ...)
    made_by: str | None = None  # who made it (issue 14); None: unknown (before revision 0008)


def letters_as_of(letters: Iterable[StoredLetter], day: date) -> list[StoredLetter]:
    """The letters as they stood on `day` (`--today` in the past): a letter frozen (sent) after
    it is left out; drafts stay."""
    return [lt for lt in letters if not lt.frozen or lt.date <= day]


class ExhibitFile(NamedTuple):
    """A top-level document of a request (not a part of an e-mail or archive): an exhibit when
    it is attached to an event."""

    document_id: int
    event_id: int | None
    original_name: str
    sha256: str
    media_type: str = "application/octet-stream"


class Addressee(NamedTuple):
    """A fixed addressee of the letters (the CADA), from `data/cada.json`."""

    name: str
    address_lines: list[str]
    email: str
    website: str


def frozen_letter_json(letter: StoredLetter) -> dict[str, str | None]:
    """A letter as sent, as `cada show --json` prints it: kind, date (ISO), sha256, body,
    origin (rendered, reconstructed, user), made_by (who made it; null: unknown)."""
    return {
        "kind": letter.kind,
        "date": letter.date.isoformat(),
        "sha256": letter.sha256,
        "body": letter.body,
        "origin": letter.origin,
        "made_by": letter.made_by,
    }
