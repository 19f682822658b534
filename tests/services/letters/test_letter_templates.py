"""Letter templates: listing and user overrides, errors that name the file, help."""

from __future__ import annotations

from tests.services.letters.helpers import REF, one_line_error, text_of, user_templates

# --- listing and overrides ------------------------------------------------------------------------


def test_templates_lists_origin(letter_home, tmp_path):
    user_dir = tmp_path / "home" / "letter_templates"
    user_dir.mkdir()
    (user_dir / "relance.j2").write_text("Objet : x\n\ny\n", encoding="utf-8")
    (user_dir / "remerciements.j2").write_text("Objet : Merci\n\nMerci.\n", encoding="utf-8")
    code, out, _ = letter_home("letter", "templates")
    assert code == 0
    lines = {line.split()[0]: line for line in out.splitlines()[1:-1]}
    assert set(lines) == {"demande", "relance", "demande-motifs", "saisine-cada",
                          "information-saisine", "recours-ta", "remerciements"}
    assert "packaged" in lines["demande"] and "overrides" in lines["relance"]
    assert "user" in lines["remerciements"]
    assert "Merci." in text_of(letter_home, "2020-03-01", "remerciements")


# --- templates that cannot be read or rendered ----------------------------------------------------


def test_template_syntax_error_names_file_and_line(letter_home, tmp_path):
    user_dir = tmp_path / "home" / "letter_templates"
    user_dir.mkdir()
    (user_dir / "relance.j2").write_text("Objet : x\n\n{% if %}\n", encoding="utf-8")
    code, out, err = letter_home("--today", "2020-03-01", "letter", REF, "relance")
    assert code == 1 and out == ""
    assert "relance.j2, line 3" in err and len(err.strip().splitlines()) == 1


def test_unknown_variable_is_named_and_nothing_written(letter_home, tmp_path):
    user_dir = tmp_path / "home" / "letter_templates"
    user_dir.mkdir()
    (user_dir / "relance.j2").write_text("Objet : x\n\n{{ requester.phone }}\n",
                                         encoding="utf-8")
    target = tmp_path / "out.pdf"
    code, _, err = letter_home("--today", "2020-03-01", "letter", REF, "relance", "-f", "pdf",
                        "-o", str(target))
    assert code == 1 and "phone" in err and "line 3" in err
    assert not target.exists() and list(tmp_path.glob(".out.pdf*")) == []


def test_template_in_utf16_names_the_file_and_says_utf8(letter_home, tmp_path):
    path = user_templates(tmp_path) / "relance.j2"
    path.write_bytes(b"\xff\xfe" + "Objet : Relance\n\nCorps.\n".encode("utf-16-le"))
    target = tmp_path / "r.pdf"
    code, out, err = letter_home("--today", "2020-03-01", "letter", REF, "relance", "-f", "pdf",
                          "-o", str(target))
    line = one_line_error(err)
    assert code == 1 and out == ""
    assert str(path) in line and "UTF-8" in line and "UTF-16" in line
    assert not target.exists()


def test_included_template_not_utf8_is_named(letter_home, tmp_path):
    folder = user_templates(tmp_path)
    (folder / "_macros.j2").write_bytes("{# Lettre de d\u00e9mo #}\n".encode("latin-1"))
    code, _, err = letter_home("--today", "2020-03-01", "letter", REF, "relance")
    line = one_line_error(err)
    assert code == 1 and "_macros.j2" in line and "UTF-8" in line


# --- help -----------------------------------------------------------------------------------------


def test_letter_help_shows_both_forms_with_plain_metavars(cada):
    for args in (("letter", "--help"), ("letter", "templates", "--help")):
        code, out, _ = cada(*args)
        assert code == 0
        assert "Usage: cada letter [OPTIONS] REF [KIND]" in out
        assert "or: cada letter templates [--json]" in out
        assert "{" not in out
    code, out, _ = cada("escalate", "--help")
    # issue 11, point 5: REF is optional (`cada escalate --campaign SLUG`)
    assert "Usage: cada escalate [OPTIONS] [REF]" in out and "{" not in out


def test_letter_templates_takes_no_kind(cada):
    code, _, err = cada("letter", "templates", "relance")
    assert code == 2 and "cada letter REF" in one_line_error(err)
