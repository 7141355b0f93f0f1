"""The translation service: articles in, translations out, batched across articles and pairs.

Per language pair, the first configured engine that has the pair translates it; when none has
it, a pivot through English does (one engine into English, one out of it). Every distinct
sentence of a batch goes to its engine once, through the translation memory when one is given.
Each sentence is checked; a flagged one is retried once (with the next engine that has the pair,
else the engine's careful variant) and the better answer kept. Then names are harmonised and
every title and paragraph gets its QA flags.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bbabo.errors import ModelMissing, TranslationError
from bbabo.model import QAFlag, TranslatedText
from bbabo.translate.base import Engine, careful_variant
from bbabo.translate.cache import CachedEngine, MemoryStats, TranslationMemory
from bbabo.translate.names import Spellings, harmonize_names
from bbabo.translate.pivot import PIVOT_LANGUAGE, PivotEngine
from bbabo.translate.qa import QualityChecker
from bbabo.translate.segment import join_sentences, split_sentences
from bbabo.translate.verbatim import needs_engine, restore_verbatim

__all__ = ["TranslationJob", "Translator", "Glossaries", "Learned"]

log = logging.getLogger(__name__)

Glossaries = Mapping[str, Mapping[str, str]]
"""Target language -> {source form: target form}."""

Learned = Mapping[str, Spellings]
"""Target language -> the spellings earlier articles settled (``translate.names``)."""


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
    """Picks an engine per language pair; owns the QA checker (and its language detector)."""

    def __init__(self, engines: Sequence[Engine], *, checker: QualityChecker | None = None,
                 retry: bool = True, pivot: str | None = PIVOT_LANGUAGE,
                 hold_back: bool = False) -> None:
        self.engines = tuple(engines)
        self.checker = checker
        # Not used here: the pipeline's policy for flagged translations, carried by the object
        # every worker (CLI, `bbabo run`, Celery) builds from the settings.
        self.hold_back = hold_back
        self._retry = retry
        self._pivot = pivot

    def engine_for(self, src: str, tgt: str) -> Engine | None:
        return _resolve(self.engines, src, tgt, self._pivot)

    def can_translate(self, src: str, tgt: str) -> bool:
        return self.engine_for(src, tgt) is not None

    def pairs(self) -> set[tuple[str, str]]:
        """Every pair some engine, or a pivot through two of them, can translate now."""
        direct: set[tuple[str, str]] = set()
        for engine in self.engines:
            direct |= engine.pairs()
        via = self._pivot
        pivoted = {(s, t) for s, m in direct for m2, t in direct
                   if m == via and m2 == via and s != t} if via else set()
        return direct | pivoted

    def missing_hint(self, src: str, tgt: str) -> str:
        """One line telling the operator how to get a model for a pair."""
        if not self.engines:
            return f"no model for {src}→{tgt}: no translation engine is configured"
        if src == tgt:
            return f"no model for {src}→{tgt}: source and target are the same language"
        ways = [hint for engine in self.engines if (hint := engine.install_hint(src, tgt))]
        if not ways:
            return f"no model for {src}→{tgt}: none of the configured engines offers one"
        return f"no model for {src}→{tgt}: {' or '.join(ways)}"

    def translate_jobs(self, jobs: Sequence[TranslationJob], *,
                       memory: TranslationMemory | None = None,
                       glossaries: Glossaries | None = None,
                       learned: Learned | None = None,
                       stats: MemoryStats | None = None) -> list[TranslatedText]:
        """Translate every job; ``result[i]`` is the translation of ``jobs[i]``.

        Sentences of all jobs sharing a pair go to the engine in one call, each distinct
        sentence once. Raises ModelMissing, before translating anything, when a job's pair has
        no engine (ask ``can_translate`` first and leave such jobs pending), and
        TranslationError, naming the engine and pair, when an engine fails.
        """
        engines: tuple[Engine, ...] = self.engines
        if memory is not None:
            shared = stats if stats is not None else MemoryStats()
            engines = tuple(CachedEngine(engine, memory, shared) for engine in engines)
        groups: dict[tuple[str, str], _Group] = {}
        layouts: list[_Layout] = []
        for job in jobs:
            pair = (job.source_lang, job.target_lang)
            if pair not in groups:
                engine = _resolve(engines, *pair, self._pivot)
                if engine is None:
                    raise ModelMissing(f"job {job.key}: {self.missing_hint(*pair)}")
                groups[pair] = _Group(engine, *pair, {})
            group = groups[pair]
            layouts.append([[group.add(s) for s in split_sentences(unit, job.source_lang)]
                            for unit in (job.title, *job.paragraphs)])
        # Model ids first: a bad model description should fail before minutes of decoding.
        model_ids = {pair: g.engine.model_id(g.src, g.tgt) for pair, g in groups.items()}
        translated = {pair: self._run_group(group, engines) for pair, group in groups.items()}
        results = []
        for job, layout in zip(jobs, layouts, strict=True):
            pair = (job.source_lang, job.target_lang)
            glossary = (glossaries or {}).get(job.target_lang, {})
            spellings = (learned or {}).get(job.target_lang)
            results.append(self._assemble(job, layout, groups[pair], translated[pair],
                                          model_ids[pair], glossary, spellings))
            if spellings is not None:
                spellings.learn(results[-1].names)  # the batch's later articles agree
        return results

    def _run_group(self, group: _Group, engines: Sequence[Engine]) -> list[str]:
        """Translate a group's distinct sentences (those with any language in them)."""
        sentences = list(group.index)
        translated = list(sentences)  # a bare URL or number line stays as it is
        wanted = [i for i, sentence in enumerate(sentences) if needs_engine(sentence)]
        if wanted:
            texts = [sentences[i] for i in wanted]
            answers = _call(group.engine, texts, group.src, group.tgt)
            answers = [restore_verbatim(s, t) for s, t in zip(texts, answers, strict=True)]
            for i, text in zip(wanted, self._retried(group, engines, texts, answers),
                               strict=True):
                translated[i] = text
        return translated

    def _retried(self, group: _Group, engines: Sequence[Engine], sentences: list[str],
                 translated: list[str]) -> list[str]:
        """``translated`` with flagged sentences retried once, keeping the better answer."""
        if self.checker is None or not self._retry:
            return translated
        check = self.checker.sentence_problems
        problems = {i: len(found) for i, (source, target)
                    in enumerate(zip(sentences, translated, strict=True))
                    if (found := check(source, target, group.src, group.tgt))}
        alternative = _alternative(engines, group.engine, group.src, group.tgt)
        if not problems or alternative is None:
            return translated
        flagged = sorted(problems)
        try:
            second = _call(alternative, [sentences[i] for i in flagged], group.src, group.tgt)
        except TranslationError as exc:
            log.warning("retry of flagged sentences failed: %s", exc,
                        extra={"engine": alternative.name, "code": exc.code})
            return translated
        better = 0
        for i, text in zip(flagged, second, strict=True):
            text = restore_verbatim(sentences[i], text)
            found = self.checker.sentence_problems(sentences[i], text, group.src, group.tgt)
            if len(found) < problems[i]:
                translated[i] = text
                better += 1
        log.info("retried flagged sentences", extra={
            "engine": alternative.name, "lang": group.src, "target_lang": group.tgt,
            "sentences": len(flagged), "improved": better})
        return translated

    def _assemble(self, job: TranslationJob, layout: _Layout, group: _Group,
                  translated: list[str], model: str, glossary: Mapping[str, str],
                  spellings: Spellings | None) -> TranslatedText:
        sentences = list(group.index)
        sources = [[sentences[i] for i in unit] for unit in layout]
        targets = [[translated[i] for i in unit] for unit in layout]
        targets, name_flags, names = harmonize_names(sources, targets, job.source_lang,
                                                     job.target_lang, glossary, spellings)
        units = [join_sentences(unit, job.target_lang) for unit in targets]
        flags: list[QAFlag] = []
        if self.checker is not None:
            originals = [join_sentences(unit, job.source_lang) for unit in sources]
            flags = self.checker.unit_flags(originals, units, job.source_lang, job.target_lang)
        return TranslatedText(
            source_lang=job.source_lang, target_lang=job.target_lang, title=units[0],
            paragraphs=tuple(units[1:]), engine=group.engine.name, model=model,
            qa=tuple(flags + name_flags), names=tuple(names),
        )


