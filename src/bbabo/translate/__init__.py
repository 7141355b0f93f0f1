"""Translation: sentences of many articles batched through offline engines.

``build_translator(settings.translate_engines, settings.models_dir)`` gives the worker its
``Translator``; models load on first use and stay loaded for the life of that object.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from bbabo.errors import ConfigError
from bbabo.translate.base import Engine
from bbabo.translate.engines import ApertiumEngine, CTranslate2Engine, FakeEngine
from bbabo.translate.segment import cut_long, join_sentences, split_sentences
from bbabo.translate.service import TranslationJob, Translator

__all__ = [
    "ApertiumEngine",
    "CTranslate2Engine",
    "Engine",
    "FakeEngine",
    "TranslationJob",
    "Translator",
    "build_translator",
    "cut_long",
    "join_sentences",
    "split_sentences",
]


def build_translator(engine_names: Sequence[str], models_dir: Path) -> Translator:
    """A Translator over the named engines, in order; Apertium is left out when not installed."""
    engines: list[Engine] = []
    for name in engine_names:
        if name == "ctranslate2":
            engines.append(CTranslate2Engine(models_dir))
        elif name == "apertium":
            apertium = ApertiumEngine()
            if apertium.available:
                engines.append(apertium)
        else:
            raise ConfigError(f"unknown translation engine {name!r}")
    return Translator(engines)
