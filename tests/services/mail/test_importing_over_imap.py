"""`cada mail import --imap` and the Sent-folder check against a real Dovecot (issue 12,
points 2, 4 and 5): TLS and STARTTLS with a certificate made for the test, read-only unless
--mark-seen, --since and its default, login refused, a certificate that does not verify, a
connection dropped mid-import."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.services.mail.certificates import make_certificates
from tests.services.mail.dovecot import PASSWORD, Dovecot, dovecot  # noqa: F401 - fixture
from tests.services.mail.mail_files import add_outbox, message

TODAY = "2020-03-02"  # Mon 2 Mar 2020


@pytest.fixture
def home(cada, montpellier, cada_home, dovecot, monkeypatch):  # noqa: F811
    """2020-001 sent on Fri 7 Feb 2020 (Message-ID <demande-1@example.org>), the IMAP
    settings of the home naming the Dovecot of the test, its password in the environment."""
    assert cada("--today", "2020-02-07", "log", montpellier, "sent", "--on",
                "2020-02-07").code == 0
    add_outbox(cada_home, montpellier, "demande-1@example.org")
    dovecot.write_settings(cada_home)
    monkeypatch.setenv("CADA_IMAP_PASSWORD", PASSWORD)
    return cada_home


def _when(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def _import(cada, *args: str):
    r = cada("--today", TODAY, "mail", "import", "--imap", *args, "--json")
    assert r.code == 0, r.err
    return r.json


def test_import_over_tls_is_read_only_and_resumable(cada, home, dovecot):  # noqa: F811
    dovecot.append(message(message_id="<r1@example.org>", subject="RE: demande",
                           in_reply_to="<demande-1@example.org>",
                           attachments=[("annexe.txt", b"annexe budgetaire 4471",
                                         "text/plain")]).as_bytes(),
                   arrival=_when(2020, 2, 18, 9))
    dovecot.append(message(message_id="<r2@x>", subject="Newsletter",
                           sender="news@shop.test").as_bytes(), arrival=_when(2020, 2, 19))
    data = _import(cada)
    assert data["source"].startswith("imap:127.0.0.1/INBOX")
    assert (data["new"], data["unmatched"]) == (2, 1)
    first = next(m for m in data["messages"] if m["message_id"] == "r1@example.org")
    assert first["request"] == "2020-001" and first["matched_by"] == "in-reply-to"
    assert first["documents"] == 2 and first["received_on"] == "2020-02-18"
    # read-only: no message was marked \Seen (EXAMINE, BODY.PEEK)
    assert not any(b"\\Seen" in line for line in dovecot.flags())
    again = _import(cada)
    assert (again["new"], again["already_imported"]) == (0, 2)
    assert cada("--today", TODAY, "search", "budgetaire", "--json").json["hits"]


def test_mark_seen_and_starttls(cada, home, dovecot):  # noqa: F811
    dovecot.write_settings(home, security="starttls")
    dovecot.append(message(message_id="<s1@x>", subject="Réf. 2020-001").as_bytes(),
                   arrival=_when(2020, 2, 20, 10))
    data = _import(cada, "--mark-seen")
    assert data["new"] == 1
    assert all(b"\\Seen" in line for line in dovecot.flags())


def test_since_defaults_to_the_earliest_sending_date_of_open_requests(cada, home,
                                                                      dovecot):  # noqa: F811
    # 2020-001 was sent on Fri 7 Feb 2020: a message that arrived on Fri 10 Jan 2020 is older
    dovecot.append(message(message_id="<old@x>", subject="Réf. 2020-001 ancien").as_bytes(),
                   arrival=_when(2020, 1, 10, 12))
    dovecot.append(message(message_id="<new@x>", subject="Réf. 2020-001 réponse").as_bytes(),
                   arrival=_when(2020, 2, 18, 12))
    data = _import(cada)
    assert [m["message_id"] for m in data["messages"]] == ["new@x"]
    data = _import(cada, "--since", "2020-01-01")
    assert [m["message_id"] for m in data["messages"]] == ["old@x"]
    assert cada("--today", TODAY, "mail", "import", "--imap", "--since", "02/01/2020").code == 2


def test_login_refused_exits_6_without_the_password(cada, home, dovecot,  # noqa: F811
                                                    monkeypatch):
    wrong = "Wr0ng-pass-7731"
    monkeypatch.setenv("CADA_IMAP_PASSWORD", wrong)
    for args in (("mail", "import", "--imap"), ("--debug", "mail", "import", "--imap")):
        r = cada("--today", TODAY, *args)
        assert r.code == 6, r.err
        assert "refused the login" in r.err
        assert wrong not in r.err + r.out and PASSWORD not in r.err + r.out
    assert cada("mail", "list", "--json").json["messages"] == []


def test_a_password_the_protocol_cannot_carry_is_refused_without_showing_it(
        cada, home, dovecot, monkeypatch):  # noqa: F811
    secret = "mot-de-passé-Zq9"  # imaplib sends the login as ASCII
    monkeypatch.setenv("CADA_IMAP_PASSWORD", secret)
    for args in (("mail", "import", "--imap"), ("--lang", "fr", "--debug", "mail", "import",
                                                "--imap")):
        r = cada("--today", TODAY, *args)
        assert r.code == 2, r.err
        assert "CADA_IMAP_PASSWORD" in r.err and "internal error" not in r.err
        assert secret not in r.err + r.out and "é'" not in r.err
    assert cada("mail", "list", "--json").json["messages"] == []


def test_certificate_that_does_not_verify_exits_6(cada, home, dovecot, tmp_path):  # noqa: F811
    stranger = make_certificates(tmp_path / "other-ca")  # a CA that did not sign the server's
    dovecot.write_settings(home, ca_file=stranger.ca_file)
    dovecot.append(message(message_id="<c@x>", subject="Réf. 2020-001").as_bytes())
    r = cada("--today", TODAY, "mail", "import", "--imap")
    assert r.code == 6 and "does not verify" in r.err, r.err
    assert len(r.err.strip().splitlines()) == 1
    assert cada("mail", "list", "--json").json["messages"] == []


def test_connection_dropped_mid_import_keeps_what_was_committed(cada, home, dovecot,  # noqa: F811
                                                                 monkeypatch):
    for n in range(3):
        dovecot.append(message(message_id=f"<d{n}@x>", subject=f"Réf. 2020-001 n{n}").as_bytes(),
                       arrival=_when(2020, 2, 18, 10 + n))
    from cada_tracker.services.mail import importer

    original = importer._import_one
    calls = []

    def import_then_drop(*args, **kwargs):  # the server goes away after the first message
        result = original(*args, **kwargs)
        calls.append(result)
        if len(calls) == 1:
            dovecot.kill()
        return result

    monkeypatch.setattr(importer, "_import_one", import_then_drop)
    r = cada("--today", TODAY, "mail", "import", "--imap")
    assert r.code == 6 and "run the same command again" in r.err, r.err
    assert [m["message_id"] for m in cada("mail", "list", "--json").json["messages"]] == ["d0@x"]
    monkeypatch.setattr(importer, "_import_one", original)
    dovecot.start()
    data = _import(cada)
    assert (data["new"], data["already_imported"]) == (2, 1)
    listed = cada("mail", "list", "--json").json["messages"]
    assert sorted(m["message_id"] for m in listed) == ["d0@x", "d1@x", "d2@x"]


def test_sent_folder_has_finds_a_message_by_its_message_id(home, dovecot):  # noqa: F811
    from cada_tracker.services.mail.config import MailConfig, ServerConfig
    from cada_tracker.services.mail.imap import sent_folder_has

    dovecot.append(message(message_id="<sent-42@example.org>", subject="Réf. 2020-001",
                           sender="jeanne@example.org").as_bytes(), folder="Sent")
    server = ServerConfig(host="127.0.0.1", port=dovecot.imaps_port, security="tls",
                          user="jeanne", ca_file=str(dovecot.cert.ca_file))
    config = MailConfig(imap=server)  # the Sent folder found by its SPECIAL-USE flag
    assert sent_folder_has(config, PASSWORD, "<sent-42@example.org>") is True
    assert sent_folder_has(config, PASSWORD, "sent-42@example.org") is True
    assert sent_folder_has(config, PASSWORD, "<never-sent@example.org>") is False
    named = MailConfig(imap=server, sent_folder="INBOX")  # the configured folder wins
    assert sent_folder_has(named, PASSWORD, "<sent-42@example.org>") is False


def test_server_not_listening_exits_6(cada, montpellier, cada_home, monkeypatch):
    from cada_tracker.services.mail.config import MailConfig, ServerConfig, render
    from tests.services.mail.dovecot import free_port

    server = ServerConfig(host="127.0.0.1", port=free_port(), security="tls", user="jeanne")
    (cada_home / "config.toml").write_text(render(MailConfig(imap=server)), encoding="utf-8")
    monkeypatch.setenv("CADA_IMAP_PASSWORD", PASSWORD)
    r = cada("--debug", "mail", "import", "--imap")
    assert r.code == 6 and "cannot connect to the IMAP server" in r.err, r.err
    assert PASSWORD not in r.err + r.out
