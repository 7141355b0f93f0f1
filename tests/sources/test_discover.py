from __future__ import annotations

from bbabo.sources import discover_feeds
from fakeweb import SITE_ROOT


def test_alternate_feed_links_in_document_order() -> None:
    html = (SITE_ROOT / "index.html").read_bytes()
    assert discover_feeds(html, "https://herald.example/") == [
        "https://herald.example/feeds/rss.xml",
        "https://herald.example/feeds/atom.xml",
        "https://herald.example/feeds/feed.json",  # protocol-relative, mixed case type and rel
        "https://herald.example/feeds/sport.xml",  # a <link> in the body still counts
    ]  # no hreflang alternate, no oEmbed, no WordPress REST link, no repeat


def test_relative_to_the_page_url_and_str_input() -> None:
    html = (SITE_ROOT / "index.html").read_text(encoding="utf-8")
    found = discover_feeds(html, "https://herald.example/section/page.html")
    assert found[1] == "https://herald.example/section/feeds/atom.xml"


def test_base_href_and_xml_declaration() -> None:
    html = ('<?xml version="1.0" encoding="utf-8"?><html><head><base href="https://cdn.example/s/">'
            '<link rel="alternate" type="application/atom+xml; charset=utf-8" href="atom">'
            '<link rel="alternate feed" type="application/rss+xml" href="javascript:x()">'
            "</head></html>")
    assert discover_feeds(html, "https://site.example/") == ["https://cdn.example/s/atom"]


def test_nothing_to_discover() -> None:
    assert discover_feeds(b"", "https://x.example/") == []
    assert discover_feeds("<p>no head</p>", "https://x.example/") == []
    article = (SITE_ROOT / "sections" / "world.html").read_bytes()
    assert discover_feeds(article, "https://x.example/") == []
