"""Is this the same story as one already stored? MinHash LSH over stored signatures.

The index lives in memory: the pipeline loads the signatures of recent articles from the store
and keeps adding to it (``catch_up``), since re-published wire copies appear within days.
LSH narrows the candidates; each is then checked with the signature's own Jaccard estimate.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from datasketch import MinHash, MinHashLSH

from bbabo.dedup.fingerprint import NUM_PERM, from_bytes

__all__ = ["NearDuplicateIndex", "NearDuplicate", "NEAR_DUPLICATE_THRESHOLD"]

NEAR_DUPLICATE_THRESHOLD = 0.7
"""Estimated Jaccard similarity of 4-word shingles from which two texts are one story. Wire
copies with a new dateline, byline and closing line score 0.75-0.95; different stories on the
same topic stay under 0.2."""


@dataclass(frozen=True, slots=True)
class NearDuplicate:
    article_id: int
    similarity: float


@cache
def _bands(threshold: float) -> tuple[int, int]:
    # datasketch picks (bands, rows) by numerical integration, ~40 ms; do it once per threshold.
    probe = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return probe.b, probe.r


class NearDuplicateIndex:
    """Signatures of stored articles, searchable for near-duplicates. Thread-safe."""

    def __init__(self, threshold: float = NEAR_DUPLICATE_THRESHOLD) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(num_perm=NUM_PERM, params=_bands(threshold))
        self._signatures: dict[int, MinHash] = {}
        self._lock = threading.Lock()
        self.last_id = 0

    def __len__(self) -> int:
        return len(self._signatures)

    def add(self, article_id: int, signature: MinHash) -> None:
        with self._lock:
            if article_id in self._signatures:
                return
            self._lsh.insert(article_id, signature)
            self._signatures[article_id] = signature
            self.last_id = max(self.last_id, article_id)

    def catch_up(self, stored: Iterable[tuple[int, bytes]]) -> None:
        """Add (article id, stored signature bytes) pairs not seen yet."""
        for article_id, data in stored:
            self.add(article_id, from_bytes(data))

    def find(self, signature: MinHash) -> NearDuplicate | None:
        """The earliest stored article at least ``threshold`` similar, if any."""
        with self._lock:
            candidates = self._lsh.query(signature)
            scored = [(article_id, self._signatures[article_id].jaccard(signature))
                      for article_id in candidates]
        matches = sorted((article_id, score) for article_id, score in scored
                         if score >= self.threshold)
        if not matches:
            return None
        article_id, score = matches[0]
        return NearDuplicate(article_id=article_id, similarity=round(score, 4))
