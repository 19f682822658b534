"""E-mails (RFC 822 / .eml): headers and body as one page; attachments become children."""

from __future__ import annotations

import io
from pathlib import Path

from cada_tracker.extract.base import MAX_TEXT_BYTES, Child, Extraction
from cada_tracker.extract.html import html_to_text
from cada_tracker.extract.text import decode
from cada_tracker.messages import documents as M


def _body_text(msg) -> str:  # noqa: ANN001
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    payload = part.get_payload(decode=True) or b""
    charset = part.get_content_charset()
    if charset is None or charset in ("us-ascii", "ascii"):
        # undeclared (or declared ASCII while it is not): UTF-8, else Windows-1252
        content = decode(payload)
    else:
        try:
            content = payload.decode(charset)
        except (LookupError, UnicodeDecodeError):  # unknown or wrong charset
            content = decode(payload)
    if part.get_content_type() == "text/html":
        content = html_to_text(content)
    return content


def _bytes_opener(data: bytes):  # noqa: ANN202
    return lambda: io.BytesIO(data)


def extract_email(path: Path) -> Extraction:
    with open(path, "rb") as fh:
        msg = _parser().parse(fh)
    header_lines = []
    for key in ("From", "To", "Cc", "Date", "Subject"):
        value = msg.get(key)
        if value:
            header_lines.append(f"{key}: {value}")
    body = _body_text(msg)[:MAX_TEXT_BYTES]
    children = []
    for n, part in enumerate(msg.iter_attachments(), start=1):
        name = part.get_filename() or f"attachment-{n}"
        if part.get_content_type() == "message/rfc822":
            inner = part.get_payload()
            inner = inner[0] if isinstance(inner, list) and inner else inner
            data = inner.as_bytes() if hasattr(inner, "as_bytes") else b""
            if not part.get_filename():
                name = f"attachment-{n}.eml"
        else:
            data = part.get_payload(decode=True) or b""
        children.append(Child(name=name, open=_bytes_opener(data), size_limit=len(data)))
    text = "\n".join(header_lines) + "\n\n" + body
    note = M.EMAIL_NOTE.format(count=len(children)) if children else None
    return Extraction("ok", pages=[text], page_count=1, note=note, children=children)


def _parser():  # noqa: ANN202
    """The e-mail parser, imported when an e-mail is read: the `email` package costs more to
    import than a PDF's attach can spare (benchmarks/attach_search.py)."""
    from email import policy
    from email.parser import BytesParser

    return BytesParser(policy=policy.default)
