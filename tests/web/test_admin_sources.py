"""The admin's pages that reach outside: sources added by URL (a feed, or a site's page through
autodiscovery, from a server on 127.0.0.1), OPML import and export, enable, disable, remove;
models installed from a package index on 127.0.0.1 in the background, with progress."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from console import Browser, Clock, add_user, make_console_app
from harness import NOW
from starlette.applications import Starlette

from bbabo.config import Settings
from bbabo.store import Store
from bbabo.web.admin import Console
from fakeweb import FakeWeb, Reply
from runprocess import free_port
from translate.servers import argos_package, index_entry

OPML = Path(__file__).parents[1] / "fixtures" / "opml" / "subscriptions.opml"


@pytest.fixture
def local_settings(settings: Settings, tmp_path: Path) -> Settings:
    # The test servers are on loopback, which the fetcher refuses unless allowed.
    return replace(settings, fetch_allow_private_networks=True, data_dir=str(tmp_path / "data"),
                   translate_engines=("ctranslate2",), target_languages=("pl", "en"))


@pytest.fixture
def app(local_settings: Settings, store: Store) -> Starlette:
    return make_console_app(local_settings, store, Clock())


@pytest.fixture
def admin(app: Starlette, store: Store) -> Browser:
    add_user(store, "ann", "admin")
    browser = Browser(app)
    assert browser.sign_in("ann").status_code == 303
    return browser


def test_a_feed_is_added_by_url_and_a_site_through_its_feed_link(
        admin: Browser, store: Store, fakeweb: FakeWeb) -> None:
    token = admin.csrf("/admin/sources")
    answer = admin.post("/admin/sources", data={"csrf_token": token, "url":
                                                fakeweb.url("/feeds/rss.xml"), "lang": "en",
                                                "section": "World", "name": "Herald"})
    assert answer.status_code == 303
    [source] = store.sources.list()
    assert (source.name, source.lang_hint, source.section) == ("Herald", "en", "world")
    # A page that links to the feed already added: found by autodiscovery, so a duplicate.
    site = admin.post("/admin/sources", data={"csrf_token": token, "url":
                                              fakeweb.url("/articles/en-harbour-bridge.html")})
    assert site.status_code == 400 and "already added" in site.text
    fakeweb.route("/home.html", Reply(body=b'<!doctype html><html><head><link rel="alternate" '
                                      b'type="application/atom+xml" href="/feeds/atom.xml">'
                                      b"</head><body><p>News</p></body></html>",
                                      headers={"Content-Type": "text/html; charset=utf-8"}))
    found = admin.post("/admin/sources", data={"csrf_token": token,
                                               "url": fakeweb.url("/home.html")})
    assert found.status_code == 303
    assert [s.url for s in store.sources.list()][1] == fakeweb.url("/feeds/atom.xml")
    page = admin.get("/admin/sources").text
    assert "Herald" in page and fakeweb.url("/feeds/rss.xml") in page
    assert [e.action for e in store.audit.recent()][0] == "source.add"


def test_a_bad_source_is_one_clear_message_and_nothing_is_added(
        admin: Browser, store: Store, fakeweb: FakeWeb) -> None:
    token = admin.csrf("/admin/sources")
    for url, says in (("ftp://x.example/feed", "not an http(s) URL"),
                      (fakeweb.url("/sections/world.html"),
                       "neither a feed, a sitemap nor a page that links to a feed")):
        answer = admin.post("/admin/sources", data={"csrf_token": token, "url": url})
        assert answer.status_code == 400
        assert says in answer.text
    assert store.sources.list() == []


def test_opml_is_imported_and_exported(admin: Browser, store: Store) -> None:
    token = admin.csrf("/admin/sources")
    answer = admin.post("/admin/sources/import", data={"csrf_token": token},
                        files={"opml": ("subscriptions.opml", OPML.read_bytes(),
                                        "text/x-opml")})
    assert answer.status_code == 303
    urls = {s.url for s in store.sources.list()}
    assert "https://herald.example/sport/feed.xml" in urls
    notice = admin.get(answer.headers["location"]).text
    added = re.search(r"OPML imported: (\d+) added, (\d+) already present, (\d+) invalid",
                      notice)
    assert added and int(added.group(1)) == len(urls) and int(added.group(2)) >= 1
    exported = admin.get("/admin/sources.opml")
    assert exported.headers["content-disposition"] == 'attachment; filename="sources.opml"'
    assert exported.headers["cache-control"] == "no-store"
    assert all(url.replace("&", "&amp;") in exported.text for url in urls)
    missing = admin.post("/admin/sources/import", data={"csrf_token": token})
    assert missing.status_code == 400 and "choose an OPML file" in missing.text


def test_a_source_is_disabled_enabled_and_removed(admin: Browser, store: Store) -> None:
    source = store.sources.add(url="https://news.example/rss", name="News", now=NOW)
    token = admin.csrf("/admin/sources")
    path = f"/admin/sources/{source.id}"
    assert admin.post(path + "/disable", data={"csrf_token": token}).status_code == 303
    assert not store.sources.get(source.id).enabled
    assert "disabled" in admin.get("/admin/sources").text
    assert admin.post(path + "/enable", data={"csrf_token": token}).status_code == 303
    assert store.sources.get(source.id).enabled
    assert admin.post(path + "/remove", data={"csrf_token": token}).status_code == 303
    assert store.sources.list() == []
    gone = admin.post(path + "/remove", data={"csrf_token": token})
    assert gone.status_code == 400 and f"no source with id {source.id}" in gone.text


def test_a_missing_model_is_installed_in_the_background_with_progress(
        admin: Browser, app: Starlette, store: Store, local_settings: Settings,
        fakeweb: FakeWeb) -> None:
    store.sources.add(url="https://news.example/rss", lang_hint="ru", now=NOW)
    body = argos_package("ru", "pl")
    fakeweb.route("/ru_pl.argosmodel", Reply(body=body))
    entries = [index_entry(fakeweb.url(""), "ru_pl.argosmodel", body)]
    # The index answers slowly, so the page is seen while the install runs.
    fakeweb.route("/index.json", Reply(body=json.dumps(entries).encode(), delay=1.0,
                                       headers={"Content-Type": "application/json"}))
    console = _console(app)
    console.installs.options = replace(console.installs.options,
                                       index_url=fakeweb.url("/index.json"))
    page = admin.get("/admin/models").text
    assert 'value="ru-pl"' in page and 'value="ru-en"' in page  # what the ru source lacks
    token = admin.csrf("/admin/models")
    answer = admin.post("/admin/models/install", data={"csrf_token": token, "pair": "ru-pl"})
    assert answer.status_code == 303
    running = admin.get("/admin/models").text
    assert "Install running" in running
    assert '<meta http-equiv="refresh" content="2">' in running
    busy = admin.post("/admin/models/install", data={"csrf_token": token, "pair": "ru-pl"})
    assert "done=busy" in busy.headers["location"]
    console.installs.wait(30)
    done = admin.get("/admin/models").text
    assert "Install done" in done and 'http-equiv="refresh"' not in done
    assert "ru→pl (translate-ru_pl 1.1): installed" in done
    assert 'value="ru-pl"' not in done  # no longer missing
    assert console.translator.can_translate("ru", "pl")
    assert (Path(local_settings.models_dir) / "ru-pl").is_dir()
    assert [e.action for e in store.audit.recent()][0] == "models.install"


def test_an_unreachable_index_is_reported_on_the_page(
        admin: Browser, app: Starlette, store: Store) -> None:
    console = _console(app)
    console.installs.options = replace(console.installs.options,
                                       index_url=f"http://127.0.0.1:{free_port()}/index.json")
    token = admin.csrf("/admin/models")
    admin.post("/admin/models/install", data={"csrf_token": token, "pair": "ru-pl"})
    console.installs.wait(30)
    page = admin.get("/admin/models").text
    assert "Install failed" in page and "cannot download the model index" in page


def _console(app: Starlette) -> Console:
    console = app.state.console
    assert isinstance(console, Console)
    return console
