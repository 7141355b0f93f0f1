"""Article embeddings: float32 BLOBs with the model that made them (the same on SQLite and
PostgreSQL), and ``VectorMatrix``, all of one model's vectors as one matrix in memory for
nearest-neighbour search.

Search is exact below ``BINARY_FROM`` vectors (one matrix-vector product). Above, it is two
passes: one bit per dimension (the sign of each coordinate after the matrix's mean is taken
away, Charikar's random-hyperplane hashing with the data's own axes) finds the candidates by
Hamming distance, and the exact float32 cosine orders them. 100,000 × 384 float32 is ~150 MB
read per product (~20 ms here, memory-bound); its codes are 4.8 MB. The candidates are many
(``rescored_share``, a twentieth of the store) so the first pass only has to keep the true
neighbours among them, not rank them: on real multilingual news (NTREX-128,
``bench/vectorrecall.py``) that kept 99.0 % of the exact ten nearest, and the sentence's
translations were found as often as by the exact product (56.9 % against 57.2 %); a tenth kept
99.6 % but took ~2.5 ms more at 100,000 (the rescoring reads its rows' floats).
No ANN library: faiss's or usearch's indexes would need building, persisting and rebuilding
on deletes, and the two passes are a few numpy operations (docs/decisions.md)."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

import numpy as np
import numpy.typing as npt
import sqlalchemy as sa

from bbabo.store.db import Database
from bbabo.store.schema import article_vectors

__all__ = ["VectorsRepo", "VectorMatrix"]

_CHUNK = 500
Vector = npt.NDArray[np.float32]
# Below this many vectors the exact product is already fast (~2.5 ms at 20,000 × 384 here).
BINARY_FROM = 20_000


class VectorsRepo:
    def __init__(self, engine: Database) -> None:
        self._engine = engine

    def save(self, vectors: Iterable[tuple[int, Vector]], *, model: str, now: datetime) -> None:
        """Store each article's vector, replacing one it had (of any model). A replaced vector
        gets a new row id, so a ``VectorMatrix`` sees it as new."""
        rows = [{"article_id": article_id, "model": model, "dim": int(vector.shape[0]),
                 "vector": np.asarray(vector, dtype="<f4").tobytes(), "created_at": now}
                for article_id, vector in vectors]
        if not rows:
            return
        with self._engine.begin() as conn:
            for start in range(0, len(rows), _CHUNK):
                chunk = rows[start:start + _CHUNK]
                conn.execute(article_vectors.delete().where(article_vectors.c.article_id.in_(
                    [r["article_id"] for r in chunk])))
                conn.execute(article_vectors.insert(), chunk)

    def get_many(self, article_ids: Sequence[int], *, model: str) -> dict[int, Vector]:
        """The vectors ``model`` made of these articles (an article with none, or one of
        another model, is absent)."""
        found: dict[int, Vector] = {}
        with self._engine.connect() as conn:
            for start in range(0, len(article_ids), _CHUNK):
                for row in conn.execute(
                        sa.select(article_vectors.c.article_id, article_vectors.c.vector)
                        .where(article_vectors.c.article_id.in_(
                                   list(article_ids[start:start + _CHUNK])),
                               article_vectors.c.model == model)):
                    found[row.article_id] = _decode(row.vector)
        return found

    def since(self, *, model: str, after_row: int,
              limit: int = 10_000) -> list[tuple[int, int, bytes]]:
        """(row id, article id, float32 bytes) of ``model``'s vectors above ``after_row``."""
        query = (sa.select(article_vectors.c.id, article_vectors.c.article_id,
                           article_vectors.c.vector)
                 .where(article_vectors.c.model == model, article_vectors.c.id > after_row)
                 .order_by(article_vectors.c.id).limit(limit))
        with self._engine.connect() as conn:
            return [(row.id, row.article_id, bytes(row.vector)) for row in conn.execute(query)]

    def exist(self) -> bool:
        """Whether any vector is stored (of any model): one row read, whatever the count."""
        with self._engine.connect() as conn:
            return conn.execute(sa.select(article_vectors.c.id).limit(1)).first() is not None

    def count(self, *, model: str | None = None) -> int:
        query = sa.select(sa.func.count()).select_from(article_vectors)
        if model is not None:
            query = query.where(article_vectors.c.model == model)
        with self._engine.connect() as conn:
            return int(conn.execute(query).scalar_one())


