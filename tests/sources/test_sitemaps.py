"""News sitemaps and sitemap index files."""

from __future__ import annotations

import gzip
import time
import tracemalloc
import zlib
from datetime import UTC, datetime

import pytest

from bbabo.errors import FeedParseError, NotAFeed, TooLarge
from bbabo.sources import is_sitemap, parse_sitemap
from bbabo.sources.sitemaps import MAX_NEWS_ENTRIES, MAX_PLAIN_ENTRIES
from bombs import huge_sitemap_index
from fakeweb import SITE_ROOT

BASE = "https://gazeta.example/sitemaps/news.xml"


def _file(name: str) -> bytes:
    return (SITE_ROOT / "sitemaps" / name).read_bytes()


def test_news_sitemap_keeps_news_entries_with_titles_and_dates() -> None:
    sitemap = parse_sitemap(_file("news.xml"), BASE)
    assert not sitemap.is_index
    assert [e.url for e in sitemap.entries] == [
        "https://gazeta.example/wiadomosci/rada-miasta-przyjela-budzet",
        "https://gazeta.example/wiadomosci/korki-na-moscie",  # relative <loc> resolved
    ]  # the page without <news:news> and the javascript: one are gone
    first, second = sitemap.entries
    assert first.title == "Rada miasta przyjęła budżet na przyszły rok"
    assert first.published_at == datetime(2024, 12, 19, 17, 45, tzinfo=UTC)
    assert second.published_at == datetime(2024, 12, 19, tzinfo=UTC)


def test_index_lists_children_newest_first_without_repeats() -> None:
    sitemap = parse_sitemap(_file("index.xml"), "https://gazeta.example/sitemap.xml")
    assert sitemap.is_index and sitemap.entries == ()
    assert sitemap.sitemaps == ("https://gazeta.example/sitemaps/news.xml",
                                "https://gazeta.example/sitemaps/plain.xml")


def test_plain_sitemap_gives_the_newest_pages_only() -> None:
    entries = parse_sitemap(_file("plain.xml"), BASE).entries
    assert [e.url.rsplit("/", 1)[1] for e in entries] == ["2", "1", "3"]
    many = ("<urlset>" + "".join(f"<url><loc>https://x.example/{n}</loc></url>"
                                 for n in range(MAX_PLAIN_ENTRIES + 50)) + "</urlset>").encode()
    assert len(parse_sitemap(many, BASE).entries) == MAX_PLAIN_ENTRIES


def test_gzip_sitemap_and_sniffing() -> None:
    packed = gzip.compress(_file("news.xml"))
    assert is_sitemap(packed) and is_sitemap(_file("index.xml"))
    assert len(parse_sitemap(packed, BASE).entries) == 2
    assert not is_sitemap((SITE_ROOT / "feeds" / "rss.xml").read_bytes())
    assert not is_sitemap(b"\x1f\x8bnot really gzip")


def test_gzip_bomb_stops_at_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bbabo.sources.sitemaps.MAX_SITEMAP_BYTES", 100_000)
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    bomb = packer.compress(b"<urlset>" + b" " * 5_000_000) + packer.flush()
    with pytest.raises(TooLarge):
        parse_sitemap(bomb, BASE)


def test_entity_bomb_broken_xml_and_other_xml() -> None:
    with pytest.raises(FeedParseError) as caught:
        parse_sitemap(_file("bomb.xml"), BASE)
    assert caught.value.code == "source.unsafe_xml"
    with pytest.raises(FeedParseError):
        parse_sitemap(b"<urlset><url><loc>x</url>", BASE)
    with pytest.raises(NotAFeed):
        parse_sitemap(b"<rss><channel/></rss>", BASE)
    with pytest.raises(NotAFeed):
        parse_sitemap(b"\x00\x01binary", BASE)


