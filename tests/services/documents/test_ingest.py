"""cada attach: files stored by content, extracted, archives and e-mails unpacked, all or
nothing; the same service in a caller's transaction (the demo's)."""

from __future__ import annotations

import errno
import os
import stat
import sys
import zipfile

import pytest

from tests.services.documents.helpers import (
    db_count,
    make_encrypted_pdf,
    make_pdf,
    make_zip,
    request_row,
    service_context,
    store_files,
)

DOC_KEYS = {"id", "request", "name", "media_type", "size", "pages", "sha256", "received_on",
            "event", "parent", "text_status", "text_note", "illustrative", "made_by"}


def test_attach_pdf_json_and_store_layout(cada, montpellier, tmp_path, cada_home):
    pdf = make_pdf(tmp_path / "reponse.pdf", ["Première page", "Le logiciel Map Revelation"])
    r = cada("attach", montpellier, pdf, "--received-on", "2020-06-15", "--json")
    assert r.code == 0, r.err
    data = r.json
    assert data["request"] == "2020-001"
    (doc,) = data["documents"]
    assert set(doc) == DOC_KEYS | {"already_attached"} and doc["already_attached"] == []
    assert doc["media_type"] == "application/pdf"
    assert doc["pages"] == 2
    assert doc["text_status"] == "ok"
    assert doc["received_on"] == "2020-06-15"
    assert doc["size"] == pdf.stat().st_size
    sha = doc["sha256"]
    blob = cada_home / "documents" / sha[:2] / sha[2:4] / sha
    assert blob.read_bytes() == pdf.read_bytes()
    assert stat.S_IMODE(blob.stat().st_mode) == 0o444
    assert [p.name for p in (cada_home / "documents" / "tmp").iterdir()] in ([], [".lock"])


def test_same_content_stored_once_linked_twice(cada, montpellier, tmp_path, cada_home):
    a = make_pdf(tmp_path / "a.pdf", ["même contenu"])
    b = tmp_path / "copie.pdf"
    b.write_bytes(a.read_bytes())
    assert cada("attach", montpellier, a).code == 0
    # the same content for the same request again: refused (a command run twice?)...
    r = cada("attach", montpellier, b, "--json")
    assert r.code == 4 and r.out == ""
    assert "copie.pdf is already attached to request 2020-001 as DOC 1" in r.err
    assert "--force" in r.err and r.err.count("\n") == 1
    assert db_count(cada_home, "document") == 1
    # ... unless --force: a second document, the stored file still once
    r = cada("attach", montpellier, b, "--force", "--json")
    assert r.code == 0, r.err
    assert r.json["documents"][0]["already_attached"] == [1]
    assert len(store_files(cada_home)) == 1
    assert db_count(cada_home, "stored_file") == 1
    assert db_count(cada_home, "document") == 2
    listing = cada("documents", montpellier, "--json").json["documents"]
    assert [d["name"] for d in listing] == ["a.pdf", "copie.pdf"]
    assert listing[0]["sha256"] == listing[1]["sha256"]


def test_media_type_from_content_not_extension(cada, montpellier, tmp_path):
    fake = make_pdf(tmp_path / "notes.txt", ["contenu PDF"])
    doc = cada("attach", montpellier, fake, "--json").json["documents"][0]
    assert doc["media_type"] == "application/pdf"


def test_received_on_defaults_to_event_date(cada, montpellier, tmp_path):
    assert cada("log", montpellier, "sent", "--on", "2020-02-07").code == 0
    assert cada("log", montpellier, "reply", "--on", "2020-06-15", "--outcome", "full").code == 0
    pdf = make_pdf(tmp_path / "r.pdf", ["réponse"])
    doc = cada("attach", montpellier, pdf, "--event", "reply", "--json").json["documents"][0]
    assert doc["received_on"] == "2020-06-15"
    assert doc["event"]["kind"] == "reply"
    r = cada("attach", montpellier, pdf, "--event", "cada-opinion")
    assert r.code == 3
    assert "no event 'cada-opinion'" in r.err


def test_unknown_request(cada, montpellier, tmp_path):
    pdf = make_pdf(tmp_path / "r.pdf", ["x"])
    r = cada("attach", "2020-999", pdf)
    assert r.code == 3
    assert "Traceback" not in r.err


