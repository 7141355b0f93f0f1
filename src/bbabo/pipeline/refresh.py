"""Refresh one source: conditional GET of its feed, parse, queue the article pages it lists."""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass
from datetime import datetime

import httpx

from bbabo import dedup, fetch, sources
from bbabo.errors import BbaboError, RateLimited
from bbabo.model import FeedEntry, Source
from bbabo.pipeline.schedule import next_check_after_failure, next_check_after_success
from bbabo.store import Store

__all__ = ["refresh_source", "RefreshOutcome", "RefreshResult"]

log = logging.getLogger(__name__)


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


def refresh_source(source: Source, *, store: Store, http: httpx.Client,
                   options: fetch.FetchOptions, now: datetime) -> RefreshResult:
    try:
        page = fetch.fetch_page(http, source.url, options, etag=source.etag,
                                last_modified=source.last_modified)
        if page.status == 304:
            store.sources.record_success(source.id, now=now, etag=source.etag,
                                         last_modified=source.last_modified,
                                         next_check_at=next_check_after_success(source, now))
            log.info("source not modified", extra={"source_id": source.id})
            return RefreshResult(source_id=source.id, outcome=RefreshOutcome.not_modified)
        entries = sources.parse_feed(page.body, base_url=page.final_url)
    except BbaboError as exc:
        retry_after = exc.retry_after if isinstance(exc, RateLimited) else None
        store.sources.record_failure(source.id, code=exc.code, message=str(exc),
                                     next_check_at=next_check_after_failure(
                                         source, now, retry_after=retry_after))
        log.warning("source failed: %s", exc, extra={"source_id": source.id, "code": exc.code})
        return RefreshResult(source_id=source.id, outcome=RefreshOutcome.failed,
                             error_code=exc.code, error=str(exc))
    normalized = [_normalized(entry) for entry in entries]
    new_pages = store.pages.enqueue(source.id, normalized, now=now)
    store.sources.record_success(source.id, now=now, etag=page.etag,
                                 last_modified=page.last_modified,
                                 next_check_at=next_check_after_success(source, now))
    log.info("source refreshed", extra={"source_id": source.id, "new": new_pages})
    return RefreshResult(source_id=source.id, outcome=RefreshOutcome.updated, new_pages=new_pages)


def _normalized(entry: FeedEntry) -> FeedEntry:
    return FeedEntry(url=dedup.normalize_url(entry.url), title=entry.title,
                     published_at=entry.published_at, summary=entry.summary)
