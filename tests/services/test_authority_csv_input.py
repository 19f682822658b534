"""`cada authority import`: CSV input that cannot hurt (issue 11, point 9).

The four defects the issue names, each reproduced: a device (/dev/zero) read until the kernel
kills the process, a FIFO that blocks, a quoted multi-line address that loses its line break,
a field over 128 KB that is an internal error. On every error nothing is imported.
"""

from __future__ import annotations

import os
import threading

import pytest


def _count(cada) -> int:
    return len(cada("authority", "list", "--json").json["authorities"])


def test_a_device_is_refused_without_reading_it(cada):
    r = cada("authority", "import", "/dev/zero")
    assert r.code == 2, r.err
    assert "/dev/zero" in r.err and "not a regular file" in r.err
    assert "Nothing was imported" in r.err and r.err.count("\n") == 1


def test_a_fifo_is_refused_and_never_blocks(cada, tmp_path):
    fifo = tmp_path / "authorities.csv"
    os.mkfifo(fifo)
    result = {}
    worker = threading.Thread(
        target=lambda: result.update(r=cada("authority", "import", str(fifo))), daemon=True)
    worker.start()
    worker.join(timeout=20)
    if worker.is_alive():  # unblock the reader, then fail
        with open(fifo, "wb") as fh:
            fh.write(b"name\n")
        worker.join(timeout=5)
        pytest.fail("authority import blocked on a FIFO")
    r = result["r"]
    assert r.code == 2 and "not a regular file" in r.err and str(fifo) in r.err, r.err


def test_a_file_over_the_stated_size_is_refused(cada, tmp_path):
    big = tmp_path / "big.csv"
    with open(big, "wb") as fh:
        fh.write(b"name\nVille de Sete\n")
        fh.truncate(64 * 1024 * 1024 + 1)  # sparse: no disk used
    r = cada("authority", "import", str(big))
    assert r.code == 2 and "larger than 64 MiB" in r.err and str(big) in r.err, r.err
    assert _count(cada) == 0


def test_a_quoted_multi_line_address_stays_multi_line(cada, tmp_path):
    f = tmp_path / "a.csv"
    f.write_bytes('name,slug,address\r\n"Ville de Montpellier",montpellier,"Hôtel de Ville\r\n'
                  '1 place Georges Frêche\r\n34267 Montpellier Cedex 2"\r\n'
                  'Ville de Sète,sete,"Mairie\n34200 Sète"\r\n'.encode())
    r = cada("authority", "import", str(f), "--json")
    assert r.code == 0, r.err
    assert [a["address"] for a in r.json["imported"]] == [
        "Hôtel de Ville\n1 place Georges Frêche\n34267 Montpellier Cedex 2", "Mairie\n34200 Sète"]
    assert cada("authority", "show", "montpellier", "--json").json["address"] == (
        "Hôtel de Ville\n1 place Georges Frêche\n34267 Montpellier Cedex 2")


def test_a_multi_line_address_keeps_its_lines_in_the_letter(cada, tmp_path):
    # the address block of the letter has the lines of the file, a comma inside a line kept
    f = tmp_path / "a.csv"
    f.write_text('name,slug,address,department\n'
                 'Ville de Montpellier,montpellier,"Hôtel de Ville, Direction juridique\n'
                 '1 place Georges Frêche\n34267 Montpellier Cedex 2",34\n', encoding="utf-8")
    assert cada("init", "--name", "Camille Durand").code == 0
    assert cada("authority", "import", str(f)).code == 0
    r = cada("--today", "2020-02-07", "new", "-a", "montpellier", "--subject", "Vidéo",
             "--document", "la convention", "--ref", "R1")
    assert r.code == 0, r.err
    letter = cada("--today", "2020-02-07", "letter", "R1").out.splitlines()
    start = letter.index("Hôtel de Ville, Direction juridique")
    assert letter[start:start + 3] == [
        "Hôtel de Ville, Direction juridique", "1 place Georges Frêche",
        "34267 Montpellier Cedex 2"]


def test_a_field_over_128_kb_is_reported_with_its_line(cada, tmp_path):
    f = tmp_path / "long.csv"
    f.write_text("name,address\nVille de Sète,Mairie\n\nVille de Nulle Part,\"" + "x" * 140_000
                 + "\"\nVille d'Agde,\n", encoding="utf-8")
    r = cada("authority", "import", str(f))
    assert r.code == 2, r.err
    assert str(f) in r.err and "line 4" in r.err and "128 KB" in r.err, r.err
    assert "Nothing was imported" in r.err and "internal error" not in r.err
    assert r.err.count("\n") == 1
    assert _count(cada) == 0


