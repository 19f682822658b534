"""Who did what (issue 14, point 5): each event, document, finding and letter records who made
it, on every path that makes one (plain SQL: `new`, `log`, `attach`; the ORM's unit of work:
findings, campaigns, mail import, the inbox, import, the demo); `show` and the export say it,
and `cada import` keeps it."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from tests.services.documents.helpers import make_pdf
from tests.services.mail.mail_files import message, write_maildir

MADE = ("event", "letter", "document", "finding")


pytestmark = pytest.mark.sqlite_only("reads the rows in the home's SQLite file directly")


def _made_by(home: Path) -> dict[str, list[str | None]]:
    con = sqlite3.connect(home / "cada.db")
    try:
        return {t: [r[0] for r in con.execute(f"SELECT made_by FROM {t} ORDER BY id")]
                for t in MADE}
    finally:
        con.close()


@pytest.fixture
def team(cada, monkeypatch):
    """Three people of a collective on one home: Alice creates the request (and its draft),
    Bob logs its sending (the event and the letter frozen with it), Carol attaches the reply,
    Dan records a finding. CADA_USER is Eve's."""
    monkeypatch.setenv("CADA_USER", "Eve")
    assert cada("init", "--name", "Collectif Technopolice").code == 0
    assert cada("authority", "add", "Ville de Montpellier", "--department", "34").code == 0
    r = cada("--as", "Alice", "--today", "2020-02-07", "new", "--authority",
             "ville-de-montpellier", "--subject", "OLTP", "--ref", "2020-001")
    assert r.code == 0, r.err
    assert cada("--as", "Bob", "--today", "2020-02-07", "log", "2020-001", "sent").code == 0
    pdf = make_pdf(Path("reponse.pdf"), ["Le logiciel « Map Revelation »."])
    r = cada("--as", "Carol", "--today", "2020-06-15", "attach", "2020-001", str(pdf))
    assert r.code == 0, r.err
    r = cada("--as", "Dan", "finding", "add", "Map Revelation", "--request", "2020-001")
    assert r.code == 0, r.err
    return "2020-001"


def test_each_kind_of_record_keeps_who_made_it(cada, team, cada_home):
    assert _made_by(cada_home) == {
        "event": ["Bob"],
        "letter": ["Alice", "Bob"],  # the draft demande of `new`, the copy frozen when sent
        "document": ["Carol"],
        "finding": ["Dan"],
    }


def test_show_says_who_made_each_record_in_text_and_json(cada, team):
    data = cada("--today", "2020-06-20", "show", team, "--json").json
    assert [e["made_by"] for e in data["events"]] == ["Bob"]
    assert [x["made_by"] for x in data["letters"]] == ["Bob"]
    assert [d["made_by"] for d in data["documents"]] == ["Carol"]
    assert [f["made_by"] for f in data["findings"]] == ["Dan"]
    text = cada("--today", "2020-06-20", "show", team).out
    assert "2020-02-07  sent  [by Bob]\n" in text
    assert "(rendered)" not in text and "  [by Bob]\n    | " in text  # the letter's line
    assert "sha256 " in text.split("Documents received:")[1].split("[by Carol]")[0]
    assert "#1  Map Revelation  [by Dan]" in text
    fr = cada("--lang", "fr", "--today", "2020-06-20", "show", team).out
    assert "2020-02-07  envoyée  [par Bob]" in fr and "[par Carol]" in fr
    # the document and finding objects of the other commands carry it too
    docs = cada("documents", team, "--json").json["documents"]
    assert [d["made_by"] for d in docs] == ["Carol"]
    assert cada("finding", "show", "1", "--json").json["made_by"] == "Dan"


def test_every_request_object_names_who_made_its_events(cada, team):
    """One request object everywhere: `log`, `status` and `show` print the same events, maker
    included (`status` from its stored timelines as well as derived afresh)."""
    logged = cada("--as", "Eve", "--today", "2020-06-20", "log", team, "note", "--note", "vu",
                  "--json").json
    shown = cada("--today", "2020-06-20", "show", team, "--json").json
    for _ in range(2):  # the first run stores the timeline, the second reads it
        status = cada("--today", "2020-06-20", "status", "--json").json["requests"][0]
        assert logged["events"] == shown["events"] == status["events"]
    assert [e["made_by"] for e in shown["events"]] == ["Bob", "Eve"]


def test_rows_made_before_revision_0008_show_as_unknown(cada, team, cada_home):
    con = sqlite3.connect(cada_home / "cada.db")
    with con:
        for table in MADE:
            con.execute(f"UPDATE {table} SET made_by = NULL")
    con.close()
    data = cada("--today", "2020-06-20", "show", team, "--json").json
    assert {x["made_by"] for key in ("events", "letters", "documents", "findings")
            for x in data[key]} == {None}
    text = cada("--today", "2020-06-20", "show", team).out
    assert text.count("[by unknown]") == 4
    assert "[par inconnu]" not in text and "[auteur inconnu]" in cada(
        "--lang", "fr", "--today", "2020-06-20", "show", team).out


def test_the_orm_paths_record_who_made_campaigns_and_their_letters(cada, cada_home):
    """`campaign new` and `campaign send` write through the ORM's unit of work (session_unit):
    the requests' draft letters, the `sent` events and the letters frozen with them."""
    assert cada("init", "--name", "Collectif").code == 0
    for town in ("Sète", "Agde"):
        assert cada("authority", "add", f"Ville de {town}", "--department", "34").code == 0
    r = cada("--as", "Alice", "--today", "2025-07-01", "campaign", "new", "vp", "--title", "VP",
             "--subject", "Vidéoprotection", "--document", "Caméras", "--authority",
             "ville-de-sete", "--authority", "ville-de-agde")
    assert r.code == 0, r.err
    r = cada("--as", "Bob", "--today", "2025-07-02", "campaign", "send", "vp")
    assert r.code == 0, r.err
    made = _made_by(cada_home)
    assert made["event"] == ["Bob", "Bob"]
    assert sorted(made["letter"]) == ["Alice", "Alice", "Bob", "Bob"]


