from __future__ import annotations

import stat
from pathlib import Path

import pytest

from bbabo.errors import ModelMissing, TranslationError
from bbabo.translate import ApertiumEngine, build_translator

UKRAINIAN_LETTERS = set("іїєґІЇЄҐ")


@pytest.fixture(scope="module")
def apertium() -> ApertiumEngine:
    engine = ApertiumEngine()
    assert engine.available, "apertium is not on PATH: apt-get install apertium apertium-eng-spa"
    return engine


@pytest.mark.apertium
def test_lists_debian_pairs_without_variants(apertium: ApertiumEngine) -> None:
    pairs = apertium.pairs()
    assert {("en", "es"), ("es", "en"), ("ru", "uk")} <= pairs
    assert apertium.model_id("en", "es") == "apertium-eng-spa"
    assert apertium.model_id("es", "en") == "apertium-spa-eng"  # not spa-eng_US


@pytest.mark.apertium
def test_english_to_spanish(apertium: ApertiumEngine) -> None:
    (out,) = apertium.translate_batch(["The house is red."], "en", "es")
    assert "casa" in out.lower()


@pytest.mark.apertium
def test_batch_keeps_count_order_and_sentence_boundaries(apertium: ApertiumEngine) -> None:
    # Headlines have no final stop; with one sentence per line Apertium moves words across lines.
    texts = ["Breaking news", "The big dog", "House", "", "I like cats."]
    out = apertium.translate_batch(texts, "en", "es")
    assert len(out) == len(texts)
    assert "perro" in out[1] and "casa" not in out[1].lower()
    assert out[2].lower() == "casa"
    assert out[3] == ""
    assert "gatos" in out[4]


@pytest.mark.apertium
def test_unknown_words_are_not_marked(apertium: ApertiumEngine) -> None:
    (out,) = apertium.translate_batch(["The zorblax is red."], "en", "es")
    assert "*" not in out and "zorblax" in out


@pytest.mark.apertium
def test_russian_to_ukrainian_works_around_the_tagger_crash(apertium: ApertiumEngine) -> None:
    texts = ["Дом стоит на улице.", "Главные новости", "Я люблю читать книги."]
    out = apertium.translate_batch(texts, "ru", "uk")
    assert len(out) == 3 and all(out)
    assert UKRAINIAN_LETTERS & set(out[0]), out
    assert all("*" not in text for text in out)


@pytest.mark.apertium
def test_russian_to_ukrainian_keeps_words_apart(apertium: ApertiumEngine) -> None:
    # Without the tagger a determiner + noun chunk came out glued: "шоступеремогу".
    (out,) = apertium.translate_batch(
        ["«Северные волки» одержали шестую победу и поднялись на второе место (в среду)."],
        "ru", "uk")
    assert "шосту перемогу" in out and "друге місце" in out
    assert "(у середу)." in out and "«Північний вовки»" in out


@pytest.mark.apertium
def test_ukrainian_to_russian_works_around_the_tagger_crash(apertium: ApertiumEngine) -> None:
    (out,) = apertium.translate_batch(["Будинок стоїть на вулиці."], "uk", "ru")
    assert out == "Дом стоит на улице."


@pytest.mark.apertium
def test_unsupported_pair_is_model_missing(apertium: ApertiumEngine) -> None:
    with pytest.raises(ModelMissing):
        apertium.translate_batch(["Hallo."], "de", "en")


@pytest.mark.apertium
def test_build_translator_includes_installed_apertium(tmp_path: Path) -> None:
    translator = build_translator(["ctranslate2", "apertium"], tmp_path)
    assert [engine.name for engine in translator.engines] == ["ctranslate2", "apertium"]
    assert translator.can_translate("en", "es")


# The rest fakes `apertium` with a shell script first on PATH, so it runs anywhere.

FAKE_LIST = 'if [ "$1" = "-l" ]; then printf "  eng-spa\\n  spa-eng_US\\n  xxx-spa\\n"; exit 0; fi'


def _fake_apertium(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> ApertiumEngine:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "apertium"
    script.write_text(f"#!/bin/sh\n{FAKE_LIST}\necho run >> {tmp_path / 'runs'}\n{body}\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    engine = ApertiumEngine()
    assert engine.executable == str(script)
    return engine


def _runs(tmp_path: Path) -> int:
    """Translation runs of the fake (`apertium -l` exits before counting)."""
    return len((tmp_path / "runs").read_text().splitlines())


def test_fake_lists_only_plain_known_pairs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = _fake_apertium(tmp_path, monkeypatch, "cat")
    assert engine.pairs() == {("en", "es")}


def test_empty_output_is_a_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # What Debian's `apertium rus-ukr` does: nothing on stdout, exit status 0.
    engine = _fake_apertium(tmp_path, monkeypatch, "cat > /dev/null; exit 0")
    with pytest.raises(TranslationError, match="printed nothing"):
        engine.translate_batch(["The house is red.", "Two."], "en", "es")


def test_nonzero_exit_is_a_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = _fake_apertium(tmp_path, monkeypatch, "echo boom >&2; exit 3")
    with pytest.raises(TranslationError, match="exited 3: boom"):
        engine.translate_batch(["The house is red."], "en", "es")


def test_one_process_for_the_whole_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = _fake_apertium(tmp_path, monkeypatch, "tr a-z A-Z")
    out = engine.translate_batch(["one.", "two\nlines.", "three"], "en", "es")
    assert out == ["ONE.", "TWO LINES.", "THREE"]
    assert _runs(tmp_path) == 1


def test_changed_line_structure_falls_back_to_one_call_per_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = _fake_apertium(tmp_path, monkeypatch, "tr -s '\\n' | tr a-z A-Z")
    out = engine.translate_batch(["one.", "two.", "three."], "en", "es")
    assert out == ["ONE.", "TWO.", "THREE."]
    assert _runs(tmp_path) == 1 + 3


def test_without_apertium_there_are_no_pairs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    engine = ApertiumEngine()
    assert not engine.available
    assert engine.pairs() == set()
    # Only a package Debian has is named: it has none for Russian–Polish.
    assert engine.install_hint("ru", "pl") == ""
    assert engine.install_hint("uk", "ru") == "install Debian's apertium and apertium-rus-ukr"
    assert engine.install_hint("en", "es") == "install Debian's apertium and apertium-eng-spa"
    assert engine.install_hint("es", "es") == ""
    # apertium-es-ro ships Romanian→Spanish only.
    assert engine.install_hint("ro", "es") == "install Debian's apertium and apertium-es-ro"
    assert engine.install_hint("es", "ro") == ""
    translator = build_translator(["apertium", "ctranslate2"], tmp_path)
    assert [engine.name for engine in translator.engines] == ["ctranslate2"]
