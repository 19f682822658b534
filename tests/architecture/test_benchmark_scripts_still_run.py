"""Every script under benchmarks/ still runs against the current code, at a tiny size.

The benchmarks are not tests (they time nothing here and their figures are not checked): this
only catches a script left behind by a change of the code it drives, as happened when
`insert_request` moved from an ORM session to a unit of work and `benchmarks/deadlines.py`
(and through it status.py and export_import.py) crashed before printing a figure.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# script -> the smallest arguments that still go through every step it measures
TINY = {
    "attach_search.py": ["--runs", "1", "--pages", "3", "--search-pages", "200"],
    "campaigns.py": ["--authorities", "3", "--runs", "1"],
    "db_copy.py": ["--times", "3", "--pages", "20", "--runs", "1"],
    "deadlines.py": ["--requests", "12", "--runs", "1"],
    "documents.py": ["--size-mb", "1", "--pages", "3", "--search-pages", "200", "--text-mb", "1"],
    "export_import.py": ["--requests", "12", "--base", "6"],
    "startup.py": ["--runs", "1"],
    "status.py": ["--requests", "12", "--runs", "1", "--big", "24"],
    "writes.py": ["--runs", "1", "--requests", "3"],
}


def test_every_benchmark_script_is_listed() -> None:
    scripts = {p.name for p in (ROOT / "benchmarks").glob("*.py") if not p.name.startswith("_")}
    assert scripts == set(TINY), "a benchmark script was added or removed: update TINY"


@pytest.mark.parametrize("script", sorted(TINY))
def test_benchmark_script_runs_at_a_tiny_size(script: str, tmp_path: Path,
                                              postgres_url_if_needed: None) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CADA_")
           or k == "CADA_TEST_POSTGRES_URL"}
    env["TMPDIR"] = str(tmp_path)  # the scripts' temporary homes, removed with tmp_path
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / script), *TINY[script]],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{script} failed:\n{done.stderr[-3000:]}"
    assert "Traceback" not in done.stderr
    assert any(ch.isdigit() for ch in done.stdout), f"{script} printed no figure:\n{done.stdout}"


@pytest.fixture
def postgres_url_if_needed(request: pytest.FixtureRequest) -> None:
    """db_copy.py copies into a PostgreSQL server: it needs CADA_TEST_POSTGRES_URL."""
    if request.node.callspec.params["script"] == "db_copy.py":
        request.getfixturevalue("postgres_database")
