"""The translation memory as a wrapper around an engine (argos-translate's CachedTranslation).

``CachedEngine(engine, memory)`` is an engine: it answers the sentences the memory knows for that
engine, model and pair, sends only the others to the engine, and remembers what comes back. A
wire copy or a boilerplate line is translated once per model, ever; a second pass over stored
work sends nothing to any engine.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from bbabo.errors import TranslationError
from bbabo.translate.base import Engine, careful_variant

__all__ = ["CachedEngine", "MemoryStats", "TranslationMemory", "sentence_hash"]

log = logging.getLogger(__name__)


def sentence_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class TranslationMemory(Protocol):
    """Where translations are remembered (``bbabo.store.memory.MemoryRepo`` in production)."""

    def lookup(self, engine: str, model: str, src: str, tgt: str,
               hashes: Sequence[str]) -> dict[str, str]: ...

    def remember(self, engine: str, model: str, src: str, tgt: str,
                 entries: Mapping[str, str]) -> None: ...


@dataclass(slots=True)
class MemoryStats:
    """Sentences answered from memory and sentences sent to engines, over a run."""

    hits: int = 0
    misses: int = 0


class CachedEngine:
    """An engine whose answers are looked up in, and written to, a translation memory."""

    def __init__(self, engine: Engine, memory: TranslationMemory,
                 stats: MemoryStats | None = None) -> None:
        self.inner = engine
        self.name = engine.name
        self._memory = memory
        self.stats = stats if stats is not None else MemoryStats()

    def pairs(self) -> set[tuple[str, str]]:
        return self.inner.pairs()

    def model_id(self, src: str, tgt: str) -> str:
        return self.inner.model_id(src, tgt)

    def install_hint(self, src: str, tgt: str) -> str:
        return self.inner.install_hint(src, tgt)

    def careful(self) -> Engine | None:
        variant = careful_variant(self.inner)
        return None if variant is None else CachedEngine(variant, self._memory, self.stats)

    def translate_batch(self, texts: Sequence[str], src: str, tgt: str) -> list[str]:
        model = self.inner.model_id(src, tgt)
        hashes = [sentence_hash(text) for text in texts]
        known = self._memory.lookup(self.name, model, src, tgt, hashes)
        todo: dict[str, str] = {}  # hash -> sentence, each distinct sentence once
        for digest, text in zip(hashes, texts, strict=True):
            if digest not in known and text.strip():
                todo.setdefault(digest, text)
        self.stats.hits += sum(1 for digest in hashes if digest in known)
        self.stats.misses += len(todo)
        if todo:
            fresh = self.inner.translate_batch(list(todo.values()), src, tgt)
            if len(fresh) != len(todo):
                raise TranslationError(
                    f"{self.name} returned {len(fresh)} sentences for {len(todo)}")
            made = dict(zip(todo, fresh, strict=True))
            # An empty answer to a non-empty sentence is a failure, not a translation to keep.
            self._memory.remember(self.name, model, src, tgt,
                                  {digest: text for digest, text in made.items() if text.strip()})
            known = {**known, **made}
        return [known.get(digest, "") for digest in hashes]
