"""Content fingerprints: a MinHash signature of an article's word shingles.

Two copies of one wire story differ by a dateline, a byline, a "read more" line or a trimmed
paragraph; their sets of 4-word shingles still overlap far more than any two different stories,
and MinHash estimates that overlap (Jaccard similarity) from 128 numbers per article.

The signatures are datasketch's ("affine32" scheme, its default seed and hash), bit for bit, so
those stored by earlier releases stay comparable; tests/dedup checks them against datasketch
itself. datasketch is not imported at run time: its package loads SciPy and a Redis client
(47 MB resident, a sixth of what `bbabo run` may hold) for the two small pieces used here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from hashlib import sha1

import numpy as np

__all__ = ["NUM_PERM", "MIN_WORDS", "Signature", "minhash", "signature_bytes", "from_bytes"]

NUM_PERM = 128
SHINGLE_WORDS = 4
MIN_WORDS = 40
"""Shorter texts give too few shingles for a trustworthy estimate; they are not compared."""
_SEED = 1  # datasketch's default: the permutations must be the ones stored signatures used
_WORD = re.compile(r"\w+", re.UNICODE)
_NO_SPACES = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")


def _tokens(text: str) -> list[str]:
    words = _WORD.findall(text.casefold())
    if _NO_SPACES.search(text):
        # Chinese, Japanese, Thai: no spaces between words, so characters stand in for words.
        return [ch for word in words for ch in word]
    return words


@dataclass(frozen=True, slots=True, eq=False)
class Signature:
    """A MinHash signature: ``NUM_PERM`` uint32 values."""

    values: np.ndarray

    def jaccard(self, other: Signature) -> float:
        """The estimated Jaccard similarity of the two shingle sets."""
        return float(np.count_nonzero(self.values == other.values)) / len(self.values)


@cache
def _permutations() -> np.ndarray:
    """datasketch's affine32 permutations (a odd, b any uint32) for its default seed. Making
    them costs more than hashing an article: once per process, shared read-only."""
    gen = np.random.RandomState(_SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return np.array([a, b])


@cache
def _affine() -> tuple[np.ndarray, np.ndarray]:
    """The permutations' a and b as columns, to apply them to every shingle at once."""
    a, b = _permutations()
    return a[:, np.newaxis], b[:, np.newaxis]


# MurmurHash3's 32-bit finalizer, which datasketch's "affine32" scheme applies to each hash
# before permuting it.
_FMIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35))


def minhash(text: str) -> Signature | None:
    """The signature of ``text``; None when it is too short to compare fairly.

    Bit for bit what datasketch's ``MinHash(scheme="affine32").update_batch`` makes of the UTF-8
    shingles (tests/dedup checks it), in one numpy step instead of a Python loop per shingle.
    """
    tokens = _tokens(text)
    if len(tokens) < MIN_WORDS:
        return None
    # Tokens are runs of word characters, never spaces, and UTF-8 encodes no other character
    # with a space byte: encoding them all at once and splitting again is cheaper than encoding
    # each shingle.
    words = " ".join(tokens).encode("utf-8").split(b" ")
    shifted = (words[i:] for i in range(SHINGLE_WORDS))
    shingles = set(map(b" ".join, zip(*shifted, strict=False)))  # the last ones run out first
    # datasketch's sha1_hash32: the first 4 bytes of the SHA-1 digest (20 bytes), little-endian.
    digests = b"".join([sha1(shingle).digest() for shingle in shingles])
    hashes = np.frombuffer(digests, dtype="<u4")[::5]
    shift1, mult1, shift2, mult2 = _FMIX
    hashes = hashes ^ (hashes >> shift1)
    hashes *= mult1
    hashes ^= hashes >> shift2
    hashes *= mult2
    hashes ^= hashes >> shift1
    a, b = _affine()
    # a * h + b wraps around modulo 2**32 in uint32, as in datasketch; then the least per
    # permutation.
    return Signature(values=(a * hashes + b).min(axis=1))


def signature_bytes(signature: Signature) -> bytes:
    return np.asarray(signature.values, dtype="<u4").tobytes()


def from_bytes(data: bytes) -> Signature:
    return Signature(values=np.frombuffer(data, dtype="<u4").astype(np.uint32))
