"""The `demande` frozen as sent: it survives template edits; its stored form and JSON."""

from __future__ import annotations

import pytest

from tests.services.letters.helpers import REF, attach, log, ok, text_of


def test_frozen_letter_survives_a_template_edit(letter_home, tmp_path):
    sent = text_of(letter_home, "2020-03-01", "demande")
    user_dir = tmp_path / "home" / "letter_templates"
    user_dir.mkdir()
    (user_dir / "demande.j2").write_text("Objet : autre\n\nAutre texte.\n", encoding="utf-8")
    assert text_of(letter_home, "2020-03-01", "demande") == sent
    # A new request uses the user's template.
    code, _, _ = letter_home("--today", "2020-03-01", "new", "--authority", "ville-de-montpellier",
                      "--subject", "autre", "--ref", "2020-009")
    assert code == 0
    code, out, _ = letter_home("--today", "2020-03-01", "letter", "2020-009")
    assert "Autre texte." in out and "Objet : autre" in out


def test_frozen_letters_service(letter_home, tmp_path):
    import hashlib

    from cada_tracker.domain.letters import frozen_letter_json
    from cada_tracker.paths import resolve_settings
    from cada_tracker.storage.db import session_scope
    from cada_tracker.storage.letters import frozen_letters
    from cada_tracker.storage.requests import get_request
    from cada_tracker.storage.sql import session_query

    with session_scope(resolve_settings()) as session:
        req = get_request(session, REF)
        rows = [frozen_letter_json(lt) for lt in frozen_letters(session_query(session), req.id)]
    assert [(r["kind"], r["date"]) for r in rows] == [("demande", "2020-02-07")]
    assert rows[0]["sha256"] == hashlib.sha256(rows[0]["body"].encode()).hexdigest()


def _two_requests(letter_home) -> None:
    """The demo request (frozen when sent), one still a draft, one sent with an attachment."""
    ok(letter_home, "--today", "2020-02-08", "new", "--authority", "ville-de-montpellier",
       "--subject", "brouillon", "--ref", "2020-002")
    ok(letter_home, "--today", "2020-02-09", "new", "--authority", "ville-de-montpellier",
       "--subject", "envoyée", "--ref", "2020-003")
    log(letter_home, "2020-02-12", "2020-003", "sent", "--on", "2020-02-11")
    log(letter_home, "2020-02-20", "2020-003", "reply", "--outcome", "refused", "--on", "2020-02-20")


@pytest.mark.sqlite_only("compares the plain sqlite3 read path with the ORM's")
def test_letter_queries_are_the_same_on_sqlite3_and_sqlalchemy(letter_home, tmp_path):
    import sqlite3

    from cada_tracker.paths import resolve_settings
    from cada_tracker.storage import letters as queries
    from cada_tracker.storage.db import session_scope
    from cada_tracker.storage.sql import session_query, sqlite_query

    _two_requests(letter_home)
    attach(letter_home, tmp_path, "2020-003", "reply", "refus.txt")
    settings = resolve_settings()
    con = sqlite3.connect(settings.sqlite_path)
    plain = sqlite_query(con)
    ids = [row[0] for row in plain("SELECT id FROM request ORDER BY id", [])]
    with session_scope(settings) as session:
        orm = session_query(session)
        for rid in ids:
            for query in (queries.letters_for_request, queries.frozen_letters,
                          queries.exhibit_files):
                assert query(plain, rid) == query(orm, rid), (query.__name__, rid)
    demo_id, draft_id, sent_id = ids
    draft, frozen = queries.letters_for_request(plain, demo_id)
    assert (draft.kind, draft.frozen, draft.event_id) == ("demande", False, None)
    assert (frozen.kind, frozen.frozen, frozen.date.isoformat()) == ("demande", True, "2020-02-07")
    # a draft is dated the day it was stored (the real clock, UTC)
    assert abs((draft.date - frozen.date.today()).days) <= 1
    assert queries.frozen_letters(plain, draft_id) == []
    assert [lt.date.isoformat() for lt in queries.frozen_letters(plain, sent_id)] == [
        "2020-02-11"]  # the day it was sent, not the day it was logged
    [refusal] = queries.exhibit_files(plain, sent_id)
    assert refusal.original_name == "refus.txt" and refusal.event_id is not None
    con.close()


