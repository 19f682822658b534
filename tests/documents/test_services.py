"""The document services called directly (as the demo does): store lock and cleanup, search."""

from __future__ import annotations

from datetime import date

import pytest

from tests.documents.helpers import make_pdf, make_zip, store_files

TODAY = date(2021, 1, 10)


def _ctx(cada_home):
    from cada_tracker.context import Context
    from cada_tracker.paths import Settings

    return Context(settings=Settings(home=cada_home), today=TODAY)


def _request(session):
    from cada_tracker.storage.requests import get_request

    return get_request(session, "2020-001")


def test_attach_paths_in_a_callers_session_removes_new_blobs_on_failure(
    montpellier, tmp_path, cada_home
):
    """A caller that owns the session (the demo) gets the cleanup without doing anything."""
    from cada_tracker.services.documents.ingest import attach_paths
    from cada_tracker.services.documents.inputs import UnsafeArchiveError

    good = make_pdf(tmp_path / "good.pdf", ["Map Revelation"])
    bad = make_zip(tmp_path / "bad.zip", {"../evil.txt": b"x"})
    ctx = _ctx(cada_home)
    with pytest.raises(UnsafeArchiveError), ctx.transaction() as session:
        attach_paths(session, ctx, _request(session), [str(good), str(bad)])
    assert store_files(cada_home) == []  # good.pdf was stored first, then removed


def test_store_writes_covers_the_commit_and_is_reentrant(montpellier, tmp_path, cada_home):
    """The transaction inside store_writes: a failure after attach_paths (the commit) removes
    the blobs; the inner attach_paths joins the outer lock instead of waiting for it."""
    from cada_tracker.services.documents.ingest import attach_paths

    pdf = make_pdf(tmp_path / "a.pdf", ["Map Revelation"])
    ctx = _ctx(cada_home)
    with pytest.raises(RuntimeError), ctx.store_writes() as created, \
            ctx.transaction() as session:
        attach_paths(session, ctx, _request(session), [str(pdf)])
        assert len(created) == 1 and store_files(cada_home)
        raise RuntimeError("the commit failed")
    assert store_files(cada_home) == []


def test_demo_documents_hold_the_store_lock(montpellier, cada_home, monkeypatch):
    from cada_tracker.services import demo_documents
    from cada_tracker.services.demo_documents import add_demo_documents

    ctx = _ctx(cada_home)
    held = []
    real = demo_documents.attach_paths

    def spy(*args, **kwargs):
        held.append(dict(ctx._held))
        return real(*args, **kwargs)

    monkeypatch.setattr(demo_documents, "attach_paths", spy)
    with ctx.transaction() as session:
        add_demo_documents(session, ctx, _request(session))
    assert held and all(str(ctx.settings.documents_dir) in h for h in held)
    assert ctx._held == {}


def test_search_service_same_hits_on_both_read_paths(cada, montpellier, tmp_path, cada_home,
                                                     monkeypatch):
    from cada_tracker.services.documents.search import search

    cada("attach", montpellier, make_pdf(tmp_path / "a.pdf", ["Map Revelation"]))
    ctx = _ctx(cada_home)
    fast = search(ctx, "map", "2020-001", limit=10)
    monkeypatch.setenv("CADA_SEARCH_ORM", "1")
    assert search(ctx, "map", "2020-001", limit=10) == fast and fast


@pytest.mark.parametrize("orm", ["", "1"])
def test_search_service_unknown_request_same_error_on_both_paths(
    cada, montpellier, cada_home, monkeypatch, orm
):
    from cada_tracker.errors import NotFoundError
    from cada_tracker.services.documents.search import search

    monkeypatch.setenv("CADA_SEARCH_ORM", orm)
    with pytest.raises(NotFoundError) as caught:
        search(_ctx(cada_home), "map", "2020-01")
    assert caught.value.message == (
        "no request '2020-01'. Did you mean: 2020-001? See `cada status --all`."
    )
