"""The whole path through the operator's commands: a fixture feed on a local server, then
`sources add`, `crawl --once`, `translate --once` (tiny CTranslate2 model and Apertium), then the
web site shows the translation with the original's attribution, and `articles export` has it."""

from __future__ import annotations

import asyncio
import html
import json
import re
import shutil
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from bbabo.cli import cli
from bbabo.config import load_settings
from bbabo.store import open_store
from bbabo.web.app import create_app

TINY_MODEL = Path(__file__).parent / "fixtures" / "models" / "tiny-marian"
RU_TITLE = "В Приморске открыли новую детскую больницу"


def _feed(base: str) -> bytes:
    items = [
        # A tracking-parameter link: stored once, under its clean URL.
        ("ru", f"{base}/articles/ru-bolnica-cp1251.html?utm_source=rss&utm_medium=feed"),
        ("pl", f"{base}/articles/pl-budzet-miasta.html"),
        ("gone", f"{base}/articles/does-not-exist.html"),
    ]
    body = "".join(f"<item><title>{t}</title><link>{u.replace('&', '&amp;')}</link>"
                   "<pubDate>Mon, 23 Nov 2026 10:00:00 GMT</pubDate></item>" for t, u in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Fixture news</title><link>{base}/</link><description>d</description>"
            f"{body}</channel></rss>").encode()


@pytest.fixture
def site(fakeweb):  # type: ignore[no-untyped-def]
    fakeweb.route("/e2e/feed.xml", body=_feed(fakeweb.base_url),
                  headers={"Content-Type": "application/rss+xml; charset=utf-8"})
    fakeweb.route("/e2e/", body=b'<html><head><title>Fixture</title><link rel="alternate" '
                  b'type="application/rss+xml" href="/e2e/feed.xml"></head><body></body></html>',
                  headers={"Content-Type": "text/html; charset=utf-8"})
    return fakeweb


@pytest.fixture
def env(tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    data = tmp_path / "data"
    shutil.copytree(TINY_MODEL, data / "models" / "ru-pl")
    values = {"BBABO_DATABASE_URL": db_url, "BBABO_DATA_DIR": str(data),
              "BBABO_FETCH_ALLOW_PRIVATE_NETWORKS": "1", "BBABO_TARGET_LANGUAGES": "pl,uk,en",
              "BBABO_DEFAULT_LANGUAGE": "pl"}
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)
    return values


def _bbabo(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _get(app, path: str) -> httpx.Response:  # type: ignore[no-untyped-def]
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            return await c.get(path)

    return asyncio.run(go())


@pytest.mark.apertium
def test_feed_to_translated_page(site, env: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    added = _bbabo("sources", "add", site.url("/e2e/"), "--name", "Fixture News",
                   "--section", "world")
    assert "added source 1" in added and "/e2e/feed.xml" in added  # found by autodiscovery

    crawled = _bbabo("crawl", "--once")
    assert "pages: 2 new, 0 duplicate, 1 failed" in crawled
    assert "fetch.not_found" in crawled
    again = _bbabo("crawl", "--once")  # nothing new, nothing downloaded twice
    assert "pages: 0 new, 0 duplicate, 0 failed" in again
    article_hits = [r for r in site.requests if r.path.startswith("/articles/ru-")]
    assert len(article_hits) == 1

    translated = _bbabo("translate", "--once")
    # ru→pl by the tiny model, ru→uk by Apertium; pl→uk, pl→en, ru→en have no engine.
    assert re.search(r"translated 2 article version\(s\) \(pl: 1, uk: 1\)", translated)
    assert "waiting: 1 article(s) ru→en" in translated
    assert _bbabo("translate", "--once").startswith("translated 0")  # idempotent

    records = [json.loads(line) for line in _bbabo("articles", "export").splitlines()]
    by_lang = {r["language"]: r for r in records}
    assert set(by_lang) == {"ru", "pl"}
    russian = by_lang["ru"]
    assert russian["title"] == RU_TITLE
    assert russian["source"] == "Fixture News" and russian["section"] == "world"
    assert russian["translations"]["pl"]["engine"] == "ctranslate2"
    assert russian["translations"]["uk"]["engine"] == "apertium"
    assert re.search("[іїєґ]", russian["translations"]["uk"]["title"])
    assert russian["url"].endswith("/articles/ru-bolnica-cp1251.html")  # no tracking params

    store = open_store(env["BBABO_DATABASE_URL"])
    try:
        app = create_app(load_settings(), store)
        home = _get(app, "/pl/")
        polish_title = russian["translations"]["pl"]["title"]
        assert home.status_code == 200
        link = re.search(rf'href="(/pl/world/{russian["id"]}-[^"]*)"', home.text)
        assert link is not None
        page = _get(app, link.group(1))
        assert page.status_code == 200
        text = page.text
        for expected in ("Bbabo NET", "Fixture News", "Przetłumaczono maszynowo", "Русский"):
            assert expected in text
        assert html.escape(polish_title, quote=False) in text
        assert "vestnik.example/news/2024/09/novaya-bolnica.html" in text  # link to original
        status = json.loads(_bbabo("status", "--json"))
        assert status["articles"] == {"ru": 1, "pl": 1}
        assert status["translations"] == {"pl": 1, "uk": 1}
        assert {(m["from"], m["to"]) for m in status["missing_models"]} >= {("ru", "en")}
    finally:
        store.close()
