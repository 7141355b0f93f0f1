"""Retention: taking out what is older than a moment, whole stories at a time.

A story goes when its newest report is older than the moment, with all its reports (and the
rows of stories merged into it); an article in no story goes when it was published before the
moment and stored before it. A story still being reported on keeps its old reports: a story
page never loses part of its coverage. What hangs off an article goes with it through the
schema's ``ON DELETE CASCADE`` (translations and their revisions, held translations, URLs,
signatures, vectors, story memberships); the search index follows through its triggers; every
URL that led to the page stays in the fetch queue (``article_id`` NULL), so a feed listing
any of them does not bring it back.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from bbabo.store.db import Database
from bbabo.store.schema import (
    UTCDateTime,
    article_urls,
    articles,
    fetch_queue,
    stories,
    stories_state,
    story_articles,
    translations,
)

__all__ = ["RetentionRepo", "PrunedArticle", "PrunedBatch", "PRUNE_BATCH"]

PRUNE_BATCH = 200
"""Stories (and articles in none) taken out per transaction: a short write lock for the site
and the workers, and a killed prune loses nothing but the batch it was in."""

_MOMENT = sa.bindparam("moment", type_=UTCDateTime())


@dataclass(frozen=True, slots=True)
class PrunedArticle:
    """What names an article's files in a static copy of the site."""

    id: int
    section: str
    languages: tuple[str, ...]  # its own, then those it was translated into


@dataclass(frozen=True, slots=True)
class PrunedBatch:
    articles: list[PrunedArticle] = field(default_factory=list)
    stories: list[int] = field(default_factory=list)
    merged: list[int] = field(default_factory=list)  # rows of stories merged into those


class RetentionRepo:
    def __init__(self, engine: Database) -> None:
        self._engine = engine

    def pending(self, before: datetime) -> tuple[int, int]:
        """(stories, articles) a prune at ``before`` would take out; merged-away stories'
        rows, which go with their survivor, are not counted."""
        old = self._old_stories(None)
        in_old = sa.select(story_articles.c.article_id).where(story_articles.c.story_id.in_(old))
        with self._engine.connect() as conn:
            count_stories = conn.execute(
                sa.select(sa.func.count()).select_from(old.subquery()),
                {"moment": before}).scalar_one()
            count_articles = conn.execute(
                sa.select(sa.func.count()).select_from(articles).where(
                    sa.or_(articles.c.id.in_(in_old), self._unplaced_old())),
                {"moment": before}).scalar_one()
        return int(count_stories), int(count_articles)

    def prune_batch(self, before: datetime, *, limit: int = PRUNE_BATCH,
                    now: datetime | None = None) -> PrunedBatch:
        """Take out up to ``limit`` old stories with their reports, and up to ``limit`` old
        articles in no story, in one transaction; an empty batch means nothing is left.
        ``now`` stamps the URLs kept known (default: the clock)."""
        with self._engine.begin() as conn:
            if conn.dialect.name == "sqlite":
                # A write first takes SQLite's one write lock for the whole batch, so no
                # stories pass can place an article between the reads and the deletes
                # below. (On PostgreSQL that bump stays last, held only for the commit: a
                # stories pass locks it last too, and locking it first could deadlock. A
                # pass placing, in the milliseconds between, an article a month old that
                # no pass placed in a month is the window left there.)
                conn.execute(sa.text("UPDATE search_version SET n = n + 1"))
            story_ids: list[int] = list(conn.scalars(self._old_stories(limit),
                                                     {"moment": before}))
            article_ids = list(conn.execute(
                sa.select(story_articles.c.article_id)
                .where(story_articles.c.story_id.in_(story_ids))).scalars()) if story_ids else []
            article_ids += conn.execute(
                sa.select(articles.c.id).where(self._unplaced_old())
                .order_by(articles.c.id).limit(limit), {"moment": before}).scalars()
            if not story_ids and not article_ids:
                return PrunedBatch()
            pruned = _described(conn, article_ids)
            # Rows of stories merged into these point at them (a merge repoints every row
            # merged into the absorbed story at the survivor, so one level is all there is).
            merged = list(conn.execute(sa.select(stories.c.id).where(
                stories.c.merged_into.in_(story_ids))).scalars()) if story_ids else []
            for start in range(0, len(article_ids), 500):
                chunk = article_ids[start:start + 500]
                _keep_urls_known(conn, chunk, now or datetime.now(UTC))
                conn.execute(articles.delete().where(articles.c.id.in_(chunk)))
            if story_ids:
                conn.execute(stories.delete().where(stories.c.id.in_(story_ids + merged)))
                # Processes holding stories in memory reload them; the site's data version
                # moves with the deleted articles (their triggers), and here for the stories.
                conn.execute(stories_state.update().values(version=stories_state.c.version + 1))
            if conn.dialect.name != "sqlite":
                conn.execute(sa.text("UPDATE search_version SET n = n + 1"))
        return PrunedBatch(articles=pruned, stories=story_ids, merged=sorted(merged))

    @staticmethod
    def _old_stories(limit: int | None) -> sa.Select[Any]:
        # Not touched since either: a report stored today with an old date (a feed's backlog)
        # joining it keeps it for now.
        query = (sa.select(stories.c.id)
                 .where(stories.c.merged_into.is_(None), stories.c.last_seen_at < _MOMENT,
                        stories.c.updated_at < _MOMENT)
                 .order_by(stories.c.id))
        return query.limit(limit) if limit is not None else query

    @staticmethod
    def _unplaced_old() -> sa.ColumnElement[bool]:
        placed = sa.select(story_articles.c.article_id).where(
            story_articles.c.article_id == articles.c.id)
        # By publication, as a story's times are (stored time when the source gave none), and
        # stored before the moment too: a feed's backlog stored today is not taken out while
        # the workers may still be translating, placing or comparing with it.
        published = sa.func.coalesce(articles.c.published_at, articles.c.fetched_at)
        return sa.and_(published < _MOMENT, articles.c.fetched_at < _MOMENT, ~placed.exists())


def _keep_urls_known(conn: sa.Connection, article_ids: list[int], now: datetime) -> None:
    """Every URL that led to these articles (a redirect hop, the canonical one, not only the
    feed's link) as a page done in the fetch queue, so none brings a pruned page back."""
    queued = sa.select(fetch_queue.c.url).where(fetch_queue.c.url == article_urls.c.url)
    conn.execute(fetch_queue.insert().from_select(
        ["url", "state", "attempts", "queued_at", "updated_at"],
        sa.select(article_urls.c.url, sa.literal("done"), sa.literal(0),
                  sa.literal(now, UTCDateTime()), sa.literal(now, UTCDateTime()))
        .where(article_urls.c.article_id.in_(article_ids), ~queued.exists())))


def _described(conn: sa.Connection, article_ids: list[int]) -> list[PrunedArticle]:
    rows: dict[int, tuple[str, str]] = {}
    languages: defaultdict[int, list[str]] = defaultdict(list)
    for start in range(0, len(article_ids), 500):
        chunk = article_ids[start:start + 500]
        rows.update((row.id, (row.section, row.language)) for row in conn.execute(
            sa.select(articles.c.id, articles.c.section, articles.c.language)
            .where(articles.c.id.in_(chunk))))
        for row in conn.execute(sa.select(translations.c.article_id, translations.c.lang)
                                .where(translations.c.article_id.in_(chunk))
                                .order_by(translations.c.lang)):
            languages[row.article_id].append(row.lang)
    return [PrunedArticle(id=article_id, section=section,
                          languages=(lang, *languages[article_id]))
            for article_id, (section, lang) in sorted(rows.items())]
