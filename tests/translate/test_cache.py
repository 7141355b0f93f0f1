"""The translation memory as an engine wrapper: a sentence is sent to an engine once, ever."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest

from bbabo.errors import TranslationError
from bbabo.translate import CachedEngine, FakeEngine, MemoryStats, TranslationJob, Translator
from bbabo.translate.cache import sentence_hash


class DictMemory:
    """A TranslationMemory in a dict, counting lookups."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str, str, str, str], str] = {}
        self.lookups = 0

    def lookup(self, engine: str, model: str, src: str, tgt: str,
               hashes: Sequence[str]) -> dict[str, str]:
        self.lookups += 1
        return {h: self.rows[(engine, model, src, tgt, h)] for h in hashes
                if (engine, model, src, tgt, h) in self.rows}

    def remember(self, engine: str, model: str, src: str, tgt: str,
                 entries: Mapping[str, str]) -> None:
        for h, text in entries.items():
            self.rows.setdefault((engine, model, src, tgt, h), text)


def test_only_unknown_sentences_reach_the_engine() -> None:
    engine, memory = FakeEngine({("ru", "pl")}), DictMemory()
    cached = CachedEngine(engine, memory)
    assert cached.translate_batch(["Один.", "Два."], "ru", "pl") == ["[pl] Один.", "[pl] Два."]
    assert cached.translate_batch(["Два.", "Три.", "Два.", ""], "ru", "pl") == [
        "[pl] Два.", "[pl] Три.", "[pl] Два.", ""]
    assert [texts for texts, _, _ in engine.calls] == [("Один.", "Два."), ("Три.",)]
    assert cached.translate_batch(["Один.", "Три."], "ru", "pl") == ["[pl] Один.", "[pl] Три."]
    assert len(engine.calls) == 2
    assert (cached.stats.hits, cached.stats.misses) == (4, 3)
    key = ("fake", "fake-ru-pl", "ru", "pl", sentence_hash("Один."))
    assert memory.rows[key] == "[pl] Один."


def test_the_key_holds_engine_model_and_pair() -> None:
    memory = DictMemory()
    first = CachedEngine(FakeEngine({("ru", "pl"), ("ru", "uk")}, name="a"), memory)
    other = FakeEngine({("ru", "pl")}, name="b")
    first.translate_batch(["Да."], "ru", "pl")
    CachedEngine(other, memory).translate_batch(["Да."], "ru", "pl")
    first.translate_batch(["Да."], "ru", "uk")
    assert len(other.calls) == 1
    assert len(memory.rows) == 3


def test_empty_answers_are_not_remembered() -> None:
    class Blank(FakeEngine):
        def translate_batch(self, texts: Sequence[str], src: str, tgt: str) -> list[str]:
            super().translate_batch(texts, src, tgt)
            return ["" for _ in texts]

    memory = DictMemory()
    CachedEngine(Blank({("ru", "pl")}), memory).translate_batch(["Да."], "ru", "pl")
    assert memory.rows == {}


def test_a_failing_engine_remembers_nothing_and_raises() -> None:
    memory = DictMemory()
    cached = CachedEngine(FakeEngine({("ru", "pl")}, fail_on="Плохо."), memory)
    with pytest.raises(TranslationError):
        cached.translate_batch(["Хорошо.", "Плохо."], "ru", "pl")
    assert memory.rows == {}


def test_wrapper_delegates_the_engine_interface() -> None:
    engine = FakeEngine({("ru", "pl")}, name="x")
    cached = CachedEngine(engine, DictMemory())
    assert cached.name == "x" and cached.pairs() == {("ru", "pl")}
    assert cached.model_id("ru", "pl") == "x-ru-pl"
    assert cached.install_hint("ru", "pl") == engine.install_hint("ru", "pl")
    assert cached.careful() is None  # the fake engine has no careful variant


def test_translator_with_memory_translates_wire_copies_once_across_runs() -> None:
    engine, memory = FakeEngine({("ru", "pl")}), DictMemory()
    translator = Translator([engine])
    boilerplate = "Подписывайтесь на наш канал."
    first = [TranslationJob(key=1, source_lang="ru", target_lang="pl", title="Новость.",
                            paragraphs=("Текст.", boilerplate))]
    copy = [TranslationJob(key=2, source_lang="ru", target_lang="pl", title="Новость.",
                           paragraphs=("Текст.", boilerplate))]
    stats = MemoryStats()
    (a,) = translator.translate_jobs(first, memory=memory, stats=stats)
    (b,) = translator.translate_jobs(copy, memory=memory, stats=stats)
    assert (a.title, a.paragraphs) == (b.title, b.paragraphs)
    assert len(engine.calls) == 1
    assert (stats.misses, stats.hits) == (3, 3)
