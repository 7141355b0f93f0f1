"""The Redis host limiter: its limits hold between limiter objects that share nothing but Redis,
as two worker processes do."""

from __future__ import annotations

import threading
import time
import uuid

import pytest
import redis

from bbabo.errors import Forbidden
from bbabo.tasks.celery.politeness import RedisHostLimiter


def _limiter(client: redis.Redis, prefix: str, **kwargs: float) -> RedisHostLimiter:
    return RedisHostLimiter(client, prefix=prefix, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def prefix() -> str:
    return f"test:{uuid.uuid4().hex}:"


def test_request_starts_to_one_host_are_spaced_across_limiters(redis_client: redis.Redis,
                                                               prefix: str) -> None:
    workers = [_limiter(redis_client, prefix, min_delay_s=0.15, max_per_host=4)
               for _ in range(2)]
    starts: list[float] = []
    lock = threading.Lock()

    def fetch(limiter: RedisHostLimiter, url: str) -> None:
        with limiter.hop(url):
            with lock:
                starts.append(time.monotonic())

    threads = [threading.Thread(target=fetch, args=(workers[i % 2], f"http://a.example/{i}"))
               for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    starts.sort()
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    assert min(gaps) >= 0.12, gaps  # 0.15 s apart, less Redis/clock rounding

    began = time.monotonic()
    with workers[0].hop("http://b.example/"):  # another host does not wait
        pass
    assert time.monotonic() - began < 0.1


def test_in_flight_requests_per_host_are_capped_and_slots_expire(redis_client: redis.Redis,
                                                                 prefix: str) -> None:
    first = _limiter(redis_client, prefix, min_delay_s=0, max_per_host=1, slot_ttl_s=0.4)
    second = _limiter(redis_client, prefix, min_delay_s=0, max_per_host=1, slot_ttl_s=0.4)
    with first.hop("http://a.example/1"):
        began = time.monotonic()
        with second.hop("http://a.example/2"):
            waited = time.monotonic() - began
    # The first slot was still held: the second got in only when it expired (a dead worker's
    # slot frees itself the same way).
    assert 0.3 <= waited < 2.0
    began = time.monotonic()
    with second.hop("http://a.example/3"):
        pass
    assert time.monotonic() - began < 0.1  # released on exit


def test_defer_holds_every_worker_off_the_host(redis_client: redis.Redis, prefix: str) -> None:
    limiter = _limiter(redis_client, prefix, min_delay_s=0)
    _limiter(redis_client, prefix).defer("http://a.example/x", 0.3)
    began = time.monotonic()
    with limiter.hop("http://a.example/y"):
        pass
    assert time.monotonic() - began >= 0.25


class _Robots:
    def check(self, url: str) -> None:
        if "/private/" in url:
            raise Forbidden(f"robots.txt disallows {url}", code="fetch.robots_disallowed")

    def crawl_delay(self, url: str) -> float | None:
        return 0.2


def test_robots_refusal_and_crawl_delay(redis_client: redis.Redis, prefix: str) -> None:
    limiter = _limiter(redis_client, prefix, min_delay_s=0, max_per_host=1)
    limiter.robots = _Robots()
    with pytest.raises(Forbidden), limiter.hop("http://a.example/private/x"):
        pass
    with limiter.hop("http://a.example/1"):
        pass
    began = time.monotonic()
    with limiter.hop("http://a.example/2"):  # Crawl-delay 0.2 applies; no slot leaked
        pass
    assert time.monotonic() - began >= 0.15
    feeds = limiter.without_robots()
    with feeds.hop("http://a.example/private/feed.xml"):
        pass
