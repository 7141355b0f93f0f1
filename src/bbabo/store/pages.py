"""The fetch queue: article pages seen in feeds, and what became of each.

This table is the ingest stage's durable state: a restart resumes the pending pages, a page that
failed keeps its reason, and a page that is done is never downloaded again."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from bbabo.model import FeedEntry
from bbabo.store.db import Database
from bbabo.store.schema import UTCDateTime, article_urls, fetch_queue

__all__ = ["PagesRepo", "PendingPage"]

MAX_ATTEMPTS = 3

# Built once: it runs for every ingested page. (A bound parameter may not share a column's name.)
_MARK_DONE = (fetch_queue.update().where(fetch_queue.c.url == sa.bindparam("page_url"))
              .values(state="done", article_id=sa.bindparam("done_article_id", type_=sa.Integer()),
                      error_code=None, error=None, attempts=fetch_queue.c.attempts + 1,
                      updated_at=sa.bindparam("done_at", type_=UTCDateTime()),
                      duplicate_reason=sa.bindparam("done_reason", type_=sa.String())))


@dataclass(frozen=True, slots=True, kw_only=True)
class PendingPage:
    url: str
    source_id: int | None
    attempts: int
    feed_title: str | None
    feed_published_at: datetime | None
    queued_at: datetime | None = None  # when bbabo first saw the page (its feed entry)


class PagesRepo:
    def __init__(self, engine: Database) -> None:
        self._engine = engine

    def enqueue(self, source_id: int, entries: Iterable[FeedEntry], *, now: datetime) -> int:
        """Queue the entries whose URL is neither queued nor known to lead to an article."""
        entries = list({entry.url: entry for entry in entries}.values())
        if not entries:
            return 0
        urls = [entry.url for entry in entries]
        with self._engine.begin() as conn:
            known = set(conn.execute(
                sa.select(fetch_queue.c.url).where(fetch_queue.c.url.in_(urls))).scalars())
            known |= set(conn.execute(
                sa.select(article_urls.c.url).where(article_urls.c.url.in_(urls))).scalars())
            fresh = [entry for entry in entries if entry.url not in known]
            if fresh:
                conn.execute(fetch_queue.insert(), [
                    {"url": e.url, "source_id": source_id, "state": "pending", "attempts": 0,
                     "feed_title": e.title or None, "feed_published_at": e.published_at,
                     "queued_at": now, "updated_at": now}
                    for e in fresh
                ])
        return len(fresh)

    def pending(self, *, limit: int = 1000) -> list[PendingPage]:
        query = (sa.select(fetch_queue).where(fetch_queue.c.state == "pending")
                 .order_by(fetch_queue.c.queued_at, fetch_queue.c.url).limit(limit))
        with self._engine.connect() as conn:
            return [PendingPage(url=r.url, source_id=r.source_id, attempts=r.attempts,
                                feed_title=r.feed_title, feed_published_at=r.feed_published_at,
                                queued_at=r.queued_at)
                    for r in conn.execute(query)]

    def mark_done(self, url: str, *, article_id: int, now: datetime,
                  duplicate_reason: str | None = None) -> None:
        """The page led to ``article_id``; ``duplicate_reason`` says how, if it was a copy."""
        with self._engine.begin() as conn:
            conn.execute(_MARK_DONE, {"page_url": url, "done_article_id": article_id,
                                      "done_at": now, "done_reason": duplicate_reason})

    def get_state(self, url: str) -> tuple[str, str | None, str | None] | None:
        """(state, error code or duplicate reason, error) of a queued page; None if unknown."""
        query = sa.select(fetch_queue.c.state, fetch_queue.c.error_code,
                          fetch_queue.c.duplicate_reason, fetch_queue.c.error).where(
            fetch_queue.c.url == url)
        with self._engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            return None
        return row.state, row.error_code or row.duplicate_reason, row.error

    def mark_failed(self, url: str, *, code: str, message: str, permanent: bool,
                    now: datetime) -> None:
        """Record a failure; a transient one stays pending until MAX_ATTEMPTS failures."""
        state: object = "failed" if permanent else sa.case(
            (fetch_queue.c.attempts + 1 >= MAX_ATTEMPTS, "failed"), else_="pending")
        self._update(url, state=state, error_code=code, error=message[:2000],
                     attempts=fetch_queue.c.attempts + 1, updated_at=now)

    def counts(self) -> dict[str, int]:
        query = sa.select(fetch_queue.c.state, sa.func.count()).group_by(fetch_queue.c.state)
        with self._engine.connect() as conn:
            return {state: count for state, count in conn.execute(query)}

    def failures(self, *, limit: int = 20) -> list[tuple[str, str, str]]:
        """(url, code, message) of the latest failed pages."""
        query = (sa.select(fetch_queue.c.url, fetch_queue.c.error_code, fetch_queue.c.error)
                 .where(fetch_queue.c.state == "failed")
                 .order_by(fetch_queue.c.updated_at.desc()).limit(limit))
        with self._engine.connect() as conn:
            return [(r.url, r.error_code or "", r.error or "") for r in conn.execute(query)]

    def _update(self, url: str, **values: object) -> None:
        with self._engine.begin() as conn:
            conn.execute(fetch_queue.update().where(fetch_queue.c.url == url).values(**values))
