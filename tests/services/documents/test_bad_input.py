"""Bad input on the document commands: one-line `cada: ...` errors with the documented exit
code, no traceback, nothing half-written (QA round: ids, tampered files, special targets, empty
values, pages, queries, damaged archives, a file in place of a folder, control characters)."""

from __future__ import annotations

import os
import stat
import zipfile

import pytest

from tests.services.documents.helpers import make_pdf, make_zip

HUGE = "99999999999999999999"


def _one_line_error(r, code: int) -> None:
    assert r.code == code, (r.code, r.out, r.err)
    assert r.err.startswith("cada: ") and r.err.count("\n") == 1, r.err
    assert "Traceback" not in r.err and "internal error" not in r.err


@pytest.fixture
def doc(cada, montpellier, tmp_path):
    pdf = make_pdf(tmp_path / "reponse.pdf", ["Courrier de la ville.", "Map Revelation"])
    r = cada("attach", montpellier, pdf, "--json")
    assert r.code == 0, r.err
    assert cada("finding", "add", "Logiciel").code == 0
    return r.json["documents"][0]


def _blob(home, sha):
    return home / "documents" / sha[:2] / sha[2:4] / sha


def _tamper(home, sha) -> None:
    blob = _blob(home, sha)
    os.chmod(blob, 0o644)
    data = bytearray(blob.read_bytes())
    data[-10] ^= 0xFF
    blob.write_bytes(bytes(data))
    os.chmod(blob, 0o444)


# --- 1. ids -------------------------------------------------------------------------------
@pytest.mark.parametrize("args", [
    ["document", "show", HUGE], ["document", "open", HUGE],
    ["document", "export", HUGE, "-o", "out.pdf"], ["document", "reextract", HUGE],
    ["finding", "show", HUGE], ["finding", "show", "F" + HUGE],
    ["finding", "edit", HUGE, "--title", "x"], ["finding", "remove", HUGE],
    ["finding", "evidence", HUGE, "--document", "1", "--page", "1", "--quote", "x"],
    ["finding", "evidence", "1", "--document", HUGE, "--page", "1", "--quote", "x"],
    ["document", "show", str(2**63)],
])
def test_huge_ids_are_not_found(cada, doc, args, tmp_path):
    r = cada(*[str(tmp_path / a) if a == "out.pdf" else a for a in args])
    _one_line_error(r, 3)
    assert "no document" in r.err or "no finding" in r.err
    assert not (tmp_path / "out.pdf").exists()


@pytest.mark.parametrize("bad", ["0", "-1", "x", "1.5", "²", "", "DOC"])
def test_invalid_ids_are_usage_errors(cada, doc, bad):
    _one_line_error(cada("document", "show", bad), 2)
    _one_line_error(cada("finding", "show", bad), 2)


def test_largest_possible_id_is_just_not_found(cada, doc):
    _one_line_error(cada("document", "show", str(2**63 - 1)), 3)
    assert cada("document", "show", "DOC 1").code == 0
    assert cada("finding", "show", "F1").code == 0


@pytest.mark.parametrize("limit", ["0", "-1", "1001", HUGE, "x", ""])
def test_search_limit_bounded(cada, doc, limit):
    _one_line_error(cada("search", "Map", "--limit", limit), 2)


def test_search_limit_in_range(cada, doc):
    assert cada("search", "Map", "--limit", "1000").code == 0
    assert len(cada("search", "ville", "--limit", "1", "--json").json["hits"]) == 1


# --- 2. a stored file that no longer matches its hash ---------------------------------------
def test_export_of_tampered_file_refused(cada, doc, cada_home, tmp_path):
    _tamper(cada_home, doc["sha256"])
    out = tmp_path / "out"
    out.mkdir()
    r = cada("document", "export", "1", "-o", out / "copy.pdf")
    _one_line_error(r, 5)
    assert "cada check" in r.err and "no longer matches" in r.err
    assert list(out.iterdir()) == []  # no partial file, no temporary file


def test_reextract_of_tampered_file_refused(cada, doc, cada_home):
    before = cada("search", "Revelation", "--json").json["hits"]
    _tamper(cada_home, doc["sha256"])
    r = cada("document", "reextract", "1")
    _one_line_error(r, 5)
    assert "cada check" in r.err
    assert cada("search", "Revelation", "--json").json["hits"] == before


def test_export_and_reextract_of_intact_file(cada, doc, tmp_path):
    assert cada("document", "export", "1", "-o", tmp_path / "c.pdf").code == 0
    assert (tmp_path / "c.pdf").stat().st_size == doc["size"]
    assert cada("document", "reextract", "1").code == 0


