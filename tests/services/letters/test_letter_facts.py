"""Letters read a request through the read path of status, show and explain
(`storage.requests.load_views`) and hand the law engine the same facts; the event lookups of the
letters work on `domain.Event`s."""

from __future__ import annotations

from datetime import date

import pytest

from cada_tracker.domain import CONFIRMING_OUTCOMES, REFUSING_OUTCOMES, Event
from cada_tracker.services.letters.facts import first, last, phases
from tests.services.letters.helpers import log, ok

TODAY = "2024-01-15"  # after every event of both histories

# One history with every event kind that can follow the others (a judged case, then closed),
# reply outcomes before and after the CADA, a complete acknowledgment, both remedies flags.
JUDGED = [
    ("2023-01-05", "sent"),
    ("2023-01-09", "received"),
    ("2023-01-10", "acknowledged", "--complete"),
    ("2023-01-20", "reply", "--outcome", "extended"),
    ("2023-02-01", "reminder-sent"),
    ("2023-02-20", "reply", "--outcome", "refused", "--no-mentions-remedies"),
    ("2023-02-22", "reasons-requested"),
    ("2023-02-27", "reasons-received"),
    ("2023-03-01", "cada-sent"),
    ("2023-03-06", "cada-registered"),
    ("2023-03-07", "cada-informed"),
    ("2023-04-20", "cada-opinion", "--outcome", "unfavorable", "--note", "avis n° 2023-0001"),
    ("2023-05-02", "reply", "--outcome", "partial", "--mentions-remedies"),
    ("2023-05-10", "legal-aid-requested"),
    ("2023-06-10", "legal-aid-decided"),
    ("2023-07-01", "court-filed"),
    ("2023-07-02", "note", "--note", "mémoire en défense reçu"),
    ("2023-12-01", "judgment", "--outcome", "dismissed"),
    ("2024-01-02", "closed"),
]
# The kinds and outcomes a judged case cannot have: the other replies, and a withdrawal.
WITHDRAWN = [
    ("2023-01-05", "received"),  # a `sent` typed in late, on the same day, comes next
    ("2023-01-05", "sent"),
    ("2023-01-06", "acknowledged", "--incomplete"),
    ("2023-01-16", "reply", "--outcome", "transferred"),
    ("2023-01-25", "reply", "--outcome", "clarification-requested"),
    ("2023-02-10", "reply", "--outcome", "fee-requested"),
    ("2023-02-15", "reply", "--outcome", "not-held"),
    ("2023-03-01", "withdrawn"),
]


@pytest.fixture
def histories(letter_home):
    for ref, channel, events in (("2023-010", "registered-post", JUDGED),
                                 ("2023-011", "post", WITHDRAWN)):
        ok(letter_home, "--today", "2023-01-05", "new", "--authority", "ville-de-montpellier",
           "--subject", "Vidéoprotection", "--ref", ref, "--channel", channel,
           "--document", "le marché de 2022", "--document", "les avenants")
        for on, kind, *args in events:
            log(letter_home, on, ref, kind, "--on", on, *args)
    return letter_home


def _letters_path(reference: str, today: date):
    from cada_tracker.paths import resolve_settings
    from cada_tracker.services.letters.facts import load
    from cada_tracker.storage.db import session_scope
    from cada_tracker.storage.sql import session_query

    with session_scope(resolve_settings()) as session:
        return load(session_query(session), reference, today)


@pytest.mark.parametrize("reference", ["2023-010", "2023-011", "2020-001"])
def test_letters_hand_the_law_the_same_facts_as_status_and_show(histories, reference):
    from cada_tracker.context import Context
    from cada_tracker.paths import resolve_settings
    from cada_tracker.services.show import load_one

    today = date.fromisoformat(TODAY)
    loaded = _letters_path(reference, today)
    derived = load_one(Context(settings=resolve_settings(), today=today), reference)
    assert loaded.facts == derived.facts
    assert loaded.timeline == derived.timeline
    assert loaded.state == derived.state
    assert loaded.request == derived.view


def test_the_rich_histories_are_rich(histories):
    """The fixture above really holds every event kind, outcome and flag it claims to."""
    from cada_tracker.domain import EVENT_KINDS, OUTCOMES

    today = date.fromisoformat(TODAY)
    judged = _letters_path("2023-010", today).facts
    withdrawn = _letters_path("2023-011", today).facts
    events = judged.events + withdrawn.events
    assert {e.kind for e in events} == set(EVENT_KINDS)
    assert {e.outcome for e in events if e.kind == "reply"} == set(OUTCOMES["reply"]) - {"full"}
    assert {True, False} <= {e.complete for e in events if e.kind == "acknowledged"}
    assert {True, False} <= {e.mentions_remedies for e in events if e.kind == "reply"}
    assert judged.channel == "registered-post" and judged.requester_residence == "metropole"
    assert [e.kind for e in withdrawn.events][:2] == ["sent", "received"]  # the procedure's order
    assert _letters_path("2023-010", today).state == "closed"


def test_cada_letter_gives_the_engine_what_show_gives_it(histories, monkeypatch):
    """Through the real command: the facts `cada letter` hands to compute_timeline."""
    from cada_tracker.context import Context
    from cada_tracker.paths import resolve_settings
    from cada_tracker.services.letters import facts as letter_facts
    from cada_tracker.services.show import load_one

    seen = []
    real = letter_facts.compute_timeline

    def spy(facts, options=None):
        seen.append(facts)
        return real(facts, options) if options is not None else real(facts)

    monkeypatch.setattr(letter_facts, "compute_timeline", spy)
    for reference in ("2023-010", "2023-011"):
        seen.clear()
        ok(histories, "--today", TODAY, "letter", reference, "demande")
        assert seen, "the letter asked the law engine for its deadlines"
        ctx = Context(settings=resolve_settings(), today=date.fromisoformat(TODAY))
        derived = load_one(ctx, reference)
        assert all(f == derived.facts for f in seen)


# --- the event lookups of the letters --------------------------------------------------------


def _ev(kind: str, day: int, outcome: str | None = None, seq: int = 0) -> Event:
    return Event(kind=kind, date=date(2023, 1, day), outcome=outcome, seq=seq or day)


def test_first_last_and_outcome_families():
    events = [_ev("sent", 1), _ev("reply", 2, "extended"), _ev("reply", 3, "refused"),
              _ev("cada-sent", 4), _ev("reply", 5, "partial"), _ev("reply", 6, "full")]
    assert first(events, "reply") == events[1]
    assert first(events, "reply", REFUSING_OUTCOMES) == events[2]
    assert last(events, "reply") == events[5]
    assert last(events, "reply", CONFIRMING_OUTCOMES) == events[4]
    assert first(events, "judgment") is None and last(events, "judgment") is None
    assert last([], "reply") is None


def test_phases_split_at_the_cada_referral():
    before = [_ev("sent", 1), _ev("reply", 2, "refused")]
    registered = [_ev("cada-registered", 5), _ev("reply", 7, "refused")]
    assert phases(before + registered) == (before, registered)
    sent = [_ev("cada-sent", 4), *registered]
    assert phases(before + sent) == (before, sent)
    assert phases(before) == (before, [])
