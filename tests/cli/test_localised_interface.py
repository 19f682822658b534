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
