"""``bbabo scheduler``: every few seconds, hand the work the store says is due to the workers.

Four kinds of work, read from the pipeline's own tables: sources whose next check has come,
pages waiting in the fetch queue, articles lacking a translation, articles in no story yet (one
``bbabo.place_stories`` task at a time, which places all of them). With a static site to keep
(``publish``), a fifth: when the store's data version moved (an article or a translation was
stored), one ``bbabo.publish`` pass, which re-renders what changed since the last one; one at
a time, so passes coalesce under load, and once a minute anyway, in case one was lost.

Each piece is leased (``store/jobs.py``) before it is sent and the lease is given back when the
task ends, so queued work is not sent again; a lease that runs out (dead worker, lost broker
queue) sends it again.
A queue that already holds ``max_queued`` messages gets nothing more this tick: the backlog waits
in the database, where it is durable and visible, not in the broker.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from bbabo.pipeline.urgency import order_for_urgency
from bbabo.store import Store
from bbabo.store.jobs import LeaseKind
from bbabo.tasks.celery.app import (
    INGEST_PAGE,
    PLACE_STORIES,
    PUBLISH_SITE,
    QUEUES,
    REFRESH_SOURCE,
    TRANSLATE_BATCH,
)
from bbabo.tasks.celery.jobs import ALL_STORIES, SITE, translation_key

__all__ = ["Scheduler", "SchedulerConfig", "Sender", "TickReport"]

log = logging.getLogger(__name__)


class Sender(Protocol):
    def send_many(self, name: str, args_list: Sequence[Sequence[Any]]) -> int: ...

    def depths(self, queues: Sequence[str]) -> dict[str, int]: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class SchedulerConfig:
    interval_s: float = 5.0
    source_lease_s: float = 900.0
    page_lease_s: float = 900.0
    translation_lease_s: float = 1800.0
    batch_articles: int = 16
    translate_linger_s: float = 5.0
    translate_max_wait_s: float = 60.0
    max_queued: int = 200
    # Translation batches waiting in the broker at most: a new story is sent newest first,
    # and then waits behind at most these (not behind a backlog of max_queued).
    translate_max_queued: int = 16
    scan_limit: int = 500
    # Send publish passes (a static site is kept: `export_dir`); at most one out at a time.
    publish: bool = False
    publish_lease_s: float = 600.0
    publish_every_s: float = 60.0
    # How often ``maintenance`` runs (WebSub subscriptions kept in line with the sources).
    maintain_every_s: float = 30.0
    # Place articles in stories (off for a deployment that runs no `stories` worker).
    stories: bool = True
    stories_lease_s: float = 1800.0


@dataclass(slots=True)
class TickReport:
    sources: int = 0
    pages: int = 0
    batches: int = 0
    publishes: int = 0
    stories: int = 0
    depths: dict[str, int] = field(default_factory=dict)

    @property
    def sent(self) -> int:
        return self.sources + self.pages + self.batches + self.publishes + self.stories


class Scheduler:
    def __init__(self, *, store: Store, sender: Sender, targets: Sequence[str],
                 clock: Callable[[], datetime], config: SchedulerConfig | None = None,
                 maintenance: Callable[[], object] | None = None) -> None:
        self._store, self._sender, self._targets = store, sender, tuple(targets)
        self._maintenance = maintenance
        self._maintained: datetime | None = None
        self._clock = clock
        self._config = config or SchedulerConfig()
        self._jobs = store.jobs
        self._after_id = 0  # where the walk of untranslated articles goes on next tick
        self._first_seen: dict[str, datetime] = {}  # translation key -> first tick it waited
        self._newest: dict[str, tuple[int, datetime]] = {}  # target -> newest id, seen when
        self._published: tuple[int, datetime] | None = None  # data version sent for, when

    def tick(self) -> TickReport:
        config, now = self._config, self._clock()
        depths = self._sender.depths(QUEUES)
        report = TickReport(depths=depths)
        if depths.get("crawl", 0) < config.max_queued:
            due = [str(s.id) for s in self._store.sources.due(now)][:config.scan_limit]
            keys = self._jobs.lease(LeaseKind.source, due,
                                    until=now + _s(config.source_lease_s), now=now)
            report.sources = self._send(LeaseKind.source, keys, REFRESH_SOURCE,
                                        [[int(k)] for k in keys])
        room = config.max_queued - depths.get("fetch", 0)
        if room > 0:
            urls = self._jobs.unleased_pages(now=now, limit=min(room, config.scan_limit))
            keys = self._jobs.lease(LeaseKind.page, urls,
                                    until=now + _s(config.page_lease_s), now=now)
            report.pages = self._send(LeaseKind.page, keys, INGEST_PAGE, [[k] for k in keys])
        room = min(config.max_queued, config.translate_max_queued) - depths.get("translate", 0)
        if room > 0:
            report.batches = self._send_translations(now, max_batches=room)
        if config.publish and not depths.get("publish", 0):
            report.publishes = self._send_publish(now)
        if self._maintenance is not None and (
                self._maintained is None or now - self._maintained >= _s(config.maintain_every_s)):
            self._maintained = now
            self._maintenance()
        if config.stories and not depths.get("stories", 0):
            report.stories = self._send_stories(now)
        if report.sent:
            log.info("scheduled %d source(s), %d page(s), %d translation batch(es)%s%s",
                     report.sources, report.pages, report.batches,
                     ", a publish pass" if report.publishes else "",
                     ", a stories pass" if report.stories else "")
        return report

    def _send_stories(self, now: datetime) -> int:
        """One stories pass when articles wait for a story and none is out: the pass places
        them all, and a single pass at a time is what keeps twin stories from opening."""
        if not self._store.stories.unplaced(limit=1):
            return 0
        keys = self._jobs.lease(LeaseKind.stories, [ALL_STORIES],
                                until=now + _s(self._config.stories_lease_s), now=now)
        return self._send(LeaseKind.stories, keys, PLACE_STORIES, [[]]) if keys else 0

    def _send_publish(self, now: datetime) -> int:
        """A pass when the data moved since the last one was sent (a pass reads the store
        after it is sent, so it covers everything up to then), else once a minute."""
        version = self._store.changes.data_version()
        if self._published is not None:
            sent_for, sent_at = self._published
            if version == sent_for and now - sent_at < _s(self._config.publish_every_s):
                return 0
        keys = self._jobs.lease(LeaseKind.publish, [SITE],
                                until=now + _s(self._config.publish_lease_s),
                                now=now)
        if not keys:
            return 0  # a pass is out; when it ends, the next tick sends one if still needed
        sent = self._send(LeaseKind.publish, keys, PUBLISH_SITE, [[]])
        self._published = (version, now)
        return sent

    def _send_translations(self, now: datetime, *, max_batches: int) -> int:
        config = self._config
        oldest = self._store.translations.pending(self._targets, after_id=self._after_id,
                                                  limit=config.scan_limit)
        # Walk the backlog a page per tick; start over once its end is reached.
        self._after_id = oldest[-1].article_id if len(oldest) == config.scan_limit else 0
        newest = self._store.translations.pending(self._targets, newest_first=True,
                                                  limit=config.scan_limit)
        # The newest first, with a quarter for the oldest (pipeline.urgency): a story that
        # just arrived goes out at the next tick, and the backlog still shrinks.
        pending = order_for_urgency(newest, oldest)
        wanted = [translation_key(item.article_id, target)
                  for item in pending for target in item.missing]
        live = self._jobs.live_keys(LeaseKind.translation, wanted, now=now)
        free: dict[str, list[int]] = defaultdict(list)
        for key in wanted:
            if key not in live:
                article_id, target = key.split(":", 1)
                free[target].append(int(article_id))
                self._first_seen.setdefault(key, now)
        chosen = [translation_key(i, target) for target, ids in sorted(free.items())
                  for i in self._ready(ids, target, now)]
        per_target: dict[str, list[int]] = defaultdict(list)
        for key in self._jobs.lease(LeaseKind.translation,
                                    chosen[:max_batches * config.batch_articles],
                                    until=now + _s(config.translation_lease_s), now=now):
            self._first_seen.pop(key, None)
            article_id, target = key.split(":", 1)
            per_target[target].append(int(article_id))
        if len(self._first_seen) > 100_000:
            self._first_seen.clear()  # keys translated elsewhere pile up; forget them all
        sent = 0
        for target, ids in sorted(per_target.items()):
            batches = [[ids[i:i + config.batch_articles], target]
                       for i in range(0, len(ids), config.batch_articles)]
            keys = [translation_key(i, target) for i in ids]
            sent += self._send(LeaseKind.translation, keys, TRANSLATE_BATCH, batches)
        return sent

    def _ready(self, ids: list[int], target: str, now: datetime) -> list[int]:
        """Full batches go at once. A partial one waits while it keeps growing (articles are
        still arriving) until ``translate_linger_s`` passes without a newcomer, and at most
        ``translate_max_wait_s``: an engine translates 16 articles in little more than the time
        of one, so a trickle of one-article batches would waste most of it."""
        config = self._config
        newest, since = self._newest.get(target, (0, now))
        if ids and max(ids) > newest:
            newest, since = max(ids), now
        self._newest[target] = (newest, since)
        full = len(ids) // config.batch_articles * config.batch_articles
        rest = ids[full:]
        if rest:
            oldest = min(self._first_seen[translation_key(i, target)] for i in rest)
            if (now - since >= _s(config.translate_linger_s)
                    or now - oldest >= _s(config.translate_max_wait_s)):
                return ids
        return ids[:full]

    def _send(self, kind: LeaseKind, keys: list[str], task: str,
              args_list: Sequence[Sequence[Any]]) -> int:
        if not args_list:
            return 0
        try:
            return self._sender.send_many(task, args_list)
        except Exception:
            # Not sent (broker down): free the work at once rather than when the lease ends.
            self._jobs.release(kind, keys)
            raise

    def run(self, stop: threading.Event) -> None:
        """Tick until ``stop`` is set; a failing broker or database is logged and waited out."""
        ticks = 0
        while not stop.is_set():
            try:
                self.tick()
                ticks += 1
                if ticks % 100 == 0:
                    self._jobs.purge(now=self._clock())
            except Exception as exc:  # kombu and SQLAlchemy raise many classes; all transient
                log.warning("scheduler tick failed: %s", _line(exc))
            stop.wait(self._config.interval_s)


def _s(seconds: float) -> timedelta:
    return timedelta(seconds=seconds)


def _line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
