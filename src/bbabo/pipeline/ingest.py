"""Ingest one article page: fetch, extract, detect the language, store (or link to its copy).

Two halves, so a crawl can run the slow one on many threads and the other on one: ``prepare_page``
does the network and CPU work and only reads the store; ``record_page`` makes every write and
takes the duplicate decisions that depend on what was stored a moment earlier.

A page is a copy of a stored article when (in this order) its URL or an AMP variant of it is
known (nothing is downloaded), a redirect led to a known URL, its canonical or AMP URL is known,
its text is a near-duplicate (MinHash LSH) of a recent article, or its text is identical.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

import httpx

from bbabo import dedup, fetch
from bbabo.errors import BbaboError, InternalError, PermanentError, Unavailable
from bbabo.langid import LanguageDetector
from bbabo.model import ExtractedArticle, LanguageGuess, Source
from bbabo.pipeline.reading import InlineReader, PageReader
from bbabo.store import LASTING, PendingPage, Store, store_failure

__all__ = ["ingest_page", "prepare_page", "record_page", "load_index", "PageTools",
           "record_pages", "PreparedPage", "IngestOutcome", "IngestResult", "DEDUP_WINDOW",
           "RETRY_BASE_S", "RETRY_MAX_S"]

log = logging.getLogger(__name__)

DEDUP_WINDOW = timedelta(days=14)
"""How far back near-duplicates are looked for: wire copies are re-published within days."""
RETRY_BASE_S, RETRY_MAX_S = 60.0, 3600.0
"""A page that failed for now is tried again after 1, 2, 4 ... minutes, at most an hour (and
at most ``store.pages.MAX_ATTEMPTS`` times in all)."""


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
    duplicate_reason: str | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PageTools:
    """What fetching and reading a page needs; shared by every worker thread."""

    http: httpx.Client
    options: fetch.FetchOptions
    detector: LanguageDetector
    gate: fetch.Gate | None = None
    resolver: fetch.Resolver | None = None
    # Extracts and signs a page: a crawl or a worker passes a ``ProcessReader``, which reads in
    # a child process within a time and memory budget (see ``pipeline.reading``).
    reader: PageReader = field(default_factory=InlineReader)


@dataclass(frozen=True, slots=True, kw_only=True)
class PreparedPage:
    """The outcome of ``prepare_page``: a failure, a known article, or an extracted one."""

    pending: PendingPage
    source: Source | None
    urls: tuple[str, ...] = ()
    known_id: int | None = None
    reason: str | None = None
    article: ExtractedArticle | None = None
    language: LanguageGuess | None = None
    signature: bytes | None = field(default=None, repr=False)
    error: BbaboError | None = None


def ingest_page(pending: PendingPage, source: Source | None, *, store: Store,
                http: httpx.Client, options: fetch.FetchOptions,
                detector: LanguageDetector, now: datetime, gate: fetch.Gate | None = None,
                index: dedup.NearDuplicateIndex | None = None,
                resolver: fetch.Resolver | None = None,
                reader: PageReader | None = None) -> IngestResult:
    """Prepare and record one page. Pass a long-lived ``index`` (and a ``fetch.CachingResolver``)
    when ingesting many pages, and a ``ProcessReader`` to bound the time and memory its
    extraction may take (without one, the page is read in this thread, unbounded)."""
    tools = PageTools(http=http, options=options, detector=detector, gate=gate,
                      resolver=resolver, reader=reader or InlineReader())
    prepared = prepare_page(pending, source, store=store, tools=tools)
    return record_page(prepared, store=store, index=load_index(store, now, index), now=now)


def prepare_page(pending: PendingPage, source: Source | None, *, store: Store,
                 tools: PageTools) -> PreparedPage:
    """Fetch and read a page; the store is only read. Never raises: any failure, a bug
    included (``internal.error``), is the page's, for ``record_page`` to record."""
    base = PreparedPage(pending=pending, source=source, urls=(pending.url,))
    try:
        return _prepare(base, store=store, tools=tools)
    except Unavailable:
        raise  # the infrastructure's trouble, not the page's: the caller retries the work
    except BbaboError as exc:
        return replace(base, error=exc)
    except Exception as exc:
        # A bug, or a library failing on input it should refuse: the page fails (and is tried
        # again later, a few times at most) rather than stay pending and fail every pass.
        log.error("internal error while preparing a page", exc_info=exc,
                  extra={"url": pending.url, "code": InternalError.code})
        return replace(base, error=InternalError.wrapping(exc))


