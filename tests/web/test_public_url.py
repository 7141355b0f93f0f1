"""Every absolute URL the site emits (canonical, hreflang, feeds, JSON-LD, sitemaps, API) is
built on the ``public_url`` setting, never on the request's Host header, which a client (or a
cache poisoner) chooses; the security headers forbid framing and, on https, ask for https."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from harness import NOW, Client, Seeder
from starlette.applications import Starlette

from bbabo.config import Settings
from bbabo.store import Store
from bbabo.web.app import create_app
from bbabo.web.pagecache import KNOWN_PARAMETERS, PageCache
from bbabo.web.security import security_headers

README = Path(__file__).parents[2] / "README.md"
EVIL = "evil.example"


def _paths(seed: Seeder) -> list[str]:
    article_id = seed.article("Storm hits the coast", lang="en")
    seed.translation(article_id, "pl", "Burza nad wybrzeżem")
    return ["/en/", "/en/index.json", f"/en/news/{article_id}-storm-hits-the-coast",
            f"/en/news/{article_id}-storm-hits-the-coast.json", "/en/feed.xml", "/en/atom.xml",
            "/en/feed.json", "/sitemap.xml", "/sitemaps/en/1.xml", "/sitemaps/news.xml",
            "/robots.txt", "/en/source/1", "/api/v1/articles", "/api/v1/languages",
            "/api/v1/openapi.json"]


@pytest.mark.parametrize(("public_url", "base"), [
    ("https://news.example.org", "https://news.example.org"),
    ("", "http://127.0.0.1:8000"),  # not set: the address the site listens on
])
def test_absolute_urls_are_the_public_urls_whatever_the_host_header(
        settings: Settings, store: Store, seed: Seeder, public_url: str, base: str) -> None:
    app = create_app(replace(settings, public_url=public_url), store, clock=lambda: NOW,
                     data_check_every=0.0)
    client = Client(app)
    for path in _paths(seed):
        for host in (EVIL, "testserver"):
            response = client.get(path, headers={"Host": host})
            assert response.status_code == 200, path
            body = response.text
            assert EVIL not in body and "testserver" not in body, path
            assert base in body, path


def test_the_page_cache_answers_every_host_with_one_render(settings: Settings, store: Store,
                                                           seed: Seeder) -> None:
    _paths(seed)
    app = create_app(settings, store, clock=lambda: NOW, data_check_every=0.0)
    renders = _count_renders(app)
    client = Client(app)
    first = client.get("/en/", headers={"Host": "a.example"})
    again = client.get("/en/", headers={"Host": "b.example"})
    assert first.text == again.text and renders() == 1


def test_unknown_query_parameters_cost_one_render(settings: Settings, store: Store,
                                                  seed: Seeder) -> None:
    _paths(seed)
    seed.article("Cup final tonight", lang="en")
    app = create_app(settings, store, clock=lambda: NOW, data_check_every=0.0)
    renders = _count_renders(app)
    client = Client(app)
    bodies = {client.get(f"/en/?x={n}&utm_source={n}").text for n in range(50)}
    bodies |= {client.get("/api/v1/articles", params={"junk": str(n)}).text for n in range(50)}
    assert len(bodies) == 2 and renders() == 2
    # Known parameters still make pages of their own.
    assert client.get("/api/v1/articles?limit=1").json() != client.get(
        "/api/v1/articles").json()
    assert renders() == 3


def _count_renders(app: Starlette) -> callable:  # type: ignore[valid-type]
    """Counts the requests that get past the page cache (the outermost middleware)."""
    stack = app.build_middleware_stack()
    cache = stack.app  # type: ignore[attr-defined]  # inside the server-error handler
    assert isinstance(cache, PageCache)
    inner = cache.app
    count = 0

    async def counting(scope, receive, send):  # type: ignore[no-untyped-def]
        nonlocal count
        count += 1
        await inner(scope, receive, send)

    cache.app = counting
    app.middleware_stack = stack
    return lambda: count


def test_the_cache_keeps_every_parameter_a_page_reads() -> None:
    web = Path(__file__).parents[2] / "src" / "bbabo" / "web"
    # The console (web/admin) is never cached: its parameters do not matter to the cache.
    source = "\n".join(path.read_text() for path in web.rglob("*.py")
                       if "admin" not in path.relative_to(web).parts)
    read = set(re.findall(r'(?:query_params|params)\.get\("(\w+)"', source))
    read |= set(re.findall(r'query_params\["(\w+)"\]', source))
    assert read, "the pattern no longer finds how routes read parameters"
    # Search reads ``q``, and is never cached.
    assert {name.encode() for name in read} - {b"q"} <= KNOWN_PARAMETERS


def test_pages_may_not_be_framed_and_https_sites_ask_for_https(
        settings: Settings, store: Store) -> None:
    plain = Client(create_app(settings, store, clock=lambda: NOW)).get("/robots.txt")
    assert "frame-ancestors 'none'" in plain.headers["content-security-policy"]
    assert "strict-transport-security" not in plain.headers
    secure = Client(create_app(replace(settings, public_url="https://news.example.org"), store,
                               clock=lambda: NOW)).get("/robots.txt")
    assert secure.headers["strict-transport-security"] == "max-age=31536000"
    for response in (plain, secure):
        assert response.headers["x-content-type-options"] == "nosniff"


def test_the_readmes_nginx_snippet_sends_the_apps_headers() -> None:
    snippet = re.search(r"```nginx\n(.*?)```", README.read_text(), re.S)
    assert snippet is not None
    sent = dict(re.findall(r'add_header ([\w-]+) "([^"]*)" always;', snippet.group(1)))
    expected = security_headers(Settings(public_url="https://news.example.org"))
    assert sent == expected


def test_the_static_copy_defaults_to_the_public_url(tmp_path: Path) -> None:
    from bbabo.pipeline.publish import PublishOptions

    options = PublishOptions.from_settings(Settings(export_dir=str(tmp_path),
                                                    public_url="https://news.example.org/"))
    assert options is not None and options.base_url == "https://news.example.org"
    options = PublishOptions.from_settings(Settings(export_dir=str(tmp_path)))
    assert options is not None and options.base_url == "http://127.0.0.1:8000"
