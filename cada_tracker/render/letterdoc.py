"""The letter as a structure: the frame (sender, recipient, place and date, signature), the
heading and the body, shared by every format (render.letters for text, Markdown, HTML and
e-mail; render.pdf for the PDF); a rendered template composed into one, and a stored text
parsed back into one."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cada_tracker.messages import letters as M
from cada_tracker.render.templates import TemplateFailure, tidy

FORMATS = ("text", "markdown", "html", "pdf", "eml")
# The mark of a letter of an illustrative (demo) request: first line of the text, Markdown and
# HTML forms, a header line on each PDF page; the e-mail subject starts with SPECIMEN_SUBJECT.
SPECIMEN = "SPÉCIMEN — démonstration, ne pas envoyer"
SPECIMEN_SUBJECT = "[SPÉCIMEN]"


@dataclass
class LetterDoc:
    kind: str
    sender: list[str]
    recipient: list[str]
    place_date: str
    head: list[str]  # "Objet : ...", "Réf. : ..."
    body: str  # paragraphs separated by one blank line
    signature: list[str]
    letter_date: date | None = None
    reference: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    specimen: bool = False  # an illustrative (demo) request: every format carries SPECIMEN

    @property
    def subject(self) -> str:
        for line in self.head:
            label, sep, rest = line.partition(":")
            if sep and label.strip().lower() == "objet":
                return rest.strip()
        return self.head[0] if self.head else self.kind

    def paragraphs(self) -> list[list[str]]:
        return [p.split("\n") for p in self.body.split("\n\n") if p.strip()]

    def text(self) -> str:
        blocks = [
            "\n".join(self.sender),
            "\n".join(self.recipient),
            self.place_date,
            "\n".join(self.head),
            self.body.strip("\n"),
            "\n".join(self.signature),
        ]
        return "\n\n".join(b for b in blocks if b) + "\n"


ITEM = re.compile(r"^(\d+\.|[-•–])\s+(.*)$")


def is_heading(lines: list[str]) -> bool:
    line = lines[0]
    return len(lines) == 1 and any(c.isalpha() for c in line) and line == line.upper()


def with_specimen(text: str, specimen: bool) -> str:
    """The text with the SPECIMEN mark as its first line (when `specimen`)."""
    if not specimen or text.startswith(SPECIMEN):
        return text
    return f"{SPECIMEN}\n\n{text}"


def compose(
    kind: str,
    rendered: str,
    *,
    sender: list[str],
    recipient: list[str],
    place_date: str,
    signature: list[str],
    letter_date: date | None,
    reference: str,
) -> LetterDoc:
    """Split a rendered template into heading and body and put the frame around them."""
    text = tidy(rendered).strip("\n")
    head_text, _, body = text.partition("\n\n")
    head = [line for line in head_text.split("\n") if line.strip()]
    if not body.strip():
        raise TemplateFailure(M.TEMPLATE_NO_BODY.format(kind=kind))
    return LetterDoc(
        kind=kind,
        sender=[s for s in sender if s],
        recipient=[r for r in recipient if r],
        place_date=place_date,
        head=head,
        body=body.strip("\n"),
        signature=[s for s in signature if s],
        letter_date=letter_date,
        reference=reference,
    )


def parse_text(kind: str, text: str, *, reference: str = "") -> LetterDoc:
    """Rebuild a LetterDoc from its text form (the frozen letters are stored as text)."""
    blocks = [b for b in tidy(text).strip("\n").split("\n\n")]
    if len(blocks) < 6:
        # Not a framed letter: keep it whole as the body.
        return LetterDoc(kind, [], [], "", [], "\n\n".join(blocks), [], reference=reference)
    return LetterDoc(
        kind=kind,
        sender=blocks[0].split("\n"),
        recipient=blocks[1].split("\n"),
        place_date=blocks[2],
        head=blocks[3].split("\n"),
        body="\n\n".join(blocks[4:-1]),
        signature=blocks[-1].split("\n"),
        reference=reference,
    )
