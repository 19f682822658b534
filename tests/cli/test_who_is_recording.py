"""Who is recording (issue 14, point 5): the global option `--as NAME`, else `CADA_USER`, else
the system user name; a name that cannot be recorded is one line and exit 2, nothing
written."""

from __future__ import annotations

import os
import sqlite3

import pytest

LOG = ("--today", "2020-02-20", "log", "2020-001", "note", "--note", "relu")


pytestmark = pytest.mark.sqlite_only("reads the rows in the home's SQLite file directly")


def _makers(home) -> list[str | None]:
    con = sqlite3.connect(home / "cada.db")
    try:
        return [r[0] for r in con.execute("SELECT made_by FROM event ORDER BY id")]
    finally:
        con.close()


@pytest.fixture
def system_name(monkeypatch):
    """The system user name getpass reads first (LOGNAME), CADA_USER unset."""
    monkeypatch.delenv("CADA_USER", raising=False)
    for var in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.setenv(var, "jdupont")
    return "jdupont"


def test_as_beats_cada_user_which_beats_the_system_name(cada, montpellier, cada_home,
                                                         system_name, monkeypatch):
    assert cada(*LOG).code == 0
    monkeypatch.setenv("CADA_USER", "Bob Martin")
    assert cada(*LOG).code == 0
    assert cada("--as", "Alice Durand", *LOG).code == 0
    monkeypatch.setenv("CADA_USER", "")  # empty: unset
    assert cada(*LOG).code == 0
    assert _makers(cada_home) == [system_name, "Bob Martin", "Alice Durand", system_name]


def test_as_is_stripped_and_accepts_any_script_and_a_no_break_space(cada, montpellier,
                                                                   cada_home, system_name):
    assert cada("--as", "  Zoé\u00a0Ŀefèvre 李 ", *LOG).code == 0
    assert cada("--as=" + "n" * 100, *LOG).code == 0  # the longest name accepted
    assert _makers(cada_home) == ["Zoé\u00a0Ŀefèvre 李", "n" * 100]


def test_without_a_system_name_the_user_id_is_recorded(cada, montpellier, cada_home,
                                                       system_name, monkeypatch):
    import getpass

    def nameless() -> str:
        raise OSError("No username set in the environment")

    monkeypatch.setattr(getpass, "getuser", nameless)
    assert cada(*LOG).code == 0
    monkeypatch.setattr(getpass, "getuser", lambda: "bad\nname")  # unusable: same fallback
    assert cada(*LOG).code == 0
    assert _makers(cada_home) == [f"uid-{os.getuid()}"] * 2


@pytest.mark.parametrize(("name", "says"), [
    ("", "--as is empty"),
    ("   ", "--as is empty"),
    ("Alice\nBob", "--as contains a line break or control character"),
    ("\x1b[31mAlice", "--as contains a line break or control character"),
    ("Alice\u202eBob", "--as contains a line break or control character"),
    ("x" * 101, "--as is 101 characters long; a name recorded as who did what is at most 100"),
])
def test_a_bad_name_is_one_line_exit_2_and_nothing_written(cada, montpellier, cada_home,
                                                           name, says):
    before = _makers(cada_home)
    r = cada("--as", name, *LOG)
    assert r.code == 2
    assert says in r.err and r.err.count("\n") == 1 and "Traceback" not in r.err
    assert _makers(cada_home) == before


def test_a_bad_cada_user_is_refused_by_every_command(cada, montpellier, cada_home,
                                                     monkeypatch):
    monkeypatch.setenv("CADA_USER", "a" * 101)
    for args in (LOG, ("status",), ("show", "2020-001")):
        r = cada(*args)
        assert r.code == 2, args
        assert r.err.startswith("cada: CADA_USER is 101 characters long")
        assert r.err.count("\n") == 1
    assert _makers(cada_home) == []
    monkeypatch.setenv("CADA_USER", "Bob")
    assert cada(*LOG).code == 0  # a good one again: recorded
    assert _makers(cada_home) == ["Bob"]


def test_a_bad_name_is_said_in_french_too(cada, montpellier, monkeypatch):
    r = cada("--lang", "fr", "--as", " ", *LOG)
    assert r.code == 2
    assert "--as est vide\u00a0; donnez le nom de la personne qui enregistre" in r.err
