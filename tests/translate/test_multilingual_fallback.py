"""The multilingual fallback: a language the package index cannot reach even through English
(Belarusian in Argos Translate's index) is served by one multilingual model downloaded file by
file from a second source, for that language's pairs only. The source here is a directory of
the tiny NLLB-shaped test model on 127.0.0.1, laid out as a converted Hugging Face repository."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bbabo.errors import BbaboError
from bbabo.translate import build_translator
from bbabo.translate.engines.ct2_models import read_meta
from bbabo.translate.packages.download import package_client
from bbabo.translate.packages.keeper import KeeperOptions, ModelKeeper
from bbabo.translate.packages.multilingual import install_multilingual

from .conftest import TINY_NLLB
from .servers import FakeIndex, argos_package, index_entry

# What a converted repository holds; the tiny model's own bbabo-model.json carries its short
# position limit (and its four languages), as a model prepared for bbabo can.
SOURCE_FILES = ("config.json", "model.bin", "sentencepiece.bpe.model", "shared_vocabulary.json",
                "bbabo-model.json")


def _source(index: FakeIndex, *, without: str = "") -> None:
    for name in SOURCE_FILES:
        if name != without:
            index.files[f"/nllb/resolve/main/{name}"] = (TINY_NLLB / name).read_bytes()


def _index(index: FakeIndex, base: str) -> None:
    # ru→en and en→pl exist; nothing reaches Ukrainian, as nothing reaches Belarusian in
    # Argos Translate's index (the tiny model's vocabulary has ru, uk, pl and en only).
    entries = []
    for src, tgt in (("ru", "en"), ("en", "pl")):
        body = argos_package(src, tgt)
        index.files[f"/{src}_{tgt}.argosmodel"] = body
        entries.append(index_entry(base, f"/{src}_{tgt}.argosmodel", body, pair=(src, tgt)))
    index.files["/index.json"] = json.dumps(entries).encode()


def _keeper(models_dir: Path, base: str, targets: tuple[str, ...],
            languages: set[str]) -> tuple[ModelKeeper, object]:
    translator = build_translator(["ctranslate2"], models_dir)
    options = KeeperOptions(targets=targets, models_dir=models_dir,
                            index_url=base + "/index.json", allow_private=True, timeout_s=10,
                            multilingual_url=base + "/nllb/resolve/main/")
    return ModelKeeper(languages=lambda: languages, translator=translator,
                       options=options), translator


def test_a_language_no_index_reaches_gets_the_multilingual_model(tmp_path: Path) -> None:
    models_dir, index = tmp_path / "models", FakeIndex()
    with index.running() as base:
        _index(index, base)
        _source(index)
        keeper, translator = _keeper(models_dir, base, ("pl", "uk"), {"ru"})
        report = keeper.check()
    assert sorted(report.installed) == [("en", "pl"), ("ru", "en")]
    assert report.multilingual == ["uk"] and report.unavailable == []
    assert translator.can_translate("ru", "uk")  # type: ignore[attr-defined]
    meta = read_meta(models_dir / "multilingual-nllb")
    assert meta["serves"] == ["uk"] and meta["max_positions"] == 128
    assert meta["source"] == base + "/nllb/resolve/main/"
    assert set(meta["sha256"]) == set(SOURCE_FILES) - {"bbabo-model.json"}
    # Only Ukrainian's pairs: ru→pl stays with the two faster per-pair models.
    engine = translator.engine_for("ru", "pl")  # type: ignore[attr-defined]
    assert engine is not None and "pivot" in engine.name
    out = translator.engines[0].translate_batch(["Привет."], "ru", "uk")  # type: ignore[attr-defined]
    assert len(out) == 1


def test_a_second_language_extends_the_model_without_downloading_again(tmp_path: Path) -> None:
    models_dir, index = tmp_path / "models", FakeIndex()
    with index.running() as base:
        _source(index)
        with package_client(10) as client:
            install_multilingual(base + "/nllb/resolve/main/", "nllb", {"uk"},
                                 models_dir=models_dir, client=client, allow_private=True)
            downloads = len(index.ranges)
            installed = install_multilingual(base + "/nllb/resolve/main/", "nllb", {"pl"},
                                             models_dir=models_dir, client=client,
                                             allow_private=True)
    assert len(index.ranges) == downloads  # nothing fetched the second time
    assert read_meta(models_dir / "multilingual-nllb")["serves"] == ["pl", "uk"]
    assert ("ru", "pl") in installed.pairs and ("en", "ru") not in installed.pairs


@pytest.mark.parametrize(("without", "code"), [("shared_vocabulary.json", "models.bad_package"),
                                               ("model.bin", "models.download_status")])
def test_a_source_that_is_no_model_fails_with_its_code(tmp_path: Path, without: str,
                                                       code: str) -> None:
    models_dir, index = tmp_path / "models", FakeIndex()
    with index.running() as base:
        _source(index, without=without)
        with package_client(10) as client, pytest.raises(BbaboError) as failed:
            install_multilingual(base + "/nllb/resolve/main/", "nllb", {"uk"},
                                 models_dir=models_dir, client=client, allow_private=True)
    assert failed.value.code == code
    assert not (models_dir / "multilingual-nllb").exists()


def test_the_keeper_reports_a_failed_fallback_and_installs_nothing(tmp_path: Path) -> None:
    models_dir, index = tmp_path / "models", FakeIndex()
    with index.running() as base:
        _index(index, base)
        _source(index, without="shared_vocabulary.json")
        keeper, translator = _keeper(models_dir, base, ("uk",), {"ru"})
        report = keeper.check()
    assert report.multilingual == [] and report.unavailable == [("ru", "uk")]
    assert "shared_vocabulary" in (report.multilingual_error or "")
    assert not translator.can_translate("ru", "uk")  # type: ignore[attr-defined]