# --- 3. export onto something that is not a regular file -----------------------------------
@pytest.mark.parametrize("force", [[], ["--force"]])
def test_export_never_replaces_a_special_file(cada, doc, tmp_path, force):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    r = cada("document", "export", "1", "-o", fifo, *force)
    _one_line_error(r, 4)
    assert "not a regular file" in r.err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    # the same inside a folder, under the document's name
    folder = tmp_path / "folder"
    folder.mkdir()
    os.mkfifo(folder / "reponse.pdf")
    _one_line_error(cada("document", "export", "1", "-o", folder, *force), 4)
    assert stat.S_ISFIFO(os.lstat(folder / "reponse.pdf").st_mode)
    assert sorted(p.name for p in folder.iterdir()) == ["reponse.pdf"]


def test_export_over_regular_file_needs_force(cada, doc, tmp_path):
    target = tmp_path / "x.pdf"
    target.write_text("old")
    _one_line_error(cada("document", "export", "1", "-o", target), 4)
    assert target.read_text() == "old"
    assert cada("document", "export", "1", "-o", target, "--force").code == 0
    assert target.stat().st_size == doc["size"]


def test_export_into_missing_folder(cada, doc, tmp_path):
    r = cada("document", "export", "1", "-o", tmp_path / "nope" / "x.pdf")
    _one_line_error(r, 1)
    assert "does not exist" in r.err and str(tmp_path / "nope") in r.err


# --- 4. empty values, dates -----------------------------------------------------------------
@pytest.mark.parametrize("option", ["--received-on", "--event"])
def test_attach_empty_option_values(cada, montpellier, tmp_path, cada_home, option):
    pdf = make_pdf(tmp_path / "a.pdf", ["x"])
    r = cada("attach", montpellier, pdf, option, "")
    _one_line_error(r, 2)
    assert option in r.err
    assert not (cada_home / "documents").exists() or not any(
        p.is_file() and p.parent.name != "tmp" for p in (cada_home / "documents").rglob("*"))


def test_attach_future_and_out_of_range_dates(cada, montpellier, tmp_path):
    pdf = make_pdf(tmp_path / "a.pdf", ["x"])
    today = ["--today", "2026-11-28"]
    r = cada(*today, "attach", montpellier, pdf, "--received-on", "2026-11-29")
    _one_line_error(r, 4)
    assert "after today" in r.err and "--force" in r.err
    for value in ("9999-12-31", "0001-01-01"):
        _one_line_error(cada(*today, "attach", montpellier, pdf, "--received-on", value), 2)
    assert cada(*today, "documents", "--json").json["documents"] == []
    ok = cada(*today, "attach", montpellier, pdf, "--received-on", "2026-11-29", "--force",
              "--json")
    assert ok.code == 0 and ok.json["documents"][0]["received_on"] == "2026-11-29"
    other = make_pdf(tmp_path / "b.pdf", ["y"])
    same_day = cada(*today, "attach", montpellier, other, "--received-on", "2026-11-28")
    assert same_day.code == 0


# --- 5. pages start at 1 --------------------------------------------------------------------
@pytest.mark.parametrize("page", ["0", "-1", "x", ""])
def test_evidence_page_below_one_is_usage_error(cada, doc, page):
    r = cada("finding", "evidence", "1", "--document", "1", "--page", page, "--quote", "ville")
    _one_line_error(r, 2)
    assert "pages start at 1" in r.err


def test_evidence_huge_page_not_found_even_unverified(cada, montpellier, tmp_path):
    blob = tmp_path / "scan.bin"
    blob.write_bytes(b"\x00\x01binary")
    cada("attach", montpellier, blob)
    cada("finding", "add", "x")
    r = cada("finding", "evidence", "1", "--document", "1", "--page", HUGE, "--quote", "y",
             "--unverified")
    _one_line_error(r, 3)