# --- bad input -------------------------------------------------------------------------------
def _nothing_written(home):
    assert store_files(home) == []
    assert db_count(home, "document") == 0
    assert db_count(home, "stored_file") == 0


def test_missing_file(cada, montpellier, tmp_path, cada_home):
    r = cada("attach", montpellier, tmp_path / "absent.pdf")
    assert r.code == 3
    assert r.err.startswith("cada: ") and "no such file" in r.err
    assert r.err.count("\n") == 1
    _nothing_written(cada_home)


def test_directory(cada, montpellier, tmp_path, cada_home):
    r = cada("attach", montpellier, tmp_path)
    assert r.code == 2
    assert "is a directory" in r.err
    _nothing_written(cada_home)


def test_symlink_refused(cada, montpellier, tmp_path, cada_home):
    outside = make_pdf(tmp_path / "outside.pdf", ["x"])
    link = tmp_path / "link.pdf"
    link.symlink_to(outside)
    r = cada("attach", montpellier, link)
    assert r.code == 2
    assert "symbolic link" in r.err and str(outside) in r.err
    _nothing_written(cada_home)


def test_empty_file(cada, montpellier, tmp_path, cada_home):
    empty = tmp_path / "vide.pdf"
    empty.write_bytes(b"")
    r = cada("attach", montpellier, empty)
    assert r.code == 1
    assert "empty (0 bytes)" in r.err
    _nothing_written(cada_home)


def test_all_or_nothing_when_one_file_is_bad(cada, montpellier, tmp_path, cada_home):
    good = make_pdf(tmp_path / "good.pdf", ["x"])
    r = cada("attach", montpellier, good, tmp_path / "missing.pdf")
    assert r.code == 3
    _nothing_written(cada_home)


def test_corrupted_pdf_is_kept_with_failed_status(cada, montpellier, tmp_path):
    bad = tmp_path / "abime.pdf"
    bad.write_bytes(b"%PDF-1.4\n this is not really a pdf \x00\x01")
    r = cada("attach", montpellier, bad, "--json")
    assert r.code == 0, r.err
    doc = r.json["documents"][0]
    assert doc["media_type"] == "application/pdf"
    assert doc["text_status"] == "failed"
    assert "damaged PDF" in doc["text_note"]


@pytest.mark.slow
def test_password_protected_pdf(cada, montpellier, tmp_path):
    enc = make_encrypted_pdf(tmp_path / "protege.pdf")
    doc = cada("attach", montpellier, enc, "--json").json["documents"][0]
    assert doc["text_status"] == "failed"
    assert "password" in doc["text_note"]


def test_invalid_utf8_file_name(cada, montpellier, tmp_path):
    raw = os.fsencode(tmp_path) + b"/r\xe9ponse.txt"
    with open(raw, "wb") as fh:
        fh.write(b"Bonjour, voici la r\xc3\xa9ponse.\n")
    r = cada("attach", montpellier, os.fsdecode(raw), "--json")
    assert r.code == 0, r.err
    doc = r.json["documents"][0]
    assert doc["name"] == "r\ufffdponse.txt"
    assert doc["media_type"] == "text/plain"
    assert cada("documents").code == 0