def test_show_json_letters_are_the_frozen_letters_as_the_orm_sees_them(letter_home):
    """`cada show --json` "letters": each frozen row, dated by its `sent` event (the ORM
    reference that services.letters.frozen_letters used to be)."""
    from sqlmodel import select

    from cada_tracker.paths import resolve_settings
    from cada_tracker.storage.db import session_scope
    from cada_tracker.storage.tables import Event, Letter, Request

    _two_requests(letter_home)
    for ref, count in ((REF, 1), ("2020-002", 0), ("2020-003", 1)):
        shown = letter_home("--today", "2020-03-01", "show", ref, "--json").json["letters"]
        with session_scope(resolve_settings()) as session:
            request = session.exec(select(Request).where(Request.reference == ref)).one()
            rows = session.exec(select(Letter).where(Letter.request_id == request.id,
                                                     Letter.frozen == True)  # noqa: E712
                                .order_by(Letter.id)).all()
            expected = []
            for row in rows:
                ev = session.get(Event, row.event_id) if row.event_id is not None else None
                when = ev.occurred_on if ev is not None else row.created_at.date()
                expected.append({"kind": row.kind, "date": when.isoformat(),
                                  "sha256": row.sha256, "body": row.body,
                                  "origin": row.origin, "made_by": row.made_by})
        assert shown == expected and len(shown) == count, ref


# --- every letter sent is frozen and filed (issue 9, point 7) --------------------------------


def _letters(cada, ref: str = REF) -> list[dict]:
    r = cada("--today", "2020-12-31", "show", ref, "--json")
    assert r.code == 0, r.err
    return r.json["letters"]


def test_each_event_that_sends_a_letter_freezes_it_with_its_sha256(letter_home):
    import hashlib

    # The letter_home request: received Mon 10 Feb 2020, B = Tue 10 Mar 2020.
    log(letter_home, "2020-02-25", REF, "reminder-sent", "--on", "2020-02-25")
    log(letter_home, "2020-03-12", REF, "reasons-requested", "--on", "2020-03-12")
    log(letter_home, "2020-03-20", REF, "cada-sent", "--on", "2020-03-20")
    log(letter_home, "2020-03-21", REF, "cada-informed", "--on", "2020-03-21")
    rows = _letters(letter_home)
    assert [(r["kind"], r["date"], r["origin"]) for r in rows] == [
        ("demande", "2020-02-07", "rendered"),
        ("relance", "2020-02-25", "rendered"),
        ("demande-motifs", "2020-03-12", "rendered"),
        ("saisine-cada", "2020-03-20", "rendered"),
        ("information-saisine", "2020-03-21", "rendered"),
    ]
    for r in rows:
        assert r["sha256"] == hashlib.sha256(r["body"].encode("utf-8")).hexdigest()
    # The frozen referral is the letter `cada letter` printed that day.
    code, out, _ = letter_home("--today", "2020-03-20", "letter", REF, "saisine-cada")
    assert code == 0
    frozen = next(r["body"] for r in rows if r["kind"] == "saisine-cada")
    assert "le 20 mars 2020" in frozen and "Objet :" in frozen


def test_an_event_typed_in_late_freezes_the_letter_of_its_day_marked_reconstructed(letter_home):
    # Reminder sent Tue 25 Feb 2020, typed in on Mon 20 Apr 2020, after the referral of Fri 20
    # Mar 2020: the letter is dated 25 February and states only what was known that day (not
    # the referral, not itself as an earlier reminder).
    log(letter_home, "2020-03-20", REF, "cada-sent", "--on", "2020-03-20")
    code, _, err = letter_home("--today", "2020-04-20", "log", REF, "reminder-sent", "--on",
                               "2020-02-25")
    assert code == 0, err
    assert "typed in late" in err and "reconstructed" in err
    relance = next(r for r in _letters(letter_home) if r["kind"] == "relance")
    assert relance["origin"] == "reconstructed" and relance["date"] == "2020-02-25"
    assert "À Montpellier, le 25 février 2020" in relance["body"]
    assert "saisi" not in relance["body"] and "déjà adressé une relance" not in relance["body"]


