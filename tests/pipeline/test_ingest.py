"""Ingesting one page: what is looked up before downloading, and that a page's writes are one
transaction (a page is never marked done without its article, and a failed write leaves nothing
half-stored: the page stays pending)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import sqlalchemy as sa

from bbabo import fetch
from bbabo.dedup import NearDuplicateIndex, minhash, signature_bytes
from bbabo.errors import Unavailable
from bbabo.langid import LanguageDetector
from bbabo.model import ExtractedArticle, FeedEntry, LanguageGuess, Source
from bbabo.pipeline.ingest import (
    DEDUP_WINDOW,
    IngestOutcome,
    PageTools,
    PreparedPage,
    ingest_page,
    load_index,
    prepare_page,
    record_page,
    record_pages,
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


def test_a_failed_write_is_recorded_as_the_pages_failure_and_nothing_stored(
        fakeweb: FakeWeb, store: Store, http: httpx.Client, detector: LanguageDetector,
        monkeypatch: pytest.MonkeyPatch) -> None:
    pending, source = _queued(store, fakeweb.url(PAGE))
    tools = PageTools(http=http, options=OPTIONS, detector=detector)
    prepared = prepare_page(pending, source, store=store, tools=tools)
    assert prepared.article is not None and prepared.signature is not None
    index = NearDuplicateIndex()

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the process died here")

    # The last write of the page fails: the article, its URLs and its signature go with it,
    # and the failure is the page's, recorded in a transaction of its own (it is tried again
    # later, like a page that failed to download, rather than every pass).
    monkeypatch.setattr(PagesRepo, "mark_done", crash)
    failed = record_page(prepared, store=store, index=index, now=NOW)
    assert (failed.outcome, failed.error_code) == (IngestOutcome.failed, "internal.error")
    assert [_count(store, t) for t in (articles, article_urls, article_fingerprints)] == [0, 0, 0]
    assert store.pages.get_state(pending.url) == ("pending", "internal.error",
                                                  "RuntimeError: the process died here")
    assert len(index) == 0  # the index never learns of an article that was not stored

    monkeypatch.undo()
    result = record_page(prepared, store=store, index=index, now=NOW)
    assert result.outcome is IngestOutcome.new
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


_WIRE = " ".join(f"Sentence {n} of the wire story about the harbour bridge repairs and the "
                 "traffic plan for the city centre." for n in range(12))


def _prepared(store: Store, source: Source, n: int, text: str, *,
              canonical: str | None = None) -> PreparedPage:
    url = f"https://news{n}.example/story"
    store.pages.enqueue(source.id, [FeedEntry(url=url)], now=NOW)
    article = ExtractedArticle(url=url, canonical_url=canonical or url, title=f"Story {n}",
                               paragraphs=(text,))
    signature = minhash(f"{article.title}\n{article.text}")
    assert signature is not None
    return PreparedPage(
        pending=PendingPage(url=url, source_id=source.id, attempts=0, feed_title=None,
                            feed_published_at=None),
        source=source, urls=(url,), article=article,
        language=LanguageGuess(lang="en", confidence=1.0, method="test"),
        signature=signature_bytes(signature))


def test_pages_written_together_see_each_other(store: Store) -> None:
    source = store.sources.add(url="https://news.example/feed.xml", now=NOW)
    other = " ".join(f"Line {n} of an unrelated report on the football cup final, the goals "
                     "and the fans in the stadium." for n in range(12))
    batch = [
        _prepared(store, source, 1, _WIRE),
        _prepared(store, source, 2, _WIRE + " Reporting by the agency desk."),  # a wire copy
        _prepared(store, source, 3, other, canonical="https://news1.example/story"),
        _prepared(store, source, 4, other),
    ]
    index = NearDuplicateIndex()
    results = record_pages(batch, store=store, index=index, now=NOW)
    first = results[0].article_id
    assert [(r.outcome, r.duplicate_reason) for r in results] == [
        (IngestOutcome.new, None), (IngestOutcome.duplicate, "near_duplicate"),
        (IngestOutcome.duplicate, "canonical"), (IngestOutcome.new, None)]
    assert results[1].article_id == results[2].article_id == first
    assert _count(store, articles) == 2 and len(index) == 2  # known to the index once committed
    assert [store.pages.get_state(p.pending.url)[0] for p in batch] == ["done"] * 4


def test_a_failed_write_in_a_batch_costs_only_its_own_page(
        store: Store, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    source = store.sources.add(url="https://news.example/feed.xml", now=NOW)
    texts = [" ".join(f"Item {k} of report {n} on subject {n * 7}: a different story entirely, "
                      f"told in sentence number {k}." for k in range(12)) for n in range(6)]
    batch = [_prepared(store, source, n, texts[n]) for n in range(3)]
    real = PagesRepo.mark_done
    failures = {batch[1].pending.url: 1}

    def flaky(self: PagesRepo, url: str, **kwargs: object) -> None:
        if failures.get(url):
            failures[url] -= 1
            raise sa.exc.OperationalError("UPDATE fetch_queue", {}, Exception("disk I/O error"))
        real(self, url, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(PagesRepo, "mark_done", flaky)
    index = NearDuplicateIndex()
    # The batch fails on its second page and is rolled back; written one by one, all get in.
    results = record_pages(batch, store=store, index=index, now=NOW)
    assert [r.outcome for r in results] == [IngestOutcome.new] * 3
    assert "writing 3 pages together failed" in caplog.text
    assert _count(store, articles) == 3 and len(index) == 3

    # A page that cannot be written at all, because the database fails: the ones before it
    # are stored, it stays pending with nothing half-stored, and the error reaches the caller
    # (the database's trouble is not the page's failure).
    more = [_prepared(store, source, n, texts[n]) for n in range(3, 6)]
    failures[more[1].pending.url] = 99
    with pytest.raises(sa.exc.OperationalError):
        record_pages(more, store=store, index=index, now=NOW)
    assert store.pages.get_state(more[0].pending.url)[0] == "done"
    assert store.pages.get_state(more[1].pending.url) == ("pending", None, None)
    assert _count(store, articles) == 4 and len(index) == 4

    # One that fails on something of its own (here a value the database refuses): the others
    # are stored, and its failure is recorded (tried again later, a few times at most).
    last = [_prepared(store, source, n, texts[n]) for n in range(4, 6)]
    failures.clear()

    def refused(self: PagesRepo, url: str, **kwargs: object) -> None:
        if url == last[0].pending.url:
            raise sa.exc.DataError("UPDATE fetch_queue", {}, Exception("invalid byte 0x00"))
        real(self, url, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(PagesRepo, "mark_done", refused)
    results = record_pages(last, store=store, index=index, now=NOW)
    assert [r.outcome for r in results] == [IngestOutcome.failed, IngestOutcome.new]
    state, code, message = store.pages.get_state(last[0].pending.url)  # type: ignore[misc]
    assert (state, code) == ("pending", "internal.error")
    assert message.startswith("DataError: ") and "invalid byte 0x00" in message
    assert _count(store, articles) == 5 and len(index) == 5


class _Gate:
    """A politeness gate whose shared store fails as the test says."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    @contextmanager
    def hop(self, url: str) -> Iterator[None]:
        raise self.error
        yield  # a generator, as a gate's hop is

    def defer(self, url: str, seconds: float) -> None:
        pass


