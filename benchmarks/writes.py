"""`cada log` and `cada new` as a user runs them: whole processes (issue 13, goal 4).

Usage: python benchmarks/writes.py [--runs 15] [--requests 300] [--against TREE]

Builds a home in a temporary folder (`cada demo`, then a campaign of --requests draft requests
sent), and times, in fresh `python -m cada_tracker` processes, run in turn so that the noise of
the machine falls on each alike:

- `cada --version` and `cada --help` (the reference: the same start-up, no database);
- `cada new` (a draft request and its `demande` rendered and stored);
- `cada log REF sent` (the `demande` frozen: rendered as of the day it was sent);
- `cada log REF received` (no letter).

Prints the median of each, the ratio to `cada --help` and the difference from it; goal 4: the
log of an event that freezes no letter under 0.25 s, the other two under 0.35 s (on the machine
of the issue's figures, where `--help` took about 0.09 s: compare the differences and ratios,
the machine's speed drifts). With --against TREE (a checkout of another revision, e.g. `git
worktree add ../before main`), the same commands run from that tree too, alternated with this
one, each on its own copy of the home; the ratio after/before is printed.

Bytecode is compiled once into the temporary folder (PYTHONPYCACHEPREFIX), as an installed
program has its .pyc files; nothing is left behind. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _measure import child_env

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-28"
GOALS = {"log (no letter)": 0.25, "log sent (letter)": 0.35, "new": 0.35}


def _env(tree: Path, home: Path, pycache: Path) -> dict[str, str]:
    return child_env({"CADA_HOME": str(home), "CADA_TODAY": TODAY, "CADA_LANG": "en",
                      "PYTHONPATH": str(tree), "PYTHONPYCACHEPREFIX": str(pycache)})


def _run(env: dict[str, str], *args: str) -> float:
    # run in the home's folder: `python -m` puts the current folder first on sys.path, and a
    # checkout there would win over PYTHONPATH
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cada_tracker", *args], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   cwd=Path(env["CADA_HOME"]).parent)
    return time.perf_counter() - start


def _build_home(env: dict[str, str], home: Path, folder: Path, requests: int) -> None:
    subprocess.run([sys.executable, "-m", "cada_tracker", "demo", "--home", str(home)],
                   env=env, check=True, stdout=subprocess.DEVNULL, cwd=folder)
    listing = folder / "authorities.csv"
    with listing.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["name", "slug", "department", "email"])
        for i in range(requests):
            out.writerow([f"Commune {i:03d}", f"commune-{i:03d}", "34", f"m{i}@example.org"])
    _run(env, "authority", "import", str(listing))
    _run(env, "campaign", "new", "bench", "--subject", "Vidéoprotection", "--document",
         "Liste des caméras", "--document", "Marchés publics", "--authorities", str(listing))
    _run(env, "campaign", "send", "bench", "--on", "2026-11-02")


def _one_round(env: dict[str, str], n: int, authorities: int) -> dict[str, float]:
    ref = f"w-{n:03d}"
    return {
        "cada --version": _run(env, "--version"),
        "cada --help": _run(env, "--help"),
        "new": _run(env, "new", "-a", f"commune-{n % authorities:03d}", "-s", f"Marchés {n}",
                    "--ref", ref),
        "log sent (letter)": _run(env, "log", ref, "sent", "--on", TODAY),
        "log (no letter)": _run(env, "log", ref, "received", "--on", TODAY),
    }


def _medians(rounds: list[dict[str, float]]) -> dict[str, float]:
    return {k: statistics.median(r[k] for r in rounds) for k in rounds[0]}


def _report(title: str, med: dict[str, float]) -> None:
    help_ = med["cada --help"]
    print(title)
    for name, value in med.items():
        line = f"  {name:20} {value * 1000:8.1f} ms"
        if name not in ("cada --version", "cada --help"):
            line += f"   {value / help_:4.2f}x --help, +{(value - help_) * 1000:6.1f} ms"
            if name in GOALS:
                line += f"   (goal: under {GOALS[name]:.2f} s where --help is about 0.09 s)"
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--against", type=Path, default=None,
                        help="another checkout of cada, run alternately with this one")
    args = parser.parse_args()
    trees = {"this tree": ROOT}
    if args.against is not None:
        trees = {"before": args.against.resolve(), "after": ROOT}
    with tempfile.TemporaryDirectory(prefix="cada-bench-writes-") as tmp:
        folder = Path(tmp)
        envs = {}
        for i, (name, tree) in enumerate(trees.items()):
            home = folder / f"home{i}"
            envs[name] = _env(tree, home, folder / f"pycache{i}")
        for name, env in envs.items():  # the tree each runs is the one named
            found = subprocess.run(
                [sys.executable, "-c", "import cada_tracker; print(cada_tracker.__file__)"],
                env=env, cwd=folder, check=True, capture_output=True, text=True).stdout
            if not Path(found.strip()).is_relative_to(trees[name]):
                raise SystemExit(f"{name}: cada_tracker comes from {found.strip()}")
        first = next(iter(envs.values()))
        _build_home(first, Path(first["CADA_HOME"]), folder, args.requests)
        for env in list(envs.values())[1:]:
            shutil.copytree(first["CADA_HOME"], env["CADA_HOME"])
        for env in envs.values():  # compile the bytecode, warm the file cache
            _one_round(env, 999, args.requests)
        rounds: dict[str, list[dict[str, float]]] = {name: [] for name in envs}
        for n in range(args.runs):
            for name, env in envs.items():
                rounds[name].append(_one_round(env, n, args.requests))
    print(f"{args.runs} rounds, medians; home: the demo and {args.requests} requests of a "
          f"campaign; python {sys.version.split()[0]}")
    meds = {name: _medians(r) for name, r in rounds.items()}
    for name, med in meds.items():
        _report(f"{name} ({trees[name]}):", med)
    if len(meds) == 2:
        before, after = meds["before"], meds["after"]
        print("after / before:")
        for key in before:
            print(f"  {key:20} {after[key] / before[key]:5.2f}")


if __name__ == "__main__":
    main()