def _resolve(engines: Sequence[Engine], src: str, tgt: str, via: str | None) -> Engine | None:
    for engine in engines:
        if (src, tgt) in engine.pairs():
            return engine
    if via is None or via in (src, tgt):
        return None
    first = next((e for e in engines if (src, via) in e.pairs()), None)
    second = next((e for e in engines if (via, tgt) in e.pairs()), None)
    if first is None or second is None:
        return None
    return PivotEngine(first, second, via)


def _alternative(engines: Sequence[Engine], used: Engine, src: str, tgt: str) -> Engine | None:
    """What a flagged sentence is retried with: the next engine having the pair, else the
    engine's careful variant (a larger beam)."""
    if used in engines:
        for engine in engines[engines.index(used) + 1:]:
            if (src, tgt) in engine.pairs():
                return engine
    return careful_variant(used)


def _call(engine: Engine, sentences: list[str], src: str, tgt: str) -> list[str]:
    where = f"{engine.name} {src}→{tgt}"
    started = time.perf_counter()
    try:
        translated = engine.translate_batch(sentences, src, tgt)
    except TranslationError as exc:
        kind = ModelMissing if isinstance(exc, ModelMissing) else TranslationError
        raise kind(f"{where}: {exc}", code=exc.code) from exc
    if len(translated) != len(sentences):
        raise TranslationError(
            f"{where}: returned {len(translated)} sentences for {len(sentences)}")
    log.info("translated sentences", extra={
        "engine": engine.name, "lang": src, "target_lang": tgt, "sentences": len(sentences),
        "duration_ms": round((time.perf_counter() - started) * 1000)})
    return list(translated)
