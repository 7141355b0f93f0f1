"""``bbabo export-site``: every page, twin, feed and sitemap as a static file."""

from __future__ import annotations

import asyncio
import gzip
from datetime import timedelta
from pathlib import Path, PurePosixPath

import pytest
from click.testing import CliRunner
from harness import NOW, Client, Seeder

from bbabo.cli import cli
from bbabo.config import Settings
from bbabo.publish.writer import export_site, file_for
from bbabo.store import Store, open_store
from bbabo.web.app import create_app

BASE = "https://news.example.org"


@pytest.fixture
def stories(seed: Seeder) -> dict[str, int]:
    storm = seed.article("Storm hits the coast", lang="en", age=timedelta(hours=1))
    derby = seed.article("Дерби в Москве", section="sport", source="Sport Daily")
    seed.translation(derby, "en", "Derby in Moscow")
    return {"storm": storm, "derby": derby}


@pytest.mark.parametrize(("path", "file"), [
    ("/en/", "en/index.html"), ("/en/page/2/", "en/page/2/index.html"),
    ("/en/news/42-storm", "en/news/42-storm.html"), ("/en/news/42-storm.json",
                                                     "en/news/42-storm.json"),
    ("/en/source/3", "en/source/3.html"), ("/en/feed.xml", "en/feed.xml"),
    ("/sitemaps/en/2.xml", "sitemaps/en/2.xml"), ("/robots.txt", "robots.txt"),
])
def test_addresses_map_to_files_nginx_finds(path: str, file: str) -> None:
    assert file_for(path) == PurePosixPath(file)


def test_paths_out_of_the_directory_are_refused() -> None:
    with pytest.raises(ValueError):
        file_for("/en/../../etc/passwd")


def test_export_writes_the_whole_site(settings: Settings, store: Store,
                                      stories: dict[str, int], tmp_path: Path) -> None:
    app = create_app(settings.for_export(BASE), store, clock=lambda: NOW, page_cache=False)
    out = tmp_path / "site"
    report = asyncio.run(export_site(app, out, base_url=BASE))
    assert report.failed == []
    storm = f"en/news/{stories['storm']}-storm-hits-the-coast"
    derby = f"en/sport/{stories['derby']}-derby-in-moscow"
    expected = [
        "index.html", "404.html", "robots.txt", "sitemap.xml", "sitemaps/en.xml",
        "sitemaps/ru.xml", "sitemaps/news.xml", "static/site.css",
        "en/index.html", "en/index.json", "ru/index.html", "pl/index.html",
        f"{storm}.html", f"{storm}.json", f"{derby}.html", f"{derby}.json",
        f"ru/sport/{stories['derby']}-derbi-v-moskve.html",
        "en/sport/index.html", "en/sport/index.json", "en/news/index.html",
        "en/feed.xml", "en/atom.xml", "en/feed.json", "en/sport/feed.xml",
        "en/source/2.html", "en/source/2.json",
    ]
    for name in expected:
        assert (out / name).is_file(), name
    assert report.files == sum(1 for p in out.rglob("*") if p.is_file() and p.suffix != ".gz")
    assert not list(out.rglob("*search*")) and not (out / "api").exists()
    assert 'url=/en/' in (out / "index.html").read_text()
    assert "Page not found" in (out / "404.html").read_text()


def test_exported_files_are_what_the_app_serves(settings: Settings, store: Store,
                                                stories: dict[str, int], tmp_path: Path) -> None:
    # The live site at the address the copy is made for serves the very same bytes.
    app = create_app(settings.for_export(BASE), store, clock=lambda: NOW, page_cache=False)
    asyncio.run(export_site(app, tmp_path, base_url=BASE))
    client = Client(app)
    for path in ("/en/", f"/en/news/{stories['storm']}-storm-hits-the-coast", "/en/feed.xml",
                 "/sitemap.xml"):
        served = asyncio.run(client._request("GET", path, headers={"Host": "news.example.org"}))
        exported = (tmp_path / file_for(path)).read_bytes()
        assert exported == served.content.replace(b"http://news.example.org",
                                                  b"https://news.example.org")
    home = (tmp_path / "en/index.html").read_text()
    assert '<link rel="canonical" href="https://news.example.org/en/">' in home
    zipped = tmp_path / "en/index.html.gz"
    assert gzip.decompress(zipped.read_bytes()) == (tmp_path / "en/index.html").read_bytes()


def test_export_site_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path}/cli.db"
    seeded = open_store(url)
    Seeder(seeded).article("Storm hits the coast", lang="en")
    seeded.close()
    monkeypatch.setenv("BBABO_DATABASE_URL", url)
    monkeypatch.setenv("BBABO_TARGET_LANGUAGES", "en,pl")
    result = CliRunner().invoke(cli, ["export-site", str(tmp_path / "out"),
                                      "--base-url", BASE])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("wrote ") and "files" in result.output
    assert (tmp_path / "out/en/news/1-storm-hits-the-coast.html").is_file()
    bad = CliRunner().invoke(cli, ["export-site", str(tmp_path / "x"), "--base-url", "ftp://x"])
    assert bad.exit_code != 0 and "Traceback" not in bad.output


def test_export_includes_story_pages_their_twins_and_feeds(
        settings: Settings, store: Store, seed: Seeder, stories: dict[str, int],
        tmp_path: Path) -> None:
    # The storm reported in Russian too: a story of two reports, found from the listings.
    shtorm = seed.article("Шторм обрушился на побережье", age=timedelta(minutes=30))
    story = seed.story([stories["storm"], shtorm])
    app = create_app(settings.for_export(BASE), store, clock=lambda: NOW, page_cache=False)
    report = asyncio.run(export_site(app, tmp_path, base_url=BASE))
    assert report.failed == []
    for name in (f"en/story/{story}-storm-hits-the-coast.html",
                 f"en/story/{story}-storm-hits-the-coast.json",
                 f"ru/story/{story}-shtorm-obrushilsya-na-poberezhe.html",
                 f"en/story/{story}/feed.xml", f"en/story/{story}/atom.xml",
                 f"en/story/{story}/feed.json", "sitemaps/story/en.xml",
                 "sitemaps/story/ru.xml"):
        assert (tmp_path / name).is_file(), name
    assert (f"<loc>{BASE}/en/story/{story}-storm-hits-the-coast</loc>"
            in (tmp_path / "sitemaps/story/en.xml").read_text())
    page = (tmp_path / f"en/story/{story}-storm-hits-the-coast.html").read_text()
    assert f'<link rel="canonical" href="{BASE}/en/story/{story}-storm-hits-the-coast">' in page
    assert "Шторм обрушился на побережье" in page
