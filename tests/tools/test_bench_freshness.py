"""The publication plan of `bench/freshness.py --hourly-feeds N`: phases spread over the hour,
a history one hour apart ending before the start, stories in time order within the window."""

from __future__ import annotations

import importlib.util
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "freshness.py"


@pytest.fixture(scope="module")
def freshness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_freshness", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_offsets_spread_uniformly_over_the_hour(freshness: ModuleType) -> None:
    assert freshness.hourly_offsets(4) == [0, 900, 1800, 2700]
    offsets = freshness.hourly_offsets(36)
    assert len(offsets) == 36 and offsets[0] == 0 and max(offsets) < 3600
    assert {round(b - a, 6) for a, b in zip(offsets, offsets[1:], strict=False)} == {100}
    assert freshness.hourly_offsets(0) == []
    with pytest.raises(ValueError):
        freshness.hourly_offsets(-1)


def test_history_is_hourly_and_ends_before_the_start(freshness: ModuleType) -> None:
    start = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
    dates = freshness.hourly_history(600, start, count=12)
    assert len(dates) == 12 and dates == sorted(dates)
    assert all(b - a == timedelta(hours=1) for a, b in zip(dates, dates[1:], strict=False))
    # The last one is an hour before the feed's first story after the start (start + 600 s).
    assert dates[-1] == start + timedelta(seconds=600 - 3600) < start
    # What adaptive polling learns from it: the median gap (an hour) over eight.
    from bbabo.pipeline.schedule import PollPolicy, learned_interval
    assert learned_interval(dates, start, PollPolicy()) == 450


def test_plan_interleaves_fast_and_hourly_feeds_in_time_order(freshness: ModuleType) -> None:
    plan = freshness.publication_plan(minutes=90, every_s=60, fast=["/polled", "/pushed"],
                                      hourly_offsets_s=freshness.hourly_offsets(4))
    times = [at for at, _ in plan]
    assert times == sorted(times)
    assert all(0 <= at < 90 * 60 for at in times)
    fast = [at for at, name in plan if name == "/polled"]
    assert fast == [k * 60.0 for k in range(90)]
    by_feed = {name: [at for at, n in plan if n == name] for name in
               ("hourly0", "hourly1", "hourly2", "hourly3")}
    # Offsets 0, 15, 30, 45 min: twice within 90 minutes for the first two, once for the rest.
    assert by_feed == {"hourly0": [0, 3600], "hourly1": [900, 4500], "hourly2": [1800],
                       "hourly3": [2700]}
    with pytest.raises(ValueError):
        freshness.publication_plan(minutes=0, every_s=60, fast=[], hourly_offsets_s=[])
