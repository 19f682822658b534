"""The addressees that are reference data: the administrative court of a department (CJA
R221-3, `data/courts.json`) and the CADA's address (`data/cada.json`), each read once.

Both files say where they come from and that they must be checked against Légifrance.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from cada_tracker.domain.letters import Addressee
from cada_tracker.resources import data_path

COURT_PLACEHOLDER = (
    "Tribunal administratif de [à compléter : tribunal dans le ressort duquel l'autorité a son "
    "siège, article R312-1 du code de justice administrative]"
)
COURT_ATTENTION = "À l'attention de Madame la Présidente ou de Monsieur le Président"


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
def cada_addressee() -> Addressee:
    """The CADA: name, postal address lines, e-mail and website."""
    data = _read("cada.json")
    return Addressee(
        name=data["name"],
        address_lines=list(data["address_lines"]),
        email=data["email"],
        website=data["website"],
    )
