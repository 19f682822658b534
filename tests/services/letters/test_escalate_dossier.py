"""`cada escalate`: the CADA referral dossier (folder and zip), when it is admissible, and
what a failure leaves behind (simulated in tmp folders, never on device files)."""

from __future__ import annotations

import errno
import json
import zipfile
from pathlib import Path

import pytest

from tests.services.letters.helpers import (
    REF,
    cjk_request,
    leftovers,
    log,
    new_2023,
    ok,
    one_line_error,
)

# --- the dossier ----------------------------------------------------------------------------------


@pytest.mark.slow
def test_escalate_builds_folder_and_zip(letter_home, tmp_path):
    code, out, err = letter_home("--today", "2020-03-20", "escalate", REF)
    assert code == 0, err
    folder = tmp_path / "saisine-cada-2020-001"
    assert "cada log 2020-001 cada-sent" in out
    bordereau = (folder / "bordereau.txt").read_text(encoding="utf-8")
    listed = sorted(line.split(" — fichier ")[1] for line in bordereau.splitlines()
                    if " — fichier " in line)
    assert listed == ["piece-01-demande.pdf", "piece-02-note-silence.txt"]
    with zipfile.ZipFile(tmp_path / "saisine-cada-2020-001.zip") as zf:
        names = sorted(Path(n).name for n in zf.namelist())
    assert names == sorted(listed + ["bordereau.txt", "saisine-cada.pdf", "saisine-cada.txt"])
    note = (folder / "piece-02-note-silence.txt").read_text(encoding="utf-8")
    assert "10 février 2020" in note and "10 mars 2020" in note
    # The request as sent (frozen) is exhibit 1.
    from pypdf import PdfReader

    text = PdfReader(str(folder / "piece-01-demande.pdf")).pages[0].extract_text()
    assert "Demande de communication de documents administratifs" in " ".join(text.split())


@pytest.mark.slow
def test_escalate_lists_an_exhibit_without_file_as_a_joindre(letter_home, tmp_path):
    ok(letter_home, "--today", "2020-02-20", "log", REF, "reply", "--outcome", "refused",
       "--on", "2020-02-20")
    out, _ = ok(letter_home, "--today", "2020-03-20", "escalate", REF)
    assert "(None)" not in out
    assert "Pièce n° 2 : Décision de refus du 20 février 2020 (à joindre)" in out
    out, _ = ok(letter_home, "--today", "2020-03-20", "escalate", REF, "--force", "--json")
    exhibits = json.loads(out)["exhibits"]
    assert exhibits[1]["file"] is None and exhibits[1]["missing"] is True


@pytest.mark.slow
def test_escalate_warns_once_for_all_its_pdfs(letter_home, tmp_path):
    ref = cjk_request(letter_home)
    ok(letter_home, "--today", "2020-02-07", "log", ref, "sent", "--on", "2020-02-07")
    code, _, err = letter_home("--today", "2020-03-20", "escalate", ref, "-o", str(tmp_path / "d"))
    assert code == 0, err
    assert "missing the following glyphs" not in err
    warnings = [x for x in err.splitlines() if x.startswith("warning: the PDF font")]
    assert len(warnings) == 1 and "saisine-cada.pdf" in warnings[0], err


# --- when a referral is admissible ----------------------------------------------------------------


@pytest.mark.slow
def test_escalate_refuses_existing_path_and_wrong_state(letter_home, tmp_path):
    assert letter_home("--today", "2020-03-20", "escalate", REF).code == 0
    code, _, err = letter_home("--today", "2020-03-20", "escalate", REF)
    assert code == 4 and "--force" in err
    assert letter_home("--today", "2020-03-20", "escalate", REF, "--force").code == 0
    code, _, err = letter_home("--today", "2020-03-01", "escalate", REF, "-o", str(tmp_path / "d"))
    assert code == 4 and "awaiting-reply" in err
    assert not (tmp_path / "d").exists()


