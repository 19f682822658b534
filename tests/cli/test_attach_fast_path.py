"""Issue 13: `cada attach` runs without Typer (cli/fast.py) when its command line is a plain
one, and gives exactly what the Typer command gives: the same output, errors, exit codes and
stored rows. Every other command line (help, an unknown option, a missing argument) falls
through to Typer. The text of a PDF is read by forked processes started before anything else
(`extract.pdf.EarlyText`): the same text, page by page, as when it is read afterwards."""

from __future__ import annotations

import os
import sqlite3
import zipfile
from pathlib import Path

import pytest

from cada_tracker import cli
from cada_tracker.cli import fast
from cada_tracker.extract import pdf
from tests.cli.heavy_imports import run_listing_heavy_imports
from tests.services.documents.helpers import make_pdf

REF = "2020-001"


def _make_home(cada, patch, home: Path) -> None:
    """A home with the 2020 request, sent and answered (the events `--event` names); the
    commands that follow use it."""
    patch.setenv("CADA_HOME", str(home))
    assert cada("init", "--name", "Jeanne Dupont", "--email", "jeanne@example.org").code == 0
    assert cada("authority", "add", "Ville de Montpellier", "--department", "34").code == 0
    assert cada("--today", "2020-02-07", "new", "--authority", "ville-de-montpellier",
                "--subject", "Observatoire local", "--ref", REF).code == 0
    for day, kind in (("2020-02-07", "sent"), ("2020-02-07", "received")):
        assert cada("--today", day, "log", REF, kind, "--on", day).code == 0
    assert cada("--today", "2020-03-20", "log", REF, "reply", "--on", "2020-03-16",
                "--outcome", "partial").code == 0


@pytest.fixture
def files(tmp_path):
    """The files the command lines below name, by their placeholder."""
    folder = tmp_path / "in"
    folder.mkdir()
    texts = [f"Page {n} : vidéosurveillance, « Map Revelation » {n * 7}" for n in range(1, 31)]
    long_pdf = make_pdf(folder / "long.pdf", texts)  # read by two processes (>= 24 pages)
    short_pdf = make_pdf(folder / "short.pdf", ["Délibération du conseil municipal"])
    note = folder / "note.txt"
    note.write_text("Courrier de la mairie\n", encoding="utf-8")
    bundle = folder / "bundle.zip"
    with zipfile.ZipFile(bundle, "w") as zf:
        zf.write(short_pdf, "annexe.pdf")
    damaged = folder / "damaged.pdf"
    damaged.write_bytes(b"%PDF-1.4\n" + b"not a pdf at all " * 40)
    empty = folder / "empty.pdf"
    empty.write_bytes(b"")
    fifo = folder / "fifo.pdf"
    os.mkfifo(fifo)  # never opened for reading: nothing blocks
    link = folder / "link.pdf"
    link.symlink_to(short_pdf)
    return {"LONG": long_pdf, "SHORT": short_pdf, "NOTE": note, "ZIP": bundle,
            "DAMAGED": damaged, "EMPTY": empty, "FIFO": fifo, "LINK": link, "DIR": folder,
            "MISSING": folder / "missing.pdf"}


LINES = [
    ["attach", REF, "LONG"],
    ["attach", REF, "LONG", "--json"],
    ["attach", REF, "SHORT", "LONG", "NOTE"],
    ["attach", REF, "LONG", "LONG"],  # the same content twice: refused
    ["attach", REF, "LONG", "LONG", "--force"],
    ["attach", "--json", REF, "--received-on", "2020-03-17", "SHORT"],
    ["attach", REF, "SHORT", "--received-on=2020-03-17", "--event", "reply"],
    ["attach", REF, "SHORT", "--event=reply", "--json"],
    ["attach", REF, "SHORT", "--event", "sent"],
    ["attach", REF, "SHORT", "--event", "999"],  # no such event
    ["attach", REF, "SHORT", "--event", ""],
    ["attach", REF, "SHORT", "--received-on", "2020-02-30"],
    ["attach", REF, "SHORT", "--received-on", ""],
    ["attach", REF, "SHORT", "--received-on", "2099-01-01"],  # after today
    ["attach", REF, "ZIP"],
    ["attach", REF, "ZIP", "--no-unpack", "--json"],
    ["attach", REF, "DAMAGED"],
    ["attach", REF, "MISSING"],
    ["attach", REF, "DIR"],
    ["attach", REF, "FIFO"],
    ["attach", REF, "LINK"],
    ["attach", REF, "EMPTY"],
    ["attach", REF, "LONG", "MISSING"],  # all or nothing
    ["attach", "2020-01", "LONG"],  # unknown request
    ["--today", "2020-04-01", "attach", REF, "SHORT"],
    ["--today=2020-04-01", "--debug", "attach", REF, "SHORT", "--json"],
    ["--today", "2020-13-01", "attach", REF, "SHORT"],
]
TYPER_ONLY = [
    ["attach", "--help"],
    ["attach", REF, "SHORT", "--help"],
    ["attach", REF],
    ["attach"],
    ["attach", REF, "SHORT", "--json=yes"],
    ["attach", REF, "SHORT", "--unknown"],
    ["attach", REF, "SHORT", "--event"],
    ["attach", REF, "SHORT", "--event", "-1"],
    ["attach", REF, "--", "SHORT"],
    ["attach", REF, "-"],
    ["--version", "attach", REF, "SHORT"],
]


