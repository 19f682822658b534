"""Requests with their authority, items and events: the read path of status, show, explain,
remind, calendar and letters. Runs on any `storage.sql.Query`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from cada_tracker import messages as M
from cada_tracker.domain import Event, RequestView, ordered
from cada_tracker.domain.records import ItemOutcome, RequestKey
from cada_tracker.domain.transfer import first_receipt
from cada_tracker.domain.transfer import links as transfer_links
from cada_tracker.errors import NotFoundError
from cada_tracker.storage.documents import execute
from cada_tracker.storage.sql import Query, as_bool, as_date, session_query, where_in
from cada_tracker.textutil import suggest

if TYPE_CHECKING:
    from sqlmodel import Session

    from cada_tracker.storage.tables import Event as EventRow
    from cada_tracker.storage.tables import Request

_REQUESTS_SQL = (
    "SELECT r.id, r.reference, a.slug, a.name, r.subject, r.channel, r.environmental, "
    "r.created_on, r.illustrative, a.department, r.note "
    "FROM request r JOIN authority a ON a.id = r.authority_id"
)
_EVENTS_SQL = (
    "SELECT id, request_id, kind, occurred_on, outcome, note, complete, mentions_remedies, forced, "
    "channel, notified_on, lawyer_designated_on, made_by "
    "FROM event"
)
_ITEMS_SQL = "SELECT request_id, description FROM request_item"


def load_views(
    query: Query,
    *,
    references: Sequence[str] | None = None,
    authority_slug: str | None = None,
    marker: str = "?",
    as_of: date | None = None,
    links: bool = True,
) -> list[RequestView]:
    """Load requests (all, some references, or one authority's) with items and events.

    as_of: the requests as they stood on that day (`--today` in the past): only those that
    existed then (`RequestView.existed_on`), with only the events dated on or before it."""
    sql, params = _REQUESTS_SQL, list[Any]()
    if references:
        clause, params = where_in("r.reference", references, marker)
        sql += clause
    elif authority_slug:
        sql += f" WHERE a.slug = {marker}"
        params = [authority_slug]
    sql += " ORDER BY r.id"
    views: dict[int, RequestView] = {}
    for row in query(sql, params):
        views[row[0]] = RequestView(
            id=row[0],
            reference=row[1],
            authority_slug=row[2],
            authority_name=row[3],
            subject=row[4],
            channel=row[5],
            environmental=bool(row[6]),
            created_on=as_date(row[7]),
            illustrative=bool(row[8]),
            authority_department=row[9],
            note=row[10],
        )
    if not views:
        return []
    ids = list(views) if (references or authority_slug) else []
    clause, id_params = where_in("request_id", ids, marker)
    for row in query(_ITEMS_SQL + clause + " ORDER BY request_id, position", id_params):
        view = views.get(row[0])
        if view is not None:
            view.items.append(row[1])
    if as_of is not None:  # dates compare as ISO text on SQLite, as dates elsewhere
        clause += (" AND " if clause else " WHERE ") + f"occurred_on <= {marker}"
        id_params = [*id_params, as_of.isoformat()]
    for row in query(_EVENTS_SQL + clause + " ORDER BY request_id, occurred_on, id", id_params):
        view = views.get(row[1])
        if view is not None:
            view.events.append(
                Event(
                    kind=row[2],
                    date=as_date(row[3]),
                    outcome=row[4],
                    note=row[5],
                    complete=as_bool(row[6]),
                    mentions_remedies=as_bool(row[7]),
                    forced=bool(row[8]),
                    channel=row[9],
                    notified_on=as_date(row[10]) if row[10] is not None else None,
                    lawyer_designated_on=as_date(row[11]) if row[11] is not None else None,
                    seq=row[0],
                    made_by=row[12],
                )
            )
    for view in views.values():
        view.events = ordered(view.events)  # the procedure's order within a day
    if links:
        _link_transfers(query, list(views.values()), marker, as_of)
    if as_of is not None:
        return [view for view in views.values() if view.existed_on(as_of)]
    return list(views.values())


def _link_transfers(
    query: Query, views: list[RequestView], marker: str, as_of: date | None
) -> None:
    """Issue 11 point 8: a request created by a transfer reads the first authority's receipt
    from the original request's events as they are now (a `received` recorded or corrected
    there later counts), not only from the marker written at the transfer."""
    wanted: dict[int, tuple[str, date]] = {}
    for view in views:
        origin = transfer_links(view.events).get("from")
        first = next((e for e in view.events if e.kind == "sent"), None)
        if origin is not None and first is not None:
            wanted[view.id] = (origin.reference, first.date)
    if not wanted:
        return
    by_ref = {v.reference: v for v in views}
    missing = sorted({ref for ref, _ in wanted.values() if ref not in by_ref})
    if missing:
        for v in load_views(query, references=missing, marker=marker, as_of=as_of, links=False):
            by_ref[v.reference] = v
    for view in views:
        if view.id not in wanted:
            continue
        ref, transferred_on = wanted[view.id]
        source = by_ref.get(ref)
        if source is not None:
            view.initial_receipt = first_receipt(source.events, source.channel, transferred_on)


_ITEM_OUTCOMES_SQL = (
    "SELECT i.position, i.description, o.outcome, o.ground, e.id, e.kind, e.occurred_on "
    "FROM item_outcome o JOIN request_item i ON i.id = o.item_id "
    "JOIN event e ON e.id = o.event_id WHERE e.request_id = ? "
    "ORDER BY e.occurred_on, e.id, i.position, o.id"
)


def item_outcomes(query: Query, request_id: int) -> list[ItemOutcome]:
    """Every recorded item outcome of a request, in the order of the events that decided them."""
    return [
        ItemOutcome(row[0], row[1], row[2], row[3], row[4], row[5], as_date(row[6]))
        for row in query(_ITEM_OUTCOMES_SQL, [request_id])
    ]


def load_residence(query: Query) -> str:
    rows = list(query("SELECT residence FROM profile ORDER BY id", []))
    return rows[0][0] if rows else "metropole"


def load_references(query: Query) -> list[str]:
    return [row[0] for row in query("SELECT reference FROM request ORDER BY reference", [])]


def references_and_subjects(query: Query) -> list[tuple[str, str]]:
    """(reference, subject) of every request, by reference (shell completion)."""
    sql = "SELECT reference, subject FROM request ORDER BY reference"
    return [(row[0], row[1]) for row in query(sql, [])]



def references_noted(query: Query, word: str) -> list[str]:
    """The references of the requests whose note holds `word` as one whole word (issue 11,
    point 7: the `alaveteli:<url_title>` key of an imported request), by reference."""
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    sql = "SELECT reference, note FROM request WHERE note LIKE ? ESCAPE '\\' ORDER BY reference"
    return [row[0] for row in query(sql, [f"%{escaped}%"]) if word in (row[1] or "").split()]

# --- the write paths of `cada new` and `cada log` (plain SQL on any Unit: issue 13, goal 4) ----


def request_key(query: Query, reference: str) -> RequestKey:
    """The id and reference of the request with this reference, or NotFoundError naming the
    closest ones."""
    rows = list(query("SELECT id, reference FROM request WHERE reference = ?", [reference]))
    if not rows:
        raise NotFoundError(M.REQUEST_NOT_FOUND.format(
            reference=reference, hint=suggest(reference, load_references(query))))
    return RequestKey(rows[0][0], rows[0][1])


def get_request(session: Session, reference: str) -> Request:
    """The models.Request with this reference, or NotFoundError naming the closest ones."""
    from cada_tracker.storage.tables import Request

    found = session.get(Request, request_key(session_query(session), reference).id)
    assert found is not None  # just read in the same transaction
    return found


def request_exists(query: Query, reference: str) -> bool:
    return bool(list(query("SELECT id FROM request WHERE reference = ?", [reference])))


def next_reference(query: Query, year: int) -> str:
    refs = set(load_references(query))
    n = 1
    while f"{year}-{n:03d}" in refs:
        n += 1
    return f"{year}-{n:03d}"


_INSERT_REQUEST_SQL = (
    "INSERT INTO request (reference, authority_id, subject, channel, environmental, created_on, "
    "illustrative, note, created_at, open_format, campaign_id) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"
)
_INSERT_EVENT_SQL = (
    "INSERT INTO event (request_id, kind, occurred_on, outcome, note, complete, "
    "mentions_remedies, forced, created_at, channel, notified_on, lawyer_designated_on, "
    "made_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"
)


def _new_id(rows: Iterable[Sequence[Any]]) -> int:
    """The id an `INSERT ... RETURNING id` gave back."""
    return int(next(iter(rows))[0])


def insert_request_row(
    query: Query, *, reference: str, authority_id: int, subject: str, channel: str,
    environmental: bool, created_on: date, illustrative: bool, note: str | None,
    open_format: bool, campaign_id: int | None, created_at: datetime,
    items: Sequence[str],
) -> int:
    """A new request and its documents requested (positions from 1); returns its id."""
    request_id = _new_id(query(_INSERT_REQUEST_SQL, [
        reference, authority_id, subject, channel, environmental, created_on, illustrative,
        note, created_at, open_format, campaign_id]))
    for position, text in enumerate(items, start=1):
        query("INSERT INTO request_item (request_id, position, description) VALUES (?, ?, ?)",
              [request_id, position, text])
    return request_id


def insert_event_row(query: Query, request_id: int, event: Event, created_at: datetime) -> int:
    """A new event of a request (event.seq is ignored; event.made_by: who records it);
    returns its id."""
    return _new_id(query(_INSERT_EVENT_SQL, [
        request_id, event.kind, event.date, event.outcome, event.note, event.complete,
        event.mentions_remedies, event.forced, created_at, event.channel, event.notified_on,
        event.lawyer_designated_on, event.made_by]))


def set_request_campaign(query: Query, request_id: int, campaign_id: int) -> None:
    query("UPDATE request SET campaign_id = ? WHERE id = ?", [campaign_id, request_id])


def set_event_channel(query: Query, event_id: int, channel: str | None) -> None:
    query("UPDATE event SET channel = ? WHERE id = ?", [channel, event_id])


def event_from_row(row: EventRow) -> Event:
    return Event(
        kind=row.kind,
        date=row.occurred_on,
        outcome=row.outcome,
        note=row.note,
        complete=row.complete,
        mentions_remedies=row.mentions_remedies,
        forced=row.forced,
        channel=row.channel,
        notified_on=row.notified_on,
        lawyer_designated_on=row.lawyer_designated_on,
        seq=row.id or 0,
    )


# --- item outcomes and the requester's arguments (issue 9, points 7a and 10) -------------------


def request_arguments(query: Query, request_id: int) -> str | None:
    """The requester's own arguments stored with the request (`cada letter --arguments-file`)."""
    rows = list(query("SELECT arguments FROM request WHERE id = ?", [request_id]))
    return rows[0][0] if rows else None


