"""The words around a letter: address blocks, the authority with its article ("la Ville de
Montpellier", "à la Ville de ..."), the requester's city, the place and date line, and the
sender and recipient blocks of the frame."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from cada_tracker.dates import french_long
from cada_tracker.services.letters.courts import COURT_ATTENTION, COURT_PLACEHOLDER, cada_addressee

if TYPE_CHECKING:
    from cada_tracker.storage.tables import Authority, Profile

PRADA_LABEL = "personne responsable de l'accès aux documents administratifs"


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


def requester_city(profile: Profile | None) -> str | None:
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


def place_date(profile: Profile | None, when: date) -> str:
    town = requester_city(profile)
    return f"À {town}, le {french_long(when)}" if town else f"Le {french_long(when)}"


def recipient(authority: Authority, kind: str, court: str | None) -> list[str]:
    """The recipient block: the CADA, the court, or the authority (to its PRADA)."""
    if kind == "saisine-cada":
        cada = cada_addressee()
        return [cada.name, *cada.address_lines]
    if kind == "recours-ta":
        return [court or COURT_PLACEHOLDER, COURT_ATTENTION]
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


def sender(profile: Profile) -> list[str]:
    lines = [profile.name, *address_lines(profile.address)]
    if profile.email:
        lines.append(profile.email)
    return lines
