"""`cada export` and `cada import` (issue 11, point 6): lossless round trips through a fresh
home, conflicts and --merge, the blobs verified by SHA-256, the CSV, and every bad input."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from pathlib import Path

import pytest

from tests.services.documents.helpers import make_pdf, make_zip, service_context


def ok(cada, *args):
    r = cada(*args)
    assert r.code == 0, (args, r.err)
    return r


def _campaign_and_tags(home: Path) -> None:
    """A campaign and authority tags: written on the tables (the campaign commands are
    another point of the issue), as `cada campaign new` and `authority --tag` record them."""
    from datetime import UTC, date, datetime

    from sqlmodel import select

    from cada_tracker.storage.tables import (
        Authority,
        AuthorityTag,
        Campaign,
        CampaignDocument,
        Request,
    )

    ctx = service_context(home)
    with ctx.transaction() as session:
        campaign = Campaign(slug="videosurveillance", title="Vidéosurveillance",
                            subject="Caméras", ref_prefix="VS", template=None,
                            note="Hérault", created_on=date(2021, 1, 4),
                            created_at=datetime(2021, 1, 4, 9, 30, tzinfo=UTC))
        session.add(campaign)
        session.flush()
        for n, text in enumerate(["Liste des caméras", "Contrats"], start=1):
            session.add(CampaignDocument(campaign_id=campaign.id, position=n, description=text))
        for ref in ("VS-001", "VS-002"):
            row = session.exec(select(Request).where(Request.reference == ref)).one()
            row.campaign_id = campaign.id
            session.add(row)
        for slug, tag in (("ville-de-montpellier", "herault"), ("ville-de-montpellier", "metropole"),
                          ("ville-de-sete", "herault")):
            aid = session.exec(select(Authority.id).where(Authority.slug == slug)).one()
            session.add(AuthorityTag(authority_id=aid, tag=tag))


@pytest.fixture
def rich(cada, montpellier, cada_home, tmp_path):
    """A home with a campaign of two requests, authority tags, item outcomes, frozen letters,
    documents (a PDF, a ZIP and its members), findings with evidence, and legal-aid dates."""
    ok(cada, "authority", "add", "Ville de Sète", "--department", "34")
    ok(cada, "--today", "2020-02-07", "log", montpellier, "sent")
    for ref, slug in (("VS-001", "ville-de-montpellier"), ("VS-002", "ville-de-sete")):
        ok(cada, "--today", "2021-01-04", "new", "-a", slug, "-s", "Caméras", "--ref", ref,
           "-d", "Liste des caméras", "-d", "Contrats", "-d", "Analyses d'impact",
           "--open-format")
        ok(cada, "--today", "2021-01-04", "log", ref, "sent", "--note", "par courriel")
    ok(cada, "--today", "2021-01-06", "log", "VS-001", "received")
    ok(cada, "--today", "2021-02-01", "log", "VS-001", "reply", "--outcome", "partial",
       "--items", "1", "--refused-items", "2", "--grounds", "L311-5 2° d",
       "--not-held-items", "3")
    ok(cada, "--today", "2021-03-01", "log", "VS-002", "cada-sent", "--channel", "post")
    pdf = make_pdf(tmp_path / "reponse.pdf", ["Courrier.", "La ville a 42 caméras."])
    ok(cada, "--today", "2021-02-02", "attach", "VS-001", pdf, "--event", "reply")
    archive = make_zip(tmp_path / "annexes.zip", {"a.txt": b"annexe A", "b.csv": b"x;y\n1;2\n"})
    ok(cada, "--today", "2021-02-02", "attach", "VS-001", archive)
    ok(cada, "finding", "add", "42 caméras", "--summary", "Chiffre", "--request", "VS-001",
       "--tag", "cameras", "--tag", "herault")
    ok(cada, "finding", "evidence", "1", "--document", "1", "--page", "2", "--quote",
       "42 caméras")
    ok(cada, "finding", "add", "Sans lien")
    _campaign_and_tags(cada_home)
    return cada_home


def export(cada, *args, home: Path | None = None) -> dict:
    r = ok(cada, *(("--home", home) if home else ()), "export", *args)
    return json.loads(r.out)


def _keys(value) -> list[str]:
    if isinstance(value, dict):
        return [k for k, v in value.items() for k in (k, *_keys(v))]
    if isinstance(value, list):
        return [k for v in value for k in _keys(v)]
    return []


def round_trip(cada, tmp_path: Path, source: Path, *extra: str) -> tuple[str, str]:
    """Export `source` (with its blobs), import into a fresh home, export again: both texts."""
    first = tmp_path / "first.json"
    docs = tmp_path / "blobs"
    ok(cada, "--home", source, "export", "-o", first, "--with-documents", docs, *extra)
    fresh = tmp_path / "fresh"
    ok(cada, "--home", fresh, "import", first, "--documents", docs)
    second = ok(cada, "--home", fresh, "export", *extra).out
    return first.read_text(encoding="utf-8"), second


# --- lossless round trips ----------------------------------------------------------------------


def test_demo_home_round_trips_to_the_same_document(cada, demo_home, tmp_path):
    first, second = round_trip(cada, tmp_path, demo_home)
    assert first == second
    data = json.loads(first)
    assert data["format"] == "cada-export" and data["version"] == 1
    assert data["profile"] is not None and data["findings"] and data["files"]
    # the derived facts are recomputed, not exported: the same status in both homes
    before = ok(cada, "--home", demo_home, "--today", "2026-11-28", "status", "--all", "--json")
    after = ok(cada, "--home", tmp_path / "fresh", "--today", "2026-11-28", "status", "--all",
               "--json")
    assert before.json == after.json
    assert "deadlines" not in first and "next_action" not in first


@pytest.mark.sqlite_only("two homes, each with a database of its own (on a server both would name one database)")
def test_rich_home_round_trips_with_campaign_outcomes_findings_and_documents(
        cada, rich, tmp_path):
    first, second = round_trip(cada, tmp_path, rich)
    assert first == second
    data = json.loads(first)
    (campaign,) = data["campaigns"]
    assert campaign["slug"] == "videosurveillance"
    assert campaign["documents"] == ["Liste des caméras", "Contrats"]
    by_ref = {r["reference"]: r for r in data["requests"]}
    assert by_ref["VS-001"]["campaign"] == "videosurveillance"
    assert by_ref["2020-001"]["campaign"] is None
    reply = next(e for e in by_ref["VS-001"]["events"] if e["kind"] == "reply")
    assert reply["items"] == [
        {"item": 1, "outcome": "received", "ground": None},
        {"item": 2, "outcome": "refused", "ground": "L311-5 2° d"},
        {"item": 3, "outcome": "not-held", "ground": None},
    ]
    sent = next(e for e in by_ref["VS-002"]["events"] if e["kind"] == "cada-sent")
    assert sent["channel"] == "post"
    frozen = [x for x in by_ref["VS-001"]["letters"] if x["frozen"]]
    assert frozen and all(x["sha256"] == hashlib.sha256(x["body"].encode()).hexdigest()
                          for x in frozen)
    assert frozen[0]["origin"] == "rendered" and frozen[0]["event"] == 1
    docs = by_ref["VS-001"]["documents"]
    assert [d["name"] for d in docs] == ["reponse.pdf", "annexes.zip", "a.txt", "b.csv"]
    assert docs[0]["event"] == 3 and [d["parent"] for d in docs] == [None, None, 2, 2]
    tags = {a["slug"]: a["tags"] for a in data["authorities"]}
    assert tags == {"ville-de-montpellier": ["herault", "metropole"], "ville-de-sete": ["herault"]}
    f = data["findings"][0]
    assert f["requests"] == ["VS-001"] and f["tags"] == ["cameras", "herault"]
    assert f["evidence"][0]["request"] == "VS-001" and f["evidence"][0]["document"] == 1
    assert not [k for k in _keys(data) if k == "id" or k.endswith("_id")]  # no database id
    # the blobs are in the new store, verified by hash; search finds the text again
    fresh = tmp_path / "fresh"
    check = ok(cada, "--home", fresh, "check", "--json").json
    assert check["ok"] and check["files"] == len(data["files"])
    hits = ok(cada, "--home", fresh, "search", "caméras", "--json").json["hits"]
    assert {h["kind"] for h in hits} >= {"document", "finding", "request", "letter"}
    # the index written by the import is the one a rebuild makes
    ok(cada, "--home", fresh, "search", "--reindex")
    assert ok(cada, "--home", fresh, "search", "caméras", "--json").json["hits"] == hits
    for sha in (d["sha256"] for d in docs):
        path = fresh / "documents" / sha[:2] / sha[2:4] / sha
        assert hashlib.sha256(path.read_bytes()).hexdigest() == sha


def test_campaign_export_holds_only_that_campaign_and_round_trips(cada, rich, tmp_path):
    data = export(cada, "--campaign", "videosurveillance")
    assert data["campaign"] == "videosurveillance"
    assert [r["reference"] for r in data["requests"]] == ["VS-001", "VS-002"]
    assert [f["title"] for f in data["findings"]] == ["42 caméras"]
    assert {a["slug"] for a in data["authorities"]} == {"ville-de-montpellier", "ville-de-sete"}
    first, second = round_trip(cada, tmp_path, rich, "--campaign", "videosurveillance")
    assert first == second


@pytest.mark.sqlite_only("two homes, each with a database of its own (on a server both would name one database)")
def test_import_into_a_home_with_other_data_keeps_both(cada, rich, tmp_path):
    """The export names nothing by database id: a home with its own requests takes it."""
    out = tmp_path / "e.json"
    ok(cada, "export", "-o", out, "--with-documents", tmp_path / "blobs")
    other = tmp_path / "other"
    ok(cada, "--home", other, "init", "--name", "Jeanne Dupont", "--email", "jeanne@example.org",
       "--address", "1 rue de la Loge")
    ok(cada, "--home", other, "authority", "add", "Préfecture de l'Hérault")
    ok(cada, "--home", other, "--today", "2022-01-01", "new", "-a", "prefecture-de-l-herault",
       "-s", "Drones", "--ref", "P-1", "-d", "Arrêtés")
    ok(cada, "--home", other, "finding", "add", "Ici")
    # the profile differs (an address here): --merge keeps this home's
    r = cada("--home", other, "import", out, "--documents", tmp_path / "blobs", "--merge",
             "--json")
    assert r.code == 0, r.err
    assert r.json["imported"]["requests"] == 3 and r.json["differs"] == [
        {"kind": "profile", "key": "Jeanne Dupont"}]
    refs = [x["reference"] for x in ok(cada, "--home", other, "status", "--all", "--json")
            .json["requests"]]
    assert sorted(refs) == ["2020-001", "P-1", "VS-001", "VS-002"]
    again = export(cada, "--campaign", "videosurveillance", home=other)
    mine = export(cada, "--campaign", "videosurveillance")
    assert again["profile"] != mine["profile"]  # this home's own, kept
    assert {**again, "profile": None} == {**mine, "profile": None}


# --- conflicts and --merge ---------------------------------------------------------------------


def test_same_reference_with_other_content_is_refused_and_nothing_imported(
        cada, rich, tmp_path):
    out = tmp_path / "e.json"
    ok(cada, "export", "-o", out, "--with-documents", tmp_path / "blobs")
    data = json.loads(out.read_text())
    target = tmp_path / "target"
    ok(cada, "--home", target, "import", out, "--documents", tmp_path / "blobs")
    ok(cada, "--home", target, "--today", "2021-03-01", "log", "2020-001", "received")
    before = ok(cada, "--home", target, "export").out
    data["requests"].append({**data["requests"][0], "reference": "NEW-1"})
    data["requests"][0]["events"] = data["requests"][0]["events"][:1]
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(data), encoding="utf-8")
    r = cada("--home", target, "import", edited, "--documents", tmp_path / "blobs")
    assert r.code == 4
    assert "request 2020-001" in r.err and "--merge" in r.err and len(r.err.splitlines()) == 1
    assert ok(cada, "--home", target, "export").out == before  # nothing imported
    # --merge: NEW-1 is added, 2020-001 reported and kept as it is here
    r = cada("--home", target, "import", edited, "--documents", tmp_path / "blobs", "--merge")
    assert r.code == 0, r.err
    assert "request 2020-001" in r.out
    after = json.loads(ok(cada, "--home", target, "export").out)
    by_ref = {x["reference"]: x for x in after["requests"]}
    assert "NEW-1" in by_ref
    assert [e["kind"] for e in by_ref["2020-001"]["events"]] == ["sent", "received"]


@pytest.mark.sqlite_only("two homes, each with a database of its own (on a server both would name one database)")
def test_the_same_authority_typed_in_two_homes_is_the_same_record(cada, montpellier, tmp_path):
    """When a record was typed in is not what it says: created_at is not compared."""
    out = tmp_path / "e.json"
    ok(cada, "export", "-o", out)
    other = tmp_path / "other"
    ok(cada, "--home", other, "authority", "add", "Ville de Montpellier", "--department", "34",
       "--email", "contact@example.org")
    r = ok(cada, "--home", other, "import", out, "--json")
    assert r.json["differs"] == [] and r.json["unchanged"] == 1
    assert r.json["imported"]["requests"] == 1 and r.json["imported"]["authorities"] == 0
    ok(cada, "--home", other, "authority", "edit", "ville-de-montpellier", "--department", "30")
    r = cada("--home", other, "import", out)
    assert r.code == 4 and "authority ville-de-montpellier" in r.err


def test_importing_the_same_file_twice_changes_nothing(cada, montpellier, tmp_path):
    out = tmp_path / "e.json"
    ok(cada, "export", "-o", out)
    r = ok(cada, "import", out, "--json")
    assert r.json["imported"]["requests"] == 0 and r.json["unchanged"] == 3
    assert r.json["differs"] == []


# --- the blobs ----------------------------------------------------------------------------------


@pytest.fixture
def exported(cada, rich, tmp_path):
    out = tmp_path / "e.json"
    ok(cada, "export", "-o", out, "--with-documents", tmp_path / "blobs")
    return out, tmp_path / "blobs"


def _nothing_in(home: Path) -> None:
    assert not (home / "cada.db").exists() or not any(
        p.is_file() and p.name != ".lock" for p in (home / "documents").rglob("*"))


@pytest.mark.sqlite_only("two homes, each with a database of its own (on a server both would name one database)")
def test_a_blob_whose_hash_does_not_match_is_refused(cada, exported, tmp_path):
    out, blobs = exported
    victim = sorted(blobs.iterdir())[0]
    victim.write_bytes(b"not the file")
    target = tmp_path / "target"
    r = cada("--home", target, "import", out, "--documents", blobs)
    assert r.code == 2 and "SHA-256" in r.err and len(r.err.splitlines()) == 1
    _nothing_in(target)
    assert not ok(cada, "--home", target, "status", "--all", "--json").json["requests"]


@pytest.mark.sqlite_only("two homes, each with a database of its own (on a server both would name one database)")
def test_a_missing_blob_is_refused(cada, exported, tmp_path):
    out, blobs = exported
    sorted(blobs.iterdir())[0].unlink()
    target = tmp_path / "target"
    r = cada("--home", target, "import", out, "--documents", blobs)
    assert r.code == 3 and "--documents" in r.err
    _nothing_in(target)
    r = cada("--home", target, "import", out)  # no folder at all
    assert r.code == 3 and "--documents DIR" in r.err


def test_documents_must_be_a_folder(cada, exported, tmp_path):
    out, _blobs = exported
    r = cada("--home", tmp_path / "t", "import", out, "--documents", out)
    assert r.code == 2 and "not a folder" in r.err
    r = cada("--home", tmp_path / "t", "import", out, "--documents", tmp_path / "nowhere")
    assert r.code == 3


def test_with_documents_copies_each_blob_verified(cada, rich, tmp_path):
    blobs = tmp_path / "blobs"
    data = export(cada, "--with-documents", blobs)
    names = sorted(p.name for p in blobs.iterdir())
    assert names == sorted(f["sha256"] for f in data["files"])
    for p in blobs.iterdir():
        assert hashlib.sha256(p.read_bytes()).hexdigest() == p.name
    # again into the same folder: the identical files are kept
    assert export(cada, "--with-documents", blobs) == data
    (blobs / names[0]).chmod(0o644)
    (blobs / names[0]).write_bytes(b"other")
    r = cada("export", "--with-documents", blobs)
    assert r.code == 4 and r.out == ""
    r = cada("export", "--with-documents", tmp_path / "e.json", "-o", tmp_path / "x.json")
    assert r.code == 0  # a new folder of that name is fine
    r = cada("export", "--with-documents", tmp_path / "x.json")
    assert r.code == 2 and "not a folder" in r.err


# --- bad input -----------------------------------------------------------------------------------


def test_not_json_truncated_wrong_format_or_version(cada, montpellier, tmp_path):
    ok(cada, "--today", "2020-02-07", "log", montpellier, "sent")
    full = ok(cada, "export").out
    cases = {
        "text.json": ("hello", "not valid JSON"),
        "truncated.json": (full[: len(full) // 2], "truncated"),
        "other.json": ('{"requests": []}', "not a cada export"),
        "list.json": ("[1, 2]", "not a cada export"),
        "v2.json": (full.replace('"version": 1', '"version": 2'), "version 2"),
        "bad.json": (full.replace('"date": "2020-02-07"', '"date": "2020-02-30"'),
                     "events[0].date"),
        "kind.json": (full.replace('"kind": "sent"', '"kind": "sennt"'), "'sennt'"),
        "missing.json": (full.replace('"subject"', '"subjekt"'), "subject"),
        "control.json": (full.replace('"reference": "2020-001"', '"reference": "2020\\n001"'),
                         "requests[0].reference"),
        "surrogate.json": (full.replace('"note": null', '"note": "\\ud800"', 1), "note"),
    }
    for name, (text, needle) in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        r = cada("--home", tmp_path / "t", "import", path)
        assert r.code == 2, (name, r.err)
        assert needle in r.err and len(r.err.splitlines()) == 1, (name, r.err)
        assert "Traceback" not in r.err


@pytest.mark.sqlite_only("two homes, each with a database of its own (on a server both would name one database)")
def test_dangling_links_are_refused(cada, montpellier, tmp_path):
    ok(cada, "--today", "2020-02-07", "log", montpellier, "sent")
    data = export(cada)
    data["authorities"] = []
    path = tmp_path / "e.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    r = cada("--home", tmp_path / "t", "import", path)
    assert r.code == 2 and "authority 'ville-de-montpellier'" in r.err
    data = export(cada)
    data["requests"][0]["events"][0]["number"] = 7
    path.write_text(json.dumps(data), encoding="utf-8")
    r = cada("--home", tmp_path / "t", "import", path)
    assert r.code == 2 and "requests[0].events[0].number" in r.err


def test_huge_file_fifo_device_and_folder_are_refused(cada, tmp_path):
    from cada_tracker.services.exchange import MAX_IMPORT_BYTES

    huge = tmp_path / "huge.json"
    with open(huge, "wb") as fh:  # sparse: no disk used
        fh.truncate(MAX_IMPORT_BYTES + 1)
    r = cada("import", huge)
    assert r.code == 2 and "larger than 1 GiB" in r.err
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    r = cada("import", fifo)  # never blocks
    assert r.code == 2 and "not a regular file" in r.err
    r = cada("import", "/dev/zero")
    assert r.code == 2 and "not a regular file" in r.err
    r = cada("import", tmp_path)
    assert r.code == 2 and "folder" in r.err
    r = cada("import", tmp_path / "nope.json")
    assert r.code == 3


def test_export_options_checked(cada, montpellier, tmp_path):
    r = cada("export", "--format", "xml")
    assert r.code == 2 and "json or csv" in r.err
    r = cada("export", "--format", "csv", "--with-documents", tmp_path / "d")
    assert r.code == 2
    r = cada("export", "--campaign", "nope")
    assert r.code == 3 and "nope" in r.err
    out = tmp_path / "e.json"
    ok(cada, "export", "-o", out)
    r = cada("export", "-o", out)
    assert r.code == 4  # exists: --force replaces it
    ok(cada, "export", "-o", out, "--force")
    r = cada("export", "-o", tmp_path)
    assert r.code == 4


# --- CSV ------------------------------------------------------------------------------------------


def test_csv_has_one_row_per_request_with_its_derived_facts(cada, rich):
    text = ok(cada, "--today", "2021-03-10", "export", "--format", "csv").out
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["reference"] for r in rows] == ["2020-001", "VS-001", "VS-002"]
    vs1 = rows[1]
    assert vs1["authority"] == "ville-de-montpellier" and vs1["campaign"] == "videosurveillance"
    assert (vs1["sent_on"], vs1["received_on"], vs1["first_reply_on"]) == (
        "2021-01-04", "2021-01-06", "2021-02-01")
    assert vs1["state"] and vs1["next_action"]
    only = ok(cada, "--today", "2021-03-10", "export", "--format", "csv", "--campaign",
              "videosurveillance").out
    assert [r["reference"] for r in csv.DictReader(io.StringIO(only))] == ["VS-001", "VS-002"]


def test_csv_cells_are_never_formulas(cada, montpellier):
    ok(cada, "--today", "2020-02-07", "new", "-a", "ville-de-montpellier", "-s",
       "=HYPERLINK(\"http://x\")", "--ref", "F-1", "-d", "A")
    rows = list(csv.DictReader(io.StringIO(ok(cada, "export", "--format", "csv").out)))
    assert rows[1]["reference"] == "F-1" and rows[1]["subject"] == "'=HYPERLINK(\"http://x\")"


def test_each_request_has_the_contract_keys(cada, rich):
    """cli-contract.md: the request shape (less deadlines and next_action) plus its items,
    letters and findings; `state` is as of --today, for reading (import ignores it)."""
    data = json.loads(ok(cada, "--today", "2021-03-10", "export").out)
    status = {r["reference"]: r for r in ok(cada, "--today", "2021-03-10", "status", "--all",
                                           "--json").json["requests"]}
    for r in data["requests"]:
        assert {"reference", "authority", "subject", "state", "events", "items", "letters",
                "findings"} <= set(r)
        assert "deadlines" not in r and "next_action" not in r
        assert r["authority"] == status[r["reference"]]["authority"]
        assert r["state"] == status[r["reference"]]["state"]
        for e in r["events"]:
            assert {"kind", "date", "outcome", "note"} <= set(e)
    vs1 = next(r for r in data["requests"] if r["reference"] == "VS-001")
    assert vs1["findings"] == [{"number": 1, "title": "42 caméras"}]
    assert [f["number"] for f in data["findings"]] == [1, 2]


def test_anonymise_leaves_out_the_requester_and_is_not_importable(cada, rich, tmp_path):
    ok(cada, "init", "--address", "12 rue de la Loge\n34000 Montpellier")
    plain = ok(cada, "export").out
    assert "Jeanne Dupont" in plain and "jeanne@example.org" in plain
    out = tmp_path / "anon.json"
    ok(cada, "export", "--anonymise", "-o", out)
    text = out.read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["anonymised"] is True and data["profile"] is None
    for secret in ("Jeanne Dupont", "jeanne@example.org", "12 rue de la Loge",
                   "34000 Montpellier"):
        assert secret not in text
    assert "[…]" in text and len(data["requests"]) == 3
    r = cada("--home", tmp_path / "t", "import", out)
    assert r.code == 2 and "anonymised" in r.err
