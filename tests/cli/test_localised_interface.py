"""The command line in both languages: every command's help, click's words and errors, the
golden outputs of status, show and explain, and JSON that does not change with the language."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cada_tracker.cli import _load_commands

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "i18n"


def _command_paths() -> list[tuple[str, ...]]:
    from typer.main import get_command

    def walk(command, path):
        yield path
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            yield from walk(sub, (*path, name))

    return list(walk(get_command(_load_commands()), ()))


@pytest.mark.parametrize("path", _command_paths(), ids=lambda p: " ".join(p) or "cada")
def test_every_help_renders_in_both_languages(cada, path):
    en = cada("--lang", "en", *path, "--help")
    fr = cada("--lang", "fr", *path, "--help")
    assert en.code == 0 and fr.code == 0, (en.err, fr.err)
    assert en.out.startswith("Usage: cada") and "Options:" in en.out
    assert fr.out.startswith("Utilisation\xa0: cada") and "Options\xa0:" in fr.out
    assert "Afficher ce message et quitter." in fr.out
    assert "Show this message and exit." not in fr.out
    # the command's own description is translated (not the English text)
    first_en = en.out.split("\n\n")[1].strip().split("\n")[0]
    assert first_en not in fr.out


def test_click_errors_in_french(cada):
    r = cada("--lang", "fr", "status", "--bogus")
    assert r.code == 2
    assert r.err == "cada: Option inconnue\xa0: --bogus (voir `cada status --help`)\n"
    r = cada("--lang", "fr", "log", "2020-001")
    assert r.code == 2 and "Argument 'EVENT' manquant" in r.err
    r = cada("--lang", "fr", "statu")
    assert r.code == 2 and "statu" in r.err and "No such command" not in r.err
    r = cada("--lang", "en", "status", "--bogus")
    assert r.err == "cada: No such option: --bogus (see `cada status --help`)\n"


def test_french_messages_and_plurals(cada, tmp_path):
    csv = tmp_path / "a.csv"
    csv.write_text("name,department\nVille de Sète,34\n", encoding="utf-8")
    r = cada("--lang", "fr", "authority", "import", str(csv))
    assert r.code == 0, r.err
    assert r.out.startswith("1 administration importée") or "importé" in r.out
    r = cada("--lang", "en", "authority", "import", str(csv))
    assert r.code != 0 or "authority" in r.out  # the same slug again: refused or reported


def _strip_free_text(obj):
    """JSON with the free-text fields (which follow the language) left out."""
    free = {"what", "explanation", "steps", "alternatives", "warnings", "title", "why", "note",
            "label", "summary", "text", "lines"}
    if isinstance(obj, dict):
        return {k: _strip_free_text(v) for k, v in obj.items() if k not in free}
    if isinstance(obj, list):
        return [_strip_free_text(v) for v in obj]
    return obj


@pytest.mark.parametrize("args", [
    ("status", "--all", "--json"),
    ("show", "2020-001", "--json"),
    ("show", "DEMO-DRONES", "--json"),
    ("explain", "DEMO-DRONES", "--json"),
    ("remind", "--json"),
])
def test_json_keys_and_values_do_not_change_with_the_language(cada, demo_home, args):
    en = cada("--home", demo_home, "--today", "2026-11-28", "--lang", "en", *args)
    fr = cada("--home", demo_home, "--today", "2026-11-28", "--lang", "fr", *args)
    assert en.code == 0 and fr.code == 0, (en.err, fr.err)
    assert _strip_free_text(en.json) == _strip_free_text(fr.json)
    assert json.dumps(en.json) != json.dumps(fr.json) or args[0] == "remind"


def _update() -> bool:
    return os.environ.get("CADA_UPDATE_GOLDEN", "") not in ("", "0")


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("args", [
    ("status", "--all"),
    ("show", "2020-001"),
    ("show", "DEMO-DRONES"),
    ("explain", "DEMO-DRONES"),
], ids=lambda a: "-".join(a) if isinstance(a, tuple) else a)
def test_golden_outputs_in_both_languages(cada, demo_home, request, lang, args):
    """Rewritten only with --update-golden or CADA_UPDATE_GOLDEN=1 (then read the diff)."""
    r = cada("--home", demo_home, "--today", "2026-11-28", "--lang", lang, *args)
    assert r.code == 0, r.err
    out = r.out.replace(str(demo_home), "<home>")
    path = GOLDEN / f"{'-'.join(args)}.{lang}.txt"
    if request.config.getoption("--update-golden") or _update():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(out, encoding="utf-8")
    assert path.exists(), f"golden file {path} missing; run pytest --update-golden"
    assert out == path.read_text(encoding="utf-8"), f"{path.name} differs (pytest --update-golden)"


def _fragments(lang_of_text: str) -> set[str]:
    """Literal pieces (14 characters or more) of the messages of the *other* language that differ
    from their translation: none may appear in an output that is entirely in `lang_of_text`."""
    import gettext
    import re

    from cada_tracker import i18n
    from cada_tracker.i18n import catalogs

    with (i18n.LOCALE_DIR / "fr" / "LC_MESSAGES" / "cada.mo").open("rb") as fp:
        fr = gettext.GNUTranslations(fp)
    pieces = set()
    for entry in catalogs.build_template():
        if not entry.id or not isinstance(entry.id, str):
            continue
        french = fr.gettext(entry.id)
        if french == entry.id:
            continue
        other = entry.id if lang_of_text == "fr" else french
        for piece in re.split(r"\{[^}]*\}|`[^`]*`|'[^']*'|\([^)]*\)", other):
            piece = piece.strip(" .,:;\u00a0")
            if len(piece) >= 14 and " " in piece:
                pieces.add(piece)
    return pieces


@pytest.mark.sqlite_only("the demo's home is a SQLite file by design")
@pytest.mark.parametrize(("env", "lang"), [({"LANG": "fr_FR.UTF-8"}, "fr"), ({"LANG": "C"}, "en")])
def test_the_demo_is_entirely_in_one_language(cada, monkeypatch, tmp_path, env, lang):
    pytest.importorskip("babel", reason="Babel (a test dependency)")
    monkeypatch.delenv("CADA_LANG")
    for var in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    r = cada("--today", "2026-11-28", "demo", "--home", tmp_path / "demo")
    assert r.code == 0, r.err
    # the frozen letter (French in both interfaces) is quoted with "| " in show: left out
    shown = "\n".join(line for line in (r.out + r.err).splitlines()
                      if not line.lstrip().startswith("|"))
    leaks = sorted(p for p in _fragments(lang) if p in shown)
    assert leaks == [], f"{lang} demo shows text of the other language: {leaks[:10]}"


def test_a_bad_number_is_reported_wholly_in_french(cada):
    # click's own sentence for an int option is "'abc' is not a valid int." (not "integer")
    r = cada("--lang", "fr", "status", "--due-within", "abc")
    assert r.code == 2
    assert r.err == ("cada: Valeur invalide pour '--due-within'\xa0: 'abc' n'est pas un entier "
                     "valide. (voir `cada status --help`)\n")
    r = cada("--lang", "en", "remind", "--within", "1.5")
    assert r.code == 2 and "'1.5' is not a valid int." in r.err


def test_a_latin1_terminal_gets_escapes_not_an_internal_error(cada, montpellier, monkeypatch):
    """LANG=fr_FR.ISO-8859-1: stdout cannot encode an em dash nor "œ"; they are written
    escaped, the command succeeds, and JSON stays valid."""
    import io
    import sys

    from cada_tracker.cli import main
    from cada_tracker.storage import db

    r = cada("--today", "2020-02-07", "new", "-a", "ville-de-montpellier", "-s", "Vœux — 2020",
             "--ref", "V1")
    assert r.code == 0, r.err

    def run(*args: str) -> str:
        raw = io.BytesIO()
        latin1 = io.TextIOWrapper(raw, encoding="latin-1", errors="strict")
        monkeypatch.setattr(sys, "stdout", latin1)
        db.dispose_engines()
        main(["--today", "2020-02-07", *args])  # returns: no SystemExit, no internal error
        latin1.flush()
        db.dispose_engines()
        return raw.getvalue().decode("latin-1")

    assert "2020-001 \\u2014 Ville de Montpellier" in run("--lang", "fr", "show", montpellier)
    assert json.loads(run("show", "V1", "--json"))["subject"] == "Vœux — 2020"


@pytest.mark.parametrize("args, where", [
    (["status", "--due-within"], "cada status"),
    (["--today", "2020-02-07", "status", "--all=3"], "cada status"),
    (["--home", "status", "calendar", "-o"], "cada calendar"),
    (["authority", "add", "--slug"], "cada authority add"),
    (["--lang", "fr", "remind", "--within"], "cada remind"),
])
def test_an_option_without_its_value_points_to_its_command_help(cada, args, where):
    # click raises these without a context: the help named is still the command's
    r = cada(*args)
    assert r.code == 2 and r.err.count("\n") == 1
    assert r.err.rstrip().endswith(f"`{where} --help`)"), r.err
