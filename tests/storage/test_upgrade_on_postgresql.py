"""A PostgreSQL database of each earlier schema revision upgrades to this program's (issue 14,
point 3). The earlier database is made the way a server would have it: the data written by
today's program, then the schema taken back to the revision with Alembic's own downgrades.
The next command upgrades it (ensure_schema) and finds every request, event, document and
page again, and the search index of revision 0009 is filled from the rows already there."""

from __future__ import annotations

import pytest

from cada_tracker.storage.db import KNOWN_REVISIONS, SCHEMA_HEAD
from tests.conftest import run_cada
from tests.services.documents.helpers import make_pdf


def _ok(*args: str):
    r = run_cada(*args)
    assert r.code == 0, (args, r.err)
    return r


def _revision(url: str) -> str | None:
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import create_engine

    engine = create_engine(url)
    try:
        with engine.connect() as con:
            return MigrationContext.configure(con).get_current_revision()
    finally:
        engine.dispose()


def _downgrade(url: str, revision: str) -> None:
    from alembic import command
    from sqlalchemy import create_engine

    from cada_tracker.paths import Settings
    from cada_tracker.storage.db import alembic_config

    engine = create_engine(url)
    try:
        with engine.begin() as con:
            command.downgrade(alembic_config(Settings(home=None, db_url=url), con), revision)
    finally:
        engine.dispose()


@pytest.mark.parametrize("revision", [r for r in KNOWN_REVISIONS if r != SCHEMA_HEAD])
def test_a_database_of_an_earlier_revision_upgrades_with_every_row(
        postgres_database, monkeypatch, tmp_path, revision):
    with postgres_database() as url:
        monkeypatch.setenv("CADA_DATABASE_URL", url)
        _ok("init", "--name", "Jeanne Dupont", "--email", "jeanne@example.org")
        _ok("authority", "add", "Ville de Montpellier", "--department", "34")
        _ok("--today", "2020-02-07", "new", "-a", "ville-de-montpellier", "-s",
            "Observatoire de la tranquillité publique", "--ref", "2020-001")
        _ok("--today", "2020-02-07", "log", "2020-001", "sent")
        pdf = make_pdf(tmp_path / "reponse.pdf", ["Courrier.", "Le logiciel Map Revelation."])
        _ok("--today", "2020-06-12", "attach", "2020-001", str(pdf))
        before = _ok("--today", "2020-06-12", "status", "--all", "--json").json
        events = _ok("--today", "2020-06-12", "show", "2020-001", "--json").json["events"]
        from cada_tracker.storage import db

        db.dispose_engines()
        _downgrade(url, revision)
        assert _revision(url) == revision

        after = _ok("--today", "2020-06-12", "status", "--all", "--json").json  # upgrades
        assert _revision(url) == SCHEMA_HEAD
        # a downgrade below 0008 drops who made each event (made_by): unknown afterwards
        strip = lambda d: {**d, "requests": [{**r, "events": [  # noqa: E731
            {k: v for k, v in e.items() if k != "made_by"} for e in r["events"]]}
            for r in d["requests"]]}
        assert strip(after) == strip(before)
        shown = _ok("--today", "2020-06-12", "show", "2020-001", "--json").json["events"]
        assert [(e["kind"], e["date"]) for e in shown] == [(e["kind"], e["date"])
                                                           for e in events]
        hits = _ok("search", "Map Revelation", "--json").json["hits"]
        assert [(h["kind"], h["page"]) for h in hits] == [("document", 2)]
        assert _ok("documents", "2020-001").out.count("reponse.pdf") == 1
