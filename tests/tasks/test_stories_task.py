"""Stories in cluster mode: the scheduler sends one ``bbabo.place_stories`` pass at a time
(one lease), and only when articles wait for a story; the task body gives the lease back, or
holds it an hour on a worker without the embedder."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bbabo.config import Settings
from bbabo.embed import HashingEmbedder
from bbabo.errors import EmbedderMissing
from bbabo.model import ExtractedArticle, LanguageGuess
from bbabo.pipeline.stories import StoryKeeper
from bbabo.store import Store
from bbabo.store.jobs import LeaseKind
from bbabo.stories import FEATURES, ScoreModel, StoryOptions
from bbabo.tasks.celery.app import PLACE_STORIES, QUEUES, ROUTES
from bbabo.tasks.celery.context import WorkerContext
from bbabo.tasks.celery.jobs import ALL_STORIES, run_place_stories
from bbabo.tasks.celery.scheduler import Scheduler, SchedulerConfig

from .test_scheduler import RecordingSender

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def _article(store: Store, n: int) -> int:
    article = ExtractedArticle(url=f"https://news.example/{n}",
                               canonical_url=f"https://news.example/{n}", title=f"Report {n}",
                               paragraphs=(f"Something happened, number {n}.",), published_at=NOW)
    return store.articles.save(article, language=LanguageGuess(lang="en", confidence=1.0,
                                                                method="test"),
                               source_id=None, section="news", urls=[], now=NOW).article_id


def _keeper(store: Store, embedder: Any = None) -> StoryKeeper:
    embedder = embedder or HashingEmbedder()
    model = ScoreModel(features=FEATURES, weights=(40.0, 0, 0, 0, 0, 0), intercept=-38.0,
                       threshold=0.5, merge_threshold=0.99, embedder=embedder.model_id)
    return StoryKeeper(store=store, embedder=embedder, options=StoryOptions(model=model),
                       clock=lambda: NOW)


@pytest.fixture
def ctx(store: Store) -> Iterator[WorkerContext]:
    yield WorkerContext(Settings(database_url="sqlite://"), clock=lambda: NOW).use(
        store=store, stories=_keeper(store))


def test_stories_have_their_own_queue() -> None:
    assert ROUTES[PLACE_STORIES] == "stories" and "stories" in QUEUES


def test_one_stories_pass_at_a_time_and_only_when_articles_wait(store: Store) -> None:
    sender = RecordingSender()
    clock = [NOW]
    scheduler = Scheduler(store=store, sender=sender, targets=(), clock=lambda: clock[0],
                          config=SchedulerConfig())
    assert scheduler.tick().stories == 0  # nothing to place
    _article(store, 1)
    assert scheduler.tick().stories == 1
    _article(store, 2)
    assert scheduler.tick().stories == 0  # the pass out there places this one too
    store.jobs.release(LeaseKind.stories, [ALL_STORIES])
    sender.queue_depths = {"stories": 1}
    assert scheduler.tick().stories == 0  # still queued
    sender.queue_depths = {}
    assert scheduler.tick().stories == 1
    assert sender.named(PLACE_STORIES) == [[], []]
    clock[0] += timedelta(hours=1)  # a lost pass: its lease runs out
    assert scheduler.tick().stories == 1
    off = Scheduler(store=store, sender=RecordingSender(), targets=(), clock=lambda: clock[0],
                    config=SchedulerConfig(stories=False))
    store.jobs.release(LeaseKind.stories, [ALL_STORIES])
    assert off.tick().stories == 0


def test_the_pass_places_everything_and_gives_the_lease_back(store: Store,
                                                              ctx: WorkerContext) -> None:
    ids = [_article(store, n) for n in range(3)]
    store.jobs.lease(LeaseKind.stories, [ALL_STORIES], until=NOW + timedelta(hours=1), now=NOW)
    assert run_place_stories(ctx) == "done"
    assert set(store.stories.of_articles(ids)) == set(ids)
    assert store.jobs.live(now=NOW) == {}
    assert run_place_stories(ctx) == "done"  # delivered twice: nothing more happens
    assert store.stories.count() == 3


def test_a_worker_without_the_embedder_holds_the_work_an_hour(store: Store) -> None:
    class Missing(HashingEmbedder):
        def embed(self, texts: Any) -> Any:
            raise EmbedderMissing("the multilingual embedder is not installed")

    ctx = WorkerContext(Settings(database_url="sqlite://"), clock=lambda: NOW).use(
        store=store, stories=_keeper(store, Missing()))
    _article(store, 1)
    assert run_place_stories(ctx) == "no_embedder"
    assert store.jobs.live(now=NOW + timedelta(minutes=59)) == {"stories": 1}
    assert store.stories.count_unplaced() == 1
