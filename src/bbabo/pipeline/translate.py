"""Translate every stored article into the target languages, in batches across articles."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from bbabo.errors import TranslationError
from bbabo.store import Store
from bbabo.translate import TranslationJob, Translator

__all__ = ["translate_pending", "TranslateReport"]

log = logging.getLogger(__name__)


@dataclass(slots=True)
class TranslateReport:
    translated: Counter[str] = field(default_factory=Counter)
    missing_pairs: Counter[tuple[str, str]] = field(default_factory=Counter)
    failed: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.translated.values())


def translate_pending(*, store: Store, translator: Translator, targets: Sequence[str],
                      clock: Callable[[], datetime], batch_articles: int = 16,
                      on_progress: Callable[[int], None] | None = None,
                      should_stop: Callable[[], bool] = lambda: False) -> TranslateReport:
    """Translate what is missing; pairs without a model stay pending and are reported.

    Sentences of a whole batch of articles go to the engine together: batching is what makes
    CPU translation fast (see docs/benchmarks.md)."""
    report = TranslateReport()
    after_id = 0
    while not should_stop():
        pending = store.translations.pending(targets, after_id=after_id, limit=batch_articles)
        if not pending:
            break
        after_id = pending[-1].article_id
        jobs: list[TranslationJob] = []
        for item in pending:
            for target in item.missing:
                if translator.can_translate(item.source_lang, target):
                    jobs.append(TranslationJob(key=item.article_id,
                                               source_lang=item.source_lang,
                                               target_lang=target, title=item.title,
                                               paragraphs=item.paragraphs))
                else:
                    report.missing_pairs[(item.source_lang, target)] += 1
        if jobs:
            _run_jobs(jobs, store=store, translator=translator, clock=clock, report=report)
        if on_progress is not None:
            on_progress(len(pending))
    return report


def _run_jobs(jobs: list[TranslationJob], *, store: Store, translator: Translator,
              clock: Callable[[], datetime], report: TranslateReport) -> None:
    try:
        results = translator.translate_jobs(jobs)
    except TranslationError as exc:
        if len(jobs) == 1:
            job = jobs[0]
            report.failed.append((job.key, job.target_lang, str(exc)))
            log.error("translation failed: %s", exc, extra={
                "article_id": job.key, "target_lang": job.target_lang, "code": exc.code})
            return
        # Split the batch so one bad article or engine does not hold back the others.
        middle = len(jobs) // 2
        _run_jobs(jobs[:middle], store=store, translator=translator, clock=clock, report=report)
        _run_jobs(jobs[middle:], store=store, translator=translator, clock=clock, report=report)
        return
    for job, result in zip(jobs, results, strict=True):
        if store.translations.save(job.key, result, now=clock()):
            report.translated[job.target_lang] += 1
