"""The context a letter template sees (docs/letters.md lists and explains each name; keep
the two in step). Dates come from the events and the law engine's timeline."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace as NS
from typing import Any

from cada_tracker.domain import CONFIRMING_OUTCOMES, REFUSING_OUTCOMES, Event
from cada_tracker.services.items import ItemStatus, items_recorded
from cada_tracker.services.letters.addresses import (
    address_lines,
    place_date,
    requester_city,
    with_article,
)
from cada_tracker.services.letters.arguments import paragraphs
from cada_tracker.services.letters.courts import COURT_PLACEHOLDER, cada_addressee
from cada_tracker.services.letters.facts import (
    Loaded,
    day,
    deadline_date,
    first,
    last,
    phases,
    timeline_without_prorogation,
)

# The roles an exhibit may play, as the templates cite them (`exhibit.refusal` ...).
EXHIBIT_ROLES = (
    "request", "sent", "received", "acknowledged", "refusal", "silence",
    "cada_sent", "cada_registered", "cada_opinion", "confirmation",
)


def referral_deadline(loaded: Loaded, referral_date: date) -> NS | None:
    """The CADA referral deadline as the letters need it (see docs/letters.md)."""
    tl = loaded.timeline
    dl = tl.get("cada_referral_by")
    if dl is None:
        return None
    moved_from = None
    if "CPC 642" in dl.basis:
        plain = timeline_without_prorogation(loaded.facts).get("cada_referral_by")
        if plain is not None and plain.date < dl.date:
            moved_from = plain.date
    long_stop = deadline_date(tl, "cada_referral_long_stop")
    return NS(
        date=dl.date,
        safe_date=dl.safe_date,
        opposable=dl.opposable,
        moved_from=moved_from,
        long_stop=long_stop,
        referral_date=referral_date,
        late=referral_date > dl.date,
        long_stop_passed=bool(long_stop and referral_date > long_stop),
    )


def refusal_is_implicit(loaded: Loaded) -> bool:
    before, _ = phases(loaded.events)
    reply = last(before, "reply")
    return reply is None or reply.outcome not in REFUSING_OUTCOMES


def _reply_ns(e: Event | None) -> NS | None:
    if e is None:
        return None
    return NS(outcome=e.outcome, date=e.date, note=e.note, mentions_remedies=e.mentions_remedies)


def _dates(loaded: Loaded, refusal_b: date | None) -> NS:
    ev, tl = loaded.events, loaded.timeline
    sent, received = first(ev, "sent"), first(ev, "received")
    before, _ = phases(ev)
    reply = last(before, "reply")
    return NS(
        created=loaded.request.created_on,
        sent=day(sent),
        received=day(received),
        acknowledged=day(last(ev, "acknowledged")),
        reply=day(reply),
        reasons_requested=day(last(ev, "reasons-requested")),
        reasons_received=day(last(ev, "reasons-received")),
        cada_sent=day(last(ev, "cada-sent")),
        cada_registered=day(last(ev, "cada-registered")),
        cada_opinion=day(last(ev, "cada-opinion")),
        court_filed=day(last(ev, "court-filed")),
        implicit_refusal=refusal_b,
        cada_referral_from=deadline_date(tl, "cada_referral_from"),
        cada_referral_by=deadline_date(tl, "cada_referral_by"),
        cada_referral_long_stop=deadline_date(tl, "cada_referral_long_stop"),
        cada_opinion_expected=deadline_date(tl, "cada_opinion_expected"),
        refusal_confirmed=deadline_date(tl, "refusal_confirmed"),
        court_by=deadline_date(tl, "court_by"),
        court_long_stop=deadline_date(tl, "court_long_stop"),
    )


def _parties(loaded: Loaded) -> tuple[NS, NS]:
    prof, auth = loaded.profile, loaded.authority
    assert prof is not None  # compose.require_profile ran
    requester = NS(
        name=prof.name,
        email=prof.email or None,
        address=prof.address or None,
        address_lines=address_lines(prof.address),
        city=requester_city(prof),
        residence=prof.residence or "metropole",
    )
    the, to_the = with_article(auth.name)
    authority = NS(
        name=auth.name,
        the=the,
        to_the=to_the,
        slug=auth.slug,
        kind=auth.kind,
        email=auth.email or None,
        address=auth.address or None,
        address_lines=address_lines(auth.address),
        prada=auth.prada or None,
        department=auth.department,
    )
    return requester, authority


# --- item by item and the requester's arguments (issue 9, points 7a and 10) -------------------


def _item_ns(item: ItemStatus) -> NS:
    return NS(number=item.number, description=item.description, outcome=item.outcome,
              date=item.date, ground=item.ground, communicable_on=item.communicable_on)


def _decisions(loaded: Loaded, referral_seq: int | None) -> list[NS]:
    """One entry per event that decided items explicitly (an item option of `cada log`), with
    the numbers of the items it decided, by outcome (blanket decisions of the same event too)."""
    by_seq: dict[int, NS] = {}
    order = {e.seq: (e.date, e.seq) for e in loaded.events}
    for item in loaded.items:
        for h in item.history:
            d = by_seq.get(h["seq"])
            if d is None:
                d = by_seq[h["seq"]] = NS(
                    kind=h["event"], date=date.fromisoformat(h["date"]), explicit=False,
                    received=[], refused=[], not_held=[], communicable=[],
                    before_referral=referral_seq is None
                    or order.get(h["seq"], (date.max, 0)) < order[referral_seq],
                )
            d.explicit = d.explicit or h["explicit"]
            if h["outcome"] == "refused":
                group = next((g for g in d.refused if g.ground == h["ground"]), None)
                if group is None:
                    d.refused.append(NS(ground=h["ground"], numbers=[item.number]))
                else:
                    group.numbers.append(item.number)
            else:
                getattr(d, h["outcome"].replace("-", "_")).append(item.number)
    return [by_seq[k] for k in sorted(by_seq, key=lambda k: order.get(k, (date.max, k)))
            if by_seq[k].explicit]


def _grounds(items: list[ItemStatus]) -> list[NS]:
    """The grounds the authority invoked for the items still not received, one entry per
    ground in the order of the items' numbers."""
    out: list[NS] = []
    for item in items:
        if item.received or item.ground is None:
            continue
        group = next((g for g in out if g.ground == item.ground), None)
        if group is None:
            out.append(NS(ground=item.ground, numbers=[item.number], items=[_item_ns(item)]))
        else:
            group.numbers.append(item.number)
            group.items.append(_item_ns(item))
    return out


