"""Letters and the CADA dossier: context from the request's rows and deadlines, the next letter,
the frozen copy of the request as sent, and `cada escalate`.

The context a template sees is documented in the README (Letters); keep the two in step.
Deadlines come from the deadline engine (`cada_tracker.law`); nothing is computed here.
"""

from __future__ import annotations

import errno
import hashlib
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace as NS
from typing import Any

from cada_tracker import domain
from cada_tracker import messages as CORE
from cada_tracker.dates import french_long
from cada_tracker.domain import CONFIRMING_OUTCOMES, REFUSING_OUTCOMES
from cada_tracker.errors import CadaError, ConflictError, UsageError
from cada_tracker.fsutil import fsync_dir
from cada_tracker.messages import letters as M
from cada_tracker.paths import Settings
from cada_tracker.render import letters as R

# The letter a request needs next, by state (`cada letter REF` without KIND).
NEXT_KIND = {
    "draft": "demande",
    "sent": "relance",
    "awaiting-reply": "relance",
    "awaiting-payment": "relance",
    "clarification-requested": "relance",
    "implicit-refusal": "saisine-cada",
    "refused": "saisine-cada",
    "partial": "saisine-cada",
    "not-held": "saisine-cada",
    "cada-referred": "information-saisine",
    "cada-opinion": "relance",
    "confirmed-refusal": "recours-ta",
}
# States in which a referral to the CADA is admissible (`cada escalate` without --force).
REFERRAL_STATES = frozenset({"implicit-refusal", "refused", "partial", "not-held"})

CADA = NS(
    name="Commission d'accès aux documents administratifs",
    address_lines=["TSA 50730", "75334 Paris Cedex 07"],
    email="cada@cada.fr",
    website="www.cada.fr",
)
COURT_PLACEHOLDER = (
    "Tribunal administratif de [à compléter : tribunal dans le ressort duquel l'autorité a son "
    "siège, article R312-1 du code de justice administrative]"
)
COURT_ATTENTION = "À l'attention de Madame la Présidente ou de Monsieur le Président"

# The administrative court of each metropolitan department (INSEE code), from CJA R221-3 (seat
# and territory of the tribunaux administratifs), read in the consolidated code exported in
# francois76/legifrance (code_de_justice_administrative.md, commit 239a1547; snapshot date
# unknown: check against Légifrance). The competent court is in principle the one where the
# authority has its seat (CJA R312-1), so `recours-ta` uses it when `--court` is not given and
# says so on stderr. Overseas departments and collectivities are left out on purpose (their
# courts have their own rules, CJA R421-7): the placeholder stays.
_TA_DEPARTMENTS = {
    "Amiens": ("02", "60", "80"),
    "Bastia": ("2A", "2B"),
    "Besançon": ("25", "39", "70", "90"),
    "Bordeaux": ("24", "33", "47"),
    "Caen": ("14", "50", "61"),
    "Cergy-Pontoise": ("92", "95"),
    "Châlons-en-Champagne": ("08", "10", "51", "52"),
    "Clermont-Ferrand": ("03", "15", "43", "63"),
    "Dijon": ("21", "58", "71", "89"),
    "Grenoble": ("26", "38", "73", "74"),
    "Lille": ("59", "62"),
    "Limoges": ("19", "23", "36", "87"),
    "Lyon": ("01", "07", "42", "69"),
    "Marseille": ("04", "05", "13"),
    "Melun": ("77", "94"),
    "Montpellier": ("11", "34", "66"),
    "Montreuil": ("93",),
    "Nancy": ("54", "55", "88"),
    "Nantes": ("44", "49", "53", "72", "85"),
    "Nice": ("06",),
    "Nîmes": ("30", "48", "84"),
    "Orléans": ("18", "28", "37", "41", "45"),
    "Paris": ("75",),
    "Pau": ("32", "40", "64", "65"),
    "Poitiers": ("16", "17", "79", "86"),
    "Rennes": ("22", "29", "35", "56"),
    "Rouen": ("27", "76"),
    "Strasbourg": ("57", "67", "68"),
    "Toulon": ("83",),
    "Toulouse": ("09", "12", "31", "46", "81", "82"),
    "Versailles": ("78", "91"),
}
COURT_BY_DEPARTMENT = {
    dept: ("Tribunal administratif d'" if seat[0] in "AEIOU" else "Tribunal administratif de ")
    + seat
    for seat, depts in _TA_DEPARTMENTS.items()
    for dept in depts
}


def default_court(department: str | None) -> str | None:
    """The administrative court of a metropolitan department (CJA R221-3), or None."""
    if not department:
        return None
    code = department.strip().upper()
    if code.isdigit() and len(code) == 1:
        code = "0" + code
    return COURT_BY_DEPARTMENT.get(code)
PRADA_LABEL = "personne responsable de l'accès aux documents administratifs"


# --------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------


@dataclass
class Loaded:
    request: Any
    authority: Any
    profile: Any
    items: list[str]
    events: list[Any]  # models.Event rows, in date order
    timeline: domain.Timeline
    state: str
    documents: list[tuple[Any, Any]] = field(default_factory=list)  # (Document, StoredFile)
    letters: list[Any] = field(default_factory=list)  # models.Letter rows
    facts: domain.RequestFacts | None = None


def _timeline(facts: domain.RequestFacts, *, prorogation: bool = True) -> domain.Timeline:
    """The deadlines of a request, from the deadline engine (never computed here).
    prorogation=False: the same without CPC 642 on the CADA referral (to tell whether the
    engine moved the last day)."""
    from cada_tracker.law import LawOptions, compute_timeline

    if prorogation:
        return compute_timeline(facts)
    return compute_timeline(facts, LawOptions(cada_referral_prorogation=False, explain=False))


