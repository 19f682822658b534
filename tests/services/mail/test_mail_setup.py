"""`cada mail setup` (issue 12): servers, logins and the From address in HOME/config.toml,
each checked before anything is written; never a password (environment or keyring), and
`--show` says where each would come from without printing it."""

from __future__ import annotations

import tomllib

import pytest

SECRET = "Tr0ub4dor-never-printed"


@pytest.fixture(autouse=True)
def _no_real_keyring(monkeypatch):
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    monkeypatch.delenv("CADA_SMTP_PASSWORD", raising=False)
    monkeypatch.delenv("CADA_IMAP_PASSWORD", raising=False)


def _config(home) -> dict:
    return tomllib.loads((home / "config.toml").read_text(encoding="utf-8"))


def test_setup_records_the_servers_and_never_a_password(cada, cada_home, monkeypatch, tmp_path):
    ca = tmp_path / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n", encoding="ascii")
    r = cada("mail", "setup", "--smtp-host", "smtp.example.org", "--smtp-user",
             "jeanne@example.org", "--imap-host", "imap.example.org", "--imap-user", "jeanne",
             "--imap-ca-file", str(ca), "--from", "jeanne@exämple.org")
    assert r.code == 0, r.err
    config = _config(cada_home)["mail"]
    assert config["from"] == "jeanne@exämple.org"
    assert config["smtp"] == {"host": "smtp.example.org", "port": 587, "security": "starttls",
                              "user": "jeanne@example.org"}
    assert config["imap"]["port"] == 993 and config["imap"]["ca_file"] == str(ca.resolve())
    # one setting changes, the others stay; tls moves the default port
    assert cada("mail", "setup", "--smtp-security", "tls").code == 0
    assert _config(cada_home)["mail"]["smtp"]["port"] == 465
    assert _config(cada_home)["mail"]["imap"]["host"] == "imap.example.org"
    monkeypatch.setenv("CADA_SMTP_PASSWORD", SECRET)
    r = cada("mail", "setup", "--show")
    assert r.code == 0, r.err
    assert "smtp: smtp.example.org:465, tls, login jeanne@example.org" in r.out
    assert "from the environment (CADA_SMTP_PASSWORD)" in r.out
    assert "missing: set CADA_IMAP_PASSWORD" in r.out
    r = cada("--debug", "mail", "setup", "--show", "--json")
    assert r.json["smtp"]["password"] == "env" and r.json["imap"]["password"] == "missing"
    assert SECRET not in r.out + r.err
    assert SECRET not in (cada_home / "config.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("args", "words"), [
    (["--smtp-host", "smtp.example.org", "--smtp-security", "plain"], "loopback"),
    (["--smtp-host", "smtp.example.org", "--smtp-port", "70000"], "not a port number"),
    (["--smtp-host", "smtp.example.org", "--smtp-security", "ssl"], "not one of starttls"),
    (["--smtp-host", "smtp example.org"], "not a host name"),
    (["--smtp-host", "smtp.example.org", "--smtp-ca-file", "/nowhere/ca.pem"],
     "not a readable file"),
    (["--from", "Jeanne <jeanne@example.org>"], "not a valid e-mail address"),
    (["--smtp-port", "587"], "no server recorded yet"),
    ([], "Nothing to record"),
])
def test_bad_settings_are_refused_and_nothing_is_written(cada, cada_home, args, words):
    r = cada("mail", "setup", *args)
    assert r.code == 2, (args, r.err)
    assert words in r.err and len(r.err.strip().splitlines()) == 1
    assert not (cada_home / "config.toml").exists()


def test_plain_is_accepted_to_a_loopback_address(cada, cada_home):
    r = cada("mail", "setup", "--smtp-host", "127.0.0.1", "--smtp-security", "plain")
    assert r.code == 0, r.err
    assert _config(cada_home)["mail"]["smtp"]["port"] == 25


def test_password_to_keyring_without_a_keyring_says_to_use_the_environment(cada):
    assert cada("mail", "setup", "--smtp-host", "smtp.example.org", "--smtp-user",
                "jeanne").code == 0
    r = cada("mail", "setup", "--password-to-keyring", "smtp")
    assert r.code == 2 and "CADA_SMTP_PASSWORD" in r.err


@pytest.mark.parametrize("text, key", [
    ('[mail.smtp]\nhost = "127.0.0.1"\nport = "abc"\nsecurity = "plain"\nuser = "u"\n',
     "mail.smtp.port"),
    ('[mail.imap]\nhost = "127.0.0.1"\nport = 0\nsecurity = "plain"\nuser = "u"\n',
     "mail.imap.port"),
    ('[mail.smtp]\nhost = "127.0.0.1"\nport = 25\nsecurity = "bogus"\nuser = "u"\n',
     "mail.smtp.security"),
    ("[mail]\nsmtp = 3\n", "mail.smtp"),
    ("not [toml\n", "config.toml"),
])
def test_a_hand_edited_config_with_a_wrong_value_is_refused_in_one_line(cada, cada_home, text,
                                                                        key):
    cada_home.mkdir(parents=True, exist_ok=True)
    (cada_home / "config.toml").write_text(text, encoding="utf-8")
    for args in (("mail", "setup", "--show"), ("mail", "import", "--imap"),
                 ("--lang", "fr", "mail", "import", "--imap")):
        r = cada(*args)
        assert r.code == 2, (args, r.err)
        assert key in r.err and "Traceback" not in r.err and "internal error" not in r.err
        assert len(r.err.strip().splitlines()) == 1
