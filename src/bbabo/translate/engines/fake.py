"""A deterministic engine for tests of the orchestration around engines."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bbabo.errors import ModelMissing, TranslationError

__all__ = ["FakeEngine"]


class FakeEngine:
    """Translates ``text`` into ``f"[{tgt}] {text}"``, and records every call it gets.

    ``fail_on`` makes it raise TranslationError when asked to translate that text.
    """

    def __init__(
        self,
        pairs: Iterable[tuple[str, str]],
        *,
        name: str = "fake",
        fail_on: str | None = None,
    ) -> None:
        self.name = name
        self._pairs = set(pairs)
        self._fail_on = fail_on
        self.calls: list[tuple[tuple[str, ...], str, str]] = []

    def pairs(self) -> set[tuple[str, str]]:
        return set(self._pairs)

    def model_id(self, src: str, tgt: str) -> str:
        return f"{self.name}-{src}-{tgt}"

    def translate_batch(self, texts: Sequence[str], src: str, tgt: str) -> list[str]:
        if (src, tgt) not in self._pairs:
            raise ModelMissing(f"{self.name} cannot translate {src}→{tgt}")
        self.calls.append((tuple(texts), src, tgt))
        if self._fail_on is not None and self._fail_on in texts:
            raise TranslationError(f"{self.name} refused {self._fail_on!r}")
        return [f"[{tgt}] {text}" for text in texts]

    def install_hint(self, src: str, tgt: str) -> str:
        return f"give {self.name} the pair {src}-{tgt}"