def _event_date(row: Any) -> date:
    return row.occurred_on


def _facts(request: Any, authority: Any, profile: Any, events: list[Any]) -> domain.RequestFacts:
    from cada_tracker.services.requests import event_from_row

    return domain.RequestFacts(
        reference=request.reference,
        channel=request.channel,
        environmental=bool(request.environmental),
        authority_department=authority.department,
        requester_residence=(getattr(profile, "residence", None) or "metropole"),
        events=tuple(domain.ordered([event_from_row(r) for r in events])),
    )


def load(session: Any, request: Any, today: date, *, need_timeline: bool = True) -> Loaded:
    from sqlmodel import select

    from cada_tracker.services.authorities import load_profile
    from cada_tracker.services.requests import event_from_row, event_rows
    from cada_tracker.storage.tables import Authority, Document, Letter, RequestItem, StoredFile

    authority = session.get(Authority, request.authority_id)
    profile = load_profile(session)
    items = [
        i.description
        for i in session.exec(
            select(RequestItem)
            .where(RequestItem.request_id == request.id)
            .order_by(RequestItem.position, RequestItem.id)
        ).all()
    ]
    events = event_rows(session, request.id)
    facts = _facts(request, authority, profile, events)
    if need_timeline or events:
        timeline = _timeline(facts)
    else:
        timeline = domain.Timeline()
    state = domain.current_state([event_from_row(r) for r in events], timeline, today)
    documents = list(
        session.exec(
            select(Document, StoredFile)
            .join(StoredFile, Document.file_id == StoredFile.id)
            .where(Document.request_id == request.id)
            .where(Document.parent_id.is_(None))  # type: ignore[union-attr]
            .order_by(Document.id)
        ).all()
    )
    letters = list(
        session.exec(
            select(Letter).where(Letter.request_id == request.id).order_by(Letter.id)
        ).all()
    )
    return Loaded(request, authority, profile, items, events, timeline, state, documents, letters,
                  facts)


# --------------------------------------------------------------------------------------
# Context
# --------------------------------------------------------------------------------------


def address_lines(address: str | None) -> list[str]:
    if not address:
        return []
    parts = re.split(r"\s*(?:\n|,)\s*", address.strip())
    return [p for p in parts if p]


_FEMININE = (
    "ville", "commune", "mairie", "métropole", "metropole", "région", "region", "préfecture",
    "prefecture", "direction", "agence", "communauté", "communaute", "caisse", "collectivité",
    "collectivite", "chambre", "cour", "autorité", "autorite", "police", "gendarmerie",
    "sous-préfecture", "délégation", "inspection", "université", "universite", "haute",
    "commission", "maison", "régie", "regie", "société", "societe", "banque", "assemblée",
)
_MASCULINE = (
    "ministère", "ministere", "conseil", "département", "departement", "centre", "service",
    "syndicat", "secrétariat", "secretariat", "office", "établissement", "etablissement",
    "hôpital", "hopital", "groupement", "tribunal", "rectorat", "parlement", "sénat", "senat",
    "musée", "musee", "institut", "bureau", "commissariat", "cabinet", "haut", "pôle", "pole",
)


def with_article(name: str) -> tuple[str, str]:
    """("la Ville de Montpellier", "à la Ville de Montpellier") from a name; a guess from its
    first word, the bare name when unsure (the README (Letters): override `authority.the`)."""
    words = name.split()
    if not words:
        return name, f"à {name}"
    first = words[0].lower().strip(",")
    if first in ("la", "le", "les", "l'") or first.startswith(("l'", "l’")):
        the = name
    elif first in _FEMININE:
        the = f"la {name}"
    elif first in _MASCULINE:
        the = ("l'" if first[0] in "aeéèêiouhy" else "le ") + name
    else:
        return name, f"à {name}"
    if the.startswith(("le ", "Le ")):
        to_the = "au " + the[3:]
    elif the.startswith(("les ", "Les ")):
        to_the = "aux " + the[4:]
    else:
        to_the = "à " + the
    return the, to_the


def _city(profile: Any) -> str | None:
    city = getattr(profile, "city", None)
    if city:
        return city.strip()
    for line in reversed(address_lines(getattr(profile, "address", None))):
        m = re.match(r"^\d{5}\s+(.+)$", line)
        if m:
            city = re.sub(r"\s+cedex(\s+\d+)?$", "", m.group(1), flags=re.I)
            return city.strip()
    return None


def place_date(profile: Any, when: date) -> str:
    city = _city(profile)
    return f"À {city}, le {french_long(when)}" if city else f"Le {french_long(when)}"


def _first(events: list[Any], kind: str, outcomes: tuple[str, ...] | None = None) -> Any | None:
    for e in events:
        if e.kind == kind and (outcomes is None or e.outcome in outcomes):
            return e
    return None


def _last(events: list[Any], kind: str, outcomes: tuple[str, ...] | None = None) -> Any | None:
    found = None
    for e in events:
        if e.kind == kind and (outcomes is None or e.outcome in outcomes):
            found = e
    return found


def _dl(timeline: domain.Timeline, kind: str) -> date | None:
    d = timeline.get(kind)
    return d.date if d is not None else None


def _referral_deadline(loaded: Loaded, referral_date: date) -> Any | None:
    """The CADA referral deadline as the letters need it (see the README (Letters))."""
    tl = loaded.timeline
    dl = tl.get("cada_referral_by")
    if dl is None:
        return None
    moved_from = None
    if "CPC 642" in dl.basis and loaded.facts is not None:
        plain = _timeline(loaded.facts, prorogation=False).get("cada_referral_by")
        if plain is not None and plain.date < dl.date:
            moved_from = plain.date
    long_stop = _dl(tl, "cada_referral_long_stop")
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


