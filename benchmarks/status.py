"""`cada status` and `cada calendar` at 10,000 and 100,000 requests, beside Taskwarrior (issue 13).

Usage: python benchmarks/status.py [--requests 10000] [--runs 7] [--home DIR] [--big 100000]

Prints figures and ratios; asserts nothing. Every command is a whole process (start-up
included), run alternately with the reference in the same loop, and the medians compared: the
machine's speed drifts, the ratio is what counts.

- The home: `benchmarks/deadlines.py`'s requests (varied histories, through the service layer),
  kept in DIR with --home (made once, minutes), else in a temporary folder.
- The reference: Taskwarrior's `task list` and `task overdue` over as many pending tasks with
  due dates, in a data folder made here by `task import` (skipped, with a message, when `task`
  is not installed: `apt-get install taskwarrior`).
- Goals (issue 13): `status --all` <= 0.5 x `task list`; `--json` and `--overdue` within 1.5x
  of the table; `calendar` under 0.5 s; at 100,000 requests (--big: the 10,000 copied ten
  times in SQL, a synthetic home) `status --all` under 1 s, its memory not growing with the
  requests beyond the rows printed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from _measure import child_env, run_measured

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TODAY = date(2026, 11, 28)


def cada_command() -> list[str]:
    script = Path(sys.executable).with_name("cada")
    return [str(script)] if script.exists() else [sys.executable, "-m", "cada_tracker"]


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time (s) and peak memory (MB) of one whole process, its output thrown away
    (exit code 1 accepted: Taskwarrior's when nothing matches, e.g. no task overdue by the
    real clock)."""
    return run_measured(cmd, env, ok=(0, 1))


