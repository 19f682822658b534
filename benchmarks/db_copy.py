"""`cada db copy` between SQLite and PostgreSQL, beside PostgreSQL's own tools (issue 14).

Usage: CADA_TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:55432/postgres \\
       python benchmarks/db_copy.py [--times 3334] [--pages 20000] [--runs 3] [--before TREE]

Prints figures and ratios; asserts nothing. The home: the demo's requests copied `--times` times
in SQL (benchmarks/status.py's `multiply`: 3 x 3334 = 10,002 requests with their events and
items) and `--pages` pages of 2 KB of text, a synthetic home. Each run, alternated with the
references in the same loop (medians compared: the machine's speed drifts, the ratio counts):

- `cada db copy --to postgresql://...` into a new database (migrations, rows, sequences, the
  verification) beside `pg_restore` of a custom-format dump of the same rows into a new
  database (the server's own tool writing them);
- `cada db copy --to sqlite:///...` from that server into a new file beside `pg_dump` of it
  (the server's own tool reading them; the copy also rebuilds the file's search index);
- with `--before TREE`, the same two copies by the program of another source tree (a checkout
  of an earlier commit), in the same rounds.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from _measure import child_env

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from status import multiply  # noqa: E402 - the synthetic home of the status benchmark


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr}")
    return time.perf_counter() - start


def add_pages(home: Path, n: int) -> None:
    con = sqlite3.connect(home / "cada.db")
    files = [i for (i,) in con.execute("SELECT id FROM stored_file")]
    text = ("Délibération du conseil municipal relative à l'observatoire de la tranquillité "
            "publique, vidéoprotection, données et traitements. ") * 16
    with con:
        top = con.execute("SELECT coalesce(max(number), 0) FROM page").fetchone()[0]
        con.executemany("INSERT INTO page (file_id, number, text) VALUES (?, ?, ?)",
                        [(files[i % len(files)], top + 1 + i, f"{i} {text}")
                         for i in range(n)])
    con.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--times", type=int, default=3334)
    parser.add_argument("--pages", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--before", type=Path, default=None)
    args = parser.parse_args()
    admin = os.environ.get("CADA_TEST_POSTGRES_URL")
    if not admin:
        raise SystemExit("set CADA_TEST_POSTGRES_URL (an administrator's URL; .ci/postgres start)")
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    made: list[str] = []

    def new_database() -> str:
        name = f"cada_bench_{uuid.uuid4().hex[:10]}"
        with engine.connect() as con:
            con.exec_driver_sql(f'CREATE DATABASE "{name}"')
        made.append(name)
        return make_url(admin).set(database=name).render_as_string(hide_password=False)

    env = child_env({"PYTHONPATH": str(ROOT), "CADA_TODAY": "2026-11-28"})
    before_env = (None if args.before is None
                  else {**env, "PYTHONPATH": str(args.before.resolve())})
    cada = [sys.executable, "-m", "cada_tracker"]
    try:
        with tempfile.TemporaryDirectory() as scratch:
            work = Path(scratch)
            timed([*cada, "demo", "--home", str(work / "demo")], env)
            requests = multiply(work / "demo", work / "big", args.times)
            add_pages(work / "big", args.pages)
            con = sqlite3.connect(work / "big" / "cada.db")
            rows = sum(con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
                       for (t,) in con.execute(
                           "SELECT name FROM sqlite_master WHERE type='table' AND name NOT "
                           "LIKE 'search_index%' AND name NOT LIKE 'timeline%' AND name != "
                           "'alembic_version'"))
            con.close()
            size = (work / "big" / "cada.db").stat().st_size / 1e6
            print(f"home: {requests} requests, {args.pages} extra pages, {rows} rows, "
                  f"{size:.0f} MB of SQLite")
            seed = new_database()
            timed([*cada, "--home", str(work / "big"), "db", "copy", "--to", seed], env)
            dump = work / "seed.dump"
            timed(["pg_dump", "--format=custom", f"--file={dump}", seed], env)
            names = ["cada db copy -> PostgreSQL", "pg_restore", "cada db copy -> SQLite",
                     "pg_dump"]
            if before_env is not None:
                names += ["before: -> PostgreSQL", "before: -> SQLite"]
            times: dict[str, list[float]] = {k: [] for k in names}
            for run in range(args.runs):
                times["cada db copy -> PostgreSQL"].append(timed(
                    [*cada, "--home", str(work / "big"), "db", "copy", "--to",
                     new_database()], env))
                if before_env is not None:
                    times["before: -> PostgreSQL"].append(timed(
                        [*cada, "--home", str(work / "big"), "db", "copy", "--to",
                         new_database()], before_env))
                times["pg_restore"].append(timed(
                    ["pg_restore", "--no-owner", "-d", new_database(), str(dump)], env))
                back = work / f"back-{run}.db"
                times["cada db copy -> SQLite"].append(timed(
                    [*cada, "--db", seed, "db", "copy", "--to", f"sqlite:///{back}"], env))
                if before_env is not None:
                    times["before: -> SQLite"].append(timed(
                        [*cada, "--db", seed, "db", "copy", "--to",
                         f"sqlite:///{work / f'before-{run}.db'}"], before_env))
                times["pg_dump"].append(timed(
                    ["pg_dump", "--format=custom", f"--file={work / f'again-{run}.dump'}",
                     seed], env))
            med = {k: statistics.median(v) for k, v in times.items()}
            for name, seconds in med.items():
                print(f"{name:<28} {seconds:7.2f} s  ({rows / seconds:,.0f} rows/s)")
            print(f"ratio cada db copy -> PostgreSQL / pg_restore: "
                  f"{med['cada db copy -> PostgreSQL'] / med['pg_restore']:.2f}x")
            print(f"ratio cada db copy -> SQLite / pg_dump: "
                  f"{med['cada db copy -> SQLite'] / med['pg_dump']:.2f}x")
            if before_env is not None:
                print(f"before -> PostgreSQL / pg_restore: "
                      f"{med['before: -> PostgreSQL'] / med['pg_restore']:.2f}x; before -> "
                      f"SQLite / pg_dump: {med['before: -> SQLite'] / med['pg_dump']:.2f}x")
    finally:
        with engine.connect() as con:
            for name in made:
                con.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        engine.dispose()


if __name__ == "__main__":
    main()
