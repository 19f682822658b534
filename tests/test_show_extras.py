"""`cada show` reads letters, documents and findings with plain SQL: same result as the ORM."""

from __future__ import annotations

import sqlite3


def test_plain_sql_extras_equal_the_orm_services(cada, tmp_path):
    from cada_tracker.paths import Settings
    from cada_tracker.services.documents import documents_for_request
    from cada_tracker.services.findings import findings_for_request
    from cada_tracker.storage import extras
    from cada_tracker.storage.db import session_scope
    from cada_tracker.storage.sql import sqlite_query

    home = tmp_path / "demo"
    assert cada("--today", "2026-11-28", "demo", "--home", str(home)).code == 0
    settings = Settings(home=home)
    con = sqlite3.connect(home / "cada.db")
    query = sqlite_query(con)
    ids = [row[0] for row in query("SELECT id FROM request ORDER BY id", [])]
    with session_scope(settings) as session:
        for rid in ids:
            assert extras.documents_for_request(query, rid) == documents_for_request(session, rid)
            assert extras.findings_for_request(query, rid) == findings_for_request(session, rid)
        demo = ids[0]
        assert extras.documents_for_request(query, demo), "the 2020 request has documents"
        assert extras.findings_for_request(query, demo)[0]["evidence"]
    con.close()


def test_show_does_not_import_sqlalchemy(cada, tmp_path):
    import subprocess
    import sys

    from tests.conftest import env_without_home

    home = tmp_path / "demo"
    assert cada("--today", "2026-11-28", "demo", "--home", str(home)).code == 0
    code = (
        "import sys\nfrom cada_tracker.cli import main\n"
        f"try:\n    main(['--home', {str(home)!r}, 'show', '2020-001'])\n"
        "except SystemExit:\n    pass\n"
        "sys.stderr.write('SQLA:' + str('sqlalchemy' in sys.modules))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env_without_home())
    assert "Map Revelation" in proc.stdout
    assert proc.stderr.strip().endswith("SQLA:False"), proc.stderr
