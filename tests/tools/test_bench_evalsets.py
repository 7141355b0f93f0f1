"""The extraction benchmark's scoring (`bench/evalsets.py`): ScrapingHub's shingle averages and
trafilatura's snippet counts from per-page counts, and the paired bootstrap interval of one
extractor's F1 minus another's."""

from __future__ import annotations

from types import ModuleType

import pytest

from benchscripts import load_bench


@pytest.fixture(scope="module")
def evalsets() -> ModuleType:
    return load_bench("evalsets")


def test_shingle_scores_average_precision_and_recall_over_pages(evalsets: ModuleType) -> None:
    whole = "one two three four five six seven eight"
    counts = [evalsets.shingle_counts(whole, whole),              # perfect
              evalsets.shingle_counts(whole, "one two three four"),  # 1 of 5 shingles found
              evalsets.shingle_counts(whole, "")]                  # nothing: no precision
    scores = evalsets.shingle_aggregate(counts)
    assert scores["precision"] == pytest.approx((1.0 + 1.0) / 2)
    assert scores["recall"] == pytest.approx((1.0 + 0.2 + 0.0) / 3)
    p, r = scores["precision"], scores["recall"]
    assert scores["f1"] == pytest.approx(2 * p * r / (p + r))
    assert evalsets.shingle_aggregate([]) == {"precision": 0.0, "recall": 0.0, "f1": 0.0}


def test_snippet_scores_are_micro_averages(evalsets: ModuleType) -> None:
    scores = evalsets.snippet_aggregate([(3, 1, 1, 2), (1, 0, 3, 1)])
    assert scores == {"precision": 4 / 5, "recall": 4 / 8, "f1": pytest.approx(8 / 13)}


def test_the_interval_of_a_difference(evalsets: ModuleType) -> None:
    perfect, half = (1.0, 0.0, 0.0), (0.5, 0.25, 0.25)
    same = [half, perfect] * 20
    assert evalsets.paired_f1_difference(same, same, evalsets.shingle_aggregate) == (0.0, 0.0)

    better = [perfect] * 40  # better on every page: sure, whatever pages are drawn
    low, high = evalsets.paired_f1_difference(better, same, evalsets.shingle_aggregate)
    assert 0 < low <= high

    one_page = [perfect] + same[1:]  # better on one page of forty: not sure at all
    low, high = evalsets.paired_f1_difference(one_page, same, evalsets.shingle_aggregate)
    assert low == 0.0 < high
    # Seeded: the same outputs print the same interval.
    assert evalsets.paired_f1_difference(one_page, same, evalsets.shingle_aggregate) == (low, high)

    with pytest.raises(ValueError):
        evalsets.paired_f1_difference(better[:3], same, evalsets.shingle_aggregate)
    with pytest.raises(ValueError):
        evalsets.paired_f1_difference([], [], evalsets.shingle_aggregate)
