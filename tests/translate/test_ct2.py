from __future__ import annotations

import json
import shutil
from pathlib import Path

import ctranslate2
import pytest

from bbabo.errors import ModelMissing, TranslationError
from bbabo.translate import CTranslate2Engine, TranslationJob, Translator, cut_long

from .conftest import TINY_MODEL, Spy

SENTENCES = [
    "Привет, мир!",
    "Это короткое предложение.",
    "Hello world.",
    "Zażółć gęślą jaźń.",
]


def test_discovers_pairs_from_the_directory_layout(models_dir: Path) -> None:
    shutil.copytree(TINY_MODEL, models_dir / "tiny-marian")  # not a pair name
    shutil.copytree(TINY_MODEL, models_dir / "ru-xx")  # unknown language
    (models_dir / "ru-de").mkdir()  # no model in it
    (models_dir / "uk-en").mkdir()
    shutil.copy(TINY_MODEL / "model.bin", models_dir / "uk-en")  # no tokenizers
    (models_dir / "README").write_text("not a model")
    assert CTranslate2Engine(models_dir).pairs() == {("ru", "pl")}


def test_sees_models_installed_after_it_was_made(models_dir: Path) -> None:
    engine = CTranslate2Engine(models_dir)
    shutil.copytree(TINY_MODEL, models_dir / "en-de")
    assert engine.pairs() == {("ru", "pl"), ("en", "de")}


def test_no_models_directory_means_no_pairs(tmp_path: Path) -> None:
    assert CTranslate2Engine(tmp_path / "absent").pairs() == set()


def test_translates_one_nonempty_string_per_sentence(models_dir: Path) -> None:
    out = CTranslate2Engine(models_dir).translate_batch(SENTENCES, "ru", "pl")
    assert len(out) == len(SENTENCES)
    assert all(isinstance(text, str) and text.strip() for text in out)


def test_same_input_gives_the_same_output(models_dir: Path) -> None:
    engine = CTranslate2Engine(models_dir)
    first = engine.translate_batch(SENTENCES, "ru", "pl")
    assert engine.translate_batch(list(reversed(SENTENCES)), "ru", "pl") == first[::-1]


def test_empty_inputs_need_no_model(models_dir: Path, spy: Spy) -> None:
    engine = CTranslate2Engine(models_dir)
    assert engine.translate_batch([], "ru", "pl") == []
    assert engine.translate_batch(["", "  "], "ru", "pl") == ["", ""]
    assert spy.calls == []


def test_loads_the_model_once_and_decodes_length_sorted_batches_in_parallel(
    models_dir: Path, spy: Spy
) -> None:
    engine = CTranslate2Engine(models_dir)
    many = [f"Предложение {'очень ' * (i % 7)}номер {i}." for i in range(70)]
    assert len(engine.translate_batch(many, "ru", "pl")) == 70
    assert len(engine.translate_batch(SENTENCES, "ru", "pl")) == len(SENTENCES)
    assert len(spy.created) == 1
    # Sorted by length, cut into batches of 32, the batch of the longest submitted first.
    assert [len(source) for source, _ in spy.calls] == [6, 32, 32, len(SENTENCES)]
    lengths = [[len(tokens) for tokens in source] for source, _ in spy.calls[:3]]
    assert [n for batch in reversed(lengths) for n in batch] == sorted(
        n for b in lengths for n in b)
    for (_, options), batch in zip(spy.calls, lengths, strict=False):
        assert options["asynchronous"] is True  # all batches submitted before any is awaited
        assert options["max_batch_size"] == 32 and options["batch_type"] == "examples"
        assert options["beam_size"] == 1
        assert options["max_decoding_length"] == 2 * max(batch) + 10  # each its own bound


def test_careful_variant_shares_the_model_and_widens_the_beam(models_dir: Path, spy: Spy) -> None:
    engine = CTranslate2Engine(models_dir)
    engine.translate_batch(["Да."], "ru", "pl")
    careful = engine.careful()
    assert careful.translate_batch(["Да."], "ru", "pl")[0]
    assert len(spy.created) == 1
    assert spy.calls[-1][1]["beam_size"] == 4
    assert careful.model_id("ru", "pl") == "ru-pl#beam4"
    assert engine.model_id("ru", "pl") == "ru-pl"


def test_loader_options(models_dir: Path, spy: Spy) -> None:
    CTranslate2Engine(models_dir, inter_threads=2, intra_threads=1).translate_batch(
        ["Да."], "ru", "pl"
    )
    (created,) = spy.created
    expected_device = "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
    assert created["device"] == expected_device
    assert created["compute_type"] == "int8"
    assert (created["inter_threads"], created["intra_threads"]) == (2, 1)


