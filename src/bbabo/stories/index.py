"""The active stories in memory, and the online decisions: which story a new report joins (or
that it opens one), and which two stories have turned out to be one.

Every story's centroid is a row of one matrix, so the nearest stories to a report are one
matrix product away (10,000 stories x 384 dimensions is about a millisecond); only those
``candidates`` are scored in full. The index is a value held by the pipeline: it never reads
the store, and a pipeline that cannot be sure it is current rebuilds it from the store.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
import numpy.typing as npt

from bbabo.stories.evidence import Evidence, Report, gather_evidence
from bbabo.stories.profile import DocStats, Profile, Vector, pair_features
from bbabo.stories.scoring import StoryOptions

__all__ = ["StoryIndex", "Assignment", "Merge", "StoryState", "Placement"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Assignment:
    """Where a report goes: ``story_id`` None opens a new story (in a ``Placement``, the new
    story's id, and ``opened`` is set). ``probability`` is the score against the chosen story
    (against the best candidate when a new one is opened)."""

    article_id: int
    story_id: int | None
    probability: float
    opened: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Merge:
    survivor: int  # the older story, which keeps its id
    absorbed: int
    probability: float


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryState:
    """What the store records of a story: its most central report (the one whose vector is
    nearest the centroid; the earliest on a tie), its size, languages and time span."""

    id: int
    representative: int
    members: int
    languages: tuple[str, ...]
    first_seen: datetime
    last_seen: datetime


@dataclass(slots=True)
class Placement:
    """What ``place`` decided: each report's story, the stories opened and merged, and the
    state of every story that changed (absorbed ones excluded)."""

    assignments: list[Assignment] = field(default_factory=list)
    opened: list[int] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)
    states: list[StoryState] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class _Member:
    article_id: int
    lang: str
    moment: float
    vector: Vector
    evidence: Evidence


@dataclass(slots=True, kw_only=True)
class _Story:
    id: int
    row: int
    members: list[_Member] = field(default_factory=list)
    total: np.ndarray = field(default_factory=lambda: np.zeros(0))
    names: Counter[str] = field(default_factory=Counter)
    numbers: Counter[str] = field(default_factory=Counter)
    terms: dict[str, Counter[str]] = field(default_factory=dict)
    profile: Profile | None = None  # built when first scored after a change


class StoryIndex:
    def __init__(self, options: StoryOptions, *, dim: int) -> None:
        self.options = options
        self.dim = dim
        self.stats = DocStats()
        self._stories: dict[int, _Story] = {}
        self._by_row: list[_Story | None] = []
        self._free: list[int] = []
        self._matrix = np.zeros((0, dim), dtype=np.float32)
        self._first = np.zeros(0)
        self._last = np.zeros(0)
        self._alive = np.zeros(0, dtype=bool)
        self._used = 0  # rows ever used: the matrix is searched up to here

    def __len__(self) -> int:
        return len(self._stories)

    def __contains__(self, story_id: int) -> bool:
        return story_id in self._stories

    # -- decisions -------------------------------------------------------------------------

    def assign(self, report: Report, vector: Vector,
               evidence: Evidence | None = None) -> Assignment:
        """The story ``report`` belongs to, if one scores at least the model's threshold."""
        model = self.options.model
        best: tuple[float, int] | None = None
        for story_id, features in self.candidates(report, vector, evidence):
            probability = model.probability(features)
            if best is None or probability > best[0]:
                best = (probability, story_id)
        if best is not None and best[0] >= model.threshold:
            return Assignment(article_id=report.article_id, story_id=best[1],
                              probability=best[0])
        return Assignment(article_id=report.article_id, story_id=None,
                          probability=best[0] if best else 0.0)

    def candidates(self, report: Report, vector: Vector, evidence: Evidence | None = None
                   ) -> list[tuple[int, npt.NDArray[np.float64]]]:
        """The stories within the assignment window nearest to ``vector``, each with the
        features of ``report`` against it (what ``assign`` scores, and what the model is
        fitted on)."""
        moment = _seconds(report.published_at)
        mine = Profile.of(evidence or gather_evidence(report), vector, moment)
        window = self.options.assign_window.total_seconds()
        return [(story.id, pair_features(mine, self._profile(story), self.stats))
                for story in self._nearest(vector, moment - window, moment + window)]

    def merges(self, story_ids: Iterable[int]) -> list[Merge]:
        """Pairs among ``story_ids`` and their neighbours that score at least the model's merge
        threshold; each story in at most one pair, the smaller scored against the larger."""
        model, window = self.options.model, self.options.merge_window.total_seconds()
        found: list[Merge] = []
        taken: set[int] = set()
        for story_id in sorted(set(story_ids)):
            story = self._stories.get(story_id)
            if story is None or story_id in taken:
                continue
            profile = self._profile(story)
            centroid = self._matrix[story.row]
            for other in self._nearest(centroid, profile.first - window, profile.last + window):
                if other.id == story_id or other.id in taken:
                    continue
                small, large = sorted((story, other), key=lambda s: (len(s.members), -s.id))
                probability = model.probability(pair_features(
                    self._profile(small), self._profile(large), self.stats))
                if probability >= model.merge_threshold:
                    survivor, absorbed = sorted((story.id, other.id))
                    found.append(Merge(survivor=survivor, absorbed=absorbed,
                                       probability=probability))
                    taken |= {survivor, absorbed}
                    break
        return found

    def place(self, items: Sequence[tuple[Report, Vector]],
              new_story: Callable[[Report], int]) -> Placement:
        """Assign each report in time order (``new_story`` gives the id of a story it opens),
        then merge the stories that changed with any they turned out to be one with.

        A story of one report just opened is not checked for merging: its report was just
        scored against its neighbours and joined none (and a merge needs at least the score
        a join does)."""
        placement = Placement()
        touched: set[int] = set()
        for report, vector in sorted(items, key=lambda i: (i[0].published_at,
                                                            i[0].article_id)):
            evidence = gather_evidence(report)
            decision = self.assign(report, vector, evidence)
            story_id = decision.story_id
            if story_id is None:
                story_id = new_story(report)
                placement.opened.append(story_id)
            self.add(report, vector, story_id, evidence)
            placement.assignments.append(Assignment(
                article_id=report.article_id, story_id=story_id,
                probability=decision.probability, opened=decision.story_id is None))
            touched.add(story_id)
        for _round in range(3):  # a merge can bring two more stories within reach
            merges = self.merges(s for s in touched if len(self._stories[s].members) > 1)
            if not merges:
                break
            for merge in merges:
                self.merge(merge)
                placement.merges.append(merge)
                touched.discard(merge.absorbed)
                touched.add(merge.survivor)
        placement.states = [self.state(story_id) for story_id in sorted(touched)
                            if story_id in self._stories]
        return placement

    # -- changes ---------------------------------------------------------------------------

    def add(self, report: Report, vector: Vector, story_id: int,
            evidence: Evidence | None = None) -> StoryState:
        """Record ``report`` as a member of ``story_id`` (a new story if it is not held)."""
        story = self._stories.get(story_id) or self._open(story_id)
        evidence = evidence or gather_evidence(report)
        member = _Member(article_id=report.article_id, lang=report.lang,
                         moment=_seconds(report.published_at), vector=vector, evidence=evidence)
        self._join(story, [member])
        self.stats.add(evidence)
        return self.state(story_id)

    def merge(self, merge: Merge) -> StoryState:
        """Move the absorbed story's reports into the survivor."""
        absorbed = self._stories.pop(merge.absorbed)
        self._release(absorbed.row)
        self._join(self._stories[merge.survivor], absorbed.members)
        return self.state(merge.survivor)

    def evict(self, before: datetime) -> list[int]:
        """Forget the stories whose newest report is older than ``before``."""
        cutoff = _seconds(before)
        gone = [s for s in self._stories.values() if self._last[s.row] < cutoff]
        for story in gone:
            for member in story.members:
                self.stats.add(member.evidence, -1)
            del self._stories[story.id]
            self._release(story.row)
        return [story.id for story in gone]

    def state(self, story_id: int) -> StoryState:
        story = self._stories[story_id]
        centroid = self._matrix[story.row]
        central = max(story.members,
                      key=lambda m: (round(float(m.vector @ centroid), 6), -m.moment,
                                     -m.article_id))
        return StoryState(
            id=story.id, representative=central.article_id, members=len(story.members),
            languages=tuple(sorted({m.lang for m in story.members})),
            first_seen=_moment(self._first[story.row]), last_seen=_moment(self._last[story.row]))

    # -- internals -------------------------------------------------------------------------

    def _nearest(self, vector: Vector, start: float, end: float) -> list[_Story]:
        size = self._used
        eligible = (self._alive[:size] & (self._last[:size] >= start)
                    & (self._first[:size] <= end))
        count = int(eligible.sum())
        if count == 0:
            return []
        sims = np.where(eligible, self._matrix[:size] @ vector, -np.inf)
        k = min(self.options.candidates, count)
        rows = np.argpartition(-sims, k - 1)[:k]
        found = [self._by_row[int(row)] for row in rows[np.argsort(-sims[rows])]]
        return [story for story in found if story is not None]

    def _profile(self, story: _Story) -> Profile:
        if story.profile is None:
            size = len(story.members)
            story.profile = Profile(
                vector=(story.total / size).astype(np.float32),
                names={key: n / size for key, n in story.names.items()},
                numbers={key: n / size for key, n in story.numbers.items()},
                terms=story.terms, first=float(self._first[story.row]),
                last=float(self._last[story.row]))
        return story.profile

    def _open(self, story_id: int) -> _Story:
        if not self._free:
            self._grow()
        row = self._free.pop()
        self._used = max(self._used, row + 1)
        story = _Story(id=story_id, row=row, total=np.zeros(self.dim))
        self._stories[story_id] = story
        self._by_row[row] = story
        self._alive[row] = True
        self._first[row], self._last[row] = np.inf, -np.inf
        return story

    def _join(self, story: _Story, members: list[_Member]) -> None:
        story.profile = None
        for member in members:
            story.members.append(member)
            story.total = story.total + member.vector
            story.names.update(member.evidence.names)
            story.numbers.update(member.evidence.numbers)
            for lang, words in member.evidence.terms.items():
                story.terms.setdefault(lang, Counter()).update(words)
            self._first[story.row] = min(self._first[story.row], member.moment)
            self._last[story.row] = max(self._last[story.row], member.moment)
        norm = float(np.linalg.norm(story.total))
        self._matrix[story.row] = story.total / norm if norm else story.total

    def _release(self, row: int) -> None:
        self._by_row[row] = None
        self._alive[row] = False
        self._matrix[row] = 0
        self._free.append(row)

    def _grow(self) -> None:
        size = self._alive.shape[0]
        grown = max(64, size * 2)
        self._matrix = np.vstack([self._matrix, np.zeros((grown - size, self.dim), np.float32)])
        self._first = np.concatenate([self._first, np.zeros(grown - size)])
        self._last = np.concatenate([self._last, np.zeros(grown - size)])
        self._alive = np.concatenate([self._alive, np.zeros(grown - size, dtype=bool)])
        self._by_row.extend([None] * (grown - size))
        self._free.extend(range(grown - 1, size - 1, -1))


def _seconds(moment: datetime) -> float:
    return moment.timestamp()


def _moment(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)
