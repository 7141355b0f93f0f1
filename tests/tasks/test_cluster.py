"""Real Celery workers on the machine's Redis and a fresh PostgreSQL database, fed by the real
scheduler: a worker SIGKILLed mid-task and the database's connections dropped, then a restart,
and every article is stored once and translated once; every task delivered again changes
nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import redis
import sqlalchemy as sa

from bbabo.config import Settings
from bbabo.model import FeedEntry
from bbabo.store import Store, open_store
from bbabo.store.schema import articles, fetch_queue
from bbabo.tasks.celery.app import (
    INGEST_PAGE,
    QUEUES,
    REFRESH_SOURCE,
    TRANSLATE_BATCH,
    broker_report,
    create_celery,
)
from bbabo.tasks.celery.broker import CelerySender, queue_depths
from bbabo.tasks.celery.context import utcnow
from bbabo.tasks.celery.scheduler import Scheduler

from .cluster import Cluster, SchedulerThread, idle, pipeline_counts, wait_until
from .synthetic_site import serve_corpus

# Real workers on a shared 2-core machine: generous bounds, never reached when all is well.
pytestmark = [pytest.mark.postgres, pytest.mark.timeout(300)]

ARTICLES = 8


@pytest.fixture
def celery_app(redis_url: str) -> Iterator[Any]:
    app = create_celery(Settings(broker_url=redis_url))
    yield app
    app.close()  # its broker connections


def _drop_connections(postgres_url: str) -> None:
    name = postgres_url.rsplit("/", 1)[1]
    admin = sa.create_engine(postgres_url.rsplit("/", 1)[0] + "/postgres")
    with admin.connect() as conn:
        conn.execute(sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                             "WHERE datname = :name AND pid <> pg_backend_pid()"), {"name": name})
    admin.dispose()


def test_killed_worker_and_dropped_database_lose_and_repeat_nothing(
        tmp_path: Path, fakeweb, pg_store: Store, postgres_url: str,  # type: ignore[no-untyped-def]
        redis_url: str, redis_client: redis.Redis, celery_app: Any) -> None:
    cluster = Cluster(tmp_path, database_url=postgres_url, broker_url=redis_url)
    # Slow pages: a worker is always in the middle of a fetch when it is killed.
    pg_store.sources.add(url=serve_corpus(fakeweb, ARTICLES, delay_s=0.3), now=utcnow())
    ticking = SchedulerThread(pg_store, celery_app, batch_articles=4)
    worker = cluster.start_worker(celery_app)
    ticking.start()
    try:
        wait_until(lambda: pipeline_counts(pg_store)["articles"] >= 3, timeout_s=30,
                   what="three articles")
        cluster.kill(worker)
        assert pipeline_counts(pg_store)["articles"] < ARTICLES  # killed mid-run
        _drop_connections(postgres_url)  # the scheduler's too: it must carry on
        worker = cluster.start_worker(celery_app)
        broker = broker_report(Settings(broker_url=redis_url, target_languages=("de",)))
        assert broker["reachable"] and broker["workers"] == [worker.name]
        wait_until(lambda: pipeline_counts(pg_store)["translations"] == ARTICLES
                   and idle(celery_app, redis_client), timeout_s=150,
                   what="every article stored and translated")
        _drop_connections(postgres_url)
        ticking.stop()
        done = pipeline_counts(pg_store)
        assert done == {"articles": ARTICLES, "canonical": ARTICLES,
                        "translations": ARTICLES, "translated": ARTICLES,
                        "pages": {"done": ARTICLES}}
        assert pg_store.jobs.live(now=utcnow()) == {}  # every lease given back

        # Every task delivered once more: nothing changes and nothing is downloaded again.
        fetched = len([r for r in fakeweb.requests if "/a/" in r.path])
        sender = CelerySender(celery_app)
        with pg_store.engine.connect() as conn:
            urls = list(conn.execute(sa.select(fetch_queue.c.url)).scalars())
            ids = list(conn.execute(sa.select(articles.c.id)).scalars())
        sender.send_many(REFRESH_SOURCE, [[pg_store.sources.list()[0].id]])
        sender.send_many(INGEST_PAGE, [[url] for url in urls])
        sender.send_many(TRANSLATE_BATCH, [[ids, "de"]])
        wait_until(lambda: idle(celery_app, redis_client), timeout_s=30, what="redeliveries")
        assert pipeline_counts(pg_store) == done
        assert len([r for r in fakeweb.requests if "/a/" in r.path]) == fetched
    finally:
        ticking.stop()
        output = cluster.stop(worker) if worker.poll() is None else cluster.log(worker)
    assert "Traceback" not in output, output
    records = cluster.records(worker)  # --log-format json reaches Celery's lines too
    assert any(r["logger"].startswith("celery") for r in records)
    assert any(r.get("article_id") for r in records)


# A killed worker on RabbitMQ: tests/tasks/test_recovery.py (two workers, one killed).


def test_a_broker_that_lost_its_queues_gets_the_work_again(
        sqlite_url: str, redis_client: redis.Redis, celery_app: Any) -> None:
    """Redis here keeps nothing on disk: a restart empties every queue. The leases run out and
    the scheduler sends the same work again, from the database."""
    store = open_store(sqlite_url)
    clock = [datetime.now(UTC)]
    store.sources.add(url="https://news.example/feed.xml", now=clock[0])
    store.pages.enqueue(1, [FeedEntry(url=f"https://news.example/{i}", title="t",
                                      published_at=None, summary=None) for i in range(3)],
                        now=clock[0])
    scheduler = Scheduler(store=store, sender=CelerySender(celery_app), targets=("de",),
                          clock=lambda: clock[0])
    try:
        assert (scheduler.tick().sent, queue_depths(celery_app, QUEUES)) == (
            4, {"crawl": 1, "fetch": 3, "translate": 0, "publish": 0, "stories": 0})
        redis_client.flushdb()  # the broker restarted empty
        redis_client.set("bbabo:test:claimed", "1", ex=3600)  # still ours (tests/brokers.py)
        assert scheduler.tick().sent == 0  # leased: the scheduler believes it is queued
        clock[0] += timedelta(minutes=16)  # past the 15-minute leases
        assert scheduler.tick().sent == 4
        assert queue_depths(celery_app, QUEUES) == {"crawl": 1, "fetch": 3, "translate": 0,
                                                    "publish": 0, "stories": 0}
    finally:
        store.close()
