"""One crawl pass: refresh sources, then ingest every page waiting in the fetch queue.

Fetching, extraction and language ID run on a thread pool, within the per-host limits of one
``Politeness``; every write happens on the calling thread as results come in (those ready together
in one transaction), so the store sees one writer (SQLite allows only one) and duplicate
decisions see every earlier result.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import zip_longest
from typing import TypeVar

import httpx

from bbabo import dedup, fetch
from bbabo.langid import LanguageDetector
from bbabo.model import Source
from bbabo.pipeline.ingest import (
    RETRY_BASE_S,
    RETRY_MAX_S,
    IngestOutcome,
    IngestResult,
    PageTools,
    PreparedPage,
    load_index,
    prepare_page,
    record_pages,
)
from bbabo.pipeline.reading import PageReader, ProcessReader, ReadingBudget
from bbabo.pipeline.refresh import (
    RefreshOutcome,
    RefreshResult,
    prepare_source,
    record_source,
)
from bbabo.pipeline.schedule import PollPolicy
from bbabo.store import PendingPage, Store
from bbabo.store.jobs import LeaseKind

__all__ = ["crawl", "CrawlReport", "CrawlOptions", "make_politeness", "MAX_PAGES_PER_PASS",
           "PAGE_CLAIM"]

log = logging.getLogger(__name__)

MAX_PAGES_PER_PASS = 10_000
PAGE_CLAIM = timedelta(seconds=30)
"""How long a crawl's claim on a page lasts unless renewed: the pass renews the claims of the
pages it has not stored yet every third of this, and gives each back once stored; so a crawl
that was killed holds its pages no longer than this."""
T = TypeVar("T")


@dataclass(frozen=True, slots=True, kw_only=True)
class CrawlOptions:
    """``workers`` threads fetch at once, at most ``per_host`` of them to one host, starting
    requests to one host at least ``host_delay_s`` apart (more if its robots.txt asks); pages
    are read (extracted and signed) in ``readers`` child processes, each page within
    ``budget`` (``pipeline.reading``).

    Reading is CPU-bound Python: under CPython's global interpreter lock, threads doing it only
    take turns, and the thread that writes to the store waits behind them after every
    statement. In a child process it runs beside the fetching threads and the writer, on
    another core, and a page that would take minutes or gigabytes is stopped at its budget.

    The writer stores every page ready when it comes round, up to ``write_batch``, in one
    transaction: a commit per page (and on SQLite a full-text index segment per commit) cost
    more than the page's own writes."""

    workers: int = 8
    readers: int = 1
    budget: ReadingBudget = field(default_factory=ReadingBudget)
    write_batch: int = 32
    write_wait_s: float = 0.05
    per_host: int = 2
    host_delay_s: float = 1.0
    max_pages: int = MAX_PAGES_PER_PASS
    poll: PollPolicy = field(default_factory=PollPolicy)  # when each source is due again

    def __post_init__(self) -> None:
        if self.readers < 1:
            raise ValueError("a crawl needs at least one reader")
        if self.write_batch < 1:
            raise ValueError("a crawl writes at least one page per transaction")


@dataclass(slots=True)
class CrawlReport:
    sources: list[RefreshResult] = field(default_factory=list)
    pages: list[IngestResult] = field(default_factory=list)
    internal_errors: int = 0

    @property
    def new_articles(self) -> int:
        return sum(1 for p in self.pages if p.outcome is IngestOutcome.new)

    def source_counts(self) -> Counter[str]:
        return Counter(r.outcome.value for r in self.sources)

    def page_counts(self) -> Counter[str]:
        return Counter(p.outcome.value for p in self.pages)

    def duplicate_reasons(self) -> Counter[str]:
        return Counter(p.duplicate_reason or "" for p in self.pages
                       if p.outcome is IngestOutcome.duplicate)

    def failures(self) -> list[tuple[str, str, str]]:
        """(what, code, message) for every failed source and page."""
        failed = [(f"source {r.source_id}", r.error_code or "", r.error or "")
                  for r in self.sources if r.outcome is RefreshOutcome.failed]
        failed += [(p.url, p.error_code or "", p.error or "")
                   for p in self.pages if p.outcome is IngestOutcome.failed]
        return failed


