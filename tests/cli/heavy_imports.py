"""What the fast paths of cli/fast.py must not load: one command run in a fresh interpreter,
with the heavy libraries it imported (tests of status, attach and calendar without Typer)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

HEAVY = ("typer", "click", "sqlalchemy", "sqlmodel", "pydantic", "jinja2", "rich")


def run_listing_heavy_imports(args: list[str], **env: str) -> tuple[str, list[str]]:
    """`cada ARGS` in a new process (with `env` added): its output, and the modules of HEAVY
    (or under them) it imported."""
    code = ("import sys, json; from cada_tracker.cli import main; "
            "main(json.loads(sys.argv[1])); "
            f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})),"
            " file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code, json.dumps(args)], capture_output=True,
                          text=True, check=True, env={**os.environ, **env})
    return done.stdout, json.loads(done.stderr.strip().splitlines()[-1])
