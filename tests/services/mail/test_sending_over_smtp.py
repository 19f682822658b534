"""`cada send` against a real SMTP server (aiosmtpd) on 127.0.0.1 (issue 12, points 1 and 5):
STARTTLS and implicit TLS with a certificate made for the test, AUTH over TLS, the message
received parsed and checked against the frozen letter; a certificate that does not verify, a
login refused, a connection dropped mid-DATA, a crash after acceptance (possibly sent), and
a bad address: a clear error, a documented exit code, nothing half-recorded, a rerun that
resumes.

The request: `montpellier` (tests/conftest.py), drafted Fri 7 Feb 2020; sent by `cada send`
with --today 2020-02-07, so `sent` is recorded on Fri 7 Feb 2020."""

from __future__ import annotations

import pytest

from tests.conftest import database_rows
from tests.services.mail.dovecot import dovecot  # noqa: F401 - fixture
from tests.services.mail.smtp_server import PASSWORD, CuttingProxy, start_smtp

REF = "2020-001"
TODAY = "2020-02-07"  # Fri 7 Feb 2020


@pytest.fixture(autouse=True)
def _no_real_keyring(monkeypatch):
    # never the machine's keyring: the password comes from the environment or nowhere
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    monkeypatch.setenv("CADA_SMTP_PASSWORD", PASSWORD)


@pytest.fixture
def smtp(tmp_path):
    servers = []

    def start(**kwargs):
        server = start_smtp(tmp_path / f"smtp{len(servers)}", **kwargs)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def _setup(cada, server, **kwargs) -> None:
    r = cada(*server.setup_args(**kwargs))
    assert r.code == 0, r.err


def _outbox(home) -> list[tuple]:
    return database_rows("SELECT status, message_id, event_id, attempts, error, letter_kind,"
                         " event_kind FROM outbox ORDER BY id")


def _events(cada, ref=REF, today=TODAY) -> list[tuple[str, str]]:
    r = cada("--today", today, "show", ref, "--json")
    assert r.code == 0, r.err
    return [(e["kind"], e["date"]) for e in r.json["events"]]


def _frozen(home, kind="demande") -> tuple[str, str]:
    return database_rows("SELECT body, origin FROM letter WHERE kind = ? AND frozen = ?",
                         (kind, True))[0]


def _text(msg) -> str:
    """The text body as received (the wire's CRLF line ends read back as newlines)."""
    return msg.get_body(("plain",)).get_content().replace("\r\n", "\n")


def _eml_body_of(frozen: str) -> str:
    """The text body `cada letter --format eml` derives from a letter: its heading less the
    Objet line, its body, the signature and the sender's address lines."""
    from cada_tracker.render.letterdoc import parse_text

    doc = parse_text("demande", frozen)
    head = [h for h in doc.head if not h.lower().startswith("objet")]
    parts = ["\n".join(head), doc.body, "\n".join(doc.signature + doc.sender[1:])]
    return "\n\n".join(p for p in parts if p) + "\n"


def test_send_over_starttls_delivers_the_letter_and_records_sent(cada, montpellier, smtp,
                                                                  cada_home):
    server = smtp(security="starttls")
    _setup(cada, server)
    r = cada("--today", TODAY, "send", REF)
    assert r.code == 0, r.err
    [got] = server.received
    msg = got.message
    assert got.mail_from == "jeanne@example.org" and got.rcpt_tos == ["contact@example.org"]
    assert msg["To"].addresses[0].addr_spec == "contact@example.org"
    assert msg["From"].addresses[0].addr_spec == "jeanne@example.org"
    assert "Réf. 2020-001" in msg["Subject"]
    [(status, message_id, event_id, attempts, error, kind, event)] = _outbox(cada_home)
    assert (status, attempts, error, kind, event) == ("sent", 1, None, "demande", "sent")
    assert msg["Message-ID"].strip() == message_id and message_id.endswith("@example.org>")
    assert [(p.get_filename(), p.get_content_type()) for p in msg.iter_attachments()] == [
        ("demande-2020-001.pdf", "application/pdf")]
    # the event, on the day of sending (Fri 7 Feb 2020), with the letter frozen as it went
    assert _events(cada) == [("sent", "2020-02-07")]
    body, origin = _frozen(cada_home)
    assert origin == "rendered"
    assert _text(msg) == _eml_body_of(body)
    assert database_rows("SELECT id FROM event WHERE kind = 'sent'")[0][0] == event_id
    assert message_id in r.out and "recorded sent on 2020-02-07" in r.out
    # the stored message is known to the store check (not an orphan)
    check = cada("check", "--json")
    assert check.code == 0 and check.json["orphaned"] == [], check.out


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_send_over_implicit_tls(cada, montpellier, smtp):
    server = smtp(security="tls")
    _setup(cada, server)
    r = cada("--today", TODAY, "send", REF, "--json")
    assert r.code == 0, r.err
    assert r.json["action"] == "sent" and r.json["on"] == "2020-02-07"
    assert r.json["server_reply"].startswith("250")
    [got] = server.received
    assert got.message["Message-ID"].strip() == r.json["message_id"]