def make_politeness(http: httpx.Client, options: fetch.FetchOptions,
                    crawl_options: CrawlOptions) -> fetch.Politeness:
    """The crawl's per-host limits. Origins the fetch options exempt from the address guard
    (bbabo's own demo server) are exempt from the delay too: they are not someone else's. One
    revoked later stays undelayed, which is harmless: the address guard refuses it."""
    return fetch.Politeness(min_delay_s=crawl_options.host_delay_s,
                            max_per_host=crawl_options.per_host,
                            robots=fetch.RobotsCache(http, options),
                            unthrottled=frozenset(fetch.host_key(origin)
                                                  for origin in options.exempt_origins()))


def crawl(*, store: Store, http: httpx.Client, options: fetch.FetchOptions,
          detector: LanguageDetector, clock: Callable[[], datetime],
          due_only: bool = False, should_stop: Callable[[], bool] = lambda: False,
          crawl_options: CrawlOptions | None = None,
          politeness: fetch.Politeness | None = None,
          index: dedup.NearDuplicateIndex | None = None,
          on_stored: Callable[[], None] = lambda: None,
          reader: PageReader | None = None) -> CrawlReport:
    """Refresh the sources (every enabled one, or only those due) and ingest pending pages.

    Each source and each page fails alone: its reason is recorded and the pass goes on. Pass a
    long-lived ``politeness``, ``index`` and ``reader`` to keep robots.txt, signatures and the
    reading processes across passes (without a reader, the pass starts its own). ``on_stored``
    is called as soon as new articles are committed (the translator need not wait for the end
    of a long pass)."""
    settings = crawl_options or CrawlOptions()
    if reader is None:
        with ProcessReader(settings.budget, processes=settings.readers) as own:
            return crawl(store=store, http=http, options=options, detector=detector,
                         clock=clock, due_only=due_only, should_stop=should_stop,
                         crawl_options=settings, politeness=politeness, index=index,
                         on_stored=on_stored, reader=own)
    polite = politeness or make_politeness(http, options, settings)
    report = CrawlReport()
    polled = (store.sources.due(clock()) if due_only
              else [s for s in store.sources.list() if s.enabled])
    with ThreadPoolExecutor(settings.workers, thread_name_prefix="bbabo-fetch") as pool:
        feeds_gate = polite.without_robots()
        source_jobs = {pool.submit(prepare_source, s, http=http, options=options,
                                   gate=feeds_gate): s
                       for s in _round_robin(polled, lambda s: fetch.host_key(s.url))}
        for prepared in _results(source_jobs, report, should_stop):
            report.sources.append(record_source(prepared, store=store, now=clock(),
                                                policy=settings.poll))
        if should_stop():
            return report
        by_id = {source.id: source for source in store.sources.list()}
        # One DNS answer per host for a while, not one per page (the guard's pre-connect check).
        tools = PageTools(http=http, options=options, detector=detector, gate=polite,
                          resolver=fetch.CachingResolver(), reader=reader)
        near = load_index(store, clock(), index)
        # Claimed, so that another crawl running now takes other pages. One attempt per page
        # per pass: a page that failed for now is held back while it backs off.
        now = clock()
        pending = store.jobs.claim_pages(now=now, until=now + PAGE_CLAIM,
                                         limit=settings.max_pages)
        claims = _Claims(store, [p.url for p in pending], clock)
        page_jobs: dict[Future[PreparedPage], PendingPage] = {}
        try:
            page_jobs = {pool.submit(prepare_page, p, _source_of(p, by_id), store=store,
                                     tools=tools): p
                         for p in _round_robin(pending, lambda p: fetch.host_key(p.url))}
            for ready in _ready(page_jobs, report, should_stop, most=settings.write_batch,
                                linger_s=settings.write_wait_s):
                recorded = record_pages(ready, store=store, index=near, now=clock())
                report.pages.extend(recorded)
                claims.settle(recorded)
                if any(r.outcome is IngestOutcome.new for r in recorded):
                    on_stored()
        finally:
            # On a failure of the store, the pages not started are not fetched in vain.
            for job in page_jobs:
                job.cancel()
            # Pages left unread (a stop, a bug) are free for the next pass at once.
            claims.close()
    log.info("crawl pass done", extra={"new": report.new_articles})
    return report