def request_open_format(query: Query, request_id: int) -> bool:
    """Whether the demande asks for an open, reusable format (`--open-format`)."""
    rows = list(query("SELECT open_format FROM request WHERE id = ?", [request_id]))
    return bool(rows[0][0]) if rows else False


def item_ids(query: Query, request_id: int) -> dict[int, int]:
    """The documents requested of a request: position (1-based) -> request_item.id."""
    rows = query("SELECT position, id FROM request_item WHERE request_id = ?", [request_id])
    return {position: item_id for position, item_id in rows}


def add_item_outcomes(
    query: Query,
    event_id: int,
    request_id: int,
    outcomes: Sequence[tuple[int, str, str | None]],
) -> None:
    """Record (position, outcome, ground) of documents requested on the event that decided them,
    in the caller's unit of work. Positions are checked by the service first."""
    ids = item_ids(query, request_id)
    for position, outcome, ground in outcomes:
        query("INSERT INTO item_outcome (event_id, item_id, outcome, ground) VALUES (?, ?, ?, ?)",
              [event_id, ids[position], outcome, ground])


def set_open_format(session: Session, request: Request) -> None:
    """Record that the demande asks for an open, reusable format (never unset: once asked,
    the letter as sent asked it)."""
    request.open_format = True
    session.add(request)
    session.flush()


