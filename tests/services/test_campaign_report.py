"""`cada campaign report` (issue 11, point 3): the comparison matrix of a campaign, most urgent
first, as a table, JSON, CSV, Markdown and one self-contained HTML file.

The campaign goes to three towns of Hérault, sent on Monday 2 June 2025. Sète replies on Friday
20 June 2025 (18 days after sending): document 1 received, document 2 refused ("secret des
affaires"). Béziers replies in full on Thursday 10 July 2025 (38 days). Lunel never replies: on
Monday 1 September 2025 it has been waiting 91 days (June 28 + July 31 + August 31 + 1)."""

from __future__ import annotations

import csv
import io

import pytest

TODAY = "2025-09-01"  # Monday


@pytest.fixture
def campaign(cada):
    assert cada("init", "--name", "Jeanne Dupont", "--email", "jeanne@example.org",
                "--address", "1 rue de la Loge", "--city", "34000 Montpellier").code == 0
    for town in ("Sète", "Béziers", "Lunel"):
        assert cada("authority", "add", f"Ville de {town}", "--department", "34",
                    "--email", "prada@example.org").code == 0
    r = cada("--today", "2025-06-02", "campaign", "new", "video", "--title",
             "Vidéoprotection dans l'Hérault", "--subject", "Vidéoprotection",
             "--document", "Liste des caméras", "--document", "Marchés publics",
             "-a", "ville-de-sete", "-a", "ville-de-beziers", "-a", "ville-de-lunel")
    assert r.code == 0, r.err
    assert cada("--today", "2025-06-02", "campaign", "send", "video").code == 0
    r = cada("--today", "2025-06-20", "log", "video-001", "reply", "--outcome", "partial",
             "--items", "1", "--refused-items", "2", "--grounds", "secret des affaires")
    assert r.code == 0, r.err
    assert cada("--today", "2025-07-10", "log", "video-002", "reply", "--outcome",
                "full").code == 0
    return cada


def report(cada, *args: str):
    return cada("--today", TODAY, "campaign", "report", "video", *args)


def test_json_compares_the_authorities_most_urgent_first(campaign):
    r = report(campaign, "--format", "json")
    assert r.code == 0, r.err
    data = r.json
    assert data["campaign"]["title"] == "Vidéoprotection dans l'Hérault"
    rows = {row["reference"]: row for row in data["requests"]}
    sete, beziers, lunel = rows["video-001"], rows["video-002"], rows["video-003"]
    assert (sete["sent_on"], sete["first_reply_on"], sete["days_to_first_reply"]) == \
        ("2025-06-02", "2025-06-20", 18)
    assert sete["items"]["received"] == 1 and sete["items"]["refused"] == 1
    assert sete["refused_grounds"] == [{"number": 2, "ground": "secret des affaires"}]
    assert beziers["days_to_first_reply"] == 38 and beziers["items"]["received"] == 2
    assert lunel["days_to_first_reply"] is None and lunel["days_waiting"] == 91
    assert lunel["items"]["pending"] == 2
    # most urgent first: the dated next actions by days left, then the undated by reference
    lefts = [row["next_action"]["days_left"] for row in data["requests"]]
    dated = [n for n in lefts if n is not None]
    assert lefts[:len(dated)] == sorted(dated) and lefts[0] is not None
    assert all(n is None for n in lefts[len(dated):])
    assert lunel["next_action"]["days_left"] is not None
    assert beziers["next_action"]["days_left"] is None
    assert data["requester"]["name"] == "Jeanne Dupont"
    assert [i["outcomes"]["received"] for i in data["items"]] == [2, 1]


def test_anonymise_leaves_the_requester_out_of_every_format(campaign):
    for fmt in ("table", "json", "csv", "md", "html"):
        r = report(campaign, "--format", fmt, "--anonymise")
        assert r.code == 0, r.err
        for secret in ("Jeanne", "jeanne@example.org", "rue de la Loge"):
            assert secret not in r.out, (fmt, secret)
    assert report(campaign, "-f", "json", "--anonymise").json["requester"] is None
    assert "Jeanne Dupont" in report(campaign, "-f", "md").out


def test_table_csv_and_markdown(campaign):
    table = report(campaign)
    assert table.code == 0, table.err
    assert "Vidéoprotection dans l'Hérault" in table.out
    assert "91 days waiting" in table.out
    rows = list(csv.DictReader(io.StringIO(report(campaign, "-f", "csv").out)))
    assert [row["reference"] for row in rows][0] == "video-003"
    sete = next(row for row in rows if row["reference"] == "video-001")
    assert sete["days_to_first_reply"] == "18"
    assert sete["refused_grounds"] == "2: secret des affaires"
    md = report(campaign, "-f", "md").out
    assert md.startswith("# Campaign video: Vidéoprotection dans l'Hérault")
    assert "| video-001 | Ville de Sète |" in md


def test_html_is_one_self_contained_file_in_the_interface_language(campaign, tmp_path):
    out = tmp_path / "report.html"
    r = report(campaign, "-f", "html", "-o", str(out))
    assert r.code == 0, r.err
    html = out.read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "<title>Vidéoprotection dans l&#x27;Hérault" in html
    assert html.count("<svg") == 2
    for outside in ("<script", "http://", "https://", "<link", "@import", "url("):
        # the SVG namespace is a name, not a fetch
        assert outside not in html.replace('xmlns="http://www.w3.org/2000/svg"', ""), outside
    # refuses to overwrite without --force, and leaves the file whole
    again = report(campaign, "-f", "html", "-o", str(out))
    assert again.code != 0 and out.read_text(encoding="utf-8") == html
    assert report(campaign, "-f", "html", "-o", str(out), "--force").code == 0


def test_html_in_french(campaign):
    r = report(campaign, "-f", "html", "--lang", "fr")
    assert r.code == 0, r.err
    assert '<html lang="fr">' in r.out
    assert "Délai de première réponse" in r.out


def test_bad_inputs(campaign, tmp_path):
    r = report(campaign, "-f", "pdf")
    assert r.code == 2 and "pdf" in r.err and "html" in r.err
    r = campaign("--today", TODAY, "campaign", "report", "nope")
    assert r.code == 3 and "nope" in r.err
    r = report(campaign, "-f", "html", "-o", str(tmp_path / "missing" / "r.html"))
    assert r.code != 0 and "Traceback" not in r.err
    assert not (tmp_path / "missing").exists()
