"""Campaigns (issue 11, points 1 and 2): one request to many authorities, created all or
nothing, sent together (each letter frozen), compared item by item.

The campaign of these tests goes to ten towns of Hérault (34). It is created on Tuesday 1 July
2025, sent on Wednesday 2 July 2025; two towns reply on Monday 21 July 2025."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import database_rows

TOWNS = ("Montpellier", "Béziers", "Sète", "Lunel", "Agde", "Frontignan", "Lattes", "Mauguio",
         "Castelnau-le-Lez", "Pézenas")
SLUGS = ("ville-de-montpellier", "ville-de-beziers", "ville-de-sete", "ville-de-lunel",
         "ville-de-agde", "ville-de-frontignan", "ville-de-lattes", "ville-de-mauguio",
         "ville-de-castelnau-le-lez", "ville-de-pezenas")
CREATED, SENT, REPLIED = "2025-07-01", "2025-07-02", "2025-07-21"  # Tue, Wed, Mon
SLUG = "videoprotection-34"


@pytest.fixture
def herault(cada):
    """A profile and the ten towns of Hérault, in the order of TOWNS."""
    assert cada("init", "--name", "Jeanne Dupont", "--email", "jeanne@example.org").code == 0
    for town in TOWNS:
        r = cada("authority", "add", f"Ville de {town}", "--department", "34",
                 "--email", "prada@example.org")
        assert r.code == 0, r.err
    return cada


def new(cada, *args: str, slug: str = SLUG, today: str = CREATED):
    return cada("--today", today, "campaign", "new", slug, "--title", "Vidéoprotection",
                "--subject", "Vidéoprotection urbaine", "--document", "Liste des caméras",
                "--document", "Marchés publics de vidéoprotection", *args)


def authorities(*slugs: str) -> list[str]:
    return [arg for slug in slugs for arg in ("--authority", slug)]


def references(cada, today: str = REPLIED) -> list[str]:
    r = cada("--today", today, "status", "--all", "--json")
    assert r.code == 0, r.err
    return sorted(row["reference"] for row in r.json["requests"])


def show(cada, slug: str = SLUG, today: str = REPLIED) -> dict:
    r = cada("--today", today, "campaign", "show", slug, "--json")
    assert r.code == 0, r.err
    return r.json


# --- end to end -------------------------------------------------------------------------------


def test_a_campaign_to_ten_towns_from_new_to_the_compared_replies(herault):
    cada = herault
    r = new(cada, *authorities(*SLUGS), "--json")
    assert r.code == 0, r.err
    refs = [f"{SLUG}-{n:03d}" for n in range(1, 11)]
    assert [c["reference"] for c in r.json["created"]] == refs
    assert [c["authority"]["slug"] for c in r.json["created"]] == list(SLUGS)
    assert r.json["campaign"]["documents_requested"] == [
        "Liste des caméras", "Marchés publics de vidéoprotection"]

    # each request as `cada new` creates one: its items, its draft letter, its campaign
    one = cada("--today", CREATED, "show", f"{SLUG}-002", "--json").json
    assert one["authority"]["name"] == "Ville de Béziers"
    assert one["subject"] == "Vidéoprotection urbaine"
    assert one["documents_requested"] == ["Liste des caméras",
                                          "Marchés publics de vidéoprotection"]
    assert one["state"] == "draft"
    letter = cada("--today", CREATED, "letter", f"{SLUG}-002")
    assert letter.code == 0, letter.err
    assert "Ville de Béziers" in letter.out and "1. Liste des caméras" in letter.out

    data = show(cada, today=CREATED)
    assert data["states"] == {"draft": 10}
    assert [i["outcomes"]["pending"] for i in data["items"]] == [10, 10]

    r = cada("--today", SENT, "campaign", "send", SLUG, "--json")
    assert r.code == 0, r.err
    assert r.json["sent"] == refs and r.json["skipped"] == [] and r.json["on"] == SENT
    for ref in (refs[0], refs[9]):
        sent = cada("--today", SENT, "show", ref, "--json").json
        assert [e["kind"] for e in sent["events"]] == ["sent"]
        assert [(lt["kind"], lt["date"], lt["origin"]) for lt in sent["letters"]] == [
            ("demande", SENT, "rendered")]
        assert sent["authority"]["name"] in sent["letters"][0]["body"]

    # two replies, item by item (Mon 21 Jul 2025)
    r = cada("--today", REPLIED, "log", refs[1], "reply", "--outcome", "partial", "--items", "1",
             "--refused-items", "2", "--grounds", "L311-5 2° d (sécurité publique)")
    assert r.code == 0, r.err
    r = cada("--today", REPLIED, "log", refs[4], "reply", "--outcome", "refused",
             "--refused-items", "1,2", "--grounds", "L311-6")
    assert r.code == 0, r.err

    data = show(cada)
    assert data["states"] == {"partial": 1, "refused": 1, "sent": 8}
    assert data["items"][0]["outcomes"] == {"received": 1, "refused": 1, "not-held": 0,
                                            "communicable": 0, "pending": 8}
    assert data["items"][1]["outcomes"] == {"received": 0, "refused": 2, "not-held": 0,
                                            "communicable": 0, "pending": 8}
    by_ref = {row["reference"]: row for row in data["requests"]}
    beziers = by_ref[refs[1]]["items"]
    assert [(i["outcome"], i["ground"], i["date"]) for i in beziers] == [
        ("received", None, REPLIED), ("refused", "L311-5 2° d (sécurité publique)", REPLIED)]
    assert [i["ground"] for i in by_ref[refs[4]]["items"]] == ["L311-6", "L311-6"]
    assert {i["outcome"] for i in by_ref[refs[0]]["items"]} == {"pending"}
    # the next action of each request is the one `cada show` gives (one derivation)
    for ref in (refs[0], refs[1]):
        alone = cada("--today", REPLIED, "show", ref, "--json").json["next_action"]
        assert by_ref[ref]["next_action"] == alone

    text = cada("--today", REPLIED, "campaign", "show", SLUG)
    assert text.code == 0, text.err
    assert "refused 2025-07-21 (L311-5 2° d (sécurité publique))" in text.out
    assert "1. received: 1, refused: 1, pending: 8" in text.out
    listed = cada("--today", REPLIED, "campaign", "list", "--json").json["campaigns"]
    assert [(c["slug"], c["requests"]) for c in listed] == [(SLUG, 10)]


def test_campaign_show_in_french(herault):
    cada = herault
    assert new(cada, *authorities(*SLUGS[:2])).code == 0
    r = cada("--lang", "fr", "--today", CREATED, "campaign", "show", SLUG)
    assert r.code == 0, r.err
    assert "Campagne videoprotection-34\u00a0: Vidéoprotection" in r.out
    assert "en attente\u00a0: 2" in r.out


# --- all or nothing ---------------------------------------------------------------------------


def nothing_created(cada) -> None:
    assert references(cada) == []
    assert cada("campaign", "list", "--json").json["campaigns"] == []


def test_a_bad_authority_anywhere_creates_nothing(herault):
    cada = herault
    r = new(cada, *authorities(SLUGS[0], "ville-de-nulle-part", SLUGS[1]))
    assert r.code == 3
    assert "ville-de-nulle-part" in r.err and "Nothing was created" in r.err
    assert len(r.err.strip().splitlines()) == 1
    nothing_created(cada)


def test_an_authority_given_twice_creates_nothing(herault):
    r = new(herault, *authorities(SLUGS[0], SLUGS[1], SLUGS[0]))
    assert r.code == 2 and "'ville-de-montpellier' is given twice" in r.err
    nothing_created(herault)


def test_an_existing_reference_creates_nothing(herault):
    cada = herault
    r = cada("--today", CREATED, "new", "-a", SLUGS[0], "-s", "Autre", "--ref", f"{SLUG}-002")
    assert r.code == 0, r.err
    r = new(cada, *authorities(*SLUGS[:3]))
    assert r.code == 4 and f"{SLUG}-002" in r.err
    assert references(cada) == [f"{SLUG}-002"]
    assert cada("campaign", "list", "--json").json["campaigns"] == []


@pytest.mark.parametrize("args, code, words", [
    ((), 2, "no authority given"),
    (("--authority", "ville-de-sete", "--tag", "x"), 2, "one way"),
])
def test_the_authorities_are_given_one_way(herault, args, code, words):
    r = new(herault, *args)
    assert r.code == code and words in r.err
    nothing_created(herault)


@pytest.mark.parametrize("slug", ["Videoprotection", "video--34", "a" * 41, "vidéo", "video-"])
def test_a_campaign_slug_is_validated_like_an_authority_slug(herault, slug):
    r = new(herault, *authorities(SLUGS[0]), slug=slug)
    assert r.code == 2 and "not a valid campaign slug" in r.err
    nothing_created(herault)


def test_a_campaign_slug_is_unique(herault):
    assert new(herault, *authorities(SLUGS[0])).code == 0
    r = new(herault, *authorities(SLUGS[1]))
    assert r.code == 4 and "already exists" in r.err
    assert references(herault) == [f"{SLUG}-001"]


# --- numbering, add, --ref-prefix ---------------------------------------------------------------


def test_add_continues_the_numbering_and_send_skips_what_was_sent(herault):
    cada = herault
    assert new(cada, *authorities(*SLUGS[:3])).code == 0
    assert cada("--today", SENT, "campaign", "send", SLUG).code == 0
    r = cada("--today", SENT, "campaign", "add", SLUG, *authorities(*SLUGS[3:5]), "--json")
    assert r.code == 0, r.err
    assert [c["reference"] for c in r.json["created"]] == [f"{SLUG}-004", f"{SLUG}-005"]
    added = cada("--today", SENT, "show", f"{SLUG}-004", "--json").json
    assert added["documents_requested"] == ["Liste des caméras",
                                            "Marchés publics de vidéoprotection"]
    # an authority already in the campaign: nothing added
    r = cada("--today", SENT, "campaign", "add", SLUG, *authorities(SLUGS[5], SLUGS[0]))
    assert r.code == 4 and f"already has request {SLUG}-001" in r.err
    assert len(references(cada)) == 5
    r = cada("--today", REPLIED, "campaign", "send", SLUG, "--json")
    assert r.code == 0, r.err
    assert r.json["sent"] == [f"{SLUG}-004", f"{SLUG}-005"]
    assert [s["reference"] for s in r.json["skipped"]] == [f"{SLUG}-00{n}" for n in (1, 2, 3)]
    r = cada("--today", REPLIED, "campaign", "send", SLUG)
    assert r.code == 4 and "no draft to send" in r.err
    r = cada("--today", REPLIED, "campaign", "add", "inconnue", *authorities(SLUGS[6]))
    assert r.code == 3 and "no campaign 'inconnue'" in r.err


def test_send_refuses_a_day_after_today_and_records_nothing(herault):
    cada = herault
    assert new(cada, *authorities(*SLUGS[:2])).code == 0
    r = cada("--today", SENT, "campaign", "send", SLUG, "--on", "2025-07-03")
    assert r.code == 4
    assert show(cada, today=SENT)["states"] == {"draft": 2}


def test_ref_prefix(herault):
    cada = herault
    r = new(cada, *authorities(*SLUGS[:2]), "--ref-prefix", "VP34", "--json")
    assert [c["reference"] for c in r.json["created"]] == ["VP34-001", "VP34-002"]
    r = cada("--today", CREATED, "campaign", "add", SLUG, *authorities(SLUGS[2]), "--json")
    assert [c["reference"] for c in r.json["created"]] == ["VP34-003"]
    r = new(cada, *authorities(SLUGS[3]), "--ref-prefix", "VP 34", slug="autre")
    assert r.code == 2 and "--ref-prefix" in r.err


# --- --tag ------------------------------------------------------------------------------------


def tag(home: Path, slug: str, name: str) -> None:
    """Tag an authority in the table authority_tag (its commands come from another part of
    issue 11: the campaign reads the table)."""
    ((authority_id,),) = database_rows("SELECT id FROM authority WHERE slug = ?", (slug,))
    database_rows("INSERT INTO authority_tag (authority_id, tag) VALUES (?, ?)",
                  (authority_id, name))


def test_tag_takes_every_authority_tagged(herault, cada_home):
    for slug in (SLUGS[4], SLUGS[0], SLUGS[9]):
        tag(cada_home, slug, "littoral-et-metropole")
    tag(cada_home, SLUGS[1], "autre")
    r = new(herault, "--tag", "littoral-et-metropole", "--json")
    assert r.code == 0, r.err
    assert [c["authority"]["slug"] for c in r.json["created"]] == sorted(
        (SLUGS[4], SLUGS[0], SLUGS[9]))
    r = new(herault, "--tag", "personne", slug="autre")
    assert r.code == 3 and "no authority is tagged 'personne'" in r.err


# --- --authorities FILE.csv ---------------------------------------------------------------------


def test_authorities_csv_by_slug_or_by_name(herault, tmp_path):
    by_slug = tmp_path / "slugs.csv"
    by_slug.write_text("name;slug;department\nVille de Sète;ville-de-sete;34\n\n"
                       "Ville de Agde;ville-de-agde;34\n", encoding="utf-8")
    r = new(herault, "--authorities", str(by_slug), "--json")
    assert r.code == 0, r.err
    assert [c["authority"]["slug"] for c in r.json["created"]] == ["ville-de-sete",
                                                                  "ville-de-agde"]
    by_name = tmp_path / "names.csv"
    by_name.write_text("\ufeffname,email\nVille de Pézenas,x@example.org\n\"Ville de Lunel\",\n",
                       encoding="utf-8")
    r = new(herault, "--authorities", str(by_name), "--json", slug="par-nom")
    assert r.code == 0, r.err
    assert [c["authority"]["slug"] for c in r.json["created"]] == ["ville-de-pezenas",
                                                                  "ville-de-lunel"]


@pytest.mark.parametrize("content, code, words", [
    (b"slug\nville-de-sete\nville-de-nulle-part\n", 3, "line 3: no authority 'ville-de-nulle-part'"),
    (b"slug,name\nville-de-sete,X\n,Ville de Lunel\n", 2, "line 3: the 'slug' cell is empty"),
    (b"slug\nville-de-sete\nville-de-sete\n", 2, "given twice"),
    (b"ville,code\nville-de-sete,34\n", 2, "neither a 'slug' nor a 'name' column"),
    (b"slug\n", 2, "names no authority"),
    (b"", 2, "is empty"),
    (b"slug\nville-de-s\xe8te\n", 2, "is not UTF-8 text (line 2)"),
])
def test_bad_authorities_csv_creates_nothing(herault, tmp_path, content, code, words):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    r = new(herault, "--authorities", str(path))
    assert r.code == code, r.err
    assert words in r.err and len(r.err.strip().splitlines()) == 1
    nothing_created(herault)


def test_authorities_csv_that_is_not_a_regular_file(herault, tmp_path):
    import os

    fifo = tmp_path / "fifo.csv"
    os.mkfifo(fifo)  # never opened for reading: nothing blocks
    for path, code, words in ((fifo, 2, "not a regular file"),
                              (Path("/dev/null"), 2, "not a regular file"),
                              (tmp_path, 2, "is a directory"),
                              (tmp_path / "missing.csv", 3, "no such file")):
        r = new(herault, "--authorities", str(path))
        assert r.code == code, (path, r.err)
        assert words in r.err and "--authorities" in r.err
    nothing_created(herault)


# --- --template -------------------------------------------------------------------------------

TEMPLATE = """{% extends "cada/demande.j2" %}
{% block body %}
Madame, Monsieur,