def _line(line: list[str], files: dict[str, Path]) -> list[str]:
    return [str(files[word]) if word in files else word for word in line]


def _stored(home: Path) -> list[tuple]:
    """What the attach wrote: documents, files and pages (the wall-clock stamps left out)."""
    if not (home / "cada.db").exists():
        return []
    con = sqlite3.connect(home / "cada.db")
    try:
        return [
            *con.execute("SELECT id, file_id, request_id, event_id, parent_id, original_name, "
                         "received_on, illustrative FROM document ORDER BY id"),
            *con.execute("SELECT id, sha256, size, media_type, page_count, text_status, "
                         "text_note FROM stored_file ORDER BY id"),
            *con.execute("SELECT file_id, number, text FROM page ORDER BY file_id, number"),
        ]
    finally:
        con.close()


def _both(cada, monkeypatch, tmp_path, files, line):
    """The command line run by the fast path in one home and by Typer without the early
    reading of the PDF in another, both made the same way: (fast result, Typer result,
    whether the fast run loaded Typer, the rows each wrote)."""
    results, stored, used_typer = [], [], []
    for name, fast_path in (("quick", True), ("slow", False)):
        with monkeypatch.context() as patch:
            home = tmp_path / name
            _make_home(cada, patch, home)
            patch.setattr(pdf, "_cores", lambda: 2)  # the forks happen on any machine
            calls = []
            real = cli._load_commands
            patch.setattr(cli, "_load_commands",
                          lambda c=calls, r=real: c.append(1) or r())
            if not fast_path:  # Typer, and the PDF read afterwards, in this process
                patch.setattr(fast, "run", lambda args: False)
                patch.setattr(pdf.EarlyText, "start", classmethod(lambda cls, paths: None))
            words = _line(line, files)
            if not any(word.startswith("--today") for word in line):
                words = ["--today", "2020-03-20", *words]
            results.append(cada(*words))
            stored.append(_stored(home))
            used_typer.append(bool(calls))
    return results[0], results[1], used_typer[0], stored


@pytest.mark.sqlite_only("two homes, each with a database of its own (on a server both would name one database)")
@pytest.mark.parametrize("line", LINES, ids=" ".join)
def test_the_fast_path_gives_what_typer_gives(cada, monkeypatch, tmp_path, files, line):
    quick, slow, used_typer, (quick_rows, slow_rows) = _both(cada, monkeypatch, tmp_path,
                                                             files, line)
    assert not used_typer  # the command tree was never loaded
    assert (quick.code, quick.out, quick.err) == (slow.code, slow.out, slow.err)
    assert quick_rows == slow_rows


@pytest.mark.sqlite_only("two homes, each with a database of its own (on a server both would name one database)")
@pytest.mark.parametrize("line", TYPER_ONLY, ids=" ".join)
def test_other_command_lines_go_to_typer(cada, monkeypatch, tmp_path, files, line):
    assert fast.parse_attach(["--today", "2020-03-20", *_line(line, files)]) is None
    quick, slow, used_typer, (quick_rows, slow_rows) = _both(cada, monkeypatch, tmp_path,
                                                             files, line)
    assert used_typer or line[0] == "--version"
    assert (quick.code, quick.out, quick.err) == (slow.code, slow.out, slow.err)
    assert quick_rows == slow_rows


