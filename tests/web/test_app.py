"""App-wide behaviour: security headers, status endpoints, static files, error pages."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from importlib import resources

import pytest
from harness import Client, Seeder
from starlette.applications import Starlette

from bbabo.model import FeedEntry
from bbabo.store import Store
from bbabo.web.security import SECURITY_HEADERS

CSP = ("default-src 'self'; img-src 'self' data: https:; style-src 'self'; "
       "frame-ancestors 'none'")


@pytest.mark.parametrize("path", ["/en/", "/xx/", "/healthz", "/static/site.css", "/"])
def test_security_headers_on_every_response(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert response.headers["content-security-policy"] == CSP


def test_templates_need_no_inline_script_or_style() -> None:
    # The CSP forbids inline code, so any inline script or style would silently not work.
    # A JSON-LD data block is never executed, so the CSP has no say over it.
    templates = resources.files("bbabo.web").joinpath("templates")
    for template in templates.iterdir():
        text = template.read_text(encoding="utf-8").replace(
            '<script type="application/ld+json">', "")
        assert "<script" not in text and "<style" not in text and "style=" not in text, template


def test_the_policy_allows_no_inline_script(client: Client) -> None:
    policy = client.get("/en/").headers["content-security-policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "default-src 'self'" in policy and "script-src" not in policy


def test_every_page_is_mobile_ready(client: Client) -> None:
    html = client.get("/en/").text
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert '<link rel="stylesheet" href="/static/site.css">' in html


def test_stylesheet_is_served(client: Client) -> None:
    response = client.get("/static/site.css")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css")
    assert "system-ui" in response.text


def test_healthz(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_status_counts_articles_and_translations(client: Client, seed: Seeder) -> None:
    first = seed.article("Первая")
    second = seed.article("Вторая")
    seed.article("Third", lang="en")
    seed.translation(first, "en", "First")
    seed.translation(first, "pl", "Pierwsza")
    seed.translation(second, "en", "Second")
    response = client.get("/-/status.json")
    assert response.status_code == 200
    body = response.json()
    assert body["articles"] == {"en": 1, "ru": 2}
    assert body["translations"] == {"en": 2, "pl": 1}


def test_status_never_shows_a_feed_url_that_may_hold_a_token(client: Client,
                                                             store: Store) -> None:
    """/-/status.json is public: a failing source is named by its site, as the API names it, a
    failed page by its site too, and error messages (which quote addresses as servers sent
    them) are left out, their codes kept. ``bbabo status`` shows everything."""
    now = datetime(2026, 12, 7, tzinfo=UTC)
    feed = "https://private-feed.example.com/feed.xml?token=SECRET123"
    source = store.sources.add(url=feed, now=now)
    store.sources.record_failure(source.id, code="fetch.bad_redirect",
                                 message="bad redirect location 'HTTPS://private-feed.example."
                                         "com/f?q=o'brien&token=SECRET456'",
                                 next_check_at=now)
    page = "https://private-feed.example.com/item/1?token=SECRET789"
    store.pages.enqueue(source.id, [FeedEntry(url=page)], now=now)
    store.pages.mark_failed(page, code="fetch.http_status", message=f"HTTP 500 for {page}",
                            permanent=True, now=now)
    response = client.get("/-/status.json")
    assert response.status_code == 200
    assert "SECRET" not in response.text and "feed.xml" not in response.text
    [failing] = response.json()["sources"]["failing"]
    assert failing == {"id": source.id, "site_url": "https://private-feed.example.com/",
                       "code": "fetch.bad_redirect", "failures": 1}
    assert response.json()["recent_page_failures"] == [
        {"site_url": "https://private-feed.example.com/", "code": "fetch.http_status"}]


def test_status_survives_a_feed_url_with_a_port_that_is_no_number(client: Client,
                                                                  store: Store) -> None:
    """urlsplit raises on "host:abc" and "[::1": a source stored with such a URL (an OPML
    import) made the public status a 500."""
    now = datetime(2026, 12, 7, tzinfo=UTC)
    for url in ("https://x.example:abc/feed", "https://x.example:99999/feed", "http://[::1/f"):
        source = store.sources.add(url=url, now=now)
        store.sources.record_failure(source.id, code="fetch.bad_url", message="bad",
                                     next_check_at=now)
    response = client.get("/-/status.json")
    assert response.status_code == 200
    assert [s["site_url"] for s in response.json()["sources"]["failing"]] == [None] * 3


def test_a_crash_is_a_plain_500_page_and_a_logged_traceback(
        app: Starlette, store: Store, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(store.articles, "latest", explode)
    with caplog.at_level(logging.ERROR, logger="bbabo.web.app"):
        response = Client(app).get("/ru/")
    assert response.status_code == 500
    assert '<html lang="ru" dir="ltr">' in response.text
    assert "Что-то пошло не так" in response.text
    assert "database on fire" not in response.text and "Traceback" not in response.text
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    [record] = [r for r in caplog.records if r.name == "bbabo.web.app"]
    assert record.exc_info is not None and "database on fire" in str(record.exc_info[1])


def test_other_http_errors_render_the_error_page(client: Client) -> None:
    response = client.request("POST", "/en/")
    assert response.status_code == 405
    assert set(response.headers["allow"].split(", ")) == {"GET", "HEAD"}
    assert "The request could not be served" in response.text
    assert response.headers["content-security-policy"] == CSP
