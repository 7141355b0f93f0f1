from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

import bbabo.translate
from bbabo.errors import ConfigError, ModelMissing, TranslationError
from bbabo.translate import FakeEngine, TranslationJob, Translator, build_translator


def job(key: int, src: str, tgt: str, title: str, *paragraphs: str) -> TranslationJob:
    return TranslationJob(
        key=key, source_lang=src, target_lang=tgt, title=title, paragraphs=paragraphs
    )


def test_reassembles_titles_and_paragraphs_in_order() -> None:
    engine = FakeEngine({("ru", "de")})
    (result,) = Translator([engine]).translate_jobs(
        [job(1, "ru", "de", "Заголовок", "Первое. Второе.", "", "Третье!")]
    )
    assert result.title == "[de] Заголовок"
    assert result.paragraphs == ("[de] Первое. [de] Второе.", "", "[de] Третье!")
    assert (result.source_lang, result.target_lang) == ("ru", "de")
    assert (result.engine, result.model, result.qa) == ("fake", "fake-ru-de", ())


def test_results_follow_the_order_of_the_jobs() -> None:
    engine = FakeEngine({("ru", "de"), ("en", "de"), ("ru", "en")})
    jobs = [
        job(1, "ru", "de", "Один."),
        job(2, "en", "de", "Two."),
        job(3, "ru", "en", "Три."),
        job(4, "ru", "de", "Четыре."),
    ]
    results = Translator([engine]).translate_jobs(jobs)
    assert [r.title for r in results] == ["[de] Один.", "[de] Two.", "[en] Три.", "[de] Четыре."]
    assert [r.target_lang for r in results] == ["de", "de", "en", "de"]


def test_one_call_per_pair_with_each_sentence_once() -> None:
    engine = FakeEngine({("ru", "de"), ("en", "de")})
    jobs = [
        job(1, "ru", "de", "Новости.", "Общее предложение. Первое.", "Общее предложение."),
        job(2, "ru", "de", "Новости.", "Второе. Общее предложение."),
        job(3, "en", "de", "News.", "Shared."),
        job(4, "en", "de", "Other.", "Shared."),
    ]
    results = Translator([engine]).translate_jobs(jobs)
    assert sorted(engine.calls) == [
        (("News.", "Shared.", "Other."), "en", "de"),
        (("Новости.", "Общее предложение.", "Первое.", "Второе."), "ru", "de"),
    ]
    assert results[1].paragraphs == ("[de] Второе. [de] Общее предложение.",)
    assert results[3].paragraphs == ("[de] Shared.",)


def test_the_first_engine_with_the_pair_wins() -> None:
    first = FakeEngine({("ru", "de")}, name="first")
    second = FakeEngine({("ru", "de"), ("ru", "uk")}, name="second")
    translator = Translator([first, second])
    results = translator.translate_jobs([job(1, "ru", "de", "А."), job(2, "ru", "uk", "Б.")])
    assert [(r.engine, r.model) for r in results] == [
        ("first", "first-ru-de"),
        ("second", "second-ru-uk"),
    ]
    assert len(first.calls) == len(second.calls) == 1
    assert translator.engine_for("ru", "de") is first
    assert translator.pairs() == {("ru", "de"), ("ru", "uk")}


def test_can_translate_and_missing_hint() -> None:
    translator = Translator([FakeEngine({("ru", "de")}, name="a"), FakeEngine(set(), name="b")])
    assert translator.can_translate("ru", "de")
    assert not translator.can_translate("de", "ru")
    assert translator.missing_hint("de", "ru") == (
        "no model for de→ru: give a the pair de-ru or give b the pair de-ru"
    )
    assert "no translation engine" in Translator([]).missing_hint("de", "ru")
    assert translator.missing_hint("es", "es") == (
        "no model for es→es: source and target are the same language")


def test_a_missing_hint_names_only_ways_that_exist(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Apertium's hint names a Debian package only where Debian has one."""
    monkeypatch.setenv("PATH", str(tmp_path))  # no apertium here: its hint says install both
    from bbabo.translate.engines.apertium import ApertiumEngine

    apertium = Translator([ApertiumEngine()])
    assert apertium.missing_hint("ru", "pl") == (
        "no model for ru→pl: none of the configured engines offers one")
    assert apertium.missing_hint("be", "ru") == (
        "no model for be→ru: install Debian's apertium and apertium-bel-rus")
    both = Translator([FakeEngine(set(), name="a"), ApertiumEngine()])
    assert both.missing_hint("ru", "pl") == "no model for ru→pl: give a the pair ru-pl"


def test_an_unsupported_job_raises_model_missing_before_any_work() -> None:
    engine = FakeEngine({("ru", "de")})
    jobs = [job(1, "ru", "de", "Да."), job(2, "ru", "pl", "Нет.")]
    with pytest.raises(ModelMissing, match="job 2: no model for ru→pl") as caught:
        Translator([engine]).translate_jobs(jobs)
    assert caught.value.code == "translate.model_missing"
    assert engine.calls == []


def test_engine_failure_names_the_engine_and_pair() -> None:
    engine = FakeEngine({("ru", "de")}, name="flaky", fail_on="Плохо.")
    with pytest.raises(TranslationError, match="flaky ru→de: flaky refused") as caught:
        Translator([engine]).translate_jobs([job(1, "ru", "de", "Хорошо.", "Плохо.")])
    assert not isinstance(caught.value, ModelMissing)


def test_an_engine_returning_the_wrong_count_is_an_error() -> None:
    class Short(FakeEngine):
        def translate_batch(self, texts: Sequence[str], src: str, tgt: str) -> list[str]:
            return super().translate_batch(texts, src, tgt)[:-1]

    with pytest.raises(TranslationError, match="returned 1 sentences for 2"):
        Translator([Short({("ru", "de")})]).translate_jobs([job(1, "ru", "de", "А.", "Б.")])


def test_empty_work() -> None:
    engine = FakeEngine({("ru", "de")})
    assert Translator([engine]).translate_jobs([]) == []
    (result,) = Translator([engine]).translate_jobs([job(1, "ru", "de", "", "  ")])
    assert (result.title, result.paragraphs) == ("", ("",))
    assert engine.calls == []


def test_chinese_target_is_joined_without_spaces() -> None:
    engine = FakeEngine({("en", "zh")})
    (result,) = Translator([engine]).translate_jobs([job(1, "en", "zh", "", "One. Two.")])
    assert result.paragraphs == ("[zh] One.[zh] Two.",)


def test_build_translator_keeps_the_configured_order(tmp_path: Path) -> None:
    translator = build_translator(["ctranslate2"], tmp_path)
    assert [engine.name for engine in translator.engines] == ["ctranslate2"]
    assert not translator.can_translate("ru", "pl")
    assert str(tmp_path / "ru-pl") in translator.missing_hint("ru", "pl")


def test_build_translator_rejects_unknown_engines(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        build_translator(["deepl"], tmp_path)


def test_exported_members() -> None:
    for name in bbabo.translate.__all__:
        assert hasattr(bbabo.translate, name), name
    assert sorted(bbabo.translate.__all__) == bbabo.translate.__all__
