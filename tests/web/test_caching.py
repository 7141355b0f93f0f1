"""Conditional GET (ETag, 304) and Cache-Control on every page, and gzip."""

from __future__ import annotations

import asyncio
import gzip

import httpx
import pytest
from harness import Client, Seeder
from starlette.applications import Starlette

from bbabo.web.caching import etag_matches
from bbabo.web.security import SECURITY_HEADERS

PAGES = {
    "/en/": "public, max-age=60",
    "/en/news/{id}-storm-hits-the-coast": "public, max-age=60",
    "/en/feed.xml": "public, max-age=300",
    "/en/atom.xml": "public, max-age=300",
    "/en/feed.json": "public, max-age=300",
    "/en/news/feed.xml": "public, max-age=300",
    "/robots.txt": "public, max-age=86400",
    "/sitemap.xml": "public, max-age=3600",
    "/sitemaps/en.xml": "public, max-age=3600",
    "/sitemaps/news.xml": "public, max-age=600",
}


@pytest.fixture
def story(seed: Seeder) -> int:
    return seed.article("Storm hits the coast", lang="en", paragraphs=("Waves. " * 200,))


@pytest.mark.parametrize(("path", "cache_control"), PAGES.items())
def test_every_page_has_an_etag_and_answers_304_while_it_matches(
        client: Client, story: int, path: str, cache_control: str) -> None:
    path = path.format(id=story)
    first = client.get(path)
    assert first.status_code == 200
    etag = first.headers["etag"]
    assert etag.startswith('W/"') and len(etag) == 36
    assert first.headers["cache-control"] == cache_control

    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert again.headers["cache-control"] == cache_control
    assert "content-type" not in again.headers
    for name, value in SECURITY_HEADERS.items():
        assert again.headers[name] == value

    stale = client.get(path, headers={"If-None-Match": 'W/"0000"'})
    assert stale.status_code == 200 and stale.content == first.content


def test_the_etag_follows_the_content(client: Client, seed: Seeder, story: int) -> None:
    before = client.get("/en/").headers["etag"]
    assert client.get("/en/").headers["etag"] == before  # same body, same tag
    seed.article("Another story", lang="en")
    after = client.get("/en/", headers={"If-None-Match": before})
    assert after.status_code == 200
    assert after.headers["etag"] != before
    assert "Another story" in after.text


def test_head_has_the_same_etag_as_get(client: Client, story: int) -> None:
    etag = client.get("/en/").headers["etag"]
    head = client.request("HEAD", "/en/")
    assert head.status_code == 200 and head.headers["etag"] == etag
    assert client.request("HEAD", "/en/", headers={"If-None-Match": etag}).status_code == 304


@pytest.mark.parametrize(("tag", "header", "expected"), [
    ('W/"abc"', 'W/"abc"', True),
    ('W/"abc"', '"abc"', True),
    ('W/"abc"', '"x", W/"abc" , "y"', True),
    ('W/"abc"', "*", True),
    ('W/"abc"', '"abcd"', False),
    ('W/"abc"', "", False),
])
def test_if_none_match_uses_weak_comparison(tag: str, header: str, expected: bool) -> None:
    assert etag_matches(tag, header) is expected


def test_errors_and_probes_are_not_cached(client: Client) -> None:
    missing = client.get("/en/news/999-nothing")
    assert missing.status_code == 404 and "etag" not in missing.headers
    for path in ("/healthz", "/-/status.json"):
        response = client.get(path)
        assert response.headers["cache-control"] == "no-store"


def test_redirects_carry_no_etag(client: Client) -> None:
    response = client.get("/pl")
    assert response.status_code == 301 and "etag" not in response.headers


def test_static_files_keep_their_own_validators(client: Client) -> None:
    first = client.get("/static/site.css")
    etag = first.headers["etag"]
    assert not etag.startswith("W/")  # StaticFiles' own, from the file's size and time
    assert client.get("/static/site.css", headers={"If-None-Match": etag}).status_code == 304


def test_pages_are_gzipped_for_clients_that_accept_it(client: Client, story: int) -> None:
    path = f"/en/news/{story}-storm-hits-the-coast"
    plain = client.get(path, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    zipped = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["vary"]
    assert zipped.content == plain.content  # httpx decoded it
    assert zipped.num_bytes_downloaded < len(plain.content) / 3
    assert zipped.headers["etag"] == plain.headers["etag"]


def test_feeds_are_gzipped_too(client: Client, story: int) -> None:
    response = client.get("/en/feed.xml", headers={"Accept-Encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    assert b"Storm hits the coast" in response.content


def test_gzip_output_is_real_gzip(app: Starlette, story: int) -> None:
    async def raw_body() -> bytes:
        # The bytes as sent, before httpx decodes them.
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            async with http.stream("GET", "/en/", headers={"Accept-Encoding": "gzip"}) as r:
                return b"".join([chunk async for chunk in r.aiter_raw()])

    raw = asyncio.run(raw_body())
    assert raw[:2] == b"\x1f\x8b"
    assert b"Storm hits the coast" in gzip.decompress(raw)


def test_tiny_responses_are_not_compressed(client: Client) -> None:
    response = client.get("/healthz", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in response.headers
