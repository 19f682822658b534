"""A document store shared by several writers (--store / CADA_STORE, issue 14 item 4): real
`cada attach` processes at once into one store, from two homes and from one; bad values of the
option; where the store is shown; blobs another database may link are never removed."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import env_without_home
from tests.storage.test_database import _read_only_runner


def _home(cada, home: Path) -> None:
    for args in (("init", "--name", "J"), ("authority", "add", "Ville"),
                 ("--today", "2020-02-07", "new", "-a", "ville", "-s", "Budget", "--ref", "R1")):
        assert cada("--home", home, *args).code == 0


def _files(folder: Path, prefix: str, n: int, size: int) -> list[Path]:
    """n text files of `size` bytes, each with its own content (named by `prefix`)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        path = folder / f"{prefix}{i}.txt"
        line = f"{prefix} file {i}: some text of a document received\n".encode()
        path.write_bytes((line * (size // len(line) + 1))[:size])
        out.append(path)
    return out


def _attach(home: Path, ref: str, store: Path, files: list[Path], *, by_env: bool
            ) -> subprocess.Popen:
    env = env_without_home() | {"CADA_HOME": str(home)}
    args = [sys.executable, "-m", "cada_tracker"]
    if by_env:
        env["CADA_STORE"] = str(store)
    else:
        args += ["--store", str(store)]
    return subprocess.Popen([*args, "attach", ref, *map(str, files), "--json"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _blobs(store: Path) -> list[Path]:
    return [p for p in store.rglob("*") if p.is_file()
            and p.parts[len(store.parts)] not in ("tmp", "databases")]


@pytest.mark.slow
@pytest.mark.sqlite_only("two homes are two SQLite databases; subprocesses use the home's file")
def test_writers_at_once_into_one_store_lose_nothing_and_store_each_content_once(
        cada, tmp_path):
    store = tmp_path / "shared"
    store.mkdir()
    a, b = tmp_path / "a", tmp_path / "b"
    _home(cada, a)
    _home(cada, b)
    assert cada("--home", a, "--today", "2020-02-07", "new", "-a", "ville", "-s", "Marchés",
                "--ref", "R2").code == 0
    size = 2 * 1024 * 1024
    same = _files(tmp_path / "in", "same", 4, size)  # attached by every writer
    only_a = _files(tmp_path / "in", "a", 3, size)
    only_b = _files(tmp_path / "in", "b", 3, size)
    more_a = _files(tmp_path / "in", "ma", 3, size)
    procs = [_attach(a, "R1", store, [*same, *only_a], by_env=False),
             _attach(b, "R1", store, [*same, *only_b], by_env=True),
             # a second writer into the same database at the same time
             _attach(a, "R2", store, [*same[:2], *more_a], by_env=True)]
    for p in procs:
        _out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        assert err == ""
    # each content once, each blob whole (it hashes to its name), no temporary file left
    contents = {_sha(f) for f in [*same, *only_a, *only_b, *more_a]}
    blobs = _blobs(store)
    assert sorted(p.name for p in blobs) == sorted(contents)
    for blob in blobs:
        assert _sha(blob) == blob.name and blob.stat().st_size == size
    assert [p.name for p in (store / "tmp").iterdir()] == [".lock"]
    assert not (a / "documents").exists() and not (b / "documents").exists()
    # every document in its database, pointing at its content
    for home, ref, files in ((a, "R1", [*same, *only_a]), (a, "R2", [*same[:2], *more_a]),
                             (b, "R1", [*same, *only_b])):
        listed = cada("--home", home, "--store", store, "documents", ref, "--json")
        assert listed.code == 0, listed.err
        assert sorted((d["name"], d["sha256"]) for d in listed.json["documents"]) == sorted(
            (f.name, _sha(f)) for f in files)
    # check is clean in both homes, says where the store is and that it is shared
    for home in (a, b):
        checked = cada("--home", home, "--store", store, "check", "--json")
        assert checked.code == 0, checked.out + checked.err
        assert checked.json["ok"] and checked.json["store"] == str(store)
        assert checked.json["orphaned"] == [] and checked.json["stale_temporary"] == []
        assert checked.json["other_databases"] == [str(b if home == a else a) + "/cada.db"]
    assert len(list((store / "databases").iterdir())) == 2


def _one_line(r) -> bool:
    return r.err.startswith("cada: ") and r.err.count("\n") == 1 and "Traceback" not in r.err


@pytest.mark.parametrize("kind", ["empty", "blank", "file", "fifo", "device", "missing"])
@pytest.mark.parametrize("by_env", [False, True])
def test_bad_store_values_are_one_line_and_attach_nothing(cada, tmp_path, monkeypatch, kind,
                                                          by_env):
    _home(cada, tmp_path / "h")
    doc = _files(tmp_path / "in", "x", 1, 100)[0]
    value = {"empty": "", "blank": "  ", "file": str(doc), "device": "/dev/null",
             "fifo": str(tmp_path / "fifo"), "missing": str(tmp_path / "no" / "store")}[kind]
    if kind == "fifo":
        os.mkfifo(value)
    if by_env:
        monkeypatch.setenv("CADA_STORE", value)
        args: tuple[str, ...] = ()
    else:
        args = ("--store", value)
    r = cada("--home", tmp_path / "h", *args, "attach", "R1", doc)
    # an empty value or something that is not a folder is a bad value (2); a folder that
    # does not exist is a store that cannot be used (5): it is never created
    assert r.code == (5 if kind == "missing" else 2), r.err
    assert _one_line(r), r.err
    named_by_option = not by_env and kind in ("empty", "blank")
    assert ("--store" if named_by_option else "CADA_STORE") in r.err
    assert not (tmp_path / "no").exists() and not (tmp_path / "h" / "documents").exists()
    monkeypatch.delenv("CADA_STORE", raising=False)
    assert cada("--home", tmp_path / "h", "documents", "--json").json["documents"] == []


@pytest.mark.slow
@pytest.mark.sqlite_only("subprocesses use the home's SQLite file")
def test_read_only_store_refuses_attach_and_still_reads(cada, tmp_path):
    store = tmp_path / "shared"
    store.mkdir()
    home = tmp_path / "h"
    _home(cada, home)
    doc, other = _files(tmp_path / "in", "x", 2, 100)
    assert cada("--home", home, "--store", store, "attach", "R1", doc).code == 0
    prefix = _read_only_runner(store)
    if prefix is None:
        pytest.skip("cannot make a read-only folder here (root without mount namespaces)")
    env = env_without_home() | {"CADA_HOME": str(home), "CADA_STORE": str(store)}

    def run(*args):
        return subprocess.run([*prefix, sys.executable, "-m", "cada_tracker", *map(str, args)],
                              capture_output=True, text=True, env=env)

    before = sorted(p.name for p in _blobs(store))
    added = run("attach", "R1", other)
    assert added.returncode == 5, added.stderr
    assert added.stderr.startswith("cada: ") and added.stderr.count("\n") == 1
    assert "Read-only" in added.stderr
    store.chmod(0o755)
    assert sorted(p.name for p in _blobs(store)) == before
    assert len(cada("--home", home, "documents", "--json").json["documents"]) == 1
    # reading and checking need no write
    checked = run("check")
    assert checked.returncode == 0, checked.stderr
    assert f"document store: {store}" in checked.stdout
    exported = run("document", "export", "1", "-o", tmp_path / "out.txt")
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "out.txt").read_bytes() == doc.read_bytes()


def test_db_status_and_check_say_where_the_store_is(cada, tmp_path, monkeypatch, cada_home):
    _home(cada, cada_home)
    own = cada("db", "status", "--json").json
    assert own["store"] == str(cada_home / "documents")
    assert f"store:     {cada_home / 'documents'}" in cada("db", "status").out
    store = tmp_path / "shared"
    store.mkdir()
    monkeypatch.setenv("CADA_STORE", str(store))
    assert cada("db", "status", "--json").json["store"] == str(store)
    assert f"store:     {store}" in cada("db", "status").out
    checked = cada("check")
    assert checked.code == 0 and checked.out.startswith(f"document store: {store}\n")
    assert cada("check", "--json").json["store"] == str(store)
    # a relative value is made absolute (shown, and the same whatever the current folder)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CADA_STORE", "shared")
    assert cada("db", "status", "--json").json["store"] == str(store)


@pytest.mark.sqlite_only("two homes are two SQLite databases")
def test_a_blob_another_database_may_link_is_never_removed(cada, tmp_path):
    store = tmp_path / "shared"
    store.mkdir()
    a, b = tmp_path / "a", tmp_path / "b"
    _home(cada, a)
    _home(cada, b)
    mine, theirs, both = _files(tmp_path / "in", "x", 3, 100)
    assert cada("--home", a, "--store", store, "attach", "R1", mine, both).code == 0
    assert cada("--home", b, "--store", store, "attach", "R1", theirs, both).code == 0
    # a's check sees b's file as not its own, but cannot tell it is an orphan: kept
    for args in (("check",), ("check", "--repair")):
        r = cada("--home", a, "--store", store, *args)
        assert r.code == 0, r.out + r.err
        assert "1 file(s) of the store (100 B) are not linked by this database" in r.out
        assert str(b / "cada.db") in r.out
    assert (store / _sha(theirs)[:2] / _sha(theirs)[2:4] / _sha(theirs)).is_file()
    # detaching from a the file b links too: the blob stays
    detached = cada("--home", a, "--store", store, "document", "detach", "2", "R1", "--json")
    assert detached.code == 0, detached.err
    assert {_sha(f) for f in (mine, theirs, both)} == {p.name for p in _blobs(store)}
    assert cada("--home", b, "--store", store, "check").code == 0
    exported = cada("--home", b, "--store", store, "document", "export", "2",
                    "-o", tmp_path / "out.txt")
    assert exported.code == 0, exported.err
    assert (tmp_path / "out.txt").read_bytes() == both.read_bytes()


def test_the_home_store_alone_keeps_no_list_of_databases(cada, cada_home, tmp_path):
    _home(cada, cada_home)
    doc = _files(tmp_path / "in", "x", 1, 100)[0]
    assert cada("attach", "R1", doc).code == 0
    assert not (cada_home / "documents" / "databases").exists()
    assert cada("check", "--json").json["other_databases"] == []
    assert cada("document", "detach", "1", "R1").code == 0
    assert _blobs(cada_home / "documents") == []  # the only database: its blob goes
