"""Cross-lingual search: a query in any language finds reports in every language.

Two ranked lists are fused by reciprocal rank fusion (Cormack, Clarke and Büttcher, SIGIR 2009:
each list adds ``1 / (k + rank)``, ``k`` = 60; no score of one list is compared with the
other's): full-text matches in the reader's language (``store.search``, the words themselves,
stemmed or as prefixes), and the stored article vectors nearest the query's (the stories step's
multilingual embeddings, so a Polish query reaches a Russian report nobody translated). The
fused reports are then grouped by story, each story ranked by its best report.

The query is embedded by the same model and the same way as the articles were (``Embedder``;
e5's ``query:`` prefix on both sides, ``embed.e5``). The embedder is made on the first search
that has vectors to compare with: a site with no vectors never imports or loads it (its import
alone is ~30 MB), and a site without it (not installed) searches by words alone. The vectors
live in memory as one matrix per process (``VectorMatrix``, refreshed from the rows added since,
at most every ``refresh_every`` seconds): exactly below 20,000 vectors, above in two passes
(sign codes, then the exact cosines of a twentieth of the store; ``store.vectors``)."""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from bbabo.embed import E5Embedder, Embedder, Vectors
from bbabo.errors import EmbedderMissing
from bbabo.model import StoredArticle, StorySummary
from bbabo.store import Store, VectorMatrix
from bbabo.store.search import Marked, Ranked, parse_query, plain_version, search_terms

__all__ = ["CrossSearch", "SearchOptions", "Found", "FoundStory", "SearchPage", "fuse",
           "shared_embedder"]

log = logging.getLogger(__name__)

_shared: Embedder | None = None
_shared_lock = threading.Lock()


