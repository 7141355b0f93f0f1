"""Feed parsing: RSS 0.9x/1.0/2.0 and Atom through feedparser, JSON Feed through ``jsonfeed``.

The body is untrusted bytes from the network, so before feedparser sees it:

- it is converted to UTF-8 by feedparser's own encoding rules (BOM, XML declaration, RFC 3023),
  so that every check below reads the very text feedparser will parse, in any encoding (expat
  itself reads no multi-byte encoding but UTF-8 and UTF-16);
- only its first ``MAX_FEED_ITEMS`` items are kept and its markup is bounded, since feedparser
  spends about a millisecond per item and builds every one;
- XML that declares entities or external references is refused (billion laughs, XXE), also
  when the document is malformed and feedparser would fall back to its lenient parser;
- it goes in as a stream, because feedparser treats a ``bytes`` argument as a possible file
  name and would read a local file whose path a hostile server sent.
"""

from __future__ import annotations

import codecs
import collections
import io
import itertools
import logging
import re
import time
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit
from xml.etree.ElementTree import ParseError

import defusedxml
import defusedxml.ElementTree
import feedparser
from feedparser.encodings import convert_to_utf8

from bbabo.errors import FeedParseError, NotAFeed, TooLarge
from bbabo.model import FeedEntry
from bbabo.sources._markup import html_to_text
from bbabo.sources.jsonfeed import MAX_FEED_ITEMS, parse_json_feed

__all__ = ["parse_feed", "MAX_FEED_ITEMS", "MAX_FEED_MARKUP"]

log = logging.getLogger(__name__)

_SNIFF_BYTES = 2048
_FEED_ROOT = re.compile(rb"<(?:[\w-]+:)?(?:rss|feed|rdf)[\s>]", re.IGNORECASE)
_HTML_ROOT = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
_ENTITY_DECL = re.compile(r"<!ENTITY", re.IGNORECASE)
_ITEM_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:item|entry)[\s/>]")
_ITEM_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?(?:item|entry)\s*>")
_XML_TYPE = {"content-type": "application/xml"}

MAX_FEED_MARKUP = 100_000
"""Tags in the items kept, written (``<``) or escaped (``&lt;``): what feedparser's HTML
sanitiser works through (1,000 items with a paragraph of markup each come to about 40,000)."""


def parse_feed(body: bytes, base_url: str) -> list[FeedEntry]:
    """Return the entries of a feed, with absolute http(s) links and UTC dates.

    Entries without a usable link are skipped, as are repeats of a link already seen.
    Raises NotAFeed for HTML or anything else that is not a feed, and FeedParseError for a
    feed too broken to yield entries or one that declares XML entities.
    """
    head = _sniff_head(body)
    if head.startswith((b"{", b"[")):
        return parse_json_feed(body, base_url)
    if not head.startswith(b"<"):
        raise NotAFeed("the body is neither XML nor JSON")
    if _HTML_ROOT.search(head) and not _FEED_ROOT.search(head):
        raise NotAFeed("the body is an HTML page, not a feed")
    document = _first_items(_as_utf8(body))
    markup = document.count(b"<") + document.count(b"&lt;")
    if markup > MAX_FEED_MARKUP:
        raise TooLarge(f"feed with more than {MAX_FEED_MARKUP} tags in its first "
                       f"{MAX_FEED_ITEMS} items", code="source.too_large")
    _refuse_unsafe_xml(document)
    parsed = feedparser.parse(
        io.BytesIO(document),
        response_headers={"content-location": base_url, **_XML_TYPE},
        sanitize_html=True,
        resolve_relative_uris=True,
    )
    entries = _entries(parsed, base_url)
    if entries:
        return entries
    broken = parsed.get("bozo") and not isinstance(
        parsed.get("bozo_exception"), feedparser.CharacterEncodingOverride
    )
    if broken and (parsed.get("version") or _FEED_ROOT.search(head)):
        raise FeedParseError(f"broken feed: {parsed.get('bozo_exception')}")
    if not parsed.get("version"):
        raise NotAFeed("the body is XML but not a feed")
    return []


def _sniff_head(body: bytes) -> bytes:
    """The start of the body as ASCII-compatible bytes, for sniffing only."""
    if body.startswith(b"\xef\xbb\xbf"):
        body = body[3:]
    elif body.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        body = body[: 4 * _SNIFF_BYTES].decode("utf-32", errors="ignore").encode("utf-8")
    elif body.startswith((b"\xff\xfe", b"\xfe\xff")):
        body = body[: 2 * _SNIFF_BYTES].decode("utf-16", errors="ignore").encode("utf-8")
    return body[: 4 * _SNIFF_BYTES].lstrip()[:_SNIFF_BYTES]


def _as_utf8(body: bytes) -> bytes:
    """The document as feedparser will read it: UTF-8, with a declaration that says so.

    Without a content type feedparser flags every document as suspect; application/xml makes
    it honour the XML declaration's encoding, as RFC 7303 says."""
    converted: bytes = convert_to_utf8(_XML_TYPE, body, {})
    return converted


def _first_items(document: bytes) -> bytes:
    """The document without its items after the first MAX_FEED_ITEMS (they are siblings in
    RSS and Atom, so cutting from the next item's start to the last item's end keeps it whole).
    Matched on UTF-8 bytes, where ``<`` never occurs inside a multi-byte character."""
    cut = next(itertools.islice(_ITEM_START.finditer(document), MAX_FEED_ITEMS, None), None)
    if cut is None:
        return document
    ends = collections.deque(_ITEM_END.finditer(document, cut.start()), maxlen=1)
    last = ends[0] if ends else None
    log.info("feed has more than %d items; reading the first", MAX_FEED_ITEMS)
    return document[:cut.start()] + (document[last.end():] if last is not None else b"")


def _refuse_unsafe_xml(document: bytes) -> None:
    try:
        defusedxml.ElementTree.fromstring(document)
    except defusedxml.DefusedXmlException as exc:
        raise FeedParseError(
            f"feed declares XML entities or external references: {exc!r}",
            code="source.unsafe_xml",
        ) from None
    except (ParseError, ValueError):
        # Malformed XML stops expat before it may have seen the DTD, and feedparser then falls
        # back to its lenient parser, which expands simple entities: so no declaration at all
        # may pass, looked for in the text that parser will read.
        if _ENTITY_DECL.search(document.decode("utf-8", errors="replace")):
            raise FeedParseError(
                "malformed feed declaring XML entities", code="source.unsafe_xml"
            ) from None


def _entries(parsed: Any, base_url: str) -> list[FeedEntry]:
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    for raw in parsed.get("entries", []):
        link = (raw.get("link") or "").strip()
        if not link:
            continue
        url = urljoin(base_url, link)
        if urlsplit(url).scheme not in ("http", "https") or url in seen:
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
