"""Shell completion: `cada completion SHELL` prints Typer's script, and the protocol the script
speaks (`_CADA_COMPLETE=complete_bash|complete_zsh|complete_fish` and the words typed, in the
environment of a new `cada` process) answers with the references, authority slugs, event
kinds, outcomes and letter kinds of the home, without SQLAlchemy and never with an error."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cada_tracker.domain import EVENT_KINDS, OUTCOMES
from tests.conftest import env_without_home, require_tool

ROOT = Path(__file__).resolve().parents[2]
SHELLS = ("bash", "zsh", "fish")
EVERY_OUTCOME = [o for values in OUTCOMES.values() for o in values]


@pytest.fixture
def home(montpellier, cada, cada_home):
    """The Montpellier home and a second request (2021-007, Métropole), to see filtering."""
    assert cada("authority", "add", "Montpellier Méditerranée Métropole", "--department",
                "34", "--slug", "metropole").code == 0
    r = cada("--today", "2021-03-01", "new", "--authority", "metropole", "--subject",
             "Vidéosurveillance : contrats", "--ref", "2021-007")
    assert r.code == 0, r.err
    return cada_home


def _env(home: Path | None, **extra: str) -> dict[str, str]:
    env = env_without_home() | {"PYTHONPATH": str(ROOT)} | extra
    if home is not None:
        env["CADA_HOME"] = str(home)
    return env


def complete(line: str, home: Path | None, shell: str = "bash") -> tuple[list[str], str]:
    """Ask a new `cada` process, as SHELL's script does, to complete LINE (the cursor at its
    end). Returns the candidates as the shell reads them (zsh and fish: with their
    descriptions) and stderr."""
    if shell == "bash":
        words = line.split()
        cword = len(words) if line.endswith(" ") else len(words) - 1
        env = _env(home, _CADA_COMPLETE="complete_bash", COMP_WORDS=line,
                   COMP_CWORD=str(cword))
    else:
        env = _env(home, _CADA_COMPLETE=f"complete_{shell}", _TYPER_COMPLETE_ARGS=line,
                   _TYPER_COMPLETE_FISH_ACTION="get-args")
    proc = subprocess.run([sys.executable, "-m", "cada_tracker"], capture_output=True,
                          text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    return [w for w in proc.stdout.splitlines() if w], proc.stderr


# --- the scripts -------------------------------------------------------------------------------


@pytest.mark.parametrize("shell", SHELLS)
def test_completion_script_of_each_shell_calls_cada(cada, shell):
    r = cada("completion", shell)
    assert r.code == 0 and r.err == ""
    assert r.out.strip() and r.out.endswith("\n")
    assert "cada" in r.out and "_CADA_COMPLETE=complete_" + shell in r.out
    if shell == "zsh":  # the file _cada of $fpath also completes at the first Tab
        assert r.out.startswith("#compdef cada\n") and '"$funcstack[1]" = "_cada"' in r.out


def test_unknown_shell_is_a_usage_error(cada):
    r = cada("completion", "powershell")
    assert r.code == 2 and r.out == ""
    assert r.err.count("\n") == 1 and "bash, zsh, fish" in r.err


# --- what is completed (bash protocol) -----------------------------------------------------------


@pytest.mark.slow
def test_references_complete_from_the_database(home):
    assert complete("cada log ", home)[0] == ["2020-001", "2021-007"]
    assert complete("cada show 2021", home)[0] == ["2021-007"]
    assert complete("cada explain 2020-0", home)[0] == ["2020-001"]
    assert complete("cada search --request ", home)[0] == ["2020-001", "2021-007"]
    assert complete("cada letter ", home)[0] == ["templates", "2020-001", "2021-007"]


@pytest.mark.slow
def test_authority_slugs_complete_from_the_database(home):
    assert complete("cada status --authority ", home)[0] == ["metropole", "ville-de-montpellier"]
    assert complete("cada new -a v", home)[0] == ["ville-de-montpellier"]
    assert complete("cada authority show m", home)[0] == ["metropole"]


@pytest.mark.slow
def test_campaign_slugs_complete_from_the_database(home, cada):
    for slug in ("videoprotection", "drones"):
        r = cada("--today", "2025-07-01", "campaign", "new", slug, "--subject", "Objet",
                 "--document", "Liste", "--authority", "metropole")
        assert r.code == 0, r.err
    assert complete("cada campaign show ", home)[0] == ["drones", "videoprotection"]
    assert complete("cada campaign send v", home)[0] == ["videoprotection"]
    assert complete("cada status --campaign d", home)[0] == ["drones"]
    assert complete("cada campaign new ", home)[0] == []  # a new slug is the user's to type


@pytest.mark.slow
def test_event_kinds_and_the_outcomes_of_the_event_typed(home):
    assert complete("cada log 2020-001 ", home)[0] == list(EVENT_KINDS)
    assert complete("cada log 2020-001 cada-", home)[0] == [
        k for k in EVENT_KINDS if k.startswith("cada-")]
    assert complete("cada log 2020-001 reply --outcome ", home)[0] == list(OUTCOMES["reply"])
    assert complete("cada log 2020-001 cada-opinion --outcome p", home)[0] == [
        "partly-favorable"]
    assert complete("cada log 2020-001 judgment --on 2021-01-04 --outcome ", home)[0] == list(
        OUTCOMES["judgment"])
    # no event typed yet: every outcome
    assert complete("cada log 2020-001 --outcome ", home)[0] == EVERY_OUTCOME


@pytest.mark.slow
def test_letter_kinds_formats_and_user_templates(home):
    (home / "letter_templates").mkdir()
    (home / "letter_templates" / "mise-en-demeure.j2").write_text("x", encoding="utf-8")
    kinds = complete("cada letter 2020-001 ", home)[0]
    assert kinds[:6] == ["demande", "relance", "demande-motifs", "saisine-cada",
                         "information-saisine", "recours-ta"]
    assert kinds[6:] == ["mise-en-demeure"]
    assert complete("cada letter 2020-001 relance --format p", home)[0] == ["pdf"]


@pytest.mark.sqlite_only("the home chooses the database only when it is the home's SQLite file")
@pytest.mark.slow
def test_home_given_on_the_command_line_is_the_one_completed(home, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    assert complete(f"cada --home {home} show ", elsewhere)[0] == ["2020-001", "2021-007"]
    assert complete("cada show ", elsewhere) == ([], "")


@pytest.mark.sqlite_only("absent, damaged and older SQLite files of a home")
@pytest.mark.slow
def test_absent_or_broken_home_gives_no_candidates_and_no_message(home, tmp_path):
    absent = tmp_path / "absent"
    assert complete("cada log ", absent) == ([], "")
    assert not absent.exists()  # completion creates nothing
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "cada.db").write_bytes(b"garbage" * 20)
    assert complete("cada status --authority ", broken) == ([], "")
    assert complete("cada --db mysql://x show ", broken) == ([], "")
    # a database of an older schema is not migrated by a Tab: no candidates, file untouched
    older = tmp_path / "older"
    shutil.copytree(home, older)
    with sqlite3.connect(older / "cada.db") as con:
        con.execute("UPDATE alembic_version SET version_num = '0003'")
    con.close()
    assert complete("cada show ", older) == ([], "")
    with sqlite3.connect(older / "cada.db") as con:
        assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [("0003",)]
    con.close()
    assert sorted(p.name for p in older.iterdir()) == sorted(p.name for p in home.iterdir())
    # the words that do not come from the database are still offered
    assert complete("cada log X ", broken)[0] == list(EVENT_KINDS)


@pytest.mark.slow
def test_completing_after_version_does_not_print_the_version(home):
    assert "cada " not in "\n".join(complete("cada --version ", home)[0])


@pytest.mark.sqlite_only("SQLite is read without SQLAlchemy; a server needs it")
@pytest.mark.slow
def test_completing_imports_no_sqlalchemy(home):
    code = (
        "import sys\n"
        "from cada_tracker.cli import main\n"
        "try:\n"
        "    main([])\n"
        "except SystemExit:\n"
        "    pass\n"
        "bad = [m for m in ('sqlalchemy', 'sqlmodel', 'jinja2', 'alembic') if m in sys.modules]\n"
        "sys.stderr.write('HEAVY:' + ','.join(bad))\n"
    )
    env = _env(home, _CADA_COMPLETE="complete_bash", COMP_WORDS="cada letter ",
               COMP_CWORD="2")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert proc.stdout.split() == ["templates", "2020-001", "2021-007"]
    assert proc.stderr.endswith("HEAVY:"), proc.stderr


# --- zsh and fish formats ------------------------------------------------------------------------


@pytest.mark.sqlite_only("its last case is a home without a database file")
@pytest.mark.slow
def test_zsh_and_fish_show_the_subject_and_the_authority_name(home):
    out, _ = complete("cada show ", home, "zsh")
    assert out[0] == """_arguments '*: :(("2020-001":"Observatoire local de la tranquillité \
publique\""""
    out, _ = complete("cada status --authority ", home, "fish")
    assert out == ["metropole\tMontpellier Méditerranée Métropole",
                   "ville-de-montpellier\tVille de Montpellier"]
    # nothing to offer: zsh falls back to file names
    assert complete("cada --home /nonexistent/x show ", None, "zsh")[0] == ["_files"]


