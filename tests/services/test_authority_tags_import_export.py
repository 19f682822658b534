"""Authorities that change (issue 11, point 8): `authority import --update`, `authority
export`, tags, and the `authority list` table."""

from __future__ import annotations

import pytest

HEADER = "name,slug,kind,email,address,department,prada,tags\r\n"


def _write(path, text: str):
    path.write_bytes(text.encode("utf-8"))
    return path


def _slugs(cada, *args: str) -> list[str]:
    return [a["slug"] for a in cada("authority", "list", *args, "--json").json["authorities"]]


# --- tags ------------------------------------------------------------------------------------


def test_tags_on_add_edit_show_list_and_json(cada):
    r = cada("authority", "add", "Ville de Montpellier", "--tag", "hérault", "--tag",
             "grandes  villes", "--tag", "hérault", "--json")
    assert r.code == 0, r.err
    assert r.json["tags"] == ["grandes villes", "hérault"]  # whitespace collapsed, once each
    assert cada("authority", "add", "Ville de Sète", "--tag", "hérault").code == 0
    assert cada("authority", "add", "Ville de Lyon").code == 0
    assert _slugs(cada, "--tag", "hérault") == ["ville-de-montpellier", "ville-de-sete"]
    r = cada("authority", "edit", "ville-de-sete", "--untag", "hérault", "--tag", "littoral",
             "--json")
    assert r.code == 0 and r.json["tags"] == ["littoral"], r.err
    r = cada("authority", "edit", "ville-de-lyon", "--email", "a@lyon.fr", "--json")
    assert r.json["tags"] == []  # an edit without --tag leaves the tags
    assert _slugs(cada, "--tag", "hérault") == ["ville-de-montpellier"]
    r = cada("authority", "show", "ville-de-montpellier")
    assert "tags:        grandes villes, hérault" in r.out.splitlines()
    assert cada("authority", "show", "ville-de-montpellier", "--json").json["tags"] == [
        "grandes villes", "hérault"]
    r = cada("authority", "list", "--tag", "Hérault")
    assert r.code == 0
    assert r.out.strip() == ("no authority has the tag 'Hérault'. Tags in use: grandes villes, "
                             "hérault, littoral.")
    assert cada("authority", "list", "--tag", "nope", "--json").json == {"authorities": []}


@pytest.mark.parametrize("tag", ["a;b", "", "   ", "x" * 61, "bell\x07"])
def test_a_bad_tag_is_refused(cada, tag):
    r = cada("authority", "add", "Ville de Sète", "--tag", tag)
    assert r.code == 2 and "tag" in r.err and r.err.count("\n") == 1, r.err
    assert _slugs(cada) == []


def test_removing_a_tag_the_authority_does_not_have_changes_nothing(cada):
    cada("authority", "add", "Ville de Sète", "--tag", "hérault")
    r = cada("authority", "edit", "ville-de-sete", "--tag", "littoral", "--untag", "gard",
             "--email", "a@sete.fr")
    assert r.code == 3 and "no tag 'gard'" in r.err and "hérault" in r.err, r.err
    after = cada("authority", "show", "ville-de-sete", "--json").json
    assert after["tags"] == ["hérault"] and after["email"] is None


def test_tags_column_of_the_csv(cada, tmp_path):
    f = _write(tmp_path / "a.csv", "name,tags\nVille de Sète,hérault; littoral\n"
                                   "Ville de Lyon,\n")
    r = cada("authority", "import", str(f), "--json")
    assert r.code == 0, r.err
    assert [a["tags"] for a in r.json["imported"]] == [["hérault", "littoral"], []]
    f = _write(tmp_path / "b.csv", "name,tags\nVille d'Agde,\"a;b\"\nVille de Nîmes,x\n")
    assert cada("authority", "import", str(f)).code == 0  # 'a;b' is two tags: a and b
    assert cada("authority", "show", "ville-d-agde", "--json").json["tags"] == ["a", "b"]
    f = _write(tmp_path / "c.csv", "name,tags\nVille d'Uzès,ok\nVille d'Alès," + "y" * 61
               + "\n")
    r = cada("authority", "import", str(f))
    assert r.code == 2 and "line 3" in r.err and "Nothing was imported" in r.err, r.err
    assert "ville-d-uzes" not in _slugs(cada)


