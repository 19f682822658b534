"""cada check (and --repair): the store against the database, and back."""

from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager

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