# --- 7. damaged archives are kept -------------------------------------------------------------
def test_truncated_zip_stored_as_failed(cada, montpellier, tmp_path, cada_home):
    z = make_zip(tmp_path / "annexes.zip", {"a.txt": b"hello " * 2000, "b.txt": b"world"})
    data = z.read_bytes()
    z.write_bytes(data[: len(data) // 2])
    r = cada("attach", montpellier, z, "--json")
    assert r.code == 0, r.err
    (d,) = r.json["documents"]
    assert d["text_status"] == "failed" and "damaged archive" in d["text_note"]
    assert d["size"] == len(data) // 2
    assert cada("check").code == 0
    # again (known content, --force): same behaviour, a second document, no error
    assert cada("attach", montpellier, z, "--force").code == 0
    assert cada("document", "reextract", "1").code == 0


def test_zip_with_a_damaged_member_keeps_the_rest(cada, montpellier, tmp_path):
    z = tmp_path / "annexes.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("good.txt", b"bonne annexe")
        zf.writestr("bad.txt", b"B" * 500)
    data = bytearray(z.read_bytes())
    at = data.index(b"B" * 500)
    data[at + 100] = ord("C")  # same size, wrong CRC
    z.write_bytes(bytes(data))
    r = cada("attach", montpellier, z, "--json")
    assert r.code == 0, r.err
    docs = r.json["documents"]
    assert [d["name"] for d in docs] == ["annexes.zip", "good.txt"]
    assert docs[0]["text_status"] == "failed" and "bad.txt" in docs[0]["text_note"]


def test_empty_zip_listing(cada, montpellier, tmp_path):
    z = tmp_path / "empty.zip"
    with zipfile.ZipFile(z, "w"):
        pass
    r = cada("attach", montpellier, z, "--json")
    assert r.code == 0, r.err
    assert r.json["documents"][0]["pages"] == 0
    line = cada("documents").out.splitlines()[0]
    assert "1 p." not in line and ", -, text none" in line


# --- 8. a file where the store needs a folder -------------------------------------------------
@pytest.mark.parametrize("where", ["documents/tmp", "documents"])
def test_file_in_place_of_a_store_folder(cada, montpellier, tmp_path, cada_home, where):
    (cada_home / where).parent.mkdir(parents=True, exist_ok=True)
    (cada_home / where).write_text("not a folder")
    r = cada("attach", montpellier, make_pdf(tmp_path / "a.pdf", ["x"]))
    _one_line_error(r, 5)
    assert str(cada_home / where) + "," in r.err and "a file is there" in r.err


def test_file_in_place_of_a_blob_folder(cada, montpellier, tmp_path, cada_home):
    from cada_tracker.storage.blobstore import Store

    pdf = make_pdf(tmp_path / "a.pdf", ["x"])
    sha = Store(cada_home / "documents").hash_of(pdf)[0]
    (cada_home / "documents" / sha[:2]).parent.mkdir(parents=True)
    (cada_home / "documents" / sha[:2]).write_text("x")
    r = cada("attach", montpellier, pdf)
    _one_line_error(r, 5)
    assert str(cada_home / "documents" / sha[:2]) in r.err
    assert list((cada_home / "documents" / "tmp").glob("*.part")) == []


# --- 9. names shown safely --------------------------------------------------------------------
def test_control_and_bidi_characters_escaped_in_text_output(cada, montpellier, tmp_path):
    name = "a\nb\u202ecod.exe\x07.pdf"
    pdf = make_pdf(tmp_path / name, ["Map Revelation"])
    r = cada("attach", montpellier, pdf)
    assert r.code == 0, r.err
    for out in (r.out, cada("documents").out, cada("document", "show", "1").out,
                cada("search", "Revelation").out):
        assert "\u202e" not in out and "\x07" not in out
        assert "\\u202e" in out and "\\u000a" in out
    assert len(cada("documents").out.splitlines()) == 1
    assert cada("documents", "--json").json["documents"][0]["name"] == name
    cada("finding", "add", "titre\u202e\x07 caché", "--tag", "t\u202ex")
    for out in (cada("finding", "list").out, cada("finding", "show", "1").out):
        assert "\u202e" not in out and "\x07" not in out and "\\u202e" in out
    assert cada("finding", "show", "1", "--json").json["title"] == "titre\u202e\x07 caché"


def test_export_to_folder_keeps_true_name(cada, montpellier, tmp_path):
    name = "r\u202eport.pdf"
    cada("attach", montpellier, make_pdf(tmp_path / name, ["x"]))
    out = tmp_path / "out"
    out.mkdir()
    r = cada("document", "export", "1", "-o", out)
    assert r.code == 0 and "\u202e" not in r.out
    assert [p.name for p in out.iterdir()] == [name]


# --- 10. filters that match nothing ---------------------------------------------------------
def test_finding_list_filter_without_match(cada, doc):
    r = cada("finding", "list", "--tag", "nope")
    assert r.code == 0 and "no finding matches --tag nope" in r.out
    assert "no findings yet" not in r.out
    assert cada("finding", "remove", "1").code == 0
    assert "no findings yet" in cada("finding", "list").out


def test_no_documents_for_a_request(cada, montpellier):
    r = cada("documents", montpellier)
    assert r.code == 0 and "no documents for request 2020-001" in r.out


def test_database_untouched_by_refusals(cada, doc, sql):
    before = sql("SELECT count(*) FROM evidence")[0][0]
    cada("finding", "evidence", "1", "--document", HUGE, "--page", "1", "--quote", "x")
    assert sql("SELECT count(*) FROM evidence")[0][0] == before
