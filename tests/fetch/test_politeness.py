"""Retries with back-off, robots.txt, and per-host delay and concurrency."""

from __future__ import annotations

import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from bbabo.errors import FetchTimeout, Forbidden, NotFound, RateLimited, TransientError
from bbabo.fetch import (
    FetchOptions,
    Politeness,
    RetryPolicy,
    RobotsCache,
    fetch_page,
    host_key,
    robots_url,
)
from bbabo.fetch.retry import call_with_retries
from fakeweb import FakeWeb, Reply, Request


def _flaky(failures: list[Reply]) -> object:
    """A handler answering each reply in turn, then 200."""
    pending = list(failures)

    def handle(request: Request) -> Reply:
        if pending:
            return pending.pop(0)
        return Reply(body=b"<p>finally</p>", headers={"Content-Type": "text/html"})

    return handle


def test_5xx_and_429_are_retried_then_succeed(fakeweb: FakeWeb, client: httpx.Client,
                                              options: FetchOptions) -> None:
    fakeweb.route("/flaky", _flaky([Reply(status=503), Reply(status=429,
                                                             headers={"Retry-After": "0"})]))
    page = fetch_page(client, fakeweb.url("/flaky"), options)
    assert page.body == b"<p>finally</p>"
    assert len(fakeweb.requests) == 3


def test_retries_are_bounded(fakeweb: FakeWeb, client: httpx.Client,
                             options: FetchOptions) -> None:
    fakeweb.route("/down", status=502)
    with pytest.raises(TransientError) as caught:
        fetch_page(client, fakeweb.url("/down"), options)
    assert caught.value.code == "fetch.upstream"
    assert len(fakeweb.requests) == 1 + options.retry.retries


def test_permanent_errors_are_not_retried(fakeweb: FakeWeb, client: httpx.Client,
                                          options: FetchOptions) -> None:
    fakeweb.route("/gone", status=404)
    with pytest.raises(NotFound):
        fetch_page(client, fakeweb.url("/gone"), options)
    assert len(fakeweb.requests) == 1


def test_retry_after_beyond_the_budget_fails_at_once(fakeweb: FakeWeb, client: httpx.Client,
                                                     options: FetchOptions) -> None:
    fakeweb.route("/busy", status=429, headers={"Retry-After": "3600"})
    with pytest.raises(RateLimited) as caught:
        fetch_page(client, fakeweb.url("/busy"), options)
    assert caught.value.retry_after == 3600  # the source's back-off will honour it
    assert len(fakeweb.requests) == 1


def test_retry_after_is_honoured_and_back_off_grows_with_jitter() -> None:
    waits: list[float] = []
    errors = [RateLimited("429", retry_after=7.0), FetchTimeout("slow"), FetchTimeout("slow")]

    def call() -> str:
        if errors:
            raise errors.pop(0)
        return "ok"

    policy = RetryPolicy(retries=3, base_delay_s=2.0, max_wait_s=60)
    assert call_with_retries(call, policy, url="u", sleep=waits.append,
                             rng=random.Random(1)) == "ok"
    assert waits[0] == 7.0  # Retry-After, exactly
    assert 2.0 <= waits[1] <= 4.0 and 4.0 <= waits[2] <= 8.0  # 2·2ⁿ, at least half of it


def test_robots_txt_is_honoured_and_cached(fakeweb: FakeWeb, client: httpx.Client,
                                           options: FetchOptions) -> None:
    fakeweb.route("/robots.txt", body=b"User-agent: *\nDisallow: /private/\n\n"
                  b"User-agent: bbabo\nDisallow: /no-bbabo/\nCrawl-delay: 2.5\n")
    robots = RobotsCache(client, options)
    robots.check(fakeweb.url("/private/x.html"))  # the bbabo group overrides the * group
    robots.check(fakeweb.url("/news/a.html"))
    with pytest.raises(Forbidden) as caught:
        robots.check(fakeweb.url("/no-bbabo/a.html?x=1"))
    assert caught.value.code == "fetch.robots_disallowed"
    assert robots.crawl_delay(fakeweb.url("/")) == 2.5
    assert [r.path for r in fakeweb.requests] == ["/robots.txt"]  # fetched once
    assert fakeweb.requests[0].headers["user-agent"].startswith("bbabo/")


def test_robots_answers_of_at_most_max_origins_are_kept(fakeweb: FakeWeb, client: httpx.Client,
                                                        options: FetchOptions) -> None:
    fakeweb.route("/robots.txt", body=b"User-agent: *\nDisallow: /private/\n")
    here, there = fakeweb.url("/a"), fakeweb.url("/a").replace("127.0.0.1", "localhost")
    for max_origins, fetches in ((2, 2), (1, 3)):
        robots = RobotsCache(client, options, max_origins=max_origins)
        before = len(fakeweb.requests)
        for url in (here, there, here):  # the first origin again, after a second one
            robots.check(url)
        assert len(fakeweb.requests) - before == fetches


def test_missing_robots_allows_and_unreachable_robots_holds_off(
    fakeweb: FakeWeb, client: httpx.Client, options: FetchOptions
) -> None:
    robots = RobotsCache(client, options)
    robots.check(fakeweb.url("/anything"))  # 404: no rules
    assert robots.crawl_delay(fakeweb.url("/anything")) is None
    fakeweb.route("/robots.txt", status=500)
    fresh = RobotsCache(client, options)
    with pytest.raises(TransientError) as caught:
        fresh.check(fakeweb.url("/anything"))
    assert caught.value.code == "fetch.robots_unreachable"
    assert robots_url("http://a.example:8080/x/y?z#f") == "http://a.example:8080/robots.txt"


