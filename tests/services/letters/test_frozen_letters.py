"""The `demande` frozen as sent: it survives template edits; its stored form and JSON."""

from __future__ import annotations

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
                                  "sha256": row.sha256, "body": row.body})
        assert shown == expected and len(shown) == count, ref
