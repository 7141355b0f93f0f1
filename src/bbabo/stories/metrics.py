"""BCubed precision, recall and F1 of a clustering against gold labels (Bagga and Baldwin 1998;
Amigó et al. 2009), the usual measure for news-story clustering (Miranda et al. 2018)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass

__all__ = ["BCubed", "bcubed"]


@dataclass(frozen=True, slots=True, kw_only=True)
class BCubed:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def bcubed(predicted: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]) -> BCubed:
    """Per item: the share of its predicted cluster that shares its gold label (precision) and
    the share of its gold cluster that shares its predicted cluster (recall), averaged."""
    items = list(gold)
    if not items:
        return BCubed(precision=1.0, recall=1.0)
    both = Counter((predicted[i], gold[i]) for i in items)
    in_predicted = Counter(predicted[i] for i in items)
    in_gold = Counter(gold[i] for i in items)
    precision = sum(both[(predicted[i], gold[i])] / in_predicted[predicted[i]] for i in items)
    recall = sum(both[(predicted[i], gold[i])] / in_gold[gold[i]] for i in items)
    return BCubed(precision=precision / len(items), recall=recall / len(items))
