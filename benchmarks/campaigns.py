"""`cada campaign new` for 100 authorities (issue 11: goal under 5 s on a 2-core machine).

Usage: python benchmarks/campaigns.py [--authorities 100] [--runs 3]
Also `cada campaign report` of the campaign (all sent, a third answered: table and HTML) against
`cada --version` in the same run (goal: within 0.3 s of it).
Prints the median wall time of the command run as a user runs it (a fresh `python -m
cada_tracker` process: start-up, 100 requests with their items and their demande drafted, one
transaction), and of `cada campaign send` of the same campaign (100 letters frozen); asserts
nothing. Each run uses a fresh home in a temporary folder, deleted afterwards.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _measure import child_env

ROOT = Path(__file__).resolve().parent.parent


def _cada(home: Path, *args: str) -> float:
    env = child_env({"CADA_HOME": str(home), "PYTHONPATH": str(ROOT), "CADA_LANG": "en"})
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cada_tracker", "--today", "2025-07-01", *args],
                   env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def run_once(n: int) -> tuple[float, float, float, float, float]:
    with tempfile.TemporaryDirectory(prefix="cada-bench-") as tmp:
        home = Path(tmp) / "home"
        _cada(home, "init", "--name", "Bench", "--email", "bench@example.org")
        listing = Path(tmp) / "authorities.csv"
        with listing.open("w", newline="", encoding="utf-8") as fh:
            out = csv.writer(fh)
            out.writerow(["name", "slug", "department", "email"])
            for i in range(n):
                out.writerow([f"Commune {i:03d}", f"commune-{i:03d}", "34",
                              f"mairie{i}@example.org"])
        _cada(home, "authority", "import", str(listing))
        new = _cada(home, "campaign", "new", "bench", "--subject", "Vidéoprotection",
                    "--document", "Liste des caméras", "--document", "Marchés publics",
                    "--authorities", str(listing))
        send = _cada(home, "campaign", "send", "bench")
        for i in range(1, n + 1, 3):  # a third reply in full, the day they were sent
            _cada(home, "log", f"bench-{i:03d}", "reply", "--outcome",
                  "full")
        version = _cada(home, "--version")
        table = _cada(home, "campaign", "report", "bench")
        html = _cada(home, "campaign", "report", "bench", "--format", "html", "-o",
                     str(Path(tmp) / "report.html"))
        return new, send, version, table, html


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--authorities", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    news, sends, versions, tables, htmls = [], [], [], [], []
    for _ in range(args.runs):
        new, send, version, table, html = run_once(args.authorities)
        news.append(new)
        sends.append(send)
        versions.append(version)
        tables.append(table)
        htmls.append(html)
    print(f"campaign new, {args.authorities} authorities: median {statistics.median(news):.2f} s "
          f"(runs: {', '.join(f'{t:.2f}' for t in news)}; goal: under 5 s)")
    print(f"campaign send, {args.authorities} drafts: median {statistics.median(sends):.2f} s "
          f"(runs: {', '.join(f'{t:.2f}' for t in sends)})")
    base = statistics.median(versions)
    print(f"cada --version: median {base:.2f} s (runs: {', '.join(f'{t:.2f}' for t in versions)})")
    for name, times in (("table", tables), ("html -o FILE", htmls)):
        median = statistics.median(times)
        print(f"campaign report ({name}), {args.authorities} authorities: median {median:.2f} s, "
              f"{median - base:+.2f} s over --version (runs: "
              f"{', '.join(f'{t:.2f}' for t in times)}; goal: within 0.3 s of --version)")


if __name__ == "__main__":
    main()
