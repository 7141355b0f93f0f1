"""Hostile text from the web stays text: on pages, in meta and JSON-LD, in feeds and sitemaps."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from xml.etree import ElementTree as ET

import feedparser
import pytest
from harness import Client, Seeder

HOSTILE = '<script>alert(1)</script> "><img src=x onerror=alert(1)> </script><!-- end'


@pytest.fixture
def hostile(seed: Seeder) -> str:
    """The path of an English translation whose title and text are hostile."""
    article_id = seed.article(HOSTILE, source=HOSTILE, paragraphs=(HOSTILE,))
    seed.translation(article_id, "en", HOSTILE, paragraphs=(HOSTILE, "Second."))
    return f"/en/news/{article_id}-script-alert-1-script-img-src-x-onerror-alert-1-script-end"


class _Elements(HTMLParser):
    """The elements and comments a browser would build from a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.comments = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_comment(self, data: str) -> None:
        self.comments += 1


def _assert_inert_html(html: str) -> None:
    parsed = _Elements()
    parsed.feed(html)
    names = [tag for tag, _ in parsed.tags]
    assert "img" not in names and parsed.comments == 0
    # The one script element is the JSON-LD data block, which it must close itself.
    assert [attrs for tag, attrs in parsed.tags if tag == "script"] == [
        {"type": "application/ld+json"}]
    assert html.count("</script>") == 1
    assert not any(name.startswith("on") for _, attrs in parsed.tags for name in attrs)


def test_article_page_shows_hostile_text_as_text(client: Client, hostile: str) -> None:
    response = client.get(hostile)
    assert response.status_code == 200
    html = response.text
    _assert_inert_html(html)
    escaped = ("&lt;script&gt;alert(1)&lt;/script&gt; &#34;&gt;&lt;img src=x "
               "onerror=alert(1)&gt; &lt;/script&gt;&lt;!-- end")
    assert f"<h1>{escaped}</h1>" in html
    assert f'<meta property="og:title" content="{escaped}">' in html
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert "<" not in block and ">" not in block and "&" not in block
    data = json.loads(block)
    assert data["headline"] == HOSTILE
    assert data["author"]["name"] == HOSTILE
    assert data["isBasedOn"]["headline"] == HOSTILE


def test_original_and_home_pages_are_inert(client: Client, hostile: str) -> None:
    original = client.get(hostile.replace("/en/", "/ru/", 1))
    assert original.status_code == 200  # the ASCII title romanises to the same slug
    _assert_inert_html(original.text)
    home = client.get("/en/").text
    assert "<img" not in home and "<script" not in home


@pytest.mark.parametrize("path", ["/en/feed.xml", "/en/atom.xml"])
def test_xml_feeds_carry_hostile_text_as_escaped_text(client: Client, hostile: str,
                                                      path: str) -> None:
    body = client.get(path).content
    ET.fromstring(body)
    assert b"<script" not in body and b"<img" not in body and b"<!--" not in body
    [entry] = feedparser.parse(body).entries
    assert entry.title == HOSTILE
    # The HTML content escapes the text, so a reader shows it rather than running it.
    assert entry.content[0].value.startswith("<p>&lt;script&gt;alert(1)&lt;/script&gt;")


def test_json_feed_carries_hostile_text_as_a_plain_string(client: Client, hostile: str) -> None:
    [item] = client.get("/en/feed.json").json()["items"]
    assert item["title"] == HOSTILE and item["content_text"].startswith(HOSTILE)
    assert "content_html" not in item


def test_sitemaps_carry_hostile_titles_as_escaped_text(client: Client, hostile: str) -> None:
    body = client.get("/sitemaps/news.xml").content
    assert b"<script" not in body and b"<img" not in body
    titles = [e.text for e in ET.fromstring(body).iter(
        "{http://www.google.com/schemas/sitemap-news/0.9}title")]
    assert titles == [HOSTILE, HOSTILE]
