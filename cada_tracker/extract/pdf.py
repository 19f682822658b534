"""PDF: the text layer page by page; pages without one go to OCR when Tesseract is installed.

Extractor: pypdfium2 (PDFium, BSD/Apache) when installed, measured 2.5-3x faster than pypdf
on a 200-page text PDF (see benchmarks/documents.py); pypdf (a dependency already) otherwise,
and as a second chance on files PDFium finds damaged (pypdf recovers some of those).
"""

from __future__ import annotations

import os
import signal
import stat
import sys
from pathlib import Path

from cada_tracker.extract import ocr
from cada_tracker.extract.base import Extraction, is_pdf
from cada_tracker.messages import documents as M

MIN_CHARS = 8  # a page with fewer visible characters has no real text layer


class Encrypted(Exception):
    pass


def _has_pdfium() -> bool:
    try:
        import pypdfium2  # noqa: F401
    except ImportError:
        return False
    return True


def extract_pdf(path: Path, early: list[str] | None = None) -> Extraction:
    """The text of the PDF at `path`. `early`: the text of its pages already read by
    `EarlyText` from the same bytes (only the pages without text are looked at again here)."""
    if early is not None:
        return _from_early(path, early)
    if _has_pdfium():
        try:
            return _with_pdfium(path)
        except _PdfiumError as exc:
            first, password = exc.reason, exc.password
        # PDFium's reason is its last error, a process-wide state: a file it refuses without
        # an error of its own (a valid PDF without pages) inherits the error of the file read
        # before (such as a wrong password). pypdf decides.
        try:
            result = _with_pypdf(path)
        except Encrypted:
            return Extraction("failed", note=M.PDF_ENCRYPTED)
        except Exception:  # noqa: BLE001
            if password:
                return Extraction("failed", note=M.PDF_ENCRYPTED)
            return Extraction("failed", note=M.PDF_DAMAGED.format(reason=first))
        if result.page_count == 0:
            # PDFium refuses a valid PDF without pages: it is not damaged
            result.note = M.PDF_NO_PAGES
        else:
            reason = M.PDFIUM_NO_REASON if password else first
            result.note = M.PDF_DAMAGED_READ.format(reason=reason)
        return result
    try:
        return _with_pypdf(path)
    except Encrypted:
        return Extraction("failed", note=M.PDF_ENCRYPTED)
    except Exception as exc:  # noqa: BLE001
        return Extraction("failed", note=M.PDF_DAMAGED.format(reason=exc))


class _PdfiumError(Exception):
    def __init__(self, reason: str, password: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.password = password


def _with_pdfium(path: Path) -> Extraction:
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        reason = str(exc).replace("Failed to load document ", "").strip(" ().")
        # PDFium gives no reason for some files it will not open ("PDFium: Success")
        if reason.endswith(": Success") or not reason:
            reason = M.PDFIUM_NO_REASON
        raise _PdfiumError(reason, "password" in reason.lower()) from None
    try:
        pages = _pdfium_texts(doc, path)
        empty = [i for i, text in enumerate(pages) if _textless(text)]
        note = _ocr_pages(doc, pages, empty)
    finally:
        doc.close()
    return _result(pages, empty, note)


def _from_early(path: Path, pages: list[str]) -> Extraction:
    """What `_with_pdfium` makes of the file, from its pages' text read by `EarlyText`:
    the document is opened here only to OCR pages without text."""
    pages = list(pages)
    empty = [i for i, text in enumerate(pages) if _textless(text)]
    note = None
    if empty and ocr.tesseract() is not None:
        import pypdfium2 as pdfium

        try:
            doc = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError:  # pragma: no cover - it opened from the same bytes
            return extract_pdf(path)
        try:
            note = _ocr_pages(doc, pages, empty)
        finally:
            doc.close()
    return _result(pages, empty, note)


def _visible(text: str) -> int:
    """The number of characters of a page's text that are not whitespace."""
    return len("".join(text.split()))


def _textless(text: str) -> bool:
    """Whether a page has fewer than MIN_CHARS visible characters (no real text layer). Its
    beginning decides for nearly every page: a prefix never has more of them than the whole
    (splitting the whole 200 pages cost 10-50 ms on the critical path of an attach)."""
    return _visible(text[:256]) < MIN_CHARS and _visible(text) < MIN_CHARS


def _page_text(doc, index: int) -> str:  # noqa: ANN001
    page = doc[index]
    try:
        textpage = page.get_textpage()
        try:
            return str(textpage.get_text_range()).replace("\r\n", "\n")
        finally:
            textpage.close()
    finally:
        page.close()


def _pdfium_texts(doc, path: Path | bytes) -> list[str]:  # noqa: ANN001
    """The text of every page, in order. PDFium's text layout (FPDFText_LoadPage) is nearly
    all the time of an attach; PDFium must not be called from two threads, so on a machine
    with more than one core a long PDF is read by two processes: a forked child reads the
    second half from its own handle on the file while this process reads the first. Each
    page's text is what one process reading them all makes of it (a test compares); if the
    child fails, this process reads its pages too."""
    count = len(doc)
    child = _Half.start(path, count)
    if child is None:
        return [_page_text(doc, i) for i in range(count)]
    try:
        first = [_page_text(doc, i) for i in range(child.start_page)]
    finally:
        second = child.result()
    if second is None:
        second = [_page_text(doc, i) for i in range(child.start_page, count)]
    return first + second


PARALLEL_MIN_PAGES = 24  # below this, forking costs about what it saves


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except OSError:  # pragma: no cover
        return os.cpu_count() or 1


class _Half:
    """The second half of a PDF's pages, read by a forked child, sent back over a pipe."""

    def __init__(self, pid: int, fd: int, start_page: int, count: int) -> None:
        self.pid, self.fd, self.start_page, self.count = pid, fd, start_page, count

    @classmethod
    def start(cls, path: Path | bytes, count: int) -> _Half | None:
        """`path`: the file, or its content (the child opens its own document from it)."""
        # Linux only: fork() without exec is not safe with the system libraries of macOS
        if count < PARALLEL_MIN_PAGES or not sys.platform.startswith("linux") or _cores() < 2:
            return None
        import pickle  # noqa: F401 - imported before the fork, for the child to use

        start_page = count // 2
        read_fd, write_fd = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_fd)
            os.close(write_fd)
            return None
        if pid == 0:  # pragma: no cover - the child (coverage does not follow it)
            code = 1
            try:
                os.close(read_fd)
                code = _child(path, start_page, count, write_fd)
            finally:
                os._exit(code)
        os.close(write_fd)
        return cls(pid, read_fd, start_page, count)

    def result(self) -> list[str] | None:
        """The child's pages, or None if it failed (after it has ended, in every case)."""
        texts = _child_result(self.fd, self.pid)
        if not isinstance(texts, list) or len(texts) != self.count - self.start_page:
            return None
        return texts


