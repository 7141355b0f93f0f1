"""What the translation service needs from an engine."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

__all__ = ["Engine", "CarefulEngine", "careful_variant"]


class Engine(Protocol):
    """A translation engine: sentences in, sentences out.

    Language codes are bbabo's (``langs.normalize``). Engines load their models on first use and
    keep them; one engine object is owned by one worker and reused.
    """

    name: str

    def pairs(self) -> set[tuple[str, str]]:
        """The (source, target) pairs this engine can translate now."""
        ...

    def model_id(self, src: str, tgt: str) -> str:
        """What is recorded with each translation, so a better model can redo it later."""
        ...

    def translate_batch(self, texts: Sequence[str], src: str, tgt: str) -> list[str]:
        """Translate sentences; the result has the same length and order as ``texts``.

        Raises ModelMissing for a pair not in ``pairs()``, TranslationError when the engine fails.
        """
        ...

    def install_hint(self, src: str, tgt: str) -> str:
        """Half a line telling the operator how this engine could learn the pair; empty when
        it has no way to (no such package exists)."""
        ...


class CarefulEngine(Engine, Protocol):
    """An engine that can also translate more slowly and carefully (a larger beam)."""

    def careful(self) -> Engine:
        """A variant sharing the loaded models, with its own ``model_id``: a sentence that
        failed QA is retried with it once."""
        ...


def careful_variant(engine: Engine) -> Engine | None:
    """The engine's careful variant, when it has one."""
    make = getattr(engine, "careful", None)
    return make() if callable(make) else None
