"""`cada campaign send SLUG --mail` against a real SMTP server (aiosmtpd, issue 12 point 1):
one message per authority, each through `cada send`'s path; a server that refuses the third
recipient: the report names the two sent and the ones not sent (exit 6), and a rerun sends only
the rest. Campaign drafted and sent on Mon 2 Jun 2025."""

from __future__ import annotations

import pytest

from tests.conftest import database_rows
from tests.services.mail.smtp_server import PASSWORD, start_smtp

TODAY = "2025-06-02"  # Mon 2 Jun 2025
TOWNS = ["Agde", "Béziers", "Cette", "Dio", "Elne"]


@pytest.fixture(autouse=True)
def _password(monkeypatch):
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    monkeypatch.setenv("CADA_SMTP_PASSWORD", PASSWORD)


def _address(town: str) -> str:
    return f"mairie@{town.lower().replace('é', 'e')}.example.org"


@pytest.fixture
def campaign(cada):
    assert cada("init", "--name", "Jeanne Dupont", "--email", "jeanne@example.org").code == 0
    for town in TOWNS:
        r = cada("authority", "add", f"Commune de {town}", "--department", "34", "--email",
                 _address(town))
        assert r.code == 0, r.err
    args = []
    for town in TOWNS:
        args += ["--authority", f"Commune de {town}"]
    r = cada("--today", TODAY, "campaign", "new", "video", "--subject", "Vidéoprotection",
             *args)
    assert r.code == 0, r.err
    return "video"


def test_campaign_mail_reports_what_went_and_a_rerun_sends_only_the_rest(cada, campaign,
                                                                       tmp_path, cada_home):
    third = _address(TOWNS[2])
    server = start_smtp(tmp_path / "smtp", security="starttls", refuse={third})
    try:
        r = cada(*server.setup_args())
        assert r.code == 0, r.err
        r = cada("--today", TODAY, "campaign", "send", campaign, "--mail", "--json")
        assert r.code == 6, r.err
        assert [s["reference"] for s in r.json["sent"]] == ["video-001", "video-002",
                                                            "video-004", "video-005"]
        [failed] = r.json["failed"]
        assert failed["reference"] == "video-003" and third in failed["error"]
        assert "4 sent, 1 not sent" in r.err
        assert sorted(m.rcpt_tos[0] for m in server.received) == sorted(
            _address(t) for t in TOWNS if t != "Cette")
        rows = database_rows("SELECT r.reference, o.status FROM outbox o JOIN request r "
                             "ON r.id = o.request_id ORDER BY r.reference")
        assert rows == [("video-001", "sent"), ("video-002", "sent"), ("video-003", "pending"),
                        ("video-004", "sent"), ("video-005", "sent")]
        # the server accepts it now: the rerun sends only the one left, once
        server.recorder.refuse.clear()
        r = cada("--today", TODAY, "campaign", "send", campaign, "--mail")
        assert r.code == 0, r.err
        assert "Sent 1 message of campaign video: video-003" in r.out
        assert len(server.received) == 5
        assert [m.rcpt_tos[0] for m in server.received].count(third) == 1
        r = cada("--today", TODAY, "campaign", "send", campaign, "--mail")
        assert r.code == 4 and "no draft left" in r.err
    finally:
        server.stop()


def test_campaign_mail_stops_when_the_server_cannot_be_used(cada, campaign, tmp_path,
                                                           cada_home):
    server = start_smtp(tmp_path / "smtp", security="starttls")
    assert cada(*server.setup_args()).code == 0
    server.stop()  # nobody listens any more
    r = cada("--today", TODAY, "campaign", "send", campaign)  # without --mail: unchanged
    assert r.code == 0
    r = cada("--today", TODAY, "campaign", "new", "other", "--subject", "Budget",
             "--authority", "Commune de Agde", "--authority", "Commune de Dio")
    assert r.code == 0, r.err
    r = cada("--today", TODAY, "campaign", "send", "other", "--mail")
    assert r.code == 6
    assert "Not sent: other-001: The SMTP server" in r.out
    assert "Not tried (stopped after the failure): other-002." in r.out
