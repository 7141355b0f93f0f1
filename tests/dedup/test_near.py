"""AMP URL variants, MinHash fingerprints and the near-duplicate index."""

from __future__ import annotations

import random

import pytest

from bbabo.dedup import (
    NearDuplicateIndex,
    amp_variants,
    from_bytes,
    is_amp_url,
    minhash,
    signature_bytes,
)
from bbabo.dedup.cluster import BANDS, NEAR_DUPLICATE_THRESHOLD, ROWS
from bbabo.dedup.fingerprint import NUM_PERM
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


def test_the_banding_is_datasketch_s_for_the_threshold() -> None:
    from datasketch import MinHashLSH

    reference = MinHashLSH(threshold=NEAR_DUPLICATE_THRESHOLD, num_perm=NUM_PERM)
    assert (reference.b, reference.r) == (BANDS, ROWS)


def test_candidates_are_the_ones_datasketch_finds() -> None:
    from datasketch import MinHash, MinHashLSH

    rng = random.Random(3)
    vocabulary = [f"w{n}" for n in range(400)]
    base = [rng.choice(vocabulary) for _ in range(200)]
    texts = []
    for n in range(60):  # copies of one text with more and more words changed, and others
        words = list(base) if n % 2 else [rng.choice(vocabulary) for _ in range(200)]
        for i in rng.sample(range(200), n * 3 % 120):
            words[i] = rng.choice(vocabulary)
        texts.append(" ".join(words))
    ours = NearDuplicateIndex()
    theirs = MinHashLSH(num_perm=NUM_PERM, params=(BANDS, ROWS))
    signatures = {}
    for article_id, text in enumerate(texts, start=1):
        signature = minhash(text)
        assert signature is not None
        signatures[article_id] = signature
        theirs.insert(article_id, MinHash(hashvalues=signature.values, scheme="affine32"))
        ours.add(article_id, signature)
    for signature in signatures.values():
        expected = [key for key in sorted(theirs.query(
            MinHash(hashvalues=signature.values, scheme="affine32")))
            if signatures[key].jaccard(signature) >= NEAR_DUPLICATE_THRESHOLD]
        found = ours.find(signature)
        assert (found.article_id if found else None) == (expected[0] if expected else None)
