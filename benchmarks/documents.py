"""Documents benchmark: prints figures, asserts nothing. Never run as a test.

    python benchmarks/documents.py [--size-mb 1024] [--pages 200] [--search-pages 10000]
                                   [--text-mb 200]

1. attach throughput (MB/s) of a text PDF (store + extraction + index) and of a large random
   binary file (store only), each in its own process, with that process's peak memory
   (ru_maxrss) beside the peak of a process that only imports cada and opens the database;
2. extraction time of the PDF: cada's extractor (pypdfium2 when installed), pypdf, and
   `pdftotext` (poppler-utils; skipped with a message when missing);
3. search latency over N indexed pages (in-process median, and one whole `cada search` process);
4. a large one-page-looking text file (--text-mb): attach time and peak memory (read as a
   stream, cut in pages of 500 lines / 64 KB), then search latency on it, for a rare word, a
   word on every line and a two-word query (one whole `cada search` process each).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _measure import child_env

ROOT = Path(__file__).resolve().parent.parent
WORDS = (
    "vidéosurveillance caméra observatoire tranquillité publique délinquance absentéisme "
    "scolaire associatif logiciel cartographie incidents prévention sécurité conseil local "
    "métropole convention marché données collecte algorithme prédictive police municipale "
    "centre supervision urbaine hypervision drones confinement délibération arrêté préfet"
).split()

CHILD = r"""
import os, resource, sys, time
sys.path.insert(0, {root!r})
os.environ["CADA_HOME"] = {home!r}
from cada_tracker.cli import main
def run(args):
    try:
        main(args)
    except SystemExit as exc:
        if exc.code:
            raise
