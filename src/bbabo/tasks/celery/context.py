"""What a worker process needs to run pipeline jobs, built on first use and kept for its life.

A Celery worker forks its pool processes after it starts; a database pool or an HTTP client
inherited through ``fork`` shares sockets with the parent, so everything here is rebuilt in a
process that did not build it. Models load on the first translation job, so a fetch-only worker
never loads one.
"""

from __future__ import annotations

import logging
import multiprocessing.process
import os
from collections.abc import Callable
from datetime import UTC, datetime

import httpx
from starlette.types import ASGIApp

from bbabo import dedup, fetch
from bbabo.config import Settings
from bbabo.fetch.client import Gate
from bbabo.langid import LanguageDetector, shared_detector
from bbabo.pipeline.components import fetch_options, reading_budget, story_keeper, translator_for
from bbabo.pipeline.publish import Publisher
from bbabo.pipeline.reading import PageReader, ProcessReader
from bbabo.pipeline.stories import StoryKeeper
from bbabo.store import Store, open_store
from bbabo.store.jobs import JobsRepo
from bbabo.translate import Translator

__all__ = ["WorkerContext", "GateFactory", "utcnow"]

log = logging.getLogger(__name__)


GateFactory = Callable[[httpx.Client, fetch.FetchOptions], Gate | None]


def utcnow() -> datetime:
    return datetime.now(UTC)