def item_context(loaded: Loaded) -> dict[str, Any]:
    """The names of docs/letters.md, "Item by item"."""
    ev = loaded.events
    referral = next((e for e in ev if e.kind in ("cada-sent", "cada-registered")), None)
    opinion = last(ev, "cada-opinion")
    items = loaded.items
    missing = [i for i in items if i.outcome not in ("received", "not-held")]
    # after a partly favourable opinion that named the documents it found communicable, a
    # reminder asks for those only
    communicable_only = bool(
        opinion is not None and opinion.outcome == "partly-favorable"
        and any(h["seq"] == opinion.seq and h["outcome"] == "communicable"
                for i in items for h in i.history)
    )
    if communicable_only:
        missing = [i for i in missing if i.communicable_on is not None]
    return {
        "items": [_item_ns(i) for i in items],
        "items_recorded": items_recorded(items),
        "missing_items": [_item_ns(i) for i in missing],
        "not_held_items": [_item_ns(i) for i in items if i.outcome == "not-held"],
        "received_items": [_item_ns(i) for i in items if i.outcome == "received"],
        "communicable_only": communicable_only,
        "item_decisions": _decisions(loaded, referral.seq if referral else None),
        "grounds": _grounds(items),
        "arguments": paragraphs(loaded.arguments),
    }


def build_context(
    loaded: Loaded,
    kind: str,
    today: date,
    *,
    exhibits: list[NS] | None = None,
    court: str | None = None,
) -> dict[str, Any]:
    """Everything a template may use (docs/letters.md lists and explains each name)."""
    req, ev, tl = loaded.request, loaded.events, loaded.timeline
    before, after = phases(ev)
    ack = last(ev, "acknowledged")
    reply = last(before, "reply")
    confirmation = last(after, "reply", CONFIRMING_OUTCOMES)
    opinion = last(ev, "cada-opinion")
    b = deadline_date(tl, "implicit_refusal")
    received_estimated = False
    if first(ev, "received") is None and b is not None:
        dl = tl.get("implicit_refusal")
        received_estimated = bool(dl and dl.estimated)

    refusal = NS(kind=None, date=None)
    if reply is not None and reply.outcome in REFUSING_OUTCOMES:
        refusal = NS(kind=reply.outcome, date=reply.date)
    elif b is not None and (reply is None or reply.outcome not in ("full",)):
        refusal = NS(kind="implicit", date=b)

    dates = _dates(loaded, b)
    exhibits = exhibits if exhibits is not None else []
    roles: dict[str, int | None] = dict.fromkeys(EXHIBIT_ROLES)
    for e in exhibits:
        if roles.get(e.role) is None:
            roles[e.role] = e.number
    earlier = [NS(kind=lt.kind, date=lt.date, sha256=lt.sha256)
               for lt in loaded.letters if lt.frozen]
    requester, authority = _parties(loaded)
    return {
        "kind": kind,
        "today": today,
        "letter_date": today,
        "place_date": place_date(loaded.profile, today),
        "state": loaded.state,
        "requester": requester,
        "authority": authority,
        "request": NS(
            reference=req.reference,
            subject=req.subject,
            items=list(req.items) or [req.subject],
            channel=req.channel,
            environmental=bool(req.environmental),
            created_on=req.created_on,
            illustrative=bool(req.illustrative),
        ),
        "dates": dates,
        "received_estimated": received_estimated,
        "reminders": [e.date for e in ev if e.kind == "reminder-sent"],
        "acknowledgment": NS(date=ack.date, complete=ack.complete) if ack else None,
        "reply": _reply_ns(reply),
        "confirmation": _reply_ns(confirmation),
        "cada_opinion": NS(outcome=opinion.outcome, date=opinion.date, note=opinion.note)
        if opinion else None,
        "refusal": refusal,
        "within_referral_deadline": bool(
            dates.cada_referral_by and dates.cada_referral_from
            and dates.cada_referral_from <= today <= dates.cada_referral_by
        ),
        "within_court_deadline": bool(dates.court_by and today <= dates.court_by),
        "referral_deadline": referral_deadline(loaded, dates.cada_sent or today),
        "exhibits": exhibits,
        "exhibit": NS(**roles),
        "earlier_letters": earlier,
        "cada": cada_addressee(),
        "court": NS(name=court or COURT_PLACEHOLDER, address_lines=[]),
        **item_context(loaded),
    }