def _decode(blob: bytes) -> Vector:
    return np.frombuffer(blob, dtype="<f4").astype(np.float32)


# The share of the matrix's vectors no longer stored at which it is read again.
_STALE_SHARE = 0.1
# How often the stored vectors are counted for it: a count of every row is no work for each
# refresh of a search process; pruned vectors leave within this.
_RECOUNT_S = 60.0
# Fewer vectors than this and a query's median cosine says nothing of the store at large.
TYPICAL_FROM = 16


class VectorMatrix:
    """Every vector of one model as rows of one float32 matrix, appended to as vectors are
    stored (``refresh`` reads only rows it has not seen), with their sign codes for the first
    pass. Thread-safe; ``nearest`` is exact below ``binary_from`` vectors, else two passes."""

    def __init__(self, vectors: VectorsRepo, *, model: str, dim: int,
                 binary_from: int = BINARY_FROM, rescored_share: float = 0.05,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._repo, self.model, self.dim = vectors, model, dim
        self.binary_from, self.rescored_share = binary_from, rescored_share
        self._clock = clock
        self._counted_at = -math.inf
        self._lock = threading.Lock()
        self._matrix = np.zeros((0, dim), dtype=np.float32)
        self._ids = np.zeros(0, dtype=np.int64)
        self._size = 0
        self._last_row = 0
        self._where: dict[int, int] = {}  # article id -> its row (a re-embedded article moves)
        self._words = (dim + 63) // 64
        # Word by word (one row per 64 dimensions): the Hamming distance is then six passes
        # over contiguous arrays, ~8x faster than summing along rows of six.
        self._codes = np.zeros((self._words, 0), dtype=np.uint64)
        self._centre: Vector | None = None
        self._centred_at = 0  # how many rows the centre was the mean of
        self._coded = 0  # rows [0, _coded) have codes made with _centre

    def __len__(self) -> int:
        return len(self._where)

    def refresh(self) -> int:
        """Append the vectors stored since the last refresh; returns how many. When a tenth
        fewer vectors are stored than the matrix holds (``bbabo articles prune`` took
        articles out), it is read again from the start: a search process running for weeks
        would otherwise keep every pruned vector. Not at every missing row: during a prune
        that would read the whole matrix again after each batch (a search meanwhile skips
        an article that is gone). Counted once every ``_RECOUNT_S``, not at every refresh
        (every few seconds while searches come in)."""
        with self._lock:
            added = self._read_new()
            now = self._clock()
            if self._where and now - self._counted_at >= _RECOUNT_S:
                self._counted_at = now
                if (self._repo.count(model=self.model)
                        < len(self._where) * (1 - _STALE_SHARE)):
                    self._clear()
                    added += self._read_new()
            if added:
                self._update_codes()
        return added

    def _read_new(self) -> int:
        added = 0
        while batch := self._repo.since(model=self.model, after_row=self._last_row):
            self._append(batch)
            added += len(batch)
            self._last_row = batch[-1][0]
        return added

    def _clear(self) -> None:
        self._matrix = np.zeros((0, self.dim), dtype=np.float32)
        self._ids = np.zeros(0, dtype=np.int64)
        self._codes = np.zeros((self._words, 0), dtype=np.uint64)
        self._size = self._last_row = 0
        self._where = {}
        self._centre, self._centred_at, self._coded = None, 0, 0

    def _append(self, batch: list[tuple[int, int, bytes]]) -> None:
        need = self._size + len(batch)
        if need > self._matrix.shape[0]:
            # A quarter more, not double: at 100,000 × 384 a doubled matrix would hold ~150 MB
            # of empty rows in every process that searches.
            grown = max(need, self._matrix.shape[0] + self._matrix.shape[0] // 4, 1024)
            matrix = np.zeros((grown, self.dim), dtype=np.float32)
            matrix[:self._size] = self._matrix[:self._size]
            ids = np.full(grown, -1, dtype=np.int64)
            ids[:self._size] = self._ids[:self._size]
            codes = np.zeros((self._words, grown), dtype=np.uint64)
            codes[:, :self._size] = self._codes[:, :self._size]
            self._matrix, self._ids, self._codes = matrix, ids, codes
        for _row, article_id, blob in batch:
            old = self._where.get(article_id)
            if old is not None:
                self._ids[old] = -1
                self._matrix[old] = 0
            self._matrix[self._size] = _decode(blob)
            self._ids[self._size] = article_id
            self._where[article_id] = self._size
            self._size += 1

    def _update_codes(self) -> None:
        """Sign codes for the rows without one. The centre is the mean of the rows (text
        embeddings share a large common direction, so raw signs would say little); it is
        taken again, and every code remade, each time the matrix has doubled since (~0.2 s
        at 100,000 rows), so it follows what the site publishes."""
        if self._size < self.binary_from:
            return
        codes, centre, start = self._codes, self._centre, self._coded
        if centre is None or self._size >= 2 * self._centred_at:
            live = self._ids[:self._size] >= 0
            centre = self._matrix[:self._size][live].mean(axis=0).astype(np.float32)
            # New codes in a new array: a search running meanwhile keeps the old pair.
            codes, start = np.zeros_like(self._codes), 0
        for first in range(start, self._size, 10_000):
            last = min(first + 10_000, self._size)
            codes[:, first:last] = _signs(self._matrix[first:last], centre, self._words).T
        if centre is not self._centre:
            self._centre, self._centred_at = centre, self._size
        self._codes, self._coded = codes, self._size

    def nearest(self, query: Vector, k: int = 50) -> list[tuple[int, float]]:
        """(article id, cosine) of the ``k`` stored vectors nearest to a unit ``query``."""
        with self._lock:
            matrix, ids, size = self._matrix, self._ids, self._size
            codes, coded, centre = self._codes, self._coded, self._centre
        if size == 0 or k <= 0:
            return []
        query = np.asarray(query, dtype=np.float32)
        rows: npt.NDArray[np.intp] | None = None
        rescored = max(k, int(coded * self.rescored_share))
        if centre is not None and coded >= self.binary_from and rescored < coded:
            # First pass over the coded rows: the fewest differing signs. Rows appended since
            # the codes were made (none outside ``refresh``) are all kept as candidates.
            signs = _signs(query[None, :], centre, len(codes))[0]
            # uint16: six words of 64 differing bits overflow a byte.
            distance = np.bitwise_count(codes[0, :coded] ^ signs[0]).astype(np.uint16)
            for word in range(1, len(codes)):
                distance += np.bitwise_count(codes[word, :coded] ^ signs[word])
            rows = np.argpartition(distance, rescored - 1)[:rescored]
            if coded < size:
                rows = np.concatenate([rows, np.arange(coded, size)])
            # einsum, not ``@``: BLAS would spread this small product over its threads, and
            # waking them cost 2-13 ms a search on a busy machine (einsum: ~0.4 ms).
            scores = np.einsum("ij,j->i", matrix[rows], query)
        else:
            scores = np.einsum("ij,j->i", matrix[:size], query)
        found = ids[rows] if rows is not None else ids[:size]
        scores[found < 0] = -np.inf
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(int(found[i]), float(scores[i])) for i in top if found[i] >= 0]

    def typical(self, query: Vector, sample: int = 1024) -> float | None:
        """The median cosine of a unit ``query`` to the stored vectors (to ``sample`` of them,
        evenly spaced, in a large store): how near the query is to everything, which a real
        match must stand well above. None below ``TYPICAL_FROM`` vectors, where the median
        would be the matches themselves."""
        with self._lock:
            matrix, ids, size = self._matrix, self._ids, self._size
        if size < TYPICAL_FROM:
            return None
        rows = np.linspace(0, size - 1, num=min(size, sample)).astype(np.intp)
        rows = rows[ids[rows] >= 0]  # replaced vectors' rows
        if len(rows) < TYPICAL_FROM:
            return None
        scores = np.einsum("ij,j->i", matrix[rows], np.asarray(query, dtype=np.float32))
        return float(np.median(scores))


def _signs(rows: npt.NDArray[np.float32], centre: Vector,
           words: int) -> npt.NDArray[np.uint64]:
    """One bit per dimension, whether the row lies above the centre, packed in 64-bit words."""
    bits = np.packbits(rows - centre > 0, axis=-1)
    padded = np.zeros((bits.shape[0], words * 8), dtype=np.uint8)
    padded[:, :bits.shape[1]] = bits
    return padded.view(np.uint64)
