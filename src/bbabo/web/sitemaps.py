"""Sitemap documents: the index, one urlset per language with hreflang alternates, and the
Google News sitemap. Built from plain values; the routes decide what goes in."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from bbabo.web.syndication import rfc3339
from bbabo.web.xmlout import add, root, serialize

__all__ = ["SitemapUrl", "NewsUrl", "sitemap_index", "urlset", "news_urlset", "SITEMAP_TYPE"]

SITEMAP_TYPE = "application/xml"

_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_XHTML_NS = "http://www.w3.org/1999/xhtml"
_NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


@dataclass(frozen=True, slots=True, kw_only=True)
class SitemapUrl:
    """``alternates`` are (hreflang, absolute URL), this URL's own language included."""

    loc: str
    lastmod: datetime | None
    alternates: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class NewsUrl:
    loc: str
    lang: str
    title: str
    published: datetime


def sitemap_index(locations: Iterable[str]) -> bytes:
    document = root("sitemapindex", {"xmlns": _SITEMAP_NS})
    for location in locations:
        add(add(document, "sitemap"), "loc", location)
    return serialize(document)


def urlset(urls: Iterable[SitemapUrl]) -> bytes:
    document = root("urlset", {"xmlns": _SITEMAP_NS, "xmlns:xhtml": _XHTML_NS})
    for url in urls:
        entry = add(document, "url")
        add(entry, "loc", url.loc)
        if url.lastmod is not None:
            add(entry, "lastmod", rfc3339(url.lastmod))
        for code, href in url.alternates:
            add(entry, "xhtml:link", rel="alternate", hreflang=code, href=href)
    return serialize(document)


def news_urlset(urls: Iterable[NewsUrl], *, publication: str) -> bytes:
    document = root("urlset", {"xmlns": _SITEMAP_NS, "xmlns:news": _NEWS_NS})
    for url in urls:
        entry = add(document, "url")
        add(entry, "loc", url.loc)
        news = add(entry, "news:news")
        source = add(news, "news:publication")
        add(source, "news:name", publication)
        add(source, "news:language", url.lang)
        add(news, "news:publication_date", rfc3339(url.published))
        add(news, "news:title", url.title)
    return serialize(document)