def test_an_index_of_30000_children_is_read_in_linear_time() -> None:
    started = time.process_time()
    sitemap = parse_sitemap(huge_sitemap_index(30_000), "https://gazeta.example/sitemap.xml")
    elapsed = time.process_time() - started
    assert len(sitemap.sitemaps) == 30_000 and elapsed < 2.0, f"{elapsed:.1f}s CPU"
    assert sitemap.sitemaps[0].endswith("/sitemap-83.xml")  # the first child of 2024-12-28


def test_an_index_is_read_up_to_the_protocol_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bbabo.sources.sitemaps.MAX_SITEMAP_CHILDREN", 100)
    sitemap = parse_sitemap(huge_sitemap_index(1_000), "https://gazeta.example/sitemap.xml")
    assert len(sitemap.sitemaps) == 100


def test_a_urlset_is_read_up_to_the_protocol_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bbabo.sources.sitemaps.MAX_SITEMAP_URLS", 300)
    rows = "".join(f"<url><loc>https://x.example/{n}</loc><lastmod>2024-01-01</lastmod></url>"
                   for n in range(1_000))
    entries = parse_sitemap(f"<urlset>{rows}</urlset>".encode(), BASE).entries
    assert len(entries) == MAX_PLAIN_ENTRIES
    assert max(int(e.url.rsplit("/", 1)[1]) for e in entries) < 300


def test_a_news_sitemap_keeps_its_newest_entries_up_to_the_cap() -> None:
    rows = "".join(
        f"<url><loc>https://x.example/{n}</loc><news:news><news:publication_date>"
        f"{_day(n)}</news:publication_date><news:title>t{n}</news:title></news:news></url>"
        for n in range(MAX_NEWS_ENTRIES + 200))
    body = ('<urlset xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
            f"{rows}</urlset>").encode()
    entries = parse_sitemap(body, BASE).entries
    assert len(entries) == MAX_NEWS_ENTRIES
    newest_first = sorted(range(MAX_NEWS_ENTRIES + 200), key=_day, reverse=True)
    assert {e.url for e in entries} == {f"https://x.example/{n}"
                                        for n in newest_first[:MAX_NEWS_ENTRIES]}


def test_deep_nesting_is_a_clear_error() -> None:
    body = b"<urlset><url>" + b"<x>" * 100_000 + b"</x>" * 100_000 + b"</url></urlset>"
    with pytest.raises(FeedParseError) as caught:
        parse_sitemap(body, BASE)
    assert caught.value.code == "source.too_deep"


def test_a_big_sitemap_is_read_as_a_stream() -> None:
    # Image captions and the like are most of a real sitemap: the tree of the whole document
    # would hold them all; the stream drops each <url> once its few values are read.
    caption = "A long caption describing the picture in detail. " * 10
    rows = "".join(f"<url><loc>https://x.example/{n}</loc><lastmod>2024-01-01</lastmod>"
                   f"<image:image><image:loc>https://x.example/{n}.jpg</image:loc>"
                   f"<image:caption>{caption}</image:caption></image:image></url>"
                   for n in range(10_000))
    body = ('<urlset xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">'
            f"{rows}</urlset>").encode()
    tracemalloc.start()
    try:
        entries = parse_sitemap(body, BASE).entries
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(entries) == MAX_PLAIN_ENTRIES
    assert peak < len(body) // 2, f"{peak:,} bytes for a {len(body):,}-byte sitemap"


def _day(n: int) -> str:
    return f"2024-{1 + n * 7 % 12:02d}-{1 + n * 13 % 28:02d}T{n % 24:02d}:00:00Z"


def test_reading_stops_after_the_element_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bbabo.sources.sitemaps.MAX_SITEMAP_ELEMENTS", 50)
    rows = "".join(f"<url><loc>https://x.example/{n}</loc><x/><x/><x/></url>" for n in range(100))
    entries = parse_sitemap(f"<urlset>{rows}</urlset>".encode(), BASE).entries
    assert 0 < len(entries) < 10  # 5 elements a <url>: the first nine or so
