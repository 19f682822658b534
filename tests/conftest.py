"""Shared fixtures: every test gets its own CADA_HOME and a fresh program state."""

from __future__ import annotations

import io
import os
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

from cada_tracker import i18n
from cada_tracker.cli import main
from cada_tracker.storage import db


def pytest_addoption(parser: pytest.Parser) -> None:
    # here, not in tests/services/letters/conftest.py, so that `python -m pytest --update-golden` works
    # from the root as well as with a path
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite the golden files of tests/golden/letters")


@dataclass
class Result:
    code: int
    out: str
    err: str

    def __iter__(self):
        """`code, out, err = cada(...)` works too."""
        return iter((self.code, self.out, self.err))

    @property
    def json(self):
        import json

        return json.loads(self.out)


def _reset() -> None:
    db.dispose_engines()


def run_cada(*args: str) -> Result:
    """Run `cada ARGS` in-process through the real entry point (error boundary included)."""
    _reset()
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with redirect_stdout(out), redirect_stderr(err):
        try:
            main([str(a) for a in args])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    _reset()
    return Result(code, out.getvalue(), err.getvalue())


@pytest.fixture(autouse=True)
def cada_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("CADA_HOME", str(home))
    for var in ("CADA_DATABASE_URL", "CADA_TODAY", "CADA_DEBUG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    # the interface language: English unless a test asks for French (the host's LANG does not
    # count), and reset for the code a test calls directly
    monkeypatch.setenv("CADA_LANG", "en")
    monkeypatch.setenv("LANGUAGE", "en")
    i18n.set_language("en")
    monkeypatch.chdir(tmp_path)  # relative outputs land in the test's own folder
    # temporary files (the demo's default home, extraction scratch, subprocesses) too:
    # nothing is left in the machine's temp folder
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    _reset()
    yield home
    _reset()


@pytest.fixture
def cada():
    return run_cada


@pytest.fixture
def montpellier(cada):
    """A home with a profile, Ville de Montpellier, and the 2020 request as a sent e-mail."""
    assert cada("init", "--name", "Jeanne Dupont", "--email", "jeanne@example.org").code == 0
    assert cada("authority", "add", "Ville de Montpellier", "--department", "34",
                "--email", "contact@example.org").code == 0
    r = cada("--today", "2020-02-07", "new", "--authority", "ville-de-montpellier",
             "--subject", "Observatoire local de la tranquillité publique",
             "--document", "Délibérations créant l'OLTP", "--ref", "2020-001")
    assert r.code == 0, r.err
    return "2020-001"


@pytest.fixture
def demo_home(cada, tmp_path: Path) -> Path:
    """The demo's home (`cada demo`, today fixed at 2026-11-28): the Montpellier case with its
    documents and findings, and the illustrative requests."""
    home = tmp_path / "demo"
    r = cada("--today", "2026-11-28", "demo", "--home", str(home))
    assert r.code == 0, r.err
    return home


@pytest.fixture
def terminal(monkeypatch):
    """`terminal(columns)`: the output counts as a terminal of that width (stdout is a StringIO
    under the runner, a pipe otherwise)."""
    from cada_tracker import display

    def force(columns: int) -> None:
        monkeypatch.setattr(display, "is_terminal", lambda: True)
        monkeypatch.setenv("COLUMNS", str(columns))
    return force


def require_tool(tool: str) -> None:
    """Skip the calling test, with the reason, when `tool` is not installed; fail instead under
    CI=true, where .ci/run installs it (so that CI proves every real component)."""
    import shutil

    if shutil.which(tool) is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{tool} is not installed, and CI=true requires it (see .ci/run)")
        pytest.skip(f"{tool} is not installed")


def env_without_home() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("CADA_")}


@pytest.fixture
def lyon(cada):
    """A profile, Ville de Lyon (69), and request P1 sent and received on Tue 31 Jan 2023
    (B = Tue 28 Feb 2023, C = Fri 28 Apr 2023; C binds with a complete acknowledgment,
    logged Thu 2 Feb 2023). Call it: `ref = lyon(complete_ack=True)`."""
    def setup(*, complete_ack: bool) -> str:
        for args in (
            ("init", "--name", "Jeanne Dupont", "--email", "jeanne@example.org"),
            ("authority", "add", "Ville de Lyon", "--department", "69",
             "--email", "contact@example.org"),
            ("--today", "2023-01-30", "new", "--authority", "ville-de-lyon",
             "--subject", "Budget annexe", "--ref", "P1"),
            ("--today", "2023-01-31", "log", "P1", "sent", "--on", "2023-01-31"),
            ("--today", "2023-01-31", "log", "P1", "received", "--on", "2023-01-31"),
        ):
            r = cada(*args)
            assert r.code == 0, r.err
        if complete_ack:
            r = cada("--today", "2023-02-02", "log", "P1", "acknowledged", "--on", "2023-02-02",
                     "--complete")
            assert r.code == 0, r.err
        return "P1"

    return setup
