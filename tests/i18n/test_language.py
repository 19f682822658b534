"""Which language: --lang, then CADA_LANG, then LC_ALL / LC_MESSAGES / LANG; and French dates
whatever the host's locales."""

from __future__ import annotations

from datetime import date

import pytest

from cada_tracker import i18n
from cada_tracker import messages as M
from cada_tracker.messages import law as LM


@pytest.mark.parametrize(("environ", "expected"), [
    ({}, "en"),
    ({"LANG": "fr_FR.UTF-8"}, "fr"),
    ({"LANG": "C"}, "en"),
    ({"LANG": "C.UTF-8", "LC_MESSAGES": "fr_BE.UTF-8"}, "fr"),
    ({"LANG": "fr_FR.UTF-8", "LC_ALL": "en_GB.UTF-8"}, "en"),  # LC_ALL comes first
    ({"LANG": "fr_FR.UTF-8", "LC_ALL": ""}, "fr"),  # an empty variable does not count
    ({"LC_ALL": "fr_CA", "CADA_LANG": "en"}, "en"),  # CADA_LANG before the locale
    ({"LANG": "en_US.UTF-8", "CADA_LANG": "fr"}, "fr"),
    ({"CADA_LANG": "de"}, "en"),  # not French: English
])
def test_language_from_the_environment(environ, expected):
    assert i18n.language_from_environment(environ) == expected


def test_lang_option_overrides_the_environment(cada, monkeypatch):
    monkeypatch.setenv("CADA_LANG", "fr")
    assert "Usage: cada" in cada("--lang", "en", "--help").out
    monkeypatch.setenv("CADA_LANG", "en")
    assert "Utilisation\xa0: cada" in cada("--lang", "fr", "--help").out
    assert "Utilisation\xa0: cada status" in cada("status", "--help", "--lang=fr").out
    assert "Utilisation\xa0: cada" in cada("--lang", "FR", "--help").out  # as CADA_LANG=FR


def test_lang_from_lang_variable(cada, monkeypatch):
    monkeypatch.delenv("CADA_LANG")
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    for var in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    assert "Utilisation\xa0: cada" in cada("--help").out
    monkeypatch.setenv("LANG", "C")
    assert "Usage: cada" in cada("--help").out


@pytest.mark.parametrize("args", [("--lang", "de"), ("--lang",), ("--lang=",), ("--lang", "--help")])
def test_bad_lang_is_a_usage_error(cada, args):
    r = cada(*args, "status")
    assert r.code == 2
    assert r.err.startswith("cada: --lang") and r.err.count("\n") == 1
    assert "Traceback" not in r.err


def test_french_dates_whatever_the_host_locale():
    i18n.set_language("fr")
    assert LM.fmt_date(date(2025, 7, 14)) == "lundi 14 juillet 2025"  # Mon 14 Jul 2025
    assert LM.fmt_date(date(2025, 8, 1)) == "vendredi 1er août 2025"  # Fri 1 Aug 2025
    assert LM.fmt_date(date(2020, 2, 7)) == "vendredi 7 février 2020"
    i18n.set_language("en")
    assert LM.fmt_date(date(2025, 7, 14)) == "Monday 14 July 2025"
    assert LM.fmt_date(date(2025, 8, 1)) == "Friday 1 August 2025"


def test_messages_follow_the_language_when_read():
    i18n.set_language("fr")
    french = M.DB_MISSING
    i18n.set_language("en")
    assert M.DB_MISSING == "no database at {path}; run `cada init` first."
    assert french != M.DB_MISSING and "cada init" in french
    assert i18n.source(M, "DB_MISSING") == M.DB_MISSING


def test_letter_text_stays_french_in_english():
    from cada_tracker.messages import letters as L

    i18n.set_language("en")
    assert L.EXHIBIT_REFUSAL == "Décision de refus du {date}"


def test_plural_forms():
    plural = i18n.Plural("{n} day late", "{n} days late")
    i18n.set_language("en")
    assert plural.format(n=1) == "1 day late"
    assert plural.format(n=3) == "3 days late"


def test_a_program_cada_starts_gets_the_users_own_language_variable(monkeypatch):
    """set_language points LANGUAGE at cada's language for typer's gettext; a viewer started
    by `cada document open --launch` gets the user's own value back (or none)."""
    monkeypatch.setitem(i18n._state, "LANGUAGE", "de_DE:de")
    i18n.set_language("fr")
    assert i18n.child_environment()["LANGUAGE"] == "de_DE:de"
    monkeypatch.setitem(i18n._state, "LANGUAGE", None)
    assert "LANGUAGE" not in i18n.child_environment()
    i18n.set_language("en")


def test_calendar_alarm_counts_days_with_a_plural():
    from cada_tracker.messages import law as LM

    i18n.set_language("fr")
    one = LM.ICS_ALARM_ACT.format(1, ref="R", action="a", date="d", last="l")
    seven = LM.ICS_ALARM_ACT.format(7, ref="R", action="a", date="d", last="l")
    i18n.set_language("en")
    assert "(dans 1 jour)" in one and "(dans 7 jours)" in seven
    assert "(in 7 days)" in LM.ICS_ALARM_ACT.format(7, ref="R", action="a", date="d", last="l")
