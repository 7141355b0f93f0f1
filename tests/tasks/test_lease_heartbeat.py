"""A running task holds its work with a heartbeat: it claims the leases when it starts, a thread
renews them while it runs, a second copy of it (a broker handing the task out twice) is dropped
without touching the work, and a batch runs only the part no live worker holds."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bbabo.config import Settings
from bbabo.model import ExtractedArticle, LanguageGuess
from bbabo.store import LeaseKind, Store
from bbabo.tasks.celery.app import TRANSLATE_BATCH, create_celery
from bbabo.tasks.celery.context import WorkerContext
from bbabo.tasks.celery.running import LeaseHeartbeat
from bbabo.translate import FakeEngine, Translator

NOW = datetime.now(UTC)


@pytest.fixture
def ctx(store: Store) -> Iterator[WorkerContext]:
    engine = FakeEngine([("en", "de")])
    context = WorkerContext(Settings(database_url="sqlite://")).use(
        store=store, translator=Translator([engine]))
    yield context


@pytest.fixture
def app(ctx: WorkerContext, redis_url: str) -> Iterator[Any]:
    celery = create_celery(Settings(broker_url=redis_url), context=ctx)
    yield celery
    celery.close()


def _articles(store: Store, count: int) -> list[int]:
    ids = []
    for n in range(count):
        article = ExtractedArticle(url=f"https://n.example/{n}", canonical_url=f"https://n.example/{n}",
                                   title=f"Story {n}", paragraphs=("Text.",))
        ids.append(store.articles.save(article, language=LanguageGuess(
            lang="en", confidence=1.0, method="test"), source_id=None, section="news",
            urls=[], now=NOW).article_id)
    return ids


def test_a_copy_of_a_running_task_is_dropped_and_a_batch_runs_its_free_part(
        store: Store, ctx: WorkerContext, app: Any) -> None:
    ids = _articles(store, 3)
    # Another worker runs article 1's translation right now (its heartbeat lease is live).
    store.jobs.claim(LeaseKind.translation, [f"{ids[0]}:de"], owner="elsewhere",
                     until=datetime.now(UTC) + timedelta(seconds=30), now=datetime.now(UTC))
    task = app.tasks[TRANSLATE_BATCH]
    assert task.apply(args=[[ids[0]], "de"]).get() == "running_elsewhere"
    assert store.translations.count_by_language() == {}
    assert task.apply(args=[ids, "de"]).get() == "done"
    # Only the two it could claim were translated; the other worker's lease is untouched.
    assert store.translations.count_by_language() == {"de": 2}
    assert store.jobs.live_keys(LeaseKind.translation, [f"{i}:de" for i in ids],
                                now=datetime.now(UTC)) == {f"{ids[0]}:de"}


def test_the_heartbeat_renews_while_the_work_runs_and_stops_after(store: Store) -> None:
    clock = [NOW]
    store.jobs.claim(LeaseKind.page, ["p"], owner="me", until=NOW + timedelta(seconds=30),
                     now=NOW)
    beats = threading.Event()
    original = store.jobs.renew

    def renew(*args: Any, **kwargs: Any) -> int:
        beats.set()
        return original(*args, **kwargs)

    store.jobs.renew = renew  # type: ignore[method-assign]
    with LeaseHeartbeat(store.jobs, [(LeaseKind.page, "p")], owner="me", clock=lambda: clock[0],
                   every=timedelta(seconds=0.05)):
        clock[0] = NOW + timedelta(minutes=10)  # the task runs long
        assert beats.wait(5)
        time.sleep(0.2)
    assert store.jobs.live_keys(LeaseKind.page, ["p"], now=NOW + timedelta(minutes=10)) == {"p"}
    beats.clear()
    time.sleep(0.2)
    assert not beats.is_set()  # stopped with the task
    assert store.jobs.live_keys(LeaseKind.page, ["p"], now=NOW + timedelta(minutes=11)) == set()
