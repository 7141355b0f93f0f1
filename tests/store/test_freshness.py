"""Freshness per language, counted by the database on both backends: from the source's
publication (only for stories published after the source was added, never from a time after
bbabo saw them) and from bbabo first seeing the story, to each version going live; and the
same figures in `bbabo status --json` and `/metrics` as Prometheus histograms."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from bbabo.config import Settings
from bbabo.model import ExtractedArticle, LanguageGuess, TranslatedText
from bbabo.pipeline.status import build_status
from bbabo.store import Store
from bbabo.store.freshness import BUCKETS_S, Histogram, Measure
from bbabo.web.app import create_app

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
ADDED = NOW - timedelta(days=3)


def _article(store: Store, index: int, *, source_id: int, published: datetime | None,
             seen: datetime, stored: datetime) -> int:
    article = ExtractedArticle(url=f"https://news.example/{index}",
                               canonical_url=f"https://news.example/{index}",
                               title=f"Story {index}", paragraphs=(f"Text {index}.",))
    return store.articles.save(
        article, language=LanguageGuess(lang="en", confidence=1.0, method="test"),
        source_id=source_id, section="news", urls=[article.url], now=stored,
        first_seen_at=seen, source_published_at=published).article_id


def _translate(store: Store, article_id: int, lang: str, at: datetime) -> None:
    store.translations.save(article_id, TranslatedText(
        source_lang="en", target_lang=lang, title="T", paragraphs=("P.",), engine="fake",
        model="fake"), now=at)


def _seed(store: Store) -> None:
    source = store.sources.add(url="https://news.example/feed.xml", now=ADDED).id
    minute = timedelta(minutes=1)
    # Published 10 min ago, seen 6 min ago, stored 5 min ago, in German 2 min ago.
    a = _article(store, 1, source_id=source, published=NOW - 10 * minute, seen=NOW - 6 * minute,
                 stored=NOW - 5 * minute)
    _translate(store, a, "de", NOW - 2 * minute)
    # Its date lies in the future: counted from when it was seen.
    b = _article(store, 2, source_id=source, published=NOW + timedelta(hours=5),
                 seen=NOW - 4 * minute, stored=NOW - 4 * minute)
    _translate(store, b, "de", NOW - 3 * minute)
    # Published before the source was added: backlog, not counted from publication.
    c = _article(store, 3, source_id=source, published=ADDED - timedelta(days=2),
                 seen=NOW - 30 * minute, stored=NOW - 29 * minute)
    _translate(store, c, "de", NOW - 28 * minute)
    # Undated: only counted from when it was seen. Live two hours ago: the day window only.
    d = _article(store, 4, source_id=source, published=None, seen=NOW - 125 * minute,
                 stored=NOW - 121 * minute)
    _translate(store, d, "de", NOW - 120 * minute)


def test_histograms_per_language_and_measure(store: Store) -> None:
    _seed(store)
    hour = NOW - timedelta(hours=1)
    published = store.freshness.histograms(hour, Measure.published)
    assert {lang: (h.count, round(h.sum_s)) for lang, h in published.items()} == {
        # en: 300 s (article 1) + 0 s (2, stored as seen); de: 480 s + 60 s
        "en": (2, 300), "de": (2, 540)}
    seen = store.freshness.histograms(hour, Measure.seen)
    assert {lang: (h.count, round(h.sum_s)) for lang, h in seen.items()} == {
        "en": (3, 60 + 0 + 60), "de": (3, 240 + 60 + 120)}
    day = store.freshness.histograms(NOW - timedelta(days=1), Measure.seen)
    assert day["de"].count == 4 and round(day["de"].sum_s) == 420 + 300
    de = published["de"]
    assert de.cumulative[BUCKETS_S.index(60)] == 1 and de.cumulative[BUCKETS_S.index(420)] == 1
    assert de.cumulative[BUCKETS_S.index(600)] == 2
    only = store.freshness.histograms(hour, Measure.published, languages=["de"])
    assert set(only) == {"de"}


def test_quantiles_interpolate_within_the_bucket() -> None:
    # 10 versions: 5 within 60 s, 4 more in (90, 120], 1 beyond the last bound.
    cumulative = tuple(0 if b < 60 else 5 if b < 120 else 9 for b in BUCKETS_S)
    hist = Histogram(cumulative=cumulative, count=10, sum_s=0.0)
    assert hist.quantile(0.5) == pytest.approx(60.0)
    assert hist.quantile(0.7) == pytest.approx(105.0)  # rank 7: 2 of the 4 in (90, 120]
    assert hist.quantile(0.95) == BUCKETS_S[-1]
    assert Histogram(cumulative=(0,) * len(BUCKETS_S), count=0, sum_s=0).quantile(0.5) is None


def test_status_and_metrics_report_it(sqlite_url: str) -> None:
    from bbabo.store import open_store

    store = open_store(sqlite_url)
    try:
        _seed(store)
        report = build_status(store, targets=("en", "de"), now=NOW, celery=False)
        fresh = report.as_json()["freshness"]
        assert fresh["1h"]["published"]["de"] == {"count": 2, "p50_s": 60.0, "p95_s": 582.0}
        assert fresh["1d"]["seen"]["de"]["count"] == 4

        app = create_app(Settings(target_languages=("en", "de")), store, clock=lambda: NOW)

        async def get() -> httpx.Response:
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                         base_url="http://t") as client:
                return await client.get("/metrics")

        lines = asyncio.run(get()).text.splitlines()
    finally:
        store.close()
    assert "# TYPE bbabo_freshness_seconds histogram" in lines
    labels = 'from="published",lang="de",window="1h"'
    assert f'bbabo_freshness_seconds_bucket{{{labels},le="60"}} 1' in lines
    assert f'bbabo_freshness_seconds_bucket{{{labels},le="600"}} 2' in lines
    assert f'bbabo_freshness_seconds_bucket{{{labels},le="+Inf"}} 2' in lines
    assert f"bbabo_freshness_seconds_count{{{labels}}} 2" in lines
    assert f"bbabo_freshness_seconds_sum{{{labels}}} 540" in lines
    assert ('bbabo_freshness_quantile_seconds{from="published",lang="de",quantile="0.5",'
            'window="1h"} 60') in lines
    # Buckets are cumulative and end with +Inf = _count, for every series.
    buckets = [line for line in lines if line.startswith("bbabo_freshness_seconds_bucket")]
    assert len(buckets) == (len(BUCKETS_S) + 1) * 8  # 2 windows x 2 measures x 2 languages