# --- import --update ---------------------------------------------------------------------------


def test_import_update_creates_updates_and_leaves_unchanged(cada, tmp_path):
    first = _write(tmp_path / "first.csv",
                   "name,slug,email,department,tags\n"
                   "Ville de Montpellier,montpellier,a@montpellier.fr,34,hérault\n"
                   "Ville de Sète,sete,,34,hérault\n"
                   "Ville de Lyon,lyon,,69,\n")
    assert cada("authority", "import", str(first)).code == 0
    second = _write(tmp_path / "second.csv",
                    "name,slug,email,department,tags\n"
                    "Ville de Montpellier,montpellier,b@montpellier.fr,34,hérault;grandes villes\n"
                    "Ville de Sète,sete,,34,hérault\n"
                    "Ville de Lyon,lyon,,69,\n"
                    "Ville de Nîmes,nimes,,30,gard\n")
    r = cada("authority", "import", str(second), "--update")
    assert r.code == 0, r.err
    assert r.out.splitlines() == [
        f"{second}: 1 created, 1 updated, 2 unchanged.",
        "  montpellier: email, tags",
    ]
    third = _write(tmp_path / "third.csv",
                   "name,slug,email\nVille de Sète,sete,mairie@sete.fr\n"
                   "Ville de Montpellier,montpellier,b@montpellier.fr\nVille d'Agde,agde,\n")
    r = cada("authority", "import", str(third), "--update", "--json")
    assert r.code == 0, r.err
    data = r.json
    assert [a["slug"] for a in data["created"]] == ["agde"]
    assert [a["slug"] for a in data["updated"]] == ["sete"]
    assert [a["slug"] for a in data["unchanged"]] == ["montpellier"]
    assert data["changes"] == [{"slug": "sete", "fields": {
        "email": {"before": None, "after": "mairie@sete.fr"}}}]
    # the columns absent from the file (department, tags) are left as they were
    sete = cada("authority", "show", "sete", "--json").json
    assert sete["department"] == "34" and sete["tags"] == ["hérault"]
    assert data["updated"][0] == sete


def test_import_update_empty_cell_clears_a_field(cada, tmp_path):
    cada("authority", "add", "Ville de Sète", "--slug", "sete", "--email", "a@sete.fr",
         "--department", "34", "--tag", "hérault")
    f = _write(tmp_path / "a.csv", "name,slug,email,tags\nVille de Sète,sete,,\n")
    r = cada("authority", "import", str(f), "--update", "--json")
    assert r.code == 0, r.err
    assert r.json["changes"][0]["fields"] == {
        "email": {"before": "a@sete.fr", "after": None},
        "tags": {"before": ["hérault"], "after": []},
    }
    sete = cada("authority", "show", "sete", "--json").json
    assert sete["email"] is None and sete["tags"] == [] and sete["department"] == "34"


def test_import_without_update_keeps_refusing_an_existing_slug(cada, tmp_path):
    cada("authority", "add", "Ville de Sète", "--slug", "sete")
    f = _write(tmp_path / "a.csv", "name,slug\nVille de Lyon,lyon\nVille de Sète,sete\n")
    r = cada("authority", "import", str(f))
    assert r.code == 4 and "line 3" in r.err and "already exists" in r.err, r.err
    assert _slugs(cada) == ["sete"]
    r = cada("authority", "import", str(f), "--json")
    assert r.code == 4
    r = cada("authority", "import", str(tmp_path / "a.csv"), "--update", "--json")
    assert r.code == 0 and [a["slug"] for a in r.json["created"]] == ["lyon"]
    assert [a["slug"] for a in r.json["unchanged"]] == ["sete"]


