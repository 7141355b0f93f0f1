"""Installs started from the console (``packages.installs``): in the background, one at a time,
with the progress of each download; a direct package when the index has one, the multilingual
model for a language no package reaches, as the model keeper would."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bbabo.translate import build_translator
from bbabo.translate.packages.installs import ModelInstalls
from bbabo.translate.packages.keeper import KeeperOptions

from .servers import FakeIndex
from .test_multilingual_fallback import _index, _source

NOW = datetime(2026, 12, 6, 12, tzinfo=UTC)


def _installs(models_dir: Path, base: str) -> tuple[ModelInstalls, list[int], object]:
    translator = build_translator(["ctranslate2"], models_dir)
    woken: list[int] = []
    options = KeeperOptions(targets=("pl", "uk"), models_dir=models_dir,
                            index_url=base + "/index.json", allow_private=True, timeout_s=10,
                            multilingual_url=base + "/nllb/resolve/main/")
    installs = ModelInstalls(
        options=options, clock=lambda: NOW, on_installed=lambda: woken.append(1),
        have=lambda: {p for e in translator.engines for p in e.pairs()})  # type: ignore[attr-defined]
    return installs, woken, translator


def test_a_pair_through_english_and_one_only_the_multilingual_model_reaches(
        tmp_path: Path) -> None:
    models_dir, index = tmp_path / "models", FakeIndex()
    with index.running() as base:
        _index(index, base)
        _source(index)
        installs, woken, translator = _installs(models_dir, base)
        assert installs.progress() is None
        assert installs.start([("ru", "pl"), ("ru", "uk")])
        assert not installs.start([("ru", "pl")]), "one install at a time"
        installs.wait(60)
    progress = installs.progress()
    assert progress is not None and progress.state == "done" and not progress.running
    assert progress.packages == ("ru→en (translate-ru_en 1.1)", "en→pl (translate-en_pl 1.1)",
                                 "multilingual nllb for uk")
    assert progress.installed == progress.packages and progress.failed == ()
    assert progress.unavailable == ()  # ru→uk was, until the multilingual model came
    assert progress.total is not None and progress.done == progress.total  # the last download
    assert len(woken) == 3
    assert translator.can_translate("ru", "pl") and translator.can_translate("ru", "uk")  # type: ignore[attr-defined]


def test_a_broken_source_is_reported_and_the_next_install_may_start(tmp_path: Path) -> None:
    models_dir, index = tmp_path / "models", FakeIndex()
    with index.running() as base:
        _index(index, base)  # no multilingual source served: its files answer 404
        installs, woken, _ = _installs(models_dir, base)
        installs.start([("ru", "uk")])
        installs.wait(60)
        progress = installs.progress()
        assert progress is not None and progress.state == "failed"
        [(name, reason)] = progress.failed
        assert name == "multilingual nllb for uk" and "404" in reason
        assert progress.unavailable == (("ru", "uk"),)
        assert installs.start([("ru", "pl")])  # a finished install frees the way
        installs.wait(60)
    assert installs.progress().state == "done"  # type: ignore[union-attr]
