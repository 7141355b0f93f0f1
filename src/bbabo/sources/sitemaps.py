"""News sitemaps (``<urlset>`` with ``<news:news>`` entries) and sitemap index files.

A site that publishes no feed usually publishes a Google News sitemap: the articles of the last
two days with their titles and publication times. Plain sitemaps list a whole site, so when a
``<urlset>`` has news entries only those are kept, and otherwise only the newest few. An index
(``<sitemapindex>``) lists child sitemaps, which the refresh follows one level deep.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree

from bbabo.dates import parse_iso_date
from bbabo.errors import FeedParseError, NotAFeed, TooLarge
from bbabo.model import FeedEntry

__all__ = ["Sitemap", "parse_sitemap", "is_sitemap", "MAX_SITEMAP_BYTES"]

MAX_SITEMAP_BYTES = 50 * 1024 * 1024
"""The sitemap protocol's limit for one (uncompressed) file."""
MAX_PLAIN_ENTRIES = 100
"""From a sitemap without news entries, only this many newest pages are taken."""
MAX_NEWS_ENTRIES = 1000
"""The news sitemap protocol's limit."""

_ROOT = re.compile(rb"<(?:[\w-]+:)?(urlset|sitemapindex)[\s>]")
_GZIP_MAGIC = b"\x1f\x8b"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True, kw_only=True)
class Sitemap:
    """Article pages listed (``entries``) or child sitemaps to read (``sitemaps``)."""

    entries: tuple[FeedEntry, ...] = ()
    sitemaps: tuple[str, ...] = ()

    @property
    def is_index(self) -> bool:
        return bool(self.sitemaps)


def is_sitemap(body: bytes) -> bool:
    """True when ``body`` (possibly gzip-compressed) is a sitemap or sitemap index."""
    if body.startswith(_GZIP_MAGIC):
        try:
            body = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(body[:65536], 4096)
        except zlib.error:
            return False
    return _ROOT.search(body[:4096].lstrip()) is not None


def parse_sitemap(body: bytes, base_url: str) -> Sitemap:
    """Parse a sitemap or sitemap index (gzip-compressed or not).

    Raises NotAFeed when the body is no sitemap, FeedParseError for broken XML or XML that
    declares entities, TooLarge beyond the protocol's 50 MB.
    """
    root = _parse_xml(_decompressed(body))
    kind = _local(root.tag)
    if kind == "sitemapindex":
        return Sitemap(sitemaps=tuple(_children(root, base_url)))
    if kind != "urlset":
        raise NotAFeed(f"the body is XML <{kind}>, not a sitemap")
    found = [pair for node in root if _local(node.tag) == "url"
             if (pair := _entry(node, base_url)) is not None]
    return Sitemap(entries=tuple(_select(found)))


def _decompressed(body: bytes) -> bytes:
    if not body.startswith(_GZIP_MAGIC):
        return body
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(body, MAX_SITEMAP_BYTES + 1)
    except zlib.error as exc:
        raise FeedParseError(f"broken gzip sitemap: {exc}") from None
    if len(data) > MAX_SITEMAP_BYTES:
        # Bounded inflation: a small compressed bomb never expands past the limit in memory.
        raise TooLarge(f"sitemap inflates past {MAX_SITEMAP_BYTES} bytes",
                       code="source.too_large")
    return data


def _parse_xml(body: bytes) -> Element:
    try:
        return defusedxml.ElementTree.fromstring(body)
    except defusedxml.DefusedXmlException as exc:
        raise FeedParseError(f"sitemap declares XML entities or external references: {exc!r}",
                             code="source.unsafe_xml") from None
    except ParseError as exc:
        if _ROOT.search(body[:4096]):
            raise FeedParseError(f"broken sitemap: {exc}") from None
        raise NotAFeed("the body is not a sitemap") from None


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1].lower()


def _child_text(node: Element, *path: str) -> str:
    current: Element | None = node
    for name in path:
        if current is None:
            return ""
        current = next((child for child in current if _local(child.tag) == name), None)
    return (current.text or "").strip() if current is not None else ""


def _absolute(base_url: str, loc: str) -> str | None:
    if not loc:
        return None
    url = urljoin(base_url, loc)
    return url if urlsplit(url).scheme in ("http", "https") else None


def _children(root: Element, base_url: str) -> list[str]:
    found: list[tuple[datetime | None, str]] = []
    for node in root:
        if _local(node.tag) != "sitemap":
            continue
        url = _absolute(base_url, _child_text(node, "loc"))
        if url and url not in (known for _, known in found):
            found.append((parse_iso_date(_child_text(node, "lastmod")), url))
    # Newest first: indexes of news sites grow by one child per day or month.
    found.sort(key=lambda item: item[0] or _EPOCH, reverse=True)
    return [url for _, url in found]


def _entry(node: Element, base_url: str) -> tuple[FeedEntry, bool] | None:
    """The page a ``<url>`` lists, and whether it carries ``<news:news>``."""
    url = _absolute(base_url, _child_text(node, "loc"))
    if url is None:
        return None
    published = parse_iso_date(_child_text(node, "news", "publication_date"))
    entry = FeedEntry(url=url, title=" ".join(_child_text(node, "news", "title").split()),
                      published_at=published or parse_iso_date(_child_text(node, "lastmod")))
    return entry, any(_local(child.tag) == "news" for child in node)


def _select(found: list[tuple[FeedEntry, bool]]) -> list[FeedEntry]:
    news = list({entry.url: entry for entry, is_news in found if is_news}.values())
    if news:
        return news[:MAX_NEWS_ENTRIES]
    plain = list({entry.url: entry for entry, _ in found}.values())
    plain.sort(key=lambda e: e.published_at or _EPOCH, reverse=True)
    return plain[:MAX_PLAIN_ENTRIES]
