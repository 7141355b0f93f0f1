"""When to poll a source next: its interval after a success, exponential back-off after failures."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from bbabo.model import Source

__all__ = ["next_check_after_success", "next_check_after_failure", "MAX_BACKOFF_S"]

MAX_BACKOFF_S = 24 * 3600


def next_check_after_success(source: Source, now: datetime) -> datetime:
    return now + timedelta(seconds=source.poll_interval_s)


def next_check_after_failure(source: Source, now: datetime, *,
                             retry_after: float | None = None,
                             rng: random.Random | None = None) -> datetime:
    """Double the wait with every consecutive failure, capped at a day, with jitter so many
    sources failing together (a network outage) do not all come back at the same second."""
    failures = source.consecutive_failures + 1
    delay = min(source.poll_interval_s * 2 ** (failures - 1), MAX_BACKOFF_S)
    delay *= (rng or random).uniform(0.9, 1.1)
    if retry_after is not None:
        delay = max(delay, retry_after)
    return now + timedelta(seconds=delay)
