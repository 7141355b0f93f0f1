"""Per-host manners for one crawler: at most ``max_per_host`` requests to a host at once, at
least ``min_delay_s`` (or the host's robots.txt Crawl-delay) between the starts of two requests
to it, and robots.txt for article pages. Thread-safe; the crawl owns one and hands it to every
``fetch_page`` call as the ``gate``, which applies it before each redirect hop.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bbabo.fetch.robots import RobotsCache

__all__ = ["Politeness", "MAX_CRAWL_DELAY_S", "host_key"]

log = logging.getLogger(__name__)

MAX_CRAWL_DELAY_S = 30.0
"""A Crawl-delay above this is capped: one page a minute would starve a news source."""


def host_key(url: str) -> str:
    """What "one host" means for politeness: the host name and port."""
    parts = urlsplit(url)
    return (parts.netloc.rpartition("@")[2] or url).lower()


@dataclass(slots=True)
class _Host:
    slots: threading.BoundedSemaphore
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_start: float = 0.0


class Politeness:
    """The gate ``fetch_page`` passes each hop through. ``robots`` (optional) is consulted for
    every URL unless the view from ``without_robots()`` is used (feeds the operator subscribed
    to are fetched like a feed reader does, regardless of robots.txt)."""

    def __init__(self, *, min_delay_s: float = 1.0, max_per_host: int = 2,
                 robots: RobotsCache | None = None,
                 unthrottled: frozenset[str] = frozenset(),
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        if min_delay_s < 0 or max_per_host < 1:
            raise ValueError("min_delay_s must be >= 0 and max_per_host >= 1")
        self.min_delay_s = min_delay_s
        self.max_per_host = max_per_host
        self.robots = robots
        # Hosts (``host_key``) with no delay: bbabo's own loopback servers, such as the demo.
        self.unthrottled = unthrottled
        self._clock, self._sleep = clock, sleep
        self._hosts: dict[str, _Host] = {}
        self._lock = threading.Lock()

    def without_robots(self) -> _Gate:
        """The same host limits, without the robots.txt check."""
        return _Gate(self, check_robots=False)

    @contextmanager
    def hop(self, url: str) -> Iterator[None]:
        with _Gate(self, check_robots=True).hop(url):
            yield

    def defer(self, url: str, seconds: float) -> None:
        """Keep every worker off ``url``'s host for ``seconds`` (it said 429 / Retry-After)."""
        host = self._host(host_key(url))
        with host.lock:
            host.next_start = max(host.next_start, self._clock() + seconds)

    def _delay_for(self, url: str, check_robots: bool) -> float:
        if host_key(url) in self.unthrottled:
            return 0.0
        delay = self.min_delay_s
        if check_robots and self.robots is not None:
            asked = self.robots.crawl_delay(url)
            if asked:
                delay = max(delay, min(asked, MAX_CRAWL_DELAY_S))
        return delay

    def _host(self, key: str) -> _Host:
        with self._lock:
            host = self._hosts.get(key)
            if host is None:
                host = self._hosts[key] = _Host(threading.BoundedSemaphore(self.max_per_host))
            return host

    def _wait_turn(self, host: _Host, delay: float) -> None:
        # Reserve the start time under the lock, sleep outside it: workers queue in order.
        with host.lock:
            now = self._clock()
            start = max(now, host.next_start)
            host.next_start = start + delay
        if start > now:
            self._sleep(start - now)


class _Gate:
    def __init__(self, politeness: Politeness, *, check_robots: bool) -> None:
        self._politeness = politeness
        self._check_robots = check_robots

    @contextmanager
    def hop(self, url: str) -> Iterator[None]:
        polite = self._politeness
        if self._check_robots and polite.robots is not None:
            polite.robots.check(url)
        delay = polite._delay_for(url, self._check_robots)
        host = polite._host(host_key(url))
        host.slots.acquire()
        try:
            polite._wait_turn(host, delay)
            yield
        finally:
            host.slots.release()

    def defer(self, url: str, seconds: float) -> None:
        self._politeness.defer(url, seconds)
