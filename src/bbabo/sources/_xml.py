"""Streaming, defused XML for the documents bbabo reads element by element (sitemaps, OPML).

A tree of a whole document costs about twenty times its size and a document nested a million
deep costs more still, so these are read as a stream of events with the nesting bounded, and
the caller drops what it has read.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from xml.etree.ElementTree import Element

import defusedxml.ElementTree

from bbabo.errors import FeedParseError

__all__ = ["MAX_XML_DEPTH", "iter_events", "local_name"]

MAX_XML_DEPTH = 64
"""Nesting levels of a sitemap or OPML file (a news sitemap needs five, OPML folders a few)."""


def iter_events(body: bytes, *, what: str,
                max_depth: int = MAX_XML_DEPTH) -> Iterator[tuple[str, Element, int]]:
    """``("start" | "end", element, depth)`` in document order, the root at depth 1.

    Raises FeedParseError ``source.too_deep`` past ``max_depth``. defusedxml's errors
    (declared entities) and expat's (``ParseError``; ``ValueError`` or ``LookupError`` for an
    encoding it cannot read) go to the caller, which knows what the document was meant to be.
    """
    depth = 0
    events = defusedxml.ElementTree.iterparse(io.BytesIO(body), events=("start", "end"))
    for event, element in events:
        if event == "start":
            depth += 1
            if depth > max_depth:
                raise FeedParseError(f"{what} nested more than {max_depth} levels deep",
                                     code="source.too_deep")
            yield event, element, depth
        else:
            yield event, element, depth
            depth -= 1


def local_name(tag: object) -> str:
    """The tag without its namespace, lower case."""
    return str(tag).rsplit("}", 1)[-1].lower()
