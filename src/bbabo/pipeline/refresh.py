"""Refresh one source: conditional GET of its feed or news sitemap, parse, queue the article
pages it lists. As with ingest, ``prepare_source`` does the network work and only
``record_source`` writes, so a crawl can refresh many sources at once."""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass, field
from datetime import datetime

import httpx

from bbabo import dedup, fetch, sources
from bbabo.errors import BbaboError, RateLimited
from bbabo.model import FeedEntry, FetchedPage, Source
from bbabo.pipeline.schedule import next_check_after_failure, next_check_after_success
from bbabo.store import Store

__all__ = ["refresh_source", "prepare_source", "record_source", "read_source", "RefreshOutcome",
           "RefreshResult", "PreparedSource", "MAX_CHILD_SITEMAPS"]

log = logging.getLogger(__name__)

MAX_CHILD_SITEMAPS = 10
"""Children of a sitemap index read per refresh, newest first (news sites add one per day)."""


class RefreshOutcome(enum.Enum):
    updated = "updated"
    not_modified = "not_modified"
    failed = "failed"


@dataclass(frozen=True, slots=True, kw_only=True)
class RefreshResult:
    source_id: int
    outcome: RefreshOutcome
    new_pages: int = 0
    error_code: str | None = None
    error: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PreparedSource:
    source: Source
    page: FetchedPage | None = None
    kind: str = "feed"
    entries: tuple[FeedEntry, ...] = field(default=(), repr=False)
    # False for a sitemap index: its children change while it does not, so no 304 for it.
    conditional: bool = True
    error: BbaboError | None = None


def refresh_source(source: Source, *, store: Store, http: httpx.Client,
                   options: fetch.FetchOptions, now: datetime,
                   gate: fetch.Gate | None = None) -> RefreshResult:
    prepared = prepare_source(source, http=http, options=options, gate=gate)
    return record_source(prepared, store=store, now=now)


def prepare_source(source: Source, *, http: httpx.Client, options: fetch.FetchOptions,
                   gate: fetch.Gate | None = None) -> PreparedSource:
    """Fetch and parse a source; touches no store. Never raises a BbaboError."""
    try:
        page = fetch.fetch_page(http, source.url, options, etag=source.etag,
                                last_modified=source.last_modified, gate=gate)
        if page.status == 304:
            return PreparedSource(source=source, page=page, kind=source.kind)
        kind, entries, is_index = read_source(page, http=http, options=options, gate=gate)
    except BbaboError as exc:
        return PreparedSource(source=source, error=exc)
    return PreparedSource(source=source, page=page, kind=kind, entries=tuple(entries),
                          conditional=not is_index)


def read_source(page: FetchedPage, *, http: httpx.Client, options: fetch.FetchOptions,
                gate: fetch.Gate | None = None) -> tuple[str, list[FeedEntry], bool]:
    """("feed" or "sitemap", the entries, whether it was a sitemap index) of a fetched source;
    an index's children are fetched and read."""
    if not sources.is_sitemap(page.body):
        return "feed", sources.parse_feed(page.body, base_url=page.final_url), False
    sitemap = sources.parse_sitemap(page.body, page.final_url)
    entries = list(sitemap.entries)
    failures: list[BbaboError] = []
    for child_url in sitemap.sitemaps[:MAX_CHILD_SITEMAPS]:
        try:
            child = fetch.fetch_page(http, child_url, options, gate=gate)
            # One level only: an index inside an index yields nothing.
            entries += sources.parse_sitemap(child.body, child.final_url).entries
        except BbaboError as exc:
            log.info("child sitemap failed: %s", exc, extra={"url": child_url, "code": exc.code})
            failures.append(exc)
    if failures and len(failures) == len(sitemap.sitemaps[:MAX_CHILD_SITEMAPS]):
        raise failures[0]
    return "sitemap", entries, sitemap.is_index


def record_source(prepared: PreparedSource, *, store: Store, now: datetime) -> RefreshResult:
    source = prepared.source
    if prepared.error is not None:
        exc = prepared.error
        retry_after = exc.retry_after if isinstance(exc, RateLimited) else None
        store.sources.record_failure(source.id, code=exc.code, message=str(exc),
                                     next_check_at=next_check_after_failure(
                                         source, now, retry_after=retry_after))
        log.warning("source failed: %s", exc, extra={"source_id": source.id, "code": exc.code})
        return RefreshResult(source_id=source.id, outcome=RefreshOutcome.failed,
                             error_code=exc.code, error=str(exc))
    page = prepared.page
    assert page is not None
    next_check = next_check_after_success(source, now)
    if page.status == 304:
        store.sources.record_success(source.id, now=now, etag=source.etag,
                                     last_modified=source.last_modified, next_check_at=next_check)
        log.info("source not modified", extra={"source_id": source.id})
        return RefreshResult(source_id=source.id, outcome=RefreshOutcome.not_modified)
    if prepared.kind != source.kind:
        store.sources.set_kind(source.id, prepared.kind)
    normalized = [_normalized(entry) for entry in prepared.entries]
    new_pages = store.pages.enqueue(source.id, normalized, now=now)
    conditional = prepared.conditional
    store.sources.record_success(source.id, now=now,
                                 etag=page.etag if conditional else None,
                                 last_modified=page.last_modified if conditional else None,
                                 next_check_at=next_check)
    log.info("source refreshed", extra={"source_id": source.id, "new": new_pages})
    return RefreshResult(source_id=source.id, outcome=RefreshOutcome.updated, new_pages=new_pages)


def _normalized(entry: FeedEntry) -> FeedEntry:
    return FeedEntry(url=dedup.normalize_url(entry.url), title=entry.title,
                     published_at=entry.published_at, summary=entry.summary)
