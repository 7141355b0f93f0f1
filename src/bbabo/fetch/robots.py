"""robots.txt, fetched through bbabo's own guarded, size-capped fetcher and cached per origin.

Rules follow RFC 9309: a robots.txt that is missing or refused (any 4xx) allows everything; one
that cannot be reached (5xx, timeout, network error) disallows everything for a while, since
the site may be in trouble. ``protego`` parses it (wildcards, ``$``, Crawl-delay,
Request-rate), which ``urllib.robotparser`` does not fully do.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

import httpx
from protego import Protego

from bbabo.errors import Forbidden, PermanentError, TransientError
from bbabo.fetch.client import FetchOptions, fetch_page
from bbabo.fetch.guard import Resolver
from bbabo.fetch.retry import NO_RETRY

__all__ = ["RobotsCache", "ROBOTS_MAX_BYTES", "crawl_delay_of", "robots_url"]

log = logging.getLogger(__name__)

ROBOTS_MAX_BYTES = 512 * 1024
"""RFC 9309 asks crawlers to parse at least 500 KiB."""
_TTL_S = 3600.0
_UNREACHABLE_TTL_S = 300.0
# Origins whose answers are kept; one more asked forgets the expired ones, then the oldest.
_MAX_ORIGINS = 4096
_AGENT = "bbabo"


@dataclass(frozen=True, slots=True)
class _Entry:
    rules: Protego | None  # None: allow everything
    unreachable: str | None  # why the file could not be read (disallow everything meanwhile)
    expires_at: float


def crawl_delay_of(rules: Protego) -> float | None:
    """The larger of Crawl-delay and the interval Request-rate implies, for bbabo."""
    delays = [_seconds(rules.crawl_delay(_AGENT))]
    rate = rules.request_rate(_AGENT)
    requests = _seconds(getattr(rate, "requests", None))
    period = _seconds(getattr(rate, "seconds", None))
    if requests and period is not None:
        delays.append(period / requests)
    found = [delay for delay in delays if delay]
    return max(found) if found else None


def _seconds(value: object) -> float | None:
    """A number of seconds from what protego returns: an int, a float, a ``timedelta`` (its
    versions differ), or anything else (None)."""
    if isinstance(value, timedelta):
        value = value.total_seconds()
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) and number >= 0 else None


def robots_url(url: str) -> str:
    """The robots.txt that governs ``url`` (same scheme, host and port)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))


class RobotsCache:
    """Answers "may bbabo fetch this URL?" and "how slowly?", one robots.txt fetch per origin
    per hour. Thread-safe: concurrent workers asking about a new origin wait for one fetch."""

    def __init__(self, client: httpx.Client, options: FetchOptions, *,
                 resolver: Resolver | None = None, ttl_s: float = _TTL_S,
                 clock: Callable[[], float] = time.monotonic,
                 max_origins: int = _MAX_ORIGINS) -> None:
        self._client = client
        self._options = replace(options, retry=NO_RETRY,
                                max_bytes=min(options.max_bytes, ROBOTS_MAX_BYTES))
        self._resolver = resolver
        self._ttl_s = ttl_s
        self._clock = clock
        self._max_origins = max_origins
        self._entries: dict[str, _Entry] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def check(self, url: str) -> None:
        """Raise Forbidden ``fetch.robots_disallowed`` when robots.txt forbids ``url``, or a
        TransientError ``fetch.robots_unreachable`` when robots.txt cannot be read now."""
        entry = self._entry(url)
        if entry.unreachable is not None:
            raise TransientError(f"robots.txt for {url} unreachable: {entry.unreachable}",
                                 code="fetch.robots_unreachable")
        if entry.rules is not None and not entry.rules.can_fetch(url, _AGENT):
            log.info("disallowed by robots.txt", extra={"url": url})
            raise Forbidden(f"robots.txt disallows {url}", code="fetch.robots_disallowed")

    def crawl_delay(self, url: str) -> float | None:
        """Seconds between requests that robots.txt asks for (Crawl-delay or Request-rate)."""
        rules = self._entry(url).rules
        if rules is None:
            return None
        return crawl_delay_of(rules)

    def _entry(self, url: str) -> _Entry:
        key = robots_url(url)
        with self._guard:
            entry = self._entries.get(key)
            if entry is not None and entry.expires_at > self._clock():
                return entry
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            with self._guard:
                entry = self._entries.get(key)
            if entry is None or entry.expires_at <= self._clock():
                entry = self._load(key)
                with self._guard:
                    self._entries.pop(key, None)  # to the end: the newest
                    self._entries[key] = entry
                    if len(self._entries) > self._max_origins:
                        self._forget()
            return entry

    def _forget(self) -> None:
        """Drop the expired answers, then the oldest while over ``max_origins`` (called with
        the guard held). Without it a process running for weeks kept an answer for every
        origin a feed ever linked to, each up to ROBOTS_MAX_BYTES of rules."""
        now = self._clock()
        for key in [key for key, entry in self._entries.items() if entry.expires_at <= now]:
            del self._entries[key]
            self._locks.pop(key, None)
        while len(self._entries) > self._max_origins:
            key = next(iter(self._entries))
            del self._entries[key]
            self._locks.pop(key, None)

    def _load(self, key: str) -> _Entry:
        now = self._clock()
        try:
            page = fetch_page(self._client, key, self._options, resolver=self._resolver)
        except TransientError as exc:
            log.info("robots.txt unreachable", extra={"url": key, "code": exc.code})
            return _Entry(rules=None, unreachable=exc.code, expires_at=now + _UNREACHABLE_TTL_S)
        except PermanentError as exc:
            # 4xx, too large, a bad URL: "unavailable", which allows everything (RFC 9309).
            log.debug("no usable robots.txt", extra={"url": key, "code": exc.code})
            return _Entry(rules=None, unreachable=None, expires_at=now + self._ttl_s)
        text = page.body.decode(page.encoding or "utf-8", errors="replace")
        return _Entry(rules=Protego.parse(text), unreachable=None, expires_at=now + self._ttl_s)
