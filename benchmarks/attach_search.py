"""Attach and search benchmark (issue 13, goal 3): prints figures, asserts nothing. Never run
as a test.

    python benchmarks/attach_search.py [--runs 7] [--pages 200] [--search-pages 10000]
                                       [--before TREE]

Every figure is the median of --runs whole processes (`python -m cada_tracker ...`), the
commands compared alternated in each round, so that the machine's drift hits them alike:

1. `cada attach` of a text PDF of --pages pages (store + text extraction + search index), a
   fresh home each time, against `pdftotext` (poppler-utils) on the same file: the ratio of
   the wall-clock times, and the CPU time of each (on a loaded machine the CPU time says what
   the work costs, the wall clock also how long it waited for a core);
2. `cada search` of a word found on every page, over --search-pages indexed pages, against
   `cada --help` (the same start-up, run before and after the searches of each round): the
   difference;
3. `cada search` of a query of 5,000 and of 20,000 repeated words, against `cada --help`;
4. whether `cada --help` imports SQLAlchemy (it must not).

With --before TREE (a checkout of an older version, e.g. /work/main before the change), each
`cada` command is also run from that tree in the same rounds: the "before" column.
The homes are made in a temporary folder and removed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _measure import child_env

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from documents import WORDS, make_pdf  # noqa: E402 - the PDF of benchmarks/documents.py

COMMON = "vidéosurveillance"  # on every page
RARE = "oltp"  # on one page in 200 (short: 20,000 of it stay under the 128 kB of one argument)
COMMON_SHORT = "local"  # on every page too, and short enough for 20,000 of it
TIMEOUT = 120.0
SLOW_TIMEOUT = 30.0  # the old quadratic search of a long query: given up after this


def cada_env(tree: Path, home: Path) -> dict[str, str]:
    # compiled once, as an installed cada is: the bytecode in the temporary folder (the
    # trees are left as they are)
    cache = str(home.parent / "pycache")
    return child_env({"CADA_HOME": str(home), "PYTHONPATH": str(tree), "CADA_LANG": "en",
                      "PYTHONPYCACHEPREFIX": cache})


def cada(tree: Path, home: Path, *args: str, check: bool = True,
         timeout: float = TIMEOUT) -> None:
    # run from the tree itself: `python -m` puts the working folder first on sys.path
    run_limited([sys.executable, "-m", "cada_tracker", *args], env=cada_env(tree, home),
                cwd=tree, check=check, timeout=timeout)


def run_limited(command: list[str], *, env: dict[str, str], cwd: Path, check: bool,
                timeout: float) -> None:
    """Run `command`, killed after `timeout` seconds (then TimeoutExpired).

    Not `subprocess.run(timeout=...)`: with a timeout, Popen.wait polls with sleeps of up to
    50 ms, so every time measured through it is rounded up to the next poll (figures 50 ms
    apart). Here the wait blocks and a timer thread kills the process if it runs too long.
    """
    import threading

    process = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    killed = threading.Event()

    def kill() -> None:
        killed.set()
        process.kill()

    timer = threading.Timer(timeout, kill)
    timer.start()
    try:
        code = process.wait()
    finally:
        timer.cancel()
    if killed.is_set():
        raise subprocess.TimeoutExpired(command, timeout)
    if check and code != 0:
        raise subprocess.CalledProcessError(code, command)


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    try:
        run()
    except subprocess.TimeoutExpired:
        return float("inf")
    return time.perf_counter() - start


def cpu_of(run: Callable[[], object]) -> float:
    """The CPU time (user + system) of the processes `run` starts and waits for."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    run()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def median(values: list[float]) -> float:
    return statistics.median(values)


def fmt(seconds: float) -> str:
    if seconds == float("inf"):
        return f"over {SLOW_TIMEOUT:.0f} s (stopped)"
    return f"{seconds * 1000:.0f} ms"


def make_home(tree: Path, home: Path) -> None:
    cada(tree, home, "init", "--name", "Bench", "--email", "b@example.org", "--address", "X")
    cada(tree, home, "authority", "add", "Ville de Bench", "--slug", "bench")
    cada(tree, home, "new", "--authority", "bench", "--subject", "bench", "--ref", "B-1")


def bench_attach(tmp: Path, trees: dict[str, Path], pages: int, runs: int) -> None:
    pdf = tmp / "bench.pdf"
    make_pdf(pdf, pages)
    exe = shutil.which("pdftotext")
    templates = {}
    for name, tree in trees.items():
        templates[name] = tmp / f"attach-{name}"
        make_home(tree, templates[name])
    for name, tree in trees.items():  # a first run, not counted, compiles the bytecode
        home = tmp / f"warm-{name}"
        shutil.copytree(templates[name], home)
        cada(tree, home, "attach", "B-1", str(pdf))
        shutil.rmtree(home)
    times: dict[str, list[float]] = {name: [] for name in [*trees, "pdftotext"]}
    cpu: dict[str, list[float]] = {name: [] for name in times}
    for r in range(runs):
        order = list(trees) if r % 2 == 0 else list(reversed(trees))
        if exe is not None:
            cpu["pdftotext"].append(cpu_of(lambda: times["pdftotext"].append(timed(
                lambda: subprocess.run([exe, str(pdf), os.devnull], check=True)))))
        for name in order:
            home = tmp / f"run-{name}-{r}"
            shutil.copytree(templates[name], home)
            cpu[name].append(cpu_of(lambda n=name, h=home: times[n].append(timed(
                lambda: cada(trees[n], h, "attach", "B-1", str(pdf))))))
            shutil.rmtree(home)
    size = pdf.stat().st_size / 1e6
    print(f"1. `cada attach` of a {pages}-page text PDF ({size:.2f} MB; store + extraction + "
          f"index), medians of {runs} whole processes:")
    reference = median(times["pdftotext"]) if exe is not None else None
    if reference is None:
        print("   pdftotext: skipped (not installed; apt-get install poppler-utils)")
    else:
        print(f"   pdftotext (poppler, the reference): {fmt(reference)} "
              f"(CPU time {fmt(median(cpu['pdftotext']))})")
    for name in trees:
        value = median(times[name])
        ratio = f", {value / reference:.2f}x pdftotext (goal: 2x or less)" if reference else ""
        print(f"   cada attach ({name}): {fmt(value)}{ratio} (CPU time, all its processes: "
              f"{fmt(median(cpu[name]))})")


