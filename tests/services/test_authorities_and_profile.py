"""`cada init`, `cada authority add|list|show|edit|import`."""

from __future__ import annotations

import pytest


def test_init_creates_home_and_profile(cada, cada_home, backend):
    r = cada("init", "--name", "Jeanne Dupont", "--email", "jeanne@example.org", "--json")
    assert r.code == 0, r.err
    assert r.json["profile"]["name"] == "Jeanne Dupont"
    assert cada_home.is_dir()
    assert (cada_home / "cada.db").exists() == (backend == "sqlite")  # else: on the server
    # running again edits without losing fields
    r = cada("init", "--address", "1 rue X, 34000 Montpellier", "--json")
    assert r.json["profile"]["email"] == "jeanne@example.org"
    assert r.json["profile"]["address"].startswith("1 rue X")


def test_init_without_name_first_time_is_usage_error(cada):
    r = cada("init", "--email", "a@b.fr")
    assert r.code == 2 and "name" in r.err and "Traceback" not in r.err


def test_authority_add_list_show_edit(cada):
    r = cada("authority", "add", "Ville de Montpellier", "--department", "34")
    assert r.code == 0 and r.out.strip() == "ville-de-montpellier"
    r = cada("authority", "add", "Préfecture de l'Hérault", "--slug", "prefecture-34",
             "--kind", "prefecture", "--department", "34", "--json")
    assert r.json["slug"] == "prefecture-34" and r.json["kind"] == "prefecture"
    r = cada("authority", "list", "--json")
    assert [a["slug"] for a in r.json["authorities"]] == ["prefecture-34", "ville-de-montpellier"]
    r = cada("authority", "edit", "ville-de-montpellier", "--email", "x@example.org", "--json")
    assert r.code == 0 and r.json["email"] == "x@example.org" and r.json["department"] == "34"
    r = cada("authority", "show", "ville-de-montpellier")
    assert "x@example.org" in r.out


def test_authority_duplicate_slug_is_conflict(cada):
    assert cada("authority", "add", "Ville de Montpellier").code == 0
    r = cada("authority", "add", "Ville de Montpellier")
    assert r.code == 4 and "already exists" in r.err


def test_unknown_authority_suggests_closest(cada):
    cada("authority", "add", "Ville de Montpellier")
    r = cada("authority", "show", "ville-de-montpelier")
    assert r.code == 3
    assert "ville-de-montpellier" in r.err and r.err.count("\n") == 1


def test_bad_department_is_usage_error(cada):
    r = cada("authority", "add", "Ville", "--department", "99")
    assert r.code == 2 and "INSEE" in r.err


def test_import_csv_all_or_nothing(cada, tmp_path):
    good = tmp_path / "a.csv"
    good.write_text(
        "name,slug,department,email\n"
        "Ville de Montpellier,ville-de-montpellier,34,a@example.org\n"
        "Eurométropole de Strasbourg,,67,\n",
        encoding="utf-8",
    )
    r = cada("authority", "import", str(good), "--json")
    assert r.code == 0, r.err
    assert [a["slug"] for a in r.json["imported"]] == [
        "ville-de-montpellier", "eurometropole-de-strasbourg"]
    bad = tmp_path / "b.csv"
    bad.write_text("name,department\nVille de Sète,34\nVille de Nulle Part,99\n", encoding="utf-8")
    r = cada("authority", "import", str(bad))
    assert r.code == 2 and "line 3" in r.err and "Nothing was imported" in r.err
    r = cada("authority", "list", "--json")
    assert len(r.json["authorities"]) == 2  # Sète (line 2) was not imported either


def test_import_csv_duplicate_of_existing_row_reports_line(cada, tmp_path):
    cada("authority", "add", "Ville de Montpellier")
    f = tmp_path / "c.csv"
    f.write_text("name\nVille de Sète\nVille de Montpellier\n", encoding="utf-8")
    r = cada("authority", "import", str(f))
    assert r.code == 4 and "line 3" in r.err
    assert len(cada("authority", "list", "--json").json["authorities"]) == 1


def test_import_csv_not_utf8(cada, tmp_path):
    f = tmp_path / "latin1.csv"
    f.write_bytes("name\nVille de Sète\n".encode("latin-1"))
    r = cada("authority", "import", str(f))
    assert r.code == 2 and "UTF-8" in r.err and "line 2" in r.err


@pytest.mark.parametrize(
    "content,needle",
    [(b"", "empty"), (b"nom,ville\nX,Y\n", "header"), (b"name,department\nA\n", "line 2")],
)
def test_import_csv_malformed(cada, tmp_path, content, needle):
    f = tmp_path / "x.csv"
    f.write_bytes(content)
    r = cada("authority", "import", str(f))
    assert r.code == 2 and needle in r.err and "Traceback" not in r.err


def test_import_csv_missing_file_and_directory(cada, tmp_path):
    assert cada("authority", "import", str(tmp_path / "nope.csv")).code == 3
    assert cada("authority", "import", str(tmp_path)).code == 2


def test_import_csv_line_numbers_count_blank_lines(cada, tmp_path):
    cada("authority", "add", "Ville de Montpellier")
    f = tmp_path / "blank.csv"
    f.write_text("name\n\nVille de Sète\n\nVille de Montpellier\n", encoding="utf-8")
    r = cada("authority", "import", str(f))
    assert r.code == 4 and "line 5" in r.err and "slug column" in r.err


def test_import_csv_quoted_line_breaks_are_kept_not_dropped(cada, tmp_path):
    # a quoted field may span lines (RFC 4180): an address keeps its line break, an e-mail with
    # one is refused (it was silently joined into another address, "a\nb@x" -> "ab@x")
    f = tmp_path / "quoted.csv"
    f.write_text('name,slug,address\nA,imp-a,"1 rue X\n34000 Montpellier"\n', encoding="utf-8")
    r = cada("authority", "import", str(f), "--json")
    assert r.code == 0, r.err
    assert r.json["imported"][0]["address"] == "1 rue X\n34000 Montpellier"
    f.write_text('name,slug,email\nB,imp-b,"a\nb@example.org"\n', encoding="utf-8")
    r = cada("authority", "import", str(f))
    assert r.code == 2 and "line 3" in r.err and "--email" in r.err, r.err
    assert "imp-b" not in cada("authority", "list").out


def test_import_csv_that_is_not_a_regular_file_never_blocks(cada, tmp_path):
    import os

    fifo = tmp_path / "fifo.csv"
    os.mkfifo(fifo)
    big = tmp_path / "big.csv"
    with open(big, "wb") as fh:
        fh.truncate(64 * 1024 * 1024 + 1)  # sparse: no disk used
    for path, words in ((fifo, "not a regular file"), ("/dev/zero", "not a regular file"),
                        (big, "larger than 64 MiB")):
        r = cada("authority", "import", str(path))
        assert r.code == 2 and words in r.err and "Nothing was imported" in r.err, r.err


def test_multi_line_postal_address_is_kept(cada):
    r = cada("init", "--name", "J", "--address", "1 rue X\n34000 Montpellier", "--json")
    assert r.code == 0 and r.json["profile"]["address"] == "1 rue X\n34000 Montpellier"


def test_authority_name_without_slug_material(cada):
    r = cada("authority", "add", "🚓")
    assert r.code == 2 and "--slug" in r.err
    assert cada("authority", "add", "🚓", "--slug", "police").code == 0