def test_relance_goes_as_reminder_sent(cada, montpellier, smtp, cada_home):
    # sent Fri 7 Feb 2020 by hand, received Mon 10 Feb; B = Tue 10 Mar 2020; a reminder sent
    # by mail on Mon 2 Mar 2020
    for args in (("--today", TODAY, "log", REF, "sent"),
                 ("--today", "2020-02-10", "log", REF, "received")):
        assert cada(*args).code == 0
    server = smtp(security="starttls")
    _setup(cada, server)
    r = cada("--today", "2020-03-02", "send", REF, "--letter", "relance")
    assert r.code == 0, r.err
    [got] = server.received
    assert [p.get_filename() for p in got.message.iter_attachments()] == ["relance-2020-001.pdf"]
    r = cada("--today", "2020-03-02", "show", REF, "--json")
    assert [(e["kind"], e["date"]) for e in r.json["events"]][-1] == ("reminder-sent",
                                                                      "2020-03-02")
    body, _origin = _frozen(cada_home, "relance")
    assert _text(got.message) == _eml_body_of(body)


def test_dry_run_prints_what_would_go_and_records_nothing(cada, montpellier, cada_home):
    r = cada("--today", TODAY, "send", REF, "--dry-run")
    assert r.code == 0, r.err
    assert "To:          contact@example.org" in r.out
    assert "Réf. 2020-001" in r.out
    assert "demande-2020-001.pdf (application/pdf, " in r.out
    assert "Madame, Monsieur," in r.out
    assert _outbox(cada_home) == [] and _events(cada) == []


def test_certificate_that_does_not_verify_exits_6_and_records_no_event(cada, montpellier,
                                                                        smtp, cada_home):
    server = smtp(security="starttls", trusted=False)
    _setup(cada, server)
    r = cada("--today", TODAY, "send", REF)
    assert r.code == 6, r.err
    assert "does not verify" in r.err and len(r.err.strip().splitlines()) == 1
    assert server.received == [] and _events(cada) == []
    [(status, _mid, event_id, attempts, error, _k, _e)] = _outbox(cada_home)
    assert (status, event_id, attempts) == ("pending", None, 0) and "verify" in error


def test_login_refused_exits_6_and_never_shows_the_password(cada, montpellier, smtp,
                                                           cada_home, monkeypatch):
    server = smtp(security="starttls")
    _setup(cada, server)
    wrong = "wrong-Pa55word-XYZ"
    monkeypatch.setenv("CADA_SMTP_PASSWORD", wrong)
    r = cada("--today", TODAY, "send", REF)
    assert r.code == 6 and "refused the login of jeanne" in r.err, r.err
    r = cada("--debug", "--today", TODAY, "send", REF)
    assert r.code == 6
    assert wrong not in r.err + r.out and PASSWORD not in r.err + r.out
    assert "Traceback" in r.err  # --debug showed everything it shows, and still no password
    assert _events(cada) == [] and [s for s, *_ in _outbox(cada_home)] == ["pending"]
    shown = cada("mail", "setup", "--show")
    assert wrong not in shown.out and "CADA_SMTP_PASSWORD" in shown.out
    assert wrong not in (cada_home / "config.toml").read_text()


def test_a_password_the_protocol_cannot_carry_is_refused_without_showing_it(
        cada, montpellier, smtp, cada_home, monkeypatch):
    # smtplib sends the login as ASCII: a password with "é" must give one line naming the
    # setting, never an internal error quoting a character of the password
    server = smtp(security="starttls")
    _setup(cada, server)
    secret = "mot-de-passé-Zq9"
    monkeypatch.setenv("CADA_SMTP_PASSWORD", secret)
    for lang in ("en", "fr"):
        r = cada("--lang", lang, "--debug", "--today", TODAY, "send", REF)
        assert r.code == 2, r.err
        assert "CADA_SMTP_PASSWORD" in r.err and "internal error" not in r.err
        assert secret not in r.err + r.out and "\\xe9" not in r.err and "é'" not in r.err
    assert _events(cada) == [] and [s for s, *_ in _outbox(cada_home)] == ["pending"]


