"""The score of a report against a story: a logistic regression over ``profile.FEATURES``,
fitted on labelled reports (``bench/stories.py --fit``) and shipped as ``weights.json``."""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from datetime import timedelta
from importlib.resources import files
from typing import Any

import numpy as np
import numpy.typing as npt

from bbabo.stories.profile import FEATURES

__all__ = ["ScoreModel", "StoryOptions", "default_model"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ScoreModel:
    """``threshold``: the probability from which a report joins a story (else it opens one);
    ``merge_threshold``: from which two stories become one. ``embedder`` is the model id of the
    vectors it was fitted on: its weights are only meaningful with that embedder."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    intercept: float
    threshold: float
    merge_threshold: float
    embedder: str
    fitted_on: str = ""

    def __post_init__(self) -> None:
        if self.features != FEATURES or len(self.weights) != len(FEATURES):
            raise ValueError(f"a stories model needs the features {FEATURES}, "
                             f"got {self.features}")

    def probability(self, features: npt.NDArray[np.float64]) -> float:
        z = self.intercept + float(np.dot(self.weights, features))
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ScoreModel:
        return cls(features=tuple(data["features"]),
                   weights=tuple(float(w) for w in data["weights"]),
                   intercept=float(data["intercept"]), threshold=float(data["threshold"]),
                   merge_threshold=float(data["merge_threshold"]),
                   embedder=str(data["embedder"]), fitted_on=str(data.get("fitted_on", "")))

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["features"], data["weights"] = list(self.features), list(self.weights)
        return data


def default_model() -> ScoreModel:
    """The model fitted on bbabo's tuning reports (``stories/weights.json``)."""
    text = files("bbabo.stories").joinpath("weights.json").read_text(encoding="utf-8")
    return ScoreModel.from_json(json.loads(text))


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryOptions:
    """``assign_window``: a report joins only a story with a report this close in time;
    ``merge_window``: two stories merge only this close; ``candidates``: the stories nearest
    by vector that are scored in full."""

    model: ScoreModel
    assign_window: timedelta = timedelta(days=3)
    merge_window: timedelta = timedelta(days=7)
    candidates: int = 20
