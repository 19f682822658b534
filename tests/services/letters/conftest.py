"""Fixtures of the letter tests: a home with a profile, an authority and the 2020 request
(`letter_home`, on the one `cada` runner of tests/conftest.py), and the golden files.

Golden files (tests/golden/letters/) are rewritten only with --update-golden or
CADA_UPDATE_GOLDEN=1.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parents[2] / "golden" / "letters"


@pytest.fixture
def update_golden(request) -> bool:
    return bool(request.config.getoption("--update-golden")) or os.environ.get(
        "CADA_UPDATE_GOLDEN", "") not in ("", "0")


@pytest.fixture
def golden(update_golden):
    def check(name: str, actual: str) -> None:
        path = GOLDEN / name
        if update_golden or not path.exists():
            if not update_golden:
                pytest.fail(f"golden file {path} missing; run pytest --update-golden")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            return
        assert actual == path.read_text(encoding="utf-8"), (
            f"{name} differs from its golden file; if the change is wanted: pytest --update-golden"
        )

    return check


@pytest.fixture
def letter_home(cada):
    """The 2020 Montpellier request, drafted on 7 February 2020 (illustrative details)."""
    steps = [
        ("--today", "2020-02-07", "init", "--name", "Camille Durand", "--email",
         "camille.durand@example.org", "--address", "3 rue de la Loge, 34000 Montpellier"),
        ("authority", "add", "Ville de Montpellier", "--email", "cada@ville-montpellier.fr",
         "--address", "1 place Georges Frêche, 34267 Montpellier Cedex 2", "--department", "34"),
        ("--today", "2020-02-07", "new", "--authority", "ville-de-montpellier", "--subject",
         "Observatoire local de la tranquillité publique", "--ref", "2020-001",
         "--document", "la convention conclue avec la société Sûreté Globale pour le logiciel "
         "« Map Revelation »",
         "--document", "la liste des données que la ville prévoit d'intégrer à ce logiciel",
         "--document", "les comptes rendus du conseil local de sécurité et de prévention de la "
         "délinquance consacrés à l'observatoire"),
        ("--today", "2020-02-07", "log", "2020-001", "sent", "--on", "2020-02-07"),
        ("--today", "2020-02-10", "log", "2020-001", "received", "--on", "2020-02-10"),
    ]
    for args in steps:
        code, out, err = cada(*args)
        assert code == 0, (args, out, err)
    return cada
