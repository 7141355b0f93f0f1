"""Which pending translations go first: the newest, without starving the oldest.

News is worth most in its first hour, so a story that just arrived is translated before a
backlog of older ones (a new source's first poll, a language whose model was just installed,
the hours a translation worker was down). But a backlog must still shrink while news keeps
arriving: every batch keeps a share (a quarter) for the oldest pending work, so the oldest
article waits at most four times as many batches as the backlog alone would take.

``PendingWalk`` is one pass over the pending articles of ``bbabo run`` (and ``bbabo translate
--once``): each article is visited once per pass, newest first from the top and oldest first
from the bottom, and articles stored while the pass runs join it at the top at once.
``order_for_urgency`` is the same rule for the Celery scheduler, which picks from what one look
at the store returned."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from bbabo.store import PendingTranslation, Store

__all__ = ["PendingWalk", "order_for_urgency", "BACKLOG_SHARE"]

BACKLOG_SHARE = 0.25
"""The share of every batch kept for the oldest pending work while there is any."""

T = TypeVar("T")


def _reserve(size: int) -> int:
    return max(1, round(size * BACKLOG_SHARE)) if size > 1 else 0


class PendingWalk:
    """Batches of pending translations, newest first with a share for the oldest."""

    def __init__(self, store: Store, targets: Sequence[str], *, batch: int) -> None:
        self._store, self._targets, self._batch = store, tuple(targets), batch
        self._top = 0  # the highest article id taken into the walk
        self._ranges: list[list[int]] = []  # [low, high] ids still to visit, low to high

    def next_batch(self) -> list[PendingTranslation]:
        """Up to ``batch`` pending articles; empty when the pass is over."""
        self._take_arrivals()
        taken: list[PendingTranslation] = []
        taken += self._newest(self._batch - _reserve(self._batch))
        taken += self._oldest(self._batch - len(taken))
        taken += self._newest(self._batch - len(taken))
        return taken

    def _take_arrivals(self) -> None:
        newest = self._store.articles.newest_id()
        if newest > self._top:
            self._ranges.append([self._top + 1, newest])
            self._top = newest

    def _newest(self, count: int) -> list[PendingTranslation]:
        found: list[PendingTranslation] = []
        while count > len(found) and self._ranges:
            low, high = self._ranges[-1]
            want = count - len(found)
            page = self._store.translations.pending(self._targets, after_id=low - 1,
                                                    upto_id=high, newest_first=True, limit=want)
            found += page
            if len(page) < want:
                self._ranges.pop()
            else:
                self._ranges[-1][1] = page[-1].article_id - 1
                self._drop_empty(-1)
        return found

    def _oldest(self, count: int) -> list[PendingTranslation]:
        found: list[PendingTranslation] = []
        while count > len(found) and self._ranges:
            low, high = self._ranges[0]
            want = count - len(found)
            page = self._store.translations.pending(self._targets, after_id=low - 1,
                                                    upto_id=high, limit=want)
            found += page
            if len(page) < want:
                self._ranges.pop(0)
            else:
                self._ranges[0][0] = page[-1].article_id + 1
                self._drop_empty(0)
        return found

    def _drop_empty(self, index: int) -> None:
        low, high = self._ranges[index]
        if low > high:
            self._ranges.pop(index)


def order_for_urgency(newest: Sequence[T], oldest: Sequence[T]) -> list[T]:
    """``newest`` (newest first) and ``oldest`` (oldest first) merged: three of the newest,
    then one of the oldest (``BACKLOG_SHARE``), and so on, each item once (the two may
    overlap)."""
    per_old = round((1 - BACKLOG_SHARE) / BACKLOG_SHARE)
    merged: list[T] = []
    seen: set[T] = set()
    new_i = old_i = 0
    while new_i < len(newest) or old_i < len(oldest):
        for _ in range(per_old):
            if new_i < len(newest):
                item = newest[new_i]
                new_i += 1
                if item not in seen:
                    seen.add(item)
                    merged.append(item)
        if old_i < len(oldest):
            item = oldest[old_i]
            old_i += 1
            if item not in seen:
                seen.add(item)
                merged.append(item)
    return merged