class WorkerContext:
    """Store, HTTP client, language detector, translator and politeness gate of one process.

    ``gate_factory`` builds the per-host politeness shared by every worker (see
    ``bbabo.tasks.celery.politeness``); tests hand in their own collaborators with ``use``."""

    def __init__(self, settings: Settings, *, options: fetch.FetchOptions | None = None,
                 gate_factory: GateFactory = lambda http, options: None,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.settings = settings
        self.clock = clock
        self.options = options or fetch_options(settings)
        self._gate_factory = gate_factory
        self._pid = os.getpid()
        self._store: Store | None = None
        self._http: httpx.Client | None = None
        self._detector: LanguageDetector | None = None
        self._translator: Translator | None = None
        self._gate: Gate | None = None
        self._gate_built = False
        self._index: dedup.NearDuplicateIndex | None = None
        self._resolver: fetch.CachingResolver | None = None
        self._publisher: Publisher | None = None
        self._publisher_built = False
        self._owner: str | None = None
        self._stories: StoryKeeper | None = None
        self._reader: PageReader | None = None

    def _same_process(self) -> None:
        if os.getpid() == self._pid:
            return
        # Forked: drop (without closing) what the parent opened; its sockets are the parent's.
        if self._store is not None:
            self._store.dispose_inherited()
        self._pid = os.getpid()
        self._store, self._http, self._gate, self._gate_built = None, None, None, False
        self._resolver = None  # its lock may have been held by a thread the fork left behind
        self._publisher, self._publisher_built = None, False
        self._owner = None  # a forked pool process is a worker of its own
        self._stories = None
        self._reader = None  # its children and the threads watching them are the parent's

    @property
    def store(self) -> Store:
        self._same_process()
        if self._store is None:
            # The worker's main process migrated the schema before forking its pool.
            self._store = open_store(self.settings.database_url, apply_migrations=False)
        return self._store

    @property
    def jobs(self) -> JobsRepo:
        return self.store.jobs

    @property
    def owner(self) -> str:
        """Whose leases this process's running tasks hold (``tasks.celery.running``)."""
        self._same_process()
        if self._owner is None:
            from bbabo.tasks.celery.running import process_owner

            self._owner = process_owner()
        return self._owner

    @property
    def http(self) -> httpx.Client:
        self._same_process()
        if self._http is None:
            self._http = fetch.make_client(self.options)
        return self._http

    @property
    def detector(self) -> LanguageDetector:
        if self._detector is None:
            self._detector = shared_detector(self.settings.target_languages)
        return self._detector

    @property
    def translator(self) -> Translator:
        if self._translator is None:
            # One lingua instance for language ID and translation QA: its models are large.
            self._translator = translator_for(self.settings, detector=self.detector)
        return self._translator

    @property
    def reader(self) -> PageReader:
        """Reads pages in a child process within the configured budget (``extract_timeout_s``,
        ``extract_memory_mb``), as a crawl does; started by the first page this process
        ingests, so a worker that only polls or translates never starts one."""
        self._same_process()
        if self._reader is None:
            _allow_children()
            self._reader = ProcessReader(reading_budget(self.settings))
        return self._reader

    @property
    def near_duplicates(self) -> dedup.NearDuplicateIndex:
        """Kept for the life of the process; each page catches it up with what any worker
        stored since (``pipeline.ingest.load_index``)."""
        if self._index is None:
            self._index = dedup.NearDuplicateIndex()
        return self._index

    @property
    def resolver(self) -> fetch.CachingResolver:
        """DNS answers kept a minute per host for the address check made before connecting
        (the connected peer is still checked on every hop)."""
        self._same_process()
        if self._resolver is None:
            self._resolver = fetch.CachingResolver()
        return self._resolver

    @property
    def publisher(self) -> Publisher | None:
        """Renders the static copy of the site, or None when no ``export_dir`` is set."""
        self._same_process()
        if not self._publisher_built:
            self._publisher = Publisher.for_settings(self.settings, self.store, clock=self.clock,
                                                     make_site=self._make_site)
            self._publisher_built = True
        return self._publisher

    @property
    def stories(self) -> StoryKeeper:
        """The stories step; its index of active stories lives as long as the process (and is
        rebuilt when another worker placed articles meanwhile)."""
        self._same_process()
        if self._stories is None:
            self._stories = story_keeper(self.store, clock=self.clock)
        return self._stories

    def _make_site(self) -> ASGIApp:
        from bbabo.web.app import create_app  # only a process that publishes loads the site

        return create_app(self.settings.for_export(), self.store, clock=self.clock,
                          page_cache=False)

    @property
    def gate(self) -> Gate | None:
        self._same_process()
        if not self._gate_built:
            self._gate, self._gate_built = self._gate_factory(self.http, self.options), True
        return self._gate

    @property
    def feed_gate(self) -> Gate | None:
        """The gate for feeds: host limits, no robots.txt (a subscribed feed is fetched the way
        a feed reader does). Both politeness classes offer ``without_robots``."""
        gate = self.gate
        without = getattr(gate, "without_robots", None)
        return without() if without is not None else gate

    def use(self, *, store: Store | None = None, http: httpx.Client | None = None,
            translator: Translator | None = None, detector: LanguageDetector | None = None,
            gate: Gate | None = None, stories: StoryKeeper | None = None,
            reader: PageReader | None = None) -> WorkerContext:
        """Hand in ready-made collaborators (tests, or a caller that already has them)."""
        self._store = store or self._store
        self._stories = stories or self._stories
        self._http = http or self._http
        self._translator = translator or self._translator
        self._detector = detector or self._detector
        self._reader = reader or self._reader
        if gate is not None:
            self._gate, self._gate_built = gate, True
        return self

    def close_reader(self) -> None:
        """Stop the page-reading children, if this process started them."""
        reader, self._reader = self._reader, None
        if reader is not None and os.getpid() == self._pid:
            reader.close()

    def close(self) -> None:
        self.close_reader()
        if self._http is not None:
            self._http.close()
        if self._store is not None:
            self._store.close()
        self._store, self._http = None, None


def _allow_children() -> None:
    """Let this process start the reading children even when it is a Celery pool process.

    billiard makes each pool process the standard library's current process too, marked
    daemonic (the standard library refuses a daemonic process children, lest they outlive it)
    and holding an authentication key the standard library may not pass to a child. The
    reading children cannot outlive it: each exits when its pipe to this process closes, and
    one busy with a page then still ends at its own deadline (``pipeline.reading``). So the
    standard library is given a current process of its own, under the same name; billiard
    keeps its own record. (billiard's own forkserver, which has no such rule, leaks a traceback
    and semaphores into the worker's log when the pool process ends.)"""
    import multiprocessing.process as standard

    current = standard.current_process()
    if type(current).__module__.startswith("billiard."):
        standard._current_process = _StandardProcess(current.name)  # type: ignore[attr-defined]


class _StandardProcess(multiprocessing.process.BaseProcess):
    """The standard library's record of a process it did not start (its ``_MainProcess``)."""

    def __init__(self, name: str) -> None:
        self._identity = ()
        self._name = name
        self._parent_pid = None
        self._popen = None
        self._closed = False
        key = multiprocessing.process.AuthenticationString(os.urandom(32))  # type: ignore[attr-defined]
        self._config = {"authkey": key,
                        "semprefix": "/mp"}