def set_arguments(session: Session, request: Request, text: str | None) -> None:
    """Store (or clear, with None) the requester's arguments, in the caller's unit of work."""
    request.arguments = text
    session.add(request)
    session.flush()


# --- corrections (issue 11, point 8): cada edit, delete, event list/edit/delete ---------------

_EVENT_DOCUMENTS_SQL = "SELECT id FROM document WHERE event_id = ? ORDER BY id"
_EVENT_LETTERS_SQL = (
    "SELECT id, kind, body, sha256, origin FROM letter WHERE event_id = ? AND frozen = ? "
    "ORDER BY id"
)
_EVENT_ITEMS_SQL = (
    "SELECT i.position, o.outcome, o.ground FROM item_outcome o "
    "JOIN request_item i ON i.id = o.item_id WHERE o.event_id = ? ORDER BY i.position, o.id"
)
_AUDIT_SQL = (
    "SELECT id, event_id, action, before, after, at FROM event_audit WHERE request_id = ? "
    "ORDER BY id"
)


def event_documents(query: Query, event_id: int) -> list[int]:
    """The documents attached with an event (their ids)."""
    return [row[0] for row in query(_EVENT_DOCUMENTS_SQL, [event_id])]


def event_letters(query: Query, event_id: int) -> list[tuple[int, str, str, str, str]]:
    """The letters frozen on an event: (id, kind, body, sha256, origin)."""
    return [tuple(row) for row in query(_EVENT_LETTERS_SQL, [event_id, True])]  # type: ignore[misc]


