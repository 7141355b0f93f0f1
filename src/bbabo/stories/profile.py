"""A report, or a story (its reports together), as what the score compares: a unit vector, name
and number keys, words per language, and the time span; and the features of a pair of them.

Key and word weights are inverse document frequencies over the reports the index holds (the
last week or so), so a name every report of the week carries ("Trump", "Bank") counts for
little and a rare one (Grindavík) for much, in every language at once.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from bbabo.stories.evidence import Evidence

__all__ = ["Profile", "DocStats", "FEATURES", "pair_features"]

FEATURES = ("cosine", "names", "numbers", "text", "no_text", "hours")
"""What a pair is scored on (``pair_features`` returns them in this order):

- ``cosine``: the mean cosine between the reports of one side and those of the other (the dot
  product of their mean vectors). Not the cosine of the centroids: a centroid of several
  reports is nearer to anything than its reports are, most of all one in several languages;
- ``names``, ``numbers``: the share of the first side's name (number) keys, weighted by rarity,
  that the second side has too. A story's keys count by the share of its reports that carry
  them (as its vector is their centroid), so a story that has gathered many reports does not
  match everything by the union of their names;
- ``text``: TF-IDF cosine of their words in a language both can be read in (an original or a
  translation), the best such language; ``no_text`` is 1 when there is none;
- ``hours``: log(1 + hours between them), 0 when their time spans overlap.
"""

Vector = npt.NDArray[np.float32]


@dataclass(slots=True, kw_only=True)
class Profile:
    """``vector``: the mean of the reports' unit vectors (the vector itself for a report);
    ``names`` and ``numbers``: key -> the share of the reports that carry it (1 for a
    report); ``terms``: language -> summed word counts."""

    vector: Vector
    names: Mapping[str, float] = field(default_factory=dict)
    numbers: Mapping[str, float] = field(default_factory=dict)
    terms: dict[str, Counter[str]] = field(default_factory=dict)
    first: float = 0.0  # POSIX seconds
    last: float = 0.0
    # TF-IDF weights per language, made on first use: a report's are reused against every
    # candidate, a story's until it changes (the document frequencies drift little meanwhile).
    weights: dict[str, tuple[dict[str, float], float]] = field(default_factory=dict)

    @classmethod
    def of(cls, evidence: Evidence, vector: Vector, moment: float) -> Profile:
        return cls(vector=vector, names=dict.fromkeys(evidence.names, 1.0),
                   numbers=dict.fromkeys(evidence.numbers, 1.0),
                   terms={lang: Counter(words) for lang, words in evidence.terms.items()},
                   first=moment, last=moment)


class DocStats:
    """Document frequencies of keys and words over the reports in the index."""

    def __init__(self) -> None:
        self.reports = 0
        self.names: Counter[str] = Counter()
        self.numbers: Counter[str] = Counter()
        self.terms: dict[str, Counter[str]] = {}
        self.readable: Counter[str] = Counter()  # reports readable in each language

    def add(self, evidence: Evidence, sign: int = 1) -> None:
        self.reports += sign
        self.names.update(dict.fromkeys(evidence.names, sign))
        self.numbers.update(dict.fromkeys(evidence.numbers, sign))
        for lang, words in evidence.terms.items():
            self.readable[lang] += sign
            self.terms.setdefault(lang, Counter()).update(dict.fromkeys(words, sign))

    def idf(self, frequency: int, total: int) -> float:
        return math.log(1.0 + max(total, 1) / max(frequency, 1))


def pair_features(a: Profile, b: Profile, stats: DocStats) -> npt.NDArray[np.float64]:
    """The features (``FEATURES``) of ``a`` against ``b``; ``a`` is the report, or the smaller
    story of two."""
    text = _best_text(a, b, stats)
    gap_s = max(0.0, a.first - b.last, b.first - a.last)
    return np.array([
        float(a.vector @ b.vector),
        _coverage(a.names, b.names, stats.names, stats.reports, stats),
        _coverage(a.numbers, b.numbers, stats.numbers, stats.reports, stats),
        text if text is not None else 0.0,
        1.0 if text is None else 0.0,
        math.log1p(gap_s / 3600.0),
    ])


def _coverage(mine: Mapping[str, float], theirs: Mapping[str, float],
              frequency: Mapping[str, int], total: int, stats: DocStats) -> float:
    own = shared = 0.0
    for key, support in mine.items():
        weight = stats.idf(frequency.get(key, 0), total) * support
        own += weight
        shared += weight * theirs.get(key, 0.0)
    return shared / own if own else 0.0


def _best_text(a: Profile, b: Profile, stats: DocStats) -> float | None:
    best: float | None = None
    for lang in a.terms.keys() & b.terms.keys():
        (wa, na), (wb, nb) = _weights(a, lang, stats), _weights(b, lang, stats)
        if len(wa) > len(wb):
            wa, wb = wb, wa
        dot = sum(weight * wb[word] for word, weight in wa.items() if word in wb)
        score = dot / (na * nb) if na and nb else 0.0
        best = score if best is None else max(best, score)
    return best


def _weights(profile: Profile, lang: str, stats: DocStats) -> tuple[dict[str, float], float]:
    """Sublinear TF times IDF of the words ``profile`` has in ``lang``, and their norm."""
    found = profile.weights.get(lang)
    if found is None:
        frequency, total = stats.terms.get(lang, Counter()), stats.readable[lang]
        weights = {word: (1.0 + math.log(n)) * stats.idf(frequency.get(word, 0), total)
                   for word, n in profile.terms[lang].items() if n > 0}
        found = weights, math.sqrt(sum(w * w for w in weights.values()))
        profile.weights[lang] = found
    return found
