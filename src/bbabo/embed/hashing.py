"""A test double: character n-grams hashed into a small vector. Deterministic and instant, with
no model; texts that share words come out close, but nothing crosses languages or scripts.
Use it where a test needs vectors and not their quality; the stories model is fitted on
``E5Embedder`` and is only meaningful with it."""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np

from bbabo.embed.base import Vectors

__all__ = ["HashingEmbedder"]


class HashingEmbedder:
    def __init__(self, *, dim: int = 64, n: int = 3) -> None:
        self.dim = dim
        self._n = n
        self.model_id = f"hashing-char{n}-{dim} (test double)"
        self.calls: list[int] = []  # the size of every batch asked for

    def embed(self, texts: Sequence[str]) -> Vectors:
        self.calls.append(len(texts))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            padded = f" {' '.join(text.casefold().split())} "
            for start in range(max(1, len(padded) - self._n + 1)):
                gram = padded[start:start + self._n].encode()
                out[row, zlib.crc32(gram) % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return (out / np.where(norms == 0, 1, norms)).astype(np.float32)
