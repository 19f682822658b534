"""Series referrals (issue 11, point 5; CRPA R343-3-1; reference §0 item 6), end to end.

Seven towns of Hérault get the same request by e-mail on Wed 2 Jul 2025 (received that day):
B = Sat 2 Aug 2025 for each. On Mon 8 Sep 2025 six of them are referred to the CADA in one
letter (TP-007 is left out with --only); the CADA registers it on Wed 10 Sep 2025: one K =
R + 2 months = Mon 10 Nov 2025 for the six; court: K + 2 months = Sat 10 Jan 2026 + 1 (franc) =
Sun 11 Jan -> Mon 12 Jan 2026 (CPC 642)."""

from __future__ import annotations

import pytest

TOWNS = ("Montpellier", "Béziers", "Sète", "Lunel", "Agde", "Frontignan", "Lattes")
SLUG = "tp"
REFS = [f"TP-{n:03d}" for n in range(1, 8)]
SENT, REFERRED, REGISTERED = "2025-07-02", "2025-09-08", "2025-09-10"  # Wed, Mon, Wed
TODAY = "2025-09-15"


@pytest.fixture
def campaign(cada):
    assert cada("init", "--name", "Jeanne Dupont", "--email", "jeanne@example.org").code == 0
    args = []
    for town in TOWNS:
        r = cada("authority", "add", f"Ville de {town}", "--department", "34",
                 "--email", "prada@example.org", "--json")
        assert r.code == 0, r.err
        args += ["--authority", r.json["slug"]]
    r = cada("--today", "2025-07-01", "campaign", "new", SLUG, "--subject", "Vidéoprotection",
             "--document", "Liste des caméras", "--ref-prefix", "TP", *args)
    assert r.code == 0, r.err
    r = cada("--today", SENT, "campaign", "send", SLUG, "--on", SENT)
    assert r.code == 0, r.err
    return cada


def _dates(cada, ref: str, today: str = TODAY) -> dict[str, str]:
    r = cada("--today", today, "show", ref, "--json")
    assert r.code == 0, r.err
    return {d["kind"]: d["date"] for d in r.json["deadlines"]}


def test_one_referral_for_six_requests_then_one_registration_gives_one_k(campaign):
    cada = campaign
    only = ",".join(REFS[:6])
    r = cada("--today", TODAY, "log", "--campaign", SLUG, "cada-sent", "--on", REFERRED,
             "--only", only, "--json")
    assert r.code == 0, r.err
    assert r.json["series"] == REFS[:6]
    # each member's cada-sent names the series (the marker of domain.series)
    events = cada("--today", TODAY, "show", "TP-003", "--json").json["events"]
    sent = [e for e in events if e["kind"] == "cada-sent"]
    assert sent[0]["date"] == REFERRED
    assert sent[0]["note"].startswith("series R343-3-1 tp: TP-001, TP-002, TP-003")

    r = cada("--today", TODAY, "log", "--campaign", SLUG, "cada-registered", "--on",
             REGISTERED, "--json")
    assert r.code == 0, r.err
    assert r.json["registration"] == REGISTERED
    assert r.json["refusal_confirmed"] == "2025-11-10"  # Mon 10 Nov 2025
    for ref in REFS[:6]:
        got = _dates(cada, ref)
        assert got["refusal_confirmed"] == "2025-11-10"
        assert got["court_by"] == "2026-01-12"  # Sat 10 Jan + 1 = Sun 11 -> Mon 12 Jan 2026
    # TP-007 was not named: no K, no court deadline, and explain says why
    got = _dates(cada, "TP-007")
    assert "refusal_confirmed" not in got and "court_by" not in got
    text = cada("--today", TODAY, "explain", "TP-007").out
    assert "does not name TP-007" in text and "R343-3-1" in text
    text = cada("--today", TODAY, "explain", "TP-003").out
    assert "one confirmation date K" in text
    fr = cada("--lang", "fr", "--today", TODAY, "explain", "TP-007").out
    assert "ne désigne pas TP-007" in fr


