"""Several people writing at once (issue 14, points 5 and 6), on each backend: 8 processes of
50 writes each, half of them `cada new` without a reference (each takes the next number of the
year), half `cada log ... note`. Nothing is lost, no error surfaces, every reference is unique."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

WORKERS = 8
WRITES = 50

SCRIPT = r"""
import io, sys
from contextlib import redirect_stdout, redirect_stderr
from cada_tracker.cli import main
from cada_tracker.storage import db

worker = int(sys.argv[1])
failures = []
for j in range(int(sys.argv[2])):
    if j % 2 == 0:
        args = ["new", "-a", "ville-de-montpellier", "-s", f"Parallèle {worker}-{j}"]
    else:
        args = ["log", "2020-001", "note", "--note", f"w{worker}-{j}"]
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with redirect_stdout(out), redirect_stderr(err):
        try:
            main(args)
        except SystemExit as exc:
            code = exc.code or 0
    db.dispose_engines()
    if code != 0 or err.getvalue():
        failures.append((args, code, err.getvalue()))
print(f"FAILURES:{failures!r}")
"""


@pytest.mark.slow
def test_eight_processes_of_fifty_writes_lose_nothing(cada, montpellier, cada_home, backend):
    env = {**os.environ, "CADA_HOME": str(cada_home), "CADA_TODAY": "2020-03-02"}
    procs = [subprocess.Popen([sys.executable, "-c", SCRIPT, str(i), str(WRITES)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for i in range(WORKERS)]
    results = [p.communicate(timeout=600) + (p.returncode,) for p in procs]
    for out, err, rc in results:
        assert rc == 0 and "FAILURES:[]" in out, (backend, out[-2000:], err[-2000:])
    requests = cada("--today", "2020-03-02", "status", "--all", "--json").json["requests"]
    references = [r["reference"] for r in requests]
    created = [ref for ref in references if ref != "2020-001"]
    assert len(created) == WORKERS * WRITES // 2
    assert len(set(references)) == len(references)
    # the year's numbers follow one another: 2020-002 ... 2020-201, none skipped or taken twice
    assert sorted(created) == [f"2020-{n:03d}" for n in range(2, 2 + WORKERS * WRITES // 2)]
    shown = cada("--today", "2020-03-02", "show", "2020-001", "--json").json
    notes = sorted(e["note"] for e in shown["events"] if e["kind"] == "note")
    assert notes == sorted(f"w{i}-{j}" for i in range(WORKERS) for j in range(1, WRITES, 2))
