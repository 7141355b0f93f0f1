"""OPML import parsing and export rendering."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bbabo.errors import FeedParseError
from bbabo.model import Source
from bbabo.sources import parse_opml, render_opml, section_slug
from bbabo.sources._xml import MAX_XML_DEPTH
from bombs import deep_opml

OPML = Path(__file__).parents[1] / "fixtures" / "opml" / "subscriptions.opml"
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def test_outlines_with_language_and_section() -> None:
    outlines = parse_opml(OPML.read_bytes())
    by_title = {o.title: o for o in outlines}
    assert len(outlines) == 6
    sport = by_title["Herald sport"]
    assert (sport.url, sport.lang, sport.section, sport.site_url) == (
        "https://herald.example/sport/feed.xml", "en", "sport-games", "https://herald.example/sport/")
    gazeta = by_title["Gazeta"]
    assert (gazeta.lang, gazeta.section) == ("pl", "economy")  # from category
    assert (by_title["Vestnik"].lang, by_title["Vestnik"].section) == ("ru", "politics")
    assert by_title["Broken"].problem == "not an http(s) URL: 'ftp://files.example/feed'"
    assert by_title["Klingon"].problem == "unknown language code 'tlh-QO'"
    assert all(o.problem is None for o in outlines if o.title not in ("Broken", "Klingon"))


@pytest.mark.parametrize("body", [b"<html><body/></html>", b"not xml at all", b"<opml/>"])
def test_not_opml(body: bytes) -> None:
    with pytest.raises(FeedParseError) as caught:
        parse_opml(body)
    assert caught.value.code == "source.opml"


def test_entity_declarations_are_refused() -> None:
    body = (b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<opml><body><outline xmlUrl="https://a.example/&x;"/></body></opml>')
    with pytest.raises(FeedParseError) as caught:
        parse_opml(body)
    assert caught.value.code == "source.unsafe_xml"


def test_render_round_trips() -> None:
    sources = [
        Source(id=1, url="https://a.example/feed.xml", name="A & B <news>", lang_hint="uk",
               section="world", site_url="https://a.example/"),
        Source(id=2, url="https://b.example/sitemap.xml", kind="sitemap", enabled=False),
    ]
    text = render_opml(sources, now=NOW)
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>\n<opml version="2.0">')
    assert "Fri, 27 Nov 2026 12:00:00" in text and "A &amp; B &lt;news&gt;" in text
    back = parse_opml(text.encode())
    assert [(o.url, o.title, o.lang, o.section, o.site_url) for o in back] == [
        ("https://a.example/feed.xml", "A & B <news>", "uk", "world", "https://a.example/"),
        ("https://b.example/sitemap.xml", "https://b.example/sitemap.xml", None, "news", None),
    ]


def test_section_slug() -> None:
    assert section_slug("  Sport & Games ") == "sport-games"
    assert section_slug("Мир / Politika") == "мир-politika"
    assert section_slug("!!!") == ""


@pytest.mark.parametrize("depth", [MAX_XML_DEPTH, 10_000, 200_000])
def test_opml_nested_too_deep_is_a_clear_error(depth: int) -> None:
    with pytest.raises(FeedParseError) as caught:
        parse_opml(deep_opml(depth))
    assert caught.value.code == "source.too_deep"


def test_opml_folders_a_few_levels_deep_are_read() -> None:
    assert [o.url for o in parse_opml(deep_opml(MAX_XML_DEPTH - 4))] == ["http://example.com/feed"]