def test_fewer_than_five_is_no_series_and_nothing_is_recorded(campaign):
    cada = campaign
    r = cada("--today", TODAY, "log", "--campaign", SLUG, "cada-sent", "--on", REFERRED,
             "--only", "TP-001,TP-002,TP-003,TP-004")
    assert r.code == 4
    assert "R343-3-1" in r.err and "Only 4 requests" in r.err
    assert "cada-sent" not in [e["kind"] for e in
                               cada("--today", TODAY, "show", "TP-001", "--json").json["events"]]


def test_a_request_not_admissible_in_only_refuses_the_whole_referral(campaign):
    cada = campaign
    # TP-002 referred on its own first: a second referral is not admissible
    assert cada("--today", TODAY, "log", "TP-002", "cada-sent", "--on", REFERRED).code == 0
    r = cada("--today", TODAY, "log", "--campaign", SLUG, "cada-sent", "--on", REFERRED,
             "--only", ",".join(REFS[:6]))
    assert r.code == 4 and "TP-002" in r.err
    events = cada("--today", TODAY, "show", "TP-001", "--json").json["events"]
    assert "cada-sent" not in [e["kind"] for e in events]
    # without --only, the admissible ones are named and TP-002 is reported as left out
    r = cada("--today", TODAY, "log", "--campaign", SLUG, "cada-sent", "--on", REFERRED, "--json")
    assert r.code == 0, r.err
    assert r.json["series"] == [ref for ref in REFS if ref != "TP-002"]
    assert [s["reference"] for s in r.json["skipped"]] == ["TP-002"]


def test_bad_uses_of_campaign_are_usage_errors(campaign):
    cada = campaign
    assert cada("log", "--campaign", SLUG, "reply", "--outcome", "refused").code == 2
    assert cada("log", "TP-001", "cada-sent", "--campaign", SLUG).code == 2
    assert cada("log", "--campaign", SLUG, "cada-registered", "--only", "TP-001").code == 2
    assert cada("log", "--only", "TP-001", "TP-001", "cada-sent").code == 2
    r = cada("log", "--campaign", SLUG, "cada-sent", "--only", "TP-001,NOPE-1")
    assert r.code == 2 and "NOPE-1" in r.err
    assert cada("log", "--campaign", "nope", "cada-sent").code == 3
    r = cada("--today", TODAY, "log", "--campaign", SLUG, "cada-registered")
    assert r.code == 4 and "cada-sent" in r.err
    assert cada("log", "TP-001").code == 2


def test_escalate_campaign_writes_one_referral_naming_every_authority(campaign, tmp_path):
    cada = campaign
    # TP-001's receipt is recorded (Wed 2 Jul 2025): its B, Sat 2 Aug 2025, is stated; the
    # others' receipt is only estimated from the e-mail: the letter states no date of birth
    assert cada("--today", TODAY, "log", "TP-001", "received", "--on", SENT).code == 0
    out = tmp_path / "serie"
    r = cada("--today", TODAY, "escalate", "--campaign", SLUG, "-o", str(out), "--json")
    assert r.code == 0, r.err
    assert r.json["series"] == REFS and r.json["recorded"] is False
    text = (out / "saisine-cada-serie.txt").read_text(encoding="utf-8")
    assert "série de 7 demandes ayant le même objet (article R343-3-1 du CRPA)" in text
    for town in TOWNS:
        assert f"Ville de {town}" in text
    # true to the events: sent and received Wed 2 Jul 2025, silence, B = Sat 2 Aug 2025
    first, second = text.split("2. Ville de Béziers")[0], text.split("2. Ville de Béziers")[1]
    assert "Demande envoyée le 2 juillet 2025, reçue le 2 juillet 2025." in first
    assert "une décision implicite de refus est née le 2 août 2025" in first
    assert "Demande envoyée le 2 juillet 2025.\n" in second
    assert "née le" not in second.split("3. Ville")[0]
    assert "ce qui vaut décision implicite de refus (article R*311-12)" in second
    # an existing folder: exit 4, unless --force over an earlier series referral
    assert cada("--today", TODAY, "escalate", "--campaign", SLUG, "-o", str(out)).code == 4
    assert cada("--today", TODAY, "escalate", "--campaign", SLUG, "-o", str(out),
                "--force").code == 0
    # once recorded, the letter lists the members of the recorded series only
    assert cada("--today", TODAY, "log", "--campaign", SLUG, "cada-sent", "--on", REFERRED,
                "--only", ",".join(REFS[:6])).code == 0
    r = cada("--today", TODAY, "escalate", "--campaign", SLUG, "-o", str(tmp_path / "b"),
             "--json")
    assert r.code == 0, r.err
    assert r.json["series"] == REFS[:6] and r.json["recorded"] is True
    assert "Ville de Lattes" not in (tmp_path / "b" / "saisine-cada-serie.txt").read_text()


