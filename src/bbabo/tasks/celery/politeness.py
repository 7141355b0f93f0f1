"""Per-host politeness shared by every worker process on every machine, kept in Redis.

``RedisHostLimiter`` is a ``bbabo.fetch.Gate``, the same seam as the crawl's in-process
``bbabo.fetch.Politeness``: ``fetch_page(..., gate=limiter)`` passes it before each redirect hop.
Two limits hold across workers: at least ``min_delay_s`` between the starts of two requests to a
host (``Crawl-delay`` from robots.txt raises it), and at most ``max_per_host`` requests to a
host in flight. Both use Redis' own clock, so machines with skewed clocks agree; slots carry an
expiry, so a worker killed mid-request frees its slot by itself.
"""

from __future__ import annotations

import copy
import logging
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from bbabo.errors import Unavailable
from bbabo.fetch.politeness import MAX_CRAWL_DELAY_S, host_key

__all__ = ["RedisHostLimiter", "RobotsPolicy"]

log = logging.getLogger(__name__)

# Reserve the next start time for a host: returns how many ms the caller waits first.
_RESERVE = """
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local start = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0'))
local after = start + tonumber(ARGV[1])
redis.call('SET', KEYS[1], after, 'PX', after - now + 60000)
return start - now
"""

# Push a host's next start time out (it answered 429 / Retry-After), never pull it in.
_DEFER = """
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local after = math.max(now + tonumber(ARGV[1]), tonumber(redis.call('GET', KEYS[1]) or '0'))
redis.call('SET', KEYS[1], after, 'PX', after - now + 60000)
return after - now
"""

# Take one of a host's in-flight slots if one is free; a slot expires after ARGV[3] ms.
_ACQUIRE = """
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
  return 1
end
return 0
"""


def _redis_errors() -> tuple[type[BaseException], ...]:
    import redis  # only a limiter built on a Redis client gets here

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


class RobotsPolicy(Protocol):
    """What the limiter asks of robots.txt (``bbabo.fetch.RobotsCache`` has both)."""

    def check(self, url: str) -> None: ...

    def crawl_delay(self, url: str) -> float | None: ...


class RedisHostLimiter:
    """A ``fetch.Gate`` whose limits hold across processes and machines."""

    def __init__(self, client: Any, *, min_delay_s: float = 1.0, max_per_host: int = 2,
                 slot_ttl_s: float = 120.0, prefix: str = "bbabo:polite:",
                 robots: RobotsPolicy | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        if min_delay_s < 0 or max_per_host < 1 or slot_ttl_s <= 0:
            raise ValueError("min_delay_s must be >= 0, max_per_host >= 1, slot_ttl_s > 0")
        self.min_delay_s, self.max_per_host = min_delay_s, max_per_host
        self.robots = robots
        self._slot_ttl_ms = int(slot_ttl_s * 1000)
        self._prefix, self._sleep = prefix, sleep
        self._reserve = client.register_script(_RESERVE)
        self._defer = client.register_script(_DEFER)
        self._acquire = client.register_script(_ACQUIRE)
        self._client = client

    @classmethod
    def from_url(cls, url: str, **kwargs: Any) -> RedisHostLimiter:
        import redis  # the cluster extra; only workers on a Redis broker get here

        return cls(redis.Redis.from_url(url, socket_timeout=10, socket_connect_timeout=5),
                   **kwargs)

    def without_robots(self) -> RedisHostLimiter:
        """The same shared limits without the robots.txt check (for subscribed feeds, as the
        crawl's ``Politeness.without_robots``)."""
        view = copy.copy(self)
        view.robots = None
        return view

    @contextmanager
    def hop(self, url: str) -> Iterator[None]:
        """Hold a slot of ``url``'s host and wait for its turn; refuse what robots.txt bars."""
        if self.robots is not None:
            self.robots.check(url)
        host = host_key(url)
        token = uuid.uuid4().hex
        try:
            self._take_slot(host, token)
        except _redis_errors() as exc:
            # Redis (the broker's server, often) is gone for now: the task retries the work.
            raise Unavailable(f"the shared politeness store is unreachable: {exc}") from None
        try:
            try:
                wait_ms = self._reserve(keys=[self._key("next", host)],
                                        args=[int(self._delay_for(url) * 1000)])
            except _redis_errors() as exc:
                raise Unavailable(f"the shared politeness store is unreachable: {exc}") \
                    from None
            if wait_ms > 0:
                self._sleep(wait_ms / 1000)
            yield
        finally:
            self._free_slot(host, token)

    def defer(self, url: str, seconds: float) -> None:
        """Keep every worker off ``url``'s host for ``seconds``."""
        self._defer(keys=[self._key("next", host_key(url))], args=[int(seconds * 1000)])

    def _take_slot(self, host: str, token: str) -> None:
        key = self._key("slots", host)
        while not self._acquire(keys=[key], args=[token, self.max_per_host, self._slot_ttl_ms]):
            self._sleep(0.05)

    def _free_slot(self, host: str, token: str) -> None:
        """Give the slot back; if Redis is gone (a broker restart), let it expire by itself
        rather than fail a request that has already been answered."""
        try:
            self._client.zrem(self._key("slots", host), token)
        except _redis_errors() as exc:
            log.warning("could not free a politeness slot of %s (%s); it expires by itself",
                        host, exc)

    def _delay_for(self, url: str) -> float:
        delay = self.min_delay_s
        if self.robots is not None:
            asked = self.robots.crawl_delay(url)
            if asked:
                delay = max(delay, min(asked, MAX_CRAWL_DELAY_S))
        return delay

    def _key(self, what: str, host: str) -> str:
        return f"{self._prefix}{what}:{host}"
