"""The media type of a file from its content (magic bytes), never from its name."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from cada_tracker.extract.base import is_pdf

PDF = "application/pdf"
ZIP = "application/zip"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
OLE = "application/x-ole-storage"
EML = "message/rfc822"
HTML = "text/html"
CSV = "text/csv"
TEXT = "text/plain"
PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"
GIF = "image/gif"
BMP = "image/bmp"
WEBP = "image/webp"
OCTET = "application/octet-stream"

OFFICE_TYPES = (DOCX, XLSX, ODT, ODS, PPTX)
IMAGE_TYPES = (PNG, JPEG, TIFF, GIF, BMP, WEBP)

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"II*\x00", TIFF),
    (b"MM\x00*", TIFF),
    (b"GIF87a", GIF),
    (b"GIF89a", GIF),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", OLE),
)
_EMAIL_HEADERS = re.compile(
    rb"^(return-path|received|from|to|subject|date|message-id|mime-version|delivered-to|"
    rb"x-[a-z0-9-]+|reply-to|cc|content-type|dkim-signature|arc-[a-z-]+|authentication-results)"
    rb":",
    re.IGNORECASE,
)


def sniff(path: Path, head: bytes) -> str:
    """`head` is the first bytes of the file (8 KiB are plenty)."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if is_pdf(head):
        return PDF
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"BM") and len(head) > 26 and head[6:10] == b"\x00\x00\x00\x00":
        return BMP
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(path)
    return _text_kind(head)


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "mimetype" in names:
                mt = zf.read("mimetype")[:100].decode("ascii", "replace").strip()
                if mt in (ODT, ODS):
                    return mt
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return DOCX
                if "xl/workbook.xml" in names:
                    return XLSX
                if "ppt/presentation.xml" in names:
                    return PPTX
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
        pass
    return ZIP


def decode_head(head: bytes) -> str | None:
    """The head as text, or None when it looks binary."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return head[2:].decode("utf-16-le" if head[:2] == b"\xff\xfe" else "utf-16-be",
                                   "ignore")
        except UnicodeDecodeError:
            return None
    if b"\x00" in head:
        return None
    try:
        return head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 4:  # a character cut by the end of the head
            return head[: exc.start].decode("utf-8")
    text = head.decode("cp1252", "replace")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f")
    if controls > len(text) // 100 + 1:
        return None
    return text


def _text_kind(head: bytes) -> str:
    text = decode_head(head)
    if text is None or not text.strip():
        return OCTET if text is None else TEXT
    text = text.lstrip("\ufeff")
    start = text.lstrip()[:512].lower()
    if start.startswith(("<!doctype html", "<html")) or (
        start.startswith("<") and ("<html" in start or "<body" in start or "<head" in start)
    ):
        return HTML
    if _looks_like_email(head):
        return EML
    if _looks_like_csv(text, cut=len(head) >= 8192):
        return CSV
    return TEXT


def _looks_like_email(head: bytes) -> bool:
    lines = head.lstrip(b"\xef\xbb\xbf").splitlines()[:40]
    headers = 0
    for line in lines:
        if not line.strip():
            break
        if line[:1] in (b" ", b"\t"):
            continue  # folded header line
        if _EMAIL_HEADERS.match(line):
            headers += 1
        elif not re.match(rb"^[A-Za-z0-9-]+:", line):
            return False
    return headers >= 2


def _looks_like_csv(text: str, cut: bool = False) -> bool:
    lines = [line for line in text.splitlines()[:21] if line.strip()]
    if cut and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut
    if len(lines) < 2:
        return False
    for sep in (";", ",", "\t"):
        counts = {line.count(sep) for line in lines}
        if len(counts) == 1 and counts.pop() >= 1:
            return True
    return False
