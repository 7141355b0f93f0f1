"""RSS, Atom and JSON Feed per language and per section, parsed as a feed reader would."""

from __future__ import annotations

import calendar
import json
from datetime import timedelta
from xml.etree import ElementTree as ET

import feedparser
import pytest
from harness import NOW, Client, Seeder

from bbabo.web.feedviews import FEED_SIZE

BASE = "http://testserver"


@pytest.fixture
def story(seed: Seeder) -> int:
    article_id = seed.article("Путин встретится с Токаевым", age=timedelta(hours=2),
                              source="Газета.Ru")
    seed.translation(article_id, "en", "Putin to meet Tokayev",
                     paragraphs=("The president arrived.", "They meet on Monday."))
    seed.article("Storm hits the coast", lang="en", source="Coast News",
                 paragraphs=("Waves & wind.",), age=timedelta(hours=1))
    seed.article("Cup final tonight", lang="en", section="sport", source="Coast News")
    return article_id


def _parse(body: bytes) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(body)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def test_rss_feed_of_a_language(client: Client, story: int) -> None:
    response = client.get("/en/feed.xml")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/rss+xml; charset=utf-8"
    assert response.headers["cache-control"] == "public, max-age=300"
    feed = _parse(response.content)
    assert feed.version == "rss20"
    assert feed.feed.title == "Bbabo NET · Latest news"
    assert feed.feed.language == "en"
    assert feed.feed.link == f"{BASE}/en/"
    assert [e.title for e in feed.entries] == [
        "Cup final tonight", "Storm hits the coast", "Putin to meet Tokayev"]
    translated = feed.entries[2]
    assert translated.link == f"{BASE}/en/news/{story}-putin-to-meet-tokayev"
    assert translated.id == f"{BASE}/en/news/{story}"
    assert translated.published == "Wed, 10 Jan 2024 12:05:00 GMT"
    assert calendar.timegm(translated.published_parsed) == (NOW - timedelta(hours=2)).timestamp()
    assert translated.tags[0].term == "News"
    assert translated.content[0].value == "<p>The president arrived.</p><p>They meet on Monday.</p>"
    assert feed.entries[1].summary == "<p>Waves &amp; wind.</p>"
    assert "lastBuildDate>Wed, 10 Jan 2024 14:05:00 GMT<" in response.text


def test_rss_feed_of_the_original_language(client: Client, story: int) -> None:
    feed = _parse(client.get("/ru/feed.xml").content)
    assert feed.feed.language == "ru"
    assert feed.feed.title == "Bbabo NET · Последние новости"
    [entry] = feed.entries
    assert entry.title == "Путин встретится с Токаевым"
    assert entry.link == f"{BASE}/ru/news/{story}-putin-vstretitsya-s-tokaevym"
    assert entry.tags[0].term == "Новости"


def test_atom_feed_of_a_language(client: Client, story: int) -> None:
    response = client.get("/en/atom.xml")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    feed = _parse(response.content)
    assert feed.version == "atom10"
    assert feed.feed.language == "en"
    assert feed.feed.title == "Bbabo NET · Latest news"
    assert feed.feed.id == f"{BASE}/en/atom.xml"
    assert feed.feed.updated == "2024-01-10T14:05:00Z"
    assert {link.rel: link.href for link in feed.feed.links} == {
        "alternate": f"{BASE}/en/", "self": f"{BASE}/en/atom.xml"}
    translated = feed.entries[2]
    assert translated.title == "Putin to meet Tokayev"
    assert translated.link == f"{BASE}/en/news/{story}-putin-to-meet-tokayev"
    assert translated.published == "2024-01-10T12:05:00Z"
    # The translation was made at NOW, after the original was published.
    assert translated.updated == "2024-01-10T14:05:00Z"
    assert translated.author == "Газета.Ru"
    assert translated.summary == "The president arrived."
    assert translated.content[0].type == "text/html"


