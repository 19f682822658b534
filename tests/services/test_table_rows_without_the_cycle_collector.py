"""Issue 13: `status` and `remind` hold their rows with Python's cyclic garbage collector
paused (`stored_status.many_rows`: 100,000 rows held, the collector walked them at each
pass), and derive the requests whose stored rows are stale with it running
(`stored_status.collecting`: the engine and json.dumps make reference cycles, which would
otherwise stay in memory until the end of the command)."""

from __future__ import annotations

import gc
import sqlite3

import pytest

from cada_tracker.services import stored_status

pytestmark = pytest.mark.sqlite_only("stored timelines exist on SQLite only (docs/design.md)")


def test_the_collector_is_paused_inside_and_restored_after():
    assert gc.isenabled()
    with stored_status.many_rows():
        assert not gc.isenabled()
        with stored_status.collecting():
            assert gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_is_restored_after_an_error_and_left_off_if_it_was():
    with pytest.raises(RuntimeError), stored_status.many_rows():
        raise RuntimeError("boom")
    assert gc.isenabled()
    gc.disable()
    try:
        with stored_status.many_rows():
            pass
        with stored_status.collecting():
            assert gc.isenabled()
        assert not gc.isenabled()  # as the caller had it
    finally:
        gc.enable()


def test_stale_rows_are_derived_with_the_collector_running(cada, cada_home, montpellier,
                                                          monkeypatch):
    for kind in ("sent", "received"):
        assert cada("--today", "2020-02-07", "log", montpellier, kind,
                    "--on", "2020-02-07").code == 0
    con = sqlite3.connect(cada_home / "cada.db")
    with con:
        con.execute("DELETE FROM timeline")  # every row stale, as after an upgrade
    con.close()
    seen = []
    real = stored_status._derive

    def derive(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(stored_status, "_derive", derive)
    held = []
    real_table = stored_status.table
    monkeypatch.setattr(stored_status, "table",
                        lambda *a, **k: held.append(gc.isenabled()) or real_table(*a, **k))
    result = cada("--today", "2020-04-01", "status", "--all")
    assert result.code == 0, result.err
    assert montpellier in result.out
    assert seen == [True]  # derived (once: one chunk) with the collector on
    assert held == [False]  # the table laid out with it paused
    assert gc.isenabled()  # and restored after the command
