"""Hostile bodies for tests: compression bombs, entity bombs, deep nesting, huge listings.

Each is built the way an attacker would send it (a few KB on the wire), once per test session.
"""

from __future__ import annotations

import functools
import gzip
import json
import zlib
from collections.abc import Iterator

import brotli

__all__ = [
    "brotli_bomb",
    "deep_json_feed",
    "deep_opml",
    "gzip_gzip_bomb",
    "header_drip",
    "huge_feed",
    "huge_sitemap_index",
    "utf16_entity_bomb",
]

_BLOCK = 1 << 24  # 16 MiB of zeros per compressor call


@functools.cache
def brotli_bomb(size: int = 1 << 30) -> bytes:
    """``Content-Encoding: br`` that inflates to ``size`` zero bytes (1 GiB: 1.6 KB)."""
    compressor = brotli.Compressor(quality=5)
    parts = [compressor.process(b"\0" * _BLOCK) for _ in range(size // _BLOCK)]
    return b"".join([*parts, compressor.finish()])


@functools.cache
def gzip_gzip_bomb(size: int = 1 << 30) -> bytes:
    """``Content-Encoding: gzip, gzip`` that inflates to ``size`` zero bytes (1 GiB: ~13 KB)."""
    inner = zlib.compressobj(1, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    parts = [inner.compress(b"\0" * _BLOCK) for _ in range(size // _BLOCK)]
    return gzip.compress(b"".join([*parts, inner.flush()]), 9)


def header_drip(lines: int = 1000) -> Iterator[bytes]:
    """A status line, then one header line at a time, never the blank line that ends them."""
    yield b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
    for number in range(lines):
        yield b"X-Drip-%d: ...\r\n" % number


@functools.cache
def utf16_entity_bomb(references: int = 20_000, entity_chars: int = 10_000) -> bytes:
    """An RSS feed in UTF-16 whose title expands one big entity ``references`` times. A broken
    comment before the DTD makes expat stop before it sees the declaration."""
    refs = "&big;" * references
    text = (
        '<?xml version="1.0" encoding="UTF-16"?>\n'
        "<!-- broken -- comment -->\n"
        f'<!DOCTYPE rss [<!ENTITY big "{"A" * entity_chars}">]>\n'
        '<rss version="2.0"><channel><title>t</title><link>http://example.com/</link>'
        f"<item><title>{refs}</title><link>http://example.com/a</link></item>"
        "</channel></rss>"
    )
    return text.encode("utf-16")


@functools.cache
def deep_json_feed(depth: int = 200_000) -> bytes:
    head = b'{"version": "https://jsonfeed.org/version/1.1", "title": "deep", "items": ['
    return head + b"[" * depth + b"]" * depth + b"]}"


@functools.cache
def deep_opml(depth: int = 10_000) -> bytes:
    opening = '<outline text="f">' * depth
    return (f'<?xml version="1.0"?><opml version="2.0"><head/><body>{opening}'
            f'<outline text="x" xmlUrl="http://example.com/feed"/>'
            f'{"</outline>" * depth}</body></opml>').encode()


@functools.cache
def huge_feed(entries: int = 100_000, base: str = "http://example.com") -> bytes:
    """An RSS feed of ``entries`` items (100,000 in 6 MB, under the default size cap)."""
    items = "".join(f"<item><title>{n}</title><link>{base}/i/{n}</link></item>"
                    for n in range(entries))
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>huge</title><link>{base}/</link>{items}</channel></rss>").encode()


@functools.cache
def huge_sitemap_index(children: int = 30_000, base: str = "http://example.com") -> bytes:
    rows = "".join(
        f"<sitemap><loc>{base}/sitemap-{n}.xml</loc>"
        f"<lastmod>2024-{1 + n % 12:02d}-{1 + n % 28:02d}</lastmod></sitemap>"
        for n in range(children))
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{rows}</sitemapindex>").encode()


def json_feed(items: list[dict[str, object]]) -> bytes:
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "t",
                       "items": items}).encode()
