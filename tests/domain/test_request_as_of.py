"""A request as it stood on a day (`--today` in the past): when it starts to exist, and which
events count (docs/commands.md, "Global options")."""

from __future__ import annotations

from datetime import date

from cada_tracker.domain import Event
from cada_tracker.domain.records import RequestView


def view(created: str, *events: tuple[str, str]) -> RequestView:
    return RequestView(
        id=1, reference="R", authority_slug="a", authority_name="A", subject="s",
        channel="email", environmental=False, created_on=date.fromisoformat(created),
        events=[Event(kind=k, date=date.fromisoformat(d), seq=i) for i, (k, d) in
                enumerate(events)],
    )


def test_a_draft_exists_from_its_creation():
    draft = view("2023-01-30")  # Mon 30 Jan 2023
    assert draft.since == date(2023, 1, 30)
    assert not draft.existed_on(date(2023, 1, 29)) and draft.existed_on(date(2023, 1, 30))


def test_history_typed_in_late_exists_from_its_first_event():
    # created Thu 1 Jun 2023 about a request sent on Tue 31 Jan 2023
    late = view("2023-06-01", ("sent", "2023-01-31"), ("received", "2023-02-02"))
    assert late.since == date(2023, 1, 31)
    assert late.existed_on(date(2023, 1, 31)) and not late.existed_on(date(2023, 1, 30))


def test_a_request_drafted_before_it_was_sent_exists_as_a_draft_in_between():
    # drafted Mon 30 Jan 2023, sent Fri 3 Feb 2023: on Wed 1 Feb 2023 a draft without events
    v = view("2023-01-30", ("sent", "2023-02-03"))
    assert v.since == date(2023, 1, 30)
    assert v.as_of(date(2023, 2, 1)).events == []


def test_as_of_leaves_out_the_later_events_only():
    v = view("2023-01-30", ("sent", "2023-01-31"), ("reply", "2023-03-10"))
    assert [e.kind for e in v.as_of(date(2023, 3, 9)).events] == ["sent"]
    assert v.as_of(date(2023, 3, 10)) is v  # nothing after the day: the same object
    assert len(v.events) == 2  # the view itself is not changed
