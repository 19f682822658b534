"""A series referral (CRPA R343-3-1; issue 11, point 5): five or more requests of a campaign
with the same object, sent to different authorities, referred to the CADA in one letter.

No table holds it (docs/design.md, "Series referrals"): the `cada-sent` event recorded on each
request the referral names carries, as the first line of its note, a marker naming the campaign
and every reference of the series. `marker` writes it, `parse` reads it back; both are pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# The first line of the note of every member's `cada-sent`:
#   "series R343-3-1 SLUG: REF-001, REF-002, REF-003, REF-004, REF-005"
MARKER_PREFIX = "series R343-3-1 "
# R343-3-1: "au moins cinq demandes ayant le même objet"
SERIES_MINIMUM = 5


@dataclass(frozen=True)
class SeriesReferral:
    """One referral for a series: the campaign, the day it was sent, the references it names."""

    campaign: str
    sent: date
    members: tuple[str, ...]

    def names(self, reference: str) -> bool:
        return reference in self.members


def marker(campaign: str, members: tuple[str, ...] | list[str]) -> str:
    return f"{MARKER_PREFIX}{campaign}: {', '.join(members)}"


def note_with_marker(campaign: str, members: tuple[str, ...] | list[str],
                     note: str | None) -> str:
    """The note of a member's `cada-sent`: the marker, then the user's note on the next line."""
    line = marker(campaign, members)
    return line if not note else f"{line}\n{note}"


def parse(note: str | None, sent: date) -> SeriesReferral | None:
    """The series a `cada-sent` note names, or None (no marker, or a damaged one)."""
    if not note or not note.startswith(MARKER_PREFIX):
        return None
    first = note.split("\n", 1)[0][len(MARKER_PREFIX):]
    slug, sep, refs = first.partition(": ")
    members = tuple(r.strip() for r in refs.split(",") if r.strip())
    if not sep or not slug or not members:
        return None
    return SeriesReferral(slug, sent, members)
