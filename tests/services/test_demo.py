"""`cada demo`: where it builds, what it refuses."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

# the demo always builds a SQLite home of its own, whatever CADA_DATABASE_URL says
pytestmark = pytest.mark.sqlite_only("the demo's home is a SQLite file by design")


def test_demo_never_writes_into_the_server_and_says_how_to_reach_its_file(cada, tmp_path,
                                                                         monkeypatch):
    # a server that does not exist: the demo must not even try it
    monkeypatch.setenv("CADA_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/nothing")
    home = tmp_path / "demo"
    r = cada("--today", "2026-11-28", "demo", "--home", str(home))
    assert r.code == 0, r.err
    assert (home / "cada.db").is_file()
    where = f"cada --home {home} --db sqlite:///{home / 'cada.db'} status --all"
    assert where in r.out
    r = cada("--home", str(home), "--db", f"sqlite:///{home / 'cada.db'}",
             "--today", "2026-11-28", "status", "--all", "--json")
    assert "DEMO-DRONES" in {x["reference"] for x in r.json["requests"]}



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


def test_demo_home_that_is_a_file(cada, tmp_path):
    f = tmp_path / "file"
    f.write_text("x")
    assert cada("demo", "--home", str(f)).code == 2
    d = tmp_path / "d"
    (d / "cada.db").mkdir(parents=True)
    assert cada("demo", "--home", str(d)).code == 5


@pytest.mark.slow
@pytest.mark.parametrize("inside", [False, True])
def test_demo_in_a_read_only_folder_is_refused_cleanly(tmp_path, inside):
    """The folder itself, or a new folder inside it: exit 5, the home message, nothing made."""
    from tests.conftest import env_without_home
    from tests.storage.test_database import _read_only_runner

    folder = tmp_path / "ro"
    folder.mkdir()
    prefix = _read_only_runner(folder)
    if prefix is None:
        pytest.skip("cannot make a read-only folder here (root without mount namespaces)")
    home = folder / "demo" if inside else folder
    proc = subprocess.run([*prefix, sys.executable, "-m", "cada_tracker", "demo", "--home",
                           str(home)], capture_output=True, text=True, env=env_without_home())
    assert proc.returncode == 5, proc.stderr
    assert proc.stderr.startswith(f"cada: cannot create or write the cada home {home} ")
    assert proc.stderr.count("\n") == 1 and "internal error" not in proc.stderr
    folder.chmod(0o755)
    assert list(folder.iterdir()) == []
