"""A tiny deterministic multilingual embedder for tests: words of several languages mapped to
shared concepts (by their stems, so inflected forms count), one dimension per concept. Two texts
naming the same things come out close whatever their languages; a text naming none of them is
the zero vector. No model, no weights: what cross-lingual search does with vectors, not their
quality, is what the tests using it check."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from bbabo.embed import Vectors

__all__ = ["ConceptEmbedder", "CONCEPTS"]

# concept -> stems in en, pl, ru, uk, de, es
CONCEPTS: dict[str, tuple[str, ...]] = {
    "fire": ("fire", "pożar", "пожар", "пожеж", "brand", "incendi"),
    "refinery": ("refiner", "rafineri", "нефтебаз", "нпз", "нафтобаз", "raffinerie",
                 "refinerí"),
    "volcano": ("volcan", "wulkan", "вулкан", "vulkan"),
    "strike": ("strike", "strajk", "забастовк", "страйк", "streik", "huelga"),
    "pilot": ("pilot", "пилот", "льотчик", "piloto"),
    "bank": ("bank", "банк", "banco"),
    "rate": ("rate", "stop", "ставк", "zins", "tipo"),
    "football": ("football", "derby", "piłk", "футбол", "дерби", "fußball", "fútbol"),
}
_STEMS = [(stem, n) for n, stems in enumerate(CONCEPTS.values()) for stem in stems]
_WORD = re.compile(r"\w+")


class ConceptEmbedder:
    model_id = "concepts-test-1"
    dim = len(CONCEPTS)

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def embed(self, texts: Sequence[str]) -> Vectors:
        self.calls.append(list(texts))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in _WORD.findall(text.casefold()):
                for stem, concept in _STEMS:
                    if word.startswith(stem):
                        out[row, concept] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return (out / np.where(norms == 0, 1, norms)).astype(np.float32)
