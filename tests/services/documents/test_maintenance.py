"""cada check (and --repair): the store against the database, and back."""

from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager

import pytest

from tests.services.documents.helpers import make_pdf


def _blob(home, sha):
    return home / "documents" / sha[:2] / sha[2:4] / sha


def test_check_ok_then_corrupted_then_missing(cada, montpellier, tmp_path, cada_home):
    d = cada("attach", montpellier, make_pdf(tmp_path / "a.pdf", ["x"]), "--json").json
    sha = d["documents"][0]["sha256"]
    ok = cada("check")
    assert ok.code == 0 and "1 file(s) verified" in ok.out
    blob = _blob(cada_home, sha)
    blob.chmod(0o644)
    with open(blob, "ab") as fh:
        fh.write(b"tampered")
    bad = cada("check", "--json")
    assert bad.code == 5
    assert bad.json["corrupted"][0]["sha256"] == sha and not bad.json["ok"]
    assert "1 corrupted" in bad.err
    blob.unlink()
    gone = cada("check")
    assert gone.code == 5 and "missing" in gone.out
    assert cada("check", "--repair").code == 5  # repair never "fixes" a missing file


@contextmanager
def store_lock_held(store):
    """The store lock held as a running `cada attach` holds it (another open file, so
    another holder, even in this process)."""
    with open(store / "tmp" / ".lock", "a+b") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def test_orphans_and_repair(cada, montpellier, tmp_path, cada_home):
    cada("attach", montpellier, make_pdf(tmp_path / "a.pdf", ["x"]))
    sha = "ab" * 32
    orphan = _blob(cada_home, sha)
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"orphan")
    stranger = cada_home / "documents" / "notes.txt"
    stranger.write_text("mine")
    young_tmp = cada_home / "documents" / "tmp" / "running.part"
    young_tmp.write_bytes(b"in progress")
    old_tmp = cada_home / "documents" / "tmp" / "dead.part"
    old_tmp.write_bytes(b"dead")
    old = time.time() - 3 * 3600
    os.utime(old_tmp, (old, old))
    with store_lock_held(cada_home / "documents"):
        # another cada writes: a recent unreferenced blob or temporary file may be its own
        # (not committed yet): reported as recent, not an error
        r = cada("check", "--json")
        assert r.json["recent_unreferenced"] == [{"path": str(orphan), "size": 6}]
        assert r.json["stale_temporary"] == [{"path": str(old_tmp), "size": 4}]
        os.utime(orphan, (old, old))
        r = cada("check", "--json")
        assert r.code == 5
        assert {o["path"] for o in r.json["orphaned"]} == {str(orphan), str(stranger)}
        assert r.json["stale_temporary"] == [{"path": str(old_tmp), "size": 4}]
    # nobody writes: every temporary file is a leftover
    r = cada("check", "--json")
    assert {t["path"] for t in r.json["stale_temporary"]} == {str(old_tmp), str(young_tmp)}
    repaired = cada("check", "--repair", "--json")
    assert set(repaired.json["removed"]) == {str(orphan), str(old_tmp), str(young_tmp)}
    assert not orphan.exists() and not old_tmp.exists() and not young_tmp.exists()
    assert stranger.exists()  # not named by a SHA-256: cannot prove it is an orphan
    assert repaired.code == 5
    stranger.unlink()
    assert cada("check").code == 0


def _killed_attach(home, ref, path, *, when) -> None:
    """`cada attach` in a process of its own, killed (SIGKILL) as soon as `when(store)`."""
    import subprocess
    import sys

    from tests.conftest import env_without_home

    store = home / "documents"
    env = env_without_home() | {"CADA_HOME": str(home)}
    proc = subprocess.Popen([sys.executable, "-m", "cada_tracker", "attach", ref, str(path)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            if when(store):
                proc.kill()
                break
            time.sleep(0.002)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == -9, "the attach ended before it could be killed"


def _parts(store):
    return list((store / "tmp").glob("*.part")) if (store / "tmp").is_dir() else []


def _stored(store):
    return [p for p in store.glob("??/??/*") if p.is_file()]


@pytest.mark.slow
@pytest.mark.sqlite_only("the killed attach is a subprocess on the home's SQLite file")
def test_leftovers_of_a_killed_attach_are_reported_at_once_and_repaired(
        cada, montpellier, tmp_path, cada_home):
    big = tmp_path / "big.txt"
    big.write_bytes(b"du texte recu de la ville, ligne apres ligne\n" * 400_000)
    # killed while copying (a temporary file), then after the blob was stored but before the
    # database committed (a blob no document links)
    _killed_attach(cada_home, montpellier, big, when=lambda s: _parts(s))
    _killed_attach(cada_home, montpellier, big, when=lambda s: _stored(s))
    store = cada_home / "documents"
    part, = _parts(store)
    blob, = _stored(store)
    assert blob.stat().st_size == big.stat().st_size
    # no cada holds the store lock: both are leftovers now, not in an hour
    r = cada("check", "--json")
    assert r.code == 5 and not r.json["ok"]
    assert r.json["orphaned"] == [{"path": str(blob), "size": big.stat().st_size,
                                   "removable": True}]
    assert r.json["stale_temporary"] == [{"path": str(part), "size": part.stat().st_size}]
    assert r.json["recent_unreferenced"] == []
    text = cada("check")
    assert f"orphaned: {blob} (18.0 MB)" in text.out
    assert f"leftover temporary file: {part} (" in text.out
    assert text.code == 5 and "1 orphaned" in text.err and "1 stale temporary" in text.err
    repaired = cada("check", "--repair", "--json")
    assert set(repaired.json["removed"]) == {str(blob), str(part)}
    assert repaired.code == 0 and repaired.json["ok"]
    assert _parts(store) == [] and _stored(store) == []
    assert cada("check").code == 0
    assert cada("documents", "--json").json["documents"] == []
