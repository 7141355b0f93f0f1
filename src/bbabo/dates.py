"""Dates from the web (sitemaps, ``<meta>`` tags, feeds' ISO fields) as aware UTC datetimes."""

from __future__ import annotations

from datetime import UTC, datetime

__all__ = ["parse_iso_date"]


def parse_iso_date(value: str) -> datetime | None:
    """An ISO 8601 date or date-time as aware UTC, or None; naive values are taken as UTC
    (publishers who omit the zone mostly mean UTC, and a wrong guess is off by hours only)."""
    text = value.strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