def _prepare(base: PreparedPage, *, store: Store, tools: PageTools) -> PreparedPage:
    pending, source = base.pending, base.source
    known, reason, looked_up = _known_before_fetching(pending.url, store)
    if known is not None:
        # Known under this URL or as the original of an AMP copy: download nothing.
        return replace(base, known_id=known, reason=reason)
    page = fetch.fetch_page(tools.http, pending.url, tools.options, gate=tools.gate,
                            resolver=tools.resolver)
    hops = tuple(dedup.normalize_url(u) for u in (page.final_url, *page.redirects))
    urls = tuple(dict.fromkeys((pending.url, *hops)))
    new_hops = [hop for hop in hops if hop not in looked_up]
    known = store.articles.find_by_urls(new_hops) if new_hops else None
    if known is not None:
        # A redirect into an article we already have.
        return replace(base, urls=urls, known_id=known, reason="redirect")
    reading = tools.reader.read(page)
    article = reading.article
    hint = article.lang_hint or (source.lang_hint if source else None)
    language = tools.detector.detect(f"{article.title}\n{article.text}", hint=hint)
    article = replace(
        article, canonical_url=dedup.normalize_url(article.canonical_url),
        amp_url=dedup.normalize_url(article.amp_url) if article.amp_url else None,
        published_at=article.published_at or pending.feed_published_at)
    return replace(base, urls=urls, article=article, language=language,
                   signature=reading.signature)


def _known_before_fetching(url: str, store: Store) -> tuple[int | None, str | None, set[str]]:
    """(article id, "url" or "amp") if ``url`` or the non-AMP original of it leads to a stored
    article, else (None, None); and the URLs looked up."""
    known = store.articles.find_by_urls([url])
    if known is not None:
        return known, "url", {url}
    variants = dedup.amp_variants(url)
    known = store.articles.find_by_urls(variants) if variants else None
    return known, "amp" if known is not None else None, {url, *variants}


def record_page(prepared: PreparedPage, *, store: Store,
                index: dedup.NearDuplicateIndex | None, now: datetime) -> IngestResult:
    """Write what ``prepare_page`` found: a failure, a link to a known article, or a new one.

    The writes for one page are one transaction: a page is never marked done without its
    article, URLs and signature, and a crash leaves it pending with nothing half-stored."""
    return _record_alone(prepared, store=store, index=index, now=now)


def record_pages(prepared: Sequence[PreparedPage], *, store: Store,
                 index: dedup.NearDuplicateIndex | None, now: datetime) -> list[IngestResult]:
    """``record_page`` for several pages in one transaction, each seeing the ones before it.

    One commit for many pages costs far less than one each (on SQLite the full-text index also
    writes one segment per commit): a crawl's writer passes every page that is ready. If the
    transaction fails, the pages are written one by one, so that a bad page fails alone."""
    if len(prepared) > 1:
        try:
            return _record_together(prepared, store=store, index=index, now=now)
        except Exception as exc:  # retried page by page below, where it surfaces again
            failure = store_failure(exc)
            if failure is not None and failure.code in LASTING:
                raise  # a full disk or a damaged file: writing page by page fails the same
            log.warning("writing %d pages together failed (%s); writing them one by one",
                        len(prepared), type(exc).__name__)
    return [_record_alone(page, store=store, index=index, now=now) for page in prepared]


def _record_alone(prepared: PreparedPage, *, store: Store,
                  index: dedup.NearDuplicateIndex | None, now: datetime) -> IngestResult:
    """One page's writes; if they fail on something of the page's (a value the database
    refuses, a bug), that is recorded as the page's failure (it backs off like any failed
    page) in a transaction of its own. The database's own trouble goes up."""
    try:
        return _record_together([prepared], store=store, index=index, now=now)[0]
    except Exception as exc:
        if store_failure(exc) is not None:
            raise  # the database's trouble (full, damaged, gone), not this page's
        url = prepared.pending.url
        log.error("internal error while storing a page", exc_info=exc,
                  extra={"url": url, "code": InternalError.code})
        error = InternalError.wrapping(exc)
    return _record_together([replace(prepared, error=error)], store=store, index=index,
                            now=now)[0]


def _record_together(prepared: Sequence[PreparedPage], *, store: Store,
                     index: dedup.NearDuplicateIndex | None,
                     now: datetime) -> list[IngestResult]:
    results: list[IngestResult] = []
    # Signatures of the articles this transaction stores: searched alongside ``index``, and
    # added to it only once committed (it must not know an article a rollback took back).
    stored = _Unsaved(index.threshold) if index is not None else None
    with store.transaction() as tx:
        for page in prepared:
            result, signature = _record(page, tx, index, stored, now)
            results.append(result)
            if stored is not None and signature is not None and result.article_id is not None:
                stored.add(result.article_id, signature)
    if index is not None and stored is not None:
        stored.move_into(index)
    for result in results:
        _log_result(result)
    return results


class _Unsaved:
    """A near-duplicate index for the articles of a transaction not yet committed."""

    def __init__(self, threshold: float) -> None:
        self._threshold = threshold
        self._index: dedup.NearDuplicateIndex | None = None
        self._added: list[tuple[int, dedup.Signature]] = []

    def add(self, article_id: int, signature: dedup.Signature) -> None:
        if self._index is None:  # most transactions hold one page: build only when needed
            self._index = dedup.NearDuplicateIndex(self._threshold)
        self._index.add(article_id, signature)
        self._added.append((article_id, signature))

    def find(self, signature: dedup.Signature) -> dedup.NearDuplicate | None:
        return self._index.find(signature) if self._index is not None else None

    def move_into(self, index: dedup.NearDuplicateIndex) -> None:
        for article_id, signature in self._added:
            index.add(article_id, signature)


