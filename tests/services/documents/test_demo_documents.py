"""The demo documents: attached under the store lock, end to end with search, findings, check."""

from __future__ import annotations

import pytest

from tests.services.documents.helpers import request_row, service_context

pytestmark = pytest.mark.sqlite_only("the demo's home is a SQLite file by design")


def _blob(home, sha):
    return home / "documents" / sha[:2] / sha[2:4] / sha


@pytest.mark.slow
def test_demo_documents_hold_the_store_lock(montpellier, cada_home, monkeypatch):
    from cada_tracker.services import demo_documents
    from cada_tracker.services.demo_documents import add_demo_documents

    ctx = service_context(cada_home)
    held = []
    real = demo_documents.attach_paths

    def spy(*args, **kwargs):
        held.append(dict(ctx._held))
        return real(*args, **kwargs)

    monkeypatch.setattr(demo_documents, "attach_paths", spy)
    with ctx.transaction() as session:
        add_demo_documents(session, ctx, request_row(session))
    assert held and all(str(ctx.settings.documents_dir) in h for h in held)
    assert ctx._held == {}


@pytest.mark.slow
def test_demo_search_finding_check(cada, tmp_path):
    home = tmp_path / "demo"
    r = cada("demo", "--home", home)
    assert r.code == 0, r.err
    hits = cada("--home", home, "search", "Map Revelation", "--json").json["hits"]
    docs = [h for h in hits if h["kind"] == "document"]
    assert docs and docs[0]["request"] == "2020-001" and docs[0]["page"] == 2
    listing = cada("--home", home, "documents", "2020-001", "--json").json["documents"]
    assert all(d["illustrative"] and d["received_on"] == "2020-06-15" for d in listing)
    assert all(d["event"] and d["event"]["kind"] == "reply" for d in listing)
    findings = cada("--home", home, "finding", "list", "--json").json["findings"]
    assert len(findings) == 2
    show = cada("--home", home, "finding", "show", "1")
    assert "Map Revelation" in show.out
    sha = cada("--home", home, "finding", "show", "1", "--json").json["evidence"][0]["sha256"]
    assert sha in show.out
    for f in findings:
        ev = cada("--home", home, "finding", "show", str(f["id"]), "--json").json["evidence"]
        assert ev and all(e["verified"] for e in ev)
    assert cada("--home", home, "check").code == 0
    blob = _blob(home, sha)
    blob.chmod(0o644)
    data = bytearray(blob.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one byte altered by hand
    blob.write_bytes(bytes(data))
    broken = cada("--home", home, "check")
    assert broken.code == 5
    assert sha in broken.out
    # the reconstruction is labelled on its first line
    from cada_tracker.services.demo_documents import LABEL

    first = cada("--home", home, "search", "RECONSTITUTION illustratif", "--json").json["hits"]
    assert len([h for h in first if h["kind"] == "document"]) >= 3
    assert LABEL.startswith("RECONSTITUTION")
    # a second demo run rebuilds the home without error
    assert cada("demo", "--home", home).code == 0
