"""Recovery counts as freshness: two real Celery workers on PostgreSQL, one SIGKILLed while it
holds work; the work it held goes to the other worker and the last article is stored and
translated within 60 s of the kill, on Redis (with its production visibility timeout, five
minutes: the heartbeat leases do it, not the broker) and on RabbitMQ (which puts the killed
worker's messages back at once; their copies find the work held, and the lease brings it back).
Every article is stored once and translated once, and every lease is given back."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from bbabo.config import Settings
from bbabo.store import Store
from bbabo.store.schema import task_leases
from bbabo.tasks.celery.app import create_celery

from .cluster import Cluster, SchedulerThread, pipeline_counts, wait_until
from .synthetic_site import serve_corpus

pytestmark = [pytest.mark.postgres, pytest.mark.timeout(300)]

ARTICLES = 5


def _owned_leases(store: Store) -> int:
    with store.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(task_leases)
                            .where(task_leases.c.owner.is_not(None))).scalar_one()


@pytest.mark.parametrize("broker", ["redis", "rabbitmq"])
def test_a_killed_workers_work_is_done_by_another_within_a_minute(
        broker: str, request: pytest.FixtureRequest, tmp_path: Path, fakeweb,  # type: ignore[no-untyped-def]
        pg_store: Store, postgres_url: str) -> None:
    broker_url = request.getfixturevalue(f"{broker}_url")
    app: Any = create_celery(Settings(broker_url=broker_url))
    cluster = Cluster(tmp_path, database_url=postgres_url, broker_url=broker_url,
                      visibility_timeout_s=300)
    # Slow pages: each worker is in the middle of one when the first is killed.
    pg_store.sources.add(url=serve_corpus(fakeweb, ARTICLES, prefix=f"/{broker}", delay_s=1.0),
                         now=cluster_now())
    victim, survivor = cluster.start_workers(app, 2, concurrency=1)
    ticking = SchedulerThread(pg_store, app, batch_articles=4)
    ticking.start()
    try:
        wait_until(lambda: pipeline_counts(pg_store)["articles"] >= 1
                   and _owned_leases(pg_store) >= 2, timeout_s=60,
                   what="both workers holding work")
        cluster.kill(victim)
        killed = time.monotonic()
        assert pipeline_counts(pg_store)["translations"] < ARTICLES
        wait_until(lambda: pipeline_counts(pg_store)["translations"] == ARTICLES,
                   timeout_s=120, what="every article stored and translated")
        recovered_s = time.monotonic() - killed
    finally:
        ticking.stop()
        output = cluster.stop(survivor) if survivor.poll() is None else cluster.log(survivor)
        app.close()
    print(f"{broker}: recovered {recovered_s:.1f} s after the kill")
    assert recovered_s < 60, f"the last article appeared {recovered_s:.0f} s after the kill"
    assert pipeline_counts(pg_store) == {"articles": ARTICLES, "canonical": ARTICLES,
                                         "translations": ARTICLES, "translated": ARTICLES,
                                         "pages": {"done": ARTICLES}}
    assert pg_store.jobs.live(now=cluster_now()) == {}  # every lease given back
    assert "Traceback" not in output, output


def cluster_now() -> Any:
    from bbabo.tasks.celery.context import utcnow

    return utcnow()
