"""News sitemaps (``<urlset>`` with ``<news:news>`` entries) and sitemap index files.

A site that publishes no feed usually publishes a Google News sitemap: the articles of the last
two days with their titles and publication times. Plain sitemaps list a whole site, so when a
``<urlset>`` has news entries only those are kept, and otherwise only the newest few. An index
(``<sitemapindex>``) lists child sitemaps, which the refresh follows one level deep.

A sitemap may list 50,000 pages in 50 MB, so it is read as a stream: each ``<url>`` is reduced
to the few values bbabo uses and dropped, and reading stops at the protocol's limits.
"""

from __future__ import annotations

import heapq
import logging
import re
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.etree.ElementTree import Element, ParseError

import defusedxml

from bbabo.dates import parse_iso_date
from bbabo.errors import FeedParseError, NotAFeed, TooLarge
from bbabo.model import FeedEntry
from bbabo.sources._urls import web_url
from bbabo.sources._xml import iter_events, local_name

log = logging.getLogger(__name__)

__all__ = ["Sitemap", "parse_sitemap", "is_sitemap", "MAX_SITEMAP_BYTES", "MAX_SITEMAP_URLS",
           "MAX_SITEMAP_CHILDREN", "MAX_SITEMAP_ELEMENTS", "MAX_PLAIN_ENTRIES", "MAX_NEWS_ENTRIES"]

MAX_SITEMAP_BYTES = 50 * 1024 * 1024
"""The sitemap protocol's limit for one (uncompressed) file."""
MAX_SITEMAP_URLS = 50_000
"""``<url>`` entries read from one sitemap: the protocol's limit; later ones are ignored."""
MAX_SITEMAP_CHILDREN = 50_000
"""Child sitemaps read from one index: the protocol's limit; later ones are ignored."""
MAX_SITEMAP_ELEMENTS = 1_000_000
"""Elements read from one sitemap (about 1.5 s of parsing); later ones are ignored. 50,000 URLs
with their dates and a few images each stay under it."""
MAX_PLAIN_ENTRIES = 100
"""From a sitemap without news entries, only this many newest pages are taken."""
MAX_NEWS_ENTRIES = 1000
"""The news sitemap protocol's limit; from a longer one, the newest are taken."""

_ROOT = re.compile(rb"<(?:[\w-]+:)?(urlset|sitemapindex)[\s>]")
_GZIP_MAGIC = b"\x1f\x8b"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Of each <url> (or <sitemap>), the values read: its children's text, and <news:news>'s.
_WANTED = frozenset({"loc", "lastmod", "news", "news:publication_date", "news:title"})

Fields = tuple[str, str, str, str, bool]
"""Of one ``<url>`` or ``<sitemap>``: loc, lastmod, news publication date, news title, and
whether it has ``<news:news>`` (a tuple: a sitemap may hold 50,000 of them)."""


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

    Raises NotAFeed when the body is no sitemap, FeedParseError for broken XML, XML that
    declares entities (``source.unsafe_xml``) or nests too deep (``source.too_deep``),
    TooLarge beyond the protocol's 50 MB.
    """
    data = _decompressed(body)
    try:
        kind, records = _read(data)
    except defusedxml.DefusedXmlException as exc:
        raise FeedParseError(f"sitemap declares XML entities or external references: {exc!r}",
                             code="source.unsafe_xml") from None
    except (ParseError, ValueError, LookupError) as exc:
        if _ROOT.search(data[:4096]):
            raise FeedParseError(f"broken sitemap: {exc}") from None
        raise NotAFeed("the body is not a sitemap") from None
    if kind == "sitemapindex":
        return Sitemap(sitemaps=tuple(_children(records, base_url)))
    return Sitemap(entries=tuple(_select(records, base_url)))


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


def _read(data: bytes) -> tuple[str, list[Fields]]:
    """The root's name and, for each ``<url>`` or ``<sitemap>``, the wanted values."""
    events = iter_events(data, what="sitemap")
    _, root, _ = next(events)
    kind = local_name(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        raise NotAFeed(f"the body is XML <{kind}>, not a sitemap")
    child, limit = ("url", MAX_SITEMAP_URLS) if kind == "urlset" else ("sitemap",
                                                                        MAX_SITEMAP_CHILDREN)
    records: list[Fields] = []
    fields: dict[str, str] = {}
    path: list[Element] = [root]
    elements = 1
    for event, element, depth in events:
        if event == "start":
            path.append(element)
            elements += 1
            if elements > MAX_SITEMAP_ELEMENTS:
                log.info("sitemap of more than %d elements; reading the first",
                         MAX_SITEMAP_ELEMENTS)
                break
            continue
        path.pop()
        name = local_name(element.tag)
        if depth == 4 and local_name(path[-1].tag) == "news":
            name = "news:" + name
        if depth in (3, 4) and name in _WANTED:
            fields.setdefault(name, (element.text or "").strip())
        if depth == 2:
            if name == child:
                records.append((fields.get("loc", ""), fields.get("lastmod", ""),
                                fields.get("news:publication_date", ""),
                                fields.get("news:title", ""), "news" in fields))
            fields = {}
            if len(records) >= limit:
                break
        if depth >= 2:
            # Read and done with: dropped, so the tree never holds more than the open path.
            path[-1].remove(element)
    return kind, records


def _absolute(base_url: str, loc: str) -> str | None:
    if not loc:
        return None
    return web_url(base_url, loc)


def _children(records: list[Fields], base_url: str) -> list[str]:
    found: dict[str, datetime | None] = {}
    for loc, lastmod, *_ in records:
        url = _absolute(base_url, loc)
        if url and url not in found:
            found[url] = parse_iso_date(lastmod)
    # Newest first: indexes of news sites grow by one child per day or month.
    return sorted(found, key=lambda url: found[url] or _EPOCH, reverse=True)


def _entry(fields: Fields, base_url: str) -> FeedEntry | None:
    """The page a ``<url>`` lists."""
    loc, lastmod, news_date, news_title, _ = fields
    url = _absolute(base_url, loc)
    if url is None:
        return None
    published = parse_iso_date(news_date)
    return FeedEntry(url=url, title=" ".join(news_title.split()),
                     published_at=published or parse_iso_date(lastmod))


def _select(records: list[Fields], base_url: str) -> list[FeedEntry]:
    news = [record for record in records if record[4]]
    if not news:
        # Only the newest few of a plain sitemap become entries: pick them from the records.
        unique = {record[0]: record for record in reversed(records)}  # the first of a loc wins
        records = heapq.nlargest(MAX_PLAIN_ENTRIES, reversed(unique.values()),
                                 key=lambda record: parse_iso_date(record[1]) or _EPOCH)
    found = [entry for record in (news or records)
             if (entry := _entry(record, base_url)) is not None]
    entries = list({entry.url: entry for entry in reversed(found)}.values())[::-1]
    if news and len(entries) > MAX_NEWS_ENTRIES:
        return heapq.nlargest(MAX_NEWS_ENTRIES, entries, key=_published)
    return entries


def _published(entry: FeedEntry) -> datetime:
    return entry.published_at or _EPOCH
