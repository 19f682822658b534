"""The court of a recours-ta: from the authority's department (data/courts.json), or --court."""

from __future__ import annotations

import pytest

from tests.services.letters.helpers import REF, letter, log, ok, referred


def test_recours_ta_court_from_the_department(letter_home):
    referred(letter_home)
    out, err = letter(letter_home, "2020-09-01", REF, "recours-ta")  # authority in department 34
    assert "Tribunal administratif de Montpellier\nÀ l'attention de Madame la Présidente" in out
    assert "[à compléter : tribunal" not in out
    assert "R221-3" in err and "--court" in err
    # --court wins; no note then.
    out, err = letter(letter_home, "2020-09-01", REF, "recours-ta", "--court", "Tribunal administratif "
                      "de Nîmes")
    assert "Tribunal administratif de Nîmes" in out and "R221-3" not in err


def test_recours_ta_court_table():
    from cada_tracker.services.letters import court_table, default_court

    metropolitan = {f"{i:02d}" for i in range(1, 96) if i != 20} | {"2A", "2B"}
    overseas = {str(i) for i in range(971, 979)}  # 971-976, Saint-Barthélemy, Saint-Martin
    assert set(court_table()) == metropolitan | overseas
    assert default_court("34") == "Tribunal administratif de Montpellier"
    assert default_court("30") == "Tribunal administratif de Nîmes"
    assert default_court("45") == "Tribunal administratif d'Orléans"
    assert default_court("1") == "Tribunal administratif de Lyon"
    assert default_court("2a") == "Tribunal administratif de Bastia"
    assert default_court("971") == "Tribunal administratif de la Guadeloupe"
    assert default_court("977") == "Tribunal administratif de Saint-Barthélemy"
    assert default_court("978") == "Tribunal administratif de Saint-Martin"
    assert default_court("988") is None and default_court(None) is None


def test_recours_ta_without_department_keeps_the_placeholder(letter_home):
    ok(letter_home, "authority", "add", "Syndicat mixte", "--email", "s@example.org")
    ok(letter_home, "--today", "2020-02-07", "new", "--authority", "syndicat-mixte", "--subject", "x",
       "--ref", "2020-003")
    log(letter_home, "2020-02-07", "2020-003", "sent", "--on", "2020-02-07")
    log(letter_home, "2020-02-10", "2020-003", "received", "--on", "2020-02-10")
    log(letter_home, "2020-03-20", "2020-003", "cada-sent", "--on", "2020-03-20")
    log(letter_home, "2020-03-25", "2020-003", "cada-registered", "--on", "2020-03-25")
    out, err = letter(letter_home, "2020-09-01", "2020-003", "recours-ta")
    assert "Tribunal administratif de [à compléter" in out and "R221-3" not in err


def test_court_and_cada_data_files_say_where_they_come_from():
    import json

    from cada_tracker.resources import data_path
    from cada_tracker.services.letters import cada_addressee

    courts = json.loads(data_path("courts.json").read_text(encoding="utf-8"))
    assert "R221-3" in courts["_source"] and "Légifrance" in courts["_source"]
    departments = [d for court in courts["courts"] for d in court["departments"]]
    assert len(departments) == len(set(departments)), "a department in two courts"
    assert all(c["name"].startswith("Tribunal administratif d") for c in courts["courts"])
    cada = json.loads(data_path("cada.json").read_text(encoding="utf-8"))
    assert "Légifrance" in cada["_source"]
    addressee = cada_addressee()
    assert addressee.name == "Commission d'accès aux documents administratifs"
    assert addressee.address_lines == ["TSA 50730", "75334 Paris Cedex 07"]
    assert (addressee.email, addressee.website) == ("cada@cada.fr", "www.cada.fr")


@pytest.mark.parametrize("department, court", [
    ("977", "Tribunal administratif de Saint-Barthélemy"),
    ("978", "Tribunal administratif de Saint-Martin"),
])
def test_recours_ta_court_of_saint_barthelemy_and_saint_martin(letter_home, department, court):
    """Issue 9, point 11: the tribunal is named from CJA R221-3 and its seat, Basse-Terre, is
    written under its name; never the placeholder."""
    ok(letter_home, "authority", "add", "Collectivité d'outre-mer", "--email", "c@example.org",
       "--department", department)
    ok(letter_home, "--today", "2020-02-07", "new", "--authority", "collectivite-d-outre-mer",
       "--subject", "x", "--ref", "2020-003")
    log(letter_home, "2020-02-07", "2020-003", "sent", "--on", "2020-02-07")
    log(letter_home, "2020-02-10", "2020-003", "received", "--on", "2020-02-10")
    log(letter_home, "2020-03-20", "2020-003", "cada-sent", "--on", "2020-03-20")
    log(letter_home, "2020-03-25", "2020-003", "cada-registered", "--on", "2020-03-25")
    out, err = letter(letter_home, "2020-09-01", "2020-003", "recours-ta")
    assert f"{court}\nSiège : Basse-Terre\nÀ l'attention de Madame la Présidente" in out
    assert "[à compléter : tribunal" not in out
    assert court in err and department in err
