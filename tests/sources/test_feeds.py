from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bbabo.errors import FeedParseError, NotAFeed
from bbabo.sources import parse_feed
from fakeweb import SITE_ROOT

BASE = "https://herald.example/feeds/"


def _feed(name: str) -> bytes:
    return (SITE_ROOT / "feeds" / name).read_bytes()


def test_rss2_entries_links_dates_and_plain_summaries() -> None:
    entries = parse_feed(_feed("rss.xml"), BASE + "rss.xml")

    assert [e.url for e in entries] == [
        "https://herald.example/news/2024/03/harbour-bridge-reopens",
        "https://herald.example/news/2024/03/pay-deal",  # relative link made absolute
        "https://herald.example/news/2024/03/guid-permalink",  # permalink guid, no <link>
    ]  # the linkless item, the repeated link and the javascript: link are gone
    first, second, third = entries
    assert first.title == "Harbour bridge reopens after two-year repair"
    assert first.published_at == datetime(2024, 3, 14, 7, 30, tzinfo=UTC)
    assert first.summary == "The bridge reopened to traffic on Thursday morning."
    assert "alert" not in first.summary and "<" not in first.summary
    assert second.title == "Council & unions agree pay deal"
    assert third.published_at == datetime(2024, 3, 12, 15, 0, tzinfo=UTC)  # EST


def test_atom_with_xml_base_and_relative_links() -> None:
    entries = parse_feed(_feed("atom.xml"), BASE + "atom.xml")

    assert [e.url for e in entries] == [
        "https://herald.example/news/2024/03/harbour-bridge-reopens",
        "https://herald.example/sport/2024/03/cup-final",  # the entry's own xml:base
    ]
    assert entries[0].title == "Bridge reopens"  # type="html" title, tags stripped
    assert entries[0].summary == "Traffic flows <again> across the harbour."  # type="text" kept
    assert entries[0].published_at == datetime(2024, 3, 14, 7, 30, tzinfo=UTC)
    assert entries[1].published_at == datetime(2024, 3, 10, 18, 0, tzinfo=UTC)  # from <updated>
    assert entries[1].summary == "A late goal settled it."


def test_json_feed() -> None:
    entries = parse_feed(_feed("feed.json"), BASE + "feed.json")

    assert [e.url for e in entries] == [
        "https://herald.example/news/2024/03/harbour-bridge-reopens",
        "https://herald.example/news/2024/03/pay-deal",
        "https://elsewhere.example/story",
        "https://herald.example/news/2024/03/bad-date",
    ]
    assert entries[0].published_at == datetime(2024, 3, 14, 7, 30, tzinfo=UTC)
    assert entries[0].summary == "Traffic flows again across the harbour."
    assert entries[1].summary == "Staff will get a 5% rise."  # from content_html
    assert entries[1].published_at == datetime(2024, 3, 13, 17, 5, tzinfo=UTC)
    assert entries[3].published_at is None


def test_json_feed_version_1_0_and_naive_date() -> None:
    body = (b'{"version": "https://jsonfeed.org/version/1", "title": "t", "items": ['
            b'{"id": "1", "url": "a/1", "title": "One", "date_published": "2024-01-02T03:04:05"}]}')
    [entry] = parse_feed(body, "https://x.example/feed/")
    assert entry.url == "https://x.example/feed/a/1"
    assert entry.published_at == datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_rss091_with_netscape_doctype_and_rss10() -> None:
    [cafe] = parse_feed(_feed("rss091.xml"), "http://cafe.example/rss")
    assert cafe.title == "Nouveau café sur le port"
    [ferry] = parse_feed(_feed("rdf.xml"), BASE + "rdf.xml")
    assert ferry.url == "https://herald.example/news/rdf-1"
    assert ferry.published_at == datetime(2024, 3, 11, 7, 0, tzinfo=UTC)


def test_feed_with_no_items_is_empty_not_an_error() -> None:
    assert parse_feed(_feed("empty.xml"), BASE + "empty.xml") == []
    assert parse_feed(b'{"version": "https://jsonfeed.org/version/1.1", "items": []}', BASE) == []


@pytest.mark.parametrize("name", ["billion-laughs.xml", "xxe.xml"])
def test_entity_declarations_are_refused(name: str) -> None:
    with pytest.raises(FeedParseError) as caught:
        parse_feed(_feed(name), BASE + name)
    assert caught.value.code == "source.unsafe_xml"


def test_malformed_feed_declaring_entities_is_refused() -> None:
    # Broken before the DTD, so expat stops before it could see the entity declarations.
    body = b"<rss/>" + _feed("billion-laughs.xml")
    with pytest.raises(FeedParseError):
        parse_feed(body, BASE)


def test_broken_feed_without_entries() -> None:
    with pytest.raises(FeedParseError) as caught:
        parse_feed(_feed("broken.xml"), BASE + "broken.xml")
    assert caught.value.code == "source.parse_error"


def test_broken_json_feed() -> None:
    with pytest.raises(FeedParseError):
        parse_feed(b'{"version": "https://jsonfeed.org/version/1.1", "items": [', BASE)
    with pytest.raises(FeedParseError):
        parse_feed(b'{"version": "https://jsonfeed.org/version/1.1", "items": 3}', BASE)


@pytest.mark.parametrize("body", [
    (SITE_ROOT / "index.html").read_bytes(),
    (SITE_ROOT / "articles" / "en-harbour-bridge.html").read_bytes(),
    b"<html><body>hi</body></html>",
    b'<?xml version="1.0"?><note><to>Tove</to></note>',
    b'{"name": "not a feed"}',
    b"[1, 2, 3]",
    b"plain text",
    b"",
])
def test_not_a_feed(body: bytes) -> None:
    with pytest.raises(NotAFeed) as caught:
        parse_feed(body, BASE)
    assert caught.value.code == "source.not_a_feed"


def test_body_naming_a_local_file_is_not_read() -> None:
    # feedparser reads a file when given a path as bytes; the body must never be one.
    with pytest.raises(NotAFeed):
        parse_feed(str(SITE_ROOT / "feeds" / "rss.xml").encode(), BASE)


def test_utf8_bom_and_utf16_feeds() -> None:
    text = _feed("rdf.xml").decode("utf-8")
    assert len(parse_feed(b"\xef\xbb\xbf" + text.encode("utf-8"), BASE)) == 1
    utf16 = text.replace('encoding="utf-8"', 'encoding="utf-16"').encode("utf-16")
    assert len(parse_feed(utf16, BASE)) == 1
