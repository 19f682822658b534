"""Issue 11 point 8: `cada log REF reply --outcome transferred --to SLUG` creates the linked
request to the competent authority; both requests show the link; its deadlines follow both
readings of B (CRPA L114-3 / R311-13). Dates checkable with a 2023 calendar."""

from __future__ import annotations

import pytest


@pytest.fixture
def transferred(cada):
    """V-1 sent by e-mail to the Ville on Tue 10 Jan 2023, transferred to the Métropole, the
    transfer made known on Wed 25 Jan 2023."""
    assert cada("init", "--name", "Jeanne Dupont", "--email", "jeanne@example.org").code == 0
    for name in ("Ville de Montpellier", "Montpellier Méditerranée Métropole"):
        assert cada("authority", "add", name, "--department", "34",
                    "--email", "contact@example.org").code == 0
    r = cada("--today", "2023-01-10", "new", "--authority", "ville-de-montpellier",
             "--subject", "Vidéosurveillance", "--document", "Contrat",
             "--document", "Délibération", "--ref", "V-1")
    assert r.code == 0, r.err
    assert cada("--today", "2023-01-10", "log", "V-1", "sent").code == 0
    r = cada("--today", "2023-01-25", "log", "V-1", "reply", "--outcome", "transferred",
             "--to", "montpellier-mediterranee-metropole", "--note", "courrier du 25")
    assert r.code == 0, r.err
    return r


def _deadlines(r) -> dict[str, str]:
    return {x["kind"]: x["date"] for x in r.json["deadlines"]}


def test_transfer_creates_the_linked_request_with_the_same_subject_and_items(cada, transferred):
    assert "Created V-1-T1 to Montpellier Méditerranée Métropole" in transferred.out
    new = cada("--today", "2023-01-26", "show", "V-1-T1", "--json")
    assert new.json["authority"]["slug"] == "montpellier-mediterranee-metropole"
    assert new.json["subject"] == "Vidéosurveillance"
    assert new.json["documents_requested"] == ["Contrat", "Délibération"]
    assert new.json["transferred_from"] == "V-1" and new.json["transferred_to"] is None
    [sent] = new.json["events"]  # its history starts with the transfer
    assert sent["kind"] == "sent" and sent["date"] == "2023-01-25"
    assert sent["note"] == "transferred-from: V-1 (first receipt 2023-01-10, estimated)"
    old = cada("--today", "2023-01-26", "show", "V-1", "--json")
    assert old.json["transferred_to"] == "V-1-T1" and old.json["transferred_from"] is None
    assert old.json["events"][-1]["note"] == "courrier du 25\ntransferred-to: V-1-T1"


def test_both_requests_show_the_link_in_text(cada, transferred):
    new = cada("--today", "2023-01-26", "show", "V-1-T1")
    assert "Transferred from: V-1" in new.out
    old = cada("--today", "2023-01-26", "show", "V-1")
    assert "Transferred to: V-1-T1" in old.out


def test_deadlines_earlier_b_for_the_requester_later_b_for_the_first_referral(cada, transferred):
    # L114-3: first receipt Tue 10 Jan 2023 (e-mail, same day) -> B = Fri 10 Feb 2023.
    # R311-13: competent receipt estimated Wed 25 Jan 2023 -> B = Sat 25 Feb 2023, so the first
    # referral is Sun 26 Feb 2023. Last day to refer from the earlier B: Fri 10 Feb + 2 months =
    # Mon 10 Apr 2023, Easter Monday -> Tue 11 Apr 2023 (CPC 642).
    r = cada("--today", "2023-01-26", "show", "V-1-T1", "--json")
    got = _deadlines(r)
    assert got["implicit_refusal"] == "2023-02-10"
    assert got["cada_referral_from"] == "2023-02-26"
    assert got["cada_referral_by"] == "2023-04-11"
    # receipt by the competent authority recorded Mon 30 Jan 2023: R311-13 B = Tue 28 Feb 2023
    # (no 30 February), first referral Wed 1 Mar 2023; the requester's B does not move
    assert cada("--today", "2023-01-31", "log", "V-1-T1", "received", "--on", "2023-01-30").code == 0
    got = _deadlines(cada("--today", "2023-01-31", "show", "V-1-T1", "--json"))
    assert got["implicit_refusal"] == "2023-02-10"
    assert got["cada_referral_from"] == "2023-03-01"


def test_first_receipt_recorded_later_on_the_original_is_followed(cada, transferred):
    # receipt by the first authority recorded afterwards, Thu 12 Jan 2023: L114-3 B = Sun
    # 12 Feb 2023 (never moved), and it is no longer estimated
    assert cada("--today", "2023-01-31", "log", "V-1", "received", "--on", "2023-01-12").code == 0
    r = cada("--today", "2023-01-31", "show", "V-1-T1", "--json")
    assert _deadlines(r)["implicit_refusal"] == "2023-02-12"


def test_explain_of_the_new_request_states_both_readings(cada, transferred):
    r = cada("--today", "2023-01-26", "explain", "V-1-T1")
    assert "counted from receipt by the first authority on Tuesday 10 January 2023 (CRPA L114-3)" in r.out
    assert "counted from receipt by the competent authority (CRPA R311-13)" in r.out
    assert "[U]" in r.out


