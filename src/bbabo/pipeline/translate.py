"""Translate every stored article into the target languages, in batches across articles.

Sentences go through the translation memory (``store.memory``), so a sentence any earlier run
translated with the same engine and model is never sent to an engine again, and the glossary
(``store.glossary``) is applied to every batch, then the spellings of names earlier articles
settled (``store.names``), which each new translation adds to. A translation with QA flags is
published with them, or held back when the translator says so (``qa_hold_back``)."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from bbabo.errors import TranslationError
from bbabo.pipeline.urgency import PendingWalk
from bbabo.store import PendingTranslation, Store
from bbabo.translate import MemoryStats, TranslationJob, Translator
from bbabo.translate.names import Spellings

__all__ = ["translate_pending", "translate_items", "TranslateReport"]

log = logging.getLogger(__name__)


@dataclass(slots=True)
class TranslateReport:
    translated: Counter[str] = field(default_factory=Counter)
    missing_pairs: Counter[tuple[str, str]] = field(default_factory=Counter)
    failed: list[tuple[int, str, str]] = field(default_factory=list)
    flagged: Counter[str] = field(default_factory=Counter)  # stored with QA flags, per language
    held: Counter[str] = field(default_factory=Counter)  # of those, held back
    memory: MemoryStats = field(default_factory=MemoryStats)

    @property
    def total(self) -> int:
        return sum(self.translated.values())


def translate_pending(*, store: Store, translator: Translator, targets: Sequence[str],
                      clock: Callable[[], datetime], batch_articles: int = 32,
                      on_progress: Callable[[int], None] | None = None,
                      should_stop: Callable[[], bool] = lambda: False) -> TranslateReport:
    """Translate what is missing; pairs without a model stay pending and are reported.

    Sentences of a whole batch of articles go to the engine together: batching is what makes
    CPU translation fast (see docs/benchmarks.md); a larger pool of sentences sorts into
    batches of more even length and leaves the engine's threads idle less often between calls.
    The newest articles go first (those stored while it runs included), with a quarter of
    every batch kept for the oldest (``pipeline.urgency``); ``on_progress`` is called after
    each batch is stored.
    """
    report = TranslateReport()
    walk = PendingWalk(store, targets, batch=batch_articles)
    while not should_stop():
        pending = walk.next_batch()
        if not pending:
            break
        translate_items(pending, store=store, translator=translator, clock=clock, report=report)
        if on_progress is not None:
            on_progress(len(pending))
    return report


def translate_items(items: Sequence[PendingTranslation], *, store: Store,
                    translator: Translator, clock: Callable[[], datetime],
                    report: TranslateReport) -> None:
    """Translate each item into its missing languages as one batch; pairs no engine has are
    counted in ``report.missing_pairs`` and stay pending."""
    jobs: list[TranslationJob] = []
    for item in items:
        for target in item.missing:
            if translator.can_translate(item.source_lang, target):
                jobs.append(TranslationJob(key=item.article_id, source_lang=item.source_lang,
                                           target_lang=target, title=item.title,
                                           paragraphs=item.paragraphs))
            else:
                report.missing_pairs[(item.source_lang, target)] += 1
    if jobs:
        _run_jobs(jobs, store=store, translator=translator, clock=clock, report=report)


def _run_jobs(jobs: list[TranslationJob], *, store: Store, translator: Translator,
              clock: Callable[[], datetime], report: TranslateReport) -> None:
    """Translate and store one batch; on failure, split it so that one bad article or engine
    does not hold back the others (the memory keeps what the failed call had translated)."""
    languages = sorted({job.target_lang for job in jobs})
    glossaries = {lang: store.glossary.for_language(lang) for lang in languages}
    learned = {lang: Spellings(store.names.for_language(lang)) for lang in languages}
    try:
        results = translator.translate_jobs(jobs, memory=store.memory, glossaries=glossaries,
                                            learned=learned, stats=report.memory)
    except TranslationError as exc:
        if len(jobs) == 1:
            job = jobs[0]
            report.failed.append((job.key, job.target_lang, str(exc)))
            log.error("translation failed: %s", exc, extra={
                "article_id": job.key, "target_lang": job.target_lang, "code": exc.code})
            return
        middle = len(jobs) // 2
        _run_jobs(jobs[:middle], store=store, translator=translator, clock=clock, report=report)
        _run_jobs(jobs[middle:], store=store, translator=translator, clock=clock, report=report)
        return
    holds = [translator.hold_back and bool(result.qa) for result in results]
    stored = store.translations.save_many(
        [(job.key, result, hold) for job, result, hold in zip(jobs, results, holds, strict=True)],
        now=clock())
    for job, result, hold, new in zip(jobs, results, holds, stored, strict=True):
        if not new:
            continue  # another worker stored it first
        store.names.record(job.target_lang, result.names, now=clock())
        report.translated[job.target_lang] += 1
        if result.qa:
            report.flagged[job.target_lang] += 1
            log.info("translation flagged", extra={
                "article_id": job.key, "target_lang": job.target_lang, "held": hold,
                "checks": sorted({flag.check for flag in result.qa})})
        if hold:
            report.held[job.target_lang] += 1
