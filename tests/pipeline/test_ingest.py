"""Ingesting one page: what is looked up before downloading, and that a page's writes are one
transaction (a page is never marked done without its article, and a failed write leaves nothing
half-stored: the page stays pending)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest
import sqlalchemy as sa

from bbabo import fetch
from bbabo.dedup import NearDuplicateIndex
from bbabo.langid import LanguageDetector
from bbabo.model import FeedEntry, Source
from bbabo.pipeline.ingest import (
    IngestOutcome,
    PageTools,
    ingest_page,
    prepare_page,
    record_page,
)
from bbabo.store import PendingPage, Store
from bbabo.store.articles import ArticlesRepo
from bbabo.store.pages import PagesRepo
from bbabo.store.schema import article_fingerprints, article_urls, articles
from fakeweb import FakeWeb

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
OPTIONS = fetch.FetchOptions(timeout_s=2.0, allow_private_networks=True, retry=fetch.NO_RETRY)
PAGE = "/articles/en-harbour-bridge.html"


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector(["en", "pl", "ru", "uk"])


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with fetch.make_client(OPTIONS) as client:
        yield client


def _queued(store: Store, url: str) -> tuple[PendingPage, Source]:
    source = store.sources.add(url=url.rsplit("/", 1)[0] + "/feed.xml", now=NOW)
    store.pages.enqueue(source.id, [FeedEntry(url=url)], now=NOW)
    (pending,) = store.pages.pending()
    return pending, source


def _count(store: Store, table: sa.Table) -> int:
    with store.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def _counting_lookups(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    seen: list[list[str]] = []
    original = ArticlesRepo.find_by_urls

    def find_by_urls(self: ArticlesRepo, urls):  # type: ignore[no-untyped-def]
        seen.append(list(urls))
        return original(self, seen[-1])

    monkeypatch.setattr(ArticlesRepo, "find_by_urls", find_by_urls)
    return seen


def test_a_failed_write_leaves_the_page_pending_and_nothing_stored(
        fakeweb: FakeWeb, store: Store, http: httpx.Client, detector: LanguageDetector,
        monkeypatch: pytest.MonkeyPatch) -> None:
    pending, source = _queued(store, fakeweb.url(PAGE))
    tools = PageTools(http=http, options=OPTIONS, detector=detector)
    prepared = prepare_page(pending, source, store=store, tools=tools)
    assert prepared.article is not None and prepared.signature is not None
    index = NearDuplicateIndex()

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the process died here")

    # The last write of the page fails: the article, its URLs and its signature go with it.
    monkeypatch.setattr(PagesRepo, "mark_done", crash)
    with pytest.raises(RuntimeError):
        record_page(prepared, store=store, index=index, now=NOW)
    assert [_count(store, t) for t in (articles, article_urls, article_fingerprints)] == [0, 0, 0]
    assert store.pages.get_state(pending.url) == ("pending", None, None)
    assert len(index) == 0  # the index never learns of an article that was not stored

    monkeypatch.undo()
    result = record_page(prepared, store=store, index=index, now=NOW)
    assert result.outcome is IngestOutcome.new
    assert [_count(store, t) for t in (articles, article_fingerprints)] == [1, 1]
    assert store.pages.get_state(pending.url) == ("done", None, None)
    assert len(index) == 1


def test_a_new_page_is_looked_up_once_before_and_not_again_after_fetching(
        fakeweb: FakeWeb, store: Store, http: httpx.Client, detector: LanguageDetector,
        monkeypatch: pytest.MonkeyPatch) -> None:
    pending, source = _queued(store, fakeweb.url(PAGE))
    lookups = _counting_lookups(monkeypatch)
    tools = PageTools(http=http, options=OPTIONS, detector=detector)
    prepared = prepare_page(pending, source, store=store, tools=tools)
    # No AMP variant to try and no redirect: the URL fetched is the one already looked up.
    assert lookups == [[pending.url]] and prepared.article is not None


def test_known_urls_and_amp_variants_download_nothing(
        fakeweb: FakeWeb, store: Store, http: httpx.Client, detector: LanguageDetector,
        monkeypatch: pytest.MonkeyPatch) -> None:
    pending, source = _queued(store, fakeweb.url(PAGE))
    first = ingest_page(pending, source, store=store, http=http, options=OPTIONS,
                        detector=detector, now=NOW)
    assert first.outcome is IngestOutcome.new
    fakeweb.requests.clear()
    lookups = _counting_lookups(monkeypatch)
    tools = PageTools(http=http, options=OPTIONS, detector=detector)

    again = prepare_page(pending, source, store=store, tools=tools)
    assert (again.known_id, again.reason) == (first.article_id, "url")
    assert len(lookups) == 1  # found under its own URL: the AMP variants are not tried

    amp = PendingPage(url=pending.url + "?amp=1", source_id=source.id, attempts=0,
                      feed_title=None, feed_published_at=None)
    copy = prepare_page(amp, source, store=store, tools=tools)
    assert (copy.known_id, copy.reason) == (first.article_id, "amp")
    assert fakeweb.requests == []
