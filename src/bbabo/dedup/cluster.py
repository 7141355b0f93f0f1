"""Is this the same story as one already stored? MinHash LSH over stored signatures.

The index lives in memory: the pipeline loads the signatures of recent articles from the store
and keeps adding to it (``catch_up``), since re-published wire copies appear within days.
LSH narrows the candidates; each is then checked with the signature's own Jaccard estimate.

The banding is datasketch's ``MinHashLSH`` (the same bands and rows for this threshold, the same
candidates; tests/dedup compares them), in a few lines rather than through its package, which
loads SciPy and a Redis client at import.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from bbabo.dedup.fingerprint import Signature, from_bytes

__all__ = ["NearDuplicateIndex", "NearDuplicate", "NEAR_DUPLICATE_THRESHOLD", "BANDS", "ROWS"]

NEAR_DUPLICATE_THRESHOLD = 0.7
"""Estimated Jaccard similarity of 4-word shingles from which two texts are one story. Wire
copies with a new dateline, byline and closing line score 0.75-0.95; different stories on the
same topic stay under 0.2."""


@dataclass(frozen=True, slots=True)
class NearDuplicate:
    article_id: int
    similarity: float


# Bands of rows that datasketch's MinHashLSH chooses (by numerical integration of the false
# positive and negative rates) for NEAR_DUPLICATE_THRESHOLD and 128 permutations.
BANDS, ROWS = 14, 9


class NearDuplicateIndex:
    """Signatures of stored articles, searchable for near-duplicates. Thread-safe."""

    def __init__(self, threshold: float = NEAR_DUPLICATE_THRESHOLD) -> None:
        self.threshold = threshold
        self._bands: list[defaultdict[bytes, set[int]]] = [defaultdict(set)
                                                             for _ in range(BANDS)]
        self._signatures: dict[int, Signature] = {}
        self._lock = threading.Lock()
        self.last_id = 0

    def __len__(self) -> int:
        return len(self._signatures)

    def add(self, article_id: int, signature: Signature) -> None:
        with self._lock:
            if article_id in self._signatures:
                return
            for band, key in zip(self._bands, _keys(signature), strict=True):
                band[key].add(article_id)
            self._signatures[article_id] = signature
            self.last_id = max(self.last_id, article_id)

    def forget_below(self, article_id: int) -> int:
        """Forget the signatures of articles with a smaller id (stored before the window a
        long-running process still compares with); returns how many."""
        with self._lock:
            old = [known for known in self._signatures if known < article_id]
            for known in old:
                for band, key in zip(self._bands, _keys(self._signatures.pop(known)),
                                     strict=True):
                    ids = band[key]
                    ids.discard(known)
                    if not ids:
                        del band[key]
            return len(old)

    def catch_up(self, stored: Iterable[tuple[int, bytes]]) -> None:
        """Add (article id, stored signature bytes) pairs not seen yet."""
        for article_id, data in stored:
            self.add(article_id, from_bytes(data))

    def find(self, signature: Signature) -> NearDuplicate | None:
        """The earliest stored article at least ``threshold`` similar, if any."""
        with self._lock:
            candidates = set().union(*(band.get(key, ()) for band, key
                                       in zip(self._bands, _keys(signature), strict=True)))
            scored = [(article_id, self._signatures[article_id].jaccard(signature))
                      for article_id in candidates]
        matches = sorted((article_id, score) for article_id, score in scored
                         if score >= self.threshold)
        if not matches:
            return None
        article_id, score = matches[0]
        return NearDuplicate(article_id=article_id, similarity=round(score, 4))


def _keys(signature: Signature) -> list[bytes]:
    """One key per band: its rows' values (two signatures share a band when all its rows are
    equal)."""
    data = signature.values.astype("<u4").tobytes()
    return [data[band * ROWS * 4:(band + 1) * ROWS * 4] for band in range(BANDS)]
