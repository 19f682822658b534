"""The addressees that are reference data: the administrative court of a department (CJA
R221-3, `data/courts.json`) and the CADA's address (`data/cada.json`), each read once.

Both files say where they come from and that they must be checked against Légifrance.
"""

from __future__ import annotations

import json
from functools import cache
from types import SimpleNamespace
from typing import Any

from cada_tracker.domain.letters import Addressee
from cada_tracker.resources import data_path

COURT_PLACEHOLDER = (
    "Tribunal administratif de [à compléter : tribunal dans le ressort duquel l'autorité a son "
    "siège, article R312-1 du code de justice administrative]"
)
COURT_ATTENTION = "À l'attention de Madame la Présidente ou de Monsieur le Président"
# A court whose postal address has no public source in data/courts.json: the user fills it.
COURT_ADDRESS_PLACEHOLDER = "[adresse du tribunal à compléter]"


def _read(name: str) -> Any:
    return json.loads(data_path(name).read_text(encoding="utf-8"))


@cache
def court_table() -> dict[str, str]:
    """The administrative court of each metropolitan department (INSEE code -> court name)."""
    return {
        department: court["name"]
        for court in _read("courts.json")["courts"]
        for department in court["departments"]
    }


def default_court(department: str | None) -> str | None:
    """The administrative court of a metropolitan department (CJA R221-3), or None.

    The competent court is in principle the one where the authority has its seat (CJA
    R312-1), so `recours-ta` uses it when `--court` is not given (and says so on stderr).
    """
    if not department:
        return None
    code = department.strip().upper()
    if code.isdigit() and len(code) == 1:
        code = "0" + code
    return court_table().get(code)


@cache
def court_entries() -> dict[str, dict[str, Any]]:
    """Each court of data/courts.json by name: its seat, departments, address and source."""
    return {court["name"]: court for court in _read("courts.json")["courts"]}


def court_addressee(name: str | None) -> SimpleNamespace:
    """The court of `recours-ta`: `.name` (the placeholder when unknown), `.seat` (its seat,
    CJA R221-3), `.address_lines` (from data/courts.json when an entry has a public source,
    else the placeholder line for the user to fill), `.address_source` (that source, or None).
    A court named with --court that the table does not hold gets the
    placeholder address too."""
    entry = court_entries().get(name or "")
    address = list(entry.get("address_lines") or []) if entry else []
    source = entry.get("address_source") if entry else None
    if not (address and source):
        address, source = [COURT_ADDRESS_PLACEHOLDER], None
    return SimpleNamespace(
        name=name or COURT_PLACEHOLDER,
        seat=entry.get("seat") if entry else None,
        address_lines=address,
        address_source=source,
    )


@cache
def cada_addressee() -> Addressee:
    """The CADA: name, postal address lines, e-mail and website."""
    data = _read("cada.json")
    return Addressee(
        name=data["name"],
        address_lines=list(data["address_lines"]),
        email=data["email"],
        website=data["website"],
    )
