"""Refresh one source: conditional GET of its feed or news sitemap, parse, queue the article
pages it lists. As with ingest, ``prepare_source`` does the network work and only
``record_source`` writes, so a crawl can refresh many sources at once."""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass, field, replace
from datetime import datetime

import httpx

from bbabo import dedup, fetch, sources
from bbabo.errors import BbaboError, InternalError, RateLimited
from bbabo.model import FeedEntry, FetchedPage, ParsedFeed, Source
from bbabo.pipeline.schedule import (
    PollPolicy,
    cache_hint_s,
    learned_interval,
    next_check_after_failure,
    next_check_after_success,
)
from bbabo.store import Store, store_failure

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
    # What the feed says about itself: its WebSub hub and self URL, its <ttl>.
    meta: ParsedFeed = field(default_factory=ParsedFeed)
    # False for a sitemap index: its children change while it does not, so no 304 for it.
    conditional: bool = True
    error: BbaboError | None = None


def refresh_source(source: Source, *, store: Store, http: httpx.Client,
                   options: fetch.FetchOptions, now: datetime,
                   gate: fetch.Gate | None = None,
                   policy: PollPolicy | None = None) -> RefreshResult:
    prepared = prepare_source(source, http=http, options=options, gate=gate)
    return record_source(prepared, store=store, now=now, policy=policy)


def prepare_source(source: Source, *, http: httpx.Client, options: fetch.FetchOptions,
                   gate: fetch.Gate | None = None) -> PreparedSource:
    """Fetch and parse a source; touches no store. Never raises: any failure, a bug included
    (``internal.error``), is the source's, for ``record_source`` to record with its back-off."""
    try:
        page = fetch.fetch_page(http, source.url, options, etag=source.etag,
                                last_modified=source.last_modified, gate=gate)
        if page.status == 304:
            return PreparedSource(source=source, page=page, kind=source.kind)
        kind, feed, is_index = read_source(page, http=http, options=options, gate=gate)
    except BbaboError as exc:
        return PreparedSource(source=source, error=exc)
    except Exception as exc:
        # Unrecorded, the source would stay due and be polled again at once, forever.
        log.error("internal error while polling a source", exc_info=exc,
                  extra={"source_id": source.id, "url": source.url, "code": InternalError.code})
        return PreparedSource(source=source, error=InternalError.wrapping(exc))
    return PreparedSource(source=source, page=page, kind=kind, entries=feed.entries,
                          conditional=not is_index,
                          meta=replace(feed, entries=()))


def read_source(page: FetchedPage, *, http: httpx.Client, options: fetch.FetchOptions,
                gate: fetch.Gate | None = None) -> tuple[str, ParsedFeed, bool]:
    """("feed" or "sitemap", the entries and what the feed says of itself, whether it was a
    sitemap index) of a fetched source; an index's children are fetched and read."""
    if not sources.is_sitemap(page.body):
        return "feed", sources.read_feed(page.body, base_url=page.final_url), False
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
    return "sitemap", ParsedFeed(entries=tuple(entries)), sitemap.is_index


def record_source(prepared: PreparedSource, *, store: Store, now: datetime,
                  policy: PollPolicy | None = None) -> RefreshResult:
    """Store what ``prepare_source`` found. If storing it fails, that failure is recorded as the
    source's (when the store cannot record even that, the error goes up)."""
    try:
        return _record(prepared, store=store, now=now, policy=policy)
    except Exception as exc:
        if prepared.error is not None or store_failure(exc) is not None:
            raise
        log.error("internal error while storing a source's entries", exc_info=exc,
                  extra={"source_id": prepared.source.id, "code": InternalError.code})
        failed = PreparedSource(source=prepared.source, error=InternalError.wrapping(exc))
    return _record(failed, store=store, now=now, policy=policy)


def _record(prepared: PreparedSource, *, store: Store, now: datetime,
            policy: PollPolicy | None = None) -> RefreshResult:
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
    policy = policy or PollPolicy()
    # How often to come back: as often as the source publishes, as its caching headers allow,
    # and rarely while a WebSub hub pushes its news (pipeline/schedule.py).
    learned = (learned_interval([e.published_at for e in prepared.entries], now, policy)
               if page.status != 304 else None)
    next_check = next_check_after_success(
        source, now, policy=policy, learned_s=learned,
        cache_s=cache_hint_s(page, prepared.meta.ttl_s),
        subscribed=source.id in store.websub.active_sources(now))
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
                                 next_check_at=next_check, poll_interval_s=learned,
                                 websub=_websub_of(prepared, page))
    log.info("source refreshed", extra={"source_id": source.id, "new": new_pages})
    return RefreshResult(source_id=source.id, outcome=RefreshOutcome.updated, new_pages=new_pages)


def _websub_of(prepared: PreparedSource, page: FetchedPage) -> tuple[str | None, str | None]:
    """The (hub, topic) the feed names: in its body (``<link rel="hub">``) or its HTTP ``Link``
    header; the topic is its ``rel="self"`` URL (WebSub §4), else the address it came from."""
    links = dict(reversed(page.links))  # the first of each rel wins
    hub = prepared.meta.hub or links.get("hub")
    if hub is None:
        return None, None
    return hub, prepared.meta.self_url or links.get("self") or page.final_url


def _normalized(entry: FeedEntry) -> FeedEntry:
    return FeedEntry(url=dedup.normalize_url(entry.url), title=entry.title,
                     published_at=entry.published_at, summary=entry.summary)