def test_oversized_robots_is_ignored(fakeweb: FakeWeb, client: httpx.Client,
                                     options: FetchOptions) -> None:
    fakeweb.route("/robots.txt", body=b"User-agent: *\nDisallow: /\n" + b"#" * 600_000)
    RobotsCache(client, options).check(fakeweb.url("/page"))  # too large: unavailable


def test_robots_on_a_page_fetch_through_the_gate(fakeweb: FakeWeb, client: httpx.Client,
                                                 options: FetchOptions) -> None:
    fakeweb.route("/robots.txt", body=b"User-agent: *\nDisallow: /secret\n")
    fakeweb.redirect("/open", "/secret/page")
    polite = Politeness(min_delay_s=0, robots=RobotsCache(client, options))
    with pytest.raises(Forbidden) as caught:
        fetch_page(client, fakeweb.url("/open"), options, gate=polite)
    assert caught.value.code == "fetch.robots_disallowed"
    assert "/secret/page" not in [r.path for r in fakeweb.requests]  # the hop was checked
    # Feeds are fetched without the robots check, as a feed reader does.
    fakeweb.route("/secret/feed.xml", body=b"<rss/>")
    fetch_page(client, fakeweb.url("/secret/feed.xml"), options, gate=polite.without_robots())


class _FakeTime:
    def __init__(self) -> None:
        self.now = 100.0
        self.lock = threading.Lock()

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        with self.lock:
            self.now += seconds


def test_minimum_delay_between_requests_to_one_host() -> None:
    fake = _FakeTime()
    polite = Politeness(min_delay_s=1.5, clock=fake.clock, sleep=fake.sleep)
    starts = []
    for _ in range(3):
        with polite.hop("http://a.example/x"):
            starts.append(fake.now)
        with polite.hop("http://b.example/y"):  # another host does not wait for a.example
            pass
    assert starts == [100.0, 101.5, 103.0]
    polite.defer("http://a.example/z", 10)
    with polite.hop("http://a.example/x"):
        assert fake.now == pytest.approx(113.0)


def test_crawl_delay_from_robots_slows_the_host(fakeweb: FakeWeb, client: httpx.Client,
                                                options: FetchOptions) -> None:
    fakeweb.route("/robots.txt", body=b"User-agent: *\nCrawl-delay: 4\n")
    fake = _FakeTime()
    polite = Politeness(min_delay_s=0.5, robots=RobotsCache(client, options),
                        clock=fake.clock, sleep=fake.sleep)
    for _ in range(2):
        with polite.hop(fakeweb.url("/a")):
            pass
    assert fake.now == 104.0


@pytest.mark.parametrize(("rules", "expected"), [
    ("Request-rate: 1/5", 5.0),  # protego gives the period as an int
    ("Request-rate: 1/10m", 600.0),
    ("Request-rate: 3/1h 0600-0845", 1200.0),
    ("Request-rate: 2/5\nCrawl-delay: 4", 4.0),  # the larger of the two
    ("Request-rate: 0/5", None),
    ("Request-rate: nonsense", None),
    ("Crawl-delay: 1e308", 1e308),  # capped by the gate, not here
    ("Crawl-delay: -3", None),
])
def test_every_shape_of_request_rate_and_crawl_delay(
    fakeweb: FakeWeb, client: httpx.Client, options: FetchOptions, rules: str,
    expected: float | None,
) -> None:
    fakeweb.route("/robots.txt", body=f"User-agent: *\n{rules}\n".encode())
    robots = RobotsCache(client, options)
    robots.check(fakeweb.url("/page"))
    assert robots.crawl_delay(fakeweb.url("/page")) == expected


def test_a_request_rate_slows_the_host_and_its_pages_are_fetched(
    fakeweb: FakeWeb, client: httpx.Client, options: FetchOptions
) -> None:
    fakeweb.route("/robots.txt", body=b"User-agent: *\nRequest-rate: 1/3\n")
    fakeweb.route("/page", body=b"<p>ok</p>")
    fake = _FakeTime()
    polite = Politeness(min_delay_s=0.5, robots=RobotsCache(client, options),
                        clock=fake.clock, sleep=fake.sleep)
    for _ in range(2):
        assert fetch_page(client, fakeweb.url("/page"), options, gate=polite).body == b"<p>ok</p>"
    assert fake.now == 103.0


def test_per_host_concurrency_limit(fakeweb: FakeWeb, client: httpx.Client,
                                    options: FetchOptions) -> None:
    in_flight, peak = 0, 0
    lock = threading.Lock()

    def slow(request: Request) -> Reply:
        nonlocal in_flight, peak
        with lock:
            in_flight += 1
            peak = max(peak, in_flight)
        time.sleep(0.05)
        with lock:
            in_flight -= 1
        return Reply(body=b"ok")

    fakeweb.route("/slow", slow)
    polite = Politeness(min_delay_s=0, max_per_host=2)
    with ThreadPoolExecutor(6) as pool:
        list(pool.map(lambda _: fetch_page(client, fakeweb.url("/slow"), options, gate=polite),
                      range(8)))
    assert peak == 2


def test_host_key() -> None:
    assert host_key("https://User@News.Example:8443/a") == "news.example:8443"
    assert host_key("http://127.0.0.2/x") == "127.0.0.2"


def test_unthrottled_hosts_do_not_wait() -> None:
    fake = _FakeTime()
    polite = Politeness(min_delay_s=5, unthrottled=frozenset({"127.0.0.1:8001"}),
                        clock=fake.clock, sleep=fake.sleep)
    for _ in range(3):
        with polite.hop("http://127.0.0.1:8001/feed.xml"):
            pass
    assert fake.now == 100.0
