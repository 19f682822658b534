"""Fixes from the QA round of the letters: dossier write failures, non-UTF-8 templates,
premature refusal letters, eml to the court, `letter --json`, PDF glyphs, escalate output, help.

Failures are simulated in tmp folders (monkeypatched OS calls), never on device files.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
from pathlib import Path

import pytest

REF = "2020-001"  # demo fixture: received 2020-02-10, B = 2020-03-10


def ok(cada, *args: str) -> tuple[str, str]:
    code, out, err = cada(*args)
    assert code == 0, (args, out, err)
    return out, err


def one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("cada: "), err
    assert "Traceback" not in err and "internal error" not in err
    return lines[0]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# --- 1. an OSError while writing the dossier --------------------------------------------------


def test_escalate_unwritable_folder_is_one_line_and_leaves_nothing(demo, tmp_path, monkeypatch):
    from cada_tracker.services.letters import dossier_files as service

    def refuse(*args, **kwargs):
        raise FileNotFoundError(errno.ENOENT, "No such file or directory", "x")

    monkeypatch.setattr(service.tempfile, "mkdtemp", refuse)
    code, out, err = demo("--today", "2020-03-20", "escalate", REF, "-o", str(tmp_path / "d"))
    line = one_line_error(err)
    assert code == 1 and out == ""
    assert "cannot create the dossier" in line and "-o" in line and "Nothing was written" in line
    assert not (tmp_path / "d").exists() and not (tmp_path / "d.zip").exists()


def test_escalate_disk_full_midway_cleans_up(demo, tmp_path, monkeypatch):
    import zipfile

    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "writestr", full)
    code, _, err = demo("--today", "2020-03-20", "escalate", REF, "-o", str(tmp_path / "d"))
    line = one_line_error(err)
    assert code == 1 and "No space left on device" in line
    assert not (tmp_path / "d").exists() and not (tmp_path / "d.zip").exists()
    assert leftovers(tmp_path) == []


def test_escalate_force_failure_puts_the_earlier_dossier_back(demo, tmp_path, monkeypatch):
    ok(demo, "--today", "2020-03-20", "escalate", REF, "-o", str(tmp_path / "d"))
    before = sorted(p.name for p in (tmp_path / "d").iterdir())
    zip_before = (tmp_path / "d.zip").read_bytes()
    real_replace = Path.replace

    def failing_replace(self, target):
        if str(target).endswith("d.zip"):
            raise OSError(errno.EIO, "Input/output error")
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", failing_replace)
    code, _, err = demo("--today", "2020-03-20", "escalate", REF, "-o", str(tmp_path / "d"),
                        "--force")
    one_line_error(err)
    assert code == 1
    assert sorted(p.name for p in (tmp_path / "d").iterdir()) == before
    assert (tmp_path / "d.zip").read_bytes() == zip_before
    assert leftovers(tmp_path) == []


def test_escalate_target_appearing_meanwhile_is_a_conflict(demo, tmp_path, monkeypatch):
    from cada_tracker.services.letters import dossier_files as service

    target = tmp_path / "d"
    real = service._fsync

    def racing(fh):
        target.mkdir(exist_ok=True)  # another process creates the folder
        real(fh)

    monkeypatch.setattr(service, "_fsync", racing)
    code, _, err = demo("--today", "2020-03-20", "escalate", REF, "-o", str(target))
    line = one_line_error(err)
    assert code == 4 and str(target) in line
    assert list(target.iterdir()) == [] and not (tmp_path / "d.zip").exists()
    assert leftovers(tmp_path) == []


def test_escalate_refuses_targets_that_are_not_a_dossier_even_with_force(demo, tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "mine.txt").write_text("keep me", encoding="utf-8")
    (tmp_path / "z.zip").mkdir()
    for name, needle in (("file", "not a folder"), ("folder", "not an earlier dossier"),
                         ("z", "not a regular file")):
        code, _, err = demo("--today", "2020-03-20", "escalate", REF, "-o",
                            str(tmp_path / name), "--force")
        line = one_line_error(err)
        assert code == 4 and needle in line, (name, line)
    assert (tmp_path / "folder" / "mine.txt").read_text(encoding="utf-8") == "keep me"
    assert (tmp_path / "file").read_text(encoding="utf-8") == "x"
    code, _, err = demo("--today", "2020-03-20", "escalate", REF, "-o", "/")
    assert code == 2 and "names no folder" in one_line_error(err)
    assert leftovers(tmp_path) == []


# --- 2. a user template that is not UTF-8 -----------------------------------------------------


def _user_templates(tmp_path: Path) -> Path:
    folder = tmp_path / "home" / "letter_templates"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_template_in_utf16_names_the_file_and_says_utf8(demo, tmp_path):
    path = _user_templates(tmp_path) / "relance.j2"
    path.write_bytes(b"\xff\xfe" + "Objet : Relance\n\nCorps.\n".encode("utf-16-le"))
    target = tmp_path / "r.pdf"
    code, out, err = demo("--today", "2020-03-01", "letter", REF, "relance", "-f", "pdf",
                          "-o", str(target))
    line = one_line_error(err)
    assert code == 1 and out == ""
    assert str(path) in line and "UTF-8" in line and "UTF-16" in line
    assert not target.exists()


def test_included_template_not_utf8_is_named(demo, tmp_path):
    folder = _user_templates(tmp_path)
    (folder / "_macros.j2").write_bytes("{# Lettre de d\u00e9mo #}\n".encode("latin-1"))
    code, _, err = demo("--today", "2020-03-01", "letter", REF, "relance")
    line = one_line_error(err)
    assert code == 1 and "_macros.j2" in line and "UTF-8" in line


# --- 3. refusal letters before the implicit refusal is born -----------------------------------


@pytest.mark.parametrize("kind", ["saisine-cada", "demande-motifs"])
@pytest.mark.parametrize("today", ["2020-03-01", "2020-03-10"])  # awaiting-reply, then B itself
def test_refusal_letters_are_refused_before_the_refusal(demo, kind, today):
    code, out, err = demo("--today", today, "letter", REF, kind)
    line = one_line_error(err)
    assert code == 4 and out == ""
    assert "born on 2020-03-10" in line and "possible from 2020-03-11" in line
    assert "relance" in line


@pytest.mark.parametrize("kind", ["saisine-cada", "demande-motifs"])
def test_refusal_letters_from_the_day_after_b(demo, kind):
    out, _ = ok(demo, "--today", "2020-03-11", "letter", REF, kind)
    assert "10 mars 2020" in out


def test_escalate_force_still_builds_before_the_refusal(demo, tmp_path):
    code, _, err = demo("--today", "2020-03-01", "escalate", REF, "-o", str(tmp_path / "d"))
    assert code == 4
    ok(demo, "--today", "2020-03-01", "escalate", REF, "-o", str(tmp_path / "d"), "--force")
    assert (tmp_path / "d" / "saisine-cada.pdf").is_file()


# --- 4. eml is for letters to the authority (or the CADA) -------------------------------------


def _confirmed(demo) -> None:
    ok(demo, "--today", "2020-03-20", "log", REF, "cada-sent", "--on", "2020-03-20")
    ok(demo, "--today", "2020-03-25", "log", REF, "cada-registered", "--on", "2020-03-25")


def test_recours_ta_in_eml_is_a_usage_error(demo):
    _confirmed(demo)
    for args in (("recours-ta",), ()):  # named, or chosen from the state
        code, out, err = demo("--today", "2020-09-01", "letter", REF, *args, "-f", "eml")
        line = one_line_error(err)
        assert code == 2 and out == ""
        assert "format eml is for letters" in line and "--format pdf" in line


# --- 5. letter --json ----------------------------------------------------------------------


def test_letter_json_is_one_document(demo, tmp_path):
    out, err = ok(demo, "--today", "2020-03-20", "letter", REF, "--json")
    doc = json.loads(out)
    assert doc["reference"] == REF and doc["kind"] == "saisine-cada" and doc["chosen"] is True
    assert doc["format"] == "text" and doc["path"] is None
    assert doc["body"].startswith("Camille Durand") and "R343-1" in doc["body"]
    assert doc["sha256"] == hashlib.sha256(doc["body"].encode("utf-8")).hexdigest()
    assert isinstance(doc["warnings"], list)
    assert not any(w.startswith("letter: ") for w in doc["warnings"])
    target = tmp_path / "s.pdf"
    out, _ = ok(demo, "--today", "2020-03-20", "letter", REF, "saisine-cada", "-f", "pdf",
                "-o", str(target), "--json")
    doc = json.loads(out)
    assert doc["body"] is None and doc["path"] == str(target) and doc["format"] == "pdf"
    assert doc["sha256"] == hashlib.sha256(target.read_bytes()).hexdigest()
    out, _ = ok(demo, "letter", "templates", "--json")
    assert "templates" in json.loads(out)


# --- 6. characters the PDF font cannot draw -------------------------------------------------


def _cjk_request(demo) -> str:
    ok(demo, "--today", "2020-02-07", "new", "--authority", "ville-de-montpellier",
       "--subject", "Caméras 中文", "--ref", "2020-002", "--document", "le plan 監視 🦄")
    return "2020-002"


def test_pdf_replaces_missing_glyphs_and_warns_once(demo, tmp_path):
    from pypdf import PdfReader

    ref = _cjk_request(demo)
    target = tmp_path / "d.pdf"
    code, _, err = demo("--today", "2020-02-07", "letter", ref, "demande", "-f", "pdf",
                        "-o", str(target))
    assert code == 0, err
    assert "missing the following glyphs" not in err
    warnings = [x for x in err.splitlines() if x.startswith("warning: the PDF font")]
    assert len(warnings) == 1, err
    for ch in "中文監視🦄":
        assert ch in warnings[0]
    text = " ".join(p.extract_text() for p in PdfReader(str(target)).pages)
    assert "中" not in text and ("\u25a1" in text or "?" in text)


def test_escalate_warns_once_for_all_its_pdfs(demo, tmp_path):
    ref = _cjk_request(demo)
    ok(demo, "--today", "2020-02-07", "log", ref, "sent", "--on", "2020-02-07")
    code, _, err = demo("--today", "2020-03-20", "escalate", ref, "-o", str(tmp_path / "d"))
    assert code == 0, err
    assert "missing the following glyphs" not in err
    warnings = [x for x in err.splitlines() if x.startswith("warning: the PDF font")]
    assert len(warnings) == 1 and "saisine-cada.pdf" in warnings[0], err


def test_pdf_core_font_fallback_reports_what_it_replaces():
    from pypdf import PdfReader

    from cada_tracker.render.letters import LetterDoc
    from cada_tracker.render.pdf import render_pdf

    doc = LetterDoc("demande", ["Zoé"], ["Mairie"], "Le 7 février 2020", ["Objet : Vœux 中"],
                    "Madame, Monsieur,\n\nCorps 文.", ["Zoé"], reference="X")
    dropped: dict[str, str] = {}
    data = render_pdf(doc, fonts=False, dropped=dropped)
    assert dropped == {"中": "?", "文": "?"}  # œ is transliterated, not dropped
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Voeux ?" in text


# --- 7. escalate output for an exhibit to join ------------------------------------------------


def test_escalate_lists_an_exhibit_without_file_as_a_joindre(demo, tmp_path):
    ok(demo, "--today", "2020-02-20", "log", REF, "reply", "--outcome", "refused",
       "--on", "2020-02-20")
    out, _ = ok(demo, "--today", "2020-03-20", "escalate", REF)
    assert "(None)" not in out
    assert "Pièce n° 2 : Décision de refus du 20 février 2020 (à joindre)" in out
    out, _ = ok(demo, "--today", "2020-03-20", "escalate", REF, "--force", "--json")
    exhibits = json.loads(out)["exhibits"]
    assert exhibits[1]["file"] is None and exhibits[1]["missing"] is True


# --- 8. help ------------------------------------------------------------------------------------


def test_letter_help_shows_both_forms_with_plain_metavars(cada):
    for args in (("letter", "--help"), ("letter", "templates", "--help")):
        code, out, _ = cada(*args)
        assert code == 0
        assert "Usage: cada letter [OPTIONS] REF [KIND]" in out
        assert "or: cada letter templates [--json]" in out
        assert "{" not in out
    code, out, _ = cada("escalate", "--help")
    assert "Usage: cada escalate [OPTIONS] REF" in out and "{" not in out


def test_letter_templates_takes_no_kind(cada):
    code, _, err = cada("letter", "templates", "relance")
    assert code == 2 and "cada letter REF" in one_line_error(err)