def _record(prepared: PreparedPage, tx: Store, index: dedup.NearDuplicateIndex | None,
            stored: _Unsaved | None, now: datetime) -> tuple[IngestResult, dedup.Signature | None]:
    """One page's writes inside ``tx``; and the signature of the article it stored, if any."""
    url = prepared.pending.url
    if prepared.error is not None:
        exc = prepared.error
        tx.pages.mark_failed(url, code=exc.code, message=str(exc),
                             permanent=isinstance(exc, PermanentError), now=now)
        return IngestResult(url=url, outcome=IngestOutcome.failed, error_code=exc.code,
                            error=str(exc)), None
    if prepared.known_id is not None:
        return _link(prepared, prepared.known_id, prepared.reason or "url", tx=tx, now=now), None
    article, language = prepared.article, prepared.language
    assert article is not None and language is not None
    urls = [*prepared.urls, article.canonical_url, *([article.amp_url] if article.amp_url else [])]
    signature = dedup.from_bytes(prepared.signature) if prepared.signature else None
    known = tx.articles.find_by_urls(urls)
    if known is not None:
        return _link(prepared, known, "canonical", tx=tx, now=now, urls=urls), None
    if signature is not None:
        near = _nearest(signature, index, stored)
        if near is not None:
            log.debug("near-duplicate of article %d (%.2f)", near.article_id, near.similarity,
                      extra={"url": url, "article_id": near.article_id})
            return _link(prepared, near.article_id, "near_duplicate", tx=tx, now=now,
                         urls=urls), None
    source = prepared.source
    pending = prepared.pending
    # Freshness is measured from the feed entry's date when there is one (to the second, where
    # a page often gives only the day), from the page's own date otherwise.
    saved = tx.articles.save(article, language=language, source_id=source.id if source else None,
                             section=source.section if source else "news", urls=urls, now=now,
                             first_seen_at=pending.queued_at,
                             source_published_at=pending.feed_published_at or article.published_at)
    if not saved.created:
        return _link(prepared, saved.article_id, "content", tx=tx, now=now, urls=urls), None
    if prepared.signature is not None:
        tx.fingerprints.save(saved.article_id, prepared.signature, now=now)
    tx.pages.mark_done(url, article_id=saved.article_id, now=now)
    return IngestResult(url=url, article_id=saved.article_id, outcome=IngestOutcome.new,
                        language=language.lang), signature


def _nearest(signature: dedup.Signature, index: dedup.NearDuplicateIndex | None,
             stored: _Unsaved | None) -> dedup.NearDuplicate | None:
    """The earliest near-duplicate among the committed articles and this transaction's."""
    found = [near for near in (index.find(signature) if index is not None else None,
                               stored.find(signature) if stored is not None else None)
             if near is not None]
    return min(found, key=lambda near: near.article_id) if found else None


def _link(prepared: PreparedPage, article_id: int, reason: str, *, tx: Store,
          now: datetime, urls: list[str] | None = None) -> IngestResult:
    url = prepared.pending.url
    tx.articles.link_urls(article_id, urls if urls is not None else prepared.urls)
    tx.pages.mark_done(url, article_id=article_id, now=now, duplicate_reason=reason)
    return IngestResult(url=url, outcome=IngestOutcome.duplicate, article_id=article_id,
                        duplicate_reason=reason)


def _log_result(result: IngestResult) -> None:
    # Logged once committed, so the log never reports a write a rollback took back.
    url = result.url
    if result.outcome is IngestOutcome.failed:
        log.warning("page failed: %s", result.error, extra={"url": url, "code": result.error_code})
    elif result.outcome is IngestOutcome.duplicate:
        log.info("page is a copy (%s)", result.duplicate_reason,
                 extra={"url": url, "article_id": result.article_id})
    else:
        log.info("page ingested", extra={"url": url, "article_id": result.article_id,
                                         "lang": result.language})


def load_index(store: Store, now: datetime,
               index: dedup.NearDuplicateIndex | None = None) -> dedup.NearDuplicateIndex:
    """``index`` brought up to date with the signatures stored since it was last read (all
    those within ``DEDUP_WINDOW`` for a new index), and rid of those stored before the window:
    a process running for months kept every signature it had ever read (some 5 KB each)."""
    index = index if index is not None else dedup.NearDuplicateIndex()
    start = now - DEDUP_WINDOW
    if len(index):
        first = store.fingerprints.first_since(start)
        index.forget_below(first if first is not None else index.last_id + 1)
    index.catch_up(store.fingerprints.since(start, after_id=index.last_id))
    return index