@pytest.mark.slow
def test_escalate_force_still_builds_before_the_refusal(letter_home, tmp_path):
    code, _, err = letter_home("--today", "2020-03-01", "escalate", REF, "-o", str(tmp_path / "d"))
    assert code == 4
    ok(letter_home, "--today", "2020-03-01", "escalate", REF, "-o", str(tmp_path / "d"), "--force")
    assert (tmp_path / "d" / "saisine-cada.pdf").is_file()


@pytest.mark.slow
def test_escalate_refuses_an_opposable_passed_deadline_unless_forced(letter_home, tmp_path):
    ref = new_2023(letter_home, ack="complete")
    code, out, err = letter_home("--today", "2023-07-01", "escalate", ref)
    assert code == 4 and out == ""
    assert "deadline to refer to the CADA has passed" in err and "2023-06-05" in err
    assert "--force" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "saisine-cada-2023-001").exists()
    ok(letter_home, "--today", "2023-07-01", "escalate", ref, "--force")
    note = (tmp_path / "saisine-cada-2023-001" / "piece-03-note-silence.txt").read_text(
        encoding="utf-8")
    assert "jusqu'au" not in note and "pas opposable" not in note
    # Within the deadline, the same request escalates without --force.
    ok(letter_home, "--today", "2023-06-05", "escalate", ref, "-o", str(tmp_path / "in-time"))


@pytest.mark.slow
def test_escalate_refuses_after_the_long_stop_unless_forced(letter_home, tmp_path):
    ref = new_2023(letter_home)  # no acknowledgment: the two months are not opposable
    code, _, err = letter_home("--today", "2024-05-02", "escalate", ref)
    assert code == 4 and "reasonable time" in err and "--force" in err
    assert not (tmp_path / "saisine-cada-2023-001").exists()
    ok(letter_home, "--today", "2024-05-02", "escalate", ref, "--force")


# --- the silence note and a late referral ---------------------------------------------------------


@pytest.mark.slow
def test_note_gives_the_referral_deadline_with_its_prorogation(letter_home, tmp_path):
    ref = new_2023(letter_home)
    ok(letter_home, "--today", "2023-04-10", "escalate", ref)
    note = (tmp_path / "saisine-cada-2023-001" / "piece-02-note-silence.txt").read_text(
        encoding="utf-8")
    assert ("deux mois à compter de cette date, soit jusqu'au 5 juin 2023 (échéance du "
            "3 juin 2023 reportée au premier jour ouvrable suivant, article 642 du code de "
            "procédure civile).") in note


@pytest.mark.slow
def test_note_without_prorogation_says_nothing_of_cpc_642(letter_home, tmp_path):
    ok(letter_home, "--today", "2023-03-01", "new", "--authority", "ville-de-montpellier",
       "--subject", "x", "--ref", "2023-002")
    log(letter_home, "2023-03-06", "2023-002", "sent", "--on", "2023-03-06")
    log(letter_home, "2023-03-06", "2023-002", "received", "--on", "2023-03-06")  # B = 6 April
    ok(letter_home, "--today", "2023-04-10", "escalate", "2023-002")
    note = (tmp_path / "saisine-cada-2023-002" / "piece-02-note-silence.txt").read_text(
        encoding="utf-8")
    assert "soit jusqu'au 6 juin 2023." in note and "642" not in note


@pytest.mark.slow
def test_late_referral_not_opposable_argues_instead_of_confessing(letter_home, tmp_path):
    ref = new_2023(letter_home, ack="incomplete")
    out, err = ok(letter_home, "--today", "2023-07-01", "escalate", ref)
    folder = tmp_path / "saisine-cada-2023-001"
    note = (folder / "piece-03-note-silence.txt").read_text(encoding="utf-8")
    sentence = ("Faute d'accusé de réception de ma demande comportant les mentions prévues "
                "à l'article R112-5 du CRPA, le délai de deux mois ne m'est pas opposable "
                "(CRPA L112-3 et L112-6 ; CE 11 juill. 2016, n° 391899)")
    assert sentence in note
    assert "jusqu'au" not in note and "5 juin 2023" not in note
    letter_text = (folder / "saisine-cada.txt").read_text(encoding="utf-8")
    faits = letter_text[letter_text.index("FAITS"):letter_text.index("DEMANDE\n")]
    assert sentence in faits
    assert "dans le délai de deux mois" not in letter_text