def test_escalate_campaign_bad_uses(campaign, tmp_path):
    cada = campaign
    assert cada("escalate").code == 2
    assert cada("escalate", "TP-001", "--campaign", SLUG).code == 2
    assert cada("escalate", "--campaign", "nope").code == 3
    # before the month has run out no referral is admissible: fewer than five, exit 4
    r = cada("--today", "2025-07-10", "escalate", "--campaign", SLUG, "-o", str(tmp_path / "x"))
    assert r.code == 4 and "R343-3-1" in r.err
    assert not (tmp_path / "x").exists()


def _cada_sent_id(cada, ref: str) -> int:
    events = cada("--today", TODAY, "event", "list", ref, "--json").json["events"]
    return next(e["id"] for e in events if e["kind"] == "cada-sent")


def test_editing_the_note_of_a_member_keeps_it_in_its_series(campaign):
    cada = campaign
    assert cada("--today", TODAY, "log", "--campaign", SLUG, "cada-sent", "--on", REFERRED,
                "--only", ",".join(REFS[:5]), "--note", "envoi LRAR").code == 0
    assert cada("--today", TODAY, "log", "--campaign", SLUG, "cada-registered", "--on",
                REGISTERED).code == 0
    event = _cada_sent_id(cada, "TP-003")
    r = cada("--today", TODAY, "event", "edit", str(event), "--note", "LRAR n° 1A 234")
    assert r.code == 0, r.err
    (sent,) = [e for e in cada("--today", TODAY, "show", "TP-003", "--json").json["events"]
               if e["kind"] == "cada-sent"]
    # the user's text changed, the marker (first line) stayed
    assert sent["note"] == ("series R343-3-1 tp: TP-001, TP-002, TP-003, TP-004, TP-005\n"
                            "LRAR n° 1A 234")
    # still a member: the one K of the series, Mon 10 Nov 2025 (R Wed 10 Sep 2025 + 2 months)
    assert _dates(cada, "TP-003")["refusal_confirmed"] == "2025-11-10"
    assert "one confirmation date K" in cada("--today", TODAY, "explain", "TP-003").out
    # clearing the note clears the user's text only
    assert cada("--today", TODAY, "event", "edit", str(event), "--note", "").code == 0
    (sent,) = [e for e in cada("--today", TODAY, "show", "TP-003", "--json").json["events"]
               if e["kind"] == "cada-sent"]
    assert sent["note"] == "series R343-3-1 tp: TP-001, TP-002, TP-003, TP-004, TP-005"
    assert _dates(cada, "TP-003")["refusal_confirmed"] == "2025-11-10"


