"""Specimen letters of illustrative (letter_home) requests: the mark in every format."""

from __future__ import annotations

import email
import io
from email import policy

import pytest

from tests.services.letters.helpers import REF, SPECIMEN, letter, ok


@pytest.fixture
def illustrative(letter_home):
    from cada_tracker.paths import resolve_settings
    from cada_tracker.storage.db import session_scope
    from cada_tracker.storage.requests import get_request

    with session_scope(resolve_settings()) as session:
        get_request(session, REF).illustrative = True
    return letter_home


def test_specimen_text_markdown_html(illustrative):
    for kind in ("demande", "relance", "saisine-cada"):
        out, err = letter(illustrative, "2020-03-20", REF, kind)
        assert out.splitlines()[0] == SPECIMEN, kind
        assert "illustrative" in err
    md = letter(illustrative, "2020-03-20", REF, "saisine-cada", "-f", "markdown")[0]
    assert md.splitlines()[0] == f"**{SPECIMEN}**"
    html = letter(illustrative, "2020-03-20", REF, "saisine-cada", "-f", "html")[0]
    after_body = html[html.index("<body>") + len("<body>"):].lstrip()
    assert after_body.startswith(f'<p class="specimen">{SPECIMEN}</p>')


def test_specimen_eml_subject(illustrative):
    out = letter(illustrative, "2020-03-01", REF, "relance", "-f", "eml")[0]
    msg = email.message_from_string(out, policy=policy.default)
    assert msg["Subject"].startswith("[SPÉCIMEN] Relance")
    assert msg.get_body(("plain",)).get_content().startswith(SPECIMEN)


@pytest.mark.slow
def test_specimen_pdf_mark_on_every_page(illustrative, tmp_path):
    from pypdf import PdfReader

    target = tmp_path / "s.pdf"
    ok(illustrative, "--today", "2020-03-20", "letter", REF, "saisine-cada", "-f", "pdf",
       "-o", str(target))
    reader = PdfReader(str(target))
    assert len(reader.pages) >= 2
    for page in reader.pages:
        assert SPECIMEN in " ".join(page.extract_text().split())


@pytest.mark.slow
def test_no_specimen_mark_on_a_real_request(letter_home, tmp_path):
    from pypdf import PdfReader

    assert SPECIMEN not in letter(letter_home, "2020-03-20", REF, "saisine-cada")[0]
    target = tmp_path / "s.pdf"
    ok(letter_home, "--today", "2020-03-20", "letter", REF, "saisine-cada", "-f", "pdf",
       "-o", str(target))
    data = target.read_bytes()
    assert "SPÉCIMEN" not in " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.slow
def test_escalate_specimen_is_not_to_be_sent(illustrative, tmp_path):
    from pypdf import PdfReader

    out, _ = ok(illustrative, "--today", "2020-03-20", "escalate", REF)
    assert "send the referral" not in out and "cada-sent" not in out
    assert "specimen" in out and "do not send it to the CADA" in out
    folder = tmp_path / "saisine-cada-2020-001"
    for name in ("saisine-cada.txt", "bordereau.txt", "piece-02-note-silence.txt"):
        assert (folder / name).read_text(encoding="utf-8").startswith(SPECIMEN), name
    for name in ("saisine-cada.pdf", "piece-01-demande.pdf"):
        text = PdfReader(str(folder / name)).pages[0].extract_text()
        assert SPECIMEN in " ".join(text.split()), name