def test_import_update_is_all_or_nothing(cada, tmp_path):
    cada("authority", "add", "Ville de Sète", "--slug", "sete")
    f = _write(tmp_path / "a.csv", "name,slug,email,department\n"
                                   "Ville de Sète,sete,mairie@sete.fr,34\n"
                                   "Ville de Lyon,lyon,,69\n"
                                   "Ville de Nulle Part,nulle,,99\n")
    r = cada("authority", "import", str(f), "--update")
    assert r.code == 2 and "line 4" in r.err and "Nothing was imported" in r.err, r.err
    assert _slugs(cada) == ["sete"]
    assert cada("authority", "show", "sete", "--json").json["email"] is None


def test_import_update_a_duplicate_slug_in_the_file_is_a_conflict(cada, tmp_path):
    f = _write(tmp_path / "a.csv", "name,slug\nA,same\nB,same\n")
    r = cada("authority", "import", str(f), "--update")
    assert r.code == 4 and "line 3" in r.err and "line 2" in r.err, r.err
    assert _slugs(cada) == []


# --- export ------------------------------------------------------------------------------------


def _tricky(cada) -> None:
    """Authorities with what a CSV must survive: line breaks, commas, quotes, accents, ';'."""
    for args in (
        ("authority", "add", "Ville de Montpellier", "--slug", "montpellier", "--kind",
         "commune", "--email", "cada@ville-montpellier.fr", "--department", "34", "--address",
         "Hôtel de Ville, Direction juridique\n1 place Georges Frêche\n34267 Montpellier Cedex 2",
         "--prada", "Mme Dupont, service « accès »", "--tag", "hérault", "--tag",
         "grandes villes"),
        ("authority", "add", 'Syndicat "Eau, Vie" de l\'Étang', "--slug", "syndicat-eau",
         "--address", 'Bâtiment "B"\r\n2 rue d\'Œdipe ; porte 3', "--department", "2A"),
        ("authority", "add", "Préfecture de l'Hérault", "--slug", "prefecture-34", "--kind",
         "prefecture", "--department", "34", "--tag", "État; services"[:4]),
        ("authority", "add", "Commune d'Ölüdeniz-sur-Mer", "--email", "müller@bücher.example"),
    ):
        r = cada(*args)
        assert r.code == 0, (args, r.err)


def test_export_csv_is_what_import_reads(cada, tmp_path):
    _tricky(cada)
    r = cada("authority", "export")
    assert r.code == 0, r.err
    assert r.out.startswith(HEADER.rstrip("\r\n"))
    assert '"Hôtel de Ville, Direction juridique\n1 place Georges Frêche\n' in r.out
    assert '"Syndicat ""Eau, Vie"" de l\'Étang"' in r.out
    assert "grandes villes;hérault" in r.out
    out = tmp_path / "authorities.csv"
    r = cada("authority", "export", "-o", str(out))
    assert r.code == 0 and r.out.strip() == f"wrote 4 authorities to {out}", r.err
    data = out.read_bytes()
    assert data.startswith(HEADER.encode()) and not data.startswith(b"\xef\xbb\xbf")
    lines = data.split(b"\r\n")
    assert lines[1].startswith(b"Commune d'\xc3\x96l\xc3\xbcdeniz")  # by slug: commune-d-...
    assert cada("authority", "export", "-o", str(out)).code == 4  # exists: --force
    assert cada("authority", "export", "-o", str(out), "--force").code == 0


