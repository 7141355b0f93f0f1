"""Retries inside one fetch: a 429, a 5xx or a timeout is often gone a second later, so it is
worth a couple of quick attempts before the failure is recorded and the source backs off for
minutes. Exponential back-off with full jitter (so many workers do not retry in step), the
server's Retry-After honoured, and a bound on the total wait so one page cannot stall a crawl.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from bbabo.errors import FetchTimeout, RateLimited, TransientError, UpstreamError

__all__ = ["RetryPolicy", "NO_RETRY", "call_with_retries", "RETRIED_ERRORS"]

log = logging.getLogger(__name__)

T = TypeVar("T")

RETRIED_ERRORS: tuple[type[TransientError], ...] = (RateLimited, UpstreamError, FetchTimeout)
"""What a retry can cure. Connection refused and DNS failures are not in it: they rarely clear
within seconds, and the source's own back-off handles them."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RetryPolicy:
    """``retries`` extra attempts; the n-th waits up to ``base_delay_s * 2**n`` (jittered), or
    what Retry-After asks; all waits together stay within ``max_wait_s``."""

    retries: int = 2
    base_delay_s: float = 1.0
    max_wait_s: float = 30.0

    def __post_init__(self) -> None:
        if self.retries < 0 or self.base_delay_s < 0 or self.max_wait_s < 0:
            raise ValueError(f"invalid retry policy: {self!r}")

    def delay(self, attempt: int, error: TransientError, rng: random.Random) -> float:
        """Seconds to wait before retry number ``attempt`` (0-based) after ``error``."""
        retry_after = error.retry_after if isinstance(error, RateLimited) else None
        if retry_after is not None:
            return float(retry_after)
        ceiling = self.base_delay_s * 2.0 ** attempt
        # "Equal jitter": at least half the back-off, so a retry is never immediate.
        return ceiling / 2 + rng.uniform(0, ceiling / 2)


NO_RETRY = RetryPolicy(retries=0)


def call_with_retries(
    call: Callable[[], T],
    policy: RetryPolicy,
    *,
    url: str,
    sleep: Callable[[float], None] = time.sleep,
    rng: random.Random | None = None,
    on_wait: Callable[[float], None] | None = None,
) -> T:
    """Run ``call``; on a retriable error wait and try again, at most ``policy.retries`` times.

    ``on_wait(seconds)`` is told of each wait (the crawl's politeness uses it to keep other
    workers off a host that asked for a pause). The last error is raised unchanged.
    """
    chooser = rng or random.Random()
    waited = 0.0
    attempt = 0
    while True:
        try:
            return call()
        except RETRIED_ERRORS as exc:
            if attempt >= policy.retries:
                raise
            delay = policy.delay(attempt, exc, chooser)
            if waited + delay > policy.max_wait_s:
                # Waiting longer than the budget (a Retry-After of an hour) is the source
                # back-off's job, not this fetch's.
                log.debug("not retrying: wait over budget",
                          extra={"url": url, "code": exc.code, "delay": delay})
                raise
            log.info("retrying after %.2fs: %s", delay, exc.code,
                     extra={"url": url, "code": exc.code})
            if on_wait is not None:
                on_wait(delay)
            sleep(delay)
            waited += delay
            attempt += 1
