"""Content fingerprints: a MinHash signature of an article's word shingles.

Two copies of one wire story differ by a dateline, a byline, a "read more" line or a trimmed
paragraph; their sets of 4-word shingles still overlap far more than any two different stories,
and MinHash estimates that overlap (Jaccard similarity) from 128 numbers per article.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np
from datasketch import MinHash

__all__ = ["NUM_PERM", "MIN_WORDS", "minhash", "signature_bytes", "from_bytes"]

NUM_PERM = 128
SHINGLE_WORDS = 4
MIN_WORDS = 40
"""Shorter texts give too few shingles for a trustworthy estimate; they are not compared."""
_SCHEME = "affine32"  # fixed, so signatures stored by one datasketch version load in another
_WORD = re.compile(r"\w+", re.UNICODE)
_NO_SPACES = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")


def _tokens(text: str) -> list[str]:
    words = _WORD.findall(text.casefold())
    if _NO_SPACES.search(text):
        # Chinese, Japanese, Thai: no spaces between words, so characters stand in for words.
        return [ch for word in words for ch in word]
    return words


@cache
def _permutations() -> object:
    # Generating the 128 permutations costs more than hashing an article; they depend only on
    # the seed, so make them once and share them (read-only) between every signature.
    return MinHash(num_perm=NUM_PERM, scheme=_SCHEME).permutations


def minhash(text: str) -> MinHash | None:
    """The signature of ``text``; None when it is too short to compare fairly."""
    tokens = _tokens(text)
    if len(tokens) < MIN_WORDS:
        return None
    shingles = {" ".join(tokens[i:i + SHINGLE_WORDS]).encode("utf-8")
                for i in range(len(tokens) - SHINGLE_WORDS + 1)}
    signature = MinHash(num_perm=NUM_PERM, scheme=_SCHEME, permutations=_permutations())
    signature.update_batch(list(shingles))
    return signature


def signature_bytes(signature: MinHash) -> bytes:
    return np.asarray(signature.hashvalues, dtype=np.uint32).tobytes()


def from_bytes(data: bytes) -> MinHash:
    values = np.frombuffer(data, dtype=np.uint32).astype(np.uint64)
    return MinHash(hashvalues=values, scheme=_SCHEME, permutations=_permutations())
