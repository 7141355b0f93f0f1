"""The random-weight model builder (tests/tools/random_models.py, no torch): what it makes loads
and translates through bbabo's CTranslate2 engine, it is reproducible from its seed, and the
committed test models are what it makes."""

from __future__ import annotations

import json
from pathlib import Path

import sentencepiece

from bbabo.translate import CTranslate2Engine, TranslationJob, Translator
from tools.random_models import build_marian, build_nllb, read_layout

from .conftest import TINY_MODEL, TINY_NLLB, Spy

# Words in the synthetic corpus's alphabets, so every piece is in the vocabulary.
SENTENCES = ["Лето было тихо.", "Bado kilo mera."]


def test_a_built_marian_model_translates_through_the_engine(tmp_path: Path, spy: Spy) -> None:
    record = build_marian(tmp_path / "models" / "ru-pl", seed=3, corpus_lines=1500)
    assert record["quantization"] == "int8" and record["vocabulary"] == 999
    engine = CTranslate2Engine(tmp_path / "models")
    assert engine.pairs() == {("ru", "pl")}
    out = engine.translate_batch([*SENTENCES, " "], "ru", "pl")
    assert len(out) == 3 and all(text.strip() for text in out[:2]) and out[2] == ""
    (source, options), = spy.calls
    vocabulary = json.loads((tmp_path / "models" / "ru-pl" / "shared_vocabulary.json").read_text())
    assert all(tokens[-1] == "</s>" for tokens in source)  # opus-mt: sources end in "</s>"
    assert {token for tokens in source for token in tokens} <= set(vocabulary)
    assert options["target_prefix"] is None
    job = TranslationJob(key=1, source_lang="ru", target_lang="pl", title="Лето.",
                         paragraphs=("Было тихо. Было бело.",))
    (result,) = Translator([engine]).translate_jobs([job])
    assert (result.engine, result.model) == ("ctranslate2", "ru-pl") and result.paragraphs[0]


def test_a_built_nllb_model_serves_its_pairs_with_a_target_prefix(tmp_path: Path,
                                                                   spy: Spy) -> None:
    build_nllb(tmp_path / "models" / "small-nllb", seed=3, corpus_lines=1500,
               languages=("pl", "ru"))
    engine = CTranslate2Engine(tmp_path / "models")
    assert engine.pairs() == {("pl", "ru"), ("ru", "pl")}
    assert engine.model_id("ru", "pl") == "small-nllb"
    assert all(engine.translate_batch(SENTENCES, "ru", "pl"))
    (source, options), = spy.calls
    assert all(tokens[0] == "rus_Cyrl" and tokens[-1] == "</s>" for tokens in source)
    assert options["target_prefix"] == [["pol_Latn"], ["pol_Latn"]]


def test_the_same_seed_gives_the_same_model_and_another_seed_other_weights(
    tmp_path: Path,
) -> None:
    for name, seed in (("a", 5), ("b", 5), ("c", 6)):
        build_marian(tmp_path / name, seed=seed, corpus_lines=800)
    files = ("model.bin", "source.spm", "shared_vocabulary.json")
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes()
               for f in files)
    a, c = tmp_path / "a" / "model.bin", tmp_path / "c" / "model.bin"
    assert a.read_bytes() != c.read_bytes() and read_layout(a) == read_layout(c)


def test_the_layouts_are_opus_mt_and_nllb(tmp_path: Path) -> None:
    marian = read_layout(TINY_MODEL / "model.bin")
    nllb = read_layout(TINY_NLLB / "model.bin")
    assert marian["spec"][0] == nllb["spec"][0] == "TransformerSpec"
    m, n = marian["variables"], nllb["variables"]
    assert m["decoder/embeddings/weight"] == {"shape": (999, 64), "dtype": "int8"}
    assert n["decoder/embeddings/weight"] == {"shape": (1005, 64), "dtype": "int8"}
    assert m["encoder/layer_1/ffn/linear_0/weight"] == {"shape": (128, 64), "dtype": "int8"}
    # opus-mt: post-norm, swish, starting from a zero embedding; NLLB: pre-norm, ReLU, "</s>".
    assert (m["encoder/pre_norm"]["value"], n["encoder/pre_norm"]["value"]) == (0, 1)
    assert (m["decoder/activation"]["value"], n["decoder/activation"]["value"]) == (2, 0)
    assert m["decoder/start_from_zero_embedding"]["value"] == 1
    assert n["decoder/start_from_zero_embedding"]["value"] == 0
    assert m["decoder/scale_embeddings"]["value"] == 8.0  # sqrt(d_model)
    assert "encoder/layer_norm/gamma" in nllb["aliases"]
    assert not any(key.startswith("encoder/layer_norm/") for key in [*m, *marian["aliases"]])
    # One matrix for both embeddings and the output projection.
    assert marian["aliases"]["encoder/embeddings_0/weight"] == "decoder/embeddings/weight"
    assert marian["aliases"]["decoder/projection/weight"] == "decoder/embeddings/weight"


def test_the_committed_models_are_what_the_builder_makes(tmp_path: Path) -> None:
    """Same layout, configuration, vocabulary and tokenizer as a fresh build with the recipe
    recorded in build.json (weights aside: numpy's random stream may change between versions)."""
    for committed, build in ((TINY_MODEL, build_marian), (TINY_NLLB, build_nllb)):
        recorded = json.loads((committed / "build.json").read_text())
        assert recorded["built_by"] == "tests/tools/random_models.py"
        assert "--seed 0 --corpus-lines 3000" in recorded["command"]
        fresh = tmp_path / committed.name
        build(fresh, seed=0, corpus_lines=3000)
        assert sorted(p.name for p in fresh.iterdir()) == sorted(
            p.name for p in committed.iterdir())
        assert read_layout(fresh / "model.bin") == read_layout(committed / "model.bin")
        for name in ("config.json", "shared_vocabulary.json", "bbabo-model.json"):
            assert json.loads((fresh / name).read_text()) == json.loads(
                (committed / name).read_text()), name
        spm = next(p.name for p in committed.iterdir() if p.suffix in (".spm", ".model"))
        ours, theirs = (sentencepiece.SentencePieceProcessor(model_file=str(d / spm))
                        for d in (fresh, committed))
        assert ours.get_piece_size() == theirs.get_piece_size()
        assert all(ours.id_to_piece(i) == theirs.id_to_piece(i)
                   for i in range(ours.get_piece_size()))
