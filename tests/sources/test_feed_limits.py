"""Feeds from hostile or unusual servers: entity bombs in any encoding, feeds in multi-byte
encodings, deep JSON, and feeds too long to read whole."""

from __future__ import annotations

import json
import time

import pytest

from bbabo.errors import FeedParseError, TooLarge
from bbabo.sources import parse_feed, parse_sitemap
from bbabo.sources.feeds import MAX_FEED_ITEMS, MAX_FEED_MARKUP
from bbabo.sources.jsonfeed import MAX_JSON_DEPTH, MAX_JSON_TOKENS
from bombs import deep_json_feed, huge_feed, json_feed, utf16_entity_bomb
from fakeweb import SITE_ROOT

BASE = "https://harbour.example/feed"


def _feed(name: str) -> bytes:
    return (SITE_ROOT / "feeds" / name).read_bytes()


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8", "utf-32"])
def test_an_entity_bomb_behind_a_broken_comment_is_refused_in_any_encoding(
    encoding: str
) -> None:
    # Expat stops at the broken comment before it reaches the DTD, so only a check on the
    # decoded text sees the declaration; feedparser's lenient parser would expand it.
    text = utf16_entity_bomb(references=2_000, entity_chars=1_000).decode("utf-16")
    body = text.replace('encoding="UTF-16"', f'encoding="{encoding.upper()}"').encode(
        encoding if encoding != "utf-16-be" else "utf-16-be")
    if encoding == "utf-16-be":
        body = b"\xfe\xff" + body
    with pytest.raises(FeedParseError) as caught:
        parse_feed(body, BASE)
    assert caught.value.code == "source.unsafe_xml"


def test_the_full_size_utf16_bomb_is_refused_quickly() -> None:
    started = time.monotonic()
    with pytest.raises(FeedParseError):
        parse_feed(utf16_entity_bomb(), BASE)
    assert time.monotonic() - started < 2


def test_a_harmless_doctype_still_parses() -> None:
    body = (b'<?xml version="1.0"?>\n<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS'
            b' 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n'
            b'<rss version="0.91"><channel><title>t</title><item><title>a</title>'
            b"<link>https://harbour.example/a</link></item></channel></rss>")
    assert [e.url for e in parse_feed(body, BASE)] == ["https://harbour.example/a"]


@pytest.mark.parametrize(("name", "titles"), [
    ("big5.xml", ["市政府宣布明年將擴建港口大橋", "颱風過後，鐵路服務全面恢復"]),
    ("gb18030.xml", ["市政府宣布明年扩建港口大桥", "𠮷野家在市中心开设第一家分店"]),
    ("shift_jis.xml", ["市議会が新しい図書館の建設を承認", "台風の影響で新幹線が運転を見合わせ"]),
    ("euc-kr.xml", ["시의회가 새 도서관 건설을 승인했다", "태풍으로 고속철도 운행이 중단됐다"]),
])
def test_feeds_in_multi_byte_encodings(name: str, titles: list[str]) -> None:
    body = _feed(name)
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    entries = parse_feed(body, BASE)
    assert [e.title for e in entries] == titles
    assert all(e.url.startswith("https://harbour.example/") and e.summary for e in entries)
    assert entries[0].published_at is not None


def test_a_json_feed_nested_200000_deep_is_a_clear_error() -> None:
    with pytest.raises(FeedParseError) as caught:
        parse_feed(deep_json_feed(), BASE)
    assert caught.value.code == "source.too_deep"
    assert str(MAX_JSON_DEPTH) in str(caught.value)


def test_json_nesting_is_measured_outside_strings() -> None:
    items = [{"url": f"https://harbour.example/{n}", "title": "[[[[{{{{" * 50,
              "_ext": {"a": {"b": [[["deep but fine"]]]}}} for n in range(3)]
    entries = parse_feed(json_feed(items), BASE)
    assert [e.title for e in entries] == ["[[[[{{{{" * 50] * 3


def test_a_json_feed_of_too_many_values_is_refused() -> None:
    body = json_feed([{"url": "https://harbour.example/a", "n": [0] * (MAX_JSON_TOKENS + 1)}])
    with pytest.raises(TooLarge) as caught:
        parse_feed(body, BASE)
    assert caught.value.code == "source.too_large"


def test_a_json_feed_keeps_its_first_items_up_to_the_cap() -> None:
    items = [{"url": f"https://harbour.example/{n}", "title": f"t{n}"}
             for n in range(MAX_FEED_ITEMS + 500)]
    entries = parse_feed(json.dumps({"version": "https://jsonfeed.org/version/1",
                                     "items": items}).encode(), BASE)
    assert len(entries) == MAX_FEED_ITEMS
    assert entries[0].url == "https://harbour.example/0"


def test_a_feed_of_100000_entries_yields_the_first_entries_up_to_the_cap() -> None:
    body = huge_feed(100_000, base="https://harbour.example")
    started = time.monotonic()
    entries = parse_feed(body, BASE)
    elapsed = time.monotonic() - started
    assert len(entries) == MAX_FEED_ITEMS
    assert entries[0].url == "https://harbour.example/i/0"  # the newest, listed first
    assert entries[-1].url == f"https://harbour.example/i/{MAX_FEED_ITEMS - 1}"
    assert elapsed < 10, f"{elapsed:.1f}s"


def test_atom_entries_are_capped_too() -> None:
    rows = "".join(f'<entry><title>e{n}</title><link href="https://harbour.example/{n}"/>'
                   f"<id>urn:{n}</id><updated>2024-03-14T07:30:00Z</updated></entry>"
                   for n in range(MAX_FEED_ITEMS + 10))
    body = ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
            f"{rows}</feed>").encode()
    entries = parse_feed(body, BASE)
    assert len(entries) == MAX_FEED_ITEMS and entries[0].title == "e0"


def test_a_feed_of_too_much_markup_is_refused() -> None:
    body = ('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item>'
            "<link>https://harbour.example/a</link><description>"
            + "&lt;b&gt;x&lt;/b&gt;" * (MAX_FEED_MARKUP // 2 + 1)
            + "</description></item></channel></rss>").encode()
    with pytest.raises(TooLarge) as caught:
        parse_feed(body, BASE)
    assert caught.value.code == "source.too_large"


@pytest.mark.parametrize("link", ["http://[::1/x", "http://a.example:\u00b2/", "http://a.example:99999/",
                                  "javascript:alert(1)"])
def test_a_link_that_is_no_usable_url_costs_its_entry_not_the_feed(link: str) -> None:
    good = "https://harbour.example/ok"
    rss = ('<rss version="2.0"><channel><title>t</title>'
           f"<item><link>{link}</link></item><item><link>{good}</link></item>"
           "</channel></rss>").encode()
    assert [e.url for e in parse_feed(rss, BASE)] == [good]
    jsonfeed = json_feed([{"url": link}, {"url": good}])
    assert [e.url for e in parse_feed(jsonfeed, BASE)] == [good]
    sitemap = (f"<urlset><url><loc>{link}</loc></url><url><loc>{good}</loc></url></urlset>")
    assert [e.url for e in parse_sitemap(sitemap.encode(), BASE).entries] == [good]
