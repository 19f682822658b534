"""`cada export` and `cada import` of many requests (issue 11: each under 30 s for 10,000).

Usage: python benchmarks/export_import.py [--requests 10000] [--runs 1] [--home DIR]
Prints the timings; asserts nothing but that export -> import -> export gives the same bytes.
The requests are those of benchmarks/deadlines.py (its generator: realistic histories, letters
drafted and frozen as `cada new` and `cada log` do); --home DIR keeps them between runs.
Each command runs as a subprocess, as a user runs it (start-up included).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from deadlines import populate  # noqa: E402 - the generator of realistic requests


def cada(home: Path, *args: str) -> float:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cada_tracker", "--home", str(home), *args],
                   check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--home", type=Path, default=None)
    args = parser.parse_args()
    today = date(2026, 11, 28)
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        home = args.home or work / "source"
        if not (home / "cada.db").exists():
            start = time.perf_counter()
            populate(home, args.requests, today)
            print(f"created {args.requests} requests in {time.perf_counter() - start:.1f} s")
        exports, imports = [], []
        first = work / "first.json"
        for run in range(args.runs):
            first.unlink(missing_ok=True)
            exports.append(cada(home, "export", "-o", str(first)))
            fresh = work / f"fresh-{run}"
            imports.append(cada(fresh, "import", str(first)))
        second = work / "second.json"
        cada(work / f"fresh-{args.runs - 1}", "export", "-o", str(second))
        same = first.read_bytes() == second.read_bytes()
        size = first.stat().st_size / 1e6
        print(f"export of {args.requests} requests: {statistics.median(exports):.2f} s "
              f"(median of {args.runs}; {size:.1f} MB of JSON)")
        print(f"import into a fresh home: {statistics.median(imports):.2f} s "
              f"(median of {args.runs})")
        print(f"export -> import -> export gives the same bytes: {same}")
        if not same:
            sys.exit(1)


if __name__ == "__main__":
    main()
