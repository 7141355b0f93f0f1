"""The publish stage: the static copy of the site follows the store, a pass rewriting exactly
the files a new article or translation changed (or a translation changed in place: a hand
edit, a pinned name), and a pass run again rewriting nothing."""

from __future__ import annotations

import asyncio
import fcntl
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from starlette.types import ASGIApp

from bbabo.config import Settings
from bbabo.model import ExtractedArticle, LanguageGuess, NameSpelling, TranslatedText
from bbabo.pipeline.names import pin_name
from bbabo.pipeline.publish import (
    MARK_FILE,
    WHOLE_EXPORT_FILE,
    Publisher,
    PublishOptions,
    PublishOutcome,
    clear_whole_export,
    request_whole_export,
)
from bbabo.pipeline.review import edit_translation
from bbabo.publish.writer import file_for
from bbabo.store import Absorbed, Discarded, Store, StoryRecord
from bbabo.store.schema import articles
from bbabo.web.app import create_app
from storyseed import record_story

NOW = datetime(2024, 1, 10, 14, 5, tzinfo=UTC)
BASE = "https://news.example.org"

Files = dict[str, tuple[int, int]]


class Seed:
    """Stores articles and translations through the store, as the pipeline does."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.sources: dict[str, int] = {}
        self.count = 0

    def source(self, name: str) -> int:
        if name not in self.sources:
            self.sources[name] = self.store.sources.add(
                url=f"https://{len(self.sources)}.example.org/rss", name=name, now=NOW).id
        return self.sources[name]

    def article(self, title: str, *, lang: str = "en", section: str = "news",
                source: str = "Coast Times", age: timedelta = timedelta(0)) -> int:
        self.count += 1
        url = f"https://example.org/{lang}/{self.count}"
        return self.store.articles.save(
            ExtractedArticle(url=url, canonical_url=url, title=title,
                             paragraphs=(f"{title}: the first paragraph.", "The second one."),
                             published_at=NOW - age),
            language=LanguageGuess(lang=lang, confidence=0.99, method="test"),
            source_id=self.source(source), section=section, urls=[url], now=NOW).article_id

    def translation(self, article_id: int, lang: str, title: str, *, source_lang: str) -> None:
        self.store.translations.save(article_id, TranslatedText(
            source_lang=source_lang, target_lang=lang, title=title,
            paragraphs=(f"{title}: paragraph one.", "Paragraph two."), engine="fake",
            model="fake-1", qa=()), now=NOW)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(target_languages=("en", "pl", "ru"), default_language="en",
                    export_dir=str(tmp_path / "site"), export_base_url=BASE)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return tmp_path / "site"


@pytest.fixture
def seed(store: Store) -> Seed:
    return Seed(store)


@pytest.fixture
def stories(seed: Seed) -> dict[str, int]:
    storm = seed.article("Storm hits the coast", age=timedelta(hours=1))
    derby = seed.article("Дерби в Москве", lang="ru", section="sport", source="Sport Daily")
    seed.translation(derby, "en", "Derby in Moscow", source_lang="ru")
    return {"storm": storm, "derby": derby}


@pytest.fixture
def publish(settings: Settings, store: Store) -> Iterator[Publisher]:
    publisher = Publisher.for_settings(settings, store, clock=lambda: NOW,
                                       make_site=_site(settings, store))
    assert publisher is not None
    yield publisher


def _site(settings: Settings, store: Store) -> Callable[[], ASGIApp]:
    # As `bbabo run` and the publish worker build it: links lead to where the copy is served.
    return lambda: create_app(settings.for_export(), store, clock=lambda: NOW,
                              page_cache=False)


def _files(root: Path) -> Files:
    """Every file of the exported site with what tells a rewrite: its inode and mtime."""
    return {str(p.relative_to(root)): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in root.rglob("*") if p.is_file() and not p.name.startswith(".")}


def _changed(before: Files, after: Files) -> set[str]:
    return {name for name, stamp in after.items() if before.get(name) != stamp}


def _served(publisher: Publisher, path: str) -> bytes:
    async def get() -> bytes:
        transport = httpx.ASGITransport(app=publisher.site)
        async with httpx.AsyncClient(transport=transport, base_url=BASE) as http:
            response = await http.get(path)
            assert response.status_code == 200, path
            return response.content

    return asyncio.run(get())


def test_what_changed_since_a_mark(store: Store, seed: Seed) -> None:
    changes = store.changes
    first = seed.article("Storm hits the coast")
    mark = changes.snapshot()
    derby = seed.article("Дерби в Москве", lang="ru", section="sport", source="Sport Daily")
    seed.translation(derby, "en", "Derby in Moscow", source_lang="ru")
    seed.translation(first, "ru", "Шторм", source_lang="en")
    now = changes.snapshot()
    assert (now.articles, now.translations) == (2, 2) and now.version > mark.version
    found = changes.new_versions(articles_after=mark.article_id, articles_upto=now.article_id,
                                 translations_after=mark.translation_id,
                                 translations_upto=now.translation_id)
    assert [(v.article_id, v.lang, v.section) for v in found] == [
        (derby, "ru", "sport"), (derby, "en", "sport"), (first, "ru", "news")]
    # An id asked for again (a gap below the mark) is found like the new ones.
    again = changes.new_versions(articles_after=now.article_id, articles_upto=now.article_id,
                                 translations_after=now.translation_id,
                                 translations_upto=now.translation_id, article_ids=[first])
    assert [(v.article_id, v.translation_id) for v in again] == [(first, None)]
    assert changes.existing(article_ids=[first, 99], translation_ids=[1, 99]) == ({first}, {1})
    assert changes.readable_count("en") == 2 and changes.readable_count("ru") == 2
    assert changes.readable_count("en", before_id=derby) == 1
    assert changes.readable_count("pl") == 0


def test_no_export_dir_no_publisher(store: Store) -> None:
    assert PublishOptions.from_settings(Settings()) is None
    assert Publisher.for_settings(Settings(), store, clock=lambda: NOW,
                                  make_site=_site(Settings(), store)) is None


def test_the_first_pass_exports_the_site_and_the_next_finds_nothing(
        publish: Publisher, stories: dict[str, int], site: Path) -> None:
    report = publish()
    assert report.outcome is PublishOutcome.full and report.failed == []
    assert (site / MARK_FILE).is_file()
    files = _files(site)
    for name in ("en/index.html", "ru/index.html", "pl/index.html", "sitemap.xml", "404.html",
                 f"en/news/{stories['storm']}-storm-hits-the-coast.html",
                 f"ru/sport/{stories['derby']}-derbi-v-moskve.json"):
        assert name in files, name

    again = publish()
    assert again.outcome is PublishOutcome.unchanged and again.files == 0
    assert _files(site) == files


def test_a_new_translation_rewrites_exactly_the_pages_it_shows_on(
        publish: Publisher, seed: Seed, stories: dict[str, int], site: Path) -> None:
    publish()
    before = _files(site)
    derby = stories["derby"]
    seed.translation(derby, "pl", "Derby w Moskwie", source_lang="ru")

    report = publish()
    assert report.outcome is PublishOutcome.updated and report.articles == 1
    changed = _changed(before, _files(site))
    polish = f"pl/sport/{derby}-derby-w-moskwie"
    sport = seed.sources["Sport Daily"]
    for name in (f"{polish}.html", f"{polish}.json",
                 # every other version of the article now links to the Polish one
                 f"ru/sport/{derby}-derbi-v-moskve.html", f"en/sport/{derby}-derby-in-moscow.html",
                 # the Polish listings, feeds and sitemap gained it
                 "pl/index.html", "pl/index.json", "pl/sport/index.html",
                 f"pl/source/{sport}.html", "pl/feed.xml", "pl/sport/atom.xml",
                 "sitemaps/pl.xml", "sitemaps/ru.xml", "sitemaps/news.xml"):
        assert name in changed, name
    # The other article and the other languages' listings did not change: not rewritten.
    storm = f"en/news/{stories['storm']}-storm-hits-the-coast"
    for name in (f"{storm}.html", f"{storm}.json", "en/index.html", "ru/index.html",
                 "en/feed.xml", "ru/sport/index.html", "static/site.css", "robots.txt"):
        assert name not in changed, name
    assert changed <= {name for name in _files(site)}
    # What is on disk is what the app serves.
    for path in (f"/{polish}", f"/ru/sport/{derby}-derbi-v-moskve", "/pl/", "/pl/feed.xml"):
        assert (site / file_for(path)).read_bytes() == _served(publish, path), path
    assert "Derby w Moskwie" in (site / "pl/index.html").read_text()
    assert 'hreflang="pl"' in (site / f"ru/sport/{derby}-derbi-v-moskve.html").read_text()


def test_a_new_article_shows_in_its_language_listings_and_feeds(
        publish: Publisher, seed: Seed, stories: dict[str, int], site: Path) -> None:
    publish()
    before = _files(site)
    flood = seed.article("Flood warning for the river towns")
    report = publish()
    assert report.outcome is PublishOutcome.updated
    changed = _changed(before, _files(site))
    coast = seed.sources["Coast Times"]
    for name in (f"en/news/{flood}-flood-warning-for-the-river-towns.html", "en/index.html",
                 "en/news/index.html", f"en/source/{coast}.html", "en/feed.xml",
                 "en/news/feed.json", "sitemaps/en.xml"):
        assert name in changed, name
    for name in ("ru/index.html", "pl/index.html", "pl/feed.xml",
                 f"en/sport/{stories['derby']}-derby-in-moscow.html"):
        assert name not in changed, name
    assert "Flood warning" in (site / "en/feed.xml").read_text()


def test_a_pass_delivered_again_or_cut_off_and_rerun_writes_nothing_new(
        publish: Publisher, seed: Seed, stories: dict[str, int], site: Path) -> None:
    publish()
    seed.translation(stories["storm"], "pl", "Burza nad wybrzeżem", source_lang="en")
    mark = (site / MARK_FILE).read_bytes()
    first = publish()
    assert first.outcome is PublishOutcome.updated and first.files > first.unchanged
    after = _files(site)
    assert publish().outcome is PublishOutcome.unchanged  # delivered twice
    # Cut off after rendering, before it recorded the pass: the rerun renders the same pages
    # again and finds every one already in place.
    (site / MARK_FILE).write_bytes(mark)
    rerun = publish()
    assert rerun.outcome is PublishOutcome.updated
    assert rerun.files == first.files and rerun.unchanged == rerun.files
    assert _files(site) == after


def test_new_articles_push_older_ones_onto_the_next_listing_page(
        publish: Publisher, seed: Seed, site: Path) -> None:
    for number in range(31):  # a home page holds 30
        seed.article(f"Older story number {number}", age=timedelta(hours=2, minutes=number))
    publish()
    assert (site / "en/page/2/index.html").is_file()
    before = _files(site)
    seed.article("Breaking news from the harbour")
    assert publish().outcome is PublishOutcome.updated
    changed = _changed(before, _files(site))
    assert {"en/index.html", "en/page/2/index.html", "en/page/2/index.json"} <= changed
    assert "Older story number 29" in (site / "en/page/2/index.html").read_text()


def test_what_every_page_shows_changing_exports_the_whole_site(
        publish: Publisher, seed: Seed, stories: dict[str, int], site: Path,
        settings: Settings, store: Store) -> None:
    publish()
    seed.article("Election night", section="politics")  # a new section: every menu changes
    report = publish()
    assert report.outcome is PublishOutcome.full
    assert 'href="/ru/politics/"' in (site / "ru/index.html").read_text()
    elsewhere = replace(settings, export_base_url="https://mirror.example")
    moved = Publisher.for_settings(elsewhere, store, clock=lambda: NOW,
                                   make_site=_site(elsewhere, store))
    assert moved is not None
    assert moved().outcome is PublishOutcome.full  # every absolute link changes
    assert "https://mirror.example/en/" in (site / "en/index.html").read_text()


def test_a_requested_whole_export_runs_once_and_a_newer_request_outlives_it(
        publish: Publisher, stories: dict[str, int], site: Path, store: Store) -> None:
    publish()
    request_whole_export(site)  # what `bbabo articles prune` leaves
    assert publish().outcome is PublishOutcome.full
    assert not (site / WHOLE_EXPORT_FILE).exists()
    assert publish().outcome is PublishOutcome.unchanged
    # A request made while a pass ran (the file holds another token than the one the pass
    # read) is left for the next pass.
    request_whole_export(site)
    token = (site / WHOLE_EXPORT_FILE).read_bytes()
    request_whole_export(site)
    clear_whole_export(site, token)
    assert (site / WHOLE_EXPORT_FILE).is_file()
    assert publish().outcome is PublishOutcome.full
    # A translation taken back (an editor's "translate again") is no reason for one: fewer
    # rows than the mark counted are not a prune.
    assert store.translations.discard(stories["derby"], "en") is Discarded.published
    assert publish().outcome is not PublishOutcome.full


def test_a_directory_held_by_another_pass_is_left_to_it(
        publish: Publisher, stories: dict[str, int], site: Path) -> None:
    site.mkdir(parents=True)
    fd = os.open(site / ".bbabo-publish.lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        assert publish().outcome is PublishOutcome.busy
    finally:
        os.close(fd)
    assert publish().outcome is PublishOutcome.full


@pytest.mark.postgres
def test_an_article_committed_after_a_newer_one_is_published_too(
        postgres_url: str, tmp_path: Path, settings: Settings) -> None:
    """Ids are handed out at insert: id 3 may commit after id 4 and after a pass saw id 4."""
    from bbabo.store import open_store

    store = open_store(postgres_url)
    try:
        seed = Seed(store)
        seed.article("First story")
        publish = Publisher.for_settings(settings, store, clock=lambda: NOW,
                                         make_site=_site(settings, store))
        assert publish is not None
        publish()
        row = {"source_id": seed.source("Coast Times"), "language": "en", "section": "news",
               "paragraphs": ["Text."], "fetched_at": NOW, "published_at": NOW,
               "lang_confidence": 1.0}
        with store.engine.connect() as slow:
            slow.begin()
            late = slow.execute(articles.insert().values(
                url="https://example.org/late", canonical_url="https://example.org/late",
                title="Late story", content_hash="late", **row)).inserted_primary_key[0]
            early = seed.article("Quick story")
            assert early > late
            assert publish().outcome is PublishOutcome.updated  # sees the quick one only
            slow.commit()
        report = publish()
        assert report.outcome is PublishOutcome.updated and report.articles == 1
        page = Path(settings.export_dir) / f"en/news/{late}-late-story.html"
        assert page.is_file()
        assert "Late story" in (Path(settings.export_dir) / "en/index.html").read_text()
        with store.engine.connect() as conn:
            assert conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar() == 3
    finally:
        store.close()


# Translations changed in place: an editor's hand edit and a pinned name respelled are found
# by their revision ids since the last pass, and the pages they show on are rendered again.

def test_a_hand_edit_re_renders_the_pages_of_that_translation(
        publish: Publisher, store: Store, stories: dict[str, int], site: Path) -> None:
    publish()
    before = _files(site)
    derby = stories["derby"]
    edit_translation(store, derby, "en", title="Derby in Moscow ends in a draw",
                     paragraphs=("A draw in Moscow.", "Paragraph two."), editor="ann", now=NOW)

    report = publish()
    assert report.outcome is PublishOutcome.updated and report.articles == 1
    changed = _changed(before, _files(site))
    english = f"en/sport/{derby}-derby-in-moscow-ends-in-a-draw"
    for name in (f"{english}.html", f"{english}.json", f"ru/sport/{derby}-derbi-v-moskve.html",
                 "en/index.html", "en/feed.xml", "sitemaps/en.xml"):
        assert name in changed, name
    page = (site / f"{english}.html").read_text()
    assert "A draw in Moscow." in page
    assert "Machine translation from Russian, corrected by the editors." in page
    storm = f"en/news/{stories['storm']}-storm-hits-the-coast.html"
    assert storm not in changed
    assert publish().outcome is PublishOutcome.unchanged


def test_a_pinned_name_re_renders_the_translations_it_respelled(
        publish: Publisher, store: Store, seed: Seed, site: Path) -> None:
    story = seed.article("Токаев в Москве", lang="ru")
    seed.translation(story, "pl", "Tokajew w Moskwie", source_lang="ru")
    store.names.record("pl", [NameSpelling(source="Токаев", spelling="Tokajew")], now=NOW)
    publish()
    before = _files(site)

    report = pin_name(store, "Токаев", "pl", "Tokayev", now=NOW)
    assert report.respelled == 1
    assert publish().outcome is PublishOutcome.updated
    changed = _changed(before, _files(site))
    polish = f"pl/news/{story}-tokayev-w-moskwie.html"
    assert polish in changed and "Tokayev w Moskwie" in (site / polish).read_text()


def test_a_mark_written_before_revisions_existed_is_still_followed(
        publish: Publisher, store: Store, stories: dict[str, int], site: Path) -> None:
    publish()
    mark = json.loads((site / MARK_FILE).read_text())
    del mark["revision_id"], mark["revision_gaps"]
    (site / MARK_FILE).write_text(json.dumps({**mark, "format": 1}))
    edit_translation(store, stories["derby"], "en", title="Derby, corrected",
                     paragraphs=("One.", "Two."), editor="ann", now=NOW)
    # Not a whole export: the old mark is read as "no revision published yet".
    assert publish().outcome is PublishOutcome.updated
    assert json.loads((site / MARK_FILE).read_text())["revision_id"] == 1


def test_a_story_formed_after_a_pass_publishes_its_pages_and_regroups_listings(
        publish: Publisher, seed: Seed, store: Store, stories: dict[str, int],
        site: Path) -> None:
    shtorm = seed.article("Шторм на побережье", lang="ru", age=timedelta(minutes=30))
    publish()
    before = _files(site)
    story = record_story(store, [stories["storm"], shtorm], now=NOW)

    report = publish()
    assert report.outcome is PublishOutcome.updated and not report.failed
    changed = _changed(before, _files(site))
    for name in (f"en/story/{story}-storm-hits-the-coast.html",
                 f"en/story/{story}-storm-hits-the-coast.json",
                 f"ru/story/{story}-shtorm-na-poberezhe.html",
                 f"pl/story/{story}-storm-hits-the-coast.html",
                 f"en/story/{story}/feed.xml", f"ru/story/{story}/atom.xml",
                 # the reports' pages gained their other coverage; the listings group them
                 f"en/news/{stories['storm']}-storm-hits-the-coast.html",
                 f"ru/news/{shtorm}-shtorm-na-poberezhe.html", "en/index.html", "ru/index.html"):
        assert name in changed, name
    for name in (f"en/sport/{stories['derby']}-derby-in-moscow.html", "static/site.css"):
        assert name not in changed, name
    assert "Шторм на побережье" in (site / f"en/story/{story}-storm-hits-the-coast.html"
                                    ).read_text()
    path = f"/en/news/{stories['storm']}-storm-hits-the-coast"
    assert (site / file_for(path)).read_bytes() == _served(publish, path)
    # Run again: nothing new.
    assert publish().outcome is PublishOutcome.unchanged


def test_a_merged_story_s_old_page_becomes_a_redirect_to_the_survivor(
        publish: Publisher, seed: Seed, store: Store, stories: dict[str, int],
        site: Path) -> None:
    shtorm = seed.article("Шторм на побережье", lang="ru", age=timedelta(minutes=30))
    later = seed.article("Coast cleans up after storm", age=timedelta(minutes=10))
    survivor = record_story(store, [stories["storm"], shtorm], now=NOW)
    absorbed = record_story(store, [later, seed.article("Clean-up on the coast")], now=NOW)
    publish()
    old = f"en/story/{absorbed}-coast-cleans-up-after-storm"
    assert (site / f"{old}.html").is_file() and (site / f"{old}.json").is_file()
    assert f"/en/story/{absorbed}-" in (site / "sitemaps/story/en.xml").read_text()
    with store.transaction() as tx:
        tx.stories.record([], [StoryRecord(
            id=survivor, representative_id=stories["storm"], article_count=4,
            languages=("en", "ru"), first_seen_at=NOW - timedelta(hours=1),
            last_seen_at=NOW)], [Absorbed(story_id=absorbed, into=survivor)], now=NOW)
    before = _files(site)

    report = publish()
    assert report.outcome is PublishOutcome.updated and not report.failed
    target = f"/en/story/{survivor}-storm-hits-the-coast"
    page = (site / f"{old}.html").read_text()
    # As the export's front door does: a refresh, a link, and the canonical address.
    assert f'<meta http-equiv="refresh" content="0; url={target}">' in page
    assert f'<a href="{target}">' in page
    assert f'<link rel="canonical" href="{BASE}{target}">' in page
    assert not (site / f"{old}.json").exists() and not (site / f"{old}.json.gz").exists()
    ru_old = next((site / "ru/story").glob(f"{absorbed}-*.html"))
    assert f"url=/ru/story/{survivor}-" in ru_old.read_text()
    # The survivor's page and the absorbed story's feeds (the survivor's now) follow.
    changed = _changed(before, _files(site))
    for name in (f"{target[1:]}.html", f"en/story/{absorbed}/feed.xml",
                 "sitemaps/story/en.xml"):
        assert name in changed, name
    assert "Clean-up on the coast" in (site / f"{target[1:]}.html").read_text()
    assert f"/en/story/{absorbed}-" not in (site / "sitemaps/story/en.xml").read_text()
    # The live site answers the old address with a redirect to the same place.
    async def get() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=publish.site),
                                     base_url=BASE) as http:
            return await http.get(f"/{old}")

    assert asyncio.run(get()).headers["location"] == target
    assert publish().outcome is PublishOutcome.unchanged