run(["init", "--name", "Bench", "--email", "b@example.org", "--address", "1 rue X"])
run(["authority", "add", "Ville de Bench", "--slug", "bench"])
run(["new", "--authority", "bench", "--subject", "bench", "--ref", "B-1"])
run(["documents"])  # imports, schema, engine: the baseline
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
run(["attach", "B-1", {path!r}])
elapsed = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(elapsed, base, peak)
"""


def make_pdf(path: Path, pages: int) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=10)
    for i in range(pages):
        pdf.add_page()
        for j in range(45):
            words = " ".join(WORDS[(i * 7 + j * 3 + k) % len(WORDS)] for k in range(12))
            pdf.cell(0, 5.5, f"{i + 1}.{j + 1} {words}".encode("latin-1", "replace")
                     .decode("latin-1"), new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def make_binary(path: Path, size_mb: int) -> None:
    block = os.urandom(1024 * 1024)
    with open(path, "wb") as fh:
        for i in range(size_mb):
            fh.write(block[i % 251:] + block[: i % 251])  # not identical blocks


def attach_in_child(path: Path, home: str | None = None) -> tuple[float, int, int]:
    """Attach `path` in a fresh home (removed after, unless given) in a process of its own."""
    keep = home is not None
    home = home or tempfile.mkdtemp(prefix="cada-bench-home-")
    try:
        out = subprocess.run(
            [sys.executable, "-c", CHILD.format(root=str(ROOT), home=home, path=str(path))],
            capture_output=True, text=True, check=True, env=child_env(),
        ).stdout.split()
        return float(out[-3]), int(out[-2]), int(out[-1])
    finally:
        if not keep:
            _rmtree(home)


def _rmtree(path: str) -> None:
    for p in Path(path).rglob("*"):
        if p.is_file():
            p.chmod(0o644)
    shutil.rmtree(path, ignore_errors=True)


def _kb(value: int) -> str:
    # ru_maxrss is in kB on Linux, bytes on macOS
    mb = value / 1024 if sys.platform != "darwin" else value / (1024 * 1024)
    return f"{mb:.0f} MB"


def bench_attach(tmp: Path, pages: int, size_mb: int) -> Path:
    pdf = tmp / "bench.pdf"
    make_pdf(pdf, pages)
    size = pdf.stat().st_size / 1e6
    elapsed, base, peak = attach_in_child(pdf)
    print(f"attach {pages}-page text PDF ({size:.2f} MB): {elapsed * 1000:.0f} ms, "
          f"{size / elapsed:.1f} MB/s (store + extraction + index); "
          f"peak RSS {_kb(peak)} (baseline {_kb(base)})")
    big = tmp / "big.bin"
    t = time.perf_counter()
    make_binary(big, size_mb)
    made = time.perf_counter() - t
    elapsed, base, peak = attach_in_child(big)
    print(f"attach {size_mb} MB binary file: {elapsed:.2f} s, {size_mb / elapsed:.0f} MB/s "
          f"(writing it took {made:.2f} s, {size_mb / made:.0f} MB/s); "
          f"peak RSS {_kb(peak)} (baseline {_kb(base)})")
    big.unlink()
    return pdf


def bench_extraction(pdf: Path, pages: int) -> None:
    from cada_tracker.extract import pdf as cada_pdf

    t = time.perf_counter()
    result = cada_pdf.extract_pdf(pdf)
    ours = time.perf_counter() - t
    engine = "pypdfium2" if cada_pdf._has_pdfium() else "pypdf"
    print(f"extraction of the {pages}-page PDF: cada ({engine}) {ours * 1000:.0f} ms "
          f"({len(result.pages)} pages, status {result.status})")
    from pypdf import PdfReader

    t = time.perf_counter()
    reader = PdfReader(str(pdf))
    _ = [p.extract_text() for p in reader.pages]
    print(f"  pypdf: {(time.perf_counter() - t) * 1000:.0f} ms")
    exe = shutil.which("pdftotext")
    if exe is None:
        print("  pdftotext: skipped (not installed; apt-get install poppler-utils)")
        return
    t = time.perf_counter()
    subprocess.run([exe, "-layout", str(pdf), os.devnull], check=True)
    print(f"  pdftotext (poppler, one process): {(time.perf_counter() - t) * 1000:.0f} ms")


def bench_search(tmp: Path, n_pages: int) -> None:
    import random
    import sqlite3

    home = tmp / "search-home"
    env = child_env({"CADA_HOME": str(home), "PYTHONPATH": str(ROOT)})
    cada = [sys.executable, "-m", "cada_tracker"]
    subprocess.run([*cada, "init", "--name", "B", "--email", "b@example.org", "--address", "X"],
                   env=env, check=True, capture_output=True)
    subprocess.run([*cada, "authority", "add", "Ville", "--slug", "v"], env=env, check=True,
                   capture_output=True)
    subprocess.run([*cada, "new", "--authority", "v", "--subject", "s", "--ref", "S-1"],
                   env=env, check=True, capture_output=True)
    rng = random.Random(7)
    con = sqlite3.connect(home / "cada.db")
    per_file = 100
    t = time.perf_counter()
    for f in range(n_pages // per_file):
        cur = con.execute(
            "INSERT INTO stored_file(sha256, size, media_type, page_count, text_status, "
            "created_at) VALUES (?, 1, 'application/pdf', ?, 'ok', '2020-01-01 00:00:00')",
            (f"{f:064x}", per_file),
        )
        file_id = cur.lastrowid
        con.execute(
            "INSERT INTO document(file_id, request_id, original_name, illustrative, created_at)"
            " VALUES (?, 1, ?, 0, '2020-01-01 00:00:00')", (file_id, f"f{f}.pdf"))
        con.executemany(
            "INSERT INTO page(file_id, number, text) VALUES (?, ?, ?)",
            [(file_id, n + 1, " ".join(rng.choice(WORDS) for _ in range(400)))
             for n in range(per_file)],
        )
    con.commit()
    con.close()
    r = subprocess.run([*cada, "search", "--reindex"], env=env, check=True,
                       capture_output=True, text=True)
    print(f"search index: {n_pages} pages of 400 words, rebuilt in "
          f"{time.perf_counter() - t:.1f} s ({r.stdout.strip()})")
    sys.path.insert(0, str(ROOT))
    from cada_tracker.storage import search

    con = sqlite3.connect(home / "cada.db")
    for query in ("vidéosurveillance", "absentéisme scolaire", '"police municipale"',
                  "drones confinement préfet"):
        times = []
        for _ in range(20):
            t = time.perf_counter()
            hits = search.search(con, query, limit=50)
            times.append(time.perf_counter() - t)
        print(f"  search {query!r}: median {statistics.median(times) * 1000:.1f} ms "
              f"(50 best of the matches, with snippets)")
    con.close()
    t = time.perf_counter()
    subprocess.run([*cada, "search", "absentéisme scolaire"], env=env, check=True,
                   capture_output=True)
    print(f"  whole `cada search` process: {(time.perf_counter() - t) * 1000:.0f} ms")
    del hits


def make_text(path: Path, size_mb: int) -> None:
    """About `size_mb` MB of French text lines; 'revelation' on one line in 5,000."""
    import random

    rng = random.Random(11)
    with open(path, "w", encoding="utf-8") as fh:
        written, i = 0, 0
        while written < size_mb * 1_000_000:
            i += 1
            extra = " Map Revelation" if i % 5000 == 17 else ""
            line = f"{i} " + " ".join(rng.choice(WORDS) for _ in range(10)) + extra + "\n"
            fh.write(line)
            written += len(line.encode())


def bench_text(tmp: Path, size_mb: int) -> None:
    import sqlite3

    txt = tmp / "export.txt"
    make_text(txt, size_mb)
    home = tmp / "text-home"
    home.mkdir()
    elapsed, base, peak = attach_in_child(txt, str(home))
    con = sqlite3.connect(home / "cada.db")
    pages = con.execute("SELECT count(*) FROM page").fetchone()[0]
    con.close()
    print(f"attach {size_mb} MB text file: {elapsed:.2f} s, {size_mb / elapsed:.0f} MB/s, "
          f"{pages} pages; peak RSS {_kb(peak)} (baseline {_kb(base)})")
    env = child_env({"CADA_HOME": str(home), "PYTHONPATH": str(ROOT)})
    for query in ("revelation", "caméra", "caméra publique", "introuvable"):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "cada_tracker", "search", query], env=env,
                       check=query != "introuvable", capture_output=True)
        print(f"  `cada search {query}` on it: {(time.perf_counter() - t) * 1000:.0f} ms "
              f"(whole process, 50 best pages with snippets)")
    txt.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=1024, help="binary file size (MB)")
    parser.add_argument("--pages", type=int, default=200, help="pages of the text PDF")
    parser.add_argument("--search-pages", type=int, default=10_000)
    parser.add_argument("--text-mb", type=int, default=200, help="text file size (MB)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    tmp = Path(tempfile.mkdtemp(prefix="cada-bench-"))
    try:
        pdf = bench_attach(tmp, args.pages, args.size_mb)
        bench_extraction(pdf, args.pages)
        bench_search(tmp, args.search_pages)
        bench_text(tmp, args.text_mb)
    finally:
        _rmtree(str(tmp))


if __name__ == "__main__":
    main()
