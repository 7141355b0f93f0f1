"""The task bodies without Celery: every task delivered twice has its effect once, on SQLite and
PostgreSQL; what stays pending is leased so the scheduler waits before sending it again."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from bbabo import fetch
from bbabo.config import Settings
from bbabo.store import Store
from bbabo.store.jobs import LeaseKind
from bbabo.store.schema import articles, fetch_queue, translations
from bbabo.tasks.celery.context import WorkerContext
from bbabo.tasks.celery.jobs import (
    SITE,
    run_ingest_page,
    run_publish,
    run_refresh_source,
    run_translate_batch,
)
from bbabo.translate import FakeEngine, Translator

from .synthetic_site import serve_corpus

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


@pytest.fixture
def ctx(store: Store) -> Iterator[WorkerContext]:
    settings = Settings(database_url="sqlite://", fetch_allow_private_networks=True)
    # No in-fetch retries: a 503 should come back to the task at once.
    options = fetch.FetchOptions(allow_private_networks=True, retry=fetch.NO_RETRY)
    context = WorkerContext(settings, options=options, clock=lambda: NOW).use(
        store=store, translator=Translator([FakeEngine([("en", "de"), ("en", "pl")])]))
    yield context
    if context._http is not None:
        context._http.close()


def _count(store: Store, table: sa.Table) -> int:
    with store.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def test_every_stage_delivered_twice_has_its_effect_once(fakeweb, store: Store,  # type: ignore[no-untyped-def]
                                                         ctx: WorkerContext) -> None:
    feed = serve_corpus(fakeweb, 3)
    source = store.sources.add(url=feed, now=NOW - timedelta(minutes=1))

    assert run_refresh_source(ctx, source.id) == "updated"
    assert run_refresh_source(ctx, source.id) == "not_due"  # next check is in the future
    urls = [page.url for page in store.pages.pending()]
    assert len(urls) == 3
    assert [run_ingest_page(ctx, url) for url in urls] == ["new"] * 3
    assert [run_ingest_page(ctx, url) for url in urls] == ["already_done"] * 3
    article_requests = [r for r in fakeweb.requests if "/a/" in r.path]
    assert len(article_requests) == 3  # the second delivery downloads nothing

    ids = sorted(a.id for a in store.articles.iter_all())
    for _ in range(2):
        assert run_translate_batch(ctx, ids, "de") == "done"
        assert run_translate_batch(ctx, ids[:2], "pl") == "done"
    assert _count(store, articles) == 3
    assert store.translations.count_by_language() == {"de": 3, "pl": 2}
    assert store.jobs.live(now=NOW) == {}


def test_a_page_failing_transiently_is_backed_off(fakeweb, store: Store,  # type: ignore[no-untyped-def]
                                                  ctx: WorkerContext) -> None:
    fakeweb.route("/flaky/feed.xml", body=(
        f'<rss version="2.0"><channel><title>t</title><link>{fakeweb.base_url}/</link>'
        f"<description>d</description><item><title>x</title>"
        f"<link>{fakeweb.url('/flaky/a.html')}</link></item></channel></rss>").encode())
    fakeweb.route("/flaky/a.html", status=503, body=b"busy")
    source = store.sources.add(url=fakeweb.url("/flaky/feed.xml"), now=NOW)
    run_refresh_source(ctx, source.id)
    url = store.pages.pending()[0].url

    assert run_ingest_page(ctx, url) == "retry"
    jobs = store.jobs
    assert jobs.unleased_pages(now=NOW, limit=10) == []
    assert jobs.unleased_pages(now=NOW + timedelta(hours=2), limit=10) == [url]
    with store.engine.connect() as conn:
        assert conn.execute(sa.select(fetch_queue.c.state)).scalar_one() == "pending"


def test_a_pair_without_a_model_is_held_for_an_hour(fakeweb, store: Store,  # type: ignore[no-untyped-def]
                                                    ctx: WorkerContext) -> None:
    feed = serve_corpus(fakeweb, 2, prefix="/held")
    source = store.sources.add(url=feed, now=NOW)
    run_refresh_source(ctx, source.id)
    for page in store.pages.pending():
        run_ingest_page(ctx, page.url)
    ids = sorted(a.id for a in store.articles.iter_all())

    assert run_translate_batch(ctx, ids, "fr") == "missing_model"
    assert _count(store, translations) == 0
    jobs = store.jobs
    keys = [f"{i}:fr" for i in ids]
    assert jobs.lease(LeaseKind.translation, keys, until=NOW + timedelta(hours=2),
                      now=NOW + timedelta(minutes=59)) == []
    assert jobs.lease(LeaseKind.translation, keys, until=NOW + timedelta(hours=2),
                      now=NOW + timedelta(minutes=61)) == keys


def test_a_vanished_page_or_source_is_a_no_op(store: Store, ctx: WorkerContext) -> None:
    store.jobs.lease(LeaseKind.page, ["http://nowhere.invalid/x"],
                                 until=NOW + timedelta(hours=1), now=NOW)
    assert run_ingest_page(ctx, "http://nowhere.invalid/x") == "already_done"
    assert run_refresh_source(ctx, 12345) == "gone"
    assert store.jobs.live(now=NOW) == {}


def test_publish_delivered_twice_publishes_once(fakeweb, store: Store, ctx: WorkerContext,  # type: ignore[no-untyped-def]
                                                tmp_path: Path) -> None:
    jobs = store.jobs
    jobs.lease(LeaseKind.publish, [SITE], until=NOW + timedelta(minutes=10), now=NOW)
    assert run_publish(ctx) == "off"  # no static site configured: nothing to do
    assert jobs.live(now=NOW) == {}

    site = tmp_path / "site"
    settings = Settings(database_url="sqlite://", export_dir=str(site), target_languages=("de",),
                        export_base_url="https://news.example")
    publishing = WorkerContext(settings, clock=lambda: NOW).use(store=store)
    feed = serve_corpus(fakeweb, 2, prefix="/pub")
    source = store.sources.add(url=feed, now=NOW - timedelta(minutes=1))
    run_refresh_source(ctx, source.id)
    for page in store.pages.pending():
        run_ingest_page(ctx, page.url)
    jobs.lease(LeaseKind.publish, [SITE], until=NOW + timedelta(minutes=10), now=NOW)
    assert run_publish(publishing) == "full"
    assert jobs.live(now=NOW) == {}
    assert len(list((site / "en" / "news").glob("[0-9]*.html"))) == 2
    assert run_publish(publishing) == "unchanged"
    ids = sorted(a.id for a in store.articles.iter_all())
    run_translate_batch(ctx, ids, "de")
    assert run_publish(publishing) == "updated"
    assert len(list((site / "de" / "news").glob("[0-9]*.html"))) == 2
