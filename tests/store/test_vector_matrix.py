"""``VectorMatrix``'s two passes (sign codes, then exact cosines) against its exact product."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from bbabo.store.vectors import VectorMatrix


class _Rows:
    """Serves rows as ``VectorsRepo.since`` does: (row id, article id, float32 bytes)."""

    def __init__(self) -> None:
        self.rows: list[tuple[int, int, bytes]] = []
        self._last = 0

    def add(self, article_id: int, vector: npt.NDArray[np.float32]) -> None:
        self._last += 1  # row ids only grow, as the table's do
        self.rows.append((self._last, article_id, vector.astype("<f4").tobytes()))

    def since(self, *, model: str, after_row: int,
              limit: int = 10_000) -> list[tuple[int, int, bytes]]:
        # One row per article, its latest, as the table keeps (a re-embedded article's old
        # row is deleted).
        latest = {article_id: row for row in self.rows for article_id in (row[1],)}
        return sorted(row for row in latest.values() if row[0] > after_row)[:limit]

    def count(self, *, model: str) -> int:
        return len({row[1] for row in self.rows})

    def remove(self, article_ids: set[int]) -> None:
        self.rows = [row for row in self.rows if row[1] not in article_ids]


def _clustered(rng: np.random.Generator, n: int, dim: int = 96,
               clusters: int = 200) -> npt.NDArray[np.float32]:
    """Unit vectors in tight groups around random centres, all sharing one direction (as text
    embeddings do, which is why the codes are taken about the mean)."""
    common = rng.normal(size=dim)
    centres = rng.normal(size=(clusters, dim))
    rows = 3 * common + centres[rng.integers(0, clusters, n)] + 0.2 * rng.normal(size=(n, dim))
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def _pair(rows: _Rows, dim: int, **kwargs: int) -> tuple[VectorMatrix, VectorMatrix]:
    exact = VectorMatrix(rows, model="m", dim=dim, binary_from=10**9)  # type: ignore[arg-type]
    fast = VectorMatrix(rows, model="m", dim=dim, **kwargs)  # type: ignore[arg-type]
    return exact, fast


def test_the_two_passes_find_what_the_exact_product_finds() -> None:
    rng = np.random.default_rng(3)
    # 384 dimensions, as e5's: six words of codes, more differing bits than a byte counts.
    vectors = _clustered(rng, 3000, dim=384)
    rows = _Rows()
    for n, vector in enumerate(vectors):
        rows.add(n, vector)
    exact, fast = _pair(rows, 384, binary_from=1000, rescored_share=0.1)
    assert exact.refresh() == fast.refresh() == 3000
    for probe in rng.integers(0, 3000, 40):
        query = vectors[probe] + 0.005 * rng.normal(size=384).astype(np.float32)
        query /= np.linalg.norm(query)
        want = exact.nearest(query, k=10)
        got = fast.nearest(query, k=10)
        assert [a for a, _ in got] == [a for a, _ in want]
        # The order and the scores are the exact cosines, not the codes' estimate.
        assert np.allclose([s for _, s in got], [s for _, s in want], atol=1e-6)


def test_rows_added_later_are_coded_and_found_and_a_replaced_vector_is_gone() -> None:
    rng = np.random.default_rng(4)
    vectors = _clustered(rng, 5000)
    rows = _Rows()
    for n in range(1200):
        rows.add(n, vectors[n])
    exact, fast = _pair(rows, 96, binary_from=1000, rescored_share=0.04)
    exact.refresh()
    fast.refresh()
    # Past twice the rows the centre was taken from: every code is made again.
    for n in range(1200, 5000):
        rows.add(n, vectors[n])
    assert fast.refresh() == exact.refresh() == 3800
    for probe in (4999, 4000, 2500, 10):
        assert fast.nearest(vectors[probe], k=1) == [(probe, exact.nearest(vectors[probe],
                                                                           k=1)[0][1])]
    # Article 10 re-embedded as article 4999's vector: its old row is never returned.
    rows.add(10, vectors[4999])
    assert fast.refresh() == 1
    assert 10 not in [a for a, _ in fast.nearest(vectors[10], k=5)]
    assert {a for a, _ in fast.nearest(vectors[4999], k=2)} == {10, 4999}
    assert len(fast) == 5000


def test_below_the_threshold_the_search_is_exact() -> None:
    rng = np.random.default_rng(5)
    vectors = _clustered(rng, 500)
    rows = _Rows()
    for n, vector in enumerate(vectors):
        rows.add(n, vector)
    # A first pass keeping only k candidates would miss most neighbours; below ``binary_from``
    # it is not used at all.
    exact, fast = _pair(rows, 96, binary_from=1000, rescored_share=0.0)
    exact.refresh()
    fast.refresh()
    query = vectors[7]
    assert fast.nearest(query, k=20) == exact.nearest(query, k=20)


def test_typical_is_the_median_cosine_over_an_even_sample() -> None:
    rng = np.random.default_rng(5)
    vectors = _clustered(rng, 3000, dim=96)
    rows = _Rows()
    for n, vector in enumerate(vectors[:15]):
        rows.add(n, vector)
    matrix = VectorMatrix(rows, model="m", dim=96)  # type: ignore[arg-type]
    matrix.refresh()
    query = vectors[0]
    assert matrix.typical(query) is None  # 15 vectors: the median would be the matches
    for n, vector in enumerate(vectors[15:], start=15):
        rows.add(n, vector)
    matrix.refresh()
    exact = float(np.median(vectors @ query))
    sampled = matrix.typical(query)
    assert sampled is not None and abs(sampled - exact) < 0.02  # 1,024 of 3,000 rows
    every = matrix.typical(query, sample=10_000)  # the whole matrix
    assert every is not None and abs(every - exact) < 1e-5


def test_vectors_taken_out_of_the_store_leave_the_matrix() -> None:
    # `bbabo articles prune` deletes old articles' vectors: a search process running for
    # weeks reads the matrix again rather than keep (and return) them.
    rng = np.random.default_rng(7)
    vectors = _clustered(rng, 1500)
    rows = _Rows()
    for n in range(1500):
        rows.add(n, vectors[n])
    clock = [0.0]
    matrix = VectorMatrix(rows, model="m", dim=96, binary_from=1000,  # type: ignore[arg-type]
                          clock=lambda: clock[0])
    assert matrix.refresh() == 1500
    clock[0] += 60
    rows.remove({0, 1})  # a few gone: not worth reading the matrix again
    assert matrix.refresh() == 0 and len(matrix) == 1500
    rows.remove(set(range(500)))
    rows.add(2000, vectors[3])  # and one stored meanwhile
    # Counted once a minute, not at every refresh: only the new row, for now.
    assert matrix.refresh() == 1 and len(matrix) == 1501
    clock[0] += 60
    # Then the 1,001 left are read again from the start.
    assert matrix.refresh() == 1001 and len(matrix) == 1001
    found = [a for a, _ in matrix.nearest(vectors[3], k=5)]
    assert found[0] == 2000 and not set(found) & set(range(500))
    assert matrix.refresh() == 0  # nothing new: not read again