class _Claims:
    """The pass's claims on the pages it took: renewed every third of ``PAGE_CLAIM`` by a
    thread of its own while pages are outstanding, settled as each page is stored."""

    def __init__(self, store: Store, urls: list[str], clock: Callable[[], datetime]) -> None:
        self._store, self._clock = store, clock
        self._outstanding = set(urls)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._renew, name="bbabo-claims", daemon=True)
        if urls:
            self._thread.start()

    def settle(self, results: list[IngestResult]) -> None:
        """Give back the claims of the pages that are done; keep those that failed for now,
        for a growing pause (the Celery fetch worker's back-off: ``RETRY_BASE_S``,
        ``RETRY_MAX_S``)."""
        store, now = self._store, self._clock()
        again = [r.url for r in results if r.outcome is IngestOutcome.failed
                 and (state := store.pages.get_state(r.url)) is not None
                 and state[0] == "pending"]
        with self._lock:
            self._outstanding -= {r.url for r in results}
            for url in again:
                store.jobs.back_off(LeaseKind.page, url, now=now, base_s=RETRY_BASE_S,
                                    max_s=RETRY_MAX_S)
            store.jobs.release(LeaseKind.page, [r.url for r in results if r.url not in again])

    def close(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        with self._lock:
            left, self._outstanding = sorted(self._outstanding), set()
        self._store.jobs.release(LeaseKind.page, left)

    def _renew(self) -> None:
        while not self._stop.wait(PAGE_CLAIM.total_seconds() / 3):
            with self._lock:
                left = sorted(self._outstanding)
                try:
                    self._store.jobs.hold(LeaseKind.page, left,
                                          until=self._clock() + PAGE_CLAIM)
                except Exception:  # the writer meets the store's trouble too, and says so
                    log.warning("could not renew the crawl's page claims", exc_info=True)


def _source_of(pending: PendingPage, by_id: dict[int, Source]) -> Source | None:
    return by_id.get(pending.source_id) if pending.source_id is not None else None


def _results(jobs: Mapping[Future[T], object], report: CrawlReport,
             should_stop: Callable[[], bool]) -> Iterator[T]:
    """Results one by one, as they complete (see ``_ready``)."""
    for ready in _ready(jobs, report, should_stop, most=1, linger_s=0.0):
        yield from ready


def _ready(jobs: Mapping[Future[T], object], report: CrawlReport, should_stop: Callable[[], bool],
           *, most: int, linger_s: float) -> Iterator[list[T]]:
    """Results in the order they complete, in lists of up to ``most``: each holds the results
    ready when the writer comes round plus those finished within ``linger_s`` of the first. A
    bug in one job is logged and counted, not fatal."""
    done: queue.SimpleQueue[Future[T]] = queue.SimpleQueue()
    for job in jobs:
        job.add_done_callback(done.put)
    left = len(jobs)
    while left:
        if should_stop():
            for job in jobs:
                job.cancel()
            return
        futures = [done.get()]
        deadline = time.monotonic() + linger_s
        while len(futures) < min(most, left):
            try:
                futures.append(done.get(timeout=max(0.0, deadline - time.monotonic())))
            except queue.Empty:
                break
        left -= len(futures)
        results = []
        for future in futures:
            try:
                results.append(future.result())
            except Exception:
                # Stages turn every expected failure into a result; anything else is a bug.
                report.internal_errors += 1
                log.exception("internal error while crawling %r", jobs[future])
        if results:
            yield results


def _round_robin(items: Iterable[T], key: Callable[[T], str]) -> list[T]:
    """Interleave items by host, so the pool's threads spread over hosts instead of queueing
    behind one host's politeness limit."""
    groups: defaultdict[str, list[T]] = defaultdict(list)
    for item in items:
        groups[key(item)].append(item)
    return [item for row in zip_longest(*groups.values()) for item in row if item is not None]