def _phases(events: list[Any]) -> tuple[list[Any], list[Any]]:
    """Events before the CADA registration (or sending) and after it."""
    for i, e in enumerate(events):
        if e.kind in ("cada-sent", "cada-registered"):
            return events[:i], events[i:]
    return events, []


def build_context(
    loaded: Loaded,
    kind: str,
    today: date,
    *,
    exhibits: list[Any] | None = None,
    court: str | None = None,
) -> dict[str, Any]:
    """Everything a template may use (the README (Letters) lists and explains each name)."""
    req, auth, prof, ev, tl = (
        loaded.request, loaded.authority, loaded.profile, loaded.events, loaded.timeline,
    )
    before, after = _phases(ev)
    sent = _first(ev, "sent")
    received = _first(ev, "received")
    ack = _last(ev, "acknowledged")
    reply = _last(before, "reply")
    confirmation = _last(after, "reply", tuple(CONFIRMING_OUTCOMES))
    opinion = _last(ev, "cada-opinion")
    b = _dl(tl, "implicit_refusal")
    received_date = received.occurred_on if received else None
    received_estimated = False
    if received_date is None and b is not None:
        dl = tl.get("implicit_refusal")
        received_estimated = bool(dl and dl.estimated)

    refusal = NS(kind=None, date=None)
    if reply is not None and reply.outcome in REFUSING_OUTCOMES:
        refusal = NS(kind=reply.outcome, date=reply.occurred_on)
    elif b is not None and (reply is None or reply.outcome not in ("full",)):
        refusal = NS(kind="implicit", date=b)

    dates = NS(
        created=req.created_on,
        sent=sent.occurred_on if sent else None,
        received=received_date,
        acknowledged=ack.occurred_on if ack else None,
        reply=reply.occurred_on if reply else None,
        reasons_requested=_d(_last(ev, "reasons-requested")),
        reasons_received=_d(_last(ev, "reasons-received")),
        cada_sent=_d(_last(ev, "cada-sent")),
        cada_registered=_d(_last(ev, "cada-registered")),
        cada_opinion=_d(opinion),
        court_filed=_d(_last(ev, "court-filed")),
        implicit_refusal=b,
        cada_referral_from=_dl(tl, "cada_referral_from"),
        cada_referral_by=_dl(tl, "cada_referral_by"),
        cada_referral_long_stop=_dl(tl, "cada_referral_long_stop"),
        cada_opinion_expected=_dl(tl, "cada_opinion_expected"),
        refusal_confirmed=_dl(tl, "refusal_confirmed"),
        court_by=_dl(tl, "court_by"),
        court_long_stop=_dl(tl, "court_long_stop"),
    )
    exhibits = exhibits if exhibits is not None else []
    roles = dict.fromkeys(
        ("request", "sent", "received", "acknowledged", "refusal", "silence",
         "cada_sent", "cada_registered", "cada_opinion", "confirmation"),
    )
    for e in exhibits:
        if roles.get(e.role) is None:
            roles[e.role] = e.number
    earlier = [
        NS(kind=lt.kind, date=_letter_date(lt, ev), sha256=lt.sha256)
        for lt in loaded.letters if lt.frozen
    ]
    requester = NS(
        name=prof.name,
        email=prof.email or None,
        address=prof.address or None,
        address_lines=address_lines(prof.address),
        city=_city(prof),
        residence=getattr(prof, "residence", None) or "metropole",
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
    return {
        "kind": kind,
        "today": today,
        "letter_date": today,
        "place_date": place_date(prof, today),
        "state": loaded.state,
        "requester": requester,
        "authority": authority,
        "request": NS(
            reference=req.reference,
            subject=req.subject,
            items=list(loaded.items) or [req.subject],
            channel=req.channel,
            environmental=bool(req.environmental),
            created_on=req.created_on,
            illustrative=bool(getattr(req, "illustrative", False)),
        ),
        "dates": dates,
        "received_estimated": received_estimated,
        "reminders": [e.occurred_on for e in ev if e.kind == "reminder-sent"],
        "acknowledgment": NS(date=ack.occurred_on, complete=ack.complete) if ack else None,
        "reply": _reply_ns(reply),
        "confirmation": _reply_ns(confirmation),
        "cada_opinion": NS(outcome=opinion.outcome, date=opinion.occurred_on, note=opinion.note)
        if opinion else None,
        "refusal": refusal,
        "within_referral_deadline": bool(
            dates.cada_referral_by and dates.cada_referral_from
            and dates.cada_referral_from <= today <= dates.cada_referral_by
        ),
        "within_court_deadline": bool(dates.court_by and today <= dates.court_by),
        "referral_deadline": _referral_deadline(loaded, dates.cada_sent or today),
        "exhibits": exhibits,
        "exhibit": NS(**roles),
        "earlier_letters": earlier,
        "cada": CADA,
        "court": NS(name=court or COURT_PLACEHOLDER, address_lines=[]),
    }


def _d(row: Any | None) -> date | None:
    return row.occurred_on if row is not None else None


def _reply_ns(row: Any | None) -> Any | None:
    if row is None:
        return None
    return NS(outcome=row.outcome, date=row.occurred_on, note=row.note,
              mentions_remedies=row.mentions_remedies)


def _letter_date(letter: Any, events: list[Any]) -> date:
    for e in events:
        if e.id == letter.event_id:
            return e.occurred_on
    return letter.created_at.date()


# --------------------------------------------------------------------------------------
# Exhibits
# --------------------------------------------------------------------------------------

_DOC_EXHIBITS = {
    "sent": ("sent", M.EXHIBIT_PROOF_SENT),
    "received": ("received", M.EXHIBIT_PROOF_RECEIVED),
    "acknowledged": ("acknowledged", M.EXHIBIT_ACK),
}
_REPLY_TITLES = {
    "refused": M.EXHIBIT_REFUSAL,
    "partial": M.EXHIBIT_PARTIAL,
    "not-held": M.EXHIBIT_NOT_HELD,
}
_CADA_TITLES = {
    "cada-sent": ("cada_sent", M.EXHIBIT_CADA_SENT),
    "cada-registered": ("cada_registered", M.EXHIBIT_CADA_REGISTERED),
    "cada-opinion": ("cada_opinion", M.EXHIBIT_CADA_OPINION),
}


def exhibits_for(loaded: Loaded, kind: str, *, notes: list[str] | None = None) -> list[Any]:
    """The numbered exhibits of a referral (saisine-cada) or a court application (recours-ta).

    Each is `number, role, title, source, file, missing` (+ `document, stored`). source:
    "letter" (the request as sent), "note" (the silence note), "document" (an attached file)
    or "missing": a required exhibit without a file, listed as "[à joindre : title]" (and a
    warning added to `notes`). Required: the refusal (CRPA R343-1), the acknowledgment when
    recorded, and for the court the proof of the CADA referral, its registration, the opinion
    when recorded and the contested decision (CJA R412-1).
    """
    if kind not in ("saisine-cada", "recours-ta"):
        return []
    notes = notes if notes is not None else []
    ref = loaded.request.reference
    why_required = M.WHY_EXHIBIT_COURT if kind == "recours-ta" else M.WHY_EXHIBIT_REFERRAL
    ev = loaded.events
    before, after = _phases(ev)
    by_event: dict[int, list[tuple[Any, Any]]] = {}
    for doc, stored in loaded.documents:
        if doc.event_id is not None:
            by_event.setdefault(doc.event_id, []).append((doc, stored))
    out: list[Any] = []

    def add(role: str, title: str, source: str, doc: Any = None, stored: Any = None) -> Any:
        e = NS(number=len(out) + 1, role=role, title=title, source=source,
               document=doc, stored=stored, file=None, missing=source == "missing")
        out.append(e)
        return e

    def add_event(role: str, title: str, row: Any | None, *, required: bool,
                  why: str = why_required, event_kind: str = "") -> None:
        docs = by_event.get(row.id, []) if row is not None else []
        for doc, stored in docs:
            add(role, M.EXHIBIT_WITH_FILE.format(title=title, name=doc.original_name),
                "document", doc, stored)
        if not docs and required:
            e = add(role, title, "missing")
            kind_ = event_kind or (row.kind if row is not None else "")
            label = kind_ if row is None or row.outcome is None else \
                f"{kind_} --outcome {row.outcome}"
            notes.append(M.NOTE_MISSING_EXHIBIT.format(
                number=e.number, title=title, why=why, event=label, event_kind=kind_,
                reference=ref))

    sent = _first(ev, "sent")
    add("request", M.EXHIBIT_REQUEST.format(date=french_long(sent.occurred_on)) if sent
        else M.EXHIBIT_REQUEST_UNDATED, "letter")
    for e in before:
        if e.kind in _DOC_EXHIBITS:
            role, title = _DOC_EXHIBITS[e.kind]
            add_event(role, title.format(date=french_long(e.occurred_on)), e,
                      required=e.kind == "acknowledged", why=M.WHY_EXHIBIT_ACK)
    reply = _last(before, "reply")
    if reply is not None and reply.outcome in REFUSING_OUTCOMES:
        title = _REPLY_TITLES[reply.outcome].format(date=french_long(reply.occurred_on))
        add_event("refusal", title, reply, required=True,
                  why=M.WHY_EXHIBIT_REFERRAL if kind == "saisine-cada" else M.WHY_EXHIBIT_CITED)
    elif kind == "saisine-cada":
        add("silence", M.EXHIBIT_SILENCE, "note")
    if kind == "recours-ta":
        if _first(after, "cada-sent") is None:
            # Registered without a recorded sending: the referral itself is still needed.
            add_event("cada_sent", M.EXHIBIT_CADA_SENT_UNDATED, None, required=True,
                      event_kind="cada-sent")
        for e in after:
            if e.kind in _CADA_TITLES:
                role, title = _CADA_TITLES[e.kind]
            elif e.kind == "reply" and e.outcome in CONFIRMING_OUTCOMES:
                role, title = "confirmation", M.EXHIBIT_CONFIRMATION
            else:
                continue
            add_event(role, title.format(date=french_long(e.occurred_on)), e, required=True,
                      why=M.WHY_EXHIBIT_CITED if role == "cada_opinion" else why_required)
    return out


# --------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------


def _require_profile(loaded: Loaded) -> None:
    if loaded.profile is None:
        raise CadaError(M.PROFILE_MISSING)


def _recipient(loaded: Loaded, kind: str, court: str | None) -> list[str]:
    if kind == "saisine-cada":
        return [CADA.name, *CADA.address_lines]
    if kind == "recours-ta":
        return [court or COURT_PLACEHOLDER, COURT_ATTENTION]
    a = loaded.authority
    lines = [a.name]
    if a.prada and "@" not in a.prada:
        lines.append(f"À l'attention de {a.prada}, {PRADA_LABEL}")
    elif a.prada:
        lines.append(f"À l'attention de la {PRADA_LABEL} ({a.prada})")
    else:
        lines.append(f"À l'attention de la {PRADA_LABEL}")
    lines.extend(address_lines(a.address))
    return lines


def _sender(profile: Any) -> list[str]:
    lines = [profile.name, *address_lines(profile.address)]
    if profile.email:
        lines.append(profile.email)
    return lines


def _check_kind_fits(loaded: Loaded, kind: str, ctx: dict[str, Any], *,
                     premature_ok: bool = False) -> None:
    """A letter that the request's history cannot support: refuse rather than invent facts.
    premature_ok: `cada escalate --force` builds a referral before the refusal is born."""
    ref = loaded.request.reference
    needs_sent = kind in ("relance", "demande-motifs", "saisine-cada", "information-saisine",
                          "recours-ta")
    if needs_sent and not (ctx["dates"].sent or ctx["dates"].received):
        raise ConflictError(M.KIND_NEEDS_SENT.format(kind=kind, reference=ref,
                                                     state=loaded.state))
    if kind in ("demande-motifs", "saisine-cada", "information-saisine", "recours-ta"):
        if ctx["refusal"].kind is None:
            raise ConflictError(M.KIND_NEEDS_REFUSAL.format(kind=kind, reference=ref,
                                                            state=loaded.state))
    if kind == "demande-motifs" and ctx["refusal"].kind != "implicit":
        raise ConflictError(M.MOTIFS_NOT_IMPLICIT.format(reference=ref))
    if kind in ("demande-motifs", "saisine-cada") and ctx["refusal"].kind == "implicit" \
            and not premature_ok:
        # The implicit refusal is born at the end of B (domain.current_state): a letter citing
        # it, or referring it to the CADA, is possible from the next day (CRPA R343-1).
        b = ctx["refusal"].date
        start = b + timedelta(days=1)
        if kind == "saisine-cada" and ctx["dates"].cada_referral_from:
            start = max(start, ctx["dates"].cada_referral_from)
        if ctx["today"] < start:
            raise ConflictError(M.KIND_TOO_EARLY.format(
                reference=ref, state=loaded.state, b=b.isoformat(), kind=kind,
                start=start.isoformat()))
    if kind == "information-saisine" and not (ctx["dates"].cada_sent
                                             or ctx["dates"].cada_registered):
        raise ConflictError(M.KIND_NEEDS_CADA.format(kind=kind, reference=ref))
    if kind == "recours-ta" and not (ctx["confirmation"] or ctx["dates"].refusal_confirmed):
        raise ConflictError(M.KIND_NEEDS_CONFIRMED.format(reference=ref, state=loaded.state))


@dataclass
class Rendered:
    kind: str
    doc: R.LetterDoc
    notes: list[str] = field(default_factory=list)
    frozen: Any = None  # the models.Letter when the text is the frozen one
    context: dict[str, Any] | None = None


def render_doc(
    loaded: Loaded,
    settings: Settings,
    kind: str,
    today: date,
    *,
    court: str | None = None,
    exhibits: list[Any] | None = None,
    use_frozen: bool = True,
    premature_ok: bool = False,
) -> Rendered:
    """Render a letter into a LetterDoc (not yet a format)."""
    _require_profile(loaded)
    notes: list[str] = []
    if kind == "demande" and use_frozen:
        frozen = [lt for lt in loaded.letters if lt.frozen and lt.kind == "demande"]
        if frozen:
            letter = frozen[-1]
            when = _letter_date(letter, loaded.events)
            notes.append(M.NOTE_FROZEN.format(date=when.isoformat(), sha=letter.sha256[:12]))
            doc = R.parse_text("demande", letter.body, reference=loaded.request.reference)
            doc.letter_date = when
            doc.specimen = _specimen(loaded, notes)
            return Rendered("demande", doc, notes, frozen=letter)
    if exhibits is None:
        exhibits = exhibits_for(loaded, kind, notes=notes)
    if kind == "recours-ta" and not court:
        court = default_court(loaded.authority.department)
        if court:
            notes.append(M.NOTE_DEFAULT_COURT.format(
                court=court, department=loaded.authority.department))
    ctx = build_context(loaded, kind, today, exhibits=exhibits, court=court)
    if kind in R.KINDS:
        _check_kind_fits(loaded, kind, ctx, premature_ok=premature_ok)
    rendered = R.render_template(kind, ctx, settings.templates_dir)
    doc = R.compose(
        kind,
        rendered,
        sender=_sender(loaded.profile),
        recipient=_recipient(loaded, kind, court),
        place_date=ctx["place_date"],
        signature=[loaded.profile.name],
        letter_date=today,
        reference=loaded.request.reference,
    )
    doc.specimen = _specimen(loaded, notes)
    if "[À compléter" in doc.text():
        notes.append(M.NOTE_PLACEHOLDER)
    if kind == "relance" and loaded.state in REFERRAL_STATES and ctx["dates"].cada_referral_by:
        note = M.NOTE_RELANCE_AFTER_REFUSAL if loaded.state == "implicit-refusal" \
            else M.NOTE_RELANCE_AFTER_EXPLICIT
        notes.append(note.format(
            date=ctx["dates"].cada_referral_by.isoformat(), reference=loaded.request.reference))
    if kind == "demande-motifs":
        by = ctx["dates"].cada_referral_by
        notes.append(M.NOTE_MOTIFS.format(
            by=M.NOTE_REFERRAL_BY.format(date=by.isoformat()) if by else ""))
    return Rendered(kind, doc, notes, context=ctx)


def _specimen(loaded: Loaded, notes: list[str] | None = None) -> bool:
    """An illustrative (demo) request: its letters are marked as specimens."""
    if not getattr(loaded.request, "illustrative", False):
        return False
    if notes is not None:
        note = M.NOTE_SPECIMEN.format(reference=loaded.request.reference)
        if note not in notes:
            notes.append(note)
    return True


def choose_kind(loaded: Loaded, settings: Settings) -> str:
    kind = NEXT_KIND.get(loaded.state)
    if kind is None:
        raise ConflictError(M.NO_LETTER_DUE.format(
            reference=loaded.request.reference, state=loaded.state,
            kinds=", ".join(R.available_kinds(settings.templates_dir))))
    return kind


@dataclass
class Output:
    kind: str
    data: bytes
    notes: list[str]
    chosen: bool  # the kind was chosen from the state


def letter(
    session: Any,
    settings: Settings,
    reference: str,
    kind: str | None,
    fmt: str,
    today: date,
    *,
    court: str | None = None,
) -> Output:
    """`cada letter REF [KIND] --format F`: the bytes to print or write."""
    from cada_tracker.services.requests import get_request

    if fmt not in R.FORMATS:
        raise UsageError(M.UNKNOWN_FORMAT.format(fmt=fmt, formats=", ".join(R.FORMATS)))
    _check_format_fits(kind, fmt)
    request = get_request(session, reference)
    loaded = load(session, request, today, need_timeline=kind != "demande")
    _require_profile(loaded)
    chosen = kind is None
    notes: list[str] = []
    if kind is None:
        kind = choose_kind(loaded, settings)
        notes.append(M.NOTE_DRAFT_KIND.format(kind=kind, reference=reference, state=loaded.state))
        _check_format_fits(kind, fmt)
    result = render_doc(loaded, settings, kind, today, court=court)
    notes.extend(result.notes)
    data = format_doc(result, loaded, settings, fmt, today, notes=notes)
    return Output(kind, data, notes, chosen)


# Letters that go to a court, never by e-mail (a user template may add others).
COURT_KINDS = frozenset({"recours-ta"})


def _check_format_fits(kind: str | None, fmt: str) -> None:
    """eml is for letters sent by e-mail: to the authority, or to the CADA (exit 2 otherwise)."""
    if fmt == "eml" and kind in COURT_KINDS:
        raise UsageError(M.COURT_NO_EMAIL.format(kind=kind))


def glyph_note(dropped: dict[str, str], where: str) -> str:
    """The one warning line for characters a PDF font could not draw (char -> its mark)."""
    shown = [f"'{ch}' (U+{ord(ch):04X})" for ch in list(dropped)[:10]]
    more = len(dropped) - len(shown)
    chars = ", ".join(shown) + (f" and {more} more" if more > 0 else "")
    repl = "' or '".join(dict.fromkeys(dropped.values()))
    return M.PDF_GLYPHS_REPLACED.format(chars=chars, repl=repl, where=where)


def format_doc(result: Rendered, loaded: Loaded, settings: Settings, fmt: str,
               today: date, *, notes: list[str] | None = None) -> bytes:
    doc = result.doc
    if fmt == "text":
        if result.frozen is not None:
            return R.with_specimen(result.frozen.body, doc.specimen).encode("utf-8")
        return R.to_text(doc).encode("utf-8")
    if fmt == "markdown":
        return R.to_markdown(doc).encode("utf-8")
    if fmt == "html":
        return R.to_html(doc, settings.templates_dir).encode("utf-8")
    if fmt == "pdf":
        dropped: dict[str, str] = {}
        data = R.to_pdf(doc, dropped)
        if dropped and notes is not None:
            notes.append(glyph_note(dropped, "the PDF"))
        return data
    # eml
    _check_format_fits(result.kind, fmt)
    profile, authority = loaded.profile, loaded.authority
    if not profile.email:
        raise CadaError(M.PROFILE_NO_EMAIL)
    if result.kind == "saisine-cada":
        to_name, to_addr = CADA.name, CADA.email
    else:
        if not authority.email:
            raise CadaError(M.AUTHORITY_NO_EMAIL.format(slug=authority.slug))
        to_name, to_addr = authority.name, authority.email
    return R.to_eml(doc, from_name=profile.name, from_addr=profile.email, to_name=to_name,
                    to_addr=to_addr, when=doc.letter_date or today)


def templates(settings: Settings) -> list[dict[str, Any]]:
    return R.template_sources(settings.templates_dir)


# --------------------------------------------------------------------------------------
# Drafts and frozen letters (called by services/requests.py)
# --------------------------------------------------------------------------------------


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def index_letter(session: Any, row: Any) -> None:
    """Keep the full-text index in the same transaction as the letter."""
    from cada_tracker.storage import search

    search.index_letter(session, row)


def draft_for_new(session: Any, settings: Settings, request: Any, today: date) -> Any:
    """Render the `demande` and add it as a draft Letter row (frozen=False); return the row."""
    from cada_tracker.storage.db import now
    from cada_tracker.storage.tables import Letter

    loaded = load(session, request, today, need_timeline=False)
    result = render_doc(loaded, settings, "demande", today, use_frozen=False)
    body = result.doc.text()  # never the specimen mark: the body must parse back (parse_text)
    row = Letter(request_id=request.id, kind="demande", body=body, sha256=sha256_text(body),
                 frozen=False, created_at=now())
    session.add(row)
    session.flush()
    index_letter(session, row)
    return row


def freeze_on_sent(session: Any, settings: Settings, request: Any, event: Any) -> Any:
    """Freeze the `demande` as sent: rendered now, as `cada letter REF demande` prints it, dated
    the day it was sent, and stored with its SHA-256 and the `sent` event. Profile, authority or
    template changes after `cada new` are in it; changes after sending never are."""
    from cada_tracker.storage.db import now
    from cada_tracker.storage.tables import Letter

    loaded = load(session, request, event.occurred_on, need_timeline=False)
    result = render_doc(loaded, settings, "demande", event.occurred_on, use_frozen=False)
    body = result.doc.text()  # never the specimen mark: the body must parse back (parse_text)
    row = Letter(request_id=request.id, kind="demande", body=body, sha256=sha256_text(body),
                 frozen=True, event_id=event.id, created_at=now())
    session.add(row)
    session.flush()
    index_letter(session, row)
    return row


def frozen_letters(session: Any, request_id: int) -> list[dict[str, Any]]:
    """The letters as sent, for `cada show`: kind, date (ISO), sha256, body."""
    from sqlmodel import select

    from cada_tracker.storage.tables import Event, Letter

    rows = session.exec(
        select(Letter).where(Letter.request_id == request_id, Letter.frozen == True)  # noqa: E712
        .order_by(Letter.id)
    ).all()
    out = []
    for row in rows:
        ev = session.get(Event, row.event_id) if row.event_id is not None else None
        when = ev.occurred_on if ev is not None else row.created_at.date()
        out.append({"kind": row.kind, "date": when.isoformat(), "sha256": row.sha256,
                    "body": row.body})
    return out


# --------------------------------------------------------------------------------------
# The CADA dossier (`cada escalate`)
# --------------------------------------------------------------------------------------


@dataclass
class Dossier:
    folder: Path
    zip_path: Path
    files: list[str]  # names inside the folder, in order
    exhibits: list[Any]
    notes: list[str]
    next_steps: list[str]


def _safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-") or "x"


def default_dossier_dir(reference: str) -> Path:
    return Path.cwd() / f"saisine-cada-{_safe_name(reference)}"


def escalate(
    session: Any,
    settings: Settings,
    reference: str,
    out_dir: Path | None,
    today: date,
    *,
    force: bool = False,
) -> Dossier:
    from cada_tracker.services.requests import get_request

    request = get_request(session, reference)
    loaded = load(session, request, today)
    _require_profile(loaded)
    if loaded.state not in REFERRAL_STATES and not force:
        raise ConflictError(M.ESCALATE_NOT_ADMISSIBLE.format(reference=reference,
                                                             state=loaded.state))
    start = _dl(loaded.timeline, "cada_referral_from")
    if loaded.state in REFERRAL_STATES and start and today < start and not force:
        raise ConflictError(M.ESCALATE_TOO_EARLY.format(
            reference=reference, b=_dl(loaded.timeline, "implicit_refusal"), start=start))
    deadline = _referral_deadline(loaded, today)
    if deadline is not None and deadline.late and not force:
        if deadline.opposable:
            why = M.WHY_OPPOSABLE_AR if _refusal_is_implicit(loaded) \
                else M.WHY_OPPOSABLE_DECISION
            raise ConflictError(M.ESCALATE_DEADLINE_PASSED.format(
                reference=reference, date=deadline.date.isoformat(), why=why))
        if deadline.long_stop_passed:
            raise ConflictError(M.ESCALATE_LONG_STOP_PASSED.format(
                reference=reference, date=deadline.long_stop.isoformat()))
    folder = Path(out_dir) if out_dir is not None else default_dossier_dir(reference)
    folder = folder.absolute()
    if folder.name in ("", ".", ".."):
        raise UsageError(M.ESCALATE_BAD_FOLDER.format(path=out_dir))
    zip_path = folder.with_name(folder.name + ".zip")
    _check_dossier_targets(folder, zip_path, force=force)

    notes: list[str] = []
    exhibits = exhibits_for(loaded, "saisine-cada", notes=notes)
    # Render everything in memory first: a template error leaves nothing behind.
    letter_res = render_doc(loaded, settings, "saisine-cada", today, exhibits=exhibits,
                            premature_ok=force)
    notes.extend(letter_res.notes)
    ctx = letter_res.context or {}
    specimen = _specimen(loaded, notes)
    files: dict[str, bytes] = {}
    dropped: dict[str, str] = {}
    dropped_in: list[str] = []

    def pdf(name: str, doc: R.LetterDoc) -> bytes:
        before = len(dropped)
        data = R.to_pdf(doc, dropped)
        if len(dropped) > before or any(ch in dropped for ch in doc.text()):
            dropped_in.append(name)
        return data

    files["saisine-cada.txt"] = R.to_text(letter_res.doc).encode("utf-8")
    files["saisine-cada.pdf"] = pdf("saisine-cada.pdf", letter_res.doc)
    for e in exhibits:
        prefix = f"piece-{e.number:02d}"
        if e.source == "letter":
            demande = _demande_doc(loaded, settings, today, notes)
            demande.specimen = specimen
            e.file = f"{prefix}-demande.pdf"
            files[e.file] = pdf(e.file, demande)
        elif e.source == "note":
            e.file = f"{prefix}-note-silence.txt"
            note = R.render_template("_note-silence", ctx, settings.templates_dir)
            files[e.file] = R.with_specimen(note, specimen).encode("utf-8")
        elif e.source == "document":
            e.file = f"{prefix}-{_safe_name(e.document.original_name)}"
            files[e.file] = _stored_bytes(settings, e.document, e.stored)
        # "missing": listed as "à joindre" in the bordereau, no file
    bordereau = R.render_template(
        "_bordereau", {**ctx, "exhibits": exhibits}, settings.templates_dir)
    files["bordereau.txt"] = R.with_specimen(bordereau, specimen).encode("utf-8")
    if dropped:
        notes.append(glyph_note(dropped, ", ".join(dropped_in)))

    _write_dossier(folder, zip_path, files, force=force)
    by = _dl(loaded.timeline, "cada_referral_by")
    next_steps = [M.ESCALATE_DONE.format(folder=folder, zip=zip_path)]
    next_steps.extend(M.ESCALATE_TO_ATTACH.format(number=e.number, title=e.title)
                      for e in exhibits if e.missing)
    if specimen:
        next_steps.append(M.ESCALATE_SPECIMEN.format(reference=reference))
    else:
        next_steps.append(M.ESCALATE_NEXT.format(
            letter=folder / "saisine-cada.pdf", reference=reference,
            by=M.ESCALATE_NEXT_BY.format(date=by.isoformat()) if by and today <= by else ""))
        next_steps.append(M.ESCALATE_INFORM.format(reference=reference))
    return Dossier(folder, zip_path, list(files), exhibits, notes, next_steps)


def _refusal_is_implicit(loaded: Loaded) -> bool:
    before, _ = _phases(loaded.events)
    reply = _last(before, "reply")
    return reply is None or reply.outcome not in REFUSING_OUTCOMES


def _demande_doc(loaded: Loaded, settings: Settings, today: date,
                 notes: list[str]) -> R.LetterDoc:
    """Exhibit 1: the frozen request as sent; else the stored draft; else a fresh rendering."""
    ref = loaded.request.reference
    frozen = [lt for lt in loaded.letters if lt.frozen and lt.kind == "demande"]
    if frozen:
        return R.parse_text("demande", frozen[-1].body, reference=ref)
    drafts = [lt for lt in loaded.letters if lt.kind == "demande"]
    if drafts:
        notes.append(M.ESCALATE_NO_DEMANDE)
        return R.parse_text("demande", drafts[-1].body, reference=ref)
    notes.append(M.ESCALATE_RENDERED_DEMANDE)
    sent = _first(loaded.events, "sent")
    when = sent.occurred_on if sent else loaded.request.created_on
    return render_doc(loaded, settings, "demande", when, use_frozen=False).doc


def _stored_bytes(settings: Settings, doc: Any, stored: Any) -> bytes:
    from cada_tracker.storage.blobstore import Store

    path = Store(settings.documents_dir).path_for(stored.sha256)
    try:
        return path.read_bytes()
    except OSError:
        raise CadaError(M.ESCALATE_MISSING_FILE.format(
            name=doc.original_name, sha=stored.sha256[:12])) from None


def _is_dossier(folder: Path) -> bool:
    """An earlier dossier (what --force may replace): a bordereau.txt and only plain files."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return False
    names = {p.name for p in entries}
    return "bordereau.txt" in names and all(p.is_file() and not p.is_symlink() for p in entries)


def _check_dossier_targets(folder: Path, zip_path: Path, *, force: bool) -> None:
    """Before any work: the folder and the zip are new, or (--force) an earlier dossier."""
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise ConflictError(M.ESCALATE_NOT_A_FOLDER.format(path=folder))
    if zip_path.is_symlink() or (zip_path.exists() and not zip_path.is_file()):
        raise ConflictError(M.ESCALATE_ZIP_NOT_A_FILE.format(path=zip_path))
    for target in (folder, zip_path):
        if target.exists() and not force:
            raise ConflictError(CORE.OUTPUT_EXISTS.format(path=target))
    if folder.exists() and not _is_dossier(folder):
        raise ConflictError(M.ESCALATE_NOT_A_DOSSIER.format(path=folder))
    if not folder.parent.is_dir():
        raise CadaError(CORE.OUTPUT_FOLDER_MISSING.format(path=folder.parent))


_TARGET_ERRNOS = frozenset({errno.EEXIST, errno.ENOTEMPTY, errno.EISDIR, errno.ENOTDIR})


def _write_dossier(folder: Path, zip_path: Path, files: dict[str, bytes], *,
                   force: bool) -> None:
    """Build folder and zip under temporary names in the same parent, then rename.

    Any failure (an OSError: read-only or special folder, disk full, a target that appeared
    meanwhile) removes what was written, puts an earlier dossier back (--force), and is one
    CadaError: exit 4 when a target is in the way, exit 1 otherwise."""
    parent = folder.parent
    tmp_dir: Path | None = None
    tmp_zip: Path | None = None
    old: Path | None = None
    placed = False  # the new folder is at `folder`
    try:
        tmp_dir = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=parent))
        tmp_zip = parent / f".{zip_path.name}.{tmp_dir.name[-8:]}.tmp"
        for name, data in files.items():
            with open(tmp_dir / name, "wb") as fh:
                fh.write(data)
                fh.flush()
                _fsync(fh)
        with zipfile.ZipFile(tmp_zip, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name, data in files.items():
                zf.writestr(f"{folder.name}/{name}", data)
        with open(tmp_zip, "rb+") as fh:
            _fsync(fh)
        if not force:
            for target in (folder, zip_path):
                if target.exists() or target.is_symlink():
                    raise ConflictError(M.ESCALATE_TARGET_APPEARED.format(path=target))
        if folder.exists():  # --force, an earlier dossier (checked before)
            old = parent / f".{folder.name}.old.{tmp_dir.name[-8:]}"
            folder.rename(old)
        tmp_dir.rename(folder)
        placed = True
        tmp_zip.replace(zip_path)
        fsync_dir(parent)
    except BaseException as exc:
        if placed:
            shutil.rmtree(folder, ignore_errors=True)
        if old is not None and not folder.exists():
            try:
                old.rename(folder)
                old = None
            except OSError:
                pass
        if tmp_dir is not None:
            shutil.rmtree(tmp_dir, ignore_errors=True)
        if tmp_zip is not None:
            tmp_zip.unlink(missing_ok=True)
        if not isinstance(exc, OSError):
            raise
        reason = exc.strerror or str(exc)
        if exc.errno in _TARGET_ERRNOS and (folder.exists() or zip_path.exists()):
            raise ConflictError(M.ESCALATE_WRITE_FAILED.format(
                folder=folder, parent=parent, reason=reason)) from None
        raise CadaError(M.ESCALATE_WRITE_FAILED.format(
            folder=folder, parent=parent, reason=reason)) from None
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _fsync(fh: Any) -> None:
    import os

    try:
        os.fsync(fh.fileno())
    except OSError:
        pass
