"""One crawl over several sources on the fake web, where nearly everything goes wrong in a
different way: each source and page ends with a clear recorded reason and the rest of the crawl
is unaffected; a second crawl downloads nothing it already has and creates no duplicate."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import random
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from bbabo import fetch
from bbabo.langid import LanguageDetector
from bbabo.model import FetchedPage
from bbabo.pipeline.crawl import CrawlOptions, CrawlReport, crawl
from bbabo.pipeline.reading import InlineReader, Reading
from bbabo.store import Store
from fakeweb import SITE_ROOT, FakeWeb, Reply, Request

OPTIONS = fetch.FetchOptions(timeout_s=0.5, max_bytes=200_000, allow_private_networks=True,
                             retry=fetch.RetryPolicy(retries=1, base_delay_s=0.01, max_wait_s=0.1))
FAST = CrawlOptions(workers=8, per_host=4, host_delay_s=0)


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector()


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with fetch.make_client(OPTIONS) as client:
        yield client


def _clock() -> datetime:
    return datetime.now(UTC)


def _conditional(body: bytes, content_type: str):  # type: ignore[no-untyped-def]
    """A handler that answers If-None-Match with 304, as a well-behaved publisher does."""
    etag = '"' + hashlib.sha1(body).hexdigest()[:12] + '"'

    def handle(request: Request) -> Reply:
        if request.headers.get("if-none-match") == etag:
            return Reply(status=304, headers={"ETag": etag})
        return Reply(body=body, headers={"Content-Type": content_type, "ETag": etag})

    return handle


def _rss(web: FakeWeb, path: str, links: list[str]) -> None:
    items = "".join(f"<item><title>{link}</title><link>{web.url(link).replace('&', '&amp;')}"
                    "</link></item>" for link in links)
    body = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>'
            f"{web.url('/')}</link>{items}</channel></rss>").encode()
    web.route(path, _conditional(body, "application/rss+xml"))


def _crawl(store: Store, http: httpx.Client, detector: LanguageDetector) -> CrawlReport:
    return crawl(store=store, http=http, options=OPTIONS, detector=detector, clock=_clock,
                 crawl_options=FAST)


def _hostile_web(web: FakeWeb) -> None:
    web.route("/robots.txt", body=b"User-agent: *\nDisallow: /private/\n")
    web.redirect("/t/old-link", "/crawl/story.html", status=301)
    web.route("/t/garbage.html", body=random.Random(7).randbytes(30_000),
              headers={"Content-Type": "text/html"})
    web.route("/t/slow.html", body=b"<html>late</html>", delay=2.0)
    web.redirect("/t/loop-a", "/t/loop-b")
    web.redirect("/t/loop-b", "/t/loop-a")
    web.route("/t/huge.html", body=b"<html><body>" + b"<p>words</p>" * 30_000,
              headers={"Content-Type": "text/html"})
    _rss(web, "/t/a.xml", [
        "/articles/ru-bolnica-cp1251.html",  # windows-1251, no charset in the header
        "/crawl/story.html?amp=1",  # an AMP variant of a stored article
        "/crawl/story/amp",  # the stored article's declared AMP URL: never even queued
        "/crawl/story.html?utm_source=feed",  # a tracking variant: never queued
        "/t/old-link",  # redirects into a stored article
        "/t/missing.html",  # 404
        "/private/secret.html",  # robots.txt disallows it
        "/t/garbage.html",  # binary garbage labelled text/html
        "/other/wire-copy.html",  # the same wire story as a stored article, elsewhere
    ])
    web.route("/t/bomb.xml", _conditional(
        (SITE_ROOT / "feeds" / "billion-laughs.xml").read_bytes(), "application/rss+xml"))
    items = [{"id": p, "url": web.url(p)} for p in
             ("/t/slow.html", "/t/loop-a", "/t/huge.html", "/articles/en-harbour-bridge.html")]
    web.route("/t/c.json", _conditional(json.dumps(
        {"version": "https://jsonfeed.org/version/1.1", "title": "c", "items": items}).encode(),
        "application/feed+json"))
    sitemap = (SITE_ROOT / "sitemaps" / "news.xml").read_bytes().replace(
        b"https://gazeta.example/wiadomosci/rada-miasta-przyjela-budzet",
        web.url("/articles/pl-budzet-miasta.html").encode())
    web.route("/t/news-sitemap.xml", _conditional(sitemap, "application/xml"))


def test_one_crawl_where_everything_goes_wrong(
    fakeweb: FakeWeb, store: Store, http: httpx.Client, detector: LanguageDetector
) -> None:
    now = _clock()
    _rss(fakeweb, "/t/seed.xml", ["/crawl/story.html", "/crawl/wire-first.html"])
    seed = store.sources.add(url=fakeweb.url("/t/seed.xml"), now=now, name="seed")
    assert _crawl(store, http, detector).page_counts() == {"new": 2}

    _hostile_web(fakeweb)
    for path in ("/t/a.xml", "/t/bomb.xml", "/t/c.json", "/t/gone.xml"):
        store.sources.add(url=fakeweb.url(path), now=now)
    sitemap = store.sources.add(url=fakeweb.url("/t/news-sitemap.xml"), now=now, kind="feed")
    fakeweb.requests.clear()
    report = _crawl(store, http, detector)

    assert report.source_counts() == {"updated": 3, "not_modified": 1, "failed": 2}
    # 7 failures: six above, and the sitemap's second entry, which this site does not have.
    assert report.page_counts() == {"new": 3, "duplicate": 3, "failed": 7}
    assert report.internal_errors == 0
    by_source = {s.url.rsplit("/", 1)[1]: s for s in store.sources.list()}
    assert by_source["bomb.xml"].last_error_code == "source.unsafe_xml"
    assert by_source["gone.xml"].last_error_code == "fetch.not_found"
    assert by_source["gone.xml"].consecutive_failures == 1
    assert store.sources.get(sitemap.id).kind == "sitemap"  # found out on the first refresh
    assert store.sources.get(seed.id).last_error_code is None

    def state(path: str) -> tuple[str, str | None]:
        found = store.pages.get_state(fakeweb.url(path))
        assert found is not None, path
        return found[0], found[1]

    assert state("/crawl/story.html?amp=1") == ("done", "amp")
    assert state("/t/old-link") == ("done", "redirect")
    assert state("/other/wire-copy.html") == ("done", "near_duplicate")
    assert state("/t/missing.html") == ("failed", "fetch.not_found")
    assert state("/private/secret.html") == ("failed", "fetch.robots_disallowed")
    assert state("/t/garbage.html")[0] == "failed"
    assert state("/t/garbage.html")[1].startswith("extract.")  # type: ignore[union-attr]
    assert state("/t/slow.html") == ("pending", "fetch.timeout")  # transient: again later
    assert state("/t/loop-a") == ("failed", "fetch.redirect_loop")
    assert state("/t/huge.html") == ("failed", "fetch.too_large")
    assert state("/wiadomosci/korki-na-moscie") == ("failed", "fetch.not_found")
    assert store.pages.get_state(fakeweb.url("/crawl/story/amp")) is None
    assert store.pages.get_state(fakeweb.url("/crawl/story.html?utm_source=feed")) is None
    paths = [r.path for r in fakeweb.requests]
    # Fetched once, at the end of /t/old-link's redirect; the AMP variant never was.
    assert [r.query for r in fakeweb.requests if r.path == "/crawl/story.html"] == [""]
    assert "/private/secret.html" not in paths
    assert store.articles.count_by_language() == {"en": 3, "ru": 1, "pl": 1}

    fakeweb.requests.clear()
    again = _crawl(store, http, detector)
    assert again.page_counts() == {}  # the slow page backs off: not tried again at once
    assert again.source_counts() == {"not_modified": 4, "failed": 2}
    article_paths = [r.path for r in fakeweb.requests
                     if r.path.startswith(("/articles/", "/crawl/", "/other/"))]
    assert article_paths == []
    feed_requests = [r for r in fakeweb.requests if r.path in ("/t/a.xml", "/t/seed.xml")]
    assert len(feed_requests) == 2 and all("if-none-match" in r.headers for r in feed_requests)
    assert store.articles.count_by_language() == {"en": 3, "ru": 1, "pl": 1}

    later = crawl(store=store, http=http, options=OPTIONS, detector=detector,
                  clock=lambda: _clock() + timedelta(minutes=2), crawl_options=FAST)
    assert later.page_counts() == {"failed": 1}  # only the slow page is tried again
    assert state("/t/slow.html") == ("pending", "fetch.timeout")  # its second attempt of 3


def test_pages_are_fetched_concurrently_within_the_host_limit(
    fakeweb: FakeWeb, sqlite_url: str, http: httpx.Client, detector: LanguageDetector
) -> None:
    from bbabo.store import open_store

    store = open_store(sqlite_url)
    in_flight, peak = 0, 0
    lock = threading.Lock()
    template = (SITE_ROOT / "crawl" / "story.html").read_text()
    words = ("harbour council ferry tram budget school winter storm bridge market port "
             "road hospital river station library museum festival").split()

    def page(request: Request) -> Reply:
        nonlocal in_flight, peak
        with lock:
            in_flight += 1
            peak = max(peak, in_flight)
        time.sleep(0.3)  # long enough for the other workers to arrive even on a loaded machine
        with lock:
            in_flight -= 1
        n = request.path.rsplit("/", 1)[1]
        # Texts that share no word sequence, or the pages would be near-duplicates.
        rng = random.Random(n)
        text = " ".join(rng.choice(words) for _ in range(120))
        body = template.replace("Harbour ferry", f"Story {n}").replace(
            "/crawl/story", f"/many/{n}").replace("The council said", text)
        return Reply(body=body.encode(), headers={"Content-Type": "text/html; charset=utf-8"})

    links = [f"/many/{n}" for n in range(9)]
    for link in links:
        fakeweb.route(link, page)
    _rss(fakeweb, "/t/many.xml", links)
    store.sources.add(url=fakeweb.url("/t/many.xml"), now=_clock())
    # The server counts requests: a client timeout (0.5 s in OPTIONS) and its retry on a loaded
    # machine would leave the first handler still sleeping beside the second (a peak of 5 was
    # seen, the client holding 3), so here the fetch waits long and never retries.
    patient = dataclasses.replace(OPTIONS, timeout_s=10.0, retry=fetch.NO_RETRY)
    report = crawl(store=store, http=http, options=patient, detector=detector, clock=_clock,
                   crawl_options=CrawlOptions(workers=8, per_host=3, host_delay_s=0))
    store.close()
    assert report.page_counts() == {"new": 9}
    assert peak == 3  # parallel, but never more than the per-host limit


def test_a_bug_on_one_page_is_that_pages_failure(
    fakeweb: FakeWeb, sqlite_url: str, http: httpx.Client, detector: LanguageDetector,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from bbabo.store import open_store

    class Buggy(InlineReader):
        def read(self, page: FetchedPage) -> Reading:
            if "wire" in page.url:
                raise RuntimeError("a bug\nover two lines")
            return super().read(page)

    store = open_store(sqlite_url)
    _rss(fakeweb, "/t/two.xml", ["/crawl/story.html", "/crawl/wire-first.html"])
    store.sources.add(url=fakeweb.url("/t/two.xml"), now=_clock())
    report = crawl(store=store, http=http, options=OPTIONS, detector=detector, clock=_clock,
                   crawl_options=FAST, reader=Buggy())
    assert report.internal_errors == 0 and report.page_counts() == {"new": 1, "failed": 1}
    [(url, code, message)] = report.failures()
    assert url.endswith("/crawl/wire-first.html")
    assert (code, message) == ("internal.error", "RuntimeError: a bug over two lines")
    # Recorded like a transient failure: tried again later, a few times at most.
    assert store.pages.get_state(url) == ("pending", "internal.error",
                                          "RuntimeError: a bug over two lines")
    store.close()
    assert caplog.text.count("Traceback") == 1
    assert "internal error while preparing a page" in caplog.text


def test_a_bug_while_polling_a_source_is_that_sources_failure_and_it_backs_off(
    fakeweb: FakeWeb, store: Store, http: httpx.Client, detector: LanguageDetector,
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:
    from bbabo.pipeline import refresh

    def buggy(body: bytes, base_url: str) -> object:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(refresh.sources, "read_feed", buggy)
    _rss(fakeweb, "/t/deep.xml", ["/crawl/story.html"])
    now = _clock()
    source = store.sources.add(url=fakeweb.url("/t/deep.xml"), now=now)
    report = crawl(store=store, http=http, options=OPTIONS, detector=detector, clock=_clock,
                   crawl_options=FAST, due_only=True)
    assert report.internal_errors == 0
    assert report.failures() == [(f"source {source.id}", "internal.error",
                                  "RecursionError: maximum recursion depth exceeded")]
    polled = store.sources.get(source.id)
    assert polled.last_error_code == "internal.error" and polled.consecutive_failures == 1
    # Backed off like any failure, so `bbabo run` does not poll it again every second.
    assert polled.next_check_at is not None
    assert polled.next_check_at - now >= timedelta(seconds=0.9 * polled.poll_interval_s)
    assert store.sources.due(_clock()) == []
    assert caplog.text.count("Traceback") == 1
