"""The letter as a structure: the frame (sender, recipient, place and date, signature), the
heading and the body, shared by every format (render.letters for text, Markdown, HTML and
e-mail; render.pdf for the PDF). Stdlib only."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

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