def test_a_reminder_logged_the_day_it_is_sent_cites_the_earlier_ones_not_itself(letter_home):
    log(letter_home, "2020-02-25", REF, "reminder-sent")
    log(letter_home, "2020-03-02", REF, "reminder-sent")
    first, second = [r for r in _letters(letter_home) if r["kind"] == "relance"]
    assert first["origin"] == second["origin"] == "rendered"
    assert "déjà adressé une relance" not in first["body"]
    assert "Je vous ai déjà adressé une relance le 25 février 2020." in second["body"]


def test_letter_file_is_frozen_verbatim_as_the_users_text(letter_home, tmp_path):
    import hashlib

    text = "Madame, Monsieur,\n\nJe me permets de vous relancer… 🦉\n\nCamille Durand\n"
    f = tmp_path / "relance.txt"
    f.write_bytes(text.encode("utf-8"))
    log(letter_home, "2020-02-25", REF, "reminder-sent", "--letter", str(f))
    relance = next(r for r in _letters(letter_home) if r["kind"] == "relance")
    assert relance["origin"] == "user" and relance["body"] == text
    assert relance["sha256"] == hashlib.sha256(text.encode("utf-8")).hexdigest()


def _bad_letter_files(tmp_path):
    import os

    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * (1024 * 1024 + 1))
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("ligne 1\nrelancé\n".encode("latin-1"))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \n")
    binary = tmp_path / "nul.txt"
    binary.write_bytes(b"Madame,\n\x00\x01")
    c1 = tmp_path / "c1.txt"
    c1.write_bytes("Madame,\n\x9b2J\n".encode())  # CSI: clears a terminal as ESC [ does
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    return [
        (str(tmp_path / "missing.txt"), 3, "no such file"),
        (str(tmp_path), 2, "is a directory"),
        (str(fifo), 2, "not a regular file"),
        ("/dev/zero", 2, "not a regular file"),
        (str(big), 2, "larger than 1024 KiB"),
        (str(latin), 2, "not UTF-8 text (line 2)"),
        (str(empty), 2, "is empty"),
        (str(binary), 2, "control characters (line 2)"),
        (str(c1), 2, "control characters (line 2)"),
    ]


def test_a_bad_letter_file_is_one_line_and_records_nothing(letter_home, tmp_path):
    from tests.services.letters.helpers import one_line_error

    before = letter_home("--today", "2020-02-25", "show", REF, "--json").json
    for path, code, words in _bad_letter_files(tmp_path):
        r = letter_home("--today", "2020-02-25", "log", REF, "reminder-sent", "--letter", path)
        assert r.code == code, (path, r.err)
        assert words in one_line_error(r.err) and "nothing was recorded" in r.err
    r = letter_home("--today", "2020-02-25", "log", REF, "note", "--note", "x", "--letter",
                    str(tmp_path / "x"))
    assert r.code == 2 and "only for" in one_line_error(r.err)
    r = letter_home("--today", "2020-02-25", "log", REF, "reminder-sent", "--letter", "")
    assert r.code == 2 and "--letter is empty" in one_line_error(r.err)
    after = letter_home("--today", "2020-02-25", "show", REF, "--json").json
    assert after["events"] == before["events"] and after["letters"] == before["letters"]


def test_show_prints_a_users_letter_without_reordering_the_terminal(letter_home, tmp_path):
    # frozen verbatim (JSON keeps it), but a bidi override is printed escaped, as in any user value
    f = tmp_path / "relance.txt"
    f.write_text("Madame,\nFake\u202efdp.exe\tfin\n", encoding="utf-8")
    log(letter_home, "2020-02-25", REF, "reminder-sent", "--letter", str(f))
    out = letter_home("--today", "2020-02-25", "show", REF).out
    assert "\u202e" not in out and "Fake\\u202efdp.exe" in out
    relance = next(r for r in _letters(letter_home) if r["kind"] == "relance")
    assert relance["body"] == "Madame,\nFake\u202efdp.exe\tfin\n"


