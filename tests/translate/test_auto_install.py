"""Models installed by themselves: the plan (direct packages first, else two legs through
English), the keeper `bbabo run` starts (from an index on 127.0.0.1; offline it says what is
missing and retries later), and `bbabo run` itself ending up translating with what it installed."""

from __future__ import annotations

import json
import logging
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from bbabo.cli import cli
from bbabo.pipeline.components import source_languages
from bbabo.store import Store, open_store
from bbabo.translate import Translator, build_translator
from bbabo.translate.packages import Package, plan_models
from bbabo.translate.packages.keeper import KeeperOptions, ModelKeeper, needed_pairs
from runprocess import free_port, start_run, stop_run, wait_for_articles

from .servers import FakeIndex, argos_package, index_entry

NOW = datetime(2026, 11, 26, 12, tzinfo=UTC)


def _package(src: str, tgt: str, version: str = "1.0") -> Package:
    return Package(src=src, tgt=tgt, name=f"translate-{src}_{tgt}", version=version,
                   links=(f"https://models.example/{src}_{tgt}.argosmodel",))


INDEX = [_package("ru", "en"), _package("en", "pl"), _package("en", "de"),
         _package("ru", "uk"), _package("ru", "uk", "1.2"), _package("de", "en")]


def test_a_direct_package_wins_and_the_newest_version_is_taken() -> None:
    plan = plan_models([("ru", "uk")], INDEX, have=set())
    assert [(p.src, p.tgt, p.version) for p in plan.packages] == [("ru", "uk", "1.2")]
    assert plan.unavailable == ()


def test_pairs_without_a_package_get_the_legs_through_english_once() -> None:
    plan = plan_models([("ru", "pl"), ("ru", "de"), ("de", "pl")], INDEX, have=set())
    assert [(p.src, p.tgt) for p in plan.packages] == [("de", "en"), ("en", "pl"),
                                                       ("ru", "en"), ("en", "de")]
    assert plan.unavailable == ()


def test_installed_legs_are_not_planned_again() -> None:
    plan = plan_models([("ru", "pl")], INDEX, have={("ru", "en")})
    assert [(p.src, p.tgt) for p in plan.packages] == [("en", "pl")]


def test_pairs_the_index_cannot_provide_are_named() -> None:
    # No en→kk package, and en→fr cannot pivot through English.
    plan = plan_models([("ru", "kk"), ("en", "fr"), ("ru", "uk")], INDEX, have=set())
    assert plan.unavailable == (("en", "fr"), ("ru", "kk"))
    assert [(p.src, p.tgt) for p in plan.packages] == [("ru", "uk")]


@pytest.fixture
def store(sqlite_url: str) -> Store:
    store = open_store(sqlite_url)
    store.sources.add(url="https://news.example/rss", now=NOW, lang_hint="ru")
    return store


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _keeper(store: Store, models_dir: Path, index_url: str, clock: Clock,
            targets: tuple[str, ...] = ("pl", "uk")) -> tuple[ModelKeeper, Translator]:
    translator = build_translator(["ctranslate2"], models_dir)
    options = KeeperOptions(targets=targets, models_dir=models_dir, index_url=index_url,
                            allow_private=True, timeout_s=10, retry_after_s=3600)
    keeper = ModelKeeper(languages=lambda: source_languages(store), translator=translator,
                         options=options, clock=clock)
    return keeper, translator


