"""The stories step: place every stored article not yet in a story, in batches, and write what
the stories stage decided.

Embedding (the slow part, ~0.1 s an article) happens here, in batches, never on the ingest
path; each vector is stored with its model id and an article whose vector came from another
model is embedded again. The stage's ``StoryIndex`` lives in the ``StoryKeeper`` between
passes: it is rebuilt from the store when another process changed the stories (the stories
version moved), when it is an hour old (translations stored since then join the evidence), or
when a pass failed half-way. Only one process may place at a time (``bbabo run`` has one thread
for it; Celery sends one task at a time, under a lease), so two never open twin stories.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import cache

from threadpoolctl import ThreadpoolController

from bbabo.embed import Embedder, Vectors, article_text
from bbabo.model import StoredArticle
from bbabo.store import Absorbed, Membership, Store, StoryRecord
from bbabo.stories import Placement, Report, StoryIndex, StoryOptions

__all__ = ["StoryKeeper", "StoriesReport", "report_of", "one_blas_thread"]

log = logging.getLogger(__name__)

# Ids below the highest placed one that are looked at again each pass: an article inserted
# earlier may commit later (ids are handed out at insert, by concurrent writers).
_LOOK_BACK = 1000


@dataclass(frozen=True, slots=True, kw_only=True)
class StoriesReport:
    placed: int = 0
    opened: int = 0
    merged: int = 0
    embedded: int = 0

    def __add__(self, other: StoriesReport) -> StoriesReport:
        return StoriesReport(placed=self.placed + other.placed, opened=self.opened + other.opened,
                             merged=self.merged + other.merged,
                             embedded=self.embedded + other.embedded)


@cache
def _blas() -> ThreadpoolController:
    return ThreadpoolController()  # finds the loaded BLAS libraries: once per process


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Matrix products on one thread meanwhile. The stories step's products are small
    (10,000 x 384 by one vector, ~2 ms): OpenBLAS's threads gain nothing on them, and on a
    machine busy with crawling and translation they wait for each other, 4-8x slower."""
    with _blas().limit(limits=1, user_api="blas"):
        yield


def report_of(article: StoredArticle) -> Report:
    """An article as the stories stage reads it: title and lead in its own language and in
    every translation. A publication time in the future (a wrong time zone) counts as the time
    it was fetched."""
    moment = article.published_at or article.fetched_at
    if moment is None:
        raise ValueError(f"article {article.id} has no time")
    if article.fetched_at is not None and moment > article.fetched_at + timedelta(hours=1):
        moment = article.fetched_at
    texts = {lang: article_text(t.title, t.paragraphs) for lang, t in article.translations.items()}
    texts[article.language] = article_text(article.title, article.paragraphs)
    return Report(article_id=article.id, lang=article.language, published_at=moment,
                  texts=texts)


class StoryKeeper:
    def __init__(self, *, store: Store, embedder: Embedder, options: StoryOptions,
                 clock: Callable[[], datetime], refresh_s: float = 3600.0) -> None:
        self._store, self._embedder, self._options = store, embedder, options
        self._clock, self._refresh_s = clock, refresh_s
        self._index: StoryIndex | None = None
        self._version = -1
        self._built_at = 0.0
        self._after = 0
        self._embedded = 0  # articles embedded by this keeper, ever
        if options.model.embedder != embedder.model_id:
            log.warning("the stories model was fitted with %s, not %s: grouping may be worse "
                        "than measured", options.model.embedder, embedder.model_id)

    def update(self, *, batch: int = 64, limit: int | None = None,
               should_stop: Callable[[], bool] = lambda: False) -> StoriesReport:
        """Place every article that is in no story yet (at most about ``limit``, a batch more
        at most); returns what was done."""
        report = StoriesReport()
        embedded = self._embedded
        after = max(0, self._after - _LOOK_BACK)
        while not should_stop() and (limit is None or report.placed < limit):
            ids = self._store.stories.unplaced(after_id=after, limit=batch)
            if not ids:
                break
            after = ids[-1]
            report += self._place(ids)
            self._after = max(self._after, after)
        # Embedded: for the articles placed, and for the stories' articles whose vectors came
        # from another model when the index was rebuilt.
        return replace(report, embedded=self._embedded - embedded)

    def _place(self, ids: Sequence[int]) -> StoriesReport:
        found = self._store.articles.get_many(ids)
        reports = [report_of(found[i]) for i in ids if i in found]
        vectors = self._vectors(reports)
        earliest = min(r.published_at for r in reports)
        index = self._current_index(earliest)
        index.evict(earliest - self._options.merge_window)
        now = self._clock()
        try:
            with self._store.transaction() as tx, one_blas_thread():
                placement = index.place([(r, vectors[r.article_id]) for r in reports],
                                        new_story=lambda r: tx.stories.open(
                                            first_seen_at=r.published_at, now=now))
                _record(tx, placement, now)
        except BaseException:
            self._index = None  # the index holds decisions that were not stored
            raise
        self._version += 1  # our own commit moved it
        log.info("placed %d article(s) in stories: %d new, %d merged", len(reports),
                 len(placement.opened), len(placement.merges))
        return StoriesReport(placed=len(reports), opened=len(placement.opened),
                             merged=len(placement.merges))

    def _vectors(self, reports: Sequence[Report]) -> dict[int, Vectors]:
        """Stored vectors of this model; the others are embedded now and stored."""
        model = self._embedder.model_id
        found = self._store.vectors.get_many([r.article_id for r in reports], model=model)
        missing = [r for r in reports if r.article_id not in found]
        if missing:
            fresh = self._embedder.embed([r.text for r in missing])
            pairs = [(r.article_id, fresh[i]) for i, r in enumerate(missing)]
            self._store.vectors.save(pairs, model=model, now=self._clock())
            found.update(pairs)
            self._embedded += len(missing)
        return found

    def _current_index(self, earliest: datetime) -> StoryIndex:
        version = self._store.stories.version()
        stale = time.monotonic() - self._built_at > self._refresh_s
        if self._index is None or version != self._version or stale:
            self._index = self._build(earliest - self._options.merge_window)
            self._version = version
            self._built_at = time.monotonic()
        return self._index

    def _build(self, since: datetime) -> StoryIndex:
        """The stories with a report since ``since``, from the store."""
        index = StoryIndex(self._options, dim=self._embedder.dim)
        members = self._store.stories.active(since)
        ids = [article_id for story in members.values() for article_id in story]
        story_of = {a: story_id for story_id, story in members.items() for a in story}
        for start in range(0, len(ids), 500):
            chunk = self._store.articles.get_many(ids[start:start + 500])
            reports = [report_of(a) for a in chunk.values()]
            vectors = self._vectors(reports)
            for report in sorted(reports, key=lambda r: (r.published_at, r.article_id)):
                index.add(report, vectors[report.article_id], story_of[report.article_id])
        log.debug("loaded %d stories of %d articles", len(index), len(ids))
        return index


def _record(tx: Store, placement: Placement, now: datetime) -> None:
    tx.stories.record(
        [Membership(article_id=a.article_id, story_id=a.story_id,
                    score=None if a.opened else a.probability)
         for a in placement.assignments if a.story_id is not None],
        [StoryRecord(id=s.id, representative_id=s.representative, article_count=s.members,
                     languages=s.languages, first_seen_at=s.first_seen,
                     last_seen_at=s.last_seen) for s in placement.states],
        [Absorbed(story_id=m.absorbed, into=m.survivor) for m in placement.merges],
        now=now)
