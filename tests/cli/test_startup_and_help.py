"""Start-up: --help/--version import nothing heavy, every command has help, one-line errors, pipes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import env_without_home

HEAVY = ("sqlalchemy", "sqlmodel", "jinja2", "rich", "alembic", "holidays", "icalendar",
         "pypdf", "pypdfium2", "fpdf")


def _command_paths() -> list[list[str]]:
    import typer.main

    from cada_tracker.cli import _load_commands

    def walk(cmd, path):
        for name, sub in getattr(cmd, "commands", {}).items():
            yield path + [name]
            yield from walk(sub, path + [name])

    return list(walk(typer.main.get_command(_load_commands()), []))


@pytest.mark.slow
def test_help_of_every_command_and_version_import_nothing_heavy(tmp_path):
    paths = [["--help"], ["--version"]] + [p + ["--help"] for p in _command_paths()]
    paths += [["--lang", "fr", *p, "--help"] for p in [[], *_command_paths()]]  # French too
    assert len(paths) > 30
    code = (
        "import sys\n"
        "from cada_tracker.cli import main\n"
        f"for args in {paths!r}:\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit as exc:\n"
        "        assert not exc.code, (args, exc.code)\n"
        f"bad = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "sys.stderr.write('HEAVY:' + ','.join(bad))\n"
    )
    env = env_without_home() | {"CADA_HOME": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert proc.stderr.strip().endswith("HEAVY:"), proc.stderr[-2000:]
    usages = proc.stdout.count("Usage: cada") + proc.stdout.count("Utilisation\xa0: cada")
    assert usages == len(paths) - 1  # --version prints no usage


def test_version(cada):
    from cada_tracker import __version__

    r = cada("--version")
    assert r.code == 0 and r.out.strip() == f"cada {__version__}"


def test_every_command_has_help(cada):
    from cada_tracker.cli import _load_commands

    app = _load_commands()
    import typer.main

    group = typer.main.get_command(app)

    def walk(cmd, path):
        for name, sub in getattr(cmd, "commands", {}).items():
            assert (sub.help or "").strip(), f"cada {' '.join(path + [name])} has no help"
            walk(sub, path + [name])

    walk(group, [])


@pytest.mark.sqlite_only("a damaged SQLite file gives the error")
def test_debug_shows_traceback_only_with_flag(cada, cada_home):
    cada_home.mkdir(parents=True)
    (cada_home / "cada.db").write_bytes(b"garbage" * 20)
    assert "Traceback" not in cada("status").err
    assert "Traceback" in cada("--debug", "status").err


def test_json_is_one_document(cada, montpellier):
    r = cada("--today", "2020-02-07", "status", "--all", "--json")
    json.loads(r.out)  # raises if there is anything else on stdout


@pytest.mark.parametrize("args", [
    ["status", "--due-within", "abc"], ["status", "--bogus"], ["log"], ["authority", "nope"],
])
def test_parser_usage_errors_are_one_line(cada, args):
    r = cada(*args)
    assert r.code == 2 and r.err.startswith("cada: ") and r.err.count("\n") == 1, r.err
    assert "--help" in r.err


@pytest.mark.slow
def test_broken_pipe_always_exits_zero(demo_home):
    home = demo_home
    env = env_without_home() | {"CADA_HOME": str(home), "CADA_TODAY": "2026-11-28"}
    for command in ("show 2020-001", "explain 2020-001", "status --all"):
        for _ in range(3):
            proc = subprocess.run(
                ["bash", "-c", f"set -o pipefail; {sys.executable} -m cada_tracker {command}"
                               " | head -c1 > /dev/null"],
                capture_output=True, text=True, env=env,
            )
            assert proc.returncode == 0 and proc.stderr == "", (command, proc.stderr)


@pytest.mark.slow
def test_status_pipe_to_head_has_no_traceback(cada, montpellier, cada_home):
    for i in range(30):
        cada("--today", "2020-02-07", "new", "-a", "ville-de-montpellier", "-s", f"Objet {i}")
    env = env_without_home() | {"CADA_HOME": str(cada_home), "CADA_TODAY": "2020-02-07"}
    cmd = f"{sys.executable} -m cada_tracker status --all | head -1"
    proc = subprocess.run(cmd, shell=True, capture_output=True, text=True, env=env)
    assert proc.returncode == 0
    assert proc.stdout.startswith("REF")
    assert proc.stderr == ""


@pytest.mark.parametrize("lang, usage, options", [
    ("en", "Usage: cada", "\nOptions:\n"),
    ("fr", "Utilisation\xa0: cada", "\nOptions\xa0:\n"),
])
@pytest.mark.parametrize("path", [(), ("authority",), ("db",)])
def test_a_command_group_alone_prints_its_help_laid_out(cada, lang, usage, options, path):
    """`cada` alone (or `cada authority`): the help, line by line, not one squeezed line."""
    r = cada("--lang", lang, *path)
    assert r.code == 2 and r.out == ""
    assert r.err.startswith(f"{usage} {' '.join(path)}".rstrip()) and options in r.err
    assert not r.err.startswith("cada:") and r.err.count("\n") > 5
