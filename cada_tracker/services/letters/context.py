"""The context a letter template sees (docs/letters.md lists and explains each name; keep
the two in step). Dates come from the events and the law engine's timeline."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace as NS
from typing import Any

from cada_tracker.domain import (
    ANSWERING_OUTCOMES,
    CONFIRMING_OUTCOMES,
    REFUSING_OUTCOMES,
    Deadline,
    Event,
)
from cada_tracker.domain.records import ItemOutcome
from cada_tracker.domain.transfer import without_marker
from cada_tracker.services.items import ItemStatus, items_recorded
from cada_tracker.services.letters.addresses import (
    address_lines,
    defendant,
    place_date,
    requester_city,
    subject_in_sentence,
    with_article,
)
from cada_tracker.services.letters.arguments import paragraphs
from cada_tracker.services.letters.courts import cada_addressee, court_addressee
from cada_tracker.services.letters.facts import (
    AID_BASIS,
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
    "cada_sent", "cada_registered", "cada_opinion", "confirmation", "legal_aid", "transfer",
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
    stop = tl.get("cada_referral_long_stop")
    long_stop = stop.date if stop is not None else None
    return NS(
        date=dl.date,
        safe_date=dl.safe_date,
        opposable=dl.opposable,
        moved_from=moved_from,
        long_stop=long_stop,
        referral_date=referral_date,
        late=referral_date > dl.date,
        long_stop_passed=bool(long_stop and referral_date > long_stop),
        # issue 9 (review point 1): as the law engine decided them (Deadline.why, .start)
        why=dl.why,
        start=dl.start,
        long_stop_start=stop.start if stop is not None else None,
    )


def court_deadline(loaded: Loaded, today: date) -> NS | None:
    """The court deadline as `recours-ta` needs it: `.date` (R421-1, R421-2), `.opposable`
    (R421-5), `.long_stop` (Czabaj), `.late` (today is after `.date`), `.long_stop_passed`,
    `.why` (why it is not opposable: "confirmation", "refusal" or "acknowledgment", as the law
    engine decided it, law/court.py `_court_opposable`)."""
    tl, ev = loaded.timeline, loaded.events
    dl = tl.get("court_by")
    if dl is None:
        return None
    long_stop = deadline_date(tl, "court_long_stop")
    before, after = phases(ev)
    why = None
    if not dl.opposable:
        # the event the engine's period starts from (law/court.py `court_start`): an explicit
        # confirmation by K, or one after K that reopened the period, so notified by its last
        # day; a later one is merely confirmatory and the period runs from K
        confirmations = [e for e in after if e.kind == "reply" and e.outcome in
                         CONFIRMING_OUTCOMES]
        if any(e.date <= dl.date for e in confirmations):
            why = "confirmation"
        elif last(before, "reply", REFUSING_OUTCOMES) is not None:
            why = "refusal"
        else:
            why = "acknowledgment"
    return NS(
        date=dl.date,
        opposable=dl.opposable,
        long_stop=long_stop,
        late=today > dl.date,
        long_stop_passed=bool(long_stop and today > long_stop),
        why=why,
        **_court_period(loaded, dl),
    )


# --- what made the court deadline timely (issue 9, review point 2) ---------------------------
# Read from the engine's deadline (its basis, `start`, `extra_months`), never recomputed.
REASONS_BASIS = "CRPA L232-4"


def _court_period(loaded: Loaded, dl: Deadline) -> dict[str, Any]:
    """`.start` (the day the period the engine counted ran from), `.extra_months` (CJA R421-7),
    `.legal_aid` (the interruption by legal aid, or None: `.requested`, `.decided`,
    `.notified`, `.lawyer`, `.start`, `.from_what`), `.reasons_extended` (CRPA L232-4)."""
    aid = None
    if AID_BASIS in dl.basis and dl.start is not None:
        ev = loaded.events
        requested = first(ev, "legal-aid-requested")
        decisions = [e for e in ev if e.kind == "legal-aid-decided"
                     and requested is not None and e.date >= requested.date]
        decided = decisions[0] if decisions else None
        notified = next((e.notified_on for e in decisions if e.notified_on), None)
        lawyer = next((e.lawyer_designated_on for e in reversed(decisions)
                       if e.lawyer_designated_on), None)
        if dl.start == lawyer:
            from_what = "lawyer"
        elif decided is not None and dl.start == decided.date:
            from_what = "decision"
        else:
            from_what = "final"  # the decision could no longer be contested (art. 69)
        aid = NS(requested=day(requested), decided=day(decided), notified=notified,
                 lawyer=lawyer, start=dl.start, from_what=from_what)
    return {
        "start": dl.start,
        "extra_months": dl.extra_months,
        "legal_aid": aid,
        "reasons_extended": REASONS_BASIS in dl.basis,
    }


# --- the chronology of a referral or an application (issue 9, point 8) ----------------------
# The events the FAITS of saisine-cada and recours-ta tell, one sentence each (_macros.j2,
# `chronologie`), in date order. `sent` and `received` are told by `demande_du`.
CHRONOLOGY_KINDS = frozenset({
    "acknowledged", "reply", "reminder-sent", "reasons-requested", "reasons-received",
})
# What the authority does: a reminder followed by one of these was not "sans effet".
AUTHORITY_KINDS = frozenset({"acknowledged", "reply", "reasons-received"})


def _positions(rows: list[ItemOutcome], outcome: str) -> list[int]:
    return sorted({r.position for r in rows if r.outcome == outcome})


def chronology(loaded: Loaded, refusal: NS, outcomes: list[ItemOutcome],
               implicit_b: date | None = None, exhibits: list[NS] | None = None) -> list[NS]:
    """The events before the CADA referral, in date order (then recording order), each as
    `chronologie()` tells it, with the implicit refusal at its date when it was born (no
    decision on or before B, `implicit_b`, the engine's B), whether or not it is the refusal
    referred (`.is_refusal`). Each entry: `.kind` (an event kind, or "implicit-refusal"),
    `.date`, `.outcome`, `.note`, `.mentions_remedies`, `.complete`; a reminder has `.answered`
    (the authority did something after it, before the referral); a reply has `.received`,
    `.refused`, `.not_held` (item numbers, from the recorded item outcomes, empty when none
    were recorded); every entry has `.exhibit` (the number of the exhibit proving it, when it is
    not the refusal: a frozen reminder, the transfer notice) and `.is_refusal` (it is the
    refusal referred to the CADA); the implicit refusal has `.after_answer` (a reply came
    before it: it is then not "restée sans réponse")."""
    before, _ = phases(loaded.events)
    told = [e for e in before if e.kind in CHRONOLOGY_KINDS]
    entries: list[NS] = []
    for i, e in enumerate(told):
        entry = NS(kind=e.kind, date=e.date, outcome=e.outcome, note=without_marker(e.note),
                   mentions_remedies=e.mentions_remedies, complete=e.complete,
                   answered=False, received=[], refused=[], not_held=[], unanswered=[],
                   is_refusal=False, after_answer=False)
        if e.kind == "reminder-sent":
            entry.answered = any(later.kind in AUTHORITY_KINDS for later in told[i + 1:])
        entry.exhibit = _exhibit_of(exhibits or [], e)
        if e.kind == "reply":
            rows = [r for r in outcomes if r.event_id == e.seq]
            entry.received = _positions(rows, "received")
            entry.refused = _positions(rows, "refused")
            entry.not_held = _positions(rows, "not-held")
            # a partial reply recorded item by item that says nothing of some documents
            named = {*entry.received, *entry.refused, *entry.not_held}
            entry.unanswered = ([n for n in range(1, len(loaded.request.items) + 1)
                                 if n not in named] if rows and e.outcome == "partial" else [])
            entry.is_refusal = refusal.kind == e.outcome and refusal.date == e.date
        entries.append(entry)
    # issue 9 review, point 6: the implicit refusal is told whenever it was born, that is when
    # no decision (the documents, a refusal, a fee request) came on or before B, even when a
    # later explicit refusal is the one referred
    b = refusal.date if refusal.kind == "implicit" else implicit_b
    decided = b is not None and any(
        e.kind == "reply" and e.outcome in ANSWERING_OUTCOMES and e.date <= b for e in told)
    if b is not None and not decided:
        answered = any(e.kind == "reply" and e.date <= b for e in told)
        # born at the end of B: after every event of that day
        at = next((i for i, x in enumerate(entries) if x.date > b), len(entries))
        entries.insert(at, NS(kind="implicit-refusal", date=b, outcome=None, note=None,
                              mentions_remedies=None, complete=None, answered=False,
                              received=[], refused=[], not_held=[], unanswered=[],
                              is_refusal=(
                                  refusal.kind == "implicit"),
                              after_answer=answered, exhibit=None))
    return entries


def _exhibit_of(exhibits: list[NS], event: Event) -> int | None:
    """The number of the first exhibit that proves `event` (its frozen letter or a file
    attached to it), or None: the facts cite it "(pièce n° N)"."""
    for x in exhibits:
        letter, doc = getattr(x, "letter", None), getattr(x, "document", None)
        if (letter is not None and letter.event_id == event.seq) or (
                doc is not None and doc.event_id == event.seq):
            return int(x.number)
    return None


# --- the period of the implicit refusal (issue 9 review, point 4) ------------------------------


def implicit_period(loaded: Loaded, b: date | None) -> NS:
    """The period whose silence made the implicit refusal B, as the letters cite it: one month
    (CRPA R*311-12, R311-13), or two months for environmental information when the authority
    notified an extension within the first month (C. env. R124-1, the law engine's B: its basis
    names R124-1 and an `extended` reply came on or before B). `.months`, `.duration` ("un mois"),
    `.rule` ("les articles R*311-12 et R311-13 du CRPA"), `.of_rule` ("des articles ..."), `.cite`
    ("articles R*311-12 et R311-13 du CRPA", in parentheses),
    `.extended` (the two-month period)."""
    dl = loaded.timeline.get("implicit_refusal")
    before, _ = phases(loaded.events)
    extended = bool(
        b is not None and dl is not None and "C. env. R124-1" in dl.basis
        and any(e.kind == "reply" and e.outcome == "extended" and e.date <= b for e in before))
    if extended:
        return NS(months=2, duration="deux mois", extended=True, transferred=False,
                  cite="article R124-1 du code de l'environnement, article R*311-12 du CRPA",
                  rule="l'article R124-1 du code de l'environnement et l'article R*311-12 du "
                       "CRPA",
                  of_rule="de l'article R124-1 du code de l'environnement et de l'article "
                          "R*311-12 du CRPA")
    if dl is not None and "CRPA L114-3" in dl.basis:
        # issue 11 point 8: after a transfer the month ran from the receipt by the authority
        # first seized (L114-3, the engine's reading for the requester): the letters say so
        first = loaded.facts.initial_receipt
        return NS(months=1, duration="un mois", extended=False, transferred=True,
                  first_receipt=first,
                  first_receipt_estimated=loaded.facts.initial_receipt_estimated,
                  cite="articles R*311-12, R311-13 et L114-3 du CRPA",
                  rule="les articles R*311-12, R311-13 et L114-3 du CRPA",
                  of_rule="des articles R*311-12, R311-13 et L114-3 du CRPA")
    return NS(months=1, duration="un mois", extended=False, transferred=False,
              cite="articles R*311-12 et R311-13 du CRPA",
              rule="les articles R*311-12 et R311-13 du CRPA",
              of_rule="des articles R*311-12 et R311-13 du CRPA")


def refusal_is_implicit(loaded: Loaded) -> bool:
    before, _ = phases(loaded.events)
    reply = last(before, "reply")
    return reply is None or reply.outcome not in REFUSING_OUTCOMES


def _reply_ns(e: Event | None) -> NS | None:
    if e is None:
        return None
    return NS(outcome=e.outcome, date=e.date, note=without_marker(e.note),
              mentions_remedies=e.mentions_remedies)


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


def _transfer_origin(loaded: Loaded) -> NS | None:
    """Issue 11 point 8: the request as first made, to the first authority, when this one was
    transferred to the competent authority (CRPA L114-2): its reference, sending date and
    first authority (`the`, `to_the`)."""
    o = loaded.origin
    if o is None:
        return None
    the, to_the = with_article(o.authority_name)
    return NS(reference=o.reference, sent=day(first(o.events, "sent")),
              authority=o.authority_name, the=the, to_the=to_the)


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
    frais: str | None = None,
    open_format: bool = False,
) -> dict[str, Any]:
    """Everything a template may use (docs/letters.md lists and explains each name).

    frais: the L761-1 CJA claim of `recours-ta` ("150" or "150.50" euros), or None;
    open_format: `demande` asks for an open, reusable format (CRPA L300-4, L311-9)."""
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

    # issue 9 (review point 9): K counted from R estimated from the referral's sending date
    confirmed = tl.get("refusal_confirmed")
    registration_estimated = bool(
        confirmed is not None and confirmed.estimated and first(ev, "cada-registered") is None
    )

    refusal = NS(kind=None, date=None)
    if reply is not None and reply.outcome in REFUSING_OUTCOMES:
        refusal = NS(kind=reply.outcome, date=reply.date)
    elif b is not None and (reply is None or reply.outcome not in ANSWERING_OUTCOMES):
        # an answer by B (the documents, or the fees to pay first) is no implicit refusal
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
            subject_inline=subject_in_sentence(req.subject, loaded.authority.name),
            items=list(req.items) or [req.subject],
            channel=req.channel,
            environmental=bool(req.environmental),
            created_on=req.created_on,
            illustrative=bool(req.illustrative),
        ),
        "dates": dates,
        "transfer_origin": _transfer_origin(loaded),  # issue 11 point 8
        "received_estimated": received_estimated,
        "registration_estimated": registration_estimated,
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
        "court": court_addressee(court),
        "court_deadline": court_deadline(loaded, today),
        "chronology": chronology(loaded, refusal, loaded.outcomes, b, exhibits),
        "implicit_period": implicit_period(loaded, b),
        "answered": any(e.kind == "reply" for e in before),
        "transfer": _reply_ns(last(before, "reply", ("transferred",))),
        "later_reminders": _later_reminders(loaded, exhibits),
        "informed": [NS(date=e.date, exhibit=_exhibit_of(exhibits, e))
                     for e in after if e.kind == "cada-informed"],
        "defendant": defendant(loaded.authority.name, loaded.authority.kind),
        "frais": _frais_words(frais),
        "open_format": open_format or loaded.open_format,
        **item_context(loaded),
    }


def _later_reminders(loaded: Loaded, exhibits: list[NS]) -> list[NS]:
    """The reminders sent after the CADA referral (recours-ta tells them, issue 9 review,
    point 12): `.date`, `.exhibit` (the number of the frozen reminder listed as an exhibit, or
    None), `.answered` (the authority replied after it)."""
    _, after = phases(loaded.events)
    out = []
    for i, e in enumerate(after):
        if e.kind != "reminder-sent":
            continue
        out.append(NS(date=e.date, exhibit=_exhibit_of(exhibits, e),
                      answered=any(a.kind in AUTHORITY_KINDS for a in after[i + 1:])))
    return out


def _frais_words(amount: str | None) -> str | None:
    """"150 euros", "150,50 euros" (French decimal comma), or None."""
    if amount is None:
        return None
    whole, _, cents = amount.partition(".")
    # French: "euro" in the singular below two ("1,50 euro"), "euros" from two on
    unit = "euro" if int(whole) < 2 else "euros"
    groups: list[str] = []
    while len(whole) > 3:
        whole, groups = whole[:-3], [whole[-3:], *groups]
    whole = "\u00a0".join([whole, *groups])  # "1 500" with a no-break space
    return f"{whole},{cents.ljust(2, '0')} {unit}" if cents else f"{whole} {unit}"
