"""The catalogs: every message the program shows is in both, translated, not fuzzy, with the
same {placeholders}, and the shipped .mo files are compiled from the .po sources."""

from __future__ import annotations

import gettext

import pytest

from cada_tracker import i18n

pytest.importorskip("babel", reason="Babel (a test dependency: pip install -e .[test])")

from cada_tracker.i18n import catalogs  # noqa: E402


def test_every_message_is_in_both_catalogs_translated_and_compiled():
    found = catalogs.problems()
    assert found == [], "\n".join(found[:30]) + "\n(fix: python -m cada_tracker.i18n.catalogs update, then translate)"


def test_the_check_fails_on_a_missing_fuzzy_or_broken_entry(tmp_path, monkeypatch):
    """The check is not a formality: it finds each kind of defect in a copy of the catalogs."""
    import shutil

    from babel.messages.pofile import read_po, write_po

    locale = tmp_path / "locale"
    shutil.copytree(i18n.LOCALE_DIR, locale)
    monkeypatch.setattr(i18n, "LOCALE_DIR", locale)
    po = locale / "fr" / "LC_MESSAGES" / "cada.po"
    with po.open("rb") as fp:
        catalog = read_po(fp, locale="fr")
    missing = "no database at {path}; run `cada init` first."
    fuzzy = "the authority name is empty."
    placeholders = "{path} is a directory, not a file."
    catalog.delete(missing)
    catalog[fuzzy].flags.add("fuzzy")
    catalog[placeholders].string = "{chemin} est un dossier."
    with po.open("wb") as fp:
        write_po(fp, catalog)
    found = "\n".join(catalogs.problems())
    assert f"fr: not in the catalog: {missing!r}" in found
    assert f"fr: fuzzy: {fuzzy!r}" in found
    assert "placeholders of '{chemin} est un dossier.'" in found
    assert "cada.mo: does not match cada.po" in found


def test_the_shipped_french_catalog_is_what_gettext_reads():
    with (i18n.LOCALE_DIR / "fr" / "LC_MESSAGES" / "cada.mo").open("rb") as fp:
        fr = gettext.GNUTranslations(fp)
    assert fr.gettext("Show this message and exit.") == "Afficher ce message et quitter."
    assert fr.ngettext("x", "y", 1) == "x"  # an unknown message stays as it is
