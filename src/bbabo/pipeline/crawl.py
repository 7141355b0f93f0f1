"""One crawl pass: refresh sources, then ingest every page waiting in the fetch queue."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

import httpx

from bbabo import fetch
from bbabo.langid import LanguageDetector
from bbabo.model import Source
from bbabo.pipeline.ingest import IngestOutcome, IngestResult, ingest_page
from bbabo.pipeline.refresh import RefreshOutcome, RefreshResult, refresh_source
from bbabo.store import Store

__all__ = ["crawl", "CrawlReport"]

log = logging.getLogger(__name__)

MAX_PAGES_PER_PASS = 10_000


@dataclass(slots=True)
class CrawlReport:
    sources: list[RefreshResult] = field(default_factory=list)
    pages: list[IngestResult] = field(default_factory=list)

    @property
    def new_articles(self) -> int:
        return sum(1 for p in self.pages if p.outcome is IngestOutcome.new)

    def source_counts(self) -> Counter[str]:
        return Counter(r.outcome.value for r in self.sources)

    def page_counts(self) -> Counter[str]:
        return Counter(p.outcome.value for p in self.pages)

    def failures(self) -> list[tuple[str, str, str]]:
        """(what, code, message) for every failed source and page."""
        failed = [(f"source {r.source_id}", r.error_code or "", r.error or "")
                  for r in self.sources if r.outcome is RefreshOutcome.failed]
        failed += [(p.url, p.error_code or "", p.error or "")
                   for p in self.pages if p.outcome is IngestOutcome.failed]
        return failed


def crawl(*, store: Store, http: httpx.Client, options: fetch.FetchOptions,
          detector: LanguageDetector, clock: Callable[[], datetime],
          due_only: bool = False, should_stop: Callable[[], bool] = lambda: False) -> CrawlReport:
    """Refresh the sources (every enabled one, or only those due) and ingest pending pages.

    Each source and each page fails alone: its reason is recorded and the pass goes on."""
    report = CrawlReport()
    polled: Iterable[Source] = (store.sources.due(clock()) if due_only
                                else [s for s in store.sources.list() if s.enabled])
    for source in polled:
        if should_stop():
            return report
        report.sources.append(
            refresh_source(source, store=store, http=http, options=options, now=clock()))
    by_id = {source.id: source for source in store.sources.list()}
    # One attempt per page per pass: a page that failed transiently waits for the next pass.
    for pending in store.pages.pending(limit=MAX_PAGES_PER_PASS):
        if should_stop():
            break
        source = by_id.get(pending.source_id) if pending.source_id is not None else None
        report.pages.append(ingest_page(pending, source, store=store, http=http,
                                        options=options, detector=detector, now=clock()))
    log.info("crawl pass done", extra={"new": report.new_articles})
    return report