def test_json_feed_of_a_language(client: Client, story: int) -> None:
    response = client.get("/en/feed.json")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/feed+json"
    feed = json.loads(response.content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] == "Bbabo NET · Latest news"
    assert feed["language"] == "en"
    assert feed["home_page_url"] == f"{BASE}/en/"
    assert feed["feed_url"] == f"{BASE}/en/feed.json"
    [item] = [item for item in feed["items"] if item["title"] == "Putin to meet Tokayev"]
    assert item == {
        "id": f"{BASE}/en/news/{story}",
        "url": f"{BASE}/en/news/{story}-putin-to-meet-tokayev",
        "title": "Putin to meet Tokayev",
        "content_text": "The president arrived.\n\nThey meet on Monday.",
        "summary": "The president arrived.",
        "date_published": "2024-01-10T12:05:00Z", "date_modified": "2024-01-10T14:05:00Z",
        "authors": [{"name": "Газета.Ru"}], "tags": ["News"], "language": "en",
    }


@pytest.mark.parametrize(("path", "version"), [("/en/sport/feed.xml", "rss20"),
                                                ("/en/sport/atom.xml", "atom10")])
def test_section_feeds_hold_only_that_section(client: Client, story: int, path: str,
                                              version: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    feed = _parse(response.content)
    assert feed.version == version
    assert feed.feed.title == "Bbabo NET · Sport"
    assert [e.title for e in feed.entries] == ["Cup final tonight"]
    assert f"{BASE}{path}" in response.text  # its self link


def test_section_json_feed(client: Client, story: int) -> None:
    feed = client.get("/en/news/feed.json").json()
    assert feed["title"] == "Bbabo NET · News"
    assert feed["feed_url"] == f"{BASE}/en/news/feed.json"
    assert [i["title"] for i in feed["items"]] == ["Storm hits the coast", "Putin to meet Tokayev"]


@pytest.mark.parametrize("path", ["/xx/feed.xml", "/EN/atom.xml", "/en/nosuch/feed.xml",
                                  "/xx/news/feed.json"])
def test_unknown_language_or_section_is_a_404(client: Client, story: int, path: str) -> None:
    assert client.get(path).status_code == 404


def test_empty_feed_is_still_valid(client: Client) -> None:
    feed = _parse(client.get("/pl/atom.xml").content)
    assert feed.entries == []
    assert feed.feed.updated == "2024-01-10T14:05:00Z"  # when the app started
    assert _parse(client.get("/pl/feed.xml").content).feed.language == "pl"


def test_feeds_hold_the_newest_articles_only(client: Client, seed: Seeder) -> None:
    for n in range(FEED_SIZE + 2):
        seed.article(f"Item {n}", lang="en", age=timedelta(minutes=n))
    titles = [e.title for e in _parse(client.get("/en/feed.xml").content).entries]
    assert titles == [f"Item {n}" for n in range(FEED_SIZE)]


def test_text_is_escaped_and_characters_xml_forbids_are_dropped(
        client: Client, seed: Seeder) -> None:
    title = 'A <b>bold</b> & "quoted"\x0b\x00 title'
    seed.article(title, lang="en", paragraphs=("<script>alert(1)</script>",))
    for path in ("/en/feed.xml", "/en/atom.xml"):
        body = client.get(path).content
        ET.fromstring(body)  # well-formed, whatever the text held
        assert b"<b>" not in body and b"<script>" not in body
        [entry] = _parse(body).entries
        assert entry.title == 'A <b>bold</b> & "quoted" title'
        assert "&lt;script&gt;" in entry.content[0].value
    assert client.get("/en/feed.json").json()["items"][0]["title"] == title


def test_every_html_page_advertises_its_language_feeds(client: Client, story: int) -> None:
    for path in ("/ru/", f"/ru/news/{story}-putin-vstretitsya-s-tokaevym", "/ru/nothing/here"):
        html = client.get(path).text
        assert ('<link rel="alternate" type="application/rss+xml" title="Bbabo NET (RSS)" '
                'href="/ru/feed.xml">') in html
        assert ('<link rel="alternate" type="application/atom+xml" title="Bbabo NET (Atom)" '
                'href="/ru/atom.xml">') in html
        assert ('<link rel="alternate" type="application/feed+json" title="Bbabo NET (JSON Feed)" '
                'href="/ru/feed.json">') in html