def test_a_marker_typed_in_a_note_is_refused(campaign):
    cada = campaign
    assert cada("--today", TODAY, "log", "TP-007", "cada-sent", "--on", REFERRED).code == 0
    event = _cada_sent_id(cada, "TP-007")
    r = cada("--today", TODAY, "event", "edit", str(event), "--note",
             "series R343-3-1 tp: TP-001, TP-002, TP-003, TP-004, TP-007")
    assert r.code == 2 and "written by cada itself" in r.err
    (sent,) = [e for e in cada("--today", TODAY, "show", "TP-007", "--json").json["events"]
               if e["kind"] == "cada-sent"]
    assert sent["note"] is None


@pytest.mark.slow
def test_escalate_campaign_writes_the_dossier_as_escalate_ref_does(campaign, tmp_path):
    """The series referral gets what `cada escalate REF` gives one request: the letter in text
    and PDF, each member's exhibits (its request as sent, its refusal or the silence note)
    numbered once for the series in one bordereau, a folder and a zip."""
    import zipfile

    cada = campaign
    # TP-002 refused explicitly on Wed 20 Aug 2025, the decision attached to the reply
    assert cada("--today", TODAY, "log", "TP-002", "reply", "--outcome", "refused", "--on",
                "2025-08-20").code == 0
    decision = tmp_path / "refus.txt"
    decision.write_text("Refus de communication.\n", encoding="utf-8")
    assert cada("--today", TODAY, "attach", "TP-002", str(decision), "--event", "reply").code == 0
    out = tmp_path / "serie"
    r = cada("--today", TODAY, "escalate", "--campaign", SLUG, "-o", str(out), "--json")
    assert r.code == 0, r.err
    assert r.json["zip"] == str(tmp_path / "serie.zip")
    assert (out / "saisine-cada-serie.pdf").read_bytes().startswith(b"%PDF")
    by_ref = {}
    for e in r.json["exhibits"]:
        by_ref.setdefault(e["reference"], []).append(e)
    assert list(by_ref) == REFS
    # numbered once for the whole series: 2 exhibits per request, 7 requests
    assert [e["number"] for e in r.json["exhibits"]] == list(range(1, 15))
    first, second = by_ref["TP-001"], by_ref["TP-002"]
    assert first[0]["title"] == "Demande de communication du 2 juillet 2025"
    assert first[0]["file"] == "TP-001-piece-01-demande.pdf"
    assert first[1]["file"] == "TP-001-piece-02-note-silence.txt"
    assert second[1]["title"].startswith("Décision de refus du 20 août 2025")
    assert second[1]["file"] == "TP-002-piece-04-refus.txt" and not second[1]["missing"]
    for e in r.json["exhibits"]:
        assert (out / e["file"]).is_file()
    # each member's request is the demande frozen when it was sent (to that authority)
    assert (out / "TP-002-piece-03-demande.pdf").read_bytes().startswith(b"%PDF")
    note = (out / "TP-003-piece-06-note-silence.txt").read_text(encoding="utf-8")
    assert "Demande réf. TP-003 adressée à la Ville de Sète le 2 juillet 2025" in note
    bordereau = (out / "bordereau.txt").read_text(encoding="utf-8")
    assert "série de 7 demandes ayant le même objet (article R343-3-1 du CRPA)" in bordereau
    assert "2. Ville de Béziers — réf. TP-002\n\nPièce n° 3 : Demande de communication du " \
           "2 juillet 2025 — fichier TP-002-piece-03-demande.pdf" in bordereau
    text = (out / "saisine-cada-serie.txt").read_text(encoding="utf-8")
    assert "Pièces jointes : n° 3 et 4 du bordereau." in text
    assert text.startswith("Jeanne Dupont\n")  # the frame: sender, the CADA, place and date
    assert "Commission d'accès aux documents administratifs\nTSA 50730" in text
    with zipfile.ZipFile(tmp_path / "serie.zip") as zf:
        assert sorted(n.split("/", 1)[1] for n in zf.namelist()) == sorted(r.json["files"])
    # an existing folder that is not a dossier is never replaced, even with --force
    other = tmp_path / "autre"
    other.mkdir()
    (other / "notes.txt").write_text("x", encoding="utf-8")
    r = cada("--today", TODAY, "escalate", "--campaign", SLUG, "-o", str(other), "--force")
    assert r.code == 4
    assert (other / "notes.txt").read_text(encoding="utf-8") == "x"


