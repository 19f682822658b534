"""`cada status`: JSON shape and filters."""

from __future__ import annotations


def test_status_json_shape_and_filters(cada, montpellier):
    cada("--today", "2020-02-07", "log", montpellier, "sent")
    cada("--today", "2020-02-07", "log", montpellier, "received")
    r = cada("--today", "2020-02-20", "status", "--json")
    assert r.code == 0
    assert set(r.json) == {"today", "requests"} and r.json["today"] == "2020-02-20"
    (req,) = r.json["requests"]
    assert req["reference"] == "2020-001" and req["state"] == "awaiting-reply"
    r = cada("--today", "2020-02-20", "status", "--authority", "nowhere")
    assert r.code == 3
    r = cada("--today", "2020-02-20", "status", "--due-within", "-1")
    assert r.code == 2


def test_status_filters_that_match_nothing_say_so(cada, montpellier):
    r = cada("--today", "2020-02-07", "status", "--overdue")
    assert r.code == 0 and "no request matches" in r.out
    assert cada("remind", "--within", "-1").err.startswith("cada: --within")


def test_unknown_authority_suggestions_come_in_slug_order(cada, demo_home):
    r = cada("--home", demo_home, "status", "--authority", "e")
    assert r.code == 3
    assert ("Did you mean: ministere-de-l-interieur, montpellier-mediterranee-metropole, "
            "ville-de-montpellier") in r.err
