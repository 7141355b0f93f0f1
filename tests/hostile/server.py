"""The bomb server: routes on a ``FakeWeb`` (127.0.0.1) that serve every hostile input bbabo
must survive, next to one normal article, and feeds that list them.

``install(web)`` adds the routes and returns where they are. Pages sit behind one feed
(``pages_feed``); each hostile feed is a source of its own (``feeds``); ``opml()`` lists them
all, as an operator would import them.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from xml.sax.saxutils import escape

from bombs import (
    brotli_bomb,
    deep_json_feed,
    gzip_gzip_bomb,
    header_drip,
    huge_feed,
    huge_sitemap_index,
    utf16_entity_bomb,
)
from fakeweb import FakeWeb, Reply

__all__ = ["HostileSite", "install", "rss"]

NORMAL_PAGE = "/articles/en-harbour-bridge.html"  # a static fixture page: a real article
NORMAL_TITLE = "Harbour bridge reopens"
# Links of the 100,000-entry feed point here: nothing listens, so each queued page fails at
# once (its robots.txt is unreachable) and the crawl is not spent on 1,000 fetches.
DEAD_HOST = "http://127.0.0.2:1"
HTML = {"Content-Type": "text/html; charset=utf-8"}


@dataclass(frozen=True)
class HostileSite:
    base: str
    pages_feed: str
    normal_page: str
    hostile_pages: dict[str, str]  # name -> URL, each listed in pages_feed
    feeds: dict[str, str]  # name -> URL of a hostile source

    def opml(self) -> bytes:
        outlines = "".join(f'<outline text="{name}" type="rss" xmlUrl="{escape(url)}"/>'
                           for name, url in {"pages": self.pages_feed, **self.feeds}.items())
        return (f'<?xml version="1.0"?><opml version="2.0"><head><title>hostile</title></head>'
                f"<body>{outlines}</body></opml>").encode()


def rss(links: list[str], *, title: str = "feed") -> bytes:
    items = "".join(f"<item><title>{escape(link)}</title><link>{escape(link)}</link></item>"
                    for link in links)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{title}</title><link>http://example.com/</link>{items}"
            "</channel></rss>").encode()


def install(web: FakeWeb) -> HostileSite:
    # robots.txt in the shape protego returns as an int period (it crashed every page).
    web.route("/robots.txt", body=b"User-agent: *\nRequest-rate: 20/1\n")
    pages = {
        "brotli-bomb": Reply(headers={**HTML, "Content-Encoding": "br"}, body=brotli_bomb()),
        "gzip-gzip-bomb": Reply(headers={**HTML, "Content-Encoding": "gzip, gzip"},
                                body=gzip_gzip_bomb()),
        "header-drip": Reply(raw=header_drip(lines=100), chunk_delay=0.5),
        "body-drip": Reply(headers=HTML, body=itertools.repeat(b"<p>drip</p>"),
                           chunk_delay=0.2),
    }
    hostile_pages = {}
    for name, reply in pages.items():
        web.route(f"/pages/{name}.html", reply)
        hostile_pages[name] = web.url(f"/pages/{name}.html")
    normal_page = web.url(NORMAL_PAGE)
    web.route("/feeds/pages.xml", body=rss([*hostile_pages.values(), normal_page]),
              headers={"Content-Type": "application/rss+xml"})
    feeds = {
        "utf16-entity-bomb": Reply(headers={"Content-Type": "application/xml"},
                                   body=utf16_entity_bomb()),
        "deep-json-feed": Reply(headers={"Content-Type": "application/feed+json"},
                                body=deep_json_feed()),
        "100k-entry-feed": Reply(headers={"Content-Type": "application/rss+xml"},
                                 body=huge_feed(100_000, base=DEAD_HOST)),
        "huge-sitemap-index": Reply(headers={"Content-Type": "application/xml"},
                                    body=huge_sitemap_index(30_000, base=web.url("/gone"))),
        "bad-etag-feed": Reply(headers={"Content-Type": "application/rss+xml",
                                        "ETag": '"caf\xe9"'},
                               body=rss([normal_page], title="bad etag")),
        "brotli-bomb-feed": Reply(headers={"Content-Type": "application/rss+xml",
                                           "Content-Encoding": "br"}, body=brotli_bomb()),
    }
    feed_urls = {}
    for name, reply in feeds.items():
        web.route(f"/feeds/{name}", reply)
        feed_urls[name] = web.url(f"/feeds/{name}")
    return HostileSite(base=web.base_url, pages_feed=web.url("/feeds/pages.xml"),
                       normal_page=normal_page, hostile_pages=hostile_pages, feeds=feed_urls)
