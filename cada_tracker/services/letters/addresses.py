"""The words around a letter: address blocks, the authority with its article ("la Ville de
Montpellier", "à la Ville de ..."), the requester's city, the place and date line, and the
sender and recipient blocks of the frame."""

from __future__ import annotations

import re
from datetime import date
from types import SimpleNamespace
from typing import TYPE_CHECKING

from cada_tracker.dates import french_long
from cada_tracker.messages import letters as M
from cada_tracker.services.letters.courts import (
    COURT_ATTENTION,
    COURT_PLACEHOLDER,
    cada_addressee,
    court_addressee,
)

if TYPE_CHECKING:
    from cada_tracker.domain.authorities import AuthorityRecord, ProfileRecord

PRADA_LABEL = "personne responsable de l'accès aux documents administratifs"


def address_lines(address: str | None) -> list[str]:
    """The lines of a postal address: the lines as written when it has several (a comma
    inside one is kept: "Hôtel de Ville, Direction juridique"); an address on one line is cut
    at its commas ("1 rue X, 34000 Montpellier")."""
    if not address:
        return []
    text = address.strip()
    parts = text.split("\n") if "\n" in text else text.split(",")
    return [line for line in (p.strip().strip(",").strip() for p in parts) if line]


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
    first word, the bare name when unsure (docs/letters.md: override `authority.the`)."""
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


# --- the defendant of recours-ta and the subject inside a sentence (issue 9, point 9) --------
# A prefecture is a service of the State: before the court the party is the State, represented
# by the prefect of the department (CJA R431-10).
PREFECTURE_KINDS = frozenset({"prefecture", "préfecture"})
PREFET_PLACEHOLDER = "le préfet [à compléter : du département concerné]"


def defendant(name: str, kind: str | None) -> SimpleNamespace:
    """The party `recours-ta` is made against: `.the` ("la Ville de Montpellier", or "l'État,
    représenté par le préfet de l'Hérault"), `.to_the` (whom the court is asked to order:
    "à la Ville de Montpellier", "au préfet de l'Hérault"), `.of_the` (who bears the costs of
    L761-1 CJA: "de la Ville de Montpellier", "de l'État"), `.state` (a prefecture), `.prefet`."""
    words = name.split()
    first_word = words[0].lower() if words else ""
    is_prefecture = (kind or "").strip().lower() in PREFECTURE_KINDS or first_word in (
        "préfecture", "prefecture")
    if not is_prefecture:
        the, to_the = with_article(name)
        return SimpleNamespace(the=the, to_the=to_the, of_the=of_the(the), state=False,
                               prefet=None)
    if first_word in ("préfecture", "prefecture") and len(words) > 1:
        prefet = "le préfet " + " ".join(words[1:])  # "de l'Hérault", "du Nord", "de police"
    else:
        prefet = PREFET_PLACEHOLDER
    return SimpleNamespace(
        the=f"l'État, représenté par {prefet}",
        to_the="au " + prefet[3:],
        of_the="de l'État",
        state=True,
        prefet=prefet,
    )


def of_the(the: str) -> str:
    """"de" before a name with its article: "de la Ville...", "du ministère...", "des...",
    "de l'...", "d'Orange"."""
    low = the.lower()
    if low.startswith("le "):
        return "du " + the[3:]
    if low.startswith("les "):
        return "des " + the[4:]
    if low[:1] in "aeiouyéèêh" and not low.startswith(("la ", "l'", "l’")):
        return "d'" + the
    return "de " + the


def subject_in_sentence(subject: str, authority_name: str = "") -> str:
    """The subject as it reads after "relatifs à : ": its first letter in lower case when its
    first word is a capitalised common word ("Observatoire local..." -> "observatoire
    local..."); an acronym ("CLSPD"), a word with other capitals ("McKinsey") or a word of the
    authority's name ("Montpellier") is kept as typed."""
    words = subject.split()
    if not words:
        return subject
    head = words[0]
    letters = [c for c in head if c.isalpha()]
    if not letters or not head[0].isupper() or any(c.isupper() for c in letters[1:]):
        return subject
    if head.strip(",.;:") in authority_name.split():
        return subject
    return subject[0].lower() + subject[1:]


def requester_city(profile: ProfileRecord | None) -> str | None:
    """The profile's city, else the town of the last "NNNNN Town" line of its address."""
    if profile is None:
        return None
    if profile.city:
        return profile.city.strip()
    for line in reversed(address_lines(profile.address)):
        m = re.match(r"^\d{5}\s+(.+)$", line)
        if m:
            return re.sub(r"\s+cedex(\s+\d+)?$", "", m.group(1), flags=re.I).strip()
    return None


def place_date(profile: ProfileRecord | None, when: date) -> str:
    town = requester_city(profile)
    return f"À {town}, le {french_long(when)}" if town else f"Le {french_long(when)}"


def recipient(authority: AuthorityRecord, kind: str, court: str | None) -> list[str]:
    """The recipient block: the CADA, the court, or the authority (to its PRADA)."""
    if kind == "saisine-cada":
        cada = cada_addressee()
        return [cada.name, *cada.address_lines]
    if kind == "recours-ta":
        addressee = court_addressee(court)
        # a tribunal not sitting in the town it is named after (CJA R221-3: Saint-Barthélemy
        # and Saint-Martin sit at Basse-Terre) gets its seat under its name
        seat = [M.COURT_SEAT.format(seat=addressee.seat)] \
            if addressee.seat and addressee.seat not in addressee.name else []
        return [addressee.name or COURT_PLACEHOLDER, *seat, COURT_ATTENTION,
                *addressee.address_lines]
    a = authority
    lines = [a.name]
    if a.prada and "@" not in a.prada:
        lines.append(f"À l'attention de {a.prada}, {PRADA_LABEL}")
    elif a.prada:
        lines.append(f"À l'attention de la {PRADA_LABEL} ({a.prada})")
    else:
        lines.append(f"À l'attention de la {PRADA_LABEL}")
    lines.extend(address_lines(a.address))
    return lines


def sender(profile: ProfileRecord) -> list[str]:
    lines = [profile.name, *address_lines(profile.address)]
    if profile.email:
        lines.append(profile.email)
    return lines
