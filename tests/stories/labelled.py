"""bbabo's labelled story reports (tests/fixtures/stories/{tune,report}.json, written for bbabo)
and what the regression test and ``bench/stories.py`` do with them: build the stage's
``Report``s with or without translations, cluster them online exactly as the pipeline does, and
count the look-alike events that were merged.

E5 vectors of the reports are kept in ``vectors-e5.npz`` beside them (keyed by a hash of the
text), so the test needs no model; ``bench/stories.py --refresh-vectors`` recomputes them, and
tests/stories/test_quality.py checks a sample against the real model.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np

from bbabo.embed import Embedder, Vectors, article_text
from bbabo.stories import Report, ScoreModel, StoryIndex, StoryOptions

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "stories"
VECTORS = FIXTURES / "vectors-e5.npz"


@dataclass(frozen=True, slots=True)
class Labelled:
    """A labelled report: its event and the event's kind (events of one kind are look-alikes)."""

    report: Report
    event: str
    kind: str
    source: str  # the original text, as embedded

    @property
    def id(self) -> int:
        return self.report.article_id


def load_split(name: str, *, translations: bool) -> list[Labelled]:
    """The reports of ``tune`` or ``report``; with ``translations``, each non-English report can
    also be read in English (the translation written with it)."""
    data = json.loads((FIXTURES / f"{name}.json").read_text())
    found: list[Labelled] = []
    counter = itertools.count(1 if name == "tune" else 1001)
    for event in data["events"]:
        for item in event["reports"]:
            source = article_text(item["title"], [item["lead"]])
            texts = {item["lang"]: source}
            if translations and "en_title" in item:
                texts["en"] = article_text(item["en_title"], [item["en_lead"]])
            report = Report(article_id=next(counter), lang=item["lang"],
                            published_at=datetime.fromisoformat(item["at"]), texts=texts)
            found.append(Labelled(report=report, event=event["id"], kind=event["kind"],
                                  source=source))
    return found


def split_hash(name: str) -> str:
    return hashlib.sha256((FIXTURES / f"{name}.json").read_bytes()).hexdigest()[:16]


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def cached_vectors() -> tuple[str, dict[str, Vectors]]:
    """(model id, text key -> vector) of the cached E5 vectors."""
    with np.load(VECTORS) as data:
        return str(data["model_id"]), dict(zip([str(k) for k in data["keys"]],
                                               data["vectors"].astype(np.float32), strict=True))


def save_vectors(model_id: str, vectors: Mapping[str, Vectors]) -> None:
    keys = sorted(vectors)
    np.savez_compressed(VECTORS, model_id=np.array(model_id), keys=np.array(keys),
                        vectors=np.array([vectors[k] for k in keys], dtype=np.float32))


def vectors_for(items: Sequence[Labelled], embed: Callable[[list[str]], Vectors] | None = None,
                cache: Mapping[str, Vectors] | None = None) -> dict[int, Vectors]:
    """Article id -> vector, from ``cache`` where it has the text, else from ``embed``."""
    cache = cache or {}
    missing = [item for item in items if text_key(item.source) not in cache]
    fresh: dict[str, Vectors] = {}
    if missing:
        if embed is None:
            raise LookupError(f"{len(missing)} report(s) lack a cached vector; run "
                              "bench/stories.py --refresh-vectors")
        rows = embed([item.source for item in missing])
        fresh = {text_key(item.source): row for item, row in zip(missing, rows, strict=True)}
    return {item.id: (fresh.get(text_key(item.source)) if text_key(item.source) in fresh
                      else cache[text_key(item.source)]) for item in items}


def cluster(items: Sequence[Labelled], vectors: Mapping[int, Vectors], model: ScoreModel,
            *, batch: int = 8, dim: int = 384) -> dict[int, int]:
    """Article id -> story id, placing the reports in arrival order in small batches, as the
    pipeline does."""
    index = StoryIndex(StoryOptions(model=model), dim=dim)
    ids = itertools.count(1)
    ordered = sorted(items, key=lambda i: (i.report.published_at, i.id))
    story_of: dict[int, int] = {}
    for start in range(0, len(ordered), batch):
        chunk = ordered[start:start + batch]
        placement = index.place([(i.report, vectors[i.id]) for i in chunk],
                                new_story=lambda _report: next(ids))
        for assignment in placement.assignments:
            assert assignment.story_id is not None
            story_of[assignment.article_id] = assignment.story_id
        for merge in placement.merges:
            story_of = {a: merge.survivor if s == merge.absorbed else s
                        for a, s in story_of.items()}
    return story_of


def lookalike_merges(predicted: Mapping[int, int], items: Iterable[Labelled]) -> int:
    """Predicted stories holding reports of two different events of one kind."""
    events: dict[int, set[tuple[str, str]]] = {}
    for item in items:
        events.setdefault(predicted[item.id], set()).add((item.kind, item.event))
    merged = 0
    for found in events.values():
        kinds = [kind for kind, _event in found]
        merged += any(kinds.count(kind) > 1 for kind in set(kinds))
    return merged


def wrong_merges(predicted: Mapping[int, int], gold: Mapping[int, str]) -> int:
    """Predicted stories holding reports of more than one event."""
    events: dict[int, set[str]] = {}
    for article_id, story in predicted.items():
        events.setdefault(story, set()).add(gold[article_id])
    return sum(len(found) > 1 for found in events.values())


def embed_with(embedder: Embedder) -> Callable[[list[str]], Vectors]:
    return lambda texts: embedder.embed(texts)
