"""`cada mail import --maildir/--mbox`, `cada mail assign/unassign/list` (issue 12, point 2
and the import side of point 5): Maildir and mbox files written with the stdlib."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from tests.services.mail.mail_files import add_outbox, message, write_maildir, write_mbox

TODAY = "2020-03-02"  # Mon 2 Mar 2020


@pytest.fixture
def sent(cada, montpellier, cada_home):
    """2020-001 sent on Fri 7 Feb 2020 to contact@example.org, Message-ID
    <demande-1@example.org> in the outbox; a second authority (mairie-b.fr) with 2020-002
    sent the same day."""
    assert cada("--today", "2020-02-07", "log", montpellier, "sent", "--on",
                "2020-02-07").code == 0
    add_outbox(cada_home, montpellier, "demande-1@example.org")
    assert cada("authority", "add", "Mairie B", "--email", "prada@mairie-b.fr").code == 0
    assert cada("--today", "2020-02-07", "new", "--authority", "mairie-b", "--subject", "X",
                "--document", "Y", "--ref", "2020-002").code == 0
    assert cada("--today", "2020-02-07", "log", "2020-002", "sent", "--on",
                "2020-02-07").code == 0
    return montpellier


def _import(cada, *args: str):
    r = cada("--today", TODAY, "mail", "import", *args, "--json")
    assert r.code == 0, r.err
    return r.json


def test_reply_matched_by_in_reply_to_is_filed_with_its_attachments(cada, sent, tmp_path):
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    box = write_maildir(tmp_path / "Maildir", [message(
        subject="RE: votre demande", in_reply_to="<demande-1@example.org>",
        sender="Service Courrier <contact@example.org>",
        attachments=[("deliberation.pdf", pdf, "application/pdf"),
                     ("note.txt", "Délibération n° 12 du conseil".encode(), "text/plain")])],
        mtime=datetime(2020, 2, 18, 12, 0))
    data = _import(cada, "--maildir", str(box))
    assert (data["new"], data["unmatched"], data["already_imported"]) == (1, 0, 0)
    item = data["messages"][0]
    assert item["request"] == sent and item["matched_by"] == "in-reply-to"
    assert item["status"] == "inbox" and item["documents"] == 3  # the .eml and 2 attachments
    # Date: Tue 18 Feb 2020 09:30 +0100: received on Tue 18 Feb 2020 in Paris
    assert item["received_on"] == "2020-02-18" and item["received_on_from"] == "header"
    docs = cada("--today", TODAY, "documents", sent, "--json").json["documents"]
    names = sorted(d["name"] for d in docs)
    assert names[0].startswith("2020-02-18-RE-votre-demande") and "note.txt" in names
    found = cada("--today", TODAY, "search", "conseil", "--json")
    assert found.code == 0 and "conseil" in found.out
    # events are legal facts: nothing was recorded as one
    events = cada("--today", TODAY, "show", sent, "--json").json["events"]
    assert [e["kind"] for e in events] == ["sent"]


def test_importing_twice_imports_nothing_twice(cada, sent, tmp_path):
    msgs = [message(subject="Réf. 2020-001 : accusé de réception", message_id="<a@x>"),
            message(subject="Sans rapport", sender="x@elsewhere.test", message_id="<b@x>")]
    box = write_maildir(tmp_path / "Maildir", msgs, mtime=datetime(2020, 2, 18))
    first = _import(cada, "--maildir", str(box))
    assert (first["new"], first["unmatched"]) == (2, 1)
    again = _import(cada, "--maildir", str(box))
    assert (again["new"], again["already_imported"]) == (0, 2)
    # the same messages from an mbox: same Message-IDs, other bytes: still nothing new
    mbox = write_mbox(tmp_path / "box.mbox", msgs)
    third = _import(cada, "--mbox", str(mbox))
    assert (third["new"], third["already_imported"]) == (0, 2)
    # the same content without a Message-ID twice: the content hash catches it
    bare = message(subject="Réf. 2020-001", message_id=None).as_bytes()
    box2 = write_maildir(tmp_path / "Two", [bare, bare])
    fourth = _import(cada, "--maildir", str(box2))
    assert (fourth["new"], fourth["already_imported"]) == (1, 1)


def test_matching_order_and_unmatched_reasons(cada, sent, tmp_path):
    msgs = [
        # references a message cada sent (not the direct parent)
        message(message_id="<m1@x>", references="<other@x> <demande-1@example.org>",
                sender="someone@else.test"),
        # reference in the subject, sender unknown
        message(message_id="<m2@x>", subject="Demande Réf. 2020-002", sender="a@b.test"),
        # reference in the body only
        message(message_id="<m3@x>", subject="Courrier", sender="a@b.test",
                body="Objet : votre demande 2020-001 du 7 février."),
        # a reference-looking token of no request of this home: unmatched, and said so
        message(message_id="<m4@x>", subject="Réf. 2019-999", sender="contact@example.org"),
        # the authority's own reference is not ours: matched by the address
        message(message_id="<m5@x>", subject="Notre réf. : DGS/2020/12",
                sender="CONTACT@example.org"),
        # the domain of Mairie B, another address there
        message(message_id="<m6@x>", subject="Réponse", sender="dgs@mairie-b.fr"),
        # nothing
        message(message_id="<m7@x>", subject="Lettre d'information", sender="news@shop.test"),
    ]
    data = _import(cada, "--mbox", str(write_mbox(tmp_path / "in.mbox", msgs)))
    got = {m["message_id"]: (m["request"], m["matched_by"], m["reason"])
           for m in data["messages"]}
    assert got == {
        "m1@x": ("2020-001", "references", None),
        "m2@x": ("2020-002", "subject-ref", None),
        "m3@x": ("2020-001", "body-ref", None),
        "m4@x": (None, None, "unknown-reference"),
        "m5@x": ("2020-001", "address", None),
        "m6@x": ("2020-002", "domain", None),
        "m7@x": (None, None, "no-match"),
    }
    text = cada("--today", TODAY, "mail", "list", "--unmatched")
    assert text.code == 0 and "Réf. 2019-999" in text.out and "Lettre" in text.out


def test_own_sent_message_is_not_imported_as_a_reply(cada, sent, tmp_path):
    box = write_maildir(tmp_path / "Sent", [message(
        message_id="<demande-1@example.org>", subject="Réf. 2020-001 demande",
        sender="jeanne@example.org")])
    data = _import(cada, "--maildir", str(box))
    assert (data["new"], data["already_imported"]) == (0, 1)


def test_received_on_falls_back_to_arrival_when_date_is_implausible(cada, sent, tmp_path):
    # Date: after --today (Mon 2 Mar 2020): the file's time, Wed 19 Feb 2020 23:30 UTC, which
    # is Thu 20 Feb 2020 00:30 in Paris (UTC+1 in winter): received on Thu 20 Feb 2020
    future = message(message_id="<f@x>", subject="Réf. 2020-001",
                     date="Fri, 10 Apr 2020 10:00:00 +0200")
    box = write_maildir(tmp_path / "F", [future], mtime=datetime(2020, 2, 19, 23, 30,
                                                                tzinfo=_utc()))
    item = _import(cada, "--maildir", str(box))["messages"][0]
    assert (item["received_on"], item["received_on_from"]) == ("2020-02-20", "arrival")
    # Date: before the request was sent (Fri 7 Feb 2020) -> the mbox From_ line,
    # Tue 18 Feb 2020 08:30 UTC = 09:30 Paris: Tue 18 Feb 2020
    early = message(message_id="<e@x>", subject="Réf. 2020-001",
                    date="Mon, 03 Feb 2020 10:00:00 +0100")
    item = _import(cada, "--mbox", str(write_mbox(tmp_path / "e.mbox", [early])))["messages"][0]
    assert (item["received_on"], item["received_on_from"]) == ("2020-02-18", "arrival")
    # a Date: late on Sat 29 Feb 2020 in UTC is already Sun 1 Mar 2020 in Paris
    late = message(message_id="<l@x>", subject="Réf. 2020-001",
                   date="Sat, 29 Feb 2020 23:15:00 +0000")
    item = _import(cada, "--mbox", str(write_mbox(tmp_path / "l.mbox", [late])))["messages"][0]
    assert (item["received_on"], item["received_on_from"]) == ("2020-03-01", "header")


def _utc():  # noqa: ANN202
    from datetime import UTC

    return UTC


def test_assign_and_unassign(cada, sent, tmp_path, cada_home):
    msg = message(message_id="<u@x>", subject="Votre courrier", sender="x@unknown.test",
                  attachments=[("piece.txt", b"piece jointe unique 8841", "text/plain")])
    data = _import(cada, "--maildir", str(write_maildir(tmp_path / "M", [msg])))
    pk = data["messages"][0]["id"]
    assert data["messages"][0]["status"] == "unmatched"
    r = cada("--today", TODAY, "mail", "assign", str(pk), "2020-002")
    assert r.code == 0, r.err
    assert "2020-002" in r.out and "2 documents" in r.out
    docs = cada("--today", TODAY, "documents", "2020-002", "--json").json["documents"]
    assert len(docs) == 2
    listed = cada("--today", TODAY, "mail", "list", "--json").json["messages"]
    assert listed[0]["status"] == "inbox" and listed[0]["matched_by"] == "manual"
    # refused: assign again (4), unknown ID (3), not a number (2), unknown request (3)
    assert cada("--today", TODAY, "mail", "assign", str(pk), "2020-001").code == 4
    assert cada("--today", TODAY, "mail", "assign", "999", "2020-001").code == 3
    assert cada("--today", TODAY, "mail", "assign", "abc", "2020-001").code == 2
    r = cada("--today", TODAY, "mail", "unassign", str(pk))
    assert r.code == 0, r.err
    assert cada("--today", TODAY, "documents", "2020-002", "--json").json["documents"] == []
    assert cada("--today", TODAY, "mail", "unassign", str(pk)).code == 4
    # the whole message stays in the store, and `cada check` counts it as kept, not orphaned
    check = cada("--today", TODAY, "check", "--json")
    assert check.code == 0, check.out + check.err
    assert check.json["orphaned"] == []
    r = cada("--today", TODAY, "mail", "assign", str(pk), "2020-002", "--json")
    assert r.code == 0 and r.json["documents"] == 2
    assert "unknown-ref" not in (cada_home / "x").as_posix()


def test_unmatched_reference_of_unknown_request_says_so(cada, sent, tmp_path):
    box = write_maildir(tmp_path / "M", [message(subject="Réf. 2031-404", sender="a@b.test")])
    r = cada("--today", TODAY, "mail", "import", "--maildir", str(box))
    assert r.code == 0, r.err
    assert "unmatched" in r.out and "'2031-404' is not a request of this home" in r.out
    assert "cada mail assign" in r.out


# --- bad input (issue 12, point 5, import side) ----------------------------------------------


def test_malformed_headers_non_utf8_and_html_only_bodies(cada, sent, tmp_path):
    malformed = (b"From: <<<not an address\r\nTo: jeanne@example.org\r\n"
                 b"Date: the day after tomorrow\r\nMessage-ID: no brackets here\r\n"
                 b"Subject: =?utf-8?q?R=C3=A9f=2E_2020-001_broken?=\r\n"
                 b"Content-Type: text/plain\r\n\r\nCorps du message.\r\n")
    latin1_declared = (b"From: contact@example.org\r\nSubject: Reponse\r\n"
                       b"Message-ID: <l1@x>\r\nDate: Tue, 18 Feb 2020 10:00:00 +0100\r\n"
                       b"Content-Type: text/plain; charset=iso-8859-1\r\n\r\n"
                       b"Vous trouverez la d\xe9lib\xe9ration demand\xe9e.\r\n")
    undeclared = (b"From: contact@example.org\r\nSubject: Reponse 2\r\n"
                  b"Message-ID: <l2@x>\r\nDate: Tue, 18 Feb 2020 10:00:00 +0100\r\n"
                  b"Content-Type: text/plain\r\n\r\n"
                  b"Le tableau r\xe9capitulatif est joint.\r\n")
    html = message(message_id="<h@x>", subject="Réf. 2020-001 réponse")
    html.set_content("<html><body><p>La <b>commission</b> transmet</p>"
                     "<script>x()</script></body></html>", subtype="html")
    box = write_maildir(tmp_path / "M", [malformed, latin1_declared, undeclared,
                                         html.as_bytes()], mtime=datetime(2020, 2, 18, 12))
    data = _import(cada, "--maildir", str(box))
    assert data["new"] == 4 and data["refused"] == 0
    by_subject = {m["subject"]: m for m in data["messages"]}
    broken = by_subject["Réf. 2020-001 broken"]
    # the unreadable Date: counts as missing (arrival used), the Message-ID as absent
    assert broken["received_on_from"] == "arrival" and broken["message_id"] is None
    assert broken["request"] == "2020-001"
    for word in ("délibération", "récapitulatif", "commission"):
        found = cada("--today", TODAY, "search", word, "--json")
        assert found.code == 0 and found.json["hits"], word
    assert "x()" not in cada("--today", TODAY, "search", "x", "--json").out


def test_zip_bomb_attachment_is_kept_unopened_and_the_message_filed(cada, sent, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("zeros.bin", b"\0" * (20 * 1024 * 1024))  # ratio far beyond 200
    msg = message(message_id="<z@x>", subject="Réf. 2020-001 pièces",
                  attachments=[("pieces.zip", buffer.getvalue(), "application/zip")])
    data = _import(cada, "--maildir", str(write_maildir(tmp_path / "M", [msg])))
    item = data["messages"][0]
    assert item["request"] == "2020-001" and "warning" in item
    assert "unpacked" in item["warning"]
    docs = cada("--today", TODAY, "documents", "2020-001", "--json").json["documents"]
    assert sorted(d["media_type"] for d in docs) == ["application/zip", "message/rfc822"]
    assert not any(d["name"] == "zeros.bin" for d in docs)


def test_message_over_the_size_limit_is_refused_whole(cada, sent, tmp_path, monkeypatch):
    from cada_tracker.services.mail import importer

    monkeypatch.setattr(importer, "MAX_MESSAGE_BYTES", 200_000)
    big = message(message_id="<big@x>", subject="Réf. 2020-001 gros",
                  attachments=[("big.bin", b"\1" * 300_000, "application/octet-stream")])
    small = message(message_id="<small@x>", subject="Réf. 2020-001 petit")
    box = write_maildir(tmp_path / "M", [big, small], mtime=datetime(2020, 2, 18))
    r = cada("--today", TODAY, "mail", "import", "--maildir", str(box))
    assert r.code == 0, r.err
    assert "larger than the 0.2 MB" in r.err and "not recorded" in r.err
    listed = cada("--today", TODAY, "mail", "list", "--json").json["messages"]
    assert [m["message_id"] for m in listed] == ["small@x"]


def test_an_empty_message_is_refused_and_the_others_imported(cada, sent, tmp_path):
    small = message(message_id="<small@x>", subject="Réf. 2020-001 petit")
    box = write_maildir(tmp_path / "M", [b"", b"\r\n", small], mtime=datetime(2020, 2, 18))
    data = _import(cada, "--maildir", str(box))
    assert data["new"] == 1 and data["refused"] == 2
    assert {m["reason"] for m in data["refused_messages"]} == {"empty"}
    r = cada("--lang", "fr", "--today", TODAY, "mail", "import", "--maildir", str(box))
    assert r.code == 0 and "message vide" in r.err, r.err
    listed = cada("--today", TODAY, "mail", "list", "--json").json["messages"]
    assert [m["message_id"] for m in listed] == ["small@x"]


def test_fifty_megabyte_attachment_is_recorded_whole(cada, sent, tmp_path):
    """A 50 MB attachment is under the limit (100 MiB per message): the message and the
    attachment are recorded, the attachment byte for byte."""
    blob = bytes(range(256)) * (50 * 1024 * 1024 // 256)
    msg = message(message_id="<fifty@x>", subject="Réf. 2020-001 archives",
                  attachments=[("archives.bin", blob, "application/octet-stream")])
    box = write_maildir(tmp_path / "M", [msg.as_bytes()])
    del msg
    data = _import(cada, "--maildir", str(box))
    assert data["new"] == 1 and data["messages"][0]["documents"] == 2
    docs = cada("--today", TODAY, "documents", "2020-001", "--json").json["documents"]
    assert max(d["size"] for d in docs if d["name"] == "archives.bin") == len(blob)


def test_bad_sources_are_usage_errors(cada, sent, tmp_path):
    (tmp_path / "plain").mkdir()
    not_mbox = tmp_path / "notes.txt"
    not_mbox.write_text("hello\n")
    for args in (("--maildir", str(tmp_path / "plain")), ("--mbox", str(not_mbox)),
                 ("--mbox", str(tmp_path / "missing")), (),
                 ("--maildir", str(tmp_path), "--mbox", str(not_mbox)),
                 ("--maildir", str(tmp_path), "--since", "2020-01-01")):
        r = cada("--today", TODAY, "mail", "import", *args)
        assert r.code == 2, (args, r.out, r.err)
        assert len(r.err.strip().splitlines()) == 1 and "Traceback" not in r.err
    r = cada("--today", TODAY, "mail", "import", "--imap")
    assert r.code == 2 and "cada mail setup" in r.err


def test_mail_list_text(cada, sent, tmp_path):
    assert "No message brought back" in cada("mail", "list").out
    _import(cada, "--maildir", str(write_maildir(tmp_path / "M", [message(
        subject="Réf. 2020-001 réponse")], mtime=datetime(2020, 2, 18))))
    out = cada("--today", TODAY, "mail", "list").out
    assert "2020-001" in out and "inbox" in out and "réponse" in out
    assert Path(".").resolve() == tmp_path.resolve()
