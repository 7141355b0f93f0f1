"""ISO dates from sitemaps and <meta> tags: aware UTC, or None for anything else."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bbabo.dates import parse_iso_date


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-11-26T10:30:00+03:00", datetime(2026, 11, 26, 7, 30, tzinfo=UTC)),
    ("2026-11-26T10:30:00Z", datetime(2026, 11, 26, 10, 30, tzinfo=UTC)),
    (" 2026-11-26 ", datetime(2026, 11, 26, tzinfo=UTC)),  # a date alone, naive: UTC midnight
    ("2026-11-26T23:59:59", datetime(2026, 11, 26, 23, 59, 59, tzinfo=UTC)),
])
def test_dates_come_out_in_utc(text: str, expected: datetime) -> None:
    assert parse_iso_date(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "yesterday", "26.11.2026", "2026-13-01"])
def test_anything_else_is_none(text: str) -> None:
    assert parse_iso_date(text) is None
