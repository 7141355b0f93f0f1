"""The broker itself dies: a private ``redis-server`` (append-only file, fsync always, as
``docs/deployment.md`` asks of a production Redis) is SIGKILLed while a real worker is in the
middle of the crawl, and started again on the same port a few seconds later. The worker is
not restarted: it reconnects by itself, and in the end every article is stored once and
translated once, with the right text.

Only this test's own Redis goes down; the machine's shared Redis, RabbitMQ and PostgreSQL are
left alone (PostgreSQL only gets a fresh database, as in ``test_cluster.py``)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
import sqlalchemy as sa

from bbabo.config import Settings
from bbabo.store import Store
from bbabo.store.schema import articles, translations
from bbabo.tasks.celery.app import create_celery, survive_broker_restarts
from bbabo.tasks.celery.broker import workers_alive
from bbabo.tasks.celery.context import utcnow

from .cluster import (
    Cluster,
    RedisServer,
    SchedulerThread,
    idle,
    pipeline_counts,
    wait_until,
)
from .synthetic_site import serve_corpus, story_title

# Real workers on a shared 2-core machine: generous bounds, never reached when all is well.
pytestmark = [pytest.mark.postgres, pytest.mark.timeout(300)]

ARTICLES = 10
OUTAGE_S = 4.0


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path / "redis")
    server.start()
    yield server
    server.stop()


def _idle(app: Any, server: RedisServer) -> bool:
    """``idle`` on the test's own broker, which may be down."""
    client = redis.Redis.from_url(server.url, socket_connect_timeout=1)
    try:
        return idle(app, client)
    except redis.exceptions.RedisError:
        return False
    finally:
        client.close()


def _answers(server: RedisServer, name: str) -> bool:
    """Whether the worker ``name`` answers a ping (asked over a new connection: those the
    test's own app pooled before the restart are dead)."""
    app = create_celery(Settings(broker_url=server.url))
    try:
        return name in workers_alive(app, timeout_s=0.5)
    except (redis.exceptions.RedisError, OSError):
        return False
    finally:
        app.close()


def _stored_texts(store: Store) -> dict[str, tuple[str, list[str]]]:
    """Article URL -> (its stored title, the titles of its translations)."""
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(articles.c.id, articles.c.url, articles.c.title)).all()
        versions = conn.execute(sa.select(translations.c.article_id, translations.c.lang,
                                          translations.c.title)).all()
    found = {row.url: (row.title, [v.title for v in versions if v.article_id == row.id])
             for row in rows}
    assert all(v.lang == "de" for v in versions)
    return found


def test_worker_rides_out_a_broker_killed_and_restarted(
        tmp_path: Path, fakeweb, pg_store: Store, postgres_url: str,  # type: ignore[no-untyped-def]
        broker: RedisServer) -> None:
    app = create_celery(Settings(broker_url=broker.url))
    cluster = Cluster(tmp_path, database_url=postgres_url, broker_url=broker.url)
    # Slow pages: the worker is in the middle of fetches when its broker goes away.
    feed = serve_corpus(fakeweb, ARTICLES, prefix="/restart", delay_s=0.5)
    pg_store.sources.add(url=feed, now=utcnow())
    ticking = SchedulerThread(pg_store, app, batch_articles=4)
    worker = cluster.start_worker(app)
    ticking.start()
    try:
        wait_until(lambda: pipeline_counts(pg_store)["articles"] >= 2, timeout_s=60,
                   what="two articles")
        broker.kill()
        at_kill = pipeline_counts(pg_store)
        assert at_kill["articles"] < ARTICLES  # killed mid-run
        # The outage: the worker keeps running (it finishes what it holds, cannot ack it).
        deadline = time.monotonic() + OUTAGE_S
        while time.monotonic() < deadline:
            assert worker.poll() is None, cluster.log(worker)
            time.sleep(0.2)
        broker.start()  # same port, same append-only file
        restarted = utcnow().isoformat()
        wait_until(lambda: _answers(broker, worker.name), timeout_s=60,
                   what="the same worker answering a ping again")
        wait_until(lambda: pipeline_counts(pg_store)["translations"] == ARTICLES
                   and _idle(app, broker), timeout_s=90,
                   what="every article stored and translated after the restart")
        ticking.stop()
        assert worker.poll() is None  # never restarted: the process that started is the one
        assert pipeline_counts(pg_store) == {"articles": ARTICLES, "canonical": ARTICLES,
                                     "translations": ARTICLES, "translated": ARTICLES,
                                     "pages": {"done": ARTICLES}}
        assert pg_store.jobs.live(now=utcnow()) == {}
        texts = _stored_texts(pg_store)
        for index in range(ARTICLES):
            title, versions = texts[f"{fakeweb.base_url}/restart/a/{index}.html"]
            assert title == story_title(index)
            assert len(versions) == 1 and versions[0].strip()
    finally:
        ticking.stop()
        output = cluster.stop(worker) if worker.poll() is None else cluster.log(worker)
        app.close()
    records = cluster.records(worker)
    # No task taken for a bug, nothing fatal. The tracebacks allowed are Celery's own reports
    # of what the lost connection could not carry: an acknowledgement, or the retry of a task
    # that found Redis gone; both messages stay in Redis and are handed out again.
    assert not [r for r in records if r["level"] == "critical" and
                not r["message"].startswith("Couldn't ack")], output
    assert not [r for r in records if r["logger"] == "bbabo.tasks.celery.app"
                and r["level"] == "error"], output
    assert not [r for r in records if "Traceback" in json.dumps(r)
                and not r["message"].startswith("Couldn't ack")
                and "reject requeue=False" not in r["message"]], output
    # The worker noticed the outage, and took tasks from the restarted broker by itself.
    assert any(r["message"].startswith("consumer: Connection to broker lost")
               for r in records)
    assert any(r["message"].startswith("consumer: Cannot connect to redis") for r in records)
    assert any(r["time"] > restarted and r["message"].endswith(" received")
               for r in records)


def test_closing_a_connection_detached_after_a_broker_loss_is_a_connection_error(
        redis_url: str) -> None:
    """What made a worker exit on a broker restart, without the race: Celery collects a lost
    connection (which detaches kombu's Redis transport from it) and then closes it, and the
    close puts the tasks in hand back in their queue. kombu raised AttributeError there;
    ``survive_broker_restarts`` turns it into the connection error that every caller handles."""
    from kombu import Connection, Exchange, Queue

    survive_broker_restarts()
    with Connection(redis_url) as conn:
        queue = Queue("bbabo-guard", Exchange("bbabo-guard"), "guard")(conn.default_channel)
        queue.declare()
        conn.Producer().publish({"n": 1}, exchange=queue.exchange, routing_key="guard",
                                declare=[queue])
        assert queue.get(no_ack=False) is not None  # a task in hand, not acknowledged
        channel = conn.default_channel
        conn._do_close_transport()  # what Connection.collect leaves behind
        with pytest.raises(redis.exceptions.ConnectionError):
            channel._connparams()
        conn.close()  # the channel's close is quietly cut short, as for any connection error
    client = redis.Redis.from_url(redis_url)
    assert client.hlen("unacked") == 1  # still in Redis: handed out again after the timeout
    client.close()
