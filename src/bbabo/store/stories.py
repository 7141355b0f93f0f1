"""Stories: what the stories step reads and writes (articles not yet placed, the active window,
its decisions in one commit), status counts; and, from ``StoryReads``, what the site reads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from bbabo.store.db import Database
from bbabo.store.schema import articles, stories, stories_state, story_articles
from bbabo.store.storyviews import StoryReads

__all__ = ["StoriesRepo", "StoryRecord", "Membership", "Absorbed"]

_CHUNK = 500


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryRecord:
    """A story's row after a change."""

    id: int
    representative_id: int
    article_count: int
    languages: tuple[str, ...]
    first_seen_at: datetime
    last_seen_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Membership:
    article_id: int
    story_id: int
    score: float | None  # None: the article opened the story


@dataclass(frozen=True, slots=True, kw_only=True)
class Absorbed:
    story_id: int
    into: int


class StoriesRepo(StoryReads):
    def __init__(self, engine: Database) -> None:
        self._engine = engine

    def version(self) -> int:
        """Grows with every stories pass that changed something (in the same commit)."""
        with self._engine.connect() as conn:
            return int(conn.execute(sa.select(stories_state.c.version)).scalar_one())

    def unplaced(self, *, after_id: int = 0, limit: int = 256) -> list[int]:
        """Ids above ``after_id`` of articles in no story, lowest first."""
        query = (sa.select(articles.c.id)
                 .outerjoin(story_articles, story_articles.c.article_id == articles.c.id)
                 .where(story_articles.c.article_id.is_(None), articles.c.id > after_id)
                 .order_by(articles.c.id).limit(limit))
        with self._engine.connect() as conn:
            return list(conn.execute(query).scalars())

    def count_unplaced(self) -> int:
        """Articles in no story: every membership names one article, once (two plain counts
        cost far less than the anti-join at a million articles)."""
        query = sa.select(sa.select(sa.func.count()).select_from(articles).scalar_subquery()
                          - sa.select(sa.func.count()).select_from(story_articles)
                          .scalar_subquery())
        with self._engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    def active(self, since: datetime) -> dict[int, list[int]]:
        """Story id -> its article ids, for the stories (not merged away) with a report at or
        after ``since``."""
        query = (sa.select(story_articles.c.story_id, story_articles.c.article_id)
                 .join(stories, stories.c.id == story_articles.c.story_id)
                 .where(stories.c.last_seen_at >= since, stories.c.merged_into.is_(None))
                 .order_by(story_articles.c.story_id, story_articles.c.article_id))
        found: dict[int, list[int]] = {}
        with self._engine.connect() as conn:
            for story_id, article_id in conn.execute(query):
                found.setdefault(story_id, []).append(article_id)
        return found

    def open(self, *, first_seen_at: datetime, now: datetime) -> int:
        """A new, empty story (filled by ``record`` in the same transaction)."""
        with self._engine.begin() as conn:
            return int(conn.execute(stories.insert().values(
                article_count=0, languages=[], first_seen_at=first_seen_at,
                last_seen_at=first_seen_at, created_at=now, updated_at=now,
            )).inserted_primary_key[0])  # type: ignore[index]

    def record(self, memberships: Sequence[Membership], records: Sequence[StoryRecord],
               absorbed: Sequence[Absorbed], *, now: datetime) -> None:
        """Write a pass's decisions and bump the versions (the stories' and the site's data
        version), all in one transaction."""
        with self._engine.begin() as conn:
            if memberships:
                conn.execute(story_articles.insert(), [
                    {"article_id": m.article_id, "story_id": m.story_id, "score": m.score,
                     "assigned_at": now} for m in memberships])
            for merge in absorbed:
                conn.execute(story_articles.update()
                             .where(story_articles.c.story_id == merge.story_id)
                             .values(story_id=merge.into))
                # Stories merged into the absorbed one now point at the survivor too.
                conn.execute(stories.update().where(sa.or_(
                    stories.c.id == merge.story_id, stories.c.merged_into == merge.story_id))
                    .values(merged_into=merge.into, updated_at=now))
            for record in records:
                conn.execute(stories.update().where(stories.c.id == record.id).values(
                    representative_id=record.representative_id,
                    article_count=record.article_count, languages=list(record.languages),
                    first_seen_at=record.first_seen_at, last_seen_at=record.last_seen_at,
                    updated_at=now))
            conn.execute(stories_state.update().values(version=stories_state.c.version + 1))
            # Story pages and listings grouped by story change with this: the site's data
            # version (``changes.data_version``) moves in the same commit, so page caches and
            # the facts the site keeps refresh. Last, so the row every writer bumps is held
            # only for the commit.
            conn.execute(sa.text("UPDATE search_version SET n = n + 1"))

    def changed_since(self, moment: datetime) -> list[int]:
        """Stories a pass changed at or after ``moment`` (merged ones included): the static
        copy re-renders their pages (``pipeline.publish``)."""
        with self._engine.connect() as conn:
            return list(conn.execute(sa.select(stories.c.id)
                                     .where(stories.c.updated_at >= moment)
                                     .order_by(stories.c.id)).scalars())

    def count(self) -> int:
        """Stories (not merged away)."""
        with self._engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(stories)
                                    .where(stories.c.merged_into.is_(None))).scalar_one())

    def per_day(self, since: datetime) -> dict[str, int]:
        """Stories (not merged away) by the UTC day of their first report, from ``since``."""
        if self._engine.dialect.name == "postgresql":
            day = sa.func.to_char(sa.func.timezone("UTC", stories.c.first_seen_at), "YYYY-MM-DD")
        else:
            day = sa.func.strftime("%Y-%m-%d", stories.c.first_seen_at)
        query = (sa.select(day, sa.func.count())
                 .where(stories.c.first_seen_at >= since, stories.c.merged_into.is_(None))
                 .group_by(day).order_by(day))
        with self._engine.connect() as conn:
            return {str(d): int(n) for d, n in conn.execute(query)}
