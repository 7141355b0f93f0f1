"""Adaptive polling: the interval follows how often a source publishes, within the bounds, the
operator's floor and what the feed's caching headers ask; failures still back off."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from bbabo.model import FetchedPage, Source
from bbabo.pipeline.schedule import (
    PollPolicy,
    cache_hint_s,
    learned_interval,
    next_check_after_failure,
    success_interval,
)

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
POLICY = PollPolicy()


def _every(gap: timedelta, count: int = 20) -> list[datetime]:
    return [NOW - gap * i for i in range(count)]


def _page(**headers: str | None) -> FetchedPage:
    return FetchedPage(url="https://n.example/feed", final_url="https://n.example/feed",
                       status=200, fetched_at=NOW, cache_control=headers.get("cache_control"),
                       expires=headers.get("expires"))


@pytest.mark.parametrize(("gap", "expected"), [
    (timedelta(hours=1), 450),  # hourly: every 7.5 minutes (p50 delay under 4 minutes)
    (timedelta(days=1), 3 * 3600),  # daily: 8 requests a day instead of 96 at the old 15 min
    (timedelta(minutes=2), 120),  # a wire: the 2-minute lower bound
])
def test_the_interval_is_an_eighth_of_the_median_gap_within_bounds(gap: timedelta,
                                                                    expected: int) -> None:
    assert learned_interval(_every(gap, 7 if gap >= timedelta(days=1) else 20), NOW,
                            POLICY) == expected


def test_a_burst_or_an_outlier_does_not_move_the_median() -> None:
    dates = _every(timedelta(hours=1), 10) + [NOW - timedelta(hours=3, minutes=1)] * 3
    dates.append(NOW - timedelta(days=6))  # one long silence
    assert learned_interval(dates, NOW, POLICY) == 450


def test_rare_silent_and_undated_feeds() -> None:
    # One entry in the last week (or only old ones): the upper bound, a day.
    assert learned_interval([NOW - timedelta(days=2)], NOW, POLICY) == 24 * 3600
    assert learned_interval(_every(timedelta(days=1), 5)[:1] + [NOW - timedelta(days=30)],
                            NOW, POLICY) == 24 * 3600
    # No dates at all, or every entry stamped with the same time: nothing learned.
    assert learned_interval([None, None], NOW, POLICY) is None
    assert learned_interval([NOW, NOW, NOW], NOW, POLICY) is None
    # Dates far in the future are lies, not a pace.
    assert learned_interval([NOW + timedelta(days=400), NOW + timedelta(days=800)], NOW,
                            POLICY) == 24 * 3600


def test_the_operator_floor_the_feed_ttl_and_websub_only_lengthen_it() -> None:
    source = Source(id=1, url="https://n.example/feed", poll_interval_s=900)
    assert success_interval(source, policy=POLICY, learned_s=450) == 450
    assert success_interval(source, policy=PollPolicy(floor_s=900), learned_s=450) == 900
    assert success_interval(source, policy=POLICY, learned_s=None) == 900  # kept
    assert success_interval(source, policy=POLICY, learned_s=450, cache_s=1800) == 1800
    assert success_interval(source, policy=POLICY, learned_s=450, cache_s=10) == 450
    # A cache lifetime of a week is held to the upper bound.
    assert success_interval(source, policy=POLICY, learned_s=450,
                            cache_s=7 * 86400) == 24 * 3600
    assert success_interval(source, policy=POLICY, learned_s=450, subscribed=True) == 3600
    # An operator floor above a day is honoured over the upper bound.
    assert success_interval(source, policy=PollPolicy(floor_s=2 * 86400),
                            learned_s=450) == 2 * 86400


def test_caching_headers_as_miniflux_reads_them() -> None:
    assert cache_hint_s(_page(cache_control="public, max-age=600")) == 600
    assert cache_hint_s(_page(cache_control="s-maxage=900, max-age=60")) == 900
    assert cache_hint_s(_page(expires="Sun, 06 Dec 2026 13:00:00 GMT")) == 3600
    # max-age wins over Expires (RFC 9111 §5.3).
    assert cache_hint_s(_page(cache_control="max-age=60",
                              expires="Sun, 06 Dec 2026 13:00:00 GMT")) == 60
    assert cache_hint_s(_page(expires="0")) is None
    assert cache_hint_s(_page(expires="Sun, 06 Dec 2026 11:00:00 GMT")) is None  # past
    assert cache_hint_s(_page(cache_control="no-cache, max-age=600")) is None
    assert cache_hint_s(_page(), ttl_s=1800) == 1800  # RSS <ttl>30</ttl>
    assert cache_hint_s(_page(cache_control="max-age=60"), ttl_s=1800) == 1800
    assert cache_hint_s(_page(cache_control="max-age=nonsense")) is None


def test_failures_still_back_off_exponentially_from_the_interval() -> None:
    source = Source(id=1, url="https://n.example/feed", poll_interval_s=450,
                    consecutive_failures=3)
    delay = (next_check_after_failure(source, NOW, rng=random.Random(1)) - NOW).total_seconds()
    assert 450 * 8 * 0.9 <= delay <= 450 * 8 * 1.1