def make_search_home(tree: Path, home: Path, n_pages: int) -> None:
    import random
    import sqlite3

    make_home(tree, home)
    rng = random.Random(7)
    con = sqlite3.connect(home / "cada.db")
    per_file = 100
    for f in range(n_pages // per_file):
        file_id = con.execute(
            "INSERT INTO stored_file(sha256, size, media_type, page_count, text_status, "
            "created_at) VALUES (?, 1, 'application/pdf', ?, 'ok', '2020-01-01 00:00:00')",
            (f"{f:064x}", per_file)).lastrowid
        con.execute(
            "INSERT INTO document(file_id, request_id, original_name, illustrative, created_at)"
            " VALUES (?, 1, ?, 0, '2020-01-01 00:00:00')", (file_id, f"f{f}.pdf"))
        rows = []
        for n in range(per_file):
            words = [rng.choice(WORDS) for _ in range(400)]
            if (f * per_file + n) % 200 == 0:
                words[rng.randrange(400)] = RARE
            rows.append((file_id, n + 1, " ".join(words)))
        con.executemany("INSERT INTO page(file_id, number, text) VALUES (?, ?, ?)", rows)
    con.commit()
    con.close()
    cada(tree, home, "search", "--reindex")


def bench_search(tmp: Path, trees: dict[str, Path], n_pages: int, runs: int) -> None:
    home = tmp / "search-home"
    start = time.perf_counter()
    make_search_home(trees["after"], home, n_pages)
    print(f"2. `cada search` over {n_pages:,} indexed pages of 400 words (built in "
          f"{time.perf_counter() - start:.0f} s), medians of {runs} whole processes, each "
          f"against `cada --help` of the same tree:")
    queries = {
        f"{COMMON} (on every page)": COMMON,
        f"{RARE} x 5,000": " ".join([RARE] * 5000),
        f"{RARE} x 20,000": " ".join([RARE] * 20000),
        f"{COMMON_SHORT} x 20,000 (on every page)": " ".join([COMMON_SHORT] * 20000),
    }
    for tree in trees.values():  # not counted: compiles the bytecode
        cada(tree, home, "search", COMMON)
    times: dict[tuple[str, str], list[float]] = {}
    slow: set[tuple[str, str]] = set()
    for r in range(runs):
        order = list(trees) if r % 2 == 0 else list(reversed(trees))
        for name in order:
            tree = trees[name]
            times.setdefault((name, "--help"), []).append(
                timed(lambda t=tree: cada(t, home, "--help")))
            for label, query in queries.items():
                key = (name, label)
                if key in slow:  # once over a second, once is enough (the old quadratic)
                    continue
                value = timed(lambda t=tree, q=query: cada(t, home, "search", q, check=False,
                                                           timeout=SLOW_TIMEOUT))
                times.setdefault(key, []).append(value)
                if value > 1.0:
                    slow.add(key)
            # --help again after the searches: its median is the reference of every search
            times[(name, "--help")].append(timed(lambda t=tree: cada(t, home, "--help")))
    for name in trees:
        helped = median(times[(name, "--help")])
        print(f"   ({name}) cada --help: {fmt(helped)}")
        for label in queries:
            value = median(times[(name, label)])
            runs_done = len(times[(name, label)])
            diff = "" if value == float("inf") else \
                f", {(value - helped) * 1000:+.0f} ms against --help (goal: +50 ms or less)"
            note = " (1 run: over 1 s)" if runs_done == 1 and runs > 1 else ""
            print(f"   ({name}) cada search {label}: {fmt(value)}{diff}{note}")


def help_imports(tree: Path, tmp: Path) -> None:
    code = ("import sys\nfrom cada_tracker.cli import main\ntry:\n    main(['--help'])\n"
            "except SystemExit:\n    pass\n"
            "sys.stderr.write('SA:' + str('sqlalchemy' in sys.modules))\n")
    r = subprocess.run([sys.executable, "-c", code], env=cada_env(tree, tmp / "help-home"),
                       capture_output=True, text=True)
    print(f"3. `cada --help` imports SQLAlchemy: {r.stderr.strip().endswith('SA:True')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--pages", type=int, default=200, help="pages of the text PDF")
    parser.add_argument("--search-pages", type=int, default=10_000)
    parser.add_argument("--before", type=Path, help="an older tree, run in the same rounds")
    args = parser.parse_args()
    trees = {"after": ROOT}
    if args.before is not None:
        trees["before"] = args.before.resolve()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"cores: {os.cpu_count()}, load average at start: {load:.1f}; trees: "
          + ", ".join(f"{k} = {v}" for k, v in trees.items()))
    tmp = Path(tempfile.mkdtemp(prefix="cada-bench-"))
    try:
        bench_attach(tmp, trees, args.pages, args.runs)
        bench_search(tmp, trees, args.search_pages, args.runs)
        help_imports(trees["after"], tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