def test_disk_full_mid_copy_leaves_nothing(cada, montpellier, tmp_path, cada_home, monkeypatch):
    from cada_tracker.storage import blobstore as store

    big = tmp_path / "big.bin"
    big.write_bytes(os.urandom(3 * store.CHUNK + 10))
    good = make_pdf(tmp_path / "good.pdf", ["x"])
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, fh):
            self.fh = fh
            self.written = 0

        def write(self, data):
            self.written += len(data)
            if self.written > store.CHUNK:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return self.fh.write(data)

        def __getattr__(self, name):
            return getattr(self.fh, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

    monkeypatch.setattr(store.os, "fdopen", lambda fd, mode: Full(real_fdopen(fd, mode)))
    r = cada("attach", montpellier, good, big)
    assert r.code == 5
    assert "No space left on device" in r.err and "nothing was attached" in r.err
    assert "Traceback" not in r.err
    _nothing_written(cada_home)  # good.pdf, stored first, was removed again
    assert [p.name for p in (cada_home / "documents" / "tmp").iterdir()] in ([], [".lock"])


def test_permission_error_on_store(cada, montpellier, tmp_path, cada_home, monkeypatch):
    from cada_tracker.storage import blobstore as store

    def refuse(*a, **k):
        raise OSError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(store.tempfile if hasattr(store, "tempfile") else __import__("tempfile"),
                        "mkstemp", refuse)
    r = cada("attach", montpellier, make_pdf(tmp_path / "a.pdf", ["x"]))
    assert r.code == 5
    assert "Permission denied" in r.err
    _nothing_written(cada_home)


def test_database_failure_removes_new_blobs(cada, montpellier, tmp_path, cada_home,
                                            monkeypatch):
    from cada_tracker.services.documents import ingest as svc

    def boom(*a, **k):
        raise RuntimeError("simulated failure after the copy")

    monkeypatch.setattr(svc, "document_json", boom)
    r = cada("attach", montpellier, make_pdf(tmp_path / "a.pdf", ["x"]))
    assert r.code == 1
    _nothing_written(cada_home)


# --- document show / open / export -----------------------------------------------------------


def test_zip_with_pdf_unpacked(cada, montpellier, tmp_path):
    pdf = make_pdf(tmp_path / "inner.pdf", ["Map Revelation"])
    z = tmp_path / "envoi.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.write(pdf, "dossier/inner.pdf")
        zf.writestr("dossier/", "")
    docs = cada("attach", montpellier, z, "--json").json["documents"]
    assert [d["name"] for d in docs] == ["envoi.zip", "dossier/inner.pdf"]
    assert docs[0]["media_type"] == "application/zip"
    assert docs[1]["parent"] == docs[0]["id"]
    assert docs[1]["pages"] == 1


@pytest.mark.parametrize(
    ("member", "reason"),
    [("../../etc/evil.txt", "path traversal"), ("/etc/evil.txt", "absolute path"),
     ("C:/evil.txt", "absolute path")],
)
def test_zip_unsafe_paths_refused(cada, montpellier, tmp_path, cada_home, member, reason):
    z = tmp_path / "evil.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("ok.txt", "fine")
        zf.writestr(member, "evil")
    r = cada("attach", montpellier, z)
    assert r.code == 1
    assert reason in r.err and "nothing was attached" in r.err and "--no-unpack" in r.err
    _nothing_written(cada_home)
    kept = cada("attach", montpellier, z, "--no-unpack", "--json")
    assert kept.code == 0
    assert [d["name"] for d in kept.json["documents"]] == ["evil.zip"]


def test_zip_symlink_member_refused(cada, montpellier, tmp_path, cada_home):
    z = tmp_path / "link.zip"
    with zipfile.ZipFile(z, "w") as zf:
        info = zipfile.ZipInfo("passwd")
        info.create_system = 3
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
    r = cada("attach", montpellier, z)
    assert r.code == 1 and "symbolic link" in r.err
    _nothing_written(cada_home)


@pytest.mark.slow
def test_zip_bomb_refused(cada, montpellier, tmp_path, cada_home):
    z = tmp_path / "bomb.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("zeros.txt", b"\0" * (50 * 1024 * 1024))
    good = make_pdf(tmp_path / "good.pdf", ["x"])
    r = cada("attach", montpellier, good, z)
    assert r.code == 1
    assert "decompression bomb" in r.err
    assert "Traceback" not in r.err
    _nothing_written(cada_home)


def test_zip_total_size_limit(cada, montpellier, tmp_path, cada_home, monkeypatch):
    from cada_tracker.extract import archive

    monkeypatch.setattr(archive, "MAX_TOTAL", 1000)
    z = tmp_path / "big.zip"
    with zipfile.ZipFile(z, "w") as zf:
        for i in range(3):
            zf.writestr(f"f{i}.txt", os.urandom(600))
    r = cada("attach", montpellier, z)
    assert r.code == 1 and "in total" in r.err
    _nothing_written(cada_home)


def test_zip_lying_header(cada, montpellier, tmp_path, cada_home):
    z = tmp_path / "liar.zip"
    payload = b"A" * 5000
    with zipfile.ZipFile(z, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("a.txt", payload)
    data = bytearray(z.read_bytes())
    # shrink the declared uncompressed size in the central directory (offset 24 of the entry)
    cd = data.rfind(b"PK\x01\x02")
    data[cd + 24: cd + 28] = (100).to_bytes(4, "little")
    z.write_bytes(bytes(data))
    r = cada("attach", montpellier, z)
    assert r.code == 1
    assert "Traceback" not in r.err
    _nothing_written(cada_home)


def test_same_content_for_another_request_is_not_a_duplicate(cada, montpellier, tmp_path,
                                                             cada_home):
    assert cada("new", "--authority", "ville-de-montpellier", "--subject", "Autre",
                "--ref", "2020-002").code == 0
    a = make_pdf(tmp_path / "a.pdf", ["même contenu"])
    assert cada("attach", montpellier, a).code == 0
    r = cada("attach", "2020-002", a, "--json")
    assert r.code == 0, r.err
    assert r.json["documents"][0]["already_attached"] == []
    assert len(store_files(cada_home)) == 1 and db_count(cada_home, "document") == 2


def test_same_content_twice_in_one_command_refused(cada, montpellier, tmp_path, cada_home):
    a = make_pdf(tmp_path / "a.pdf", ["même contenu"])
    b = tmp_path / "b.pdf"
    b.write_bytes(a.read_bytes())
    other = make_pdf(tmp_path / "autre.pdf", ["autre contenu"])
    r = cada("attach", montpellier, other, a, b)
    assert r.code == 4 and "b.pdf has the same content as a.pdf" in r.err
    assert db_count(cada_home, "document") == 0 and store_files(cada_home) == []
    r = cada("attach", montpellier, a, b, "--force", "--json")
    first = r.json["documents"][0]["id"]  # a server's ids are not used again after a refusal
    assert r.code == 0 and [d["already_attached"] for d in r.json["documents"]] == [[], [first]]


# --- in a caller's transaction (as the demo does): store lock and cleanup ---------------
def test_attach_paths_in_a_callers_session_removes_new_blobs_on_failure(
    montpellier, tmp_path, cada_home
):
    """A caller that owns the session (the demo) gets the cleanup without doing anything."""
    from cada_tracker.services.documents.ingest import attach_paths
    from cada_tracker.services.documents.inputs import UnsafeArchiveError

    good = make_pdf(tmp_path / "good.pdf", ["Map Revelation"])
    bad = make_zip(tmp_path / "bad.zip", {"../evil.txt": b"x"})
    ctx = service_context(cada_home)
    with pytest.raises(UnsafeArchiveError), ctx.transaction() as session:
        attach_paths(session, ctx, request_row(session), [str(good), str(bad)])
    assert store_files(cada_home) == []  # good.pdf was stored first, then removed


def test_store_writes_covers_the_commit_and_is_reentrant(montpellier, tmp_path, cada_home):
    """The transaction inside store_writes: a failure after attach_paths (the commit) removes
    the blobs; the inner attach_paths joins the outer lock instead of waiting for it."""
    from cada_tracker.services.documents.ingest import attach_paths

    pdf = make_pdf(tmp_path / "a.pdf", ["Map Revelation"])
    ctx = service_context(cada_home)
    with pytest.raises(RuntimeError), ctx.store_writes() as created, \
            ctx.transaction() as session:
        attach_paths(session, ctx, request_row(session), [str(pdf)])
        assert len(created) == 1 and store_files(cada_home)
        raise RuntimeError("the commit failed")
    assert store_files(cada_home) == []


def test_progress_bar_on_terminal(cada, montpellier, tmp_path, monkeypatch):
    from cada_tracker.cli import documents as cli_docs

    monkeypatch.setattr(cli_docs, "PROGRESS_MIN_BYTES", 10)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    seen = []
    real = cli_docs._Bar.advance

    def spy(self, n):
        seen.append(n)
        real(self, n)

    monkeypatch.setattr(cli_docs._Bar, "advance", spy)
    with cli_docs._progress_bar("x", 100) as bar:
        bar.advance(100)
    assert seen == [100]


# --- the plain sqlite3 path of `cada attach` and a caller's session write the same rows ------
def _rows(home):
    """Every row `attach` writes, with the SQLite type of each value; timestamps checked for
    the ORM's format, then left out (they are the wall clock of each run)."""
    import re
    import sqlite3

    con = sqlite3.connect(home / "cada.db")
    try:
        out = {}
        for table, columns in (
            ("stored_file", "id, sha256, size, media_type, page_count, text_status, text_note, "
                            "created_at"),
            ("document", "id, file_id, request_id, event_id, parent_id, original_name, "
                         "received_on, illustrative, created_at"),
            ("page", "id, file_id, number, text"),
            ("search_index", "rowid, title, body, kind, item_id, page"),
        ):
            names = [c.strip() for c in columns.split(",")]
            typed = ", ".join(f"{c}, typeof({c})" for c in names)
            rows = con.execute(f"SELECT {typed} FROM {table} ORDER BY {names[0]}").fetchall()
            if "created_at" in names:
                at = names.index("created_at") * 2
                for row in rows:
                    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.000000", row[at])
                rows = [row[:at] + row[at + 2:] for row in rows]
            out[table] = rows
        return out
    finally:
        con.close()


@pytest.mark.sqlite_only("compares the rows of the plain sqlite3 write path with the ORM's")
def test_attach_writes_the_rows_a_callers_session_writes(cada, montpellier, tmp_path,
                                                         cada_home):
    from datetime import date

    from cada_tracker.services.documents.ingest import attach_paths
    from tests.services.documents.helpers import make_eml

    pdf = make_pdf(tmp_path / "reponse.pdf", ["Première page", "Le logiciel Map Revelation"])
    eml = make_eml(tmp_path / "mail.eml", "Veuillez trouver la réponse.",
                   [("liste.txt", "caméras\nl'absentéisme\n".encode(), "text/plain")])
    z = make_zip(tmp_path / "envoi.zip", {"a/inner.pdf": pdf.read_bytes(),
                                          "b/notes.txt": b"Observatoire local"})
    files = [pdf, eml, z]
    r = cada("attach", montpellier, *files, "--received-on", "2020-06-15", "--json")
    assert r.code == 0, r.err
    other = tmp_path / "other-home"
    for args in (("init", "--name", "Jeanne Dupont", "--email", "jeanne@example.org"),
                 ("authority", "add", "Ville de Montpellier", "--department", "34",
                  "--email", "contact@example.org"),
                 ("--today", "2020-02-07", "new", "--authority", "ville-de-montpellier",
                  "--subject", "Observatoire local de la tranquillité publique",
                  "--document", "Délibérations créant l'OLTP", "--ref", "2020-001")):
        assert cada("--home", str(other), *args).code == 0
    ctx = service_context(other)
    with ctx.transaction() as session:
        docs = attach_paths(session, ctx, request_row(session), [str(f) for f in files],
                            received_on=date(2020, 6, 15))
    assert docs == r.json["documents"]
    fast, orm = _rows(cada_home), _rows(other)
    assert fast == orm
    assert len(fast["document"]) == 6 and len(fast["page"]) > 5
    # every page indexed, besides the request and its drafted letter
    assert len(fast["search_index"]) == len(fast["page"]) + 2


@pytest.mark.sqlite_only("SQLite is written without SQLAlchemy; a server needs it")
@pytest.mark.slow
def test_attach_imports_no_sqlalchemy(cada, montpellier, tmp_path, cada_home):
    import subprocess

    from tests.conftest import env_without_home

    pdf = make_pdf(tmp_path / "a.pdf", ["Map Revelation"])
    code = (
        "import sys\n"
        "from cada_tracker.cli import main\n"
        "try:\n"
        f"    main(['attach', '2020-001', {str(pdf)!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write('SA:' + str(sorted(m for m in ('sqlalchemy', 'sqlmodel', 'pydantic')"
        " if m in sys.modules)))\n"
    )
    env = {**env_without_home(), "CADA_HOME": str(cada_home)}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert "DOC 1" in r.stdout, r.stderr
    assert r.stderr.strip().endswith("SA:[]"), r.stderr
    assert cada("search", "revelation", "--json").json["hits"][0]["document"] == 1
