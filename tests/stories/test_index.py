"""The online decisions of the stories stage, on vectors made by hand and a model that looks
at the cosine alone: joining within the window, opening a story outside it, merging two stories
that turn out to be one (within a week, never beyond), the representative, forgetting."""

from __future__ import annotations

import itertools
import math
from datetime import UTC, datetime, timedelta

import numpy as np

from bbabo.stories import FEATURES, Report, ScoreModel, StoryIndex, StoryOptions, default_model

T0 = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)
DIM = 8


def _model(*, join: float = 0.9, merge: float = 0.9) -> ScoreModel:
    """p >= 0.5 exactly when the mean cosine reaches ``join``; two stories merge when it
    reaches ``merge``."""
    return ScoreModel(features=FEATURES, weights=(40.0, 0, 0, 0, 0, 0),
                      intercept=-40.0 * join, threshold=0.5,
                      merge_threshold=1 / (1 + math.exp(-40.0 * (merge - join))),
                      embedder="by hand")


def _vector(angle: float) -> np.ndarray:
    v = np.zeros(DIM, dtype=np.float32)
    v[0], v[1] = math.cos(angle), math.sin(angle)
    return v


def _report(article_id: int, at: datetime, text: str = "A report.") -> Report:
    return Report(article_id=article_id, lang="en", published_at=at, texts={"en": text})


class _Ids:
    def __init__(self) -> None:
        self._next = itertools.count(100)

    def __call__(self, _report: Report) -> int:
        return next(self._next)


def test_a_near_report_joins_and_a_far_one_opens_a_story() -> None:
    index = StoryIndex(StoryOptions(model=_model()), dim=DIM)
    placed = index.place([(_report(1, T0), _vector(0.0)),
                          (_report(2, T0 + timedelta(hours=5)), _vector(0.2)),   # cos 0.98
                          (_report(3, T0 + timedelta(hours=6)), _vector(1.2))],  # cos 0.36
                         new_story=_Ids())
    story = {a.article_id: a.story_id for a in placed.assignments}
    assert story[1] == story[2] != story[3]
    assert placed.opened == [story[1], story[3]]
    assert [a.opened for a in placed.assignments] == [True, False, True]
    assert placed.assignments[1].probability > 0.9


def test_the_same_event_four_days_later_is_a_new_story() -> None:
    index = StoryIndex(StoryOptions(model=_model(merge=0.9999)), dim=DIM)
    first = index.place([(_report(1, T0), _vector(0.0))], new_story=_Ids())
    later = index.place([(_report(2, T0 + timedelta(days=4)), _vector(0.05))],
                        new_story=lambda r: 555)
    assert later.opened == [555] and first.opened != [555]
    assert later.merges == []


def test_two_stories_that_turn_out_to_be_one_are_merged_into_the_older() -> None:
    index = StoryIndex(StoryOptions(model=_model()), dim=DIM)
    ids = _Ids()
    theta = math.acos(0.85)  # the two first reports: cosine 0.85, two stories
    one = index.place([(_report(1, T0), _vector(0.0)),
                       (_report(2, T0 + timedelta(hours=1)), _vector(theta))], new_story=ids)
    assert len(one.opened) == 2 and one.merges == []
    # A third report between them (0.96 to each) joins one; that story's reports are now 0.906
    # from the other's on average: the two are one story.
    two = index.place([(_report(3, T0 + timedelta(days=2)), _vector(theta / 2))], new_story=ids)
    assert two.opened == []
    assert [(m.survivor, m.absorbed) for m in two.merges] == [(100, 101)]
    [state] = two.states
    assert (state.id, state.members) == (100, 3)
    assert state.representative == 3  # nearest the centroid
    assert (state.first_seen, state.last_seen) == (T0, T0 + timedelta(days=2))
    assert 101 not in index and len(index) == 1


def test_stories_more_than_a_week_apart_are_never_merged() -> None:
    index = StoryIndex(StoryOptions(model=_model()), dim=DIM)
    index.place([(_report(1, T0), _vector(0.0))], new_story=lambda r: 1)
    placed = index.place([(_report(2, T0 + timedelta(days=9)), _vector(0.0))],
                         new_story=lambda r: 2)
    assert placed.opened == [2] and placed.merges == []  # 9 days apart: two stories
    follow = index.place([(_report(3, T0 + timedelta(days=1)), _vector(0.05))],
                         new_story=lambda r: 3)
    assert follow.opened == [] and follow.merges == []  # joined 1, still 8 days from 2
    closer = index.place([(_report(4, T0 + timedelta(days=3)), _vector(0.05))],
                         new_story=lambda r: 4)
    # Story 1 now reaches day 3: six days from story 2, one event (identical vectors).
    assert closer.opened == []
    assert [(m.survivor, m.absorbed) for m in closer.merges] == [(1, 2)]


def test_reports_are_placed_in_time_order_whatever_order_they_come_in() -> None:
    index = StoryIndex(StoryOptions(model=_model()), dim=DIM)
    placed = index.place([(_report(2, T0 + timedelta(hours=2)), _vector(0.1)),
                          (_report(1, T0), _vector(0.0))], new_story=_Ids())
    assert [a.article_id for a in placed.assignments] == [1, 2]
    assert placed.assignments[0].opened and not placed.assignments[1].opened


def test_old_stories_are_forgotten_with_their_evidence() -> None:
    index = StoryIndex(StoryOptions(model=default_model()), dim=DIM)
    index.add(_report(1, T0, "Grindavík erupted, 700 evacuated."), _vector(0.0), 1)
    index.add(_report(2, T0 + timedelta(days=9), "Etna erupted over Catania."), _vector(1.0), 2)
    assert index.stats.reports == 2
    assert index.evict(T0 + timedelta(days=8)) == [1]
    assert 1 not in index and 2 in index
    assert index.stats.reports == 1 and index.stats.numbers["700"] == 0


def test_an_empty_index_opens_a_story_and_grows() -> None:
    index = StoryIndex(StoryOptions(model=_model()), dim=DIM)
    assert index.assign(_report(1, T0), _vector(0.0)).story_id is None
    for n in range(200):  # past the first allocation of rows
        index.add(_report(n + 1, T0 + timedelta(minutes=n)), _vector(0.3 * n), n + 1)
    assert len(index) == 200
    assert index.assign(_report(999, T0), _vector(0.3 * 57)).story_id == 58
