"""Start-up cost of the document commands, the progress bar, the 0001 -> 0002 migration."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

from tests.conftest import env_without_home
from tests.documents.helpers import make_pdf

HEAVY = ("sqlalchemy", "sqlmodel", "rich", "pypdf", "pypdfium2", "fpdf", "alembic")


def test_search_reads_without_sqlalchemy(cada, montpellier, tmp_path, cada_home):
    cada("attach", montpellier, make_pdf(tmp_path / "a.pdf", ["Map Revelation"]))
    code = (
        "import sys\n"
        "from cada_tracker.cli import main\n"
        "try:\n"
        "    main(['search', 'Map Revelation'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write('SA:' + str('sqlalchemy' in sys.modules))\n"
    )
    env = {**env_without_home(), "CADA_HOME": str(cada_home)}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert "DOC 1  p. 1" in r.stdout
    assert r.stderr.strip().endswith("SA:False"), r.stderr


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


def test_migration_from_0001_indexes_existing_rows(cada_home):
    from alembic import command

    from cada_tracker.paths import Settings
    from cada_tracker.storage import db

    settings = Settings(home=cada_home)
    cada_home.mkdir(parents=True)
    with db.get_engine(settings).begin() as conn:
        command.upgrade(db.alembic_config(settings, conn), "0001")
    db.dispose_engines()
    con = sqlite3.connect(cada_home / "cada.db")
    con.execute("INSERT INTO authority(slug, name, created_at) VALUES ('v', 'Ville', "
                "'2020-01-01 00:00:00')")
    con.execute("INSERT INTO request(reference, authority_id, subject, channel, environmental,"
                " created_on, illustrative, created_at) VALUES ('2019-001', 1, "
                "'Vidéosurveillance du centre', 'email', 0, '2019-01-01', 0, "
                "'2019-01-01 00:00:00')")
    con.commit()
    con.close()
    from tests.conftest import run_cada

    r = run_cada("search", "videosurveillance", "--json")
    assert r.code == 0, r.err
    assert [h["request"] for h in r.json["hits"]] == ["2019-001"]
    assert db.sqlite_revision(cada_home / "cada.db") == "0002"