def test_a_field_over_128_kb_on_several_lines_names_the_line_it_starts_on(cada, tmp_path):
    f = tmp_path / "long.csv"
    f.write_text('name,address\nVille de Sète,"' + ("y" * 1000 + "\n") * 200 + '"\n',
                 encoding="utf-8")
    r = cada("authority", "import", str(f))
    assert r.code == 2 and "line 2" in r.err and "128 KB" in r.err, r.err


def test_a_long_unquoted_line_without_break_is_a_field_too_large(cada, tmp_path):
    f = tmp_path / "one-line.csv"
    f.write_bytes(b"name\n" + b"z" * (3 * 1024 * 1024))  # 3 MiB, no line break
    r = cada("authority", "import", str(f))
    assert r.code == 2 and "line 2" in r.err and "128 KB" in r.err, r.err


def test_not_utf8_names_its_line_even_far_into_the_file(cada, tmp_path):
    f = tmp_path / "latin1.csv"
    body = "".join(f"Ville {i}\n" for i in range(5000))
    f.write_bytes(("name\n" + body).encode() + "Ville de Sète\n".encode("latin-1"))
    r = cada("authority", "import", str(f))
    assert r.code == 2 and "UTF-8" in r.err and "line 5002" in r.err, r.err
    assert _count(cada) == 0


def test_a_bom_and_semicolons_are_read(cada, tmp_path):
    f = tmp_path / "excel.csv"
    f.write_bytes("\ufeffname;department;address\r\nVille de Sète;34;\"Mairie\r\n34200 Sète\"\r\n"
                  .encode())
    r = cada("authority", "import", str(f), "--json")
    assert r.code == 0, r.err
    assert r.json["imported"][0]["address"] == "Mairie\n34200 Sète"
    assert r.json["imported"][0]["department"] == "34"


def test_a_nul_byte_is_refused_with_its_line(cada, tmp_path):
    f = tmp_path / "nul.csv"
    f.write_bytes(b"name,address\nVille,Mairie\nAutre,ab\x00c\n")
    r = cada("authority", "import", str(f))
    assert r.code == 2 and "line 3" in r.err and "Traceback" not in r.err, r.err
    assert _count(cada) == 0


def test_a_quote_never_closed_is_refused_not_swallowing_the_file(cada, tmp_path):
    # without the check the address would hold the two rows after it, and two authorities
    # would silently be missing
    f = tmp_path / "open-quote.csv"
    f.write_text('name,address\nVille de Sète,"Mairie\nVille de Lyon,Hôtel de Ville\n'
                 "Ville d'Agde,Mairie\n", encoding="utf-8")
    r = cada("authority", "import", str(f))
    assert r.code == 2 and "line 2" in r.err and "never closed" in r.err, r.err
    assert _count(cada) == 0


def test_doubled_quotes_inside_a_quoted_field_are_one_quote(cada, tmp_path):
    # the header has no quote: the separator is guessed from it, the quoting is RFC 4180's
    f = tmp_path / "quotes.csv"
    f.write_text('name,slug,address\n"Syndicat ""Eau, Vie""",eau,"Bâtiment ""B"", 2e étage\n'
                 '34000 Montpellier"\n', encoding="utf-8")
    r = cada("authority", "import", str(f), "--json")
    assert r.code == 0, r.err
    assert r.json["imported"][0]["name"] == 'Syndicat "Eau, Vie"'
    assert r.json["imported"][0]["address"] == 'Bâtiment "B", 2e étage\n34000 Montpellier'


def test_the_file_is_read_as_a_stream_by_the_csv_module(cada, tmp_path, monkeypatch):
    # never read whole: the reader is handed lines, not the file's text in one string
    from cada_tracker import fsutil

    reads: list[int] = []
    real = fsutil._Capped.readinto

    def spy(self, buffer):
        n = real(self, buffer)
        reads.append(n)
        return n

    monkeypatch.setattr(fsutil._Capped, "readinto", spy)
    f = tmp_path / "many.csv"
    f.write_text("name\n" + "".join(f"Commune numéro {i:05d} de l'Hérault\n" for i in range(6000)),
                 encoding="utf-8")
    assert f.stat().st_size > 3 * (1 << 16)
    r = cada("authority", "import", str(f))
    assert r.code == 0, r.err
    assert len(reads) > 2 and max(reads) <= 1 << 16  # chunks, not one read of the file
    assert _count(cada) == 6000
