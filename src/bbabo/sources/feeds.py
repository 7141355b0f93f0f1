"""Feed parsing: RSS 0.9x/1.0/2.0 and Atom through feedparser, JSON Feed through ``jsonfeed``.

What feedparser is given is made safe and bounded first (``_feeddoc``), and it goes in as a
stream, because feedparser treats a ``bytes`` argument as a possible file name and would read a
local file whose path a hostile server sent.
"""

from __future__ import annotations

import codecs
import io
import logging
import re
import time
from datetime import UTC, datetime
from typing import Any

import feedparser

from bbabo.errors import FeedParseError, NotAFeed
from bbabo.model import FeedEntry, ParsedFeed
from bbabo.sources._feeddoc import MAX_FEED_MARKUP, XML_TYPE, prepare_document
from bbabo.sources._markup import html_to_text
from bbabo.sources._urls import web_url
from bbabo.sources.jsonfeed import MAX_FEED_ITEMS, read_json_feed

__all__ = ["parse_feed", "read_feed", "MAX_FEED_ITEMS", "MAX_FEED_MARKUP"]

log = logging.getLogger(__name__)

_SNIFF_BYTES = 2048
_FEED_ROOT = re.compile(rb"<(?:[\w-]+:)?(?:rss|feed|rdf)[\s>]", re.IGNORECASE)
_HTML_ROOT = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)


def parse_feed(body: bytes, base_url: str) -> list[FeedEntry]:
    """Return the entries of a feed, with absolute http(s) links and UTC dates.

    Entries without a usable link are skipped, as are repeats of a link already seen.
    Raises NotAFeed for HTML or anything else that is not a feed, and FeedParseError for a
    feed too broken to yield entries or one that declares XML entities.
    """
    return list(read_feed(body, base_url).entries)


def read_feed(body: bytes, base_url: str) -> ParsedFeed:
    """``parse_feed``, with what the feed says about itself: its WebSub hub and self URL
    (``<link rel="hub">``/``rel="self"``, Atom's or RSS's ``atom:link``) and RSS ``<ttl>``."""
    head = _sniff_head(body)
    if head.startswith((b"{", b"[")):
        return read_json_feed(body, base_url)
    if not head.startswith(b"<"):
        raise NotAFeed("the body is neither XML nor JSON")
    if _HTML_ROOT.search(head) and not _FEED_ROOT.search(head):
        raise NotAFeed("the body is an HTML page, not a feed")
    document = prepare_document(body)
    try:
        parsed = feedparser.parse(
            io.BytesIO(document),
            response_headers={"content-location": base_url, **XML_TYPE},
            sanitize_html=True,
            resolve_relative_uris=True,
        )
    except (ValueError, UnicodeError) as exc:
        # feedparser's lenient parser has raised these on malformed input (out-of-range
        # character references, which prepare_document now repairs); whatever else of the kind
        # remains is the feed's failure, not bbabo's.
        raise FeedParseError(f"unreadable feed: {exc}") from None
    entries = _entries(parsed, base_url)
    if entries:
        return _with_meta(entries, parsed, base_url)
    broken = parsed.get("bozo") and not isinstance(
        parsed.get("bozo_exception"), feedparser.CharacterEncodingOverride
    )
    if broken and (parsed.get("version") or _FEED_ROOT.search(head)):
        raise FeedParseError(f"broken feed: {parsed.get('bozo_exception')}")
    if not parsed.get("version"):
        raise NotAFeed("the body is XML but not a feed")
    return _with_meta([], parsed, base_url)


def _with_meta(entries: list[FeedEntry], parsed: Any, base_url: str) -> ParsedFeed:
    feed = parsed.get("feed") or {}
    links = {rel: href for rel, href in reversed(_links(feed, base_url))}  # the first wins
    return ParsedFeed(entries=tuple(entries), hub=links.get("hub"), self_url=links.get("self"),
                      ttl_s=_ttl_s(feed.get("ttl")))


def _links(feed: Any, base_url: str) -> list[tuple[str, str]]:
    found = []
    for link in feed.get("links") or []:
        rel, href = str(link.get("rel") or "").strip().lower(), str(link.get("href") or "")
        url = web_url(base_url, href.strip()) if href.strip() else None
        if rel and url is not None:
            found.append((rel, url))
    return found


def _ttl_s(value: object) -> int | None:
    """RSS ``<ttl>``: minutes the feed may be cached (RSS 2.0); nonsense is ignored."""
    try:
        minutes = int(str(value).strip())
    except ValueError:
        return None
    return minutes * 60 if 0 < minutes <= 10 * 24 * 60 else None


def _sniff_head(body: bytes) -> bytes:
    """The start of the body as ASCII-compatible bytes, for sniffing only."""
    if body.startswith(b"\xef\xbb\xbf"):
        body = body[3:]
    elif body.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        body = body[: 4 * _SNIFF_BYTES].decode("utf-32", errors="ignore").encode("utf-8")
    elif body.startswith((b"\xff\xfe", b"\xfe\xff")):
        body = body[: 2 * _SNIFF_BYTES].decode("utf-16", errors="ignore").encode("utf-8")
    return body[: 4 * _SNIFF_BYTES].lstrip()[:_SNIFF_BYTES]


def _entries(parsed: Any, base_url: str) -> list[FeedEntry]:
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    for raw in parsed.get("entries", []):
        link = (raw.get("link") or "").strip()
        if not link:
            continue
        url = web_url(base_url, link)
        if url is None or url in seen:
            continue
        seen.add(url)
        entries.append(
            FeedEntry(
                url=url,
                title=_plain(raw, "title"),
                published_at=_date(raw.get("published_parsed") or raw.get("updated_parsed")),
                summary=_plain(raw, "summary"),
            )
        )
    return entries


def _plain(raw: Any, key: str) -> str:
    value = raw.get(key) or ""
    detail = raw.get(f"{key}_detail") or {}
    if detail.get("type") == "text/plain":
        return " ".join(value.split())
    return html_to_text(value)


def _date(parsed: time.struct_time | None) -> datetime | None:
    # feedparser normalises every date it understands to a UTC struct_time.
    if parsed is None:
        return None
    try:
        return datetime(*parsed[:6], tzinfo=UTC)
    except (TypeError, ValueError):
        log.debug("unusable feed date", extra={"value": repr(parsed)})
        return None