# --- writing the dossier: failures leave nothing behind -------------------------------------------


@pytest.mark.slow
def test_escalate_unwritable_folder_is_one_line_and_leaves_nothing(letter_home, tmp_path, monkeypatch):
    from cada_tracker.services.letters import dossier_files as service

    def refuse(*args, **kwargs):
        raise FileNotFoundError(errno.ENOENT, "No such file or directory", "x")

    monkeypatch.setattr(service.tempfile, "mkdtemp", refuse)
    code, out, err = letter_home("--today", "2020-03-20", "escalate", REF, "-o", str(tmp_path / "d"))
    line = one_line_error(err)
    assert code == 1 and out == ""
    assert "cannot create the dossier" in line and "-o" in line and "Nothing was written" in line
    assert not (tmp_path / "d").exists() and not (tmp_path / "d.zip").exists()


@pytest.mark.slow
def test_escalate_disk_full_midway_cleans_up(letter_home, tmp_path, monkeypatch):
    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "writestr", full)
    code, _, err = letter_home("--today", "2020-03-20", "escalate", REF, "-o", str(tmp_path / "d"))
    line = one_line_error(err)
    assert code == 1 and "No space left on device" in line
    assert not (tmp_path / "d").exists() and not (tmp_path / "d.zip").exists()
    assert leftovers(tmp_path) == []


@pytest.mark.slow
def test_escalate_force_failure_puts_the_earlier_dossier_back(letter_home, tmp_path, monkeypatch):
    ok(letter_home, "--today", "2020-03-20", "escalate", REF, "-o", str(tmp_path / "d"))
    before = sorted(p.name for p in (tmp_path / "d").iterdir())
    zip_before = (tmp_path / "d.zip").read_bytes()
    real_replace = Path.replace

    def failing_replace(self, target):
        if str(target).endswith("d.zip"):
            raise OSError(errno.EIO, "Input/output error")
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", failing_replace)
    code, _, err = letter_home("--today", "2020-03-20", "escalate", REF, "-o", str(tmp_path / "d"),
                        "--force")
    one_line_error(err)
    assert code == 1
    assert sorted(p.name for p in (tmp_path / "d").iterdir()) == before
    assert (tmp_path / "d.zip").read_bytes() == zip_before
    assert leftovers(tmp_path) == []


@pytest.mark.slow
def test_escalate_target_appearing_meanwhile_is_a_conflict(letter_home, tmp_path, monkeypatch):
    from cada_tracker.services.letters import dossier_files as service

    target = tmp_path / "d"
    real = service._fsync

    def racing(fh):
        target.mkdir(exist_ok=True)  # another process creates the folder
        real(fh)

    monkeypatch.setattr(service, "_fsync", racing)
    code, _, err = letter_home("--today", "2020-03-20", "escalate", REF, "-o", str(target))
    line = one_line_error(err)
    assert code == 4 and str(target) in line
    assert list(target.iterdir()) == [] and not (tmp_path / "d.zip").exists()
    assert leftovers(tmp_path) == []


def test_escalate_refuses_targets_that_are_not_a_dossier_even_with_force(letter_home, tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "mine.txt").write_text("keep me", encoding="utf-8")
    (tmp_path / "z.zip").mkdir()
    for name, needle in (("file", "not a folder"), ("folder", "not an earlier dossier"),
                         ("z", "not a regular file")):
        code, _, err = letter_home("--today", "2020-03-20", "escalate", REF, "-o",
                            str(tmp_path / name), "--force")
        line = one_line_error(err)
        assert code == 4 and needle in line, (name, line)
    assert (tmp_path / "folder" / "mine.txt").read_text(encoding="utf-8") == "keep me"
    assert (tmp_path / "file").read_text(encoding="utf-8") == "x"
    code, _, err = letter_home("--today", "2020-03-20", "escalate", REF, "-o", "/")
    assert code == 2 and "names no folder" in one_line_error(err)
    assert leftovers(tmp_path) == []
