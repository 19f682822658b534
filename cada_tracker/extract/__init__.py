"""Text extraction: one module per format family, chosen by the content (magic bytes).

    media_type = sniff.sniff(path, head)
    result = extract(path, media_type)

`extract` never raises for a bad file: a damaged or unreadable file gives
`Extraction(status="failed", note=reason)` and the document is still stored. The only
exception it lets through is `archive.UnsafeArchive` (a ZIP with path traversal, absolute
paths, links or a decompression bomb), which the attach turns into a refusal.

Children (e-mail attachments, ZIP members) are returned, not stored: the service stores each
one as a document of its own linked to its parent (`Document.parent_id`).

`Extraction.pages` is a list, or for text and CSV files an iterator read once (the file is
read as it is consumed, so memory stays flat): `status`, `note` and `page_count` are final
only once the pages were all read. Formats without real pages (all but PDF, images and
PPTX slides) come in pages of bounded size (extract.pages): FTS5 snippets of a huge row
take minutes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from cada_tracker.extract import archive, html, mail, ocr, office, pdf, sniff, tabular, text
from cada_tracker.extract.base import (
    MAX_STREAMED_TEXT_BYTES,
    MAX_TEXT_BYTES,
    Child,
    Extraction,
)
from cada_tracker.extract.pages import split_page
from cada_tracker.messages import documents as M

__all__ = ["MAX_STREAMED_TEXT_BYTES", "MAX_TEXT_BYTES", "Child", "Extraction", "extract"]


# formats whose pages are real pages: never cut (the page numbers are the document's)
_REAL_PAGES = ("application/pdf",
               "application/vnd.openxmlformats-officedocument.presentationml.presentation")


def extract(path: Path, media_type: str, *, unpack: bool = True,
            pdf_pages: list[str] | None = None) -> Extraction:
    """The text of the file at `path`, page by page. `pdf_pages`: the text of a PDF's pages
    already read from the same content (`pdf.EarlyText`)."""
    try:
        result = _dispatch(Path(path), media_type, unpack, pdf_pages)
    except archive.UnsafeArchive:
        raise
    except MemoryError:
        return Extraction("failed", note=M.EXTRACT_FAILED.format(reason=M.EXTRACT_TOO_LARGE))
    except Exception as exc:  # noqa: BLE001 - extraction never loses the document
        reason = f"{exc.__class__.__name__}: {exc}".strip()[:300]
        return Extraction("failed", note=M.EXTRACT_FAILED.format(reason=reason))
    if not isinstance(result.pages, list):
        result.pages = _watched(result, iter(result.pages))
        return result
    if media_type not in _REAL_PAGES and not media_type.startswith("image/"):
        cut = [piece for page in result.pages for piece in split_page(page)]
        if len(cut) != len(result.pages):
            result.pages, result.page_count = cut, len(cut)
    _finish(result, len(result.pages), any(p.strip() for p in result.pages))
    return result


def _finish(result: Extraction, count: int, has_text: bool) -> None:
    if result.status == "ok" and not has_text and not result.children:
        result.status = "none"
        result.note = result.note or M.EMPTY_TEXT
    if result.page_count is None and count:
        result.page_count = count


def _watched(result: Extraction, pages: Iterator[str]) -> Iterator[str]:
    """The pages of a streamed extraction; `result` is completed when they are all read.

    A failure while reading (never expected: the text is decoded with replacement
    characters) keeps the pages already read and marks the text `failed`."""
    count = 0
    has_text = False
    try:
        for page in pages:
            count += 1
            has_text = has_text or bool(page.strip())
            yield page
    except MemoryError:
        result.status = "failed"
        result.note = M.EXTRACT_FAILED.format(reason=M.EXTRACT_TOO_LARGE)
    except Exception as exc:  # noqa: BLE001 - extraction never loses the document
        result.status = "failed"
        result.note = M.EXTRACT_FAILED.format(
            reason=f"{exc.__class__.__name__}: {exc}".strip()[:300])
    _finish(result, count, has_text)


def _dispatch(path: Path, media_type: str, unpack: bool,
              pdf_pages: list[str] | None = None) -> Extraction:
    if media_type == sniff.PDF:
        return pdf.extract_pdf(path, pdf_pages)
    if media_type in sniff.OFFICE_TYPES:
        return office.extract_office(path, media_type)
    if media_type == sniff.CSV:
        return tabular.extract_csv(path)
    if media_type == sniff.HTML:
        return html.extract_html(path)
    if media_type == sniff.TEXT:
        return text.extract_text(path)
    if media_type == sniff.EML:
        return mail.extract_email(path)
    if media_type == sniff.ZIP:
        if not unpack:
            return Extraction("none", note=M.ARCHIVE_KEPT)
        return archive.extract_zip(path)
    if media_type in sniff.IMAGE_TYPES:
        return ocr.extract_image(path)
    if media_type == sniff.OLE:
        return Extraction("none", note=M.LEGACY_OFFICE)
    return Extraction("none", note=M.NO_EXTRACTOR.format(media_type=media_type))
