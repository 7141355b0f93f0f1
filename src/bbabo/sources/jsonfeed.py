"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1), which feedparser does not read.

The standard library's decoder recurses once per nesting level (a feed nested 200,000 deep is a
``RecursionError``) and builds every value it reads, so the text is measured first: nesting
depth and the number of values, outside strings, with C-speed string operations.
"""

from __future__ import annotations

import itertools
import json
import logging
import re
from datetime import UTC, datetime
from typing import Any

from bbabo.errors import FeedParseError, NotAFeed, TooLarge
from bbabo.model import FeedEntry, ParsedFeed
from bbabo.sources._markup import html_to_text
from bbabo.sources._urls import web_url

__all__ = ["parse_json_feed", "read_json_feed", "MAX_JSON_DEPTH", "MAX_JSON_TOKENS",
           "MAX_FEED_ITEMS"]

log = logging.getLogger(__name__)

MAX_JSON_DEPTH = 64
"""Nesting levels of arrays and objects (a JSON Feed item needs four or five)."""
MAX_JSON_TOKENS = 200_000
"""Structural marks (``[ ] { } ,``) outside strings, which bound the values the decoder would
build (1,000 items of a rich feed come to about 30,000)."""
MAX_FEED_ITEMS = 1000
"""Entries read from one feed, XML or JSON: the first ones, which feeds list newest first."""

_VERSION_PREFIX = "https://jsonfeed.org/version/"
# Possessive: an unterminated string costs one pass, not a backtracking search.
_STRING = re.compile(r'"(?:[^"\\]|\\.)*+"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")


def parse_json_feed(body: bytes, base_url: str) -> list[FeedEntry]:
    """Parse a JSON Feed; raise NotAFeed for other JSON and FeedParseError for a broken feed."""
    return list(read_json_feed(body, base_url).entries)


def read_json_feed(body: bytes, base_url: str) -> ParsedFeed:
    """``parse_json_feed`` with the feed's WebSub hub (``hubs``) and its ``feed_url``."""
    try:
        text = body.decode(json.detect_encoding(body), "surrogatepass")
        _check_size(text)
        data = json.loads(text)
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
    base = (web_url(base_url, feed_url) if isinstance(feed_url, str) and feed_url else None) \
        or base_url
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    for item in items[:MAX_FEED_ITEMS]:
        entry = _entry(item, base) if isinstance(item, dict) else None
        if entry is None or entry.url in seen:
            continue
        seen.add(entry.url)
        entries.append(entry)
    return ParsedFeed(entries=tuple(entries), hub=_websub_hub(data.get("hubs"), base_url),
                      self_url=web_url(base_url, feed_url)
                      if isinstance(feed_url, str) and feed_url else None)


def _websub_hub(hubs: object, base_url: str) -> str | None:
    """The first hub of type WebSub (the spec's ``hubs`` list; the type is case-insensitive)."""
    if not isinstance(hubs, list):
        return None
    for hub in hubs:
        if (isinstance(hub, dict) and _string(hub.get("type")).lower() == "websub"
                and _string(hub.get("url"))):
            url = web_url(base_url, _string(hub.get("url")))
            if url is not None:
                return url
    return None


def _check_size(text: str) -> None:
    """Raise unless ``text`` is within MAX_JSON_DEPTH and MAX_JSON_TOKENS (strings, which
    may hold any bracket, do not count)."""
    skeleton = _STRING.sub("", text)
    depth = 0
    # The walk stops at the depth limit, and after MAX_JSON_TOKENS brackets at the latest.
    for bracket in itertools.islice(_BRACKETS.finditer(skeleton), MAX_JSON_TOKENS + 1):
        depth += 1 if bracket.group() in "[{" else -1
        if depth > MAX_JSON_DEPTH:
            raise FeedParseError(f"JSON Feed nested more than {MAX_JSON_DEPTH} levels deep",
                                 code="source.too_deep")
    if sum(skeleton.count(mark) for mark in "[]{},") > MAX_JSON_TOKENS:
        raise TooLarge(f"JSON Feed of more than {MAX_JSON_TOKENS} arrays, objects and members",
                       code="source.too_large")


def _entry(item: dict[str, Any], base: str) -> FeedEntry | None:
    link = _string(item.get("url")) or _string(item.get("external_url"))
    if not link:
        return None
    url = web_url(base, link)
    if url is None:
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
