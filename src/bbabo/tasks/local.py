"""``bbabo run``: the scheduler, the crawl worker and the translation worker as threads of one
process next to the web server, stopping cleanly together; a stories thread that places new
articles in stories (woken when the crawl stores some); with a static site to keep
(``export_dir``), a publish thread too, running the same stage as the ``bbabo.publish`` task."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import httpx

from bbabo import dedup, fetch
from bbabo.errors import EmbedderMissing
from bbabo.langid import shared_detector
from bbabo.pipeline.crawl import CrawlOptions, crawl, make_politeness
from bbabo.pipeline.publish import PublishReport
from bbabo.pipeline.reading import ProcessReader
from bbabo.pipeline.stories import StoryKeeper
from bbabo.pipeline.translate import translate_pending
from bbabo.store import Store, store_failure
from bbabo.translate import Translator

__all__ = ["Workers", "WorkerConfig"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkerConfig:
    """``publish``: one pass of the publish stage (``pipeline.publish.Publisher``), run
    whenever crawling or translating stored something (each batch), and every
    ``publish_every_s``. ``stories``: the stories step, run whenever the crawl stored articles
    (and every ``idle_wait_s``); None runs none."""

    targets: Sequence[str]
    idle_wait_s: float = 30.0
    crawl: CrawlOptions = field(default_factory=CrawlOptions)
    publish: Callable[[], PublishReport] | None = None
    publish_every_s: float = 30.0
    # Keep WebSub subscriptions as the sources ask (``pipeline.websub.maintain``), after each
    # crawl pass; None when the site has no public address.
    maintain: Callable[[], None] | None = None
    stories: StoryKeeper | None = None
    # A model keeper runs beside the workers and warns of pairs without a model itself, with
    # how to install them: the translation thread's own line is then for the log file only.
    models_kept: bool = False


class Workers:
    """Daemon threads: crawl sources when they are due, translate what is pending, and
    publish what they stored if a static site is kept."""

    def __init__(self, *, store: Store, http: httpx.Client, options: fetch.FetchOptions,
                 translator: Translator, config: WorkerConfig,
                 clock: Callable[[], datetime]) -> None:
        self._store, self._http, self._options = store, http, options
        self._translator, self._config, self._clock = translator, config, clock
        self._stop = threading.Event()
        self._new_articles = threading.Event()
        self._stored = threading.Event()  # something new for the publish thread
        self._crawl_wanted = threading.Event()  # pages to ingest before the next due poll
        self._for_stories = threading.Event()  # new articles to place in stories
        self._threads: list[threading.Thread] = []
        self._reported_missing: set[tuple[str, str]] = set()

    def start(self) -> None:
        loops = [("crawl", self._crawl_loop), ("translate", self._translate_loop)]
        if self._config.stories is not None:
            loops.append(("stories", self._stories_loop))
        if self._config.publish is not None:
            loops.append(("publish", self._publish_loop))
        for name, target in loops:
            thread = threading.Thread(target=self._guarded(target), name=f"bbabo-{name}",
                                      daemon=True)
            thread.start()
            self._threads.append(thread)

    def wake_translation(self) -> None:
        """Translate now rather than after the idle wait (a model for a waiting pair arrived)."""
        self._new_articles.set()

    def stop(self, timeout_s: float = 30.0) -> None:
        self._stop.set()
        self._new_articles.set()
        self._stored.set()
        self._crawl_wanted.set()
        self._for_stories.set()
        for thread in self._threads:
            thread.join(timeout_s)

    def _guarded(self, loop: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            while not self._stop.is_set():
                try:
                    loop()
                    return
                except Exception as exc:
                    failure = store_failure(exc)
                    if failure is not None:
                        # The database's trouble (a full disk, a lost server): one line, and
                        # the loop tries again, as it will mend without a restart.
                        log.error("%s; trying again in %ss", failure,
                                  self._config.idle_wait_s, extra={"code": failure.code})
                    else:
                        # A bug must not silently kill the worker for weeks: log it, go on.
                        log.exception("worker loop crashed; restarting in %ss",
                                      self._config.idle_wait_s)
                    self._stop.wait(self._config.idle_wait_s)

        return run

    def _crawl_loop(self) -> None:
        detector = shared_detector(self._config.targets)
        # Kept across passes: robots.txt answers and host timings, near-duplicate signatures.
        politeness = make_politeness(self._http, self._options, self._config.crawl)
        index = dedup.NearDuplicateIndex()
        settings = self._config.crawl
        with ProcessReader(settings.budget, processes=settings.readers) as reader:
            while not self._stop.is_set():
                self._crawl_wanted.clear()
                crawl(store=self._store, http=self._http, options=self._options,
                      detector=detector, clock=self._clock, due_only=True,
                      should_stop=self._stop.is_set, crawl_options=settings,
                      politeness=politeness, index=index, on_stored=self._on_stored,
                      reader=reader)
                if self._config.maintain is not None:
                    self._config.maintain()
                self._crawl_wanted.wait(self._seconds_to_next_poll())

    def _on_stored(self) -> None:
        # New articles: translate them now, publish them as soon as they are stored, and
        # place them in stories.
        self._new_articles.set()
        self._stored.set()
        self._for_stories.set()

    def wake_crawl(self) -> None:
        """Ingest now rather than at the next due poll (a WebSub hub delivered entries)."""
        self._crawl_wanted.set()

    def _seconds_to_next_poll(self) -> float:
        due = self._store.sources.next_due_at()
        if due is None:
            return self._config.idle_wait_s
        return min(max((due - self._clock()).total_seconds(), 1.0), self._config.idle_wait_s)

    def _translate_loop(self) -> None:
        while not self._stop.is_set():
            self._new_articles.clear()
            # Each stored batch wakes the publish thread: a story translated first is on the
            # static site's home page seconds later, not after the whole backlog.
            report = translate_pending(store=self._store, translator=self._translator,
                                       targets=self._config.targets, clock=self._clock,
                                       should_stop=self._stop.is_set,
                                       on_progress=lambda _n: self._stored.set())
            newly_missing = sorted(set(report.missing_pairs) - self._reported_missing)
            if newly_missing:
                # One line, not one per pair: ten languages times a few sources is a screenful.
                level = logging.INFO if self._config.models_kept else logging.WARNING
                log.log(level, "no translation engine for %d language pair(s): %s; "
                        "`bbabo status` says how to install them", len(newly_missing),
                        ", ".join(f"{src}→{tgt}" for src, tgt in newly_missing))
            self._reported_missing |= set(report.missing_pairs)
            if report.total:
                log.info("translated %d article version(s)", report.total)
                self._stored.set()
                continue
            self._new_articles.wait(self._config.idle_wait_s)

    def _stories_loop(self) -> None:
        keeper = self._config.stories
        assert keeper is not None
        while not self._stop.is_set():
            self._for_stories.clear()
            try:
                report = keeper.update(should_stop=self._stop.is_set)
            except EmbedderMissing as exc:
                log.warning("no stories: %s", exc)
                return
            if report.merged:
                self._stored.set()
            self._for_stories.wait(self._config.idle_wait_s)

    def _publish_loop(self) -> None:
        publish = self._config.publish
        assert publish is not None
        while not self._stop.is_set():
            self._stored.clear()
            publish()  # it reads the data version first: a pass with nothing new is cheap
            self._stored.wait(self._config.publish_every_s)
            # Let a burst of stored articles settle into one pass rather than one each.
            self._stop.wait(1.0)
