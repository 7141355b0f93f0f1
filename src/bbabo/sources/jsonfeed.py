"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1), which feedparser does not read."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from bbabo.errors import FeedParseError, NotAFeed
from bbabo.model import FeedEntry
from bbabo.sources._markup import html_to_text

__all__ = ["parse_json_feed"]

log = logging.getLogger(__name__)

_VERSION_PREFIX = "https://jsonfeed.org/version/"


def parse_json_feed(body: bytes, base_url: str) -> list[FeedEntry]:
    """Parse a JSON Feed; raise NotAFeed for other JSON and FeedParseError for a broken feed."""
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, ValueError) as exc:
        if b"jsonfeed.org/version" in body:
            raise FeedParseError(f"broken JSON Feed: {exc}") from None
        raise NotAFeed("the body is not a feed (not even valid JSON)") from None
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith(_VERSION_PREFIX):
        raise NotAFeed("the body is JSON but not a JSON Feed")
    items = data.get("items")
    if not isinstance(items, list):
        raise FeedParseError("JSON Feed without an items list")
    # Relative item URLs are not allowed by the spec but occur; resolve them against the feed.
    feed_url = data.get("feed_url")
    base = urljoin(base_url, feed_url) if isinstance(feed_url, str) and feed_url else base_url
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    for item in items:
        entry = _entry(item, base) if isinstance(item, dict) else None
        if entry is None or entry.url in seen:
            continue
        seen.add(entry.url)
        entries.append(entry)
    return entries


def _entry(item: dict[str, Any], base: str) -> FeedEntry | None:
    link = _string(item.get("url")) or _string(item.get("external_url"))
    if not link:
        return None
    url = urljoin(base, link)
    if urlsplit(url).scheme not in ("http", "https"):
        return None
    summary = _string(item.get("summary")) or _string(item.get("content_text"))
    if not summary:
        summary = _string(item.get("content_html"))
    return FeedEntry(
        url=url,
        title=html_to_text(_string(item.get("title"))),
        published_at=_date(item.get("date_published")) or _date(item.get("date_modified")),
        summary=html_to_text(summary),
    )


def _string(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _date(value: object) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        log.debug("unparsable JSON Feed date", extra={"value": value})
        return None
    if moment.tzinfo is None:
        # RFC 3339 requires an offset; a feed that omits it almost always means UTC.
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