def test_the_keeper_installs_what_the_sources_languages_need(
        store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    models_dir, clock = tmp_path / "models", Clock()
    body = argos_package("ru", "pl")
    index = FakeIndex(files={"/ru_pl.argosmodel": body})
    with index.running() as base:
        index.files["/index.json"] = json.dumps(
            [index_entry(base, "/ru_pl.argosmodel", body, pair=("ru", "pl"))]).encode()
        keeper, translator = _keeper(store, models_dir, base + "/index.json", clock)
        assert needed_pairs(source_languages(store), ("pl", "uk", "ru"),
                            translator) == [("ru", "pl"), ("ru", "uk")]
        with caplog.at_level(logging.INFO, logger="bbabo.translate.packages.keeper"):
            report = keeper.check()
        assert report.missing == [("ru", "pl"), ("ru", "uk")]
        assert report.installed == [("ru", "pl")] and report.unavailable == [("ru", "uk")]
        assert translator.can_translate("ru", "pl")
        assert (models_dir / "ru-pl" / "bbabo-model.json").is_file()
        assert "installing 1 model(s)" in caplog.text
        assert "installed the ru→pl model" in caplog.text

        # Nothing is asked of the index again until the retry interval has passed.
        assert keeper.check().missing == []
        assert index.ranges == [None]  # the package was downloaded once
        clock.now += 3600
        assert keeper.check().missing == [("ru", "uk")]


def test_pivot_legs_make_the_pair_translatable(store: Store, tmp_path: Path) -> None:
    models_dir = tmp_path / "models"
    legs = {("ru", "en"): argos_package("ru", "en"), ("en", "pl"): argos_package("en", "pl")}
    index = FakeIndex(files={f"/{s}_{t}.argosmodel": b for (s, t), b in legs.items()})
    with index.running() as base:
        index.files["/index.json"] = json.dumps(
            [index_entry(base, f"/{s}_{t}.argosmodel", b, pair=(s, t))
             for (s, t), b in legs.items()]).encode()
        keeper, translator = _keeper(store, models_dir, base + "/index.json", Clock(),
                                     targets=("pl",))
        report = keeper.check()
    assert sorted(report.installed) == [("en", "pl"), ("ru", "en")]
    assert translator.can_translate("ru", "pl")


def test_offline_the_keeper_names_the_missing_pairs_and_installs_nothing(
        store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    models_dir, clock = tmp_path / "models", Clock()
    dead = f"http://127.0.0.1:{free_port()}/index.json"
    keeper, _ = _keeper(store, models_dir, dead, clock)
    report = keeper.check()
    assert report.index_error and "cannot download the model index" in report.index_error
    assert report.installed == []
    # What `bbabo run` logs: the keeper's own thread, once per pass.
    clock.now += 3600
    with caplog.at_level(logging.WARNING, logger="bbabo.translate.packages.keeper"):
        keeper.start()
        deadline = time.monotonic() + 20
        while not caplog.records and time.monotonic() < deadline:
            time.sleep(0.05)
        keeper.stop()
    (record,) = caplog.records
    assert "2 language pair(s) have no model" in record.getMessage()
    assert "ru→pl, ru→uk" in record.getMessage()
    assert "bbabo models install SRC TGT" in record.getMessage()
    assert not models_dir.exists() or not any(models_dir.iterdir())
    assert store.sources.count() == 1


# Two `bbabo run`s one after the other, each with its own 120 s wait: the suite's
# per-test limit covers one.
@pytest.mark.timeout(300)
def test_bbabo_run_installs_the_missing_model_and_translates_with_it(tmp_path: Path) -> None:
    port, demo_port = free_port(), free_port()
    body = argos_package("ru", "en")
    index = FakeIndex(files={"/ru_en.argosmodel": body})
    with index.running() as base:
        index.files["/index.json"] = json.dumps(
            [index_entry(base, "/ru_en.argosmodel", body, pair=("ru", "en"))]).encode()
        process = start_run(tmp_path, port, demo_port, BBABO_MODELS_AUTO_INSTALL="1",
                            BBABO_MODEL_INDEX_URL=base + "/index.json",
                            BBABO_FETCH_ALLOW_PRIVATE_NETWORKS="1",
                            BBABO_TARGET_LANGUAGES="en", BBABO_TRANSLATE_ENGINES="ctranslate2")
        try:
            # 8 English originals and the 8 Russian articles, translated with the new model.
            wait_for_articles(f"http://127.0.0.1:{port}", "en", 16)
            status = httpx.get(f"http://127.0.0.1:{port}/-/status.json").json()
        finally:
            stderr = stop_run(process)
    assert status["translations"] == {"en": 8}
    assert "installing 1 model(s)" in stderr and "installed the ru→en model" in stderr
    # The Spanish demo articles wait: the index has nothing for es→en.
    assert "no model for es→en" in stderr
    assert (tmp_path / "data" / "models" / "ru-en" / "bbabo-model.json").is_file()


def test_models_install_missing_from_the_command_line(
        sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    open_store(sqlite_url).sources.add(url="https://news.example/rss", now=NOW, lang_hint="ru")
    for name, value in {"DATABASE_URL": sqlite_url, "DATA_DIR": str(tmp_path / "data"),
                        "FETCH_ALLOW_PRIVATE_NETWORKS": "1", "TARGET_LANGUAGES": "pl,uk",
                        "TRANSLATE_ENGINES": "ctranslate2"}.items():
        monkeypatch.setenv(f"BBABO_{name}", value)
    monkeypatch.setenv("BBABO_MODEL_INDEX_URL", f"http://127.0.0.1:{free_port()}/index.json")
    offline = CliRunner().invoke(cli, ["models", "install", "--missing"])
    assert offline.exit_code == 1
    assert offline.output.startswith("bbabo: cannot download the model index")
    assert len(offline.output.splitlines()) == 1

    body = argos_package("ru", "pl")
    index = FakeIndex(files={"/ru_pl.argosmodel": body})
    with index.running() as base:
        index.files["/index.json"] = json.dumps(
            [index_entry(base, "/ru_pl.argosmodel", body, pair=("ru", "pl"))]).encode()
        monkeypatch.setenv("BBABO_MODEL_INDEX_URL", base + "/index.json")
        result = CliRunner().invoke(cli, ["models", "install", "--missing"])
        assert result.exit_code == 0, result.output
        assert "installed ru→pl" in result.output
        assert "no package for ru→uk in the index" in result.output
        monkeypatch.setenv("BBABO_TARGET_LANGUAGES", "pl")
        again = CliRunner().invoke(cli, ["models", "install", "--missing"])
    assert again.exit_code == 0 and "nothing to install" in again.output
    bad = CliRunner().invoke(cli, ["models", "install", "--missing", "ru", "pl"])
    assert bad.exit_code == 1 and "--missing takes no SRC TGT" in bad.output
