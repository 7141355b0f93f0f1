"""The rendered-page cache: hits skip the app, any published change shows at once."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from harness import Client, Seeder
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from bbabo.model import QAFlag
from bbabo.store import Store
from bbabo.store.schema import sources, translations
from bbabo.web.pagecache import PageCache, accepts_gzip


def _count_calls(monkeypatch: pytest.MonkeyPatch, obj: Any, name: str) -> list[int]:
    calls: list[int] = []
    original = getattr(obj, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(obj, name, counted)
    return calls


def test_a_cached_page_is_served_without_the_store(client: Client, store: Store, seed: Seeder,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    article_id = seed.article("Storm hits the coast", lang="en")
    calls = _count_calls(monkeypatch, store.articles, "get")
    path = f"/en/news/{article_id}-storm-hits-the-coast"
    first = client.get(path)
    assert len(calls) == 1
    again = client.get(path)
    assert len(calls) == 1 and again.content == first.content
    assert again.headers["etag"] == first.headers["etag"]
    head = client.request("HEAD", path)
    assert head.status_code == 200 and head.content == b"" and len(calls) == 1
    assert head.headers["content-length"] == first.headers["content-length"]


def test_new_articles_translations_and_renamed_sources_show_at_once(
        client: Client, store: Store, seed: Seeder) -> None:
    article_id = seed.article("Путин встретится с Токаевым")
    assert "Putin" not in client.get("/en/").text
    seed.translation(article_id, "en", "Putin to meet Tokayev")
    assert "Putin to meet Tokayev" in client.get("/en/").text
    with store.engine.begin() as conn:
        conn.execute(sources.update().values(name="Renamed Outlet"))
    assert "Renamed Outlet" in client.get("/en/").text


def test_clearing_qa_flags_lifts_noindex_at_once(client: Client, store: Store,
                                                 seed: Seeder) -> None:
    article_id = seed.article("Кот спас пожарного")
    seed.translation(article_id, "en", "Cat saves firefighter",
                     qa=(QAFlag(check="numbers", paragraph=0, detail="10 became 100"),))
    path = f"/en/news/{article_id}-cat-saves-firefighter"
    assert "noindex" in client.get(path).text
    with store.engine.begin() as conn:
        conn.execute(translations.update().values(qa=[]))
    assert "noindex" not in client.get(path).text


def test_every_host_gets_the_sites_own_absolute_links(client: Client) -> None:
    # The Host header is the client's to choose: a cached page must not pass one client's
    # choice on to the next (links come from the public_url setting; tests/web/conftest.py).
    one = client.get("/en/", headers={"Host": "one.example"}).text
    two = client.get("/en/", headers={"Host": "two.example"}).text
    assert one == two
    assert '<link rel="canonical" href="http://testserver/en/">' in one


def _counting_app(delay: float = 0.0) -> tuple[Starlette, list[str]]:
    calls: list[str] = []

    async def page(request: Request) -> Response:
        calls.append(request.url.path)
        await asyncio.sleep(delay)
        body = f"page {request.url.path} " + "x" * 600
        return PlainTextResponse(body, headers={"ETag": f'W/"{len(calls)}"'})

    async def missing(request: Request) -> Response:
        calls.append(request.url.path)
        return PlainTextResponse("no", status_code=404)

    routes = [Route("/missing", missing), Route("/{name}", page)]
    return Starlette(routes=routes), calls


def _get_all(app: Any, paths: list[str], **kwargs: Any) -> list[httpx.Response]:
    async def run() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            return list(await asyncio.gather(*(http.get(p, **kwargs) for p in paths)))

    return asyncio.run(run())


def test_concurrent_requests_for_one_page_render_it_once() -> None:
    inner, calls = _counting_app(delay=0.05)
    cache = PageCache(inner, version=lambda: 1)
    responses = _get_all(cache, ["/a"] * 8)
    assert calls == ["/a"]
    assert {r.text for r in responses} == {responses[0].text}


def test_entries_expire_and_follow_the_version() -> None:
    inner, calls = _counting_app()
    version, now = [1], [0.0]
    cache = PageCache(inner, version=lambda: version[0], ttl=10, clock=lambda: now[0])
    _get_all(cache, ["/a"])
    _get_all(cache, ["/a"])
    assert calls == ["/a"]
    version[0] = 2
    _get_all(cache, ["/a"])
    assert calls == ["/a", "/a"]
    now[0] = 11.0
    _get_all(cache, ["/a"])
    assert calls == ["/a", "/a", "/a"]


def test_the_cache_is_bounded() -> None:
    inner, calls = _counting_app()
    cache = PageCache(inner, version=lambda: 1, max_entries=2)
    for path in ("/a", "/b", "/c", "/a"):
        _get_all(cache, [path])
    assert calls == ["/a", "/b", "/c", "/a"]  # "/a" was evicted when "/c" came


def test_errors_are_not_kept_and_gzip_and_304_come_from_the_entry() -> None:
    inner, calls = _counting_app()
    cache = PageCache(inner, version=lambda: 1)
    assert [r.status_code for r in _get_all(cache, ["/missing", "/missing"])] == [404, 404]
    assert calls == ["/missing", "/missing"]
    [zipped] = _get_all(cache, ["/a"], headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip" and zipped.text.startswith("page /a")
    assert zipped.headers["vary"] == "Accept-Encoding"
    [plain] = _get_all(cache, ["/a"], headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.text == zipped.text
    [not_modified] = _get_all(cache, ["/a"], headers={"If-None-Match": zipped.headers["etag"]})
    assert not_modified.status_code == 304 and "content-type" not in not_modified.headers
    assert calls.count("/a") == 1


@pytest.mark.parametrize(("header", "expected"), [
    ("gzip", True), ("gzip, deflate, br", True), ("br;q=1.0, gzip;q=0.8", True), ("*", True),
    ("identity", False), ("gzip;q=0", False), ("gzip;q=0.0", False), ("", False),
    ("gzip;q=x", False),
])
def test_accept_encoding(header: str, expected: bool) -> None:
    assert accepts_gzip(header) is expected


def test_the_data_version_is_one_cheap_row(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM search_version")).scalar() == 1


def test_the_data_version_is_trusted_for_a_moment_under_load() -> None:
    inner, calls = _counting_app()
    reads, now = [], [0.0]

    def version() -> int:
        reads.append(1)
        return 1 if now[0] < 1.0 else 2

    cache = PageCache(inner, version=version, check_every=0.5, clock=lambda: now[0])
    _get_all(cache, ["/a", "/b"])
    now[0] = 0.4
    _get_all(cache, ["/a"])
    assert len(reads) == 1 and calls == ["/a", "/b"]
    now[0] = 1.2  # the data changed at 1.0; the next read sees it and renders again
    _get_all(cache, ["/a"])
    assert len(reads) == 2 and calls == ["/a", "/b", "/a"]
