"""AMP URL variants, MinHash fingerprints and the near-duplicate index."""

from __future__ import annotations

import pytest

from bbabo.dedup import (
    NearDuplicateIndex,
    amp_variants,
    from_bytes,
    is_amp_url,
    minhash,
    signature_bytes,
)
from fakeweb import SITE_ROOT


@pytest.mark.parametrize(("url", "original"), [
    ("https://news.example/2024/story/amp", "https://news.example/2024/story"),
    ("https://news.example/2024/story/amp/", "https://news.example/2024/story"),
    ("https://news.example/amp/2024/story", "https://news.example/2024/story"),
    ("https://news.example/2024/story.amp.html", "https://news.example/2024/story.html"),
    ("https://news.example/2024/story?amp=1&id=3", "https://news.example/2024/story?id=3"),
    ("https://news.example/2024/story?outputType=amp", "https://news.example/2024/story"),
    ("https://amp.news.example/2024/story", "https://news.example/2024/story"),
    ("https://news-example.cdn.ampproject.org/c/s/news.example/2024/story/amp",
     "https://news.example/2024/story"),
])
def test_amp_variants(url: str, original: str) -> None:
    assert original in amp_variants(url) and is_amp_url(url)


@pytest.mark.parametrize("url", ["https://news.example/2024/story",
                                 "https://news.example/campaign/amplifier",
                                 "https://news.example/a?ampersand=1"])
def test_not_amp(url: str) -> None:
    assert amp_variants(url) == [] and not is_amp_url(url)


def _text(name: str) -> str:
    from lxml import html

    return html.fromstring((SITE_ROOT / name).read_bytes()).text_content()


def test_wire_copies_are_near_duplicates_and_other_stories_are_not() -> None:
    first, copy = minhash(_text("crawl/wire-first.html")), minhash(_text("other/wire-copy.html"))
    other = minhash(_text("crawl/story.html"))
    assert first is not None and copy is not None and other is not None
    index = NearDuplicateIndex()
    index.add(10, first)
    index.add(11, other)
    found = index.find(copy)
    assert found is not None and found.article_id == 10 and found.similarity >= 0.7
    assert index.find(minhash(_text("articles/en-harbour-bridge.html"))) is None  # type: ignore[arg-type]


def test_signatures_survive_the_store_and_short_texts_are_not_compared() -> None:
    signature = minhash(" ".join(f"word{n}" for n in range(60)))
    assert signature is not None
    restored = from_bytes(signature_bytes(signature))
    assert restored.jaccard(signature) == 1.0 and len(signature_bytes(signature)) == 512
    assert minhash("Too short to say anything about.") is None
    cjk = "東京都は新しい交通計画を発表しました。" * 5
    assert minhash(cjk) is not None  # characters stand in for words


def test_index_catch_up_and_earliest_match_wins() -> None:
    text = " ".join(f"token{n}" for n in range(80))
    signature = minhash(text)
    assert signature is not None
    index = NearDuplicateIndex()
    index.catch_up([(7, signature_bytes(signature)), (3, signature_bytes(signature))])
    assert len(index) == 2 and index.last_id == 7
    found = index.find(signature)
    assert found is not None and found.article_id == 3 and found.similarity == 1.0