def _child(path: Path | bytes, start_page: int, count: int,
           fd: int) -> int:  # pragma: no cover
    """In the forked child: read pages start_page..count-1 and write them to `fd`. Nothing of
    the parent's is used (not its open document: a file offset is shared across a fork)."""
    import pickle

    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(path if isinstance(path, bytes) else str(path))
    texts = [_page_text(doc, i) for i in range(start_page, count)]
    data = pickle.dumps(texts, protocol=pickle.HIGHEST_PROTOCOL)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return 0


EARLY_MAX_BYTES = 128 * 1000 * 1000  # above, the file is read the usual way (not held whole)


class EarlyText:
    """The text of every page of a PDF given on the command line, read by forked processes
    started before anything else of the command (issue 13): PDFium's text layout, nearly
    all the time of `cada attach`, then overlaps the start-up, the opening of the database,
    the hashing and the copy into the store. Linux only, with two cores or more.

    The child reads the file's bytes once, hashes them (SHA-256) and opens PDFium on those
    bytes, then reads the pages as `_pdfium_texts` does (a long PDF by two processes). Its
    texts are used only for the stored file of the same SHA-256 (`pages`): a file changed
    meanwhile, or a child that failed (a damaged or encrypted PDF), is read the usual way
    by `extract_pdf`, with its usual notes. `close` ends the children if they are still
    running (the command failed before it needed them)."""

    def __init__(self, pid: int, fd: int) -> None:
        self.pid, self.fd = pid, fd
        self.running = True
        self.found: tuple[str, list[str]] | None = None  # (sha256, texts), once read

    @classmethod
    def start(cls, paths: list[str | bytes]) -> EarlyText | None:
        """Start reading the first of `paths` that is a regular file starting like a PDF;
        None when there is none (or no second core, or not Linux)."""
        if not sys.platform.startswith("linux") or _cores() < 2:
            return None
        for path in paths:
            fd = _open_pdf_file(path)
            if fd is not None:
                return cls._fork(fd)
        return None

    @classmethod
    def _fork(cls, file_fd: int) -> EarlyText | None:
        try:
            read_fd, write_fd = os.pipe()
        except OSError:  # pragma: no cover
            os.close(file_fd)
            return None
        try:
            pid = os.fork()
        except OSError:  # pragma: no cover
            for fd in (read_fd, write_fd, file_fd):
                os.close(fd)
            return None
        if pid == 0:  # pragma: no cover - the child (coverage does not follow it)
            code = 1
            try:
                os.setpgid(0, 0)  # its own group, with its own child: `close` ends both
                os.close(read_fd)
                code = _early_child(file_fd, write_fd)
            finally:
                os._exit(code)
        try:
            os.setpgid(pid, pid)  # also here: whichever runs first
        except OSError:  # pragma: no cover - the child already did (or already ended)
            pass
        os.close(write_fd)
        os.close(file_fd)
        return cls(pid, read_fd)

    def pages(self, sha256: str) -> list[str] | None:
        """The pages' text if the child read the content of this SHA-256, else None (waits
        for the child the first time; each text is given once)."""
        if self.running:
            self.found = self._collect()
        if self.found is None or self.found[0] != sha256:
            return None
        texts = self.found[1]
        self.found = None
        return texts

    def _collect(self) -> tuple[str, list[str]] | None:
        self.running = False  # _child_result waits for it to end, in every case
        found = _child_result(self.fd, self.pid)
        if not (isinstance(found, tuple) and len(found) == 2 and isinstance(found[0], str)
                and isinstance(found[1], list)):
            return None
        return found

    def close(self) -> None:
        """End the children if they still run (their result was not needed)."""
        if not self.running:
            return
        self.running = False
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except OSError:  # pragma: no cover - already gone
            pass
        os.close(self.fd)
        os.waitpid(self.pid, 0)


