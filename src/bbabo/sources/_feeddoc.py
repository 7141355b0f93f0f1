"""The XML document feedparser is given, made safe and bounded first.

The body is untrusted bytes from the network, so before feedparser sees it:

- it is converted to UTF-8 by feedparser's own encoding rules (BOM, XML declaration, RFC 3023),
  so that every check below reads the very text feedparser will parse, in any encoding (expat
  itself reads no multi-byte encoding but UTF-8 and UTF-16: Big5, GB18030, Shift_JIS and
  EUC-KR feeds failed the safety check before);
- only its first ``MAX_FEED_ITEMS`` items are kept and its markup is bounded, since feedparser
  spends about a millisecond per item and builds every one;
- XML that declares entities or external references is refused (billion laughs, XXE), also
  when the document is malformed and feedparser would fall back to its lenient parser, which
  expands simple entities;
- character references no character has (``&#xD800;``, ``&#99999999;``) are replaced, since
  feedparser's lenient parser raises on them.
"""

from __future__ import annotations

import collections
import itertools
import logging
import re
from xml.etree.ElementTree import ParseError

import defusedxml
import defusedxml.ElementTree
from feedparser.encodings import convert_to_utf8

from bbabo.errors import FeedParseError, TooLarge
from bbabo.sources.jsonfeed import MAX_FEED_ITEMS

__all__ = ["prepare_document", "MAX_FEED_MARKUP", "XML_TYPE"]

log = logging.getLogger(__name__)

MAX_FEED_MARKUP = 100_000
"""Tags in the items kept, written (``<``) or escaped (``&lt;``): what feedparser's HTML
sanitiser works through (1,000 items with a paragraph of markup each come to about 40,000)."""

XML_TYPE = {"content-type": "application/xml"}
"""Without a content type feedparser flags every document as suspect; application/xml makes it
honour the XML declaration's encoding, as RFC 7303 says."""

_ENTITY_DECL = re.compile(r"<!ENTITY", re.IGNORECASE)
_ITEM_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:item|entry)[\s/>]")
_ITEM_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?(?:item|entry)\s*>")
_CHARREF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")


def prepare_document(body: bytes) -> bytes:
    """The UTF-8 document to give feedparser. Raises TooLarge ``source.too_large`` for too
    much markup, FeedParseError ``source.unsafe_xml`` for declared entities."""
    document = _first_items(_as_utf8(body))
    markup = document.count(b"<") + document.count(b"&lt;")
    if markup > MAX_FEED_MARKUP:
        raise TooLarge(f"feed with more than {MAX_FEED_MARKUP} tags in its first "
                       f"{MAX_FEED_ITEMS} items", code="source.too_large")
    _refuse_unsafe_xml(document)
    return _CHARREF.sub(_repaired, document)


def _as_utf8(body: bytes) -> bytes:
    converted: bytes = convert_to_utf8(XML_TYPE, body, {})
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
    except (ParseError, ValueError, LookupError):
        # Malformed XML stops expat before it may have seen the DTD, and feedparser then falls
        # back to its lenient parser, which expands simple entities: so no declaration at all
        # may pass, looked for in the text that parser will read.
        if _ENTITY_DECL.search(document.decode("utf-8", errors="replace")):
            raise FeedParseError(
                "malformed feed declaring XML entities", code="source.unsafe_xml"
            ) from None


def _repaired(reference: re.Match[bytes]) -> bytes:
    hexadecimal, decimal = reference.groups()
    code = int(hexadecimal, 16) if hexadecimal else int(decimal)
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return b"&#xFFFD;"
    return reference.group()
