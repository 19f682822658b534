"""Helpers of the letter tests (the `cada` runner and the `letter_home` are fixtures)."""

from __future__ import annotations

import zipfile
from pathlib import Path

REF = "2020-001"  # letter_home fixture: received 2020-02-10, B = 2020-03-10
SPECIMEN = "SPÉCIMEN — démonstration, ne pas envoyer"


def ok(cada, *args: str) -> tuple[str, str]:
    code, out, err = cada(*args)
    assert code == 0, (args, out, err)
    return out, err


def log(cada, today: str, ref: str, *args: str) -> None:
    ok(cada, "--today", today, "log", ref, *args)


def letter(cada, today: str, ref: str, *args: str) -> tuple[str, str]:
    return ok(cada, "--today", today, "letter", ref, *args)


def text_of(cada, today: str, *args: str) -> str:
    """`cada letter REF ARGS` for the demo request: its stdout."""
    code, out, err = cada("--today", today, "letter", REF, *args)
    assert code == 0, err
    return out


def body(text: str) -> str:
    """The letter from "Madame, Monsieur," on (the heading repeats the request's dates)."""
    return text[text.index("Madame, Monsieur,"):]


def one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("cada: "), err
    assert "Traceback" not in err and "internal error" not in err
    return lines[0]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def new_2023(cada, ref: str = "2023-001", *, ack: str | None = None) -> str:
    """A request received on Friday 3 March 2023: B = 3 April 2023; referral by Monday 5 June
    2023 (Saturday 3 June, moved by CPC 642). ack: "complete" or "incomplete"."""
    ok(cada, "--today", "2023-03-01", "new", "--authority", "ville-de-montpellier",
       "--subject", "Vidéoprotection", "--ref", ref, "--document", "le marché de 2022")
    log(cada, "2023-03-01", ref, "sent", "--on", "2023-03-01")
    log(cada, "2023-03-03", ref, "received", "--on", "2023-03-03")
    if ack:
        log(cada, "2023-03-06", ref, "acknowledged", "--on", "2023-03-06", f"--{ack}")
    return ref


def referred(cada) -> None:
    """The demo request referred to the CADA on 20 March 2020, registered on 25 March."""
    log(cada, "2020-03-20", REF, "cada-sent", "--on", "2020-03-20")
    log(cada, "2020-03-25", REF, "cada-registered", "--on", "2020-03-25")


def attach(cada, tmp_path: Path, ref: str, event: str, name: str) -> None:
    path = tmp_path / name
    path.write_text(f"Contenu de {name}\n", encoding="utf-8")
    ok(cada, "--today", "2023-12-31", "attach", ref, str(path), "--event", event)


def zip_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as zf:
        return sorted(Path(n).name for n in zf.namelist())


def bordereau_files(folder: Path) -> list[str]:
    text = (folder / "bordereau.txt").read_text(encoding="utf-8")
    return sorted(line.split(" — fichier ")[1] for line in text.splitlines()
                  if " — fichier " in line)


def user_templates(tmp_path: Path) -> Path:
    folder = tmp_path / "home" / "letter_templates"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def cjk_request(cada) -> str:
    ok(cada, "--today", "2020-02-07", "new", "--authority", "ville-de-montpellier",
       "--subject", "Caméras 中文", "--ref", "2020-002", "--document", "le plan 監視 🦄")
    return "2020-002"
