"""Issue 2: packaging, storage, authorities, requests, events, status shape, errors."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import env_without_home

# --- start-up cost ---------------------------------------------------------------------------

HEAVY = ("sqlalchemy", "sqlmodel", "jinja2", "rich", "alembic", "holidays", "icalendar",
         "pypdf", "pypdfium2", "fpdf")


def _command_paths() -> list[list[str]]:
    import typer.main

    from cada_tracker.cli import _load_commands

    def walk(cmd, path):
        for name, sub in getattr(cmd, "commands", {}).items():
            yield path + [name]
            yield from walk(sub, path + [name])

    return list(walk(typer.main.get_command(_load_commands()), []))


def test_help_of_every_command_and_version_import_nothing_heavy(tmp_path):
    paths = [["--help"], ["--version"]] + [p + ["--help"] for p in _command_paths()]
    assert len(paths) > 30
    code = (
        "import sys\n"
        "from cada_tracker.cli import main\n"
        f"for args in {paths!r}:\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit as exc:\n"
        "        assert not exc.code, (args, exc.code)\n"
        f"bad = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "sys.stderr.write('HEAVY:' + ','.join(bad))\n"
    )
    env = env_without_home() | {"CADA_HOME": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert proc.stderr.strip().endswith("HEAVY:"), proc.stderr[-2000:]
    assert proc.stdout.count("Usage: cada") == len(paths) - 1  # --version prints no usage


def test_version(cada):
    from cada_tracker import __version__

    r = cada("--version")
    assert r.code == 0 and r.out.strip() == f"cada {__version__}"


def test_every_command_has_help(cada):
    from cada_tracker.cli import _load_commands

    app = _load_commands()
    import typer.main

    group = typer.main.get_command(app)

    def walk(cmd, path):
        for name, sub in getattr(cmd, "commands", {}).items():
            assert (sub.help or "").strip(), f"cada {' '.join(path + [name])} has no help"
            walk(sub, path + [name])

    walk(group, [])


# --- init and profile ------------------------------------------------------------------------


def test_init_creates_home_and_profile(cada, cada_home):
    r = cada("init", "--name", "Jeanne Dupont", "--email", "jeanne@example.org", "--json")
    assert r.code == 0, r.err
    assert r.json["profile"]["name"] == "Jeanne Dupont"
    assert (cada_home / "cada.db").exists()
    # running again edits without losing fields
    r = cada("init", "--address", "1 rue X, 34000 Montpellier", "--json")
    assert r.json["profile"]["email"] == "jeanne@example.org"
    assert r.json["profile"]["address"].startswith("1 rue X")


def test_init_without_name_first_time_is_usage_error(cada):
    r = cada("init", "--email", "a@b.fr")
    assert r.code == 2 and "name" in r.err and "Traceback" not in r.err


# --- authorities -----------------------------------------------------------------------------


def test_authority_add_list_show_edit(cada):
    r = cada("authority", "add", "Ville de Montpellier", "--department", "34")
    assert r.code == 0 and r.out.strip() == "ville-de-montpellier"
    r = cada("authority", "add", "Préfecture de l'Hérault", "--slug", "prefecture-34",
             "--kind", "prefecture", "--department", "34", "--json")
    assert r.json["slug"] == "prefecture-34" and r.json["kind"] == "prefecture"
    r = cada("authority", "list", "--json")
    assert [a["slug"] for a in r.json["authorities"]] == ["prefecture-34", "ville-de-montpellier"]
    r = cada("authority", "edit", "ville-de-montpellier", "--email", "x@example.org", "--json")
    assert r.code == 0 and r.json["email"] == "x@example.org" and r.json["department"] == "34"
    r = cada("authority", "show", "ville-de-montpellier")
    assert "x@example.org" in r.out


def test_authority_duplicate_slug_is_conflict(cada):
    assert cada("authority", "add", "Ville de Montpellier").code == 0
    r = cada("authority", "add", "Ville de Montpellier")
    assert r.code == 4 and "already exists" in r.err


def test_unknown_authority_suggests_closest(cada):
    cada("authority", "add", "Ville de Montpellier")
    r = cada("authority", "show", "ville-de-montpelier")
    assert r.code == 3
    assert "ville-de-montpellier" in r.err and r.err.count("\n") == 1


def test_bad_department_is_usage_error(cada):
    r = cada("authority", "add", "Ville", "--department", "99")
    assert r.code == 2 and "INSEE" in r.err


def test_import_csv_all_or_nothing(cada, tmp_path):
    good = tmp_path / "a.csv"
    good.write_text(
        "name,slug,department,email\n"
        "Ville de Montpellier,ville-de-montpellier,34,a@example.org\n"
        "Eurométropole de Strasbourg,,67,\n",
        encoding="utf-8",
    )
    r = cada("authority", "import", str(good), "--json")
    assert r.code == 0, r.err
    assert [a["slug"] for a in r.json["imported"]] == [
        "ville-de-montpellier", "eurometropole-de-strasbourg"]
    bad = tmp_path / "b.csv"
    bad.write_text("name,department\nVille de Sète,34\nVille de Nulle Part,99\n", encoding="utf-8")
    r = cada("authority", "import", str(bad))
    assert r.code == 2 and "line 3" in r.err and "Nothing was imported" in r.err
    r = cada("authority", "list", "--json")
    assert len(r.json["authorities"]) == 2  # Sète (line 2) was not imported either


def test_import_csv_duplicate_of_existing_row_reports_line(cada, tmp_path):
    cada("authority", "add", "Ville de Montpellier")
    f = tmp_path / "c.csv"
    f.write_text("name\nVille de Sète\nVille de Montpellier\n", encoding="utf-8")
    r = cada("authority", "import", str(f))
    assert r.code == 4 and "line 3" in r.err
    assert len(cada("authority", "list", "--json").json["authorities"]) == 1


def test_import_csv_not_utf8(cada, tmp_path):
    f = tmp_path / "latin1.csv"
    f.write_bytes("name\nVille de Sète\n".encode("latin-1"))
    r = cada("authority", "import", str(f))
    assert r.code == 2 and "UTF-8" in r.err and "line 2" in r.err


@pytest.mark.parametrize(
    "content,needle",
    [(b"", "empty"), (b"nom,ville\nX,Y\n", "header"), (b"name,department\nA\n", "line 2")],
)
def test_import_csv_malformed(cada, tmp_path, content, needle):
    f = tmp_path / "x.csv"
    f.write_bytes(content)
    r = cada("authority", "import", str(f))
    assert r.code == 2 and needle in r.err and "Traceback" not in r.err


def test_import_csv_missing_file_and_directory(cada, tmp_path):
    assert cada("authority", "import", str(tmp_path / "nope.csv")).code == 3
    assert cada("authority", "import", str(tmp_path)).code == 2


# --- requests and events ---------------------------------------------------------------------


CONTRACT_REQUEST_KEYS = {"reference", "authority", "subject", "state", "events", "deadlines",
                         "next_action"}
CONTRACT_DEADLINE_KEYS = {"kind", "date", "safe_date", "actor", "basis", "confidence",
                          "opposable", "estimated"}


def test_new_request_json_has_contract_shape(cada, montpellier):
    r = cada("--today", "2020-02-07", "new", "-a", "ville-de-montpellier", "-s", "Caméras",
             "--ref", "NEW-1", "--json")
    assert r.code == 0, r.err
    data = r.json
    assert CONTRACT_REQUEST_KEYS <= set(data)
    assert data["reference"] == "NEW-1" and data["state"] == "draft" and data["events"] == []
    assert data["authority"] == {"slug": "ville-de-montpellier", "name": "Ville de Montpellier"}
    assert data["documents_requested"] == ["Caméras"]
    assert set(data["next_action"]) >= {"what", "kind", "date"}


def test_new_log_show_and_status_print_the_same_request_object(cada, montpellier):
    # A requester living abroad gets two more months before a metropolitan court (CJA
    # R421-7): every command must apply it, not only show/status.
    assert cada("init", "--residence", "abroad").code == 0
    for day, event in (("2023-01-31", "sent"), ("2023-01-31", "received"),
                       ("2023-03-01", "cada-sent"), ("2023-03-01", "cada-registered")):
        logged = cada("--today", day, "log", montpellier, event, "--json")
        assert logged.code == 0, logged.err
    shown = cada("--today", "2023-03-01", "show", montpellier, "--json").json
    status = cada("--today", "2023-03-01", "status", "--json").json["requests"][0]
    for key in CONTRACT_REQUEST_KEYS:
        assert logged.json[key] == shown[key] == status[key], key
    for d in shown["deadlines"]:
        assert CONTRACT_DEADLINE_KEYS <= set(d)
    court = next(d for d in shown["deadlines"] if d["kind"] == "court_by")
    # K = 1 May 2023 (registered 1 Mar + 2 months); + 2 months + 2 months abroad + 1 franc day
    # = Sun 2 Sep 2023 -> Mon 4 Sep 2023 (CPC 642).
    assert court["date"] == "2023-09-04"


def test_new_auto_reference_and_duplicate(cada, montpellier):
    r = cada("--today", "2020-03-01", "new", "-a", "ville-de-montpellier", "-s", "Caméras")
    assert r.code == 0 and r.out.strip() == "2020-002"
    r = cada("new", "-a", "ville-de-montpellier", "-s", "X", "--ref", "2020-001")
    assert r.code == 4 and "already exists" in r.err


def test_new_unknown_authority(cada, montpellier):
    r = cada("new", "-a", "ville-de-montpelier", "-s", "X")
    assert r.code == 3 and "ville-de-montpellier" in r.err


def test_new_without_subject_never_prompts_when_not_a_terminal(cada, montpellier):
    r = cada("new", "-a", "ville-de-montpellier")
    assert r.code == 2 and "--subject" in r.err


def test_new_bad_channel(cada, montpellier):
    r = cada("new", "-a", "ville-de-montpellier", "-s", "X", "--channel", "pigeon")
    assert r.code == 2 and "pigeon" in r.err


def test_log_sequence_and_states(cada, montpellier):
    r = cada("--today", "2020-02-07", "log", montpellier, "sent", "--on", "2020-02-07")
    assert r.code == 0, r.err
    r = cada("--today", "2020-02-07", "log", montpellier, "received", "--json")
    assert r.code == 0 and r.json["state"] == "awaiting-reply"
    assert r.json["events"][-1] == {"kind": "received", "date": "2020-02-07", "outcome": None,
                                    "note": None}
    r = cada("--today", "2020-06-15", "log", montpellier, "reply", "--outcome", "full", "--json")
    assert r.code == 0 and r.json["state"] == "complete"


def test_log_unknown_reference(cada, montpellier):
    r = cada("log", "2020-01", "sent")
    assert r.code == 3 and "2020-001" in r.err


def test_log_impossible_date(cada, montpellier):
    r = cada("log", montpellier, "sent", "--on", "2020-02-30")
    assert r.code == 2 and "2020-02-30" in r.err and "Traceback" not in r.err
    r = cada("--today", "2020-02-30", "status")
    assert r.code == 2


def test_log_event_in_future_refused_then_forced(cada, montpellier):
    r = cada("--today", "2020-02-07", "log", montpellier, "sent", "--on", "2020-02-10")
    assert r.code == 4 and "after today" in r.err
    r = cada("--today", "2020-02-07", "log", montpellier, "sent", "--on", "2020-02-10", "--force")
    assert r.code == 0 and "forced" in r.out


def test_cada_opinion_on_unsent_request_refused(cada, montpellier):
    r = cada("--today", "2020-05-01", "log", montpellier, "cada-opinion", "--outcome",
             "favorable")
    assert r.code == 4 and "draft" in r.err
    r = cada("--today", "2020-05-01", "show", montpellier, "--json")
    assert r.json["events"] == []  # nothing written
    r = cada("--today", "2020-05-01", "log", montpellier, "cada-opinion", "--outcome",
             "favorable", "--force")
    assert r.code == 0


def test_event_before_sending_refused(cada, montpellier):
    cada("--today", "2020-02-07", "log", montpellier, "sent")
    r = cada("--today", "2020-04-01", "log", montpellier, "reply", "--outcome", "refused",
             "--on", "2020-02-01")
    assert r.code == 4 and "before the request was sent" in r.err


def test_outcome_validation(cada, montpellier):
    cada("--today", "2020-02-07", "log", montpellier, "sent")
    assert cada("--today", "2020-03-01", "log", montpellier, "reply").code == 2
    r = cada("--today", "2020-03-01", "log", montpellier, "reply", "--outcome", "maybe")
    assert r.code == 2 and "full" in r.err
    assert cada("--today", "2020-03-01", "log", montpellier, "sent", "--outcome", "full").code == 2
    r = cada("--today", "2020-03-01", "log", montpellier, "sentt")
    assert r.code == 2 and "sent" in r.err


# --- status ----------------------------------------------------------------------------------


def test_status_json_shape_and_filters(cada, montpellier):
    cada("--today", "2020-02-07", "log", montpellier, "sent")
    cada("--today", "2020-02-07", "log", montpellier, "received")
    r = cada("--today", "2020-02-20", "status", "--json")
    assert r.code == 0
    assert set(r.json) == {"today", "requests"} and r.json["today"] == "2020-02-20"
    (req,) = r.json["requests"]
    assert req["reference"] == "2020-001" and req["state"] == "awaiting-reply"
    r = cada("--today", "2020-02-20", "status", "--authority", "nowhere")
    assert r.code == 3
    r = cada("--today", "2020-02-20", "status", "--due-within", "-1")
    assert r.code == 2


def test_status_pipe_to_head_has_no_traceback(cada, montpellier, cada_home):
    for i in range(30):
        cada("--today", "2020-02-07", "new", "-a", "ville-de-montpellier", "-s", f"Objet {i}")
    env = env_without_home() | {"CADA_HOME": str(cada_home), "CADA_TODAY": "2020-02-07"}
    cmd = f"{sys.executable} -m cada_tracker status --all | head -1"
    proc = subprocess.run(cmd, shell=True, capture_output=True, text=True, env=env)
    assert proc.returncode == 0
    assert proc.stdout.startswith("REF")
    assert proc.stderr == ""


# --- storage errors --------------------------------------------------------------------------


def test_not_a_database_is_left_untouched(cada, cada_home):
    cada_home.mkdir(parents=True)
    db = cada_home / "cada.db"
    db.write_bytes(b"this is my thesis, not a database\n" * 10)
    before = db.read_bytes()
    for args in (("status",), ("authority", "add", "X"), ("db", "status")):
        r = cada(*args)
        assert r.code == 5, args
        assert "not a readable cada database" in r.err and "Traceback" not in r.err
    assert db.read_bytes() == before


def test_foreign_sqlite_database_is_left_untouched(cada, cada_home):
    cada_home.mkdir(parents=True)
    db = cada_home / "cada.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE mine (x)")
    con.commit()
    con.close()
    before = db.read_bytes()
    assert cada("status").code == 5
    assert db.read_bytes() == before


def test_newer_schema_is_refused_untouched(cada, cada_home):
    assert cada("init", "--name", "J").code == 0
    db = cada_home / "cada.db"
    con = sqlite3.connect(db)
    con.execute("UPDATE alembic_version SET version_num='9999'")
    con.commit()
    con.close()
    before = db.read_bytes()
    r = cada("status")
    assert r.code == 5 and "newer" in r.err
    assert cada("authority", "add", "X").code == 5
    assert db.read_bytes() == before


def test_home_that_cannot_be_created(cada, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = cada("--home", str(blocker / "home"), "init", "--name", "J")
    assert r.code == 5 and "cannot create" in r.err and "Traceback" not in r.err


def _read_only_runner(home: Path) -> list[str] | None:
    """A command prefix under which `home` is read-only, even for root (who ignores
    permission bits): a private read-only bind mount. None when that is impossible here."""
    import os
    import shutil

    if os.geteuid() != 0:
        home.chmod(0o555)
        return []
    if shutil.which("unshare") is None:
        return None
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", f"mount -o bind,ro '{home}' '{home}' && true"],
        capture_output=True,
    )
    if probe.returncode != 0:
        return None
    return ["unshare", "-m", "sh", "-c", f"mount -o bind,ro '{home}' '{home}' && exec \"$@\"",
            "sh"]


def test_read_only_home(tmp_path):
    """A home the user may read but not write: one line, exit 5, nothing created."""
    home = tmp_path / "home"
    home.mkdir()
    prefix = _read_only_runner(home)
    if prefix is None:
        pytest.skip("cannot make a read-only folder here (root without mount namespaces)")
    env = env_without_home() | {"CADA_HOME": str(home)}
    for args in (["init", "--name", "J"], ["authority", "add", "Ville"], ["status"]):
        proc = subprocess.run([*prefix, sys.executable, "-m", "cada_tracker", *args],
                              capture_output=True, text=True, env=env)
        assert proc.returncode == 5, (args, proc.stderr)
        assert proc.stderr.startswith("cada: ") and proc.stderr.count("\n") == 1, proc.stderr
    home.chmod(0o755)
    assert list(home.iterdir()) == []


def test_read_only_home_with_a_database_reads_but_refuses_writes(cada, cada_home):
    assert cada("init", "--name", "J").code == 0
    assert cada("authority", "add", "Ville de Montpellier").code == 0
    prefix = _read_only_runner(cada_home)
    if prefix is None:
        pytest.skip("cannot make a read-only folder here (root without mount namespaces)")
    env = env_without_home() | {"CADA_HOME": str(cada_home)}
    before = (cada_home / "cada.db").read_bytes()

    def run(*args):
        return subprocess.run([*prefix, sys.executable, "-m", "cada_tracker", *args],
                              capture_output=True, text=True, env=env)

    # the read paths (status, show) work on a read-only home; writes are refused cleanly
    listed = run("status", "--all")
    assert listed.returncode == 0, listed.stderr
    added = run("authority", "add", "Ville de Sète")
    assert added.returncode == 5, added.stderr
    assert added.stderr.startswith("cada: ") and added.stderr.count("\n") == 1
    cada_home.chmod(0o755)
    assert (cada_home / "cada.db").read_bytes() == before


@pytest.mark.parametrize("url", [
    "foo", "://", "http://x", "sqlite://", "sqlite:///", "sqlite:///:memory:",
    "sqlite:///file:x.db?mode=ro&uri=true",
])
def test_bad_database_urls_are_usage_errors(cada, url):
    r = cada("--db", url, "status")
    assert r.code == 2 and "sqlite:///" in r.err and r.err.count("\n") == 1


def test_empty_options_are_refused(cada, montpellier):
    assert cada("--home", "", "status").code == 2
    assert cada("log", montpellier, "sent", "--on", "").code == 2
    assert cada("log", montpellier, "sent", "--on", "2020-02-07 ").code == 2
    assert cada("new", "-a", "ville-de-montpellier", "-s", "X", "--ref", "").code == 2


def test_dates_outside_the_supported_years(cada, montpellier):
    r = cada("--today", "9999-12-31", "log", montpellier, "sent", "--on", "9999-12-30")
    assert r.code == 2 and "2999" in r.err
    assert cada("--today", "２０２０-01-01", "status").code == 2
    assert cada("--today", "1899-12-31", "status").code == 2
    # nothing was written, and status still works
    assert cada("--today", "2020-02-07", "show", montpellier, "--json").json["events"] == []


def test_zero_byte_database_is_refused_untouched(cada, cada_home):
    cada_home.mkdir(parents=True)
    (cada_home / "cada.db").write_bytes(b"")
    r = cada("status")
    assert r.code == 5 and "0 bytes" in r.err
    assert (cada_home / "cada.db").read_bytes() == b""


# --- db commands -----------------------------------------------------------------------------


def test_db_path_status_backup(cada, montpellier, cada_home, tmp_path):
    r = cada("db", "path")
    assert r.out.strip() == str(cada_home / "cada.db")
    r = cada("db", "status", "--json")
    assert r.json["counts"]["request"] == 1 and r.json["revision"] == r.json["head"]
    target = tmp_path / "copy.db"
    r = cada("db", "backup", str(target))
    assert r.code == 0 and target.exists()
    con = sqlite3.connect(target)
    assert con.execute("SELECT reference FROM request").fetchall() == [("2020-001",)]
    con.close()
    r = cada("db", "backup", str(target))
    assert r.code == 4
    assert cada("db", "backup", str(target), "--force").code == 0


def test_backup_while_another_connection_writes(cada, montpellier, cada_home, tmp_path):
    con = sqlite3.connect(cada_home / "cada.db")
    con.execute("BEGIN IMMEDIATE")
    con.execute("UPDATE request SET subject='changed, not committed'")
    try:
        r = cada("db", "backup", str(tmp_path / "b.db"))
        assert r.code == 0, r.err
    finally:
        con.rollback()
        con.close()
    copy = sqlite3.connect(tmp_path / "b.db")
    assert copy.execute("SELECT subject FROM request").fetchone()[0].startswith("Observatoire")
    copy.close()


def test_sqlite_pragmas(cada, montpellier):
    from cada_tracker.paths import resolve_settings
    from cada_tracker.storage import db

    engine = db.get_engine(resolve_settings())
    with engine.connect() as con:
        assert con.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert con.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert con.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_two_processes_at_once(cada, montpellier, cada_home):
    env = env_without_home() | {"CADA_HOME": str(cada_home), "CADA_TODAY": "2020-02-07"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "cada_tracker", "new", "-a", "ville-de-montpellier",
             "-s", f"Parallèle {i}", "--ref", f"P-{i}"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for i in range(4)
    ]
    results = [p.communicate() + (p.returncode,) for p in procs]
    assert all(rc == 0 for _, _, rc in results), results
    refs = {r["reference"] for r in cada("--today", "2020-02-07", "status", "--all",
                                         "--json").json["requests"]}
    assert {"P-0", "P-1", "P-2", "P-3"} <= refs


def test_debug_shows_traceback_only_with_flag(cada, cada_home):
    cada_home.mkdir(parents=True)
    (cada_home / "cada.db").write_bytes(b"garbage" * 20)
    assert "Traceback" not in cada("status").err
    assert "Traceback" in cada("--debug", "status").err


# --- demo ------------------------------------------------------------------------------------


def test_demo_twice_in_same_home(cada, tmp_path):
    home = tmp_path / "demo"
    for _ in range(2):
        r = cada("--today", "2026-11-28", "demo", "--home", str(home))
        assert r.code == 0, r.err
        assert "2020-001" in r.out and "DEMO-DRONES" in r.out
        assert "Map Revelation" in r.out or "OLTP" in r.out or "tranquillité" in r.out
    r = cada("--home", str(home), "--today", "2026-11-28", "status", "--all", "--json")
    refs = sorted(x["reference"] for x in r.json["requests"])
    assert refs == ["2020-001", "DEMO-DRONES", "DEMO-HYPERVISION"]
    ill = {x["reference"]: x["illustrative"] for x in r.json["requests"]}
    assert ill == {"2020-001": False, "DEMO-DRONES": True, "DEMO-HYPERVISION": True}


def test_demo_default_home_is_fresh_temp_folder(cada, cada_home):
    r = cada("--today", "2026-11-28", "demo")
    assert r.code == 0, r.err
    first = r.out.splitlines()[0]
    assert first.startswith("demo home: ")
    home = Path(first.split(": ", 1)[1])
    assert home.exists() and home != cada_home and not cada_home.exists()


def test_demo_refuses_a_real_home(cada, montpellier, cada_home):
    r = cada("demo", "--home", str(cada_home))
    assert r.code == 4 and "did not create" in r.err


def test_migrations_produce_the_models_schema(cada, cada_home):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine
    from sqlmodel import SQLModel

    import cada_tracker.storage.tables  # noqa: F401

    assert cada("init", "--name", "J").code == 0
    engine = create_engine(f"sqlite:///{cada_home / 'cada.db'}")
    with engine.connect() as con:
        # The FTS5 index (search_index and its shadow tables) lives outside the ORM by design.
        ctx = MigrationContext.configure(con, opts={
            "compare_type": True,
            "include_name": lambda name, type_, parent: not (
                type_ == "table" and name.startswith("search_index")),
        })
        diff = compare_metadata(ctx, SQLModel.metadata)
    engine.dispose()
    assert diff == []


def test_json_is_one_document(cada, montpellier):
    r = cada("--today", "2020-02-07", "status", "--all", "--json")
    json.loads(r.out)  # raises if there is anything else on stdout


def test_new_prompts_for_missing_options_on_a_terminal(cada, montpellier, monkeypatch):
    import io

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Terminal("ville-de-montpellier\nVidéosurveillance\n"))
    r = cada("--today", "2020-03-01", "new", "--ref", "PROMPTED")
    assert r.code == 0, r.err
    assert "Authority" in r.out and "Subject" in r.out
    shown = cada("--today", "2020-03-01", "show", "PROMPTED", "--json").json
    assert shown["subject"] == "Vidéosurveillance"
    assert shown["authority"]["slug"] == "ville-de-montpellier"


def test_import_csv_line_numbers_count_blank_lines(cada, tmp_path):
    cada("authority", "add", "Ville de Montpellier")
    f = tmp_path / "blank.csv"
    f.write_text("name\n\nVille de Sète\n\nVille de Montpellier\n", encoding="utf-8")
    r = cada("authority", "import", str(f))
    assert r.code == 4 and "line 5" in r.err and "slug column" in r.err


@pytest.mark.parametrize("args", [
    ["new", "-a", "ville-de-montpellier", "-s", "x\nBcc: someone@example.org"],
    ["new", "-a", "ville-de-montpellier", "-s", "ok", "-d", "a\rb"],
    ["authority", "add", "Nom\nX: 1"],
    ["init", "--name", "A\nB"],
    ["authority", "add", "Fake\u202efdp.exe"],
])
def test_line_breaks_and_control_characters_are_refused(cada, montpellier, args):
    r = cada(*args)
    assert r.code == 2 and "one line" in r.err


def test_multi_line_postal_address_is_kept(cada):
    r = cada("init", "--name", "J", "--address", "1 rue X\n34000 Montpellier", "--json")
    assert r.code == 0 and r.json["profile"]["address"] == "1 rue X\n34000 Montpellier"


def test_reserved_and_non_ascii_references(cada, montpellier):
    for ref in ("templates", "a/b", "é"):
        r = cada("new", "-a", "ville-de-montpellier", "-s", "X", "--ref", ref)
        assert r.code == 2 and "ASCII" in r.err, ref


def test_authority_name_without_slug_material(cada):
    r = cada("authority", "add", "🚓")
    assert r.code == 2 and "--slug" in r.err
    assert cada("authority", "add", "🚓", "--slug", "police").code == 0


def test_events_after_the_end_and_reasons(cada, montpellier):
    cada("--today", "2020-02-07", "log", montpellier, "sent")
    r = cada("--today", "2020-04-01", "log", montpellier, "reasons-received")
    assert r.code == 4 and "reasons-requested" in r.err
    cada("--today", "2020-04-01", "log", montpellier, "closed")
    r = cada("--today", "2020-04-02", "log", montpellier, "reply", "--outcome", "full")
    assert r.code == 4 and "closed" in r.err and "missing events" not in r.err
    assert cada("--today", "2020-04-02", "log", montpellier, "note", "--note", "x").code == 0


def test_same_day_sent_typed_after_received(cada, montpellier):
    assert cada("--today", "2020-02-07", "log", montpellier, "received").code == 0
    r = cada("--today", "2020-02-07", "log", montpellier, "sent", "--json")
    assert r.code == 0 and r.json["state"] == "awaiting-reply"
    assert [e["kind"] for e in r.json["events"]] == ["sent", "received"]


def test_backup_refusals(cada, montpellier, cada_home, tmp_path):
    assert cada("db", "backup", str(cada_home / "cada.db"), "--force").code == 2
    assert cada("db", "backup", str(tmp_path)).code == 4
    r = cada("db", "backup", str(tmp_path / "missing" / "x.db"))
    assert r.code == 1 and "does not exist" in r.err


def test_demo_home_that_is_a_file(cada, tmp_path):
    f = tmp_path / "file"
    f.write_text("x")
    assert cada("demo", "--home", str(f)).code == 2
    d = tmp_path / "d"
    (d / "cada.db").mkdir(parents=True)
    assert cada("demo", "--home", str(d)).code == 5


def test_status_filters_that_match_nothing_say_so(cada, montpellier):
    r = cada("--today", "2020-02-07", "status", "--overdue")
    assert r.code == 0 and "no request matches" in r.out
    assert cada("remind", "--within", "-1").err.startswith("cada: --within")


@pytest.mark.parametrize("args", [
    ["status", "--due-within", "abc"], ["status", "--bogus"], ["log"], ["authority", "nope"],
])
def test_parser_usage_errors_are_one_line(cada, args):
    r = cada(*args)
    assert r.code == 2 and r.err.startswith("cada: ") and r.err.count("\n") == 1, r.err
    assert "--help" in r.err


def test_note_with_a_bell_does_not_reach_the_terminal(cada, montpellier):
    cada("--today", "2020-02-07", "log", montpellier, "note", "--note", "ding\a\x1b[2J")
    out = cada("--today", "2020-02-07", "show", montpellier).out
    assert "\a" not in out and "\x1b" not in out and "ding\\u0007" in out


def test_frozen_letter_is_the_letter_as_rendered_when_sent(cada, tmp_path):
    """A profile change between `new` and `sent` is in the frozen letter (it is what
    `cada letter REF demande` printed); a change after sending never is."""
    assert cada("init", "--name", "Alice Old", "--email", "a@example.org",
                "--address", "1 rue X, 34000 Montpellier").code == 0
    assert cada("authority", "add", "Ville de Sète", "--department", "34",
                "--email", "x@example.org").code == 0
    assert cada("--today", "2023-01-10", "new", "-a", "ville-de-sete", "-s", "Caméras",
                "--ref", "R1").code == 0
    assert cada("init", "--name", "Alice New").code == 0
    printed = cada("--today", "2023-01-12", "letter", "R1", "demande").out
    assert "Alice New" in printed
    assert cada("--today", "2023-01-12", "log", "R1", "sent").code == 0
    frozen = cada("--today", "2023-01-12", "show", "R1", "--json").json["letters"][0]
    assert "Alice New" in frozen["body"] and "Alice Old" not in frozen["body"]
    assert frozen["date"] == "2023-01-12"
    assert cada("init", "--name", "Alice Later").code == 0
    again = cada("--today", "2023-02-01", "show", "R1", "--json").json["letters"][0]
    assert again == frozen


def test_db_status_reports_an_older_schema_without_upgrading_it(cada, cada_home):
    assert cada("init", "--name", "J").code == 0
    db = cada_home / "cada.db"
    con = sqlite3.connect(db)
    con.execute("UPDATE alembic_version SET version_num='0001'")
    con.commit()
    con.close()
    def files():  # SQLite's own -wal/-shm companions come and go with any reader
        return sorted(p.name for p in cada_home.iterdir() if not p.name.endswith(("-wal", "-shm")))

    before = files()
    r = cada("db", "status", "--json")
    assert r.code == 0 and r.json["revision"] == "0001" and r.json["head"] != "0001"
    assert files() == before  # no backup, no upgrade
    assert cada("db", "status", "--json").json["revision"] == "0001"
    # the next write upgrades it, after a backup next to it
    assert cada("authority", "add", "Ville").code == 0
    assert any(p.name.startswith("cada.db.0001.") for p in cada_home.iterdir())


def test_premature_referral_and_court_application_are_refused(cada, montpellier):
    # Received Wed 3 Jan 2024: B = Sat 3 Feb 2024; referral admissible from Sun 4 Feb 2024.
    cada("--today", "2024-01-03", "log", montpellier, "sent")
    cada("--today", "2024-01-03", "log", montpellier, "received")
    r = cada("--today", "2024-01-20", "log", montpellier, "cada-sent")
    assert r.code == 4 and "premature" in r.err and "2024-02-04" in r.err
    assert cada("--today", "2024-02-04", "log", montpellier, "cada-sent").code == 0
    assert cada("--today", "2024-02-06", "log", montpellier, "cada-registered").code == 0
    # K = 6 Apr 2024 (registered 6 Feb + 2 months); filing on K itself is still premature.
    r = cada("--today", "2024-04-06", "log", montpellier, "court-filed")
    assert r.code == 4 and "2024-04-06" in r.err
    assert cada("--today", "2024-04-08", "log", montpellier, "court-filed").code == 0


def test_legal_aid_decision_needs_a_request(cada, montpellier):
    cada("--today", "2024-01-03", "log", montpellier, "sent")
    cada("--today", "2024-01-03", "log", montpellier, "received")
    cada("--today", "2024-02-05", "log", montpellier, "cada-sent")
    r = cada("--today", "2024-02-10", "log", montpellier, "legal-aid-decided")
    assert r.code == 4 and "legal-aid-requested" in r.err


def test_outputs_never_replace_the_database_or_the_store(cada, montpellier, cada_home):
    db = cada_home / "cada.db"
    before = db.read_bytes()
    for args in (
        ["calendar", "-o", str(db), "--force"],
        ["letter", montpellier, "-o", str(db), "--force"],
        ["letter", montpellier, "-o", str(cada_home / "cada.db-wal"), "--force"],
        ["db", "backup", str(cada_home / "cada.db-wal"), "--force"],
        ["db", "backup", str(cada_home / "documents" / "x.db")],
    ):
        r = cada("--today", "2020-02-07", *args)
        assert r.code == 4 and "database or document store" in r.err, (args, r.err)
    assert db.read_bytes() == before
    assert cada("db", "backup", "").code == 2


def test_empty_document_and_note_are_refused(cada, montpellier):
    assert cada("new", "-a", "ville-de-montpellier", "-s", "s", "-d", "").code == 2
    assert cada("log", montpellier, "note", "--note", "").code == 2


def test_today_before_the_history_ignores_later_events(cada, montpellier):
    cada("--today", "2020-02-07", "log", montpellier, "sent")
    cada("--today", "2020-02-07", "log", montpellier, "received")
    cada("--today", "2020-06-15", "log", montpellier, "reply", "--outcome", "full")
    earlier = cada("--today", "2020-03-01", "show", montpellier, "--json").json
    assert earlier["state"] == "awaiting-reply"
    statuses = {d["kind"]: d["status"] for d in earlier["deadlines"]}
    assert statuses["implicit_refusal"] == "pending"
    assert statuses["cada_referral_by"] == "pending"  # the June reply is not known yet
    assert cada("--today", "2020-07-01", "show", montpellier, "--json").json["state"] == "complete"


def test_broken_pipe_always_exits_zero(cada, tmp_path):
    home = tmp_path / "demo"
    assert cada("--today", "2026-11-28", "demo", "--home", str(home)).code == 0
    env = env_without_home() | {"CADA_HOME": str(home), "CADA_TODAY": "2026-11-28"}
    for command in ("show 2020-001", "explain 2020-001", "status --all"):
        for _ in range(3):
            proc = subprocess.run(
                ["bash", "-c", f"set -o pipefail; {sys.executable} -m cada_tracker {command}"
                               " | head -c1 > /dev/null"],
                capture_output=True, text=True, env=env,
            )
            assert proc.returncode == 0 and proc.stderr == "", (command, proc.stderr)
