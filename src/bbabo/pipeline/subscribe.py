"""Add sources: a feed or news sitemap URL, a site URL whose feed is found by autodiscovery,
or every subscription of an OPML file."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

import httpx

from bbabo import dedup, fetch, sources
from bbabo.errors import NotAFeed, UsageError
from bbabo.model import Source
from bbabo.pipeline.refresh import read_source
from bbabo.store import Store

__all__ = ["add_source", "check_source_url", "check_section", "import_opml", "ImportReport"]

log = logging.getLogger(__name__)


def check_source_url(url: str) -> str:
    """The URL, normalised, or a UsageError saying what is wrong with it."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"not an http(s) URL: {url!r}", code="usage.bad_url")
    return dedup.normalize_url(url.strip())


def check_section(value: str) -> str:
    """A section name as stored (a lower-case word), or a UsageError."""
    slug = value.strip().lower()
    if not slug or len(slug) > 64 or not all(c.isalnum() or c in "-_" for c in slug):
        raise UsageError(f"section must be a word of letters, digits, '-' or '_': {value!r}",
                         code="usage.bad_section")
    return slug


def add_source(url: str, *, store: Store, http: httpx.Client, options: fetch.FetchOptions,
               now: datetime, lang: str | None = None, section: str = "news",
               name: str | None = None, poll_interval_s: int = 900) -> Source:
    """Fetch ``url``; if it is a feed or a news sitemap, subscribe to it, else subscribe to the
    feed the page links to."""
    url = check_source_url(url)
    page = fetch.fetch_page(http, url, options)
    feed_url, site_url, kind = page.final_url, None, "feed"
    try:
        kind, _, _ = read_source(page, http=http, options=options)
    except NotAFeed:
        candidates = sources.discover_feeds(page.body, base_url=page.final_url)
        if not candidates:
            raise NotAFeed(f"{url} is neither a feed, a sitemap nor a page that links to a feed"
                           ) from None
        site_url, feed_url = page.final_url, candidates[0]
        feed_page = fetch.fetch_page(http, feed_url, options)
        sources.parse_feed(feed_page.body, base_url=feed_page.final_url)
        log.info("feed found by autodiscovery", extra={"url": feed_url})
    host = urlsplit(feed_url).hostname or feed_url
    return store.sources.add(url=dedup.normalize_url(feed_url), now=now, kind=kind,
                             name=name or host, site_url=site_url, lang_hint=lang,
                             section=section, poll_interval_s=poll_interval_s)


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportReport:
    added: tuple[Source, ...] = ()
    duplicates: tuple[str, ...] = ()
    invalid: tuple[tuple[str, str], ...] = ()  # (url, problem)


def import_opml(body: bytes, *, store: Store, now: datetime, poll_interval_s: int = 900,
                default_section: str = "news") -> ImportReport:
    """Add every outline of an OPML file as a source, without fetching anything (the first
    crawl finds out whether each is a feed or a sitemap). Known URLs are skipped."""
    added: list[Source] = []
    duplicates: list[str] = []
    invalid: list[tuple[str, str]] = []
    for outline in sources.parse_opml(body):
        if outline.problem is not None:
            invalid.append((outline.url, outline.problem))
            continue
        url = check_source_url(outline.url)
        if store.sources.find_by_url(url) is not None or url in {s.url for s in added}:
            duplicates.append(url)
            continue
        added.append(store.sources.add(
            url=url, now=now, kind="feed", name=outline.title or urlsplit(url).hostname or url,
            site_url=outline.site_url, lang_hint=outline.lang,
            section=outline.section or default_section, poll_interval_s=poll_interval_s))
    log.info("OPML imported", extra={"new": len(added)})
    return ImportReport(added=tuple(added), duplicates=tuple(duplicates), invalid=tuple(invalid))
