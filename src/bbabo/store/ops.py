"""What operators watch, read from the pipeline's timestamps: work done per stage and language in
a recent window, how old the oldest waiting work is, what is failing.

These are derived from the tables every mode writes (one process or many Celery workers), so
``bbabo status`` and ``/metrics`` say the same thing whichever mode produced the data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from bbabo.store.db import Database
from bbabo.store.schema import articles, fetch_queue, sources, translations
from bbabo.store.translations import TranslationsRepo

__all__ = ["OpsRepo", "Throughput", "Backlog"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Throughput:
    """Work finished since ``since``: sources polled, pages by outcome, articles stored by
    language, translations made by target language."""

    since: datetime
    refreshed: int = 0
    pages: dict[str, int] = field(default_factory=dict)
    ingested: dict[str, int] = field(default_factory=dict)
    translated: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class Backlog:
    """Oldest waiting work: a page not yet ingested, an article lacking a translation."""

    oldest_page: datetime | None
    oldest_untranslated: datetime | None

    def ages_s(self, now: datetime) -> dict[str, float | None]:
        def age(moment: datetime | None) -> float | None:
            return None if moment is None else max(0.0, (now - moment).total_seconds())

        return {"fetch": age(self.oldest_page), "translate": age(self.oldest_untranslated)}


class OpsRepo:
    def __init__(self, engine: Database) -> None:
        self._engine = engine

    def throughput(self, since: datetime) -> Throughput:
        with self._engine.connect() as conn:
            refreshed = conn.execute(sa.select(sa.func.count()).select_from(sources)
                                     .where(sources.c.last_success_at >= since)).scalar_one()
            pages = conn.execute(
                sa.select(fetch_queue.c.state, sa.func.count())
                .where(fetch_queue.c.updated_at >= since, fetch_queue.c.state != "pending")
                .group_by(fetch_queue.c.state)).all()
            ingested = conn.execute(
                sa.select(articles.c.language, sa.func.count())
                .where(articles.c.fetched_at >= since).group_by(articles.c.language)).all()
            translated = conn.execute(
                sa.select(translations.c.lang, sa.func.count())
                .where(translations.c.created_at >= since).group_by(translations.c.lang)).all()
        return Throughput(since=since, refreshed=refreshed, pages=dict(pages),
                          ingested=dict(ingested), translated=dict(translated))

    def backlog(self, targets: Sequence[str]) -> Backlog:
        with self._engine.connect() as conn:
            oldest_page = conn.execute(
                sa.select(sa.func.min(fetch_queue.c.queued_at))
                .where(fetch_queue.c.state == "pending")).scalar_one()
        oldest_untranslated = None
        # The translation stage decides what "untranslated" means (held translations count
        # as done, say): ask it, then date the first article it names.
        first = TranslationsRepo(self._engine).pending(targets, limit=1)
        if first:
            with self._engine.connect() as conn:
                oldest_untranslated = conn.execute(
                    sa.select(articles.c.fetched_at)
                    .where(articles.c.id == first[0].article_id)).scalar_one()
        return Backlog(oldest_page=oldest_page, oldest_untranslated=oldest_untranslated)

    def failing_sources(self) -> int:
        with self._engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(sources)
                                .where(sources.c.consecutive_failures > 0)).scalar_one()
