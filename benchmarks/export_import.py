"""`cada export` and `cada import` of many requests (issue 11: each under 30 s for 10,000).

Usage: python benchmarks/export_import.py [--requests 10000] [--base 300] [--home DIR]

The requests come from benchmarks/deadlines.py's generator (realistic histories, letters drafted
and frozen as `cada new` and `cada log` do). Creating 10,000 of them through the services takes
most of an hour on a loaded 2-core machine, so `--base` of them are created (kept in --home DIR
if given), exported, and their export repeated under new references (REF-00, REF-01...) up to
--requests: the same records, distinct requests. Then, each command a subprocess as a user runs
it (start-up included):

1. `cada import` of the --requests requests into a new home (timed);
2. `cada export` of that home (timed);
3. `cada import` of that export into a fresh home and `cada export` again: the same bytes.

Prints the timings; fails only if the round trip is not byte for byte.
"""

from __future__ import annotations

import argparse
import copy
import json
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from _measure import child_env

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from deadlines import populate  # noqa: E402 - the generator of realistic requests


def cada(home: Path, *args: str) -> float:
    env = child_env({"PYTHONPATH": str(Path(__file__).resolve().parent.parent)})
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cada_tracker", "--home", str(home), *args],
                   check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def replicate(source: Path, target: Path, n: int) -> None:
    """The export at `source`, its requests repeated under new references up to `n`."""
    data = json.loads(source.read_text(encoding="utf-8"))
    base = data["requests"]
    out = []
    copy_number = 0
    while len(out) < n:
        for r in base:
            twin = copy.deepcopy(r)
            twin["reference"] = f"{r['reference']}-{copy_number:02d}"
            out.append(twin)
        copy_number += 1
    data["requests"] = sorted(out[:n], key=lambda r: r["reference"])
    target.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=10000)
    parser.add_argument("--base", type=int, default=300)
    parser.add_argument("--home", type=Path, default=None)
    args = parser.parse_args()
    today = date(2026, 11, 28)
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        source = args.home or work / "source"
        if not (source / "cada.db").exists():
            start = time.perf_counter()
            populate(source, min(args.base, args.requests), today)
            print(f"created {min(args.base, args.requests)} requests with the generator of "
                  f"benchmarks/deadlines.py in {time.perf_counter() - start:.1f} s")
        base = work / "base.json"
        cada(source, "export", "-o", str(base))
        big = work / "big.json"
        replicate(base, big, args.requests)
        size = big.stat().st_size / 1e6
        imported = cada(work / "a", "import", str(big))
        print(f"import of {args.requests} requests ({size:.1f} MB of JSON) into a new home: "
              f"{imported:.2f} s")
        first = work / "first.json"
        exported = cada(work / "a", "export", "-o", str(first))
        print(f"export of {args.requests} requests: {exported:.2f} s")
        again = cada(work / "b", "import", str(first))
        second = work / "second.json"
        cada(work / "b", "export", "-o", str(second))
        same = first.read_bytes() == second.read_bytes()
        print(f"import of that export into a fresh home: {again:.2f} s")
        print(f"export -> import -> export gives the same bytes: {same}")
        if not same:
            sys.exit(1)


if __name__ == "__main__":
    main()
