"""Freshness: how long a story takes from its source to our pages, per language.

A language version goes live when it is stored: the original when the article is (``fetched_at``),
a translation when it is (``translations.created_at``); the site reads the store, and its page
cache notices within a quarter of a second. Two delays are measured to that moment:

- ``published``: from when the source says it published the story (the feed entry's date, else
  the page's), counted only for stories published after the source was added (what a new
  source's feed already held is backlog, not news we were late for) and never from a time
  later than bbabo first saw the story (a date in the future is a wrong clock);
- ``seen``: from when bbabo first saw the story (its feed entry, or a WebSub delivery): the
  pipeline's own share, without the wait for the next poll.

Both come back as histograms over fixed buckets, counted by the database (one aggregate per
language over the versions stored in the window), from which the quantiles are estimated as
Prometheus' ``histogram_quantile`` does."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa

from bbabo.store.db import Database
from bbabo.store.schema import articles, sources, translations

__all__ = ["FreshnessRepo", "Histogram", "Measure", "BUCKETS_S"]

BUCKETS_S: tuple[float, ...] = (5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 300, 420, 600, 900,
                                1200, 1800, 2700, 3600, 5400, 7200, 10800, 14400, 21600, 43200,
                                86400)
"""Upper bounds (``le``) of the histogram buckets, in seconds; one more bucket holds the rest."""


class Measure(StrEnum):
    published = "published"  # from the source's publication
    seen = "seen"  # from bbabo first seeing it


@dataclass(frozen=True, slots=True, kw_only=True)
class Histogram:
    """``cumulative[i]``: versions live within ``BUCKETS_S[i]`` seconds; ``count`` all of them
    (the ``+Inf`` bucket); ``sum_s`` their delays added up."""

    cumulative: tuple[int, ...]
    count: int
    sum_s: float

    def quantile(self, q: float) -> float | None:
        """The delay under which a share ``q`` of the versions went live, interpolated within
        its bucket (as ``histogram_quantile``); the top bound for the ``+Inf`` bucket."""
        if not self.count:
            return None
        rank = q * self.count
        lower, below = 0.0, 0
        for bound, within in zip(BUCKETS_S, self.cumulative, strict=True):
            if within >= rank:
                share = (rank - below) / (within - below) if within > below else 1.0
                return lower + (bound - lower) * share
            lower, below = bound, within
        return BUCKETS_S[-1]


def _epoch(dialect: str, moment: sa.ColumnElement[datetime]) -> sa.ColumnElement[float]:
    """Seconds since 1970 of a stored time (SQLite keeps naive UTC text, PostgreSQL a
    timestamptz)."""
    if dialect == "sqlite":
        return (sa.func.julianday(moment) - 2440587.5) * 86400.0
    return sa.cast(sa.extract("epoch", moment), sa.Float)


class FreshnessRepo:
    def __init__(self, engine: Database) -> None:
        self._engine = engine

    def histograms(self, since: datetime, measure: Measure,
                   languages: Sequence[str] | None = None) -> dict[str, Histogram]:
        """Per language, the delays of the versions that went live since ``since``."""
        dialect = self._engine.dialect.name
        live = sa.union_all(
            sa.select(articles.c.id.label("article_id"), articles.c.language.label("lang"),
                      articles.c.fetched_at.label("live_at"))
            .where(articles.c.fetched_at >= since),
            sa.select(translations.c.article_id, translations.c.lang,
                      translations.c.created_at.label("live_at"))
            .where(translations.c.created_at >= since),
        ).subquery("live")
        seen = articles.c.first_seen_at
        query = sa.select(live.c.lang).select_from(
            live.join(articles, articles.c.id == live.c.article_id))
        if measure is Measure.published:
            published = articles.c.source_published_at
            start: sa.ColumnElement[datetime] = sa.case((published < seen, published), else_=seen)
            query = query.join(sources, sources.c.id == articles.c.source_id).where(
                published.is_not(None), published >= sources.c.created_at, seen.is_not(None))
        else:
            start = seen
            query = query.where(seen.is_not(None))
        if languages is not None:
            query = query.where(live.c.lang.in_(list(languages)))
        delay = _epoch(dialect, live.c.live_at) - _epoch(dialect, start)
        delay = sa.case((delay < 0, 0.0), else_=delay)
        buckets = [sa.func.sum(sa.case((delay <= bound, 1), else_=0)) for bound in BUCKETS_S]
        query = query.add_columns(sa.func.count(), sa.func.sum(delay), *buckets).group_by(
            live.c.lang)
        with self._engine.connect() as conn:
            rows = conn.execute(query).all()
        return {row[0]: Histogram(count=int(row[1]), sum_s=round(float(row[2] or 0.0), 3),
                                  cumulative=tuple(int(n or 0) for n in row[3:]))
                for row in rows}