def test_letters_of_the_new_request_name_the_competent_authority_and_the_transfer(cada, transferred):
    r = cada("--today", "2023-02-05", "letter", "V-1-T1", "relance")
    assert r.code == 0, r.err
    assert "ma demande du 10 janvier 2023 adressée à la Ville de Montpellier et transmise par " \
           "celle-ci à vos services (article L114-2 du CRPA)" in r.out
    r = cada("--today", "2023-03-05", "letter", "V-1-T1", "saisine-cada")
    assert "refus de communication opposé par Montpellier Méditerranée Métropole" in r.out


def test_to_an_unknown_authority_is_exit_3_with_suggestions(cada, transferred):
    r = cada("--today", "2023-01-26", "log", "V-1", "reply", "--outcome", "transferred",
             "--to", "metropol")
    assert r.code == 3
    assert "Did you mean: montpellier-mediterranee-metropole?" in r.err


def test_to_with_another_outcome_is_a_usage_error(cada, transferred):
    r = cada("--today", "2023-01-26", "log", "V-1", "reply", "--outcome", "partial",
             "--to", "montpellier-mediterranee-metropole")
    assert r.code == 2 and "--to only goes with" in r.err


def test_to_the_same_authority_is_a_usage_error_and_writes_nothing(cada, transferred):
    before = cada("--today", "2023-01-26", "show", "V-1", "--json").json["events"]
    r = cada("--today", "2023-01-26", "log", "V-1", "reply", "--outcome", "transferred",
             "--to", "ville-de-montpellier")
    assert r.code == 2 and "already addressed to 'ville-de-montpellier'" in r.err
    assert cada("--today", "2023-01-26", "show", "V-1", "--json").json["events"] == before
    assert cada("--today", "2023-01-26", "show", "V-1-T2").code == 3


def test_letters_of_the_original_quote_the_note_without_the_marker(cada, transferred):
    r = cada("--today", "2023-03-05", "letter", "V-1", "saisine-cada")
    assert r.code == 0, r.err
    assert "(« courrier du 25 »)" in r.out
    assert "transferred-to" not in r.out and "transferred-to" not in r.err


def test_editing_the_note_of_either_transfer_event_keeps_the_link(cada, transferred):
    for ref, marker in (("V-1", "transferred-to: V-1-T1"),
                        ("V-1-T1", "transferred-from: V-1 (first receipt 2023-01-10, "
                                   "estimated)")):
        events = cada("--today", "2023-01-26", "event", "list", ref, "--json").json["events"]
        event = next(e["id"] for e in events if e["note"] and marker in e["note"])
        r = cada("--today", "2023-01-26", "event", "edit", str(event), "--note", "corrigé")
        assert r.code == 0, r.err
        after = cada("--today", "2023-01-26", "show", ref, "--json").json
        assert f"corrigé\n{marker}" in [e["note"] for e in after["events"]]
    assert cada("--today", "2023-01-26", "show", "V-1", "--json").json["transferred_to"] == "V-1-T1"
    new = cada("--today", "2023-01-26", "show", "V-1-T1", "--json").json
    assert new["transferred_from"] == "V-1"
    assert _deadlines_of(new)["implicit_refusal"] == "2023-02-10"  # L114-3 still read


def _deadlines_of(data) -> dict[str, str]:
    return {x["kind"]: x["date"] for x in data["deadlines"]}


def test_the_request_to_the_competent_authority_joins_the_campaign_of_ref(cada):
    assert cada("init", "--name", "Jeanne Dupont", "--email", "jeanne@example.org").code == 0
    for name in ("Ville de Lunel", "Ville de Sète", "Pays de l'Or"):
        assert cada("authority", "add", name, "--department", "34",
                    "--email", "contact@example.org").code == 0
    r = cada("--today", "2023-01-09", "campaign", "new", "vp", "--subject", "Vidéoprotection",
             "--document", "Liste des caméras", "--authority", "ville-de-lunel",
             "--authority", "ville-de-sete", "--ref-prefix", "VP")
    assert r.code == 0, r.err
    assert cada("--today", "2023-01-10", "campaign", "send", "vp", "--on", "2023-01-10").code == 0
    r = cada("--today", "2023-01-25", "log", "VP-001", "reply", "--outcome", "transferred",
             "--to", "pays-de-l-or")
    assert r.code == 0, r.err
    show = cada("--today", "2023-01-26", "campaign", "show", "vp", "--json")
    assert show.code == 0, show.err
    refs = [m["reference"] for m in show.json["requests"]]
    assert sorted(refs) == ["VP-001", "VP-001-T1", "VP-002"]
    status = cada("--today", "2023-01-26", "status", "--campaign", "vp", "--json")
    assert "VP-001-T1" in [x["reference"] for x in status.json["requests"]]
    # the campaign's numbering goes on after it: VP-003
    assert cada("authority", "add", "Ville de Lattes", "--department", "34",
                "--email", "contact@example.org").code == 0
    r = cada("--today", "2023-01-26", "campaign", "add", "vp", "--authority", "ville-de-lattes",
             "--json")
    assert r.code == 0, r.err
    assert "VP-003" in r.out