def test_missing_password_is_said_before_anything_is_recorded(cada, montpellier, smtp,
                                                              cada_home, monkeypatch):
    server = smtp(security="starttls")
    _setup(cada, server)
    monkeypatch.delenv("CADA_SMTP_PASSWORD")
    r = cada("--today", TODAY, "send", REF)
    assert r.code == 2 and "CADA_SMTP_PASSWORD" in r.err
    assert _outbox(cada_home) == []


def test_connection_dropped_mid_data_is_possibly_sent_and_resend_sends_it_once(
        cada, montpellier, smtp, cada_home):
    """The proxy cuts the connection in the middle of DATA. The client wrote the whole message
    into its socket and then found no reply: from its side this cannot be told apart from a
    reply lost after acceptance, so the entry is possibly-sent (never resent silently); here
    the server got nothing, so `--resend` sends the same stored message, once."""
    server = smtp(security="plain", auth=False)  # plain: the proxy sees the DATA command
    proxy = CuttingProxy(server.port, after=3000, cuts=1)
    try:
        r = cada("mail", "setup", "--smtp-host", "127.0.0.1", "--smtp-port", str(proxy.port),
                 "--smtp-security", "plain")
        assert r.code == 0, r.err
        r = cada("--today", TODAY, "send", REF)
        assert r.code == 6, r.err
        assert "it may have gone" in r.err and f"cada send {REF} --resend" in r.err, r.err
        assert server.received == [] and _events(cada) == []
        [(status, message_id, _e, attempts, error, _k, _ev)] = _outbox(cada_home)
        assert (status, attempts) == ("possibly-sent", 1) and error
        assert cada("--today", TODAY, "send", REF).code == 4  # the user's word is needed
        r = cada("--today", TODAY, "send", REF, "--resend")  # the same stored bytes, once
        assert r.code == 0, r.err
        [got] = server.received
        assert got.message["Message-ID"].strip() == message_id
        assert [s for s, *_ in _outbox(cada_home)] == ["sent"]
        assert _events(cada) == [("sent", "2020-02-07")]
    finally:
        proxy.stop()


def test_reply_lost_after_the_whole_message_is_possibly_sent_never_resent_silently(
        cada, montpellier, smtp, cada_home):
    """The server received the whole message and accepted it, but its reply never came back:
    cada cannot know, so the entry is possibly-sent (exit 6 now, exit 4 on a plain rerun) and
    only the user's --mark-sent records it; the server holds the message once."""
    server = smtp(security="plain", auth=False)
    proxy = CuttingProxy(server.port, cuts=1, reply_lost=True)
    try:
        r = cada("mail", "setup", "--smtp-host", "127.0.0.1", "--smtp-port", str(proxy.port),
                 "--smtp-security", "plain")
        assert r.code == 0, r.err
        r = cada("--today", TODAY, "send", REF)
        assert r.code == 6, r.err
        assert "it may have gone" in r.err and "--mark-sent" in r.err, r.err
        assert len(server.received) == 1 and _events(cada) == []
        assert [s for s, *_ in _outbox(cada_home)] == ["possibly-sent"]
        r = cada("--today", TODAY, "send", REF)  # never sent again without the user's word
        assert r.code == 4 and "--mark-sent" in r.err, r.err
        assert len(server.received) == 1
        r = cada("--today", TODAY, "send", REF, "--mark-sent")
        assert r.code == 0, r.err
        assert len(server.received) == 1
        assert _events(cada) == [("sent", "2020-02-07")]
        assert [s for s, *_ in _outbox(cada_home)] == ["sent"]
    finally:
        proxy.stop()


def _possibly_sent(cada, cada_home, smtp):
    """An entry cada was handing over when it stopped: first a failed attempt (nothing
    accepted), then the row set to `sending` by hand, as a crash after DATA leaves it."""
    server = smtp(security="starttls")
    _setup(cada, server)
    server.stop()
    assert cada("--today", TODAY, "send", REF).code == 6
    database_rows("UPDATE outbox SET status = 'sending', attempted_at = '2020-02-07 10:00:00'")
    return smtp(security="starttls")