def test_an_event_whose_letter_cannot_be_rendered_is_recorded_with_a_warning(letter_home):
    # An explicit refusal (Thu 20 Feb 2020): CRPA L232-4 reasons concern only an implicit one,
    # so no demande-motifs can be rendered; the event is still recorded (it is history).
    log(letter_home, "2020-02-20", REF, "reply", "--on", "2020-02-20", "--outcome", "refused")
    code, _, err = letter_home("--today", "2020-02-21", "log", REF, "reasons-requested")
    assert code == 0
    assert "no letter was frozen for reasons-requested" in err and "cada attach" in err
    assert [r["kind"] for r in _letters(letter_home)] == ["demande"]
    events = letter_home("--today", "2020-02-21", "show", REF, "--json").json["events"]
    assert events[-1]["kind"] == "reasons-requested"


def test_cada_informed_needs_a_referral_and_moves_no_deadline(letter_home):
    r = letter_home("--today", "2020-03-12", "log", REF, "cada-informed")
    assert r.code == 4, r.err
    referred_before = letter_home("--today", "2020-03-20", "log", REF, "cada-sent", "--json").json
    after = letter_home("--today", "2020-03-21", "log", REF, "cada-informed", "--json").json
    assert after["state"] == referred_before["state"] == "cada-referred"
    # the keys counted from today (issue 10 added days_left_safe and late_by_days) aside
    relative = ("days_left", "days_left_safe", "late_by_days")
    strip = [{k: v for k, v in d.items() if k not in relative} for d in after["deadlines"]]
    assert strip == [{k: v for k, v in d.items() if k not in relative}
                     for d in referred_before["deadlines"]]
    # Dated before the referral: the state machine refuses it (exit 4).
    r = letter_home("--today", "2020-03-22", "log", REF, "cada-informed", "--on", "2020-03-19")
    assert r.code == 4


# --- frozen letters are numbered exhibits (escalate, recours-ta) -----------------------------


def test_escalate_numbers_the_frozen_reminder_and_joins_its_pdf(letter_home, tmp_path):
    import json
    import zipfile

    from pypdf import PdfReader

    # Reminder of Tue 25 Feb 2020; B = Tue 10 Mar 2020; the referral is admissible from 11 Mar.
    log(letter_home, "2020-02-25", REF, "reminder-sent")
    code, out, err = letter_home("--today", "2020-03-20", "escalate", REF, "--json")
    assert code == 0, err
    exhibits = json.loads(out)["exhibits"]
    assert [(e["number"], e["title"], e["file"]) for e in exhibits] == [
        (1, "Demande de communication du 7 février 2020", "piece-01-demande.pdf"),
        (2, "Lettre de relance du 25 février 2020", "piece-02-relance.pdf"),
        (3, "Note relative au silence gardé par l'administration",
         "piece-03-note-silence.txt"),
    ]
    folder = tmp_path / "saisine-cada-2020-001"
    text = " ".join(PdfReader(str(folder / "piece-02-relance.pdf")).pages[0]
                    .extract_text().split())
    assert "Relance" in text and "25 février 2020" in text
    letter_text = (folder / "saisine-cada.txt").read_text(encoding="utf-8")
    assert "Pièce n° 2 : Lettre de relance du 25 février 2020" in letter_text
    with zipfile.ZipFile(tmp_path / "saisine-cada-2020-001.zip") as zf:
        assert "saisine-cada-2020-001/piece-02-relance.pdf" in zf.namelist()


