"""Task leases: which pieces of work are out with a crawl or the Celery workers right now.

The scheduler takes a lease before it enqueues a task and the task gives it back when it is done,
so work that is queued or running is not enqueued again; a lease that runs out (the worker was
killed, the broker lost its queue) makes the work eligible again. A crawl claims the pending
pages it will fetch the same way (``claim_pages``), so two crawls, or a crawl and the workers,
split the pages instead of fetching each twice; a page that failed for now stays leased while
it backs off (``back_off``). Leases are only about
transport: whether a page is ingested or an article translated is read from the pipeline's own
tables, which is what makes a redelivered task harmless.

A lease has two lengths. While the task waits in a queue it is long (minutes: the queue may be
deep) and has no owner. When a worker starts the task it *claims* the lease: the lease is then
its own (``owner``) and short (half a minute), renewed every few seconds by a heartbeat while
the task runs. A killed worker stops renewing, so its work is free again within the short
lease, and the scheduler sends it to another worker.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from bbabo.store.db import Database
from bbabo.store.pages import PendingPage
from bbabo.store.schema import fetch_queue, task_leases

__all__ = ["JobsRepo", "LeaseKind"]


class LeaseKind(StrEnum):
    """What a lease is for; its value is the ``task_leases.kind`` column."""

    source = "source"  # key: a source id, polled by bbabo.refresh_source
    page = "page"  # key: a page URL, ingested by bbabo.ingest_page
    translation = "translation"  # key: "article_id:lang", in a bbabo.translate_batch
    publish = "publish"  # key: "site", the one pass over the static site (bbabo.publish)
    stories = "stories"  # key: "all", the one stories pass at a time (bbabo.place_stories)

# Keys per statement: well under SQLite's bound-parameter limit (32766) and PostgreSQL's (65535).
_CHUNK = 500


class JobsRepo:
    def __init__(self, engine: Database) -> None:
        self._engine = engine

    def lease(self, kind: LeaseKind, keys: Iterable[str], *, until: datetime,
              now: datetime) -> list[str]:
        """Lease every key that holds no live lease; return those leased, in the given order.

        One atomic upsert per chunk, so two schedulers never both get the same key."""
        wanted = list(dict.fromkeys(keys))
        taken: set[str] = set()
        with self._engine.begin() as conn:
            for start in range(0, len(wanted), _CHUNK):
                rows = [{"kind": kind, "key": key, "leased_until": until, "failures": 0}
                        for key in wanted[start:start + _CHUNK]]
                insert = self._insert()
                statement = insert.values(rows).on_conflict_do_update(
                    index_elements=[task_leases.c.kind, task_leases.c.key],
                    set_={"leased_until": insert.excluded.leased_until, "owner": None},
                    where=task_leases.c.leased_until <= now,
                ).returning(task_leases.c.key)
                taken.update(conn.execute(statement).scalars())
        return [key for key in wanted if key in taken]

    def claim(self, kind: LeaseKind, keys: Iterable[str], *, owner: str, until: datetime,
              now: datetime) -> list[str]:
        """A worker starts the work: make the lease of each key ``owner``'s until ``until``,
        unless another owner holds it live (the same work is running there: a broker handed
        the task out twice). Returns the keys claimed, in the given order."""
        wanted = list(dict.fromkeys(keys))
        taken: set[str] = set()
        with self._engine.begin() as conn:
            for start in range(0, len(wanted), _CHUNK):
                insert = self._insert()
                statement = insert.values([
                    {"kind": kind, "key": key, "leased_until": until, "failures": 0,
                     "owner": owner} for key in wanted[start:start + _CHUNK]]
                ).on_conflict_do_update(
                    index_elements=[task_leases.c.kind, task_leases.c.key],
                    set_={"leased_until": until, "owner": owner},
                    where=sa.or_(task_leases.c.owner.is_(None), task_leases.c.owner == owner,
                                 task_leases.c.leased_until <= now),
                ).returning(task_leases.c.key)
                taken.update(conn.execute(statement).scalars())
        return [key for key in wanted if key in taken]

    def renew(self, kind: LeaseKind, keys: Sequence[str], *, owner: str,
              until: datetime) -> int:
        """The heartbeat of running work: push ``owner``'s leases to ``until``. Leases given
        back or handed over meanwhile are left alone."""
        renewed = 0
        with self._engine.begin() as conn:
            for start in range(0, len(keys), _CHUNK):
                renewed += conn.execute(task_leases.update().where(
                    task_leases.c.kind == kind, task_leases.c.owner == owner,
                    task_leases.c.key.in_(keys[start:start + _CHUNK])
                ).values(leased_until=until)).rowcount
        return renewed

    def release(self, kind: LeaseKind, keys: Sequence[str]) -> None:
        """The work is done (or failed for good): it may be enqueued again when due."""
        with self._engine.begin() as conn:
            for start in range(0, len(keys), _CHUNK):
                conn.execute(task_leases.delete().where(
                    task_leases.c.kind == kind,
                    task_leases.c.key.in_(keys[start:start + _CHUNK])))

    def back_off(self, kind: LeaseKind, key: str, *, now: datetime, base_s: float,
                 max_s: float) -> datetime:
        """Keep ``key`` leased for an exponentially growing pause after a failure."""
        with self._engine.begin() as conn:
            failures = conn.execute(sa.select(task_leases.c.failures).where(
                task_leases.c.kind == kind, task_leases.c.key == key)).scalar() or 0
            until = now + timedelta(seconds=min(base_s * 2 ** failures, max_s))
            insert = self._insert()
            conn.execute(insert.values(kind=kind, key=key, leased_until=until, failures=1)
                         .on_conflict_do_update(
                             index_elements=[task_leases.c.kind, task_leases.c.key],
                             set_={"leased_until": until, "owner": None,
                                   "failures": task_leases.c.failures + 1}))
        return until

    def hold(self, kind: LeaseKind, keys: Sequence[str], *, until: datetime) -> None:
        """Lease ``keys`` until ``until`` whatever they held (work nobody can do for now)."""
        if not keys:
            return
        with self._engine.begin() as conn:
            for start in range(0, len(keys), _CHUNK):
                insert = self._insert()
                conn.execute(insert.values([
                    {"kind": kind, "key": key, "leased_until": until, "failures": 0}
                    for key in keys[start:start + _CHUNK]]).on_conflict_do_update(
                        index_elements=[task_leases.c.kind, task_leases.c.key],
                        set_={"leased_until": until, "owner": None}))

    def live_keys(self, kind: LeaseKind, keys: Sequence[str], *, now: datetime) -> set[str]:
        """Those of ``keys`` holding a live lease."""
        found: set[str] = set()
        with self._engine.connect() as conn:
            for start in range(0, len(keys), _CHUNK):
                found.update(conn.execute(sa.select(task_leases.c.key).where(
                    task_leases.c.kind == kind, task_leases.c.leased_until > now,
                    task_leases.c.key.in_(keys[start:start + _CHUNK]))).scalars())
        return found

    def live(self, *, now: datetime) -> dict[str, int]:
        """Live leases per kind: work queued or running."""
        query = (sa.select(task_leases.c.kind, sa.func.count())
                 .where(task_leases.c.leased_until > now).group_by(task_leases.c.kind))
        with self._engine.connect() as conn:
            return {kind: count for kind, count in conn.execute(query)}

    def purge(self, *, now: datetime) -> int:
        """Forget expired leases (the work they named is eligible either way)."""
        with self._engine.begin() as conn:
            return conn.execute(task_leases.delete().where(
                task_leases.c.leased_until <= now, task_leases.c.failures == 0)).rowcount

    def pending_page(self, url: str) -> PendingPage | None:
        """The page at ``url`` if it still waits to be ingested (else it was done or failed)."""
        query = sa.select(fetch_queue).where(fetch_queue.c.url == url,
                                             fetch_queue.c.state == "pending")
        with self._engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            return None
        return PendingPage(url=row.url, source_id=row.source_id, attempts=row.attempts,
                           feed_title=row.feed_title, feed_published_at=row.feed_published_at,
                           queued_at=row.queued_at)

    def unleased_pages(self, *, now: datetime, limit: int) -> list[str]:
        """URLs of pending pages holding no live lease, oldest first."""
        lease = task_leases.alias("lease")
        query = (sa.select(fetch_queue.c.url)
                 .outerjoin(lease, sa.and_(lease.c.kind == LeaseKind.page,
                                           lease.c.key == fetch_queue.c.url,
                                           lease.c.leased_until > now))
                 .where(fetch_queue.c.state == "pending", lease.c.key.is_(None))
                 .order_by(fetch_queue.c.queued_at, fetch_queue.c.url).limit(limit))
        with self._engine.connect() as conn:
            return list(conn.execute(query).scalars())

    def claim_pages(self, *, now: datetime, until: datetime, limit: int) -> list[PendingPage]:
        """Lease up to ``limit`` pending pages that hold no live lease, oldest first, and return
        them: each is claimed by one caller, whoever else asks at the same moment."""
        urls = self.lease(LeaseKind.page, self.unleased_pages(now=now, limit=limit),
                          until=until, now=now)
        found: dict[str, PendingPage] = {}
        with self._engine.connect() as conn:
            for start in range(0, len(urls), _CHUNK):
                query = sa.select(fetch_queue).where(
                    fetch_queue.c.url.in_(urls[start:start + _CHUNK]),
                    fetch_queue.c.state == "pending")
                for row in conn.execute(query):
                    found[row.url] = PendingPage(
                        url=row.url, source_id=row.source_id, attempts=row.attempts,
                        feed_title=row.feed_title, feed_published_at=row.feed_published_at)
        # A page done or failed between the two statements is left out (its lease runs out).
        return [found[url] for url in urls if url in found]

    def _insert(self) -> postgresql.Insert | sqlite.Insert:
        if self._engine.dialect.name == "postgresql":
            return postgresql.insert(task_leases)
        return sqlite.insert(task_leases)