Dans le cadre d'une campagne adressée aux communes de l'Hérault, je vous prie de me communiquer :

{% for item in items %}
{{ item.number }}. {{ item.description }}
{% endfor %}
{% endblock %}
"""


def test_the_campaign_template_renders_every_demande_and_the_frozen_copy(herault, tmp_path):
    cada = herault
    path = tmp_path / "campagne.j2"
    path.write_text(TEMPLATE, encoding="utf-8")
    r = new(cada, *authorities(*SLUGS[:2]), "--template", str(path), "--json")
    assert r.code == 0, r.err
    assert r.json["campaign"]["own_template"] is True
    path.unlink()  # stored with the campaign, not read again
    for ref in (f"{SLUG}-001", f"{SLUG}-002"):
        letter = cada("--today", CREATED, "letter", ref, "demande")
        assert letter.code == 0, letter.err
        assert "adressée aux communes de l'Hérault" in letter.out
        assert "2. Marchés publics de vidéoprotection" in letter.out
    assert cada("--today", SENT, "campaign", "send", SLUG).code == 0
    body = cada("--today", SENT, "show", f"{SLUG}-001", "--json").json["letters"][0]["body"]
    assert "adressée aux communes de l'Hérault" in body
    # a request outside the campaign keeps the packaged letter
    assert cada("--today", CREATED, "new", "-a", SLUGS[3], "-s", "Autre", "--ref", "A-1").code == 0
    assert "adressée aux communes" not in cada("--today", CREATED, "letter", "A-1").out


@pytest.mark.parametrize("text, code, words", [
    ("Bonjour {{ inconnue }}\n", 1, "campaign videoprotection-34 (--template), line 1"),
    ("{% if %}\n", 1, "syntax error"),
    ("   \n", 2, "is empty"),
])
def test_a_template_that_does_not_render_creates_nothing(herault, tmp_path, text, code, words):
    path = tmp_path / "t.j2"
    path.write_text(text, encoding="utf-8")
    r = new(herault, *authorities(*SLUGS[:3]), "--template", str(path))
    assert r.code == code, r.err
    assert words in r.err
    nothing_created(herault)


def test_a_template_file_that_is_not_there(herault, tmp_path):
    r = new(herault, *authorities(SLUGS[0]), "--template", str(tmp_path / "absent.j2"))
    assert r.code == 3 and "--template" in r.err
    nothing_created(herault)


# --- cada letter REF --from-file -----------------------------------------------------------------


def test_from_file_replaces_the_draft_until_it_is_sent(herault, tmp_path):
    cada = herault
    assert new(cada, *authorities(*SLUGS[:2])).code == 0
    own = tmp_path / "lettre.txt"
    own.write_text("Madame la Maire,\n\nMa propre lettre.\n", encoding="utf-8")
    ref = f"{SLUG}-001"
    r = cada("--today", CREATED, "letter", ref, "--from-file", str(own), "--json")
    assert r.code == 0, r.err
    assert r.json["origin"] == "user" and r.json["body"] == own.read_text(encoding="utf-8")
    printed = cada("--today", CREATED, "letter", ref)
    assert printed.out == own.read_text(encoding="utf-8")
    assert "your own text" in printed.err
    assert "Ma propre lettre" not in cada("--today", CREATED, "letter", f"{SLUG}-002").out
    assert cada("--today", SENT, "campaign", "send", SLUG).code == 0
    letters = cada("--today", SENT, "show", ref, "--json").json["letters"]
    assert [(lt["origin"], lt["body"]) for lt in letters] == [
        ("user", "Madame la Maire,\n\nMa propre lettre.\n")]
    other = cada("--today", SENT, "show", f"{SLUG}-002", "--json").json["letters"]
    assert other[0]["origin"] == "rendered"
    r = cada("--today", SENT, "letter", ref, "--from-file", str(own))
    assert r.code == 4 and "frozen" in r.err


def test_from_file_on_a_request_made_alone(montpellier, cada, tmp_path):
    own = tmp_path / "lettre.txt"
    own.write_text("Texte à moi.\n", encoding="utf-8")
    assert cada("--today", "2020-02-07", "letter", montpellier, "--from-file", str(own)).code == 0
    assert cada("--today", "2020-02-07", "log", montpellier, "sent").code == 0
    body = cada("--today", "2020-02-07", "show", montpellier, "--json").json["letters"][0]
    assert (body["body"], body["origin"]) == ("Texte à moi.\n", "user")


def test_from_file_bad_inputs(herault, tmp_path):
    import os

    cada = herault
    assert new(cada, *authorities(SLUGS[0])).code == 0
    ref = f"{SLUG}-001"
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"ok\n\x00\n")
    latin = tmp_path / "latin.txt"
    latin.write_bytes(b"caf\xe9\n")
    good = tmp_path / "good.txt"
    good.write_text("Bonjour\n", encoding="utf-8")
    for args, code, words in (
        (("--from-file", str(fifo)), 2, "not a regular file"),
        (("--from-file", "/dev/null"), 2, "not a regular file"),
        (("--from-file", str(tmp_path / "absent")), 3, "no such file"),
        (("--from-file", str(binary)), 2, "control characters (line 2)"),
        (("--from-file", str(latin)), 2, "not UTF-8 text (line 1)"),
        (("relance", "--from-file", str(good)), 2, "takes no KIND"),
        (("--from-file", str(good), "--format", "pdf"), 2, "takes no KIND"),
    ):
        r = cada("--today", CREATED, "letter", ref, *args)
        assert r.code == code, (args, r.err)
        assert words in r.err and "--from-file" in r.err
    assert cada("--today", CREATED, "letter", "nulle-part", "--from-file", str(good)).code == 3
    # nothing was replaced
    assert "Bonjour" not in cada("--today", CREATED, "letter", ref).out


# --- cada new -a A -a B, cada status --campaign ----------------------------------------------------


def test_new_with_two_authorities_is_a_usage_error_pointing_to_campaigns(herault):
    r = herault("--today", CREATED, "new", "-a", SLUGS[0], "-a", SLUGS[1], "-s", "X")
    assert r.code == 2
    assert "campaign new" in r.err and SLUGS[0] in r.err and SLUGS[1] in r.err
    assert references(herault) == []


def test_status_campaign_filters_the_table_and_the_json(herault):
    cada = herault
    assert new(cada, *authorities(*SLUGS[:3])).code == 0
    assert new(cada, *authorities(*SLUGS[3:5]), slug="autre").code == 0
    assert cada("--today", CREATED, "new", "-a", SLUGS[0], "-s", "Seule", "--ref", "S-1").code == 0
    r = cada("--today", CREATED, "status", "--campaign", "autre", "--json")
    assert r.code == 0, r.err
    assert sorted(row["reference"] for row in r.json["requests"]) == ["autre-001", "autre-002"]
    r = cada("--today", CREATED, "status", "--campaign", SLUG, "--authority", SLUGS[1], "--json")
    assert [row["reference"] for row in r.json["requests"]] == [f"{SLUG}-002"]
    text = cada("--today", CREATED, "status", "--campaign", SLUG)
    assert text.code == 0 and f"{SLUG}-003" in text.out and "autre-001" not in text.out
    r = cada("--today", CREATED, "status", "--campaign", "videoprotection")
    assert r.code == 3 and "Did you mean: videoprotection-34" in r.err
