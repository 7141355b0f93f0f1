"""Pivoting through English when no engine has the pair: ru→en→pl, recorded in the metadata."""

from __future__ import annotations

import shutil
from pathlib import Path

from bbabo.translate import CTranslate2Engine, FakeEngine, PivotEngine, TranslationJob, Translator

from .conftest import TINY_MODEL
from .test_cache import DictMemory

JOB = TranslationJob(key=1, source_lang="ru", target_lang="pl", title="Привет.",
                     paragraphs=("Мир.",))


def test_a_missing_pair_goes_through_english() -> None:
    into, out = FakeEngine({("ru", "en")}, name="a"), FakeEngine({("en", "pl")}, name="b")
    translator = Translator([into, out])
    assert translator.can_translate("ru", "pl") and not translator.can_translate("pl", "ru")
    assert translator.pairs() == {("ru", "en"), ("en", "pl"), ("ru", "pl")}
    (result,) = translator.translate_jobs([JOB])
    assert (result.title, result.paragraphs) == ("[pl] [en] Привет.", ("[pl] [en] Мир.",))
    assert result.engine == "pivot(a,b)"
    assert result.model == "a-ru-en+b-en-pl"
    assert into.calls == [(("Привет.", "Мир."), "ru", "en")]
    assert out.calls == [(("[en] Привет.", "[en] Мир."), "en", "pl")]


def test_a_direct_pair_wins_and_pivoting_can_be_off() -> None:
    direct = FakeEngine({("ru", "pl")}, name="direct")
    legs = [FakeEngine({("ru", "en")}, name="a"), FakeEngine({("en", "pl")}, name="b")]
    (result,) = Translator([*legs, direct]).translate_jobs([JOB])
    assert result.engine == "direct"
    assert not Translator(legs, pivot=None).can_translate("ru", "pl")


def test_each_leg_goes_through_the_memory() -> None:
    into, out = FakeEngine({("ru", "en")}, name="a"), FakeEngine({("en", "pl")}, name="b")
    memory = DictMemory()
    translator = Translator([into, out])
    translator.translate_jobs([JOB], memory=memory)
    translator.translate_jobs([JOB], memory=memory)
    assert len(into.calls) == len(out.calls) == 1
    assert {key[:4] for key in memory.rows} == {("a", "a-ru-en", "ru", "en"),
                                               ("b", "b-en-pl", "en", "pl")}


def test_pivot_engine_interface() -> None:
    engine = PivotEngine(FakeEngine({("ru", "en"), ("uk", "en")}, name="a"),
                         FakeEngine({("en", "pl"), ("en", "uk")}, name="b"))
    assert engine.pairs() == {("ru", "pl"), ("ru", "uk"), ("uk", "pl")}
    assert "a the pair ru-en and give b the pair en-pl" in engine.install_hint("ru", "pl")
    assert engine.careful() is None


def test_pivot_over_two_ctranslate2_models(tmp_path: Path) -> None:
    shutil.copytree(TINY_MODEL, tmp_path / "ru-en")
    shutil.copytree(TINY_MODEL, tmp_path / "en-pl")
    translator = Translator([CTranslate2Engine(tmp_path)])
    (result,) = translator.translate_jobs([JOB])
    assert result.engine == "pivot(ctranslate2,ctranslate2)"
    assert result.model == "ru-en+en-pl"
    assert result.title
    careful = translator.engine_for("ru", "pl").careful()  # type: ignore[union-attr]
    assert careful is not None and careful.model_id("ru", "pl") == "ru-en#beam4+en-pl#beam4"
