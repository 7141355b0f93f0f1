"""Feed autodiscovery: the ``<link rel="alternate">`` feeds an HTML page announces."""

from __future__ import annotations

import lxml.etree
import lxml.html

from bbabo.sources._urls import web_url

__all__ = ["discover_feeds", "FEED_TYPES"]

FEED_TYPES = frozenset({
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+json",
    "application/json",
})


def discover_feeds(html: str | bytes, base_url: str) -> list[str]:
    """Return the absolute feed URLs a page links to, in document order, without repeats."""
    root = _parse(html)
    if root is None:
        return []
    base = base_url
    for href in root.xpath("//base/@href"):
        base = web_url(base_url, href) or base_url
        break
    found: list[str] = []
    for link in root.xpath("//link[@href]"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").split(";")[0].strip().lower()
        href = (link.get("href") or "").strip()
        if "alternate" not in rel or kind not in FEED_TYPES or not href:
            continue
        # WordPress announces every REST API resource as an application/json alternate.
        if kind == "application/json" and "/wp-json/" in href:
            continue
        url = web_url(base, href)
        if url is not None and url not in found:
            found.append(url)
    return found


def _parse(html: str | bytes) -> lxml.html.HtmlElement | None:
    data = html.encode("utf-8") if isinstance(html, str) else html
    if not data.strip():
        return None
    # Bytes plus an explicit parser sidesteps lxml's refusal of str input with an XML declaration;
    # a str was already decoded by the caller, so it is UTF-8 now.
    parser = lxml.html.HTMLParser(encoding="utf-8") if isinstance(html, str) else None
    try:
        return lxml.html.document_fromstring(data, parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return None