def test_mail_import_and_inbox_classify_record_who_ran_them(cada, cada_home, tmp_path):
    assert cada("init", "--name", "Jeanne Dupont", "--email", "jeanne@example.org").code == 0
    assert cada("authority", "add", "Ville de Montpellier", "--department", "34",
                "--email", "contact@example.org").code == 0
    assert cada("--today", "2020-02-07", "new", "-a", "ville-de-montpellier", "-s", "OLTP",
                "--ref", "2020-001").code == 0
    box = write_maildir(tmp_path / "Maildir", [message(
        subject="Re: votre demande 2020-001",
        attachments=[("note.txt", b"Deliberation du conseil", "text/plain")])],
        mtime=datetime(2020, 2, 18, 12, 0))
    r = cada("--as", "Mail Robot", "--today", "2020-02-20", "mail", "import", "--maildir",
             str(box), "--json")
    assert r.code == 0, r.err
    assert r.json["messages"][0]["request"] == "2020-001"
    assert _made_by(cada_home)["document"] == ["Mail Robot", "Mail Robot"]
    number = r.json["messages"][0]["id"]
    r = cada("--as", "Carol", "--today", "2020-02-20", "inbox", "classify", str(number),
             "--as", "acknowledged")  # the global --as, then the command's own
    assert r.code == 0, r.err
    assert _made_by(cada_home)["event"] == ["Carol"]


def test_export_carries_it_and_import_keeps_it(cada, team, cada_home, tmp_path, monkeypatch):
    r = cada("--today", "2020-06-20", "export", "-o", "export.json", "--with-documents",
             "blobs")
    assert r.code == 0, r.err
    data = json.loads(Path("export.json").read_text(encoding="utf-8"))
    (request,) = data["requests"]
    assert [e["made_by"] for e in request["events"]] == ["Bob"]
    assert [x["made_by"] for x in request["letters"]] == ["Alice", "Bob"]
    assert [d["made_by"] for d in request["documents"]] == ["Carol"]
    assert [f["made_by"] for f in data["findings"]] == ["Dan"]
    # imported by someone else into another home: the makers are kept, not replaced
    monkeypatch.setenv("CADA_HOME", str(tmp_path / "other"))
    r = cada("--as", "Zoé", "--today", "2020-06-20", "import", "export.json", "--documents",
             "blobs")
    assert r.code == 0, r.err
    assert _made_by(tmp_path / "other") == _made_by(cada_home)
    again = cada("--today", "2020-06-20", "export").out
    assert json.loads(again) == data  # export -> import -> export: the same document
    # importing it again changes nothing, whoever imports
    r = cada("--as", "Yann", "--today", "2020-06-20", "import", "export.json", "--json")
    assert r.code == 0 and r.json["unchanged"] >= 1 and r.json["differs"] == []


def test_an_export_without_makers_imports_as_unknown(cada, team, tmp_path, monkeypatch):
    data = json.loads(cada("--today", "2020-06-20", "export").out)
    for r in data["requests"]:
        for key in ("events", "letters", "documents"):
            for record in r[key]:
                del record["made_by"]  # an export made before issue 14
    for f in data["findings"]:
        del f["made_by"]
    r["documents"] = []  # its file is not needed here
    for f in data["findings"]:
        f["evidence"] = []
    data["files"] = []
    Path("old.json").write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setenv("CADA_HOME", str(tmp_path / "other"))
    r = cada("--as", "Zoé", "import", "old.json")
    assert r.code == 0, r.err
    assert _made_by(tmp_path / "other") == {"event": [None], "letter": [None, None],
                                            "document": [], "finding": [None]}
    assert "[by unknown]" in cada("--today", "2020-06-20", "show", "2020-001").out


def test_a_bad_maker_in_an_import_is_exit_2_and_nothing_imported(cada, team, tmp_path,
                                                                 monkeypatch):
    data = json.loads(cada("--today", "2020-06-20", "export").out)
    data["requests"][0]["events"][0]["made_by"] = "Bob\nAlice"
    Path("bad.json").write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setenv("CADA_HOME", str(tmp_path / "other"))
    r = cada("import", "bad.json")
    assert r.code == 2
    assert "requests[0].events[0].made_by" in r.err and r.err.count("\n") == 1
    assert not (tmp_path / "other" / "cada.db").exists() or _made_by(
        tmp_path / "other")["event"] == []


def test_an_anonymised_export_leaves_out_who_made_what(cada, team):
    data = json.loads(cada("--today", "2020-06-20", "export", "--anonymise").out)
    (request,) = data["requests"]
    makers = [x["made_by"] for key in ("events", "letters", "documents")
              for x in request[key]] + [f["made_by"] for f in data["findings"]]
    assert makers == [None] * 5


def test_the_demo_records_everything_as_made_by_the_demo(cada, tmp_path, monkeypatch):
    monkeypatch.setenv("CADA_USER", "Eve")
    home = tmp_path / "demo"
    r = cada("--as", "Alice", "--today", "2026-11-28", "demo", "--home", str(home))
    assert r.code == 0, r.err
    made = _made_by(home)
    assert all(made.values())
    assert {name for names in made.values() for name in names} == {"cada demo"}
