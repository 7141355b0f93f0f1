"""Retention: ``bbabo articles prune``, the store's old stories and articles taken out, and
their files taken out of the static copy of the site when one is kept.

The live site reads the store, so it follows at once (the deletions bump the data version its
page cache watches). In a static copy, each removed article's pages (every language, with
their ``.json`` twins) and each removed story's pages and feeds are deleted here, after their
rows are gone, so a publish pass running meanwhile renders none of them again; then the next
publish pass is asked to export the site whole (``publish.request_whole_export``), which
rewrites every listing and sitemap and takes out their pages past the new last one
(``publish.writer.sweep_numbered``).
"""

from __future__ import annotations

import logging
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bbabo.pipeline.publish import request_whole_export
from bbabo.publish.urls import STORY_SEGMENT, section_segment
from bbabo.store import Store
from bbabo.store.retention import PRUNE_BATCH, PrunedBatch

__all__ = ["prune", "PruneReport", "remove_pruned_files"]

log = logging.getLogger(__name__)

# A language folder of the static copy ("en", "pt-br", "zh-hant"), not "static" or "sitemaps".
_LANGUAGE_FOLDER = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*")


@dataclass(slots=True)
class PruneReport:
    stories: int = 0
    articles: int = 0
    files: int = 0  # files taken out of the static copy


def prune(store: Store, before: datetime, *, export_dir: Path | None = None,
          limit: int = PRUNE_BATCH,
          on_batch: Callable[[PruneReport], None] = lambda _report: None) -> PruneReport:
    """Take out, batch by batch, the stories whose newest report is older than ``before``
    with their reports, and the articles in no story published before it; with ``export_dir``,
    their files too. ``on_batch`` sees the running totals after each batch."""
    report = PruneReport()
    static = export_dir if export_dir is not None and export_dir.is_dir() else None
    if static is not None and store.retention.pending(before) != (0, 0):
        # Asked before the first batch commits, so a prune cut off midway still gets its
        # whole export; asked again at the end, in case a pass took the first request
        # meanwhile.
        request_whole_export(static)
    while True:
        batch = store.retention.prune_batch(before, limit=limit)
        if not batch.articles and not batch.stories:
            if static is not None and (report.articles or report.stories):
                request_whole_export(static)
            return report
        report.articles += len(batch.articles)
        report.stories += len(batch.stories)
        if static is not None:
            report.files += remove_pruned_files(static, batch)
        log.info("pruned a batch", extra={"articles": len(batch.articles),
                                          "stories": len(batch.stories)})
        on_batch(report)


def remove_pruned_files(root: Path, batch: PrunedBatch) -> int:
    """Delete the static copy's files of the articles and stories in ``batch``; returns how
    many files went."""
    if not root.is_dir():
        return 0
    removed = 0
    for article in batch.articles:
        section = section_segment(article.section)
        for lang in article.languages:
            removed += _remove_item(root / lang / section, article.id)
    folders = [child / STORY_SEGMENT for child in root.iterdir()
               if child.is_dir() and _LANGUAGE_FOLDER.fullmatch(child.name)]
    for story_id in batch.stories + batch.merged:
        for folder in folders:
            removed += _remove_item(folder, story_id)
            feeds = folder / str(story_id)  # /{lang}/story/{id}/feed.xml and the others
            if feeds.is_dir():
                removed += sum(1 for file in feeds.rglob("*") if file.is_file())
                shutil.rmtree(feeds, ignore_errors=True)
    return removed


def _remove_item(folder: Path, item_id: int) -> int:
    """An item's files in ``folder``: ``{id}.html``, ``{id}-{slug}.html``, their ``.json``
    twins and ``.gz`` copies (an old slug's file too)."""
    removed = 0
    for file in _item_files(folder, item_id):
        file.unlink(missing_ok=True)
        removed += 1
    return removed


def _item_files(folder: Path, item_id: int) -> Iterator[Path]:
    if not folder.is_dir():
        return
    for pattern in (f"{item_id}.*", f"{item_id}-*"):
        yield from (file for file in folder.glob(pattern) if file.is_file())
