"""Deadline engine and `cada status --all` over many requests.

Usage: python benchmarks/deadlines.py [--requests 10000] [--runs 5] [--home DIR]
Prints medians; asserts nothing. The requests are created through the service layer
(cada_tracker.services.requests) in one transaction, with varied dates and histories.
Creating them takes minutes: --home DIR keeps them in DIR (created if it holds no cada.db,
reused otherwise), so that two trees can be measured side by side on the same data.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from _measure import child_env

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# (event, days after the start): realistic histories (a referral after the refusal exists).
HISTORIES = (
    (("sent", 0), ("received", 2)),
    (("sent", 0),),
    (("sent", 0), ("received", 2), ("reply:refused", 20)),
    (("sent", 0), ("received", 2), ("cada-sent", 40), ("cada-registered", 45)),
    (("sent", 0), ("received", 2), ("reply:partial", 20), ("cada-sent", 30)),
    (("sent", 0), ("received", 2), ("reply:full", 25)),
)


def populate(home: Path, n: int, today: date) -> None:
    from dataclasses import replace

    from cada_tracker.context import Context
    from cada_tracker.paths import Settings
    from cada_tracker.services.authorities import AuthorityInput, insert_authority, save_profile
    from cada_tracker.services.requests import NewEvent, NewRequest, insert_request, record_event
    from cada_tracker.storage.sql import session_unit

    ctx = Context(settings=Settings(home=home), today=today)
    home.mkdir(parents=True, exist_ok=True)
    with ctx.transaction() as session:
        save_profile(session, name="Bench", email="bench@example.org", address="1 rue X")
        deps = ("34", "67", "971", "75", "13")
        for i, dep in enumerate(deps):
            insert_authority(session, AuthorityInput(name=f"Autorité {i}", department=dep))
        unit = session_unit(session)  # requests and events are written through a unit of work
        for i in range(n):
            start = today - timedelta(days=(i * 7) % 900)
            req = insert_request(
                unit,
                replace(ctx, today=start),
                NewRequest(authority=f"autorite-{i % len(deps)}", subject=f"Demande {i}",
                           documents=[f"Document {i}"], reference=f"B-{i:05d}",
                           channel=("email", "post")[i % 2]),
            )
            for step, offset in HISTORIES[i % len(HISTORIES)]:
                day = start + timedelta(days=offset)
                if day > today:
                    break  # the rest of this history has not happened yet
                kind, _, outcome = step.partition(":")
                record_event(unit, ctx, req.reference,
                             NewEvent(kind=kind, on=day, outcome=outcome or None))


def bench_engine(home: Path, today: date, runs: int, explain: bool) -> tuple[float, int]:
    import sqlite3

    from cada_tracker.law import LawOptions, compute_timeline
    from cada_tracker.storage.requests import load_views
    from cada_tracker.storage.sql import sqlite_query

    con = sqlite3.connect(home / "cada.db")
    facts = [v.facts() for v in load_views(sqlite_query(con))]
    con.close()
    options = LawOptions(explain=explain)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for f in facts:
            compute_timeline(f, options)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), len(facts)


def bench_status(home: Path, today: date, runs: int) -> float:
    env = child_env({"CADA_HOME": str(home), "CADA_TODAY": today.isoformat()})
    cmd = [sys.executable, "-m", "cada_tracker", "status", "--all"]
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--home", type=Path, help="keep (or reuse) the populated home here")
    args = parser.parse_args()
    today = date(2026, 11, 28)
    with tempfile.TemporaryDirectory() as tmp:
        home = args.home or Path(tmp) / "home"
        if (home / "cada.db").exists():
            print(f"reusing the requests in {home}")
        else:
            t0 = time.perf_counter()
            populate(home, args.requests, today)
            print(f"created {args.requests} requests through the service layer in "
                  f"{time.perf_counter() - t0:.1f} s")
        for explain in (True, False):
            engine, n = bench_engine(home, today, args.runs, explain)
            print(f"compute_timeline(explain={explain}) x {n}: median {engine * 1000:.0f} ms "
                  f"({engine / n * 1e6:.1f} µs per request)")
        # `status` computes without the explanation text (explain=False), the last figure.
        status = bench_status(home, today, args.runs)
        print(f"cada status --all over {n} requests: median {status * 1000:.0f} ms "
              f"(engine share {engine / status:.0%})")


if __name__ == "__main__":
    main()