# --- end to end, in the real shells (when installed) ---------------------------------------------


@pytest.fixture
def on_path(tmp_path) -> dict[str, str]:
    """An environment whose PATH has a `cada` running this source tree."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    exe = bin_dir / "cada"
    exe.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m cada_tracker "$@"\n', encoding="utf-8")
    exe.chmod(0o755)
    return {"PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}


def _shell(argv: list[str], home: Path, path_env: dict[str, str]) -> str:
    proc = subprocess.run(argv, capture_output=True, text=True, env=_env(home) | path_env,
                          timeout=120)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    return proc.stdout


@pytest.mark.slow
def test_bash_sources_the_script_and_completes(home, on_path):
    require_tool("bash")
    script = (
        'source <(cada completion bash)\n'
        'complete -p cada\n'
        'COMP_WORDS=(cada log 2020-001 reply --outcome p); COMP_CWORD=5\n'
        '_cada_completion cada\n'
        'printf "<%s>\\n" "${COMPREPLY[@]}"\n'
        'COMP_WORDS=(cada status --authority ""); COMP_CWORD=3\n'
        '_cada_completion cada\n'
        'printf "<%s>\\n" "${COMPREPLY[@]}"\n'
    )
    out = _shell(["bash", "--norc", "--noprofile", "-c", script], home, on_path)
    assert out.splitlines() == [
        "complete -o default -F _cada_completion cada",
        "<partial>",
        "<metropole>", "<ville-de-montpellier>",
    ]


@pytest.mark.slow
def test_zsh_script_hands_the_candidates_to_zsh(home, on_path):
    require_tool("zsh")
    # compdef and _arguments belong to zsh's completion system, which needs a terminal: they
    # are stubbed to print what the script hands them
    script = (
        'compdef() { print -r -- "compdef $*" }\n'
        '_arguments() { print -r -- "$@" }\n'
        'source <(cada completion zsh)\n'
        'words=(cada log 2021 ""); CURRENT=3\n'
        '_cada_completion\n'
    )
    out = _shell(["zsh", "-f", "-c", script], home, on_path)
    assert out.splitlines() == [
        "compdef _cada_completion cada",
        # zsh's _arguments reads the quotes; Typer escapes the colon of the description
        '*: :(("2021-007":"Vidéosurveillance \\\\: contrats"))',
    ]


@pytest.mark.slow
def test_zsh_completes_at_the_first_tab_from_the_file_in_fpath(home, on_path, tmp_path):
    """The installation docs/commands.md gives (the file _cada in $fpath), in an interactive
    zsh on a pseudo-terminal: the first Tab completes the outcome."""
    require_tool("zsh")
    zfunc = tmp_path / "zfunc"
    zfunc.mkdir()
    (zfunc / "_cada").write_text(_shell(["cada", "completion", "zsh"], home, on_path))
    script = (
        "zmodload zsh/zpty\n"
        "zpty z 'zsh -f -i'\n"
        f"zpty -w z 'PS1=\"%% \"; fpath=({zfunc} $fpath); autoload -Uz compinit; "
        "compinit -u -D'\n"
        "zpty -w -n z $'cada log 2020-001 cada-opinion --outcome partly-f\\t'\n"
        "zpty -r z out '*partly-favorable*' && print COMPLETED\n"
        "zpty -d z\n"
    )
    assert _shell(["zsh", "-f", "-c", script], home, on_path).splitlines() == ["COMPLETED"]


@pytest.mark.slow
def test_fish_loads_the_script_and_completes(home, on_path):
    require_tool("fish")
    script = (
        "cada completion fish | source\n"
        "complete -C 'cada log 2020-001 cada-opinion --outcome '\n"
    )
    out = _shell(["fish", "--no-config", "-c", script], home, on_path)
    assert out.splitlines() == sorted(OUTCOMES["cada-opinion"])


# --- every parameter that should complete does ---------------------------------------------------


def _tree():
    import typer.main

    from cada_tracker.cli import _load_commands

    def walk(command, path):
        for param in command.params:
            yield path, param
        for name, sub in (getattr(command, "commands", None) or {}).items():
            yield from walk(sub, (*path, name))

    return list(walk(typer.main.get_command(_load_commands()), ()))


def test_every_reference_and_authority_parameter_has_its_completer():
    from cada_tracker.cli import shell_completion as sc

    found = {}
    for path, param in _tree():
        completer = sc.completer_for(path, param)
        if completer is not None:
            found[(" ".join(path), param.name)] = completer.__name__
        if (param.metavar or "").strip("[].") == "REF":
            assert completer in (sc._references, sc._letter_references), (path, param.name)
        if "--authority" in param.opts:
            assert completer is sc._authority_slugs, path
    # a renamed parameter must not lose its completion silently
    expected = {
        ("log", "reference"): "_references", ("log", "event"): "_event_kinds",
        ("log", "outcome"): "_outcomes", ("log", "channel"): "_channels",
        ("show", "reference"): "_references", ("explain", "reference"): "_references",
        ("attach", "ref"): "_references", ("attach", "event"): "_event_kinds",
        ("documents", "ref"): "_references", ("escalate", "ref"): "_references",
        ("letter", "ref"): "_letter_references", ("letter", "kind"): "_letter_kinds",
        ("letter", "fmt"): "_letter_formats", ("search", "request"): "_references",
        ("finding add", "request"): "_references", ("finding list", "request"): "_references",
        ("finding edit", "request"): "_references", ("finding edit", "unlink"): "_references",
        ("new", "authority"): "_authority_slugs", ("new", "channel"): "_channels",
        ("status", "authority"): "_authority_slugs",
        ("authority show", "slug"): "_authority_slugs",
        ("authority edit", "slug"): "_authority_slugs",
        ("completion", "shell"): "_shells",
        ("", "lang"): "_languages",
    }
    assert {k: found.get(k) for k in expected} == expected
    # a new slug is not completed from the existing ones
    assert ("authority add", "slug") not in found and ("authority edit", "new_slug") not in found


@pytest.mark.parametrize("value", ["1", "garbage", "complete_tcsh", "complete-bash"])
def test_a_stray_completion_variable_is_a_one_line_usage_error(cada, monkeypatch, value):
    monkeypatch.setenv("_CADA_COMPLETE", value)
    r = cada("status")
    assert r.code == 2 and r.out == ""
    assert r.err.startswith(f"cada: _CADA_COMPLETE is set to '{value}'")
    assert r.err.count("\n") == 1 and "unset _CADA_COMPLETE" in r.err
    r = cada("--lang", "fr", "status")
    assert r.code == 2 and "_CADA_COMPLETE" in r.err