@pytest.mark.sqlite_only("two homes, each with a database of its own (on a server both would name one database)")
def test_export_then_import_update_in_a_fresh_home_gives_the_same_file(cada, tmp_path):
    _tricky(cada)
    first = tmp_path / "first.csv"
    assert cada("authority", "export", "-o", str(first)).code == 0
    fresh = tmp_path / "fresh-home"
    r = cada("--home", str(fresh), "authority", "import", str(first), "--update", "--json")
    assert r.code == 0, r.err
    assert len(r.json["created"]) == 4 and r.json["updated"] == r.json["unchanged"] == []
    second = tmp_path / "second.csv"
    assert cada("--home", str(fresh), "authority", "export", "-o", str(second)).code == 0
    assert second.read_bytes() == first.read_bytes()
    # and the same authorities, field by field
    before = cada("authority", "export", "--format", "json").json
    after = cada("--home", str(fresh), "authority", "export", "--format", "json").json
    assert before == after and len(after["authorities"]) == 4
    montpellier = next(a for a in after["authorities"] if a["slug"] == "montpellier")
    assert montpellier["address"].split("\n")[0] == "Hôtel de Ville, Direction juridique"
    # importing it again changes nothing
    r = cada("--home", str(fresh), "authority", "import", str(first), "--update")
    assert r.out.splitlines() == [f"{first}: 0 created, 0 updated, 4 unchanged."]


def test_export_json_and_a_bad_format(cada):
    cada("authority", "add", "Ville de Sète", "--tag", "hérault")
    r = cada("authority", "export", "--format", "json")
    assert r.code == 0 and r.json["authorities"][0]["tags"] == ["hérault"]
    assert r.json == cada("authority", "list", "--json").json
    r = cada("authority", "export", "--format", "xlsx")
    assert r.code == 2 and "xlsx" in r.err and "csv, json" in r.err
    assert cada("authority", "export").out == HEADER.replace("\r\n", "\r\n") + (
        "Ville de Sète,ville-de-sete,,,,,,hérault\r\n")


def test_export_of_no_authority_is_the_header(cada):
    r = cada("authority", "export")
    assert r.code == 0 and r.out == HEADER


# --- the list table ----------------------------------------------------------------------------


def test_list_shows_email_and_department(cada):
    cada("authority", "add", "Ville de Montpellier", "--department", "34", "--email",
         "cada@ville-montpellier.fr")
    cada("authority", "add", "Région Guadeloupe", "--department", "971")
    lines = cada("authority", "list").out.splitlines()
    assert lines[0].split() == ["SLUG", "NAME", "DEP.", "E-MAIL"]  # no tags: no TAGS column
    assert lines[1].split() == ["region-guadeloupe", "Région", "Guadeloupe", "971", "-"]
    assert lines[2].split() == ["ville-de-montpellier", "Ville", "de", "Montpellier", "34",
                                "cada@ville-montpellier.fr"]
    cada("authority", "edit", "region-guadeloupe", "--tag", "outre-mer")
    assert cada("authority", "list").out.splitlines()[0].split()[-1] == "TAGS"


def test_list_of_no_authority_says_how_to_add_one(cada):
    r = cada("authority", "list")
    assert r.code == 0 and "cada authority add" in r.out




LONG = ("Établissement public territorial de bassin Vistre Vistrenque et Costières "
        "(syndicat mixte de gestion)")


def test_list_wraps_long_names_on_a_narrow_terminal_never_cuts(cada, terminal):
    cada("authority", "add", LONG, "--slug", "eptb-vistre", "--department", "30", "--email",
         "contact@eptb-vistre.fr", "--tag", "gard", "--tag", "eau et milieux aquatiques")
    cada("authority", "add", "Ville de Sète", "--department", "34")
    terminal(80)
    lines = cada("authority", "list").out.splitlines()
    assert all(len(line) <= 80 for line in lines), lines
    assert len(lines) > 3  # the name wrapped
    text = " ".join(" ".join(line.split()) for line in lines)
    for word in LONG.split() + ["contact@eptb-vistre.fr", "gard", "aquatiques,"]:
        assert word in text
    assert lines[1].split()[0] == "ville-de-sete"  # by name: 'V' sorts before 'É'
    assert lines[2].split()[0] == "eptb-vistre" and "contact@eptb-vistre.fr" in lines[2]
    # --wide, or a pipe: one whole line per authority
    wide = cada("authority", "list", "--wide").out.splitlines()
    assert len(wide) == 3 and LONG in wide[2]
    terminal(400)
    assert len(cada("authority", "list").out.splitlines()) == 3
