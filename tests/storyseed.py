"""A story of given articles written as the stories step writes one, for tests and benchmarks
that need stories without running the step (web/harness.py, pipeline/test_publish.py,
bench/listings.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bbabo.store import Membership, Store, StoryRecord

__all__ = ["record_story"]


def record_story(store: Store, article_ids: Sequence[int], *, now: datetime,
                 representative: int | None = None) -> int:
    """Open a story of these articles and return its id: the first article opened it (no
    score) and represents it unless told otherwise, the others joined it; its languages and
    times are its members' (an article without a publication time counts as ``now``)."""
    found = store.articles.get_many(list(article_ids))
    moments = [found[a].published_at or now for a in article_ids]
    with store.transaction() as tx:
        story_id = tx.stories.open(first_seen_at=min(moments), now=now)
        tx.stories.record(
            [Membership(article_id=a, story_id=story_id, score=None if n == 0 else 0.9)
             for n, a in enumerate(article_ids)],
            [StoryRecord(id=story_id, representative_id=representative or article_ids[0],
                         article_count=len(article_ids),
                         languages=tuple(sorted({found[a].language for a in article_ids})),
                         first_seen_at=min(moments), last_seen_at=max(moments))],
            [], now=now)
    return story_id