def test_crash_after_handing_over_is_possibly_sent_then_mark_sent(cada, montpellier, smtp,
                                                                  cada_home):
    server = _possibly_sent(cada, cada_home, smtp)
    _setup(cada, server)
    r = cada("--today", TODAY, "send", REF)
    assert r.code == 4 and "may have gone" in r.err and "--mark-sent" in r.err, r.err
    assert [s for s, *_ in _outbox(cada_home)] == ["possibly-sent"]
    assert cada("--today", TODAY, "send", REF).code == 4  # never silently again
    r = cada("--today", TODAY, "send", REF, "--mark-sent")
    assert r.code == 0, r.err
    assert server.received == []  # not sent again
    assert _events(cada) == [("sent", "2020-02-07")]
    assert [s for s, *_ in _outbox(cada_home)] == ["sent"]


def test_possibly_sent_then_resend_sends_the_same_message_once(cada, montpellier, smtp,
                                                               cada_home):
    server = _possibly_sent(cada, cada_home, smtp)
    _setup(cada, server)
    [(_s, message_id, *_rest)] = _outbox(cada_home)
    r = cada("--today", TODAY, "send", REF, "--resend")
    assert r.code == 0, r.err
    [got] = server.received
    assert got.message["Message-ID"].strip() == message_id
    assert _events(cada) == [("sent", "2020-02-07")]


def test_an_authority_without_an_address_is_refused_before_anything_is_recorded(
        cada, smtp, cada_home):
    server = smtp(security="starttls")
    for args in (("init", "--name", "Jeanne Dupont", "--email", "jeanne@example.org"),
                 ("authority", "add", "Mairie de Nulle-Part", "--department", "34"),
                 ("--today", TODAY, "new", "--authority", "mairie-de-nulle-part", "--subject",
                  "Budget", "--ref", "N1")):
        assert cada(*args).code == 0
    _setup(cada, server)
    r = cada("--today", TODAY, "send", "N1")
    assert r.code == 1 and "mairie-de-nulle-part" in r.err, r.err
    # the advice is this command's: --format belongs to `cada letter`
    assert "cada letter N1 demande --format pdf" in r.err and "or use --format pdf" not in r.err
    assert _outbox(cada_home) == [] and server.received == []


def test_an_invalid_stored_address_is_refused_before_anything_is_recorded(cada, montpellier,
                                                                         smtp, cada_home):
    server = smtp(security="starttls")
    _setup(cada, server)
    # an address typed before addresses were checked
    database_rows("UPDATE authority SET email = 'contact@@example..org'")
    r = cada("--today", TODAY, "send", REF)
    assert r.code == 2 and "is not a valid e-mail address" in r.err, r.err
    assert _outbox(cada_home) == [] and server.received == []


def test_a_court_application_is_not_sent_by_mail(cada, montpellier):
    r = cada("--today", TODAY, "send", REF, "--letter", "recours-ta")
    assert r.code == 2 and "not sent by e-mail" in r.err


def test_an_event_the_procedure_refuses_is_never_sent(cada, montpellier, smtp, cada_home):
    server = smtp(security="starttls")
    _setup(cada, server)
    r = cada("--today", TODAY, "send", REF, "--letter", "relance")  # never sent: no reminder
    assert r.code == 4, r.err
    assert _outbox(cada_home) == [] and server.received == []


def test_discard_drops_a_pending_message(cada, montpellier, smtp, cada_home):
    server = smtp(security="starttls")
    _setup(cada, server)
    server.stop()
    assert cada("--today", TODAY, "send", REF).code == 6
    r = cada("--today", TODAY, "send", REF, "--discard")
    assert r.code == 0, r.err
    assert _outbox(cada_home) == []
    assert cada("check", "--json").json["orphaned"] == []


def test_a_draft_with_a_pending_message_can_still_be_deleted(cada, montpellier, smtp,
                                                             cada_home):
    server = smtp(security="starttls")
    _setup(cada, server)
    server.stop()
    assert cada("--today", TODAY, "send", REF).code == 6
    r = cada("delete", REF, "--yes")
    assert r.code == 0, r.err
    assert _outbox(cada_home) == []


