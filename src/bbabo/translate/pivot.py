"""Pivoting: ru→pl through English when no engine has ru→pl (argos-translate's
CompositeTranslation, as a wrapper). The translation records both legs: engine
"pivot(first,second)" and model "first-model+second-model"."""

from __future__ import annotations

from collections.abc import Sequence

from bbabo.errors import ModelMissing
from bbabo.translate.base import Engine, careful_variant

__all__ = ["PivotEngine", "PIVOT_LANGUAGE"]

# Nearly every pair has a model into and out of English, and only English is that well served.
PIVOT_LANGUAGE = "en"


class PivotEngine:
    """Translates src→via with ``first``, then via→tgt with ``second``."""

    def __init__(self, first: Engine, second: Engine, via: str = PIVOT_LANGUAGE) -> None:
        self.first, self.second, self.via = first, second, via
        self.name = f"pivot({first.name},{second.name})"

    def pairs(self) -> set[tuple[str, str]]:
        into = {src for src, tgt in self.first.pairs() if tgt == self.via}
        out = {tgt for src, tgt in self.second.pairs() if src == self.via}
        return {(src, tgt) for src in into for tgt in out if src != tgt}

    def model_id(self, src: str, tgt: str) -> str:
        return (f"{self.first.model_id(src, self.via)}"
                f"+{self.second.model_id(self.via, tgt)}")

    def translate_batch(self, texts: Sequence[str], src: str, tgt: str) -> list[str]:
        if (src, tgt) not in self.pairs():
            raise ModelMissing(f"cannot pivot {src}→{tgt} through {self.via}")
        middle = self.first.translate_batch(texts, src, self.via)
        return self.second.translate_batch(middle, self.via, tgt)

    def install_hint(self, src: str, tgt: str) -> str:
        first, second = self.first.install_hint(src, self.via), self.second.install_hint(
            self.via, tgt)
        return f"{first} and {second}" if first and second else ""

    def careful(self) -> Engine | None:
        first, second = careful_variant(self.first), careful_variant(self.second)
        if first is None and second is None:
            return None
        return PivotEngine(first or self.first, second or self.second, self.via)