def _child_result(fd: int, pid: int) -> object | None:
    """What a forked child pickled into the pipe `fd`, once it has ended (waited for in every
    case); None if it failed or wrote something unreadable."""
    import pickle

    try:
        with os.fdopen(fd, "rb") as fh:
            data = fh.read()
    finally:
        _, status = os.waitpid(pid, 0)
    if status != 0:
        return None
    try:
        return pickle.loads(data)
    except Exception:  # noqa: BLE001
        return None


def _open_pdf_file(path: str | bytes) -> int | None:
    """A descriptor on `path` if it is a non-empty regular file (never a link, a FIFO or a
    device: nothing blocks) starting like a PDF, of at most EARLY_MAX_BYTES; else None."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    except (OSError, ValueError):
        return None
    try:
        st = os.fstat(fd)
        if stat.S_ISREG(st.st_mode) and 0 < st.st_size <= EARLY_MAX_BYTES:
            if is_pdf(os.pread(fd, 1024, 0)):
                return fd
    except OSError:
        pass
    os.close(fd)
    return None


def _early_child(file_fd: int, fd: int) -> int:  # pragma: no cover - a forked child
    """In `EarlyText`'s child: the SHA-256 of the file's bytes and the text of its pages,
    written to `fd`; exit status 1 (the parent reads the file itself) if PDFium fails."""
    import hashlib
    import pickle

    with os.fdopen(file_fd, "rb") as fh:
        data = fh.read()
    sha256 = hashlib.sha256(data).hexdigest()
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return 1
    texts = _pdfium_texts(doc, data)
    payload = pickle.dumps((sha256, texts), protocol=pickle.HIGHEST_PROTOCOL)
    with os.fdopen(fd, "wb") as out:
        out.write(payload)
    return 0


def _ocr_pages(doc, pages: list[str], empty: list[int]) -> str | None:  # noqa: ANN001
    if not empty:
        return None
    if ocr.tesseract() is None:
        return None
    done = 0
    for i in empty:
        page = doc[i]
        try:
            text = ocr.ocr_pdf_page(page)
        except ocr.OcrError as exc:
            return M.OCR_FAILED.format(reason=exc)
        finally:
            page.close()
        pages[i] = text
        done += 1
    empty.clear()
    return M.OCR_DONE.format(lang=ocr.language(), pages=done)


def _result(pages: list[str], empty: list[int], note: str | None) -> Extraction:
    if not pages:  # a valid PDF may have no pages at all
        return Extraction("none", pages=[], page_count=0, note=M.PDF_NO_PAGES)
    if empty and len(empty) == len(pages):
        return Extraction("none", pages=pages, page_count=len(pages),
                          note=note or M.OCR_MISSING)
    if empty:
        note = note or M.OCR_PARTIAL_MISSING.format(pages=len(empty))
    return Extraction("ok", pages=pages, page_count=len(pages), note=note)


def _with_pypdf(path: Path) -> Extraction:
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = PdfReader(str(path), strict=False)
    if reader.is_encrypted:
        try:
            ok = bool(reader.decrypt(""))
        except Exception:  # noqa: BLE001
            ok = False
        if not ok:
            raise Encrypted()
    pages = [(p.extract_text() or "") for p in reader.pages]
    empty = [i for i, text in enumerate(pages) if _textless(text)]
    note = None
    if empty and ocr.tesseract() is not None and _has_pdfium():  # pragma: no cover
        import pypdfium2 as pdfium

        doc = pdfium.PdfDocument(str(path))
        try:
            note = _ocr_pages(doc, pages, empty)
        finally:
            doc.close()
    return _result(pages, empty, note)
