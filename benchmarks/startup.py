"""Start-up cost: median wall time of `cada --version`, `cada --help`, `cada status` (demo).

Usage: python benchmarks/startup.py [--runs 20]
Runs the `cada` found next to this Python (the installed console script), or
`python -m cada_tracker` when there is none. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _measure import child_env


def cada_command() -> list[str]:
    script = Path(sys.executable).with_name("cada")
    if script.exists():
        return [str(script)]
    found = shutil.which("cada")
    return [found] if found else [sys.executable, "-m", "cada_tracker"]


def median_ms(cmd: list[str], env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=True)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    cada = cada_command()
    with tempfile.TemporaryDirectory() as tmp:
        env = child_env({"CADA_HOME": str(Path(tmp) / "home"), "CADA_TODAY": "2026-11-28"})
        subprocess.run([*cada, "demo", "--home", env["CADA_HOME"]], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        base = median_ms([sys.executable, "-c", "pass"], env, args.runs)
        print(f"command: {' '.join(cada)}; {args.runs} runs each; median wall time")
        print(f"  python -c pass         {base:8.1f} ms")
        for label, extra in (
            ("cada --version", ["--version"]),
            ("cada --help", ["--help"]),
            ("cada --lang fr --help", ["--lang", "fr", "--help"]),
            ("cada status (demo)", ["status"]),
            ("cada status --all", ["status", "--all"]),
            ("  the same in French", ["--lang", "fr", "status", "--all"]),
            ("cada show 2020-001", ["show", "2020-001"]),
        ):
            print(f"  {label:22} {median_ms([*cada, *extra], env, args.runs):8.1f} ms")


if __name__ == "__main__":
    main()
