"""Which index packages give bbabo the language pairs it lacks.

A pair the index has a package for gets that package; a pair it has none for gets the two legs
through English (ru→en and en→kk for ru→kk) when the index has both (or one is installed), since
the translator pivots through English by itself. Packages are planned once even when many pairs
share them: the first two hundred pairs of a new deployment usually need a dozen models.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bbabo.translate.packages.index import Package, pick_package
from bbabo.translate.pivot import PIVOT_LANGUAGE

__all__ = ["ModelPlan", "plan_models", "Pair"]

Pair = tuple[str, str]


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelPlan:
    packages: tuple[Package, ...]
    """To install, in this order."""
    unavailable: tuple[Pair, ...]
    """Pairs the index cannot provide, not even through English."""


def plan_models(missing: Iterable[Pair], packages: Sequence[Package], *, have: Iterable[Pair],
                via: str = PIVOT_LANGUAGE) -> ModelPlan:
    """The packages that cover ``missing``, given the pairs engines translate directly now."""
    index = list(packages)
    covered = set(have)
    chosen: list[Package] = []
    unavailable: list[Pair] = []
    for pair in sorted(set(missing) - covered):
        direct = pick_package(index, *pair)
        if direct is not None:
            chosen.append(direct)
            covered.add(pair)
            continue
        legs = [(pair[0], via), (via, pair[1])] if via not in pair else []
        needed = {leg: pick_package(index, *leg) for leg in legs if leg not in covered}
        if not legs or None in needed.values():
            unavailable.append(pair)
            continue
        for leg, package in needed.items():
            assert package is not None
            chosen.append(package)
            covered.add(leg)
    return ModelPlan(packages=tuple(chosen), unavailable=tuple(unavailable))
