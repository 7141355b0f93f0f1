"""What operators watch, read from the pipeline's timestamps: work done per stage and language in
a recent window, how old the oldest waiting work is, what is failing.

These are derived from the tables every mode writes (one process or many Celery workers), so
``bbabo status`` and ``/metrics`` say the same thing whichever mode produced the data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

from bbabo.store.db import Database
from bbabo.store.qaflags import flag_check, flag_elements
from bbabo.store.schema import (
    articles,
    fetch_queue,
    held_translations,
    sources,
    translations,
)
from bbabo.store.translations import TranslationsRepo

__all__ = ["OpsRepo", "Throughput", "Backlog", "History", "HOUR_FORMAT", "Storage"]

# How an hour is named in ``History``: its start in UTC, "2026-12-06T14".
HOUR_FORMAT = "%Y-%m-%dT%H"


@dataclass(frozen=True, slots=True, kw_only=True)
class History:
    """What the pipeline did since ``since``, for the console's charts: articles stored and
    translations made per language and hour (hours named as ``HOUR_FORMAT``, those with
    nothing left out), pages that failed by error code, the sources failing now by code, and
    the QA flags raised on the translations made (published or held) by check."""

    since: datetime
    ingested: dict[str, dict[str, int]] = field(default_factory=dict)
    translated: dict[str, dict[str, int]] = field(default_factory=dict)
    page_failures: dict[str, int] = field(default_factory=dict)
    source_failures: dict[str, int] = field(default_factory=dict)
    qa_flags: dict[str, int] = field(default_factory=dict)


def _hour(column: sa.ColumnElement[datetime], dialect: Dialect) -> sa.ColumnElement[str]:
    """The UTC hour a moment falls in, as ``HOUR_FORMAT`` text, counted by the database."""
    if dialect.name == "sqlite":  # stored as naive UTC text
        return sa.func.strftime(HOUR_FORMAT, column)
    return sa.func.to_char(sa.func.timezone("UTC", column), 'YYYY-MM-DD"T"HH24')


def _by_lang_and_hour(rows: Sequence[sa.Row]) -> dict[str, dict[str, int]]:  # type: ignore[type-arg]
    series: dict[str, dict[str, int]] = {}
    for lang, hour, count in rows:
        series.setdefault(lang, {})[hour] = count
    return series


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


@dataclass(frozen=True, slots=True)
class Storage:
    """How big the database is, and since when it holds articles: what retention
    (``bbabo articles prune``) is decided on."""

    bytes: int | None  # None: the database would not say
    oldest_article_at: datetime | None  # when the oldest stored article was stored


class OpsRepo:
    def __init__(self, engine: Database) -> None:
        self._engine = engine

    def storage(self) -> Storage:
        with self._engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                size = conn.execute(sa.text("SELECT pg_database_size(current_database())"))
            else:  # its pages, those still in the write-ahead log included
                size = conn.execute(sa.text("SELECT page_count * page_size "
                                            "FROM pragma_page_count(), pragma_page_size()"))
            found = size.scalar()
            oldest = conn.execute(sa.select(sa.func.min(articles.c.fetched_at))).scalar()
        return Storage(bytes=int(found) if found is not None else None, oldest_article_at=oldest)

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

    def history(self, since: datetime) -> History:
        """Per hour and language, by error code and by check, since ``since`` (a week for the
        console: every count is done by the database along an index on the time)."""
        with self._engine.connect() as conn:
            dialect = conn.dialect
            stored = _hour(articles.c.fetched_at, dialect)
            ingested = conn.execute(
                sa.select(articles.c.language, stored, sa.func.count())
                .where(articles.c.fetched_at >= since)
                .group_by(articles.c.language, stored)).all()
            made = _hour(translations.c.created_at, dialect)
            translated = conn.execute(
                sa.select(translations.c.lang, made, sa.func.count())
                .where(translations.c.created_at >= since)
                .group_by(translations.c.lang, made)).all()
            pages = conn.execute(
                sa.select(fetch_queue.c.error_code, sa.func.count())
                .where(fetch_queue.c.state == "failed", fetch_queue.c.updated_at >= since)
                .group_by(fetch_queue.c.error_code)).all()
            failing = conn.execute(
                sa.select(sources.c.last_error_code, sa.func.count())
                .where(sources.c.consecutive_failures > 0)
                .group_by(sources.c.last_error_code)).all()
            flags: dict[str, int] = {}
            for table in (translations, held_translations):
                elements = flag_elements(table.c.qa, dialect)
                check = flag_check(elements, dialect)
                for name, count in conn.execute(
                        sa.select(check, sa.func.count()).select_from(table)
                        .join(elements, sa.true()).where(table.c.created_at >= since)
                        .group_by(check)):
                    flags[name or "?"] = flags.get(name or "?", 0) + count
        return History(since=since, ingested=_by_lang_and_hour(ingested),
                       translated=_by_lang_and_hour(translated),
                       page_failures={code or "?": n for code, n in pages},
                       source_failures={code or "?": n for code, n in failing},
                       qa_flags=flags)
