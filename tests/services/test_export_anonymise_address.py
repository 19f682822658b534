"""`cada export --anonymise` (issue 11 point 3/6): an address typed on one line with commas
("12 rue de la Loge, 34000 Montpellier") is printed by the letters on two lines; neither line
may remain in the anonymised export (found while reviewing issue 11, camp-finish)."""

from __future__ import annotations

import json


def test_a_one_line_address_is_left_out_of_the_frozen_letters(cada, tmp_path):
    assert cada("init", "--name", "Jeanne Dupont", "--email", "jeanne@example.org",
                "--address", "12 rue de la Loge, 34000 Montpellier").code == 0
    assert cada("authority", "add", "Ville de Sète", "--department", "34",
                "--email", "prada@example.org").code == 0
    assert cada("--today", "2025-07-01", "new", "-a", "ville-de-sete", "-s", "Caméras",
                "-d", "Liste des caméras", "--ref", "A-1").code == 0
    assert cada("--today", "2025-07-01", "log", "A-1", "sent").code == 0
    plain = cada("export").out
    assert "12 rue de la Loge\\n34000 Montpellier" in plain  # the letter, as frozen
    out = tmp_path / "anon.json"
    assert cada("export", "--anonymise", "-o", str(out)).code == 0
    text = out.read_text(encoding="utf-8")
    for secret in ("Jeanne Dupont", "jeanne@example.org", "12 rue de la Loge",
                   "34000 Montpellier"):
        assert secret not in text
    assert json.loads(text)["requests"][0]["letters"][0]["body"].startswith("[…]\n[…]\n[…]")
