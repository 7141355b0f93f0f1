"""Translate a given batch of articles into one language: the unit of work a Celery translation
worker receives (``translate_pending`` walks everything pending; a distributed worker gets its
share as a list of article ids from the scheduler).

Articles already translated into ``target`` (a redelivered task, a batch that overlapped another)
are skipped, so running a batch twice stores each translation once."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime

from bbabo.pipeline.translate import TranslateReport, translate_items
from bbabo.store import PendingTranslation, Store
from bbabo.translate import Translator

__all__ = ["translate_batch", "pending_in_batch"]

log = logging.getLogger(__name__)


def pending_in_batch(store: Store, article_ids: Sequence[int],
                     target: str) -> list[PendingTranslation]:
    """Those of ``article_ids`` still lacking a ``target`` translation, in id order."""
    wanted = set(article_ids)
    if not wanted:
        return []
    found: list[PendingTranslation] = []
    after_id, last = min(wanted) - 1, max(wanted)
    # The scheduler batches ids from one walk of the pending list, so they sit close together
    # and this reads a page or two.
    while after_id < last:
        page = store.translations.pending([target], after_id=after_id, limit=200)
        if not page:
            break
        found += [item for item in page if item.article_id in wanted and target in item.missing]
        after_id = page[-1].article_id
    return found


def translate_batch(article_ids: Sequence[int], target: str, *, store: Store,
                    translator: Translator,
                    clock: Callable[[], datetime]) -> TranslateReport:
    """Translate the still-pending ones of ``article_ids`` into ``target`` in one engine batch.

    Pairs no engine has are counted in ``missing_pairs`` and left pending."""
    report = TranslateReport()
    # Items from pending([target]) miss exactly `target`: the same batch runner as
    # `translate_pending` (one engine call, split on failure) does the rest.
    translate_items(pending_in_batch(store, article_ids, target), store=store,
                    translator=translator, clock=clock, report=report)
    log.info("translated batch", extra={"target_lang": target, "new": report.total})
    return report
