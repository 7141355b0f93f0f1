"""When to poll a source next: as often as it publishes, within bounds, after a success;
exponential back-off after failures.

The interval after a success is learned from the dates of the entries the feed shows: the
median gap between its entries of the last week, divided by ``polls_per_gap`` (8), so a source
that publishes hourly is polled every 7.5 minutes and one that publishes daily every 3 hours.
It is then held within the policy's bounds (2 minutes to 24 hours), never under the
operator's floor (``poll_interval_s``), never under what the feed itself asks (RSS ``<ttl>``,
``Cache-Control: max-age``, ``Expires``, as Miniflux honours them; capped at the upper bound),
and, while a WebSub hub pushes the feed's news, at least ``subscribed_min_s`` (polling is then
only the safety net). A feed without dates keeps the interval it had.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

from bbabo.model import FetchedPage, Source

__all__ = ["next_check_after_success", "next_check_after_failure", "MAX_BACKOFF_S",
           "PollPolicy", "learned_interval", "cache_hint_s", "success_interval",
           "DEFAULT_INTERVAL_S"]

MAX_BACKOFF_S = 24 * 3600
DEFAULT_INTERVAL_S = 900
"""A source's interval before anything is learned about it (the fixed interval of old)."""

_WEEK = timedelta(days=7)
_FUTURE_SLACK = timedelta(minutes=5)  # dates a little ahead of our clock: clock skew, not lies


@dataclass(frozen=True, slots=True, kw_only=True)
class PollPolicy:
    """Bounds of the interval after a success. ``floor_s`` is the operator's
    (``poll_interval_s``); the upper bound never goes under it."""

    floor_s: int = 120
    min_s: int = 120
    max_s: int = 24 * 3600
    polls_per_gap: float = 8.0
    subscribed_min_s: int = 3600

    @property
    def upper_s(self) -> int:
        return max(self.max_s, self.floor_s)


def learned_interval(dates: Iterable[datetime | None], now: datetime,
                     policy: PollPolicy) -> int | None:
    """The interval the entries' dates call for, or None when they tell nothing (fewer than
    two distinct dates in the last week and none at all older)."""
    dated = [d for d in dates if d is not None]
    recent = sorted(d for d in dated if now - _WEEK <= d <= now + _FUTURE_SLACK)
    if len(recent) < 2:
        # One entry in a week (or none, with dated entries older than that): a rare source.
        return policy.max_s if dated else None
    # Entries published together (a batch, or a feed stamping every entry with its build
    # time) say nothing about the pace: only gaps of a second or more count.
    gaps = [gap for a, b in zip(recent, recent[1:], strict=False)
            if (gap := (b - a).total_seconds()) >= 1]
    if not gaps:
        return None
    # Stored without the operator's floor, which is applied at each poll (it may change).
    return int(min(max(statistics.median(gaps) / policy.polls_per_gap, policy.min_s),
                   policy.max_s))


def cache_hint_s(page: FetchedPage, ttl_s: int | None = None) -> float | None:
    """How long the server says its answer stays fresh: the largest of ``Cache-Control:
    max-age`` (``s-maxage``), ``Expires`` (from the time fetched) and the feed's ``<ttl>``;
    None when it says nothing (or ``no-cache``/``no-store``)."""
    hints: list[float] = [] if ttl_s is None else [float(ttl_s)]
    directives = _directives(page.cache_control or "")
    if "no-store" in directives or "no-cache" in directives:
        return max(hints) if hints else None
    for name in ("max-age", "s-maxage"):
        value = directives.get(name, "")
        if value.isdigit():
            hints.append(float(value))
    if page.expires and "max-age" not in directives:  # max-age wins over Expires (RFC 9111)
        try:
            expires = parsedate_to_datetime(page.expires)
            if expires.tzinfo is not None:
                hints.append((expires - page.fetched_at).total_seconds())
        except (TypeError, ValueError, IndexError):
            pass  # "Expires: 0" and other nonsense mean "already stale"
    hints = [h for h in hints if h > 0]
    return max(hints) if hints else None


def success_interval(source: Source, *, policy: PollPolicy, learned_s: int | None,
                     cache_s: float | None = None, subscribed: bool = False) -> int:
    """The seconds until the next poll after a successful one."""
    interval = float(learned_s if learned_s is not None else source.poll_interval_s)
    interval = max(interval, policy.floor_s, policy.min_s)
    if cache_s is not None:
        interval = max(interval, min(cache_s, policy.upper_s))
    if subscribed:
        interval = max(interval, policy.subscribed_min_s)
    return int(min(interval, policy.upper_s))


def next_check_after_success(source: Source, now: datetime, *,
                             policy: PollPolicy | None = None, learned_s: int | None = None,
                             cache_s: float | None = None, subscribed: bool = False) -> datetime:
    interval = success_interval(source, policy=policy or PollPolicy(), learned_s=learned_s,
                                cache_s=cache_s, subscribed=subscribed)
    return now + timedelta(seconds=interval)


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


def _directives(header: str) -> dict[str, str]:
    found = {}
    for part in header.lower().split(","):
        name, _, value = part.strip().partition("=")
        if name:
            found[name.strip()] = value.strip().strip('"')
    return found