def test_a_missing_exhibit_offers_the_request_documents_by_id(letter_home, tmp_path):
    import json

    # Explicit refusal of Thu 20 Feb 2020 with no file attached to it; a scan attached to the
    # request without an event (DOC 1) is offered as the candidate.
    log(letter_home, "2020-02-20", REF, "reply", "--outcome", "refused", "--on", "2020-02-20")
    scan = tmp_path / "scan-refus.txt"
    scan.write_text("Décision de refus\n", encoding="utf-8")
    ok(letter_home, "--today", "2020-02-21", "attach", REF, str(scan))
    code, out, err = letter_home("--today", "2020-03-20", "letter", REF, "saisine-cada")
    assert code == 0, err
    assert ("Pièce n° 2 : [à joindre : Décision de refus du 20 février 2020 — document(s) de la "
            "demande : DOC 1]") in out
    assert "DOC 1" in err
    code, out, err = letter_home("--today", "2020-03-20", "escalate", REF, "--json")
    refusal = json.loads(out)["exhibits"][1]
    assert refusal["missing"] and refusal["offer"] == "document(s) de la demande : DOC 1"
    bordereau = (tmp_path / "saisine-cada-2020-001" / "bordereau.txt").read_text("utf-8")
    assert "— à joindre (document(s) de la demande : DOC 1)" in bordereau


def test_recours_ta_numbers_the_referral_and_the_information_as_frozen(letter_home):
    # Referral Fri 20 Mar 2020 (registered Wed 25 Mar), authority informed Thu 26 Mar; the
    # refusal confirmed by silence two months after registration, the periods of spring 2020
    # being suspended (ord. 2020-306): K = Mon 24 Aug 2020; filed Tue 1 Sep 2020.
    log(letter_home, "2020-03-20", REF, "cada-sent", "--on", "2020-03-20")
    log(letter_home, "2020-03-25", REF, "cada-registered", "--on", "2020-03-25")
    log(letter_home, "2020-03-26", REF, "cada-informed", "--on", "2020-03-26")
    code, out, err = letter_home("--today", "2020-09-01", "letter", REF, "recours-ta")
    assert code == 0, err
    assert "Pièce n° 2 : Saisine de la CADA du 20 mars 2020\n" in out
    assert ("Pièce n° 4 : Lettre informant l'administration de la saisine de la CADA, du "
            "26 mars 2020\n") in out
    # Filing it freezes the application, with its exhibits as they stood that day.
    log(letter_home, "2020-09-01", REF, "court-filed", "--on", "2020-09-01")
    rows = _letters(letter_home)
    assert [r["kind"] for r in rows][-1] == "recours-ta"
    assert "Pièce n° 2 : Saisine de la CADA du 20 mars 2020\n" in rows[-1]["body"]


def test_a_request_sent_with_the_users_text_is_that_text_everywhere(cada, tmp_path):
    from pypdf import PdfReader

    ok(cada, "--today", "2020-02-07", "init", "--name", "Camille Durand", "--email",
       "camille@example.org")
    ok(cada, "authority", "add", "Ville de Montpellier", "--email", "cada@example.org")
    ok(cada, "--today", "2020-02-07", "new", "--authority", "ville-de-montpellier",
       "--subject", "OLTP", "--ref", "U-1")
    mine = "Camille Durand\n\nObjet : ma demande\n\nMadame, Monsieur,\n\nTexte à moi.\n"
    (tmp_path / "demande.txt").write_text(mine, encoding="utf-8")
    ok(cada, "--today", "2020-02-07", "log", "U-1", "sent", "--letter",
       str(tmp_path / "demande.txt"))
    out, err = ok(cada, "--today", "2020-02-07", "letter", "U-1", "demande")
    assert out == mine
    letters = cada("--today", "2020-02-07", "show", "U-1", "--json").json["letters"]
    assert [(r["kind"], r["origin"]) for r in letters] == [("demande", "user")]
    # Received Fri 7 Feb 2020 (e-mail, same day): B = Sat 7 Mar 2020; referral from 8 Mar.
    ok(cada, "--today", "2020-03-20", "escalate", "U-1", "-o", str(tmp_path / "d"))
    text = " ".join(PdfReader(str(tmp_path / "d" / "piece-01-demande.pdf")).pages[0]
                    .extract_text().split())
    assert "Texte à moi." in text
