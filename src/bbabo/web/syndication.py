"""Feed documents: RSS 2.0, Atom 1.0 and JSON Feed 1.1, built from plain values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from typing import Any

from bbabo.web.xmlout import add as _add
from bbabo.web.xmlout import root as _root
from bbabo.web.xmlout import serialize

__all__ = ["FeedInfo", "FeedItem", "rss_document", "atom_document", "json_feed",
           "rfc822", "rfc3339", "RSS_TYPE", "ATOM_TYPE", "JSON_FEED_TYPE"]

RSS_TYPE = "application/rss+xml"
ATOM_TYPE = "application/atom+xml"
JSON_FEED_TYPE = "application/feed+json"

_ATOM_NS = "http://www.w3.org/2005/Atom"
_CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedInfo:
    title: str
    lang: str
    home_url: str
    self_url: str
    updated: datetime
    author: str


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedItem:
    id: str
    url: str
    title: str
    paragraphs: tuple[str, ...]
    published: datetime
    updated: datetime
    author: str
    category: str
    lang: str


def rfc822(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _html(paragraphs: tuple[str, ...]) -> str:
    # Article text is plain text: escape it once as HTML here; the XML layer escapes again.
    return "".join(f"<p>{escape(paragraph, quote=False)}</p>" for paragraph in paragraphs)


def rss_document(feed: FeedInfo, items: list[FeedItem]) -> bytes:
    root = _root("rss", {"version": "2.0", "xmlns:atom": _ATOM_NS, "xmlns:content": _CONTENT_NS})
    channel = _add(root, "channel")
    _add(channel, "title", feed.title)
    _add(channel, "link", feed.home_url)
    _add(channel, "description", feed.title)
    _add(channel, "language", feed.lang)
    _add(channel, "lastBuildDate", rfc822(feed.updated))
    _add(channel, "atom:link", href=feed.self_url, rel="self", type=RSS_TYPE)
    for item in items:
        entry = _add(channel, "item")
        _add(entry, "title", item.title)
        _add(entry, "link", item.url)
        _add(entry, "guid", item.id, isPermaLink="false")
        _add(entry, "pubDate", rfc822(item.published))
        _add(entry, "category", item.category)
        _add(entry, "description", _html(item.paragraphs[:1]))
        _add(entry, "content:encoded", _html(item.paragraphs))
    return serialize(root)


def atom_document(feed: FeedInfo, items: list[FeedItem]) -> bytes:
    root = _root("feed", {"xmlns": _ATOM_NS, "xml:lang": feed.lang})
    _add(root, "id", feed.self_url)
    _add(root, "title", feed.title, type="text")
    _add(root, "updated", rfc3339(feed.updated))
    _add(root, "link", href=feed.home_url, rel="alternate", type="text/html")
    _add(root, "link", href=feed.self_url, rel="self", type=ATOM_TYPE)
    _add(_add(root, "author"), "name", feed.author)
    for item in items:
        entry = _add(root, "entry")
        _add(entry, "id", item.id)
        _add(entry, "title", item.title, type="text")
        _add(entry, "link", href=item.url, rel="alternate", type="text/html", hreflang=item.lang)
        _add(entry, "published", rfc3339(item.published))
        _add(entry, "updated", rfc3339(item.updated))
        _add(_add(entry, "author"), "name", item.author)
        _add(entry, "category", term=item.category)
        _add(entry, "summary", "\n\n".join(item.paragraphs[:1]), type="text")
        _add(entry, "content", _html(item.paragraphs), type="html")
    return serialize(root)


def json_feed(feed: FeedInfo, items: list[FeedItem]) -> dict[str, Any]:
    return {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": feed.home_url,
        "feed_url": feed.self_url,
        "language": feed.lang,
        "authors": [{"name": feed.author}],
        "items": [
            {
                "id": item.id, "url": item.url, "title": item.title,
                "content_text": "\n\n".join(item.paragraphs),
                "summary": item.paragraphs[0] if item.paragraphs else "",
                "date_published": rfc3339(item.published),
                "date_modified": rfc3339(item.updated),
                "authors": [{"name": item.author}], "tags": [item.category],
                "language": item.lang,
            }
            for item in items
        ],
    }
