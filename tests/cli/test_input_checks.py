"""Input checks at the command line: empty values, dates, control characters, prompts."""

from __future__ import annotations

import sys

import pytest


def test_empty_options_are_refused(cada, montpellier):
    assert cada("--home", "", "status").code == 2
    assert cada("log", montpellier, "sent", "--on", "").code == 2
    assert cada("log", montpellier, "sent", "--on", "2020-02-07 ").code == 2
    assert cada("new", "-a", "ville-de-montpellier", "-s", "X", "--ref", "").code == 2


def test_dates_outside_the_supported_years(cada, montpellier):
    r = cada("--today", "9999-12-31", "log", montpellier, "sent", "--on", "9999-12-30")
    assert r.code == 2 and "2999" in r.err
    assert cada("--today", "２０２０-01-01", "status").code == 2
    assert cada("--today", "1899-12-31", "status").code == 2
    # nothing was written, and status still works
    assert cada("--today", "2020-02-07", "show", montpellier, "--json").json["events"] == []


@pytest.mark.parametrize("args", [
    ["new", "-a", "ville-de-montpellier", "-s", "x\nBcc: someone@example.org"],
    ["new", "-a", "ville-de-montpellier", "-s", "ok", "-d", "a\rb"],
    ["authority", "add", "Nom\nX: 1"],
    ["init", "--name", "A\nB"],
    ["authority", "add", "Fake\u202efdp.exe"],
])
def test_line_breaks_and_control_characters_are_refused(cada, montpellier, args):
    r = cada(*args)
    assert r.code == 2 and "one line" in r.err


@pytest.mark.parametrize("args", [
    ["--today", "2020-02-07\n", "status"],
    ["log", "2020-001", "note", "--on", "2020-02-07\x1b[2J"],
    ["log", "2020-001", "legal-aid-decided", "--notified-on", "2020-02-0\u202e7"],
    ["log", "2020-001", "note", "--on", "2020-02-30\n"],
])
def test_a_bad_date_is_shown_escaped_in_its_one_line_error(cada, montpellier, args):
    r = cada(*args)
    assert r.code == 2 and len(r.err.strip().splitlines()) == 1, r.err
    assert not any(ch in r.err for ch in "\x1b\u202e") and "\\u" in r.err  # escaped


@pytest.mark.parametrize("args", [
    ["letter", "2020-001", "x\x1b[2J\ny"],
    ["letter", "2020-001", "--format", "x\x1b[2J\ny"],
    ["log", "2020-001", "x\x1b[2J\ny"],
    ["log", "2020-001", "reply", "--outcome", "x\x1b[2J\ny"],
    ["show", "x\x1b[2J\ny"],
    ["new", "-a", "x\x1b[2J\ny", "-s", "x"],
    ["new", "-a", "ville-de-montpellier", "-s", "x", "--ref", "x\x1b[2J\ny"],
    ["authority", "add", "x", "--department", "x\x1b[2J\ny"],
    ["init", "--residence", "x\x1b[2J\ny"],
    ["letter", "2020-001", "demande", "-o", "x\x1b[2J\ny/a.txt"],
    ["status", "--authority", "x\u202ey"],
])
def test_every_error_echoes_the_value_escaped_on_one_line(cada, montpellier, args):
    r = cada("--today", "2020-02-07", *args)
    assert r.code != 0 and len(r.err.strip().splitlines()) == 1, r.err
    assert not any(ch in r.err for ch in "\x1b\u202e") and "\\u" in r.err, r.err


@pytest.mark.parametrize("args", [
    ["new", "-a", "ville-de-montpellier", "-s", "march\udce9s"],
    ["log", "2020-001", "note", "--note", "march\udce9s"],
    ["new", "-a", "ville-de-montpellier", "-s", "ok", "--note", "march\udce9s"],
    # any other text option: caught at the boundary, after the unit of work rolled back
    ["finding", "add", "march\udce9s"],
    ["finding", "add", "T", "--summary", "march\udce9s", "--request", "2020-001"],
])
def test_bytes_that_are_not_utf8_are_a_usage_error(cada, montpellier, args):
    # a Latin-1 "é" typed in a UTF-8 terminal reaches Python as a lone surrogate
    before = cada("show", montpellier, "--json").out
    r = cada("--today", "2020-02-07", *args)
    assert r.code == 2 and "not UTF-8 text" in r.err and "internal error" not in r.err, r.err
    assert cada("show", montpellier, "--json").out == before


def test_note_with_a_bell_does_not_reach_the_terminal(cada, montpellier):
    cada("--today", "2020-02-07", "log", montpellier, "note", "--note", "ding\a\x1b[2J")
    out = cada("--today", "2020-02-07", "show", montpellier).out
    assert "\a" not in out and "\x1b" not in out and "ding\\u0007" in out


def test_new_prompts_for_missing_options_on_a_terminal(cada, montpellier, monkeypatch):
    import io

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Terminal("ville-de-montpellier\nVidéosurveillance\n"))
    r = cada("--today", "2020-03-01", "new", "--ref", "PROMPTED")
    assert r.code == 0, r.err
    assert "Authority" in r.out and "Subject" in r.out
    shown = cada("--today", "2020-03-01", "show", "PROMPTED", "--json").json
    assert shown["subject"] == "Vidéosurveillance"
    assert shown["authority"]["slug"] == "ville-de-montpellier"


def test_new_without_subject_never_prompts_when_not_a_terminal(cada, montpellier):
    r = cada("new", "-a", "ville-de-montpellier")
    assert r.code == 2 and "--subject" in r.err


@pytest.mark.parametrize("lang, day, reason", [
    ("en", "2026-02-30", "(that month has no such day)"),
    ("en", "2026-13-01", "(the month goes from 01 to 12)"),
    ("fr", "2026-02-30", "(ce mois n'a pas ce jour)"),
    ("fr", "2026-00-10", "(le mois va de 01 à 12)"),
])
def test_an_impossible_date_says_why_in_the_interface_language(cada, lang, day, reason):
    r = cada("--lang", lang, "--today", day, "status")
    assert r.code == 2 and r.err.count("\n") == 1
    assert reason in r.err and "out of range" not in r.err and "must be in" not in r.err


def test_year_zero_is_outside_the_supported_years(cada):
    r = cada("--today", "0000-01-01", "status")
    assert r.code == 2 and "1900-2999" in r.err
