"""The extraction quality floor: the corpus must score at least its recorded floors, and the
corpus must be the one the floors were recorded on (its hash is pinned), so neither the corpus
nor the floors can change without a deliberate re-recording."""

from __future__ import annotations

import json

from score import BASELINE, CORPUS, corpus_sha256, score_corpus, summary

RERECORD = ("re-record deliberately with `python tests/quality/score.py --record` and explain "
            "the change in the commit")


def test_corpus_is_the_recorded_one() -> None:
    baseline = json.loads(BASELINE.read_text())
    pages = sorted(CORPUS.glob("*.html"))
    assert len(pages) == baseline["pages"] >= 30
    assert all(page.with_suffix(".json").is_file() for page in pages)
    assert corpus_sha256() == baseline["corpus_sha256"], f"the corpus changed: {RERECORD}"


def test_extraction_meets_the_floors() -> None:
    baseline = json.loads(BASELINE.read_text())
    scores = score_corpus()
    measured = summary(scores)
    worst = sorted(scores, key=lambda s: s.f1)[:3]
    for metric, floor in baseline["floors"].items():
        assert measured[metric] >= floor, (
            f"{metric} fell to {measured[metric]} (floor {floor}); worst pages: {worst}")
    # Floors only move up: a floor far under the measured score would hide a regression.
    for metric, value in baseline["measured"].items():
        assert baseline["floors"][metric] >= value - 0.05, f"{metric}: floor too low; {RERECORD}"


def test_languages_and_scripts_covered() -> None:
    langs = {json.loads(p.read_text())["lang"] for p in CORPUS.glob("*.json")}
    assert {"ru", "uk", "be", "bg", "kk", "pl", "cs", "en", "de", "ar", "he", "zh", "ja",
            "el"} <= langs
