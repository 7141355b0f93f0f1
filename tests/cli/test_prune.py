"""`bbabo articles prune`: a dry run says how much, a too-short retention is refused, and a
prune takes the old articles and stories out of the store, the live site and the static copy,
whose listings lose their pages past the new last one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bbabo.cli import cli
from bbabo.cli.context import utcnow
from bbabo.config import Settings
from bbabo.model import ExtractedArticle, LanguageGuess, TranslatedText
from bbabo.pipeline.publish import Publisher
from bbabo.store import Membership, Store, StoryRecord, open_store
from bbabo.web.app import create_app

BASE = "https://news.example.org"
OLD = 42  # articles of two months ago: more than a listing page of 30


@pytest.fixture
def seeded(sqlite_url: str, tmp_path: Path,
           monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Store, dict[str, list[int]]]]:
    for name, value in {"DATABASE_URL": sqlite_url, "DATA_DIR": str(tmp_path / "data"),
                        "TARGET_LANGUAGES": "en,pl", "EXPORT_DIR": str(tmp_path / "site"),
                        "EXPORT_BASE_URL": BASE, "MODELS_AUTO_INSTALL": "0"}.items():
        monkeypatch.setenv(f"BBABO_{name}", value)
    monkeypatch.chdir(tmp_path)
    store = open_store(sqlite_url)
    now = utcnow()

    def article(n: int, days_ago: float, section: str = "world") -> int:
        url = f"https://herald.example/{n}"
        return store.articles.save(
            ExtractedArticle(url=url, canonical_url=url, title=f"Harbour report number {n}",
                             paragraphs=(f"What happened at the harbour, part {n}.",)),
            language=LanguageGuess(lang="en", confidence=1.0, method="test"), source_id=None,
            section=section, urls=[url], now=now - timedelta(days=days_ago)).article_id

    # One of them the only article of its section.
    old = [article(n, 40 + n, "politics" if n == 5 else "world") for n in range(OLD)]
    store.translations.save(old[0], TranslatedText(
        source_lang="en", target_lang="pl", title="Raport z portu", paragraphs=("Tak było.",),
        engine="fake", model="fake-1"), now=now - timedelta(days=39))
    with store.transaction() as tx:  # the two oldest reports are one story of long ago
        then = now - timedelta(days=80)
        story = tx.stories.open(first_seen_at=then - timedelta(days=1), now=then)
        tx.stories.record([Membership(article_id=a, story_id=story, score=None)
                           for a in old[-2:]],
                          [StoryRecord(id=story, representative_id=old[-1], article_count=2,
                                       languages=("en",), first_seen_at=then - timedelta(days=1),
                                       last_seen_at=then)], [], now=then)
    new = [article(100 + n, n) for n in range(5)]
    yield store, {"old": old, "new": new, "story": [story]}
    store.close()


def _run(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output
    return result


def _publish(store: Store) -> None:
    settings = Settings(target_languages=("en", "pl"), default_language="en",
                        export_dir=str(Path.cwd() / "site"), export_base_url=BASE)
    publisher = Publisher.for_settings(
        settings, store, clock=utcnow,
        make_site=lambda: create_app(settings.for_export(), store, page_cache=False))
    assert publisher is not None and not publisher().failed


def _pages(site: Path, article_id: int) -> list[Path]:
    """An article's pages, in whichever section folder (not the stories', whose ids differ)."""
    return sorted(page for page in site.glob(f"*/*/{article_id}-*.html")
                  if page.parent.name != "story")


def test_prune_takes_old_articles_out_of_the_store_and_the_static_copy(
        seeded: tuple[Store, dict[str, list[int]]], tmp_path: Path) -> None:
    store, ids = seeded
    site = tmp_path / "site"
    _publish(store)
    assert len(_pages(site, ids["old"][0])) == 2  # in English and in Polish
    assert (site / "en" / "politics" / "index.html").is_file()
    assert (site / "en" / "page" / "2" / "index.html").is_file()
    assert list(site.glob(f"en/story/{ids['story'][0]}-*.html"))

    refused = _run("articles", "prune", "--older-than", "7")
    assert refused.exit_code != 0 and "at least 30 days" in refused.output
    for wrong in (["--older-than", "99999999"], ["--older-than", "x"],
                  ["--older-than", "30", "--export-dir", str(tmp_path / "nowhere")]):
        result = _run("articles", "prune", *wrong)  # one line, no traceback, nothing taken
        assert result.exit_code == 2 and "Invalid value" in result.output, result.output
    assert not (tmp_path / "nowhere").exists()
    dry = _run("articles", "prune", "--older-than", "30", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert f"would take out 1 story(ies) and {OLD} article(s)" in dry.output
    assert len(list(store.articles.iter_all())) == OLD + 5  # a dry run takes nothing

    done = _run("articles", "prune", "--older-than", "30")
    assert done.exit_code == 0, done.output
    assert f"took out 1 story(ies) and {OLD} article(s)" in done.output
    assert "exported the static copy whole" in done.output
    assert {a.id for a in store.articles.iter_all()} == set(ids["new"])
    for article_id in ids["old"]:
        assert _pages(site, article_id) == []
    assert list(site.glob(f"*/story/{ids['story'][0]}*")) == []
    # Five articles are one listing page now: the second one's file went, the first lists
    # only the kept ones.
    assert not (site / "en" / "page" / "2").exists()  # the page, its twin, its folder
    # The section left with no article: its page, twin and feeds went too.
    assert not (site / "en" / "politics").exists() and not (site / "en" / "page").exists()
    assert (site / "en" / "world" / "index.html").is_file()
    home = (site / "en" / "index.html").read_text(encoding="utf-8")
    assert "Harbour report number 100" in home and "Harbour report number 0<" not in home
    for article_id in ids["new"]:
        assert len(_pages(site, article_id)) == 1
    again = _run("articles", "prune", "--older-than", "30")
    assert "took out 0 story(ies) and 0 article(s)" in again.output


def test_a_copy_made_by_export_site_is_swept_by_the_next_export(
        seeded: tuple[Store, dict[str, list[int]]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    store, ids = seeded
    monkeypatch.delenv("BBABO_EXPORT_DIR")
    copy = tmp_path / "copy"
    assert _run("export-site", str(copy), "--base-url", BASE).exit_code == 0
    assert (copy / "en" / "page" / "2" / "index.html").is_file()
    done = _run("articles", "prune", "--older-than", "30", "--export-dir", str(copy))
    assert done.exit_code == 0, done.output
    assert "export the site again" in done.output
    assert _pages(copy, ids["old"][3]) == []
    again = _run("export-site", str(copy), "--base-url", BASE)
    assert again.exit_code == 0, again.output
    assert "took out" in again.output
    assert not (copy / "en" / "page" / "2").exists()
    assert not (copy / ".bbabo-export-whole").exists()  # the prune's request, done
    assert (copy / "en" / "index.html").is_file()
