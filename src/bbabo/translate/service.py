"""The translation service: articles in, translations out, batched across articles and pairs."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass

from bbabo.errors import ModelMissing, TranslationError
from bbabo.model import TranslatedText
from bbabo.translate.base import Engine
from bbabo.translate.segment import join_sentences, split_sentences

__all__ = ["TranslationJob", "Translator"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class TranslationJob:
    """One article to translate into one language; ``key`` is the caller's (an article id)."""

    key: int
    source_lang: str
    target_lang: str
    title: str
    paragraphs: tuple[str, ...]


# Where a job's text went: per text unit (title, then each paragraph), the indexes of its
# sentences in the unique-sentence list of the job's group.
_Layout = list[list[int]]


@dataclass(slots=True)
class _Group:
    engine: Engine
    src: str
    tgt: str
    index: dict[str, int]  # unique sentence -> position; dicts keep insertion order

    def add(self, sentence: str) -> int:
        return self.index.setdefault(sentence, len(self.index))


class Translator:
    """Picks an engine per language pair (the first, in configuration order, that has it)."""

    def __init__(self, engines: Sequence[Engine]) -> None:
        self.engines = tuple(engines)

    def engine_for(self, src: str, tgt: str) -> Engine | None:
        for engine in self.engines:
            if (src, tgt) in engine.pairs():
                return engine
        return None

    def can_translate(self, src: str, tgt: str) -> bool:
        return self.engine_for(src, tgt) is not None

    def pairs(self) -> set[tuple[str, str]]:
        """Every pair some engine can translate now."""
        found: set[tuple[str, str]] = set()
        for engine in self.engines:
            found |= engine.pairs()
        return found

    def missing_hint(self, src: str, tgt: str) -> str:
        """One line telling the operator how to get a model for a pair."""
        if not self.engines:
            return f"no model for {src}→{tgt}: no translation engine is configured"
        ways = " or ".join(engine.install_hint(src, tgt) for engine in self.engines)
        return f"no model for {src}→{tgt}: {ways}"

    def translate_jobs(self, jobs: Sequence[TranslationJob]) -> list[TranslatedText]:
        """Translate every job; ``result[i]`` is the translation of ``jobs[i]``.

        Sentences of all jobs sharing an engine and pair go to the engine in one call, each
        distinct sentence once. Raises ModelMissing, before translating anything, when a job's
        pair has no engine (ask ``can_translate`` first and leave such jobs pending), and
        TranslationError, naming the engine and pair, when an engine fails.
        """
        engines = self._engines_for(jobs)
        groups: dict[tuple[int, str, str], _Group] = {}
        layouts: list[tuple[_Group, _Layout]] = []
        for job in jobs:
            engine = engines[(job.source_lang, job.target_lang)]
            key = (id(engine), job.source_lang, job.target_lang)
            group = groups.setdefault(key, _Group(engine, job.source_lang, job.target_lang, {}))
            units = (job.title, *job.paragraphs)
            layout = [[group.add(s) for s in split_sentences(unit, job.source_lang)]
                      for unit in units]
            layouts.append((group, layout))
        # Model ids first: a bad model description should fail before minutes of decoding.
        model_ids = {id(group): group.engine.model_id(group.src, group.tgt)
                     for group in groups.values()}
        translated = {id(group): _run_group(group) for group in groups.values()}
        results: list[TranslatedText] = []
        for job, (group, layout) in zip(jobs, layouts, strict=True):
            sentences = translated[id(group)]
            title, *paragraphs = (
                join_sentences([sentences[i] for i in unit], job.target_lang) for unit in layout
            )
            results.append(TranslatedText(
                source_lang=job.source_lang,
                target_lang=job.target_lang,
                title=title,
                paragraphs=tuple(paragraphs),
                engine=group.engine.name,
                model=model_ids[id(group)],
            ))
        return results

    def _engines_for(self, jobs: Sequence[TranslationJob]) -> dict[tuple[str, str], Engine]:
        engines: dict[tuple[str, str], Engine] = {}
        for job in jobs:
            pair = (job.source_lang, job.target_lang)
            if pair in engines:
                continue
            engine = self.engine_for(*pair)
            if engine is None:
                raise ModelMissing(f"job {job.key}: {self.missing_hint(*pair)}")
            engines[pair] = engine
        return engines


def _run_group(group: _Group) -> list[str]:
    sentences = list(group.index)
    if not sentences:
        return []
    where = f"{group.engine.name} {group.src}→{group.tgt}"
    started = time.perf_counter()
    try:
        translated = group.engine.translate_batch(sentences, group.src, group.tgt)
    except TranslationError as exc:
        kind = ModelMissing if isinstance(exc, ModelMissing) else TranslationError
        raise kind(f"{where}: {exc}", code=exc.code) from exc
    if len(translated) != len(sentences):
        raise TranslationError(
            f"{where}: returned {len(translated)} sentences for {len(sentences)}"
        )
    log.info(
        "translated sentences",
        extra={
            "engine": group.engine.name,
            "lang": group.src,
            "target_lang": group.tgt,
            "sentences": len(sentences),
            "duration_ms": round((time.perf_counter() - started) * 1000),
        },
    )
    return translated
