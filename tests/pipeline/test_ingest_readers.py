"""A crawl fetches on many threads and reads pages in ``CrawlOptions.readers`` child processes,
each page within its budget; the writer stores the pages that are ready together in one
transaction."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest

from bbabo import fetch
from bbabo.langid import LanguageDetector
from bbabo.pipeline import crawl as crawl_module
from bbabo.pipeline.crawl import CrawlOptions, crawl
from bbabo.pipeline.reading import ReadingBudget
from bbabo.store import open_store
from fakeweb import SITE_ROOT, FakeWeb, Reply, Request
from heavy_pages import slow_page

OPTIONS = fetch.FetchOptions(timeout_s=2.0, allow_private_networks=True, retry=fetch.NO_RETRY)
WORDS = ("harbour council ferry tram budget school winter storm bridge market port road "
         "hospital river station library museum festival").split()


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector(["en", "pl", "ru"])


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with fetch.make_client(OPTIONS) as client:
        yield client


def _clock() -> datetime:
    return datetime.now(UTC)


def _site(web: FakeWeb, count: int) -> str:
    template = (SITE_ROOT / "crawl" / "story.html").read_text()

    def page(request: Request) -> Reply:
        n = int(request.path.rsplit("/", 1)[1])
        # Texts that share no word sequence, or the pages would be near-duplicates.
        rng = random.Random(n)
        text = " ".join(rng.choice(WORDS) for _ in range(120))
        body = template.replace("Harbour ferry", f"Story {n}").replace(
            "/crawl/story", f"/read/{n}").replace("The council said", text)
        return Reply(body=body.encode(), headers={"Content-Type": "text/html; charset=utf-8"})

    links = [f"/read/{n}" for n in range(count)]
    for link in links:
        web.route(link, page)
    web.route("/read.xml", body=fakeweb_feed(web, links),
              headers={"Content-Type": "application/rss+xml"})
    return web.url("/read.xml")


def fakeweb_feed(web: FakeWeb, links: list[str]) -> bytes:
    items = "".join(f"<item><title>{link}</title><link>{web.url(link)}</link></item>"
                    for link in links)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>t'
            f"</title><link>{web.url('/')}</link>{items}</channel></rss>").encode()


def test_pages_are_read_in_child_processes_within_their_budget(
        fakeweb: FakeWeb, sqlite_url: str, http: httpx.Client,
        detector: LanguageDetector) -> None:
    feed = _site(fakeweb, 4)
    fakeweb.route("/read/heavy", body=slow_page(30_000),  # about 20 s to read, unbounded
                  headers={"Content-Type": "text/html; charset=utf-8"})
    fakeweb.route("/read.xml", body=fakeweb_feed(fakeweb, [*(f"/read/{n}" for n in range(4)),
                                                           "/read/heavy"]),
                  headers={"Content-Type": "application/rss+xml"})
    store = open_store(sqlite_url)
    store.sources.add(url=feed, now=_clock())
    started = time.monotonic()
    report = crawl(store=store, http=http, options=OPTIONS, detector=detector, clock=_clock,
                   crawl_options=CrawlOptions(workers=4, readers=2, per_host=4, host_delay_s=0,
                                              budget=ReadingBudget(time_s=2.0)))
    elapsed = time.monotonic() - started
    assert report.page_counts() == {"new": 4, "failed": 1}
    [(url, code, _message)] = report.failures()
    assert (url, code) == (fakeweb.url("/read/heavy"), "extract.timeout")
    assert store.pages.get_state(url)[0] == "failed"  # type: ignore[index]
    store.close()
    assert elapsed < 12


@pytest.mark.parametrize(("most", "wait_s"), [(3, 0.0), (32, 0.0), (32, 30.0)])
def test_the_writer_stores_the_pages_ready_together_in_one_transaction(
        fakeweb: FakeWeb, sqlite_url: str, http: httpx.Client, detector: LanguageDetector,
        monkeypatch: pytest.MonkeyPatch, most: int, wait_s: float) -> None:
    sizes: list[int] = []
    real = crawl_module.record_pages

    def slow_writer(prepared, **kwargs):  # type: ignore[no-untyped-def]
        sizes.append(len(prepared))
        if len(sizes) == 1:
            time.sleep(1.5)  # the other pages are fetched and read meanwhile, and pile up
        return real(prepared, **kwargs)

    monkeypatch.setattr(crawl_module, "record_pages", slow_writer)
    store = open_store(sqlite_url)
    store.sources.add(url=_site(fakeweb, 8), now=_clock())
    report = crawl(store=store, http=http, options=OPTIONS, detector=detector, clock=_clock,
                   crawl_options=CrawlOptions(workers=8, per_host=8, host_delay_s=0,
                                              write_batch=most, write_wait_s=wait_s))
    assert report.page_counts() == {"new": 8}
    assert store.articles.count_by_language() == {"en": 8}
    store.close()
    if wait_s:
        # The writer waits for more pages to come, but not past the last one.
        assert sizes == [8]
        return
    # The first page is written as soon as it is ready (with whatever was ready with it); the
    # rest were read while the writer was busy and waited for it together.
    assert sum(sizes) == 8 and sizes[0] < 8
    assert sizes[1] == min(most, 8 - sizes[0])
