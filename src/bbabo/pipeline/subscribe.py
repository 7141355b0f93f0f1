"""Add a source: accept a feed URL, or a site URL whose feed is found by autodiscovery."""

from __future__ import annotations

import logging
from datetime import datetime
from urllib.parse import urlsplit

import httpx

from bbabo import dedup, fetch, sources
from bbabo.errors import NotAFeed, UsageError
from bbabo.model import Source
from bbabo.store import Store

__all__ = ["add_source", "check_source_url"]

log = logging.getLogger(__name__)


def check_source_url(url: str) -> str:
    """The URL, normalised, or a UsageError saying what is wrong with it."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"not an http(s) URL: {url!r}", code="usage.bad_url")
    return dedup.normalize_url(url.strip())


def add_source(url: str, *, store: Store, http: httpx.Client, options: fetch.FetchOptions,
               now: datetime, lang: str | None = None, section: str = "news",
               name: str | None = None, poll_interval_s: int = 900) -> Source:
    """Fetch ``url``; if it is a feed, subscribe to it, else subscribe to the feed it links to."""
    url = check_source_url(url)
    page = fetch.fetch_page(http, url, options)
    feed_url, site_url = page.final_url, None
    try:
        sources.parse_feed(page.body, base_url=page.final_url)
    except NotAFeed:
        candidates = sources.discover_feeds(page.body, base_url=page.final_url)
        if not candidates:
            raise NotAFeed(f"{url} is neither a feed nor a page that links to one") from None
        site_url, feed_url = page.final_url, candidates[0]
        feed_page = fetch.fetch_page(http, feed_url, options)
        sources.parse_feed(feed_page.body, base_url=feed_page.final_url)
        log.info("feed found by autodiscovery", extra={"url": feed_url})
    host = urlsplit(feed_url).hostname or feed_url
    return store.sources.add(url=dedup.normalize_url(feed_url), now=now, kind="feed",
                             name=name or host, site_url=site_url, lang_hint=lang,
                             section=section, poll_interval_s=poll_interval_s)