def test_errors_are_one_line_with_their_exit_code(cada, monkeypatch, tmp_path, files):
    """The errors the fast path answers itself: the codes of docs/exit-codes.md."""
    _make_home(cada, monkeypatch, tmp_path / "home")
    expected = {"MISSING": (3, "no such file"), "DIR": (2, "is a directory"),
                "FIFO": (2, "not a regular file"), "EMPTY": (1, "empty")}
    for word, (code, words) in expected.items():
        r = cada("attach", REF, str(files[word]))
        assert r.code == code and r.out == "", (word, r)
        assert r.err.count("\n") == 1 and r.err.startswith("cada: "), (word, r.err)
        assert words in r.err.lower(), (word, r.err)
    r = cada("attach", "2020-01", str(files["SHORT"]))
    assert r.code == 3 and REF in r.err and r.err.count("\n") == 1
    assert _stored(tmp_path / "home") == []  # nothing written


def test_the_pdf_is_read_early_and_its_text_is_the_text_read_afterwards(
        cada, monkeypatch, tmp_path, files):
    _make_home(cada, monkeypatch, tmp_path / "home")
    monkeypatch.setattr(pdf, "_cores", lambda: 2)
    started, used = [], []
    real_start, real_pages = pdf.EarlyText.start, pdf.EarlyText.pages
    monkeypatch.setattr(pdf.EarlyText, "start",
                        classmethod(lambda cls, paths: started.append(paths)
                                    or real_start.__func__(cls, paths)))
    monkeypatch.setattr(pdf.EarlyText, "pages",
                        lambda self, sha: used.append(r := real_pages(self, sha)) or r)
    doc = cada("attach", REF, str(files["LONG"]), "--json").json["documents"][0]
    assert started == [[str(files["LONG"])]]
    assert len(used) == 1 and used[0] is not None and len(used[0]) == 30
    read_afterwards = pdf.extract_pdf(files["LONG"])
    assert used[0] == read_afterwards.pages
    assert doc["pages"] == 30 and doc["text_status"] == "ok"


def test_early_text_is_used_only_for_the_same_content(tmp_path, files, monkeypatch):
    import hashlib

    monkeypatch.setattr(pdf, "_cores", lambda: 2)
    path = files["LONG"]
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    early = pdf.EarlyText.start([str(files["NOTE"]), str(path)])  # the first PDF
    assert early is not None
    try:
        assert early.pages("0" * 64) is None  # another content: read the usual way
        texts = early.pages(sha)
        assert texts == pdf.extract_pdf(path).pages
        assert early.pages(sha) is None  # given once
    finally:
        early.close()


def test_early_text_of_a_damaged_pdf_leaves_it_to_the_usual_reading(files, monkeypatch):
    import hashlib

    monkeypatch.setattr(pdf, "_cores", lambda: 2)
    early = pdf.EarlyText.start([str(files["DAMAGED"])])
    assert early is not None
    sha = hashlib.sha256(files["DAMAGED"].read_bytes()).hexdigest()
    assert early.pages(sha) is None
    early.close()


def test_early_text_is_not_started_for_what_is_not_a_plain_pdf(files, monkeypatch):
    monkeypatch.setattr(pdf, "_cores", lambda: 2)
    for word in ("NOTE", "ZIP", "EMPTY", "FIFO", "LINK", "DIR", "MISSING"):
        assert pdf.EarlyText.start([str(files[word])]) is None, word
    monkeypatch.setattr(pdf, "_cores", lambda: 1)  # one core: nothing to overlap
    assert pdf.EarlyText.start([str(files["LONG"])]) is None


def test_early_text_not_needed_ends_its_processes(files, monkeypatch):
    monkeypatch.setattr(pdf, "_cores", lambda: 2)
    early = pdf.EarlyText.start([str(files["LONG"])])
    assert early is not None
    early.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(early.pid, os.WNOHANG)  # ended and reaped
    early.close()  # twice is harmless


@pytest.mark.sqlite_only("SQLite is written without SQLAlchemy; a server needs it")
def test_attach_imports_neither_typer_nor_sqlalchemy(cada, monkeypatch, tmp_path, files):
    home = tmp_path / "home"
    _make_home(cada, monkeypatch, home)
    out, heavy = run_listing_heavy_imports(["attach", REF, str(files["LONG"])],
                                           CADA_HOME=str(home), CADA_TODAY="2020-04-01")
    assert "application/pdf" in out and "30 p." in out
    assert heavy == []
