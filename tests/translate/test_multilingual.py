"""Multilingual CTranslate2 models (NLLB-200, M2M-100): a source-language token, a target prefix
for the decoder, one model for many pairs. Run on the tiny random-weight NLLB-style model."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bbabo.translate import CTranslate2Engine, TranslationJob, Translator
from bbabo.translate.engines.ct2_models import MULTILINGUAL_CODES, language_token
from bbabo.translate.packages import install_directory, installed_models

from .conftest import TINY_MODEL, TINY_NLLB, Spy


@pytest.fixture
def nllb_dir(tmp_path: Path) -> Path:
    root = tmp_path / "models"
    shutil.copytree(TINY_NLLB, root / "tiny-nllb")
    return root


def test_one_model_serves_every_pair_of_its_languages(nllb_dir: Path) -> None:
    engine = CTranslate2Engine(nllb_dir)
    assert engine.pairs() == {(a, b) for a in ("en", "pl", "ru", "uk")
                              for b in ("en", "pl", "ru", "uk") if a != b}
    assert engine.model_id("ru", "pl") == engine.model_id("en", "uk") == "tiny-nllb"


def test_source_token_and_target_prefix(nllb_dir: Path, spy: Spy) -> None:
    out = CTranslate2Engine(nllb_dir).translate_batch(["Привет, мир.", "Как дела?"], "ru", "pl")
    assert len(out) == 2 and all(out)
    (source, options), = spy.calls
    assert all(tokens[0] == "rus_Cyrl" and tokens[-1] == "</s>" for tokens in source)
    assert options["target_prefix"] == [["pol_Latn"], ["pol_Latn"]]
    assert not any("pol_Latn" in text for text in out)  # the prefix is not part of the text
    assert len(spy.created) == 1
    CTranslate2Engine(nllb_dir).translate_batch(["Hello."], "en", "uk")
    assert spy.calls[-1][0][0][0] == "eng_Latn"
    assert spy.calls[-1][1]["target_prefix"] == [["ukr_Cyrl"]]


def test_the_model_is_loaded_once_for_all_its_pairs(nllb_dir: Path, spy: Spy) -> None:
    engine = CTranslate2Engine(nllb_dir)
    for src, tgt in (("ru", "pl"), ("pl", "ru"), ("en", "uk")):
        engine.translate_batch(["Да."], src, tgt)
    assert len(spy.created) == 1


def test_a_per_pair_model_wins_over_a_multilingual_one(nllb_dir: Path) -> None:
    shutil.copytree(TINY_MODEL, nllb_dir / "ru-pl")
    engine = CTranslate2Engine(nllb_dir)
    assert engine.model_id("ru", "pl") == "ru-pl"  # Marian: several times faster on a CPU
    assert engine.model_id("pl", "ru") == "tiny-nllb"


def test_languages_narrow_the_pairs_and_unknown_families_are_ignored(nllb_dir: Path) -> None:
    meta_path = nllb_dir / "tiny-nllb" / "bbabo-model.json"
    meta = json.loads(meta_path.read_text())
    meta_path.write_text(json.dumps({**meta, "languages": ["ru", "pl", "xx"]}))
    assert CTranslate2Engine(nllb_dir).pairs() == {("ru", "pl"), ("pl", "ru")}
    meta_path.write_text(json.dumps({**meta, "multilingual": "madlad"}))
    assert CTranslate2Engine(nllb_dir).pairs() == set()


def test_translator_over_the_multilingual_model(nllb_dir: Path) -> None:
    job = TranslationJob(key=1, source_lang="uk", target_lang="en", title="Привіт.",
                         paragraphs=("Перше речення. Друге речення.",))
    (result,) = Translator([CTranslate2Engine(nllb_dir)]).translate_jobs([job])
    assert (result.engine, result.model) == ("ctranslate2", "tiny-nllb")
    assert result.title and len(result.paragraphs) == 1


def test_install_and_list_a_multilingual_model(tmp_path: Path) -> None:
    installed = install_directory(TINY_NLLB, tmp_path / "models")
    assert installed.directory.name == "tiny-nllb" and len(installed.pairs) == 12
    (listed,) = installed_models(tmp_path / "models")
    assert listed.multilingual == "nllb" and listed.size > 400_000


def test_language_tokens_of_both_families() -> None:
    assert language_token("nllb", "pl") == "pol_Latn"
    assert language_token("nllb", "zh") == "zho_Hans"
    assert language_token("m2m100", "pl") == "__pl__"
    assert set(MULTILINGUAL_CODES["nllb"]) <= set(MULTILINGUAL_CODES["m2m100"])


def test_the_committed_multilingual_model_stays_small() -> None:
    assert sum(path.stat().st_size for path in TINY_NLLB.iterdir()) < 1_000_000