def event_item_outcomes(query: Query, event_id: int) -> list[tuple[int, str, str | None]]:
    """The item outcomes an event recorded: (position, outcome, ground)."""
    return [(row[0], row[1], row[2]) for row in query(_EVENT_ITEMS_SQL, [event_id])]


def audit_lines(query: Query, request_id: int) -> list[tuple[int, int, str, str | None,
                                                          str | None, str]]:
    """The corrections of a request's events: (id, event_id, action, before, after, at)."""
    return [(row[0], row[1], row[2], row[3], row[4], str(row[5]))
            for row in query(_AUDIT_SQL, [request_id])]


def _run(session: Session, sql: str, params: Sequence[Any]) -> None:
    execute(session, sql, params)


def replace_items(session: Session, request_id: int, descriptions: Sequence[str]) -> None:
    """The documents requested of a draft, replaced (no item outcome can point at them yet)."""
    from cada_tracker.storage.tables import RequestItem

    _run(session, "DELETE FROM request_item WHERE request_id = ?", [request_id])
    for position, text in enumerate(descriptions, start=1):
        session.add(RequestItem(request_id=request_id, position=position, description=text))
    session.flush()


def delete_event_rows(session: Session, event_id: int) -> None:
    """An event, its item outcomes and the letters frozen on it; its documents stay, no
    longer linked to an event."""
    _run(session, "DELETE FROM item_outcome WHERE event_id = ?", [event_id])
    _run(session, "DELETE FROM letter WHERE event_id = ?", [event_id])
    _run(session, "UPDATE document SET event_id = NULL WHERE event_id = ?", [event_id])
    _run(session, "DELETE FROM event WHERE id = ?", [event_id])


def delete_request_rows(session: Session, request_id: int) -> None:
    """A draft request, its items, letters, audit lines and outbox entries (messages `cada
    send` never got accepted; issue 12) (the caller checked it has no events, documents or
    findings)."""
    for table in ("letter", "request_item", "event_audit", "outbox"):
        _run(session, f"DELETE FROM {table} WHERE request_id = ?", [request_id])
    _run(session, "DELETE FROM request WHERE id = ?", [request_id])
