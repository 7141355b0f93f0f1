"""Retention (SQLite and PostgreSQL): whole old stories and old articles in no story are taken
out with everything hanging off them; a story still reported on keeps its old reports; a
pruned page's URL stays known."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import sqlalchemy as sa

from bbabo.model import ExtractedArticle, FeedEntry, LanguageGuess, TranslatedText
from bbabo.store import Absorbed, Membership, Store, StoryRecord
from bbabo.store.retention import PrunedArticle
from bbabo.store.schema import (
    article_fingerprints,
    article_urls,
    article_vectors,
    fetch_queue,
    story_articles,
    translations,
)

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
CUTOFF = NOW - timedelta(days=30)


def _article(store: Store, n: int, title: str, *, days_ago: float, section: str = "world",
             lang: str = "en") -> int:
    url = f"https://news.example/{n}"
    moment = NOW - timedelta(days=days_ago)
    source = store.sources.add(url=f"https://news.example/feed{n}.xml", now=moment).id
    store.pages.enqueue(source, [FeedEntry(url=url)], now=moment)
    article = ExtractedArticle(url=url, canonical_url=url, title=title,
                               paragraphs=(f"{title}: what happened, told once.",))
    saved = store.articles.save(article, language=LanguageGuess(lang=lang, confidence=1.0,
                                                                 method="test"),
                                source_id=source, section=section,
                                urls=[url, f"https://www.news.example/story/{n}"], now=moment)
    store.pages.mark_done(url, article_id=saved.article_id, now=moment)
    store.fingerprints.save(saved.article_id, b"\x00" * 16, now=moment)
    store.vectors.save([(saved.article_id, np.ones(4, dtype=np.float32))], model="test",
                       now=moment)
    return saved.article_id


def _story(store: Store, members: list[int], *, last_days_ago: float) -> int:
    last = NOW - timedelta(days=last_days_ago)
    with store.transaction() as tx:  # written by a stories pass of that time
        story_id = tx.stories.open(first_seen_at=last - timedelta(days=1), now=last)
        tx.stories.record(
            [Membership(article_id=a, story_id=story_id, score=None) for a in members],
            [StoryRecord(id=story_id, representative_id=members[0], article_count=len(members),
                         languages=("en",), first_seen_at=last - timedelta(days=1),
                         last_seen_at=last)], [], now=last)
    return story_id


def _count(store: Store, table: sa.Table, *where: sa.ColumnElement[bool]) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)
                                .where(*where)).scalar_one())


def test_old_stories_go_whole_and_a_story_still_reported_on_stays_whole(store: Store) -> None:
    old_a = _article(store, 1, "Harbour bridge closes", days_ago=62)
    old_b = _article(store, 2, "Harbour bridge reopens", days_ago=45, section="local")
    store.translations.save(old_b, TranslatedText(
        source_lang="en", target_lang="pl", title="Most w porcie otwarty", paragraphs=("Tak.",),
        engine="fake", model="fake-1"), now=NOW - timedelta(days=44))
    gone_story = _story(store, [old_a, old_b], last_days_ago=44)
    # Merged into the old story earlier: its row points at it and goes with it.
    strike = _article(store, 3, "Ferry strike", days_ago=61)
    absorbed = _story(store, [strike], last_days_ago=60)
    ferry = _article(store, 9, "Ferry strike ends", days_ago=59)
    with store.transaction() as tx:
        tx.stories.record([Membership(article_id=ferry, story_id=gone_story, score=0.9)], [],
                          [Absorbed(story_id=absorbed, into=gone_story)],
                          now=NOW - timedelta(days=44))
    # Reported on last week: its report of two months ago stays.
    kept_old = _article(store, 4, "Council budget vote", days_ago=70)
    kept_new = _article(store, 5, "Council budget passes", days_ago=6)
    kept_story = _story(store, [kept_old, kept_new], last_days_ago=6)
    loose_old = _article(store, 6, "Lighthouse auction", days_ago=40)
    loose_new = _article(store, 7, "Lighthouse sold", days_ago=3)
    stories_before, data_before = store.stories.version(), store.changes.data_version()

    assert store.retention.pending(CUTOFF) == (1, 5)
    batch = store.retention.prune_batch(CUTOFF)
    assert sorted(a.id for a in batch.articles) == sorted(
        [old_a, old_b, strike, ferry, loose_old])
    assert PrunedArticle(id=old_b, section="local", languages=("en", "pl")) in batch.articles
    assert batch.stories == [gone_story] and batch.merged == [absorbed]
    assert store.retention.prune_batch(CUTOFF).articles == []  # nothing left
    assert store.retention.pending(CUTOFF) == (0, 0)

    left = {a.id for a in store.articles.iter_all()}
    assert left == {kept_old, kept_new, loose_new}
    assert store.stories.count() == 1
    assert _count(store, story_articles, story_articles.c.story_id == kept_story) == 2
    for table in (translations, article_urls, article_fingerprints, article_vectors):
        assert _count(store, table, table.c.article_id.in_(
            [old_a, old_b, strike, ferry, loose_old])) == 0
    assert store.search.search("en", "harbour") == []
    assert [hit.article.id for hit in store.search.search("en", "council")] != []
    # The URL stays known: a feed still listing it does not bring the page back.
    assert _count(store, fetch_queue, fetch_queue.c.url == "https://news.example/1") == 1
    source = store.sources.add(url="https://news.example/again.xml", now=NOW).id
    # Nor does another URL that led to it (a redirect hop, its canonical address).
    for url in ("https://news.example/1", "https://www.news.example/story/1"):
        assert store.pages.enqueue(source, [FeedEntry(url=url)], now=NOW) == 0, url
    assert store.pages.enqueue(source, [FeedEntry(url="https://news.example/new")], now=NOW) == 1
    # Processes holding stories in memory, and the site's page cache, see the change.
    assert store.stories.version() > stories_before
    assert store.changes.data_version() > data_before


def test_batches_are_bounded_and_an_empty_store_prunes_nothing(store: Store) -> None:
    assert store.retention.prune_batch(CUTOFF).articles == []
    ids = [_article(store, n, f"Report number {n}", days_ago=40 + n) for n in range(5)]
    first = store.retention.prune_batch(CUTOFF, limit=2)
    assert [a.id for a in first.articles] == ids[:2]
    assert store.retention.pending(CUTOFF) == (0, 3)


def test_an_article_in_no_story_is_as_old_as_its_publication_and_its_storing(
        store: Store) -> None:
    # Published two months ago and stored 40 days ago: old. A feed's backlog stored today is
    # kept (workers may still be translating or placing it), as is a report the source dated
    # yesterday, however long ago it was stored.
    def stored(n: int, *, published_days_ago: float, stored_days_ago: float) -> int:
        url = f"https://news.example/{n}"
        article = ExtractedArticle(url=url, canonical_url=url, title=f"Dated report {n}",
                                   paragraphs=("Text.",),
                                   published_at=NOW - timedelta(days=published_days_ago))
        return store.articles.save(article, language=LanguageGuess(
            lang="en", confidence=1.0, method="test"), source_id=None, section="world",
            urls=[url], now=NOW - timedelta(days=stored_days_ago)).article_id

    old = stored(1, published_days_ago=60, stored_days_ago=40)
    stored(2, published_days_ago=60, stored_days_ago=0)
    stored(3, published_days_ago=1, stored_days_ago=40)
    assert [a.id for a in store.retention.prune_batch(CUTOFF).articles] == [old]


def test_a_story_touched_since_the_cutoff_stays(store: Store) -> None:
    # Its reports are old by their dates, but a stories pass placed one today (a backlog).
    first = _article(store, 1, "Harbour bridge closes", days_ago=62)
    story = _story(store, [first], last_days_ago=61)
    backlog = _article(store, 2, "Harbour bridge history", days_ago=0)
    with store.transaction() as tx:
        tx.stories.record([Membership(article_id=backlog, story_id=story, score=0.8)],
                          [StoryRecord(id=story, representative_id=first, article_count=2,
                                       languages=("en",), first_seen_at=NOW - timedelta(days=62),
                                       last_seen_at=NOW - timedelta(days=61))], [], now=NOW)
    assert store.retention.pending(CUTOFF) == (0, 0)
    assert store.retention.prune_batch(CUTOFF).articles == []
