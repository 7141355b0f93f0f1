"""The store's ingest side on SQLite and PostgreSQL: enable/disable, kinds, fingerprints, and
why a queued page was a duplicate."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bbabo.model import ExtractedArticle, FeedEntry, LanguageGuess
from bbabo.store import Store

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def test_enable_disable_and_kind(store: Store) -> None:
    source = store.sources.add(url="https://a.example/sitemap.xml", now=NOW)
    assert store.sources.find_by_url(source.url) == source
    assert store.sources.find_by_url("https://nowhere.example/") is None
    store.sources.record_failure(source.id, code="fetch.timeout", message="slow",
                                 next_check_at=NOW + timedelta(days=1))
    off = store.sources.set_enabled(source.id, False, now=NOW)
    assert not off.enabled and store.sources.due(NOW + timedelta(days=2)) == []
    later = NOW + timedelta(hours=1)
    on = store.sources.set_enabled(source.id, True, now=later)
    assert on.enabled and on.next_check_at == later and on.consecutive_failures == 0
    store.sources.set_kind(source.id, "sitemap")
    assert store.sources.get(source.id).kind == "sitemap"


def test_fingerprints_and_duplicate_reasons(store: Store) -> None:
    source = store.sources.add(url="https://a.example/feed", now=NOW)
    store.pages.enqueue(source.id, [FeedEntry(url="https://a.example/1"),
                                    FeedEntry(url="https://b.example/copy")], now=NOW)
    saved = store.articles.save(
        ExtractedArticle(url="https://a.example/1", canonical_url="https://a.example/1",
                         title="T", paragraphs=("p",)),
        language=LanguageGuess(lang="en", confidence=1.0, method="test"), source_id=source.id,
        section="news", urls=[], now=NOW)
    store.fingerprints.save(saved.article_id, b"\x01" * 512, now=NOW)
    store.fingerprints.save(saved.article_id, b"\x02" * 512, now=NOW)  # kept once, unchanged
    assert store.fingerprints.since(NOW - timedelta(days=1)) == [(saved.article_id,
                                                                  b"\x01" * 512)]
    assert store.fingerprints.since(NOW - timedelta(days=1), after_id=saved.article_id) == []
    assert store.fingerprints.since(NOW + timedelta(days=1)) == []

    store.pages.mark_done("https://a.example/1", article_id=saved.article_id, now=NOW)
    store.pages.mark_done("https://b.example/copy", article_id=saved.article_id, now=NOW,
                          duplicate_reason="near_duplicate")
    assert store.pages.get_state("https://a.example/1") == ("done", None, None)
    assert store.pages.get_state("https://b.example/copy") == ("done", "near_duplicate", None)
    assert store.pages.get_state("https://c.example/") is None


def test_url_lookups_of_any_length(store: Store) -> None:
    """URL lists go to the database in fixed-width chunks: every length and position counts."""
    urls = [f"https://a.example/hop/{n}" for n in range(40)]
    saved = store.articles.save(
        ExtractedArticle(url=urls[0], canonical_url=urls[0], title="T", paragraphs=("p",)),
        language=LanguageGuess(lang="en", confidence=1.0, method="test"), source_id=None,
        section="news", urls=urls[:37], now=NOW)
    unknown = [f"https://b.example/{n}" for n in range(40)]
    assert store.articles.find_by_urls([]) is None
    for length in (1, 2, 3, 5, 9, 16, 17, 33):
        assert store.articles.find_by_urls(unknown[:length]) is None
        for position in {0, length // 2, length - 1}:
            probe = unknown[:length]
            probe[position] = urls[36]
            assert store.articles.find_by_urls(probe) == saved.article_id
    # Repeated URLs and all 40 at once: the three not yet known are added, once each.
    store.articles.link_urls(saved.article_id, urls + urls[:5])
    assert all(store.articles.find_by_urls([url]) == saved.article_id for url in urls)
    again = store.articles.save(
        ExtractedArticle(url=unknown[0], canonical_url=unknown[1], title="Other",
                         paragraphs=("q",)),
        language=LanguageGuess(lang="en", confidence=1.0, method="test"), source_id=None,
        section="news", urls=[*unknown[2:20], urls[39]], now=NOW)
    assert not again.created and again.article_id == saved.article_id
