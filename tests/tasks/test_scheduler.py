"""The scheduler, with a recording sender in place of the broker: due work is sent once while
leased, in batches, within the queue's room; work that could not be sent is freed at once."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bbabo.model import ExtractedArticle, FeedEntry, LanguageGuess
from bbabo.store import Store
from bbabo.store.jobs import LeaseKind
from bbabo.tasks.celery.app import INGEST_PAGE, PUBLISH_SITE, REFRESH_SOURCE, TRANSLATE_BATCH
from bbabo.tasks.celery.jobs import SITE
from bbabo.tasks.celery.scheduler import Scheduler, SchedulerConfig

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


class RecordingSender:
    def __init__(self, depths: dict[str, int] | None = None) -> None:
        self.sent: list[tuple[str, list[Any]]] = []
        self.queue_depths = depths or {}
        self.fail = False

    def send_many(self, name: str, args_list: Sequence[Sequence[Any]]) -> int:
        if self.fail:
            raise ConnectionError("broker down")
        self.sent += [(name, list(args)) for args in args_list]
        return len(args_list)

    def depths(self, queues: Sequence[str]) -> dict[str, int]:
        return {q: self.queue_depths.get(q, 0) for q in queues}

    def named(self, name: str) -> list[list[Any]]:
        return [args for task, args in self.sent if task == name]


def _article(store: Store, index: int, lang: str = "en") -> int:
    article = ExtractedArticle(
        url=f"https://news.example/{index}", canonical_url=f"https://news.example/{index}",
        title=f"Story {index}", paragraphs=(f"Text of story {index}.",), published_at=NOW)
    return store.articles.save(article, language=LanguageGuess(lang=lang, confidence=1.0,
                                                                method="test"),
                               source_id=None, section="news", urls=[article.url],
                               now=NOW).article_id


def _scheduler(store: Store, sender: RecordingSender, **config: Any) -> Scheduler:
    return Scheduler(store=store, sender=sender, targets=("de", "pl"), clock=lambda: NOW,
                     config=SchedulerConfig(**config))


def test_due_sources_and_pending_pages_are_sent_once(store: Store) -> None:
    source = store.sources.add(url="https://news.example/feed.xml", now=NOW)
    store.pages.enqueue(source.id, [FeedEntry(url=f"https://news.example/p{i}", title="t",
                                              published_at=None, summary=None)
                                    for i in range(5)], now=NOW)
    sender = RecordingSender()
    scheduler = _scheduler(store, sender, max_queued=3)

    report = scheduler.tick()
    assert (report.sources, report.pages) == (1, 3)  # the fetch queue has room for 3
    assert sender.named(REFRESH_SOURCE) == [[source.id]]
    assert [args[0] for args in sender.named(INGEST_PAGE)] == [
        f"https://news.example/p{i}" for i in range(3)]
    second = scheduler.tick()
    assert (second.sources, second.pages) == (0, 2)  # only what was not sent yet

    store.jobs.release(LeaseKind.page, ["https://news.example/p0"])  # the task ended
    assert scheduler.tick().pages == 1  # still pending in the store: sent again

    sender.queue_depths = {"fetch": 3, "crawl": 3}
    store.jobs.release(LeaseKind.page, ["https://news.example/p1"])
    store.jobs.release(LeaseKind.source, [str(source.id)])
    assert scheduler.tick().sent == 0  # full queues get nothing


def test_untranslated_articles_go_out_in_batches_per_language(store: Store) -> None:
    ids = [_article(store, i) for i in range(5)] + [_article(store, 99, lang="pl")]
    sender = RecordingSender()
    report = _scheduler(store, sender, batch_articles=2, translate_linger_s=0).tick()
    batches = sender.named(TRANSLATE_BATCH)
    assert report.batches == len(batches) == 6
    # Newest first, one in four from the oldest end (pipeline.urgency).
    one, two, three, four, five, pl = ids
    assert [b for b in batches if b[1] == "de"] == [
        [[pl, five], "de"], [[four, one], "de"], [[three, two], "de"]]
    # The Polish original needs no Polish version.
    assert [b for b in batches if b[1] == "pl"] == [
        [[five, four], "pl"], [[one, three], "pl"], [[two], "pl"]]
    assert _scheduler(store, sender, batch_articles=2, translate_linger_s=0).tick().batches == 0


def test_a_partial_batch_waits_while_articles_keep_arriving(store: Store) -> None:
    ids = [_article(store, i) for i in range(3)]
    sender = RecordingSender()
    clock = [NOW]
    scheduler = Scheduler(store=store, sender=sender, targets=("de",), clock=lambda: clock[0],
                          config=SchedulerConfig(batch_articles=2, translate_linger_s=5,
                                                 translate_max_wait_s=12))
    assert scheduler.tick().batches == 1  # the full batch at once
    clock[0] += timedelta(seconds=4)
    ids.append(_article(store, 3))
    assert scheduler.tick().batches == 1  # filled up by the newcomer
    # Newest first: the newcomer joins the one the first batch left behind.
    assert sender.named(TRANSLATE_BATCH) == [[[ids[2], ids[1]], "de"], [[ids[3], ids[0]], "de"]]
    ids.append(_article(store, 4))
    assert scheduler.tick().batches == 0
    clock[0] += timedelta(seconds=4)
    ids.append(_article(store, 5))
    assert scheduler.tick().batches == 1  # full again
    ids.append(_article(store, 6))
    for _ in range(2):  # a newcomer every 4 s keeps the partial batch waiting...
        clock[0] += timedelta(seconds=4)
        assert scheduler.tick().batches == 0
        ids.append(_article(store, len(ids) + 10))
        ids.append(_article(store, len(ids) + 10))
        assert scheduler.tick().batches == 1
    clock[0] += timedelta(seconds=5)
    assert scheduler.tick().batches == 1  # ...until the arrivals pause for 5 s
    assert sender.named(TRANSLATE_BATCH)[-1] == [[ids[6]], "de"]  # the one that waited longest


def test_work_that_could_not_be_sent_is_freed(store: Store) -> None:
    store.sources.add(url="https://news.example/feed.xml", now=NOW)
    sender = RecordingSender()
    sender.fail = True
    scheduler = _scheduler(store, sender)
    with pytest.raises(ConnectionError):
        scheduler.tick()
    assert store.jobs.live(now=NOW) == {}
    sender.fail = False
    assert scheduler.tick().sources == 1


def test_run_survives_a_failing_tick_and_stops_on_request(store: Store) -> None:
    sender = RecordingSender()
    sender.fail = True
    store.sources.add(url="https://news.example/feed.xml", now=NOW)
    stop = threading.Event()
    calls = []
    scheduler = _scheduler(store, sender, interval_s=0.01)
    original = scheduler.tick

    def tick() -> Any:
        calls.append(1)
        if len(calls) == 3:
            sender.fail = False
            stop.set()
        return original()

    scheduler.tick = tick  # type: ignore[method-assign]
    scheduler.run(stop)
    assert len(calls) == 3
    assert sender.named(REFRESH_SOURCE)


def test_publish_passes_follow_the_data_one_at_a_time(store: Store) -> None:
    sender = RecordingSender()
    clock = [NOW]
    scheduler = Scheduler(store=store, sender=sender, targets=("de",), clock=lambda: clock[0],
                          config=SchedulerConfig(publish=True, publish_every_s=60,
                                                 translate_linger_s=3600))
    jobs = store.jobs
    assert scheduler.tick().publishes == 1  # at start: whatever happened while it was down
    _article(store, 1)
    assert scheduler.tick().publishes == 0  # a pass is out (leased): changes wait for it
    jobs.release(LeaseKind.publish, [SITE])  # the pass ended
    assert scheduler.tick().publishes == 1  # the data moved since that pass was sent
    jobs.release(LeaseKind.publish, [SITE])
    assert scheduler.tick().publishes == 0  # nothing new
    clock[0] += timedelta(seconds=61)
    assert scheduler.tick().publishes == 1  # once a minute anyway, in case one was lost
    jobs.release(LeaseKind.publish, [SITE])
    _article(store, 2)
    sender.queue_depths = {"publish": 1}
    assert scheduler.tick().publishes == 0  # one waits in the queue already
    assert sender.named(PUBLISH_SITE) == [[], [], []]
    assert _scheduler(store, RecordingSender()).tick().publishes == 0  # no static site