def test_a_request_transferred_with_to_is_replaced_by_its_linked_request(campaign, tmp_path):
    """TP-001 was transferred by the Ville de Montpellier to the Métropole on Mon 7 Jul 2025
    (--to): TP-001-T1 joins the campaign and is the one referred; TP-001 is left out with the
    reason. TP-001-T1: first receipt Wed 2 Jul 2025 (L114-3) -> B Sat 2 Aug 2025; receipt by
    the Métropole estimated Mon 7 Jul 2025 (e-mail) -> R311-13 B Thu 7 Aug 2025, so a
    referral is admissible from Fri 8 Aug 2025: on Mon 8 Sep 2025 it is."""
    cada = campaign
    assert cada("authority", "add", "Montpellier Méditerranée Métropole", "--slug", "3m",
                "--department", "34", "--email", "prada@example.org").code == 0
    r = cada("--today", "2025-07-07", "log", "TP-001", "reply", "--outcome", "transferred",
             "--to", "3m")
    assert r.code == 0, r.err
    r = cada("--today", TODAY, "escalate", "--campaign", SLUG, "-o", str(tmp_path / "s"),
             "--json")
    assert r.code == 0, r.err
    assert "TP-001" not in r.json["series"] and "TP-001-T1" in r.json["series"]
    r = cada("--today", TODAY, "log", "--campaign", SLUG, "cada-sent", "--on", REFERRED,
             "--json")
    assert r.code == 0, r.err
    assert "TP-001-T1" in r.json["series"] and "TP-001" not in r.json["series"]
    (skipped,) = [s for s in r.json["skipped"] if s["reference"] == "TP-001"]
    assert "TP-001-T1 is the one to refer" in skipped["reason"]


def test_only_naming_a_transferred_request_refuses_the_referral(campaign):
    cada = campaign
    assert cada("authority", "add", "Montpellier Méditerranée Métropole", "--slug", "3m",
                "--department", "34", "--email", "prada@example.org").code == 0
    assert cada("--today", "2025-07-07", "log", "TP-001", "reply", "--outcome", "transferred",
                "--to", "3m").code == 0
    r = cada("--today", TODAY, "log", "--campaign", SLUG, "cada-sent", "--on", REFERRED,
             "--only", ",".join(REFS[:6]))
    assert r.code == 4 and "TP-001-T1 is the one to refer" in r.err


def test_a_member_whose_cada_sent_is_deleted_leaves_the_series(campaign):
    """The design's promise (docs/design.md, "Series referrals"): a deleted event takes its
    membership with it. Six referred on Mon 8 Sep 2025; TP-003's cada-sent deleted; the
    registration of Wed 10 Sep 2025 goes to the five others only (K = Mon 10 Nov 2025)."""
    cada = campaign
    assert cada("--today", TODAY, "log", "--campaign", SLUG, "cada-sent", "--on", REFERRED,
                "--only", ",".join(REFS[:6])).code == 0
    assert cada("--today", TODAY, "event", "delete", str(_cada_sent_id(cada, "TP-003"))).code == 0
    r = cada("--today", TODAY, "log", "--campaign", SLUG, "cada-registered", "--on",
             REGISTERED, "--json")
    assert r.code == 0, r.err
    assert r.json["series"] == ["TP-001", "TP-002", "TP-004", "TP-005", "TP-006"]
    assert r.json["refusal_confirmed"] == "2025-11-10"
    kinds = [e["kind"] for e in cada("--today", TODAY, "show", "TP-003", "--json").json["events"]]
    assert kinds == ["sent"]
    assert "refusal_confirmed" not in _dates(cada, "TP-003")
    assert "one of the 5 requests of campaign tp" in cada("--today", TODAY, "explain",
                                                          "TP-004").out
