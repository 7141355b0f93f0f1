"""Article embeddings: float32 BLOBs with the model that made them (the same on SQLite and
PostgreSQL), and ``VectorMatrix``, all of one model's vectors as one matrix in memory for
nearest-neighbour search by brute force (100,000 x 384 is ~20 ms in numpy here)."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from datetime import datetime

import numpy as np
import numpy.typing as npt
import sqlalchemy as sa

from bbabo.store.db import Database
from bbabo.store.schema import article_vectors

__all__ = ["VectorsRepo", "VectorMatrix"]

_CHUNK = 500
Vector = npt.NDArray[np.float32]


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


class VectorMatrix:
    """Every vector of one model as rows of one float32 matrix, appended to as vectors are
    stored (``refresh`` reads only rows it has not seen). Thread-safe; ``nearest`` is a matrix
    product and a partial sort."""

    def __init__(self, vectors: VectorsRepo, *, model: str, dim: int) -> None:
        self._repo, self.model, self.dim = vectors, model, dim
        self._lock = threading.Lock()
        self._matrix = np.zeros((0, dim), dtype=np.float32)
        self._ids = np.zeros(0, dtype=np.int64)
        self._size = 0
        self._last_row = 0
        self._where: dict[int, int] = {}  # article id -> its row (a re-embedded article moves)

    def __len__(self) -> int:
        return len(self._where)

    def refresh(self) -> int:
        """Append the vectors stored since the last refresh; returns how many."""
        added = 0
        with self._lock:
            while batch := self._repo.since(model=self.model, after_row=self._last_row):
                self._append(batch)
                added += len(batch)
                self._last_row = batch[-1][0]
        return added

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
            self._matrix, self._ids = matrix, ids
        for _row, article_id, blob in batch:
            old = self._where.get(article_id)
            if old is not None:
                self._ids[old] = -1
                self._matrix[old] = 0
            self._matrix[self._size] = _decode(blob)
            self._ids[self._size] = article_id
            self._where[article_id] = self._size
            self._size += 1

    def nearest(self, query: Vector, k: int = 50) -> list[tuple[int, float]]:
        """(article id, cosine) of the ``k`` stored vectors nearest to a unit ``query``."""
        with self._lock:
            matrix, ids, size = self._matrix, self._ids, self._size
        if size == 0 or k <= 0:
            return []
        scores = matrix[:size] @ np.asarray(query, dtype=np.float32)
        scores[ids[:size] < 0] = -np.inf
        k = min(k, size)
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(int(ids[i]), float(scores[i])) for i in top if ids[i] >= 0]