def taskwarrior(folder: Path, n: int) -> dict[str, str] | None:
    """A Taskwarrior data folder of n pending tasks with due dates; its environment."""
    if shutil.which("task") is None:
        print("Taskwarrior (`task`) is not installed: the ratios to it are skipped "
              "(apt-get install taskwarrior)")
        return None
    (folder / "data").mkdir(parents=True)
    rc = folder / "taskrc"
    rc.write_text(f"data.location={folder / 'data'}\nconfirmation=off\nverbose=nothing\n"
                  "hooks=off\n", encoding="utf-8")
    lines = []
    for i in range(n):
        due = date.fromordinal(TODAY.toordinal() - 300 + i % 700)
        lines.append(json.dumps({
            "uuid": f"00000000-0000-4000-8000-{i:012d}", "status": "pending",
            "entry": "20260101T000000Z", "due": due.strftime("%Y%m%dT000000Z"),
            "project": f"authority{i % 50}",
            "description": f"Demande CADA {i} : documents relatifs à la vidéosurveillance"}))
    data = folder / "tasks.json"
    data.write_text("\n".join(lines), encoding="utf-8")
    env = {**os.environ, "TASKRC": str(rc)}
    subprocess.run(["task", "import", str(data)], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return env


def multiply(source: Path, target: Path, times: int) -> int:
    """A synthetic home: the source's requests copied `times` times (new ids and references),
    with their items and events. Returns the number of requests."""
    target.mkdir(parents=True)
    src = sqlite3.connect(source / "cada.db")
    dst = sqlite3.connect(target / "cada.db")
    src.backup(dst)
    src.close()
    dst.execute("DELETE FROM timeline")
    top = dst.execute("SELECT max(id) FROM request").fetchone()[0]

    def columns(table: str) -> list[str]:
        return [r[1] for r in dst.execute(f"PRAGMA table_info({table})")]

    req = [c for c in columns("request") if c != "id"]
    ev = [c for c in columns("event") if c not in ("id",)]
    item = [c for c in columns("request_item") if c not in ("id",)]
    with dst:
        for k in range(1, times):
            off = k * top
            pick = ["id + ?"] + [f"reference || '-{k}'" if c == "reference" else c for c in req]
            dst.execute(f"INSERT INTO request (id, {', '.join(req)}) SELECT {', '.join(pick)} "
                        f"FROM request WHERE id <= ?", [off, top])
            pick = [f"request_id + {off}" if c == "request_id" else c for c in ev]
            dst.execute(f"INSERT INTO event ({', '.join(ev)}) SELECT {', '.join(pick)} "
                        f"FROM event WHERE request_id <= ?", [top])
            pick = [f"request_id + {off}" if c == "request_id" else c for c in item]
            dst.execute(f"INSERT INTO request_item ({', '.join(item)}) SELECT "
                        f"{', '.join(pick)} FROM request_item WHERE request_id <= ?", [top])
    n = dst.execute("SELECT count(*) FROM request").fetchone()[0]
    dst.close()
    return n


def median_runs(commands: dict[str, tuple[list[str], dict[str, str]]], runs: int
                ) -> dict[str, tuple[float, int]]:
    """Each command `runs` times, alternated; (median seconds, max MB) per command."""
    times: dict[str, list[float]] = {k: [] for k in commands}
    memory: dict[str, int] = {k: 0 for k in commands}
    for _ in range(runs):
        for name, (cmd, env) in commands.items():
            seconds, mb = run(cmd, env)
            times[name].append(seconds)
            memory[name] = max(memory[name], mb)
    return {k: (statistics.median(v), memory[k]) for k, v in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--home", type=Path, help="keep (or reuse) the populated home here")
    parser.add_argument("--big", type=int, default=0,
                        help="also measure a synthetic home of this many requests (100000)")
    args = parser.parse_args()
    cada = cada_command()
    with tempfile.TemporaryDirectory() as tmp:
        home = args.home or Path(tmp) / "home"
        if not (home / "cada.db").exists():
            from benchmarks.deadlines import populate

            t0 = time.perf_counter()
            populate(home, args.requests, TODAY)
            print(f"made {args.requests} requests in {time.perf_counter() - t0:.0f} s")
        env = child_env({"CADA_HOME": str(home), "CADA_TODAY": TODAY.isoformat(), "LANG": "C"})
        with sqlite3.connect(home / "cada.db") as con:  # as after an upgrade of the program
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
            if "timeline" in tables:
                con.execute("DELETE FROM timeline")
        # the first run derives and stores every timeline (once per release or change)
        first, first_mb = run([*cada, "status", "--all"], env)
        print(f"first `status --all` after a change of every timeline: {first:.2f} s, "
              f"{first_mb} MB (derives and stores them all)")
        run([*cada, "--lang", "fr", "status", "--all"], env)
        first, first_mb = run([*cada, "calendar"], env)
        print(f"first `calendar` after a change of every timeline: {first:.1f} s, {first_mb} MB "
              "(renders and stores every event once, with icalendar)")
        task_env = taskwarrior(Path(tmp) / "task", args.requests)
        commands = {
            "cada --version": ([*cada, "--version"], env),
            "cada status --all": ([*cada, "status", "--all"], env),
            "cada status --all --json": ([*cada, "status", "--all", "--json"], env),
            "cada status --overdue": ([*cada, "status", "--overdue"], env),
            "cada status (French)": ([*cada, "--lang", "fr", "status", "--all"], env),
            "cada calendar": ([*cada, "calendar"], env),
        }
        if task_env is not None:
            commands["task list"] = (["task", "list"], task_env)
            commands["task overdue"] = (["task", "overdue"], task_env)
        got = median_runs(commands, args.runs)
        print(f"\n{args.requests} requests, {args.runs} alternated runs, medians:")
        for name, (seconds, mb) in got.items():
            print(f"  {name:28s} {seconds * 1000:8.0f} ms  {mb:5d} MB")
        table = got["cada status --all"][0]
        print(f"\n  --json / table:    {got['cada status --all --json'][0] / table:.2f} "
              "(goal <= 1.5)")
        print(f"  --overdue / table: {got['cada status --overdue'][0] / table:.2f} (goal <= 1.5)")
        print(f"  calendar:          {got['cada calendar'][0]:.3f} s (goal < 0.5 s)")
        if task_env is not None:
            print(f"  status --all / task list:     {table / got['task list'][0]:.2f} "
                  "(goal <= 0.5)")
            print(f"  status --overdue / task overdue: "
                  f"{got['cada status --overdue'][0] / got['task overdue'][0]:.2f}")
        if args.big:
            big = Path(tmp) / "big"
            n = multiply(home, big, max(1, args.big // args.requests))
            big_env = {**env, "CADA_HOME": str(big)}
            first, first_mb = run([*cada, "status", "--all"], big_env)
            print(f"\n{n} requests (synthetic: the {args.requests} copied): first run "
                  f"{first:.1f} s, {first_mb} MB (derives and stores every timeline)")
            got = median_runs({
                "cada status --all": ([*cada, "status", "--all"], big_env),
                "cada status --overdue": ([*cada, "status", "--overdue"], big_env),
                "cada status --all --json": ([*cada, "status", "--all", "--json"], big_env),
            }, max(3, args.runs // 2))
            for name, (seconds, mb) in got.items():
                print(f"  {name:28s} {seconds * 1000:8.0f} ms  {mb:5d} MB")


if __name__ == "__main__":
    main()
