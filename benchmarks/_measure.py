"""What every benchmark needs to time a whole `cada` process fairly (not a benchmark itself).

- `child_env`: the environment of a measured command. Without the caller's CADA_* settings,
  and without PYTHONDONTWRITEBYTECODE: an installed `cada` has its bytecode compiled (pip
  compiles it), so a process that compiled every module of the package again at each run
  would measure the compiler, not the program (about 60 ms of 250 on `status --all`).
- `run_measured`: the wall-clock time and peak memory of one whole process. The peak is read
  by a small launcher (`python -S`), not by the benchmark itself: Linux counts in a child's
  peak (ru_maxrss) the memory of the process it was forked from, so a command started from a
  benchmark that holds 90 MB reports at least 90 MB, whatever it used. The launcher's own
  10 MB remain a floor: a command that uses less (`true`: 1 MB) is shown at 10 MB.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

# runs `argv` (its output thrown away, its stderr passed on) and prints
# {"seconds", "peak_mb", "code"} on its own standard output
_LAUNCHER = r"""
import json, os, subprocess, sys, time
argv = json.loads(sys.argv[1])
with open(os.devnull, "wb") as null:
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=null, stdin=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "peak_mb": usage.ru_maxrss // 1024,
                  "code": os.waitstatus_to_exitcode(status)}))
"""


def child_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """os.environ without CADA_* and PYTHONDONTWRITEBYTECODE, plus `extra`."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("CADA_") and k != "PYTHONDONTWRITEBYTECODE"}
    env.update(extra or {})
    return env


def run_measured(cmd: Sequence[str], env: Mapping[str, str], *, cwd: Path | None = None,
                 ok: Sequence[int] = (0,)) -> tuple[float, int]:
    """Wall-clock seconds and peak memory (MB) of one whole process; SystemExit with its
    standard error if its exit code is not in `ok`."""
    done = subprocess.run([sys.executable, "-S", "-c", _LAUNCHER, json.dumps(list(cmd))],
                          env=dict(env), cwd=cwd, capture_output=True, text=True, check=False)
    try:
        result = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        raise SystemExit(f"{' '.join(cmd)} could not be measured: {done.stderr.strip()}") from None
    if result["code"] not in ok:
        raise SystemExit(f"{' '.join(cmd)} failed ({result['code']}): {done.stderr.strip()}")
    return result["seconds"], result["peak_mb"]