def test_saisine_cada_goes_to_the_cada_with_its_exhibits(cada, montpellier, smtp, cada_home):
    # sent Fri 7 Feb 2020, received Mon 10 Feb 2020: one month of silence ends Tue 10 Mar
    # 2020 (B), the implicit refusal is born then; referral sent by mail on Fri 20 Mar 2020
    for args in (("--today", TODAY, "log", REF, "sent"),
                 ("--today", "2020-02-10", "log", REF, "received")):
        assert cada(*args).code == 0
    server = smtp(security="starttls")
    _setup(cada, server)
    r = cada("--today", "2020-03-20", "send", REF, "--json")  # the next letter: saisine-cada
    assert r.code == 0, r.err
    assert (r.json["letter"], r.json["event"], r.json["on"]) == ("saisine-cada", "cada-sent",
                                                                 "2020-03-20")
    [got] = server.received
    assert got.rcpt_tos == ["cada@cada.fr"]
    assert [p.get_filename() for p in got.message.iter_attachments()] == [
        "saisine-cada-2020-001.pdf", "piece-01-demande.pdf", "piece-02-note-silence.txt"]
    r = cada("--today", "2020-03-20", "show", REF, "--json")
    last = r.json["events"][-1]
    assert (last["kind"], last["date"], last.get("channel")) == ("cada-sent", "2020-03-20",
                                                                 "email")


def test_on_records_the_event_on_the_day_given(cada, montpellier, smtp):
    # drafted Fri 7 Feb 2020; sent on Mon 10 Feb 2020 but recorded as of that day with --on
    server = smtp(security="starttls")
    _setup(cada, server)
    r = cada("--today", "2020-02-12", "send", REF, "--on", "2020-02-10", "--json")
    assert r.code == 0, r.err
    assert r.json["on"] == "2020-02-10"
    assert _events(cada, today="2020-02-12") == [("sent", "2020-02-10")]
    r = cada("--today", "2020-02-12", "send", REF, "--letter", "demande")
    assert r.code == 4  # sent already: the procedure refuses a second `sent`
    assert len(server.received) == 1


def test_a_demande_of_your_own_text_goes_as_you_wrote_it(cada, montpellier, smtp, cada_home,
                                                        tmp_path):
    own = tmp_path / "ma-lettre.txt"
    own.write_text("Madame, Monsieur,\n\nJe vous demande la convention du 3 mars 2019.\n\n"
                   "Jeanne Dupont\n", encoding="utf-8")
    assert cada("--today", TODAY, "letter", REF, "--from-file", str(own)).code == 0
    server = smtp(security="starttls")
    _setup(cada, server)
    r = cada("--today", TODAY, "send", REF)
    assert r.code == 0, r.err
    [got] = server.received
    assert "Je vous demande la convention du 3 mars 2019." in _text(got.message)
    body, origin = _frozen(cada_home)
    assert (body, origin) == (own.read_text(encoding="utf-8"), "user")


def test_possibly_sent_found_in_the_sent_folder_is_recorded_without_sending_again(
        cada, montpellier, smtp, cada_home, dovecot, monkeypatch):  # noqa: F811
    """A possibly-sent entry whose message the IMAP Sent folder holds (a real Dovecot, the
    Sent folder found by its SPECIAL-USE flag) is recorded as sent, and nothing goes again."""
    from tests.services.mail.dovecot import PASSWORD as IMAP_PASSWORD
    from tests.services.mail.dovecot import USER as IMAP_USER

    server = _possibly_sent(cada, cada_home, smtp)
    _setup(cada, server)
    r = cada("mail", "setup", "--imap-host", "127.0.0.1", "--imap-port",
             str(dovecot.imaps_port), "--imap-security", "tls", "--imap-user", IMAP_USER,
             "--imap-ca-file", str(dovecot.cert.ca_file))
    assert r.code == 0, r.err
    monkeypatch.setenv("CADA_IMAP_PASSWORD", IMAP_PASSWORD)
    [(_s, message_id, *_rest)] = _outbox(cada_home)
    # not in the Sent folder yet: still the user's decision
    r = cada("--today", TODAY, "send", REF)
    assert r.code == 4 and "--mark-sent" in r.err, r.err
    # the mail client kept a copy in Sent: the message went
    dovecot.append((f"Message-ID: {message_id}\r\nFrom: jeanne@example.org\r\n"
                    "Subject: Demande (Réf. 2020-001)\r\n\r\nMadame la Maire,\r\n").encode(),
                   folder="Sent")
    r = cada("--today", TODAY, "send", REF)
    assert r.code == 0, r.err
    assert message_id in r.out + r.err
    assert server.received == []  # not sent again
    assert _events(cada) == [("sent", "2020-02-07")]
    assert [s for s, *_ in _outbox(cada_home)] == ["sent"]
    assert IMAP_PASSWORD not in r.out + r.err