def test_a_service_gone_is_not_the_pages_failure_but_a_bug_is(
        fakeweb: FakeWeb, store: Store, http: httpx.Client, detector: LanguageDetector) -> None:
    pending, source = _queued(store, fakeweb.url(PAGE))
    gone = PageTools(http=http, options=OPTIONS, detector=detector,
                     gate=_Gate(Unavailable("the shared politeness store is unreachable")))
    with pytest.raises(Unavailable):  # the Celery task retries the work; no page failed
        prepare_page(pending, source, store=store, tools=gone)
    buggy = PageTools(http=http, options=OPTIONS, detector=detector,
                      gate=_Gate(KeyError("bug")))
    prepared = prepare_page(pending, source, store=store, tools=buggy)
    assert prepared.error is not None and prepared.error.code == "internal.error"


def test_a_long_running_index_forgets_signatures_older_than_the_window(store: Store) -> None:
    # A process running for months compared each page with every signature it had ever read
    # (some 5 KB each): the index now keeps the DEDUP_WINDOW a new process would load.
    source = store.sources.add(url="https://news.example/feed.xml", now=NOW)
    texts = [" ".join(f"Item {k} of report {n} on subject {n * 7}: a different story entirely, "
                      f"told in sentence number {k}." for k in range(12)) for n in range(4)]
    index = NearDuplicateIndex()
    days = [NOW, NOW + timedelta(days=5), NOW + timedelta(days=10)]
    stored = [record_pages([_prepared(store, source, n, texts[n])], store=store, index=index,
                           now=day)[0].article_id for n, day in enumerate(days)]
    assert len(load_index(store, days[-1], index)) == 3  # the same object, brought up to date
    # A day before the second page leaves the window: only it and the third are in it.
    assert len(load_index(store, days[1] + DEDUP_WINDOW - timedelta(days=1), index)) == 2
    copy = minhash(f"Story 0\n{texts[0]}")
    assert copy is not None and index.find(copy) is None
    again = minhash(f"Story 2\n{texts[2]}")
    assert again is not None and index.find(again).article_id == stored[2]  # type: ignore[union-attr]
    # Past every window: nothing is left, and a new page is still read from where it was.
    assert len(load_index(store, days[-1] + DEDUP_WINDOW + timedelta(days=1), index)) == 0
    later = record_pages([_prepared(store, source, 3, texts[3])], store=store,
                         index=NearDuplicateIndex(), now=days[-1] + DEDUP_WINDOW * 2)
    assert len(load_index(store, days[-1] + DEDUP_WINDOW * 2, index)) == 1
    assert index.last_id == later[0].article_id
