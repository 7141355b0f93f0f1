"""Content fingerprints: a MinHash signature of an article's word shingles.

Two copies of one wire story differ by a dateline, a byline, a "read more" line or a trimmed
paragraph; their sets of 4-word shingles still overlap far more than any two different stories,
and MinHash estimates that overlap (Jaccard similarity) from 128 numbers per article.
"""

from __future__ import annotations

import re
from functools import cache
from hashlib import sha1

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
def _permutations() -> np.ndarray:
    # Generating the 128 permutations costs more than hashing an article; they depend only on
    # the seed, so make them once and share them (read-only) between every signature.
    permutations: np.ndarray = MinHash(num_perm=NUM_PERM, scheme=_SCHEME).permutations
    return permutations


@cache
def _affine() -> tuple[np.ndarray, np.ndarray]:
    """The permutations' a and b as columns, to apply them to every shingle at once."""
    a, b = _permutations()
    return a[:, np.newaxis], b[:, np.newaxis]


# MurmurHash3's 32-bit finalizer, which datasketch's "affine32" scheme applies to each hash
# before permuting it.
_FMIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35))


def minhash(text: str) -> MinHash | None:
    """The signature of ``text``; None when it is too short to compare fairly.

    Bit for bit what ``MinHash(scheme="affine32").update_batch`` makes of the UTF-8 shingles
    (tests/dedup checks it), computed in one numpy step instead of a Python loop per shingle.
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
    values = (a * hashes + b).min(axis=1)
    return MinHash(hashvalues=values, scheme=_SCHEME, permutations=_permutations())


def signature_bytes(signature: MinHash) -> bytes:
    return np.asarray(signature.hashvalues, dtype=np.uint32).tobytes()


def from_bytes(data: bytes) -> MinHash:
    values = np.frombuffer(data, dtype=np.uint32).astype(np.uint64)
    return MinHash(hashvalues=values, scheme=_SCHEME, permutations=_permutations())
