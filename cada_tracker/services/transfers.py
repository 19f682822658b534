"""Issue 11 point 8: `cada log REF reply --outcome transferred --to SLUG`.

The first authority transfers the request to the competent one (CRPA L114-2, L311-2): the
reply is recorded on REF and a linked request to the competent authority is created, with
the same subject and documents, its history starting with the transfer (a `sent` event on
the transfer date: the first authority sent it on, on or before the day the requester was
told). The link is stored as a marker line in each side's transfer event note
(domain/transfer.py; docs/design.md, "Transfers"); the new request's marker also carries the
first authority's receipt of REF, the start of the L114-3 reading of its deadlines. When REF
belongs to a campaign, the new request joins it (its report and stats then show it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cada_tracker import messages as M
from cada_tracker.context import Context
from cada_tracker.domain.transfer import first_receipt, from_marker, to_marker, with_marker
from cada_tracker.errors import UsageError
from cada_tracker.law import LawOptions
from cada_tracker.services.authorities import get_authority
from cada_tracker.services.derived import Derived
from cada_tracker.services.requests import (
    _REFERENCE,
    NewEvent,
    NewRequest,
    derived_for,
    insert_request,
    record_event,
    request_view,
)
from cada_tracker.storage.requests import (
    get_request,
    next_reference,
    request_exists,
    set_request_campaign,
)
from cada_tracker.storage.sql import session_query, session_unit

if TYPE_CHECKING:
    from sqlmodel import Session


def _new_reference(session: Session, reference: str, year: int) -> str:
    """REF-T1 (REF-T2... if taken), else the next free reference of the year."""
    for n in range(1, 100):
        candidate = f"{reference}-T{n}"
        if not _REFERENCE.match(candidate):
            break
        if not request_exists(session_query(session), candidate):
            return candidate
    return next_reference(session_query(session), year)


def transfer(ctx: Context, reference: str, data: NewEvent, to: str) -> tuple[Derived, Derived]:
    """Record the transferred reply on REF and create the request to `to`, in one unit of
    work. Returns (REF, the new request) as `show` derives them."""
    if data.kind != "reply" or data.outcome != "transferred":
        raise UsageError(M.TRANSFER_TO_ONLY_TRANSFERRED)
    with ctx.transaction() as session:
        competent = get_authority(session, to)  # exit 3 with suggestions
        original = get_request(session, reference)
        view = request_view(session, original)
        if competent.id == original.authority_id:
            raise UsageError(M.TRANSFER_SAME_AUTHORITY.format(
                reference=view.reference, slug=competent.slug))  # fmt: skip
        new_ref = _new_reference(session, view.reference, ctx.today.year)
        data.note = with_marker(data.note, to_marker(new_ref))
        record_event(session_unit(session), ctx, view.reference, data)
        day, estimated = first_receipt(
            view.events, view.channel, data.on, LawOptions().post_delay_min_days)
        new = insert_request(session_unit(session), ctx, NewRequest(
            authority=competent.slug, subject=view.subject, documents=list(view.items),
            reference=new_ref, channel=view.channel, environmental=view.environmental,
            open_format=original.open_format, draft_letter=False,
        ))  # fmt: skip
        if original.campaign_id is not None:  # it joins the campaign of REF (issue 11)
            set_request_campaign(session_query(session), new.id, original.campaign_id)
        record_event(session_unit(session), ctx, new_ref, NewEvent(
            "sent", data.on, note=from_marker(view.reference, day, estimated),
            force=data.force, freeze_letter=False,
        ))  # fmt: skip
        return derived_for(session, original, ctx.today), derived_for(session, new, ctx.today)

