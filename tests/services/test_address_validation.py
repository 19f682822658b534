"""E-mail addresses are checked strictly where they are typed (init, authority add/edit/import):
a bare RFC 5322 addr-spec, exit 2 with one line otherwise; internationalised domains are
encoded with IDNA."""

from __future__ import annotations

import pytest

from cada_tracker.domain.email_address import check_email, parse_email
from cada_tracker.errors import UsageError

REFUSED = [
    "Jeanne <jeanne@example.org>",  # a display name
    "<jeanne@example.org>",
    '"jeanne"@example.org',  # quoted local part
    "jeanne@example.org;bcc@evil.example",  # a second address
    "jeanne@example.org,bcc@evil.example",
    "jeanne(comment)@example.org",
    "=?utf-8?q?jeanne?=@example.org",  # an encoded word
    "jeanne@example.org\nBcc: x@evil.example",
    "jean ne@example.org",
    "jeanne\x00@example.org",
    "jeanne",
    "jeanne@",
    "@example.org",
    "jeanne@@example.org",
    "a@b@example.org",
    "jeanne.@example.org",
    ".jeanne@example.org",
    "jea..nne@example.org",
    "jeanne@localhost",
    "jeanne@example..org",
    "jeanne@-example.org",
    "jeanne@example.123",
    "jeanne@[192.0.2.1]",
    "j" * 65 + "@example.org",
    "jeanne@" + "a" * 64 + ".org",
]


@pytest.mark.parametrize("text", REFUSED)
def test_refused_addresses_are_usage_errors(text):
    with pytest.raises(UsageError) as info:
        check_email(text)
    assert "\n" not in str(info.value)
    assert "not a valid e-mail address" in str(info.value)


@pytest.mark.parametrize("text, why", [
    ("Jeanne Dupont <j@example.org>", "'<', '>' not allowed (give the bare address, without a name)"),
    ("j@example.org (Jeanne)", "'(', ')' not allowed"),
    ("j@example.org; k@example.org", "';' not allowed"),
    ("j @example.org", "spaces and control characters are not allowed"),
])
def test_the_reason_names_the_display_name_before_its_spaces(text, why):
    # a pasted "Name <address>" is told to give the bare address, not only to drop the spaces
    with pytest.raises(UsageError) as info:
        check_email(text)
    assert why in str(info.value)


@pytest.mark.parametrize("text", [
    "jeanne@example.org", "jeanne.dupont+cada@mairie.example.fr", "o'brien@example.ie",
    "a!#$%&*/=?^_`{|}~-@example.org", "  jeanne@example.org  ",
])
def test_plain_addresses_are_kept_as_typed(text):
    assert check_email(text) == text.strip()
    assert not parse_email(text).needs_smtputf8


def test_internationalised_domain_is_encoded_with_idna():
    # The classic example of IDNA (RFC 3492 family): bücher -> xn--bcher-kva.
    addr = parse_email("contact@Bücher.example")
    assert addr.ascii_domain == "xn--bcher-kva.example"
    assert addr.for_header == "contact@xn--bcher-kva.example"
    assert not addr.needs_smtputf8


def test_internationalised_local_part_needs_smtputf8():
    addr = parse_email("rené@example.fr")
    assert addr.needs_smtputf8 and addr.for_header == "rené@example.fr"


@pytest.mark.parametrize("bad", ["Jeanne <j@example.org>", "j@example.org; k@example.org",
                                 "=?utf-8?b?ag==?=@example.org", '"j"@example.org'])
def test_cli_refuses_bad_addresses_with_exit_2_and_records_nothing(cada, bad):
    r = cada("authority", "add", "Mairie", "--email", bad)
    assert r.code == 2, r.err
    assert len(r.err.strip().splitlines()) == 1 and "Traceback" not in r.err
    assert cada("authority", "list", "--json").json == [] or "mairie" not in r.out
    r = cada("init", "--name", "Jeanne", "--email", bad)
    assert r.code == 2 and len(r.err.strip().splitlines()) == 1
    assert cada("init", "--name", "Jeanne").code == 0
    r = cada("authority", "add", "Mairie", "--email", "ok@example.org")
    assert r.code == 0
    r = cada("authority", "edit", "mairie", "--email", bad)
    assert r.code == 2 and len(r.err.strip().splitlines()) == 1
    r = cada("authority", "show", "mairie", "--json")
    assert r.json["email"] == "ok@example.org"


def test_cli_accepts_an_internationalised_address(cada):
    r = cada("authority", "add", "Mairie d'Évry", "--email", "contact@mairie-évry.fr", "--json")
    assert r.code == 0, r.err
    assert r.json["email"] == "contact@mairie-évry.fr"


def test_csv_import_checks_addresses_the_same_way(cada, tmp_path):
    csv_file = tmp_path / "a.csv"
    csv_file.write_text("name,email\nMairie,Jeanne <j@example.org>\n", encoding="utf-8")
    r = cada("authority", "import", str(csv_file))
    assert r.code == 2 and "not a valid e-mail address" in r.err
