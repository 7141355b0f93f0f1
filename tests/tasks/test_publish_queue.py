"""The publish queue with real workers: one worker crawls, fetches and translates, another
takes only ``publish`` (as on the machine that holds the static site), and the scheduler sends
publish passes as articles and translations are stored. The static site ends up with every
article in every language, byte for byte what the app serves; passes delivered again rewrite
nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import redis
import sqlalchemy as sa

from bbabo.config import Settings
from bbabo.pipeline.publish import MARK_FILE
from bbabo.publish.writer import file_for
from bbabo.store import Store
from bbabo.store.schema import translations
from bbabo.tasks.celery.app import PUBLISH_SITE, create_celery
from bbabo.tasks.celery.broker import CelerySender
from bbabo.tasks.celery.context import utcnow
from bbabo.web.app import create_app

from .cluster import Cluster, SchedulerThread, idle, wait_until
from .synthetic_site import serve_corpus, story_title

# Real workers on a shared 2-core machine: generous bounds, never reached when all is well.
pytestmark = [pytest.mark.postgres, pytest.mark.timeout(300)]

ARTICLES = 4
BASE = "https://news.example.org"


def _published_version(site: Path) -> int | None:
    try:
        return int(json.loads((site / MARK_FILE).read_text())["version"])
    except (OSError, ValueError, KeyError):
        return None


def _files(site: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(site)): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in site.rglob("*") if p.is_file() and not p.name.startswith(".")}


def _translated(store: Store) -> dict[int, str]:
    with store.engine.connect() as conn:
        return dict(conn.execute(sa.select(translations.c.article_id, translations.c.title)).all())


def test_a_publish_worker_keeps_the_static_site_current(
        tmp_path: Path, fakeweb, pg_store: Store, postgres_url: str,  # type: ignore[no-untyped-def]
        redis_url: str, redis_client: redis.Redis) -> None:
    site = tmp_path / "site"
    app = create_celery(Settings(broker_url=redis_url))
    cluster = Cluster(tmp_path, database_url=postgres_url, broker_url=redis_url)
    cluster.env.update({"BBABO_EXPORT_DIR": str(site), "BBABO_EXPORT_BASE_URL": BASE})
    pg_store.sources.add(url=serve_corpus(fakeweb, ARTICLES, prefix="/pub"), now=utcnow())
    ticking = SchedulerThread(pg_store, app, batch_articles=4, publish=True)
    pipeline = cluster.start_worker(app, queues="crawl,fetch,translate")
    publisher = cluster.start_worker(app, concurrency=1, queues="publish")
    ticking.start()
    try:
        wait_until(lambda: len(_translated(pg_store)) == ARTICLES
                   and _published_version(site) == pg_store.changes.data_version()
                   and not pg_store.jobs.live(now=utcnow())
                   and idle(app, redis_client), timeout_s=90,
                   what="every article translated and published")
        ticking.stop()

        # The live site at the address the copy is made for.
        live = create_app(Settings(target_languages=("de",), public_url=BASE), pg_store,
                          page_cache=False)
        titles = _translated(pg_store)
        home = (site / "de/index.html").read_text()
        for article in pg_store.articles.iter_all():
            for lang in ("en", "de"):
                title = article.title if lang == "en" else titles[article.id]
                assert title in home or lang == "en"
                pages = list(site.glob(f"{lang}/news/{article.id}-*.html"))
                assert len(pages) == 1, (lang, article.id)
                assert title in pages[0].read_text()
            assert article.title in {story_title(i) for i in range(ARTICLES)}
        for path in ("/de/", "/de/feed.xml", "/sitemaps/de.xml"):
            assert (site / file_for(path)).read_bytes() == _served(live, path), path

        # Passes delivered again (a redelivery, a duplicate send): nothing is rewritten.
        before = _files(site)
        CelerySender(app).send_many(PUBLISH_SITE, [[], []])
        wait_until(lambda: idle(app, redis_client) and _results(publisher).count(
            "unchanged") >= 2, timeout_s=30, what="the repeated passes")
        assert _files(site) == before
    finally:
        ticking.stop()
        outputs = [cluster.stop(w) if w.poll() is None else cluster.log(w)
                   for w in (pipeline, publisher)]
        app.close()
    for output in outputs:
        assert "Traceback" not in output, output
    # Routing: the publish passes ran on the publish worker, and only there.
    assert "full" in _results(publisher) and "updated" in _results(publisher)
    assert not [r for r in cluster.records(pipeline) if "bbabo.publish" in r["message"]]


def _results(worker: Any) -> list[str]:
    """What the worker's bbabo.publish tasks returned, in order."""
    return [r["message"].rsplit("'", 2)[-2] for r in Cluster.records(worker)
            if r["message"].startswith("Task bbabo.publish[") and "succeeded" in r["message"]]


def _served(app: Any, path: str) -> bytes:
    import asyncio

    import httpx

    async def get() -> bytes:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=BASE) as http:
            return (await http.get(path)).content

    return asyncio.run(get())