def shared_embedder() -> Embedder:
    """The process's one multilingual embedder (the stories step and search share its model,
    which is loaded on first use, not here)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = E5Embedder()
        return _shared


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchOptions:
    """``depth``: candidates taken from each list (more when a later page needs them);
    ``rrf_k``: the fusion's constant; ``min_similarity``: the cosine below which a vector
    neighbour is no match at all (without it every query, even gibberish, would "find" the
    nearest reports); ``min_margin``: how far above the query's median cosine to the store
    a match must stand (gibberish is about as near to every report as to its nearest, and
    with the floor alone found reports for a quarter of random strings);
    ``reports_per_story``: reports shown under one story."""

    depth: int = 50
    max_depth: int = 1000
    rrf_k: int = 60
    min_similarity: float = 0.82
    min_margin: float = 0.04
    refresh_every: float = 2.0
    reports_per_story: int = 5
    cached_queries: int = 256


@dataclass(frozen=True, slots=True, kw_only=True)
class Found:
    """One report: ``lang`` is the language its title and snippet are shown in (the reader's
    when it can be read in it, else its own); ``text_rank`` and ``similarity`` say which list
    found it (None: not that one)."""

    article: StoredArticle
    lang: str
    title: Marked
    snippet: Marked
    score: float
    text_rank: int | None
    similarity: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class FoundStory:
    """The reports of one story that matched, best first (at most ``reports_per_story``;
    ``more`` matched besides). ``story_id`` is None for a report in no story yet; ``story``
    (its title and lead in the reader's language) only for a story of several reports."""

    story_id: int | None
    story: StorySummary | None
    reports: tuple[Found, ...]
    more: int


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchPage:
    groups: tuple[FoundStory, ...]
    has_next: bool
    by_meaning: bool  # whether vector search took part (False: words only)


def fuse(lists: Sequence[Sequence[int]], *, k: int = 60) -> list[tuple[int, float]]:
    """Reciprocal rank fusion of ranked id lists: (id, score), best first; ties go to the
    higher id (the newer article)."""
    scores: dict[int, float] = {}
    for ranked in lists:
        for rank, item in enumerate(ranked, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda pair: (-pair[1], -pair[0]))


class CrossSearch:
    """Thread-safe; one per process (it holds the vector matrix and the embedder)."""

    def __init__(self, store: Store, *, embedder: Callable[[], Embedder] = shared_embedder,
                 options: SearchOptions | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._store, self._make_embedder = store, embedder
        self._options = options or SearchOptions()
        self._clock = clock
        self._lock = threading.Lock()
        self._embedder: Embedder | None = None
        self._matrix: VectorMatrix | None = None
        self._refreshed_at = -float("inf")
        self._unavailable = False
        self._queries: OrderedDict[str, Vectors] = OrderedDict()
        self._executor: ThreadPoolExecutor | None = None

    def search(self, lang: str, query: str, *, limit: int = 20, offset: int = 0) -> SearchPage:
        """Stories whose reports match ``query`` (words in ``lang``, or meaning in any
        language), best first: the page of ``limit`` stories after ``offset``."""
        if not parse_query(query) or limit <= 0:
            return SearchPage(groups=(), has_next=False, by_meaning=False)
        options = self._options
        depth = min(max(options.depth, 2 * (offset + limit + 1)), options.max_depth)
        # The two lists are made at once: the database query, the embedding (ONNX Runtime) and
        # the matrix product (BLAS) all release the GIL, so on two cores a search takes about
        # the longer of the two, not their sum.
        nearby = self._pool().submit(self._nearest_placed, " ".join(search_terms(query)), depth)
        # Every read of one search on one connection: a checkout (and, on PostgreSQL, its
        # ping and reset) per read cost more than the reads at 100,000 articles.
        with self._store.reading() as store:
            by_words = store.search.ranked(lang, query, limit=depth)
            # The stories of the word matches are read while the vectors are still being
            # searched (the vector thread reads its own matches' stories).
            story_of = store.search.stories_of([r.article_id for r in by_words])
            # The texts are read only for the page, once both lists are fused. (Reading the
            # best word matches' texts while waiting for the vectors, as when a query took
            # 20-40 ms to embed, now read twice as much and was slower on PostgreSQL: p50
            # 31-33 ms against 39-45 ms, bench/xsearchprofile.py.)
            near, near_stories = nearby.result()
            return self._page(store, lang, query, by_words, near, near_stories | story_of,
                              limit=limit, offset=offset)

    def _page(self, store: Store, lang: str, query: str, by_words: list[Ranked],
              near: list[tuple[int, float]] | None, story_of: dict[int, tuple[int, int]],
              *, limit: int, offset: int) -> SearchPage:
        options = self._options
        fused = fuse([[r.article_id for r in by_words], [a for a, _ in near or ()]],
                     k=options.rrf_k)
        groups: dict[tuple[str, int], list[tuple[int, float]]] = {}
        for article_id, score in fused:
            story = story_of.get(article_id)
            key = ("story", story[0]) if story is not None else ("article", article_id)
            groups.setdefault(key, []).append((article_id, score))
        keys = list(groups)
        page = keys[offset:offset + limit]
        shown_groups = [(key, groups[key][:options.reports_per_story]) for key in page]
        return SearchPage(
            groups=self._describe(store, lang, query, shown_groups, by_words,
                                  dict(near or ()),
                                  {key: len(groups[key]) for key in page},
                                  {story: size for story, size in story_of.values()}),
            has_next=len(keys) > offset + limit, by_meaning=near is not None)

    def _pool(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._executor is None:
                # Two: searches arriving together do not queue for one thread (a query's
                # embedding and the matrix products can run side by side).
                self._executor = ThreadPoolExecutor(max_workers=2,
                                                    thread_name_prefix="bbabo-xsearch")
            return self._executor

    def _describe(self, store: Store, lang: str, query: str,
                  page: list[tuple[tuple[str, int], list[tuple[int, float]]]],
                  by_words: list[Ranked], similarity: dict[int, float],
                  matched: dict[tuple[str, int], int],
                  sizes: dict[int, int]) -> tuple[FoundStory, ...]:
        ids = [article_id for _, members in page for article_id, _ in members]
        text_rank = {r.article_id: n for n, r in enumerate(by_words, start=1)}
        on_page = set(ids)
        marked = store.search.shown(lang, query, [r for r in by_words if r.article_id in on_page])
        articles = store.articles.get_many(ids)
        # Titles only for stories of several reports: one report is its own title.
        titled = [key[1] for key, _ in page if key[0] == "story" and sizes.get(key[1], 0) > 1]
        stories = store.stories.summaries(titled, lang) if titled else {}
        found = []
        for key, members in page:
            reports = []
            for article_id, score in members:
                article = articles.get(article_id)
                if article is None:  # deleted since it was ranked
                    continue
                if article_id in marked:
                    title, snippet = marked[article_id]
                    shown_lang = lang
                else:
                    shown_lang, title, snippet = plain_version(article, lang)
                reports.append(Found(article=article, lang=shown_lang, title=title,
                                     snippet=snippet, score=score,
                                     text_rank=text_rank.get(article_id),
                                     similarity=similarity.get(article_id)))
            if reports:
                found.append(FoundStory(
                    story_id=key[1] if key[0] == "story" else None,
                    story=stories.get(key[1]) if key[0] == "story" else None,
                    reports=tuple(reports), more=matched[key] - len(reports)))
        return tuple(found)

    def _nearest_placed(self, query: str, depth: int) -> tuple[
            list[tuple[int, float]] | None, dict[int, tuple[int, int]]]:
        """``_nearest``, and the stories of what it found, read on this thread's own
        connection while the other still ranks by words."""
        near = self._nearest(query, depth)
        return near, (self._store.search.stories_of([a for a, _ in near]) if near else {})

    def _nearest(self, query: str, depth: int) -> list[tuple[int, float]] | None:
        """(article id, cosine) of the vectors nearest the query above ``min_similarity`` and
        ``min_margin`` above its median cosine to the store; None when there are none to
        compare with or no embedder."""
        matrix = self._vectors()
        if matrix is None or len(matrix) == 0:
            return None
        vector = self._embed(query)
        if vector is None:
            return None
        floor = self._options.min_similarity
        if self._options.min_margin > 0 and (typical := matrix.typical(vector)) is not None:
            floor = max(floor, typical + self._options.min_margin)
        return [(article_id, similarity) for article_id, similarity
                in matrix.nearest(vector, k=depth) if similarity >= floor]

    def _vectors(self) -> VectorMatrix | None:
        """The matrix, refreshed when due; None while no vector is stored at all (the
        embedder is not even made) or when the embedder turned out to be missing."""
        with self._lock:
            if self._unavailable:
                return None
            now = self._clock()
            due = now - self._refreshed_at >= self._options.refresh_every
            if due:
                self._refreshed_at = now
            matrix = self._matrix
        if matrix is None:
            if not due or not self._store.vectors.exist():
                return None
            with self._lock:
                if self._matrix is None:
                    # Made, not loaded: asked only which model and size the vectors must be.
                    self._embedder = self._make_embedder()
                    self._matrix = VectorMatrix(self._store.vectors,
                                                model=self._embedder.model_id,
                                                dim=self._embedder.dim)
                matrix = self._matrix
        if due:
            matrix.refresh()
        return matrix

    def _embed(self, query: str) -> Vectors | None:
        key = " ".join(query.split())
        with self._lock:
            cached = self._queries.get(key)
            if cached is not None:
                self._queries.move_to_end(key)
                return cached
            embedder = self._embedder
        if embedder is None:
            return None
        try:
            vector = np.asarray(embedder.embed([key])[0], dtype=np.float32)
        except EmbedderMissing as exc:
            log.warning("search by words only: %s", exc)
            with self._lock:
                self._unavailable = True
                self._matrix = None  # its memory back: it will not be searched
            return None
        with self._lock:
            self._queries[key] = vector
            while len(self._queries) > self._options.cached_queries:
                self._queries.popitem(last=False)
        return vector
