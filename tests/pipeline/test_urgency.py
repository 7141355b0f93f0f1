"""Urgency: a story that just arrived is translated before the backlog, in `bbabo run`'s pass
and in the Celery scheduler's choice, and the backlog still shrinks while news keeps coming."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from bbabo.model import ExtractedArticle, LanguageGuess
from bbabo.pipeline.translate import translate_pending
from bbabo.pipeline.urgency import PendingWalk, order_for_urgency
from bbabo.store import Store
from bbabo.tasks.celery.app import TRANSLATE_BATCH
from bbabo.tasks.celery.scheduler import Scheduler, SchedulerConfig
from bbabo.translate import FakeEngine, Translator

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


def _add(store: Store, count: int, start: int = 0) -> list[int]:
    ids = []
    for n in range(start, start + count):
        article = ExtractedArticle(url=f"https://n.example/{n}", canonical_url=f"https://n.example/{n}",
                                   title=f"Story {n}", paragraphs=(f"Text of story {n}.",))
        ids.append(store.articles.save(article, language=LanguageGuess(
            lang="en", confidence=1.0, method="test"), source_id=None, section="news",
            urls=[], now=NOW).article_id)
    return ids


def _order(engine: FakeEngine) -> list[str]:
    """Titles in the order the engine was asked for them."""
    return [text for texts, _, _ in engine.calls for text in texts if text.startswith("Story")]


def test_a_new_story_jumps_the_backlog(store: Store) -> None:
    _add(store, 40)
    engine = FakeEngine({("en", "de")})
    arrived: list[int] = []

    def on_batch(_: int) -> None:
        if not arrived:  # a story arrives while the first batch is being stored
            arrived.extend(_add(store, 1, start=100))

    report = translate_pending(store=store, translator=Translator([engine]), targets=["de"],
                               clock=lambda: NOW, batch_articles=4, on_progress=on_batch)
    assert report.translated == {"de": 41}
    order = _order(engine)
    # The first batch: the three newest of the backlog and its oldest.
    assert set(order[:4]) == {"Story 39", "Story 38", "Story 37", "Story 0"}
    # The newcomer is in the very next batch, ahead of 36 older stories.
    assert "Story 100" in order[4:8]
    assert len(order) == len(set(order)) == 41  # each once


def test_the_backlog_shrinks_while_news_keeps_coming(store: Store) -> None:
    _add(store, 8)
    engine = FakeEngine({("en", "de")})
    batches = [0]

    def on_batch(_: int) -> None:
        batches[0] += 1
        if batches[0] <= 12:  # four new stories per batch of four: more than it can do
            _add(store, 4, start=1000 + 4 * batches[0])

    translate_pending(store=store, translator=Translator([engine]), targets=["de"],
                      clock=lambda: NOW, batch_articles=4, on_progress=on_batch)
    order = _order(engine)
    # A quarter of every batch went to the oldest: the old stories were all done within five
    # batches (three of them were the newest at the start), oldest first, while the 48 newer
    # ones took the rest.
    batch_of = {title: i // 4 for i, title in enumerate(order)}
    assert [batch_of[f"Story {n}"] for n in range(5)] == [0, 1, 2, 3, 4]
    assert all(batch_of[f"Story {n}"] == 0 for n in (5, 6, 7))
    assert len(order) == len(set(order)) == 8 + 48


def test_a_pass_visits_what_no_engine_can_translate_once(store: Store) -> None:
    _add(store, 10)
    walk = PendingWalk(store, ["de"], batch=4)
    seen: list[int] = []
    while batch := walk.next_batch():  # nothing is translated: every article stays pending
        seen += [item.article_id for item in batch]
    assert sorted(seen) == list(range(1, 11)) and len(seen) == 10


def test_order_for_urgency_interleaves_three_new_for_one_old() -> None:
    assert order_for_urgency([9, 8, 7, 6, 5], [1, 2, 3, 4, 5]) == [9, 8, 7, 1, 6, 5, 2, 3, 4]
    assert order_for_urgency([], [1, 2]) == [1, 2]


class _Sender:
    def __init__(self) -> None:
        self.sent: list[tuple[str, list[Any]]] = []

    def send_many(self, name: str, args_list: Sequence[Sequence[Any]]) -> int:
        self.sent += [(name, list(args)) for args in args_list]
        return len(args_list)

    def depths(self, queues: Sequence[str]) -> dict[str, int]:
        return {q: 0 for q in queues}


def test_the_scheduler_sends_the_newest_first_and_keeps_the_queue_short(store: Store) -> None:
    _add(store, 1000)
    sender = _Sender()
    scheduler = Scheduler(store=store, sender=sender, targets=("de",), clock=lambda: NOW,
                          config=SchedulerConfig(batch_articles=4, translate_max_queued=3))
    assert scheduler.tick().batches == 3  # no more than the translate queue may hold
    first = [args for name, args in sender.sent if name == TRANSLATE_BATCH]
    assert first[0] == [[1000, 999, 998, 1], "de"]  # the newest three and the oldest
    sender.sent.clear()
    new = _add(store, 1, start=5000)[0]
    scheduler.tick()
    assert [args for name, args in sender.sent][0][0][0] == new  # the next tick: at once