def test_decoding_length_is_bounded_by_the_input(models_dir: Path, spy: Spy) -> None:
    out = CTranslate2Engine(models_dir).translate_batch(["Да."], "ru", "pl")
    (source,), options = spy.calls[0]
    assert options["max_decoding_length"] == 2 * len(source) + 10
    # Random weights never emit end-of-sentence, so the bound is what stops decoding.
    assert 0 < len(out[0].split()) <= options["max_decoding_length"]


def test_marian_sources_end_with_eos(models_dir: Path, spy: Spy) -> None:
    CTranslate2Engine(models_dir).translate_batch(SENTENCES, "ru", "pl")
    assert all(tokens[-1] == "</s>" for tokens in spy.calls[0][0])


def test_long_sentence_is_cut_at_the_limit_without_losing_text(
    models_dir: Path, spy: Spy
) -> None:
    import sentencepiece

    long = " ".join(["Очень длинное предложение без конца"] * 10)
    engine = CTranslate2Engine(models_dir, max_input_tokens=16)
    out = engine.translate_batch([long, "Коротко."], "ru", "pl")
    assert len(out) == 2 and all(out)
    (source, _), = spy.calls
    assert len(source) > 3
    assert all(len(tokens) <= 16 + 1 for tokens in source)  # + "</s>"
    spm = sentencepiece.SentencePieceProcessor(model_file=str(TINY_MODEL / "source.spm"))
    expected = cut_long(spm.encode(long, out_type=str), 16) + [spm.encode("Коротко.", out_type=str)]
    # Batches are sorted by length; every token of the long sentence is in exactly one chunk.
    assert sorted(tokens[:-1] for tokens in source) == sorted(expected)


def test_model_id_is_the_directory_name_by_default(models_dir: Path) -> None:
    assert CTranslate2Engine(models_dir).model_id("ru", "pl") == "ru-pl"


def test_model_id_from_metadata(models_dir: Path) -> None:
    meta = {"name": "opus-mt-ru-pl", "version": "2024-01"}
    (models_dir / "ru-pl" / "bbabo-model.json").write_text(json.dumps(meta))
    assert CTranslate2Engine(models_dir).model_id("ru", "pl") == "opus-mt-ru-pl@2024-01"


def test_malformed_metadata_is_an_error(models_dir: Path) -> None:
    (models_dir / "ru-pl" / "bbabo-model.json").write_text("{not json")
    with pytest.raises(TranslationError, match="bbabo-model.json"):
        CTranslate2Engine(models_dir).model_id("ru", "pl")


def test_unknown_pair_is_model_missing(models_dir: Path) -> None:
    engine = CTranslate2Engine(models_dir)
    with pytest.raises(ModelMissing):
        engine.translate_batch(["Hallo."], "de", "en")
    with pytest.raises(ModelMissing):
        engine.model_id("de", "en")


def test_broken_model_is_a_translation_error(models_dir: Path) -> None:
    (models_dir / "ru-pl" / "model.bin").write_bytes(b"not a model")
    with pytest.raises(TranslationError, match="cannot load") as caught:
        CTranslate2Engine(models_dir).translate_batch(["Да."], "ru", "pl")
    assert not isinstance(caught.value, ModelMissing)


def test_argos_translate_layout(tmp_path: Path) -> None:
    package = tmp_path / "models" / "en-ru"
    shutil.copytree(TINY_MODEL, package / "model", ignore=shutil.ignore_patterns("*.spm"))
    shutil.copy(TINY_MODEL / "source.spm", package / "sentencepiece.model")
    engine = CTranslate2Engine(tmp_path / "models")
    assert engine.pairs() == {("en", "ru")}
    assert all(engine.translate_batch(["Hello.", "World."], "en", "ru"))


def test_translator_end_to_end_on_the_tiny_model(models_dir: Path) -> None:
    translator = Translator([CTranslate2Engine(models_dir)])
    job = TranslationJob(
        key=7, source_lang="ru", target_lang="pl", title="Заголовок",
        paragraphs=("Первое предложение. Второе предложение.", "Ещё абзац."),
    )
    (result,) = translator.translate_jobs([job])
    assert (result.engine, result.model) == ("ctranslate2", "ru-pl")
    assert result.title and len(result.paragraphs) == 2 and all(result.paragraphs)


def test_the_committed_model_stays_small_and_holds_only_what_ctranslate2_reads() -> None:
    names = {path.name for path in TINY_MODEL.iterdir()}
    assert names == {
        "model.bin", "config.json", "shared_vocabulary.json", "source.spm", "target.spm",
        "build.json", "bbabo-model.json",
    }
    assert sum(path.stat().st_size for path in TINY_MODEL.iterdir()) < 1_000_000


def test_input_longer_than_the_model_positions_is_cut_not_failed(models_dir: Path) -> None:
    engine = CTranslate2Engine(models_dir)
    long_sentence = " ".join(["Северореченск"] * 120) + "."
    (out,) = engine.translate_batch([long_sentence], "ru", "pl")
    assert out.strip()
