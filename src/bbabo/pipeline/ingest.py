"""Ingest one article page: fetch, extract, detect the language, store (or link to its copy)."""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass, replace
from datetime import datetime

import httpx

from bbabo import dedup, extract, fetch
from bbabo.errors import BbaboError, PermanentError
from bbabo.langid import LanguageDetector
from bbabo.model import Source
from bbabo.store import PendingPage, Store

__all__ = ["ingest_page", "IngestOutcome", "IngestResult"]

log = logging.getLogger(__name__)


class IngestOutcome(enum.Enum):
    new = "new"
    duplicate = "duplicate"
    failed = "failed"


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestResult:
    url: str
    outcome: IngestOutcome
    article_id: int | None = None
    error_code: str | None = None
    error: str | None = None


def ingest_page(pending: PendingPage, source: Source | None, *, store: Store,
                http: httpx.Client, options: fetch.FetchOptions,
                detector: LanguageDetector, now: datetime) -> IngestResult:
    try:
        page = fetch.fetch_page(http, pending.url, options)
        hops = [dedup.normalize_url(u) for u in (page.final_url, *page.redirects)]
        known = store.articles.find_by_urls(hops)
        if known is not None:
            # A redirect into an article we already have: record the URL, download nothing more.
            store.articles.link_urls(known, [pending.url, *hops])
            store.pages.mark_done(pending.url, article_id=known, now=now)
            return IngestResult(url=pending.url, outcome=IngestOutcome.duplicate,
                                article_id=known)
        article = extract.extract_article(page)
        hint = article.lang_hint or (source.lang_hint if source else None)
        language = detector.detect(f"{article.title}\n{article.text}", hint=hint)
    except BbaboError as exc:
        store.pages.mark_failed(pending.url, code=exc.code, message=str(exc),
                                permanent=isinstance(exc, PermanentError), now=now)
        log.warning("page failed: %s", exc, extra={"url": pending.url, "code": exc.code})
        return IngestResult(url=pending.url, outcome=IngestOutcome.failed, error_code=exc.code,
                            error=str(exc))
    article = replace(article, canonical_url=dedup.normalize_url(article.canonical_url),
                      published_at=article.published_at or pending.feed_published_at)
    saved = store.articles.save(
        article, language=language,
        source_id=source.id if source else None,
        section=source.section if source else "news", urls=[pending.url, *hops], now=now)
    store.pages.mark_done(pending.url, article_id=saved.article_id, now=now)
    log.info("page ingested", extra={"url": pending.url, "article_id": saved.article_id,
                                     "lang": language.lang})
    return IngestResult(url=pending.url, article_id=saved.article_id,
                        outcome=IngestOutcome.new if saved.created else IngestOutcome.duplicate)
