"""What cross-lingual search will stand on: the stored vectors of every report as one matrix in
memory, and a query in one language embedded by the real model finding reports of the event in
other languages (nearest by cosine; full-text search in the reader's language is the other half,
fused by the site)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bbabo.embed import E5Embedder
from bbabo.model import ExtractedArticle, LanguageGuess
from bbabo.store import Store, VectorMatrix

from .labelled import cached_vectors, load_split, vectors_for


@pytest.fixture(scope="module")
def embedder() -> E5Embedder:
    return E5Embedder()


def test_a_query_finds_the_event_in_other_languages(store: Store, embedder: E5Embedder) -> None:
    items = load_split("report", translations=False)
    model_id, cache = cached_vectors()
    vectors = vectors_for(items, cache=cache)
    event_of: dict[int, tuple[str, str]] = {}
    now = datetime.now(UTC)
    for item in items:
        title, _, lead = item.source.partition("\n")
        saved = store.articles.save(
            ExtractedArticle(url=f"https://news.example/{item.id}",
                             canonical_url=f"https://news.example/{item.id}", title=title,
                             paragraphs=(lead,)),
            language=LanguageGuess(lang=item.report.lang, confidence=1.0, method="test"),
            source_id=None, section="news", urls=[], now=now)
        store.vectors.save([(saved.article_id, vectors[item.id])], model=model_id, now=now)
        event_of[saved.article_id] = (item.event, item.report.lang)
    matrix = VectorMatrix(store.vectors, model=embedder.model_id, dim=embedder.dim)
    assert matrix.refresh() == len(items)

    found = [event_of[a] for a, _ in matrix.nearest(
        embedder.embed(["huelga de pilotos de Lufthansa"])[0], k=2)]
    assert found == [("r-strike-lufthansa", "en"), ("r-strike-lufthansa", "de")]
    found = [event_of[a] for a, _ in matrix.nearest(
        embedder.embed(["Bank Anglii obniżył stopy procentowe"])[0], k=3)]
    # Polish query, no Polish report of it: the three nearest are the Bank of England's in
    # three other languages (the Fed's Polish report, a look-alike, comes after them).
    assert {event for event, _ in found} == {"r-boe-cut"}
    assert len({lang for _, lang in found}) == 3
