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


def test_a_short_query_is_embedded_on_one_thread_and_alike(embedder: E5Embedder) -> None:
    """A search query runs on one OpenMP thread (the second's wake-ups cost more than they
    save on a few tokens); the vector is the one a batch call gives, and the calling thread's
    setting is back afterwards."""
    embedder.embed(["load"])
    model = embedder._model
    omp = model._lib
    threads_seen: list[int] = []
    query = model.query

    def watched(texts: list[str]) -> object:
        threads_seen.append(int(omp.omp_get_max_threads()))
        return query(texts)

    before = int(omp.omp_get_max_threads())
    if before == 1:  # OMP_NUM_THREADS=1 or one core: one thread either way, nothing to tell
        pytest.skip("OpenMP runs one thread here whatever the text")
    model.query = watched
    try:
        alone = embedder.embed(["huelga de pilotos"])[0]
        batch = embedder.embed(["huelga de pilotos", "a second text"])[0]
        lead = embedder.embed(["huelga de pilotos " * 10])
    finally:
        del model.query
    assert threads_seen == [1, before, before]
    assert lead.shape == (1, 384)
    assert int(omp.omp_get_max_threads()) == before
    assert float(alone @ batch) > 0.9999
