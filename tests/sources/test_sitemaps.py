"""News sitemaps and sitemap index files."""

from __future__ import annotations

import gzip
import zlib
from datetime import UTC, datetime

import pytest

from bbabo.errors import FeedParseError, NotAFeed, TooLarge
from bbabo.sources import is_sitemap, parse_sitemap
from bbabo.sources.sitemaps import MAX_PLAIN_ENTRIES
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
