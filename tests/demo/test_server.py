"""The demo server serves the packaged corpus as working, extractable news sites on loopback."""

from __future__ import annotations

import http.client
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import feedparser
import httpx
import pytest
import trafilatura
from lingua import LanguageDetector, LanguageDetectorBuilder

from bbabo.demo import PLACEHOLDER_ORIGIN, DemoServer, DemoSite, start_demo_server

LANGS = ("ru", "en", "es")
LABEL = "Sample article written for the bbabo demo; not real news."
HTML_TYPE = "text/html; charset=utf-8"
RSS_TYPE = "application/rss+xml; charset=utf-8"


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoServer]:
    with start_demo_server() as server:
        yield server


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(trust_env=False, timeout=5) as client:  # loopback only, never a proxy
        yield client


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_all_languages().build()


def _site(demo: DemoServer, slug: str) -> DemoSite:
    return next(site for site in demo.sites if site.slug == slug)


def _entries(client: httpx.Client, site: DemoSite) -> list[feedparser.FeedParserDict]:
    response = client.get(site.feed_url)
    assert response.status_code == 200
    assert response.headers["content-type"] == RSS_TYPE
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return list(feed.entries)


def _raw_get(demo: DemoServer, path: str) -> http.client.HTTPResponse:
    """GET ``path`` byte for byte: httpx would normalise ``..`` away before sending it."""
    parts = urlsplit(demo.base_url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response
    finally:
        connection.close()


class _BoilerplateText(HTMLParser):
    """Collects the text inside <header>, <nav>, <aside>, <footer> and the share bar."""

    _TAGS = frozenset({"header", "nav", "aside", "footer"})

    def __init__(self) -> None:
        super().__init__()
        self._stack: list[bool] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"meta", "link", "br", "img", "input"}:
            return
        inside = bool(self._stack and self._stack[-1])
        self._stack.append(inside or tag in self._TAGS or ("class", "share") in attrs)

    def handle_endtag(self, tag: str) -> None:
        if self._stack:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        if self._stack and self._stack[-1] and len(data.strip()) > 3:
            self.texts.append(data.strip())


def test_sites_cover_the_source_languages(demo: DemoServer) -> None:
    assert demo.base_url.startswith("http://127.0.0.1:")
    assert [site.slug for site in demo.sites] == list(LANGS)
    for site in demo.sites:
        assert site.lang == site.slug
        assert site.name.startswith("Demo ")
        assert site.section == "news"
        assert site.feed_url == f"{demo.base_url}/{site.slug}/feed.xml"
        assert site.home_url == f"{demo.base_url}/{site.slug}/"


@pytest.mark.parametrize("slug", LANGS)
def test_feed_links_are_absolute_and_serve_html_in_the_site_language(
    demo: DemoServer, client: httpx.Client, slug: str
) -> None:
    site = _site(demo, slug)
    entries = _entries(client, site)
    assert len(entries) >= 2
    for entry in entries:
        assert entry.link.startswith(f"{demo.base_url}/{slug}/")
        assert entry.published_parsed is not None
        assert entry.title and entry.summary
        page = client.get(entry.link)
        assert page.status_code == 200
        assert page.headers["content-type"] == HTML_TYPE
        assert re.search(rf'<html lang="{slug}">', page.text)
        assert f'<link rel="canonical" href="{entry.link}">' in page.text
        assert PLACEHOLDER_ORIGIN not in page.text


@pytest.mark.parametrize("slug", LANGS)
def test_home_page_advertises_the_feed(demo: DemoServer, client: httpx.Client, slug: str) -> None:
    site = _site(demo, slug)
    home = client.get(site.home_url)
    assert home.status_code == 200
    assert home.headers["content-type"] == HTML_TYPE
    match = re.search(
        r'<link rel="alternate" type="application/rss\+xml"[^>]* href="([^"]+)"', home.text
    )
    assert match is not None
    assert urljoin(site.home_url, match.group(1)) == site.feed_url


@pytest.mark.parametrize(
    "path",
    [
        "/../pyproject.toml",
        "/ru/../sites.json",
        "/ru/2026/../feed.xml",
        "/%2e%2e/README.md",
        "/ru/%2e%2e/en/feed.xml",
        "/ru\\feed.xml",
        "/sites.json",
        "/README.md",
        "/ru/nothing.html",
    ],
)
def test_traversal_and_unknown_paths_are_404(demo: DemoServer, path: str) -> None:
    assert _raw_get(demo, path).status == 404


def test_directory_without_slash_redirects(demo: DemoServer) -> None:
    response = _raw_get(demo, "/ru")
    assert response.status == 301
    assert response.getheader("Location") == "/ru/"


def test_conditional_get_and_head(demo: DemoServer, client: httpx.Client) -> None:
    feed_url = demo.sites[0].feed_url
    first = client.get(feed_url)
    etag = first.headers["etag"]
    assert client.get(feed_url, headers={"If-None-Match": etag}).status_code == 304
    head = client.head(feed_url)
    assert head.status_code == 200
    assert head.content == b""
    assert int(head.headers["content-length"]) == len(first.content)


@pytest.mark.parametrize("slug", LANGS)
def test_articles_extract_without_boilerplate(
    demo: DemoServer, client: httpx.Client, slug: str
) -> None:
    for entry in _entries(client, _site(demo, slug)):
        html = client.get(entry.link).text
        text = trafilatura.extract(html, url=entry.link)
        assert text is not None
        # Local news runs to ~3,000 characters, another site's coverage of it to ~1,000.
        assert len(text) > 800
        assert len(text.splitlines()) >= 5
        assert entry.summary in text  # the lede opens the body
        assert LABEL in text  # the sample label travels with the text
        boilerplate = _BoilerplateText()
        boilerplate.feed(html)
        assert len(boilerplate.texts) > 10
        lines = set(text.splitlines())
        # A short menu word may occur in prose; leaked boilerplate shows as a line of its own.
        leaked = [s for s in boilerplate.texts if s in lines or (len(s) > 20 and s in text)]
        assert leaked == [], entry.link


def test_every_article_is_detected_in_its_site_language(
    demo: DemoServer, client: httpx.Client, detector: LanguageDetector
) -> None:
    seen = 0
    for site in demo.sites:
        for entry in _entries(client, site):
            text = trafilatura.extract(client.get(entry.link).text, url=entry.link)
            assert text is not None
            language = detector.detect_language_of(text)
            assert language is not None
            assert language.iso_code_639_1.name.lower() == site.lang, entry.link
            seen += 1
    assert seen >= 21


def test_stop_closes_the_port_and_is_idempotent() -> None:
    server = start_demo_server()
    with httpx.Client(trust_env=False, timeout=5) as own:
        assert own.get(server.sites[0].feed_url).status_code == 200  # keeps the connection alive
        server.stop()
        server.stop()
        with pytest.raises(httpx.TransportError):
            own.get(server.sites[0].feed_url)


def test_two_servers_rewrite_to_their_own_origin(client: httpx.Client) -> None:
    with start_demo_server() as one, start_demo_server() as two:
        assert one.base_url != two.base_url
        for server in (one, two):
            body = client.get(server.sites[1].feed_url).text
            assert f"<link>{server.base_url}/en/</link>" in body
