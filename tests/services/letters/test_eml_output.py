"""`cada letter --format eml`: a message that parses back with the `email` package, the
letter's PDF attached, and for a referral (saisine-cada) its numbered exhibits: the letters as
frozen, the silence note, the files of the document store with their names and media types."""

from __future__ import annotations

import email
import hashlib
import io
from email import policy

from tests.conftest import database_rows
from tests.services.letters.helpers import REF, log, ok, one_line_error


def _eml(cada, today: str, *args: str) -> tuple[email.message.EmailMessage, bytes, str]:
    r = cada("--today", today, "letter", REF, *args, "--format", "eml")
    assert r.code == 0, r.err
    raw = r.out.encode("utf-8")
    return email.message_from_bytes(raw, policy=policy.default), raw, r.err


def _attachments(msg) -> list[tuple[str, str, bytes]]:
    return [(p.get_filename(), p.get_content_type(), p.get_payload(decode=True))
            for p in msg.iter_attachments()]


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


def test_eml_attaches_the_letter_as_pdf(letter_home):
    msg, _, err = _eml(letter_home, "2020-03-01", "relance")
    assert msg.is_multipart()
    assert msg.get_body(("plain",)).get_content().startswith("Réf. : 2020-001")
    [(name, media, data)] = _attachments(msg)
    assert (name, media) == ("relance-2020-001.pdf", "application/pdf")
    assert data.startswith(b"%PDF-") and "Relance" in _pdf_text(data)
    assert "relance-2020-001.pdf" in err


def test_eml_saisine_attaches_the_exhibits_with_names_types_and_bytes(letter_home, tmp_path):
    # Explicit refusal Thu 20 Feb 2020 (a PDF attached to it), then a reminder Tue 25 Feb
    # 2020 asking to reconsider (frozen).
    log(letter_home, "2020-02-20", REF, "reply", "--outcome", "refused", "--on", "2020-02-20")
    log(letter_home, "2020-02-25", REF, "reminder-sent", "--on", "2020-02-25")
    from cada_tracker.services.demo_documents import render_pdf  # a small valid PDF

    refusal = tmp_path / "Décision de refus.pdf"
    render_pdf([["Refus du 20 fevrier 2020"]], refusal)
    ok(letter_home, "--today", "2020-02-26", "attach", REF, str(refusal), "--event", "reply")
    msg, _, err = _eml(letter_home, "2020-03-20", "saisine-cada")
    assert msg["To"].addresses[0].addr_spec == "cada@cada.fr"
    got = _attachments(msg)
    assert [(n, t) for n, t, _ in got] == [
        ("saisine-cada-2020-001.pdf", "application/pdf"),
        ("piece-01-demande.pdf", "application/pdf"),
        # in the order of the events: the refusal (20 Feb) before the reminder (25 Feb)
        ("piece-02-Décision de refus.pdf", "application/pdf"),
        ("piece-03-relance.pdf", "application/pdf"),
    ]
    stored = got[2][2]
    assert hashlib.sha256(stored).hexdigest() == hashlib.sha256(refusal.read_bytes()).hexdigest()
    assert "Lettre de relance du 25 février 2020" in _pdf_text(got[0][2])
    assert "25 février 2020" in _pdf_text(got[3][2])
    # The letter's exhibit list names the same numbers as the attachments.
    body = msg.get_body(("plain",)).get_content()
    assert "Pièce n° 2 : Décision de refus du 20 février 2020 (Décision de refus.pdf)" in body
    assert "piece-02-Décision de refus.pdf" in err


def test_eml_saisine_after_silence_attaches_the_silence_note(letter_home):
    msg, _, _ = _eml(letter_home, "2020-03-20", "saisine-cada")
    got = _attachments(msg)
    assert [(n, t) for n, t, _ in got] == [
        ("saisine-cada-2020-001.pdf", "application/pdf"),
        ("piece-01-demande.pdf", "application/pdf"),
        ("piece-02-note-silence.txt", "text/plain"),
    ]
    note = got[2][2].decode("utf-8")
    assert "10 mars 2020" in note
    # no acknowledgment was recorded: the note says the two months do not bind (L112-6)
    assert "ne m'est pas opposable" in note and "L112-6" in note


def test_an_internationalised_domain_is_encoded_with_idna(letter_home):
    ok(letter_home, "authority", "edit", "ville-de-montpellier", "--email",
       "contact@Bücher.example")
    msg, raw, _ = _eml(letter_home, "2020-03-01", "relance")
    assert msg["To"].addresses[0].addr_spec == "contact@xn--bcher-kva.example"
    assert raw.isascii()


def test_a_non_ascii_local_part_makes_an_smtputf8_message(letter_home):
    ok(letter_home, "init", "--email", "camille.durand.rené@example.org")
    msg, raw, err = _eml(letter_home, "2020-03-01", "relance")
    assert "camille.durand.rené@example.org".encode() in raw  # raw UTF-8, no encoded word
    assert b"=?utf-8?" not in raw.split(b"\n\n", 1)[0].split(b"From:")[1].split(b"\n")[0]
    # An SMTPUTF8 message is UTF-8 text: parsed from its decoded text, the address is intact.
    msg = email.message_from_string(raw.decode("utf-8"), policy=policy.SMTPUTF8)
    assert msg["From"].addresses[0].addr_spec == "camille.durand.rené@example.org"
    assert [n for n, _, _ in _attachments(msg)] == ["relance-2020-001.pdf"]
    assert "SMTPUTF8" in err


def test_a_bad_stored_address_is_one_line_exit_2_never_a_traceback(letter_home):


    # An address stored before the strict check (older versions accepted it).
    database_rows("UPDATE authority SET email = ? WHERE slug = ?",
                  ("Mairie <cada@ville.fr>", "ville-de-montpellier"))
    r = letter_home("--today", "2020-03-01", "letter", REF, "relance", "--format", "eml")
    assert r.code == 2
    line = one_line_error(r.err)
    assert "not a valid e-mail address" in line and "cada authority edit" in line
