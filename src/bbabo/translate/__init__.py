"""Translation: sentences of many articles batched through offline engines, with a translation
memory, faithfulness checks and name harmonisation.

``build_translator(engines, models_dir, ...)`` gives a worker its ``Translator``
(``pipeline.components.translator_for`` builds it from the settings); models load on first use
and stay loaded for the life of that object, as does the QA checker's language detector.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from bbabo.errors import ConfigError
from bbabo.translate.base import Engine
from bbabo.translate.cache import CachedEngine, MemoryStats, TranslationMemory
from bbabo.translate.engines import (
    ApertiumEngine,
    CTranslate2Engine,
    FakeEngine,
    LibreTranslateEngine,
)
from bbabo.translate.pivot import PivotEngine
from bbabo.translate.qa import QualityChecker
from bbabo.translate.segment import cut_long, join_sentences, split_sentences
from bbabo.translate.service import Glossaries, TranslationJob, Translator

__all__ = [
    "ApertiumEngine",
    "CTranslate2Engine",
    "CachedEngine",
    "Engine",
    "FakeEngine",
    "Glossaries",
    "LibreTranslateEngine",
    "MemoryStats",
    "PivotEngine",
    "QualityChecker",
    "TranslationJob",
    "TranslationMemory",
    "Translator",
    "build_translator",
    "cut_long",
    "join_sentences",
    "split_sentences",
]

log = logging.getLogger(__name__)


def build_translator(engine_names: Sequence[str], models_dir: Path, *,
                     libretranslate_url: str = "", libretranslate_api_key: str = "",
                     checker: QualityChecker | None = None,
                     hold_back: bool = False) -> Translator:
    """A Translator over the named engines, in order; Apertium is left out when not installed,
    LibreTranslate when no server URL is configured."""
    engines: list[Engine] = []
    for name in engine_names:
        if name == "ctranslate2":
            engines.append(CTranslate2Engine(models_dir))
        elif name == "apertium":
            apertium = ApertiumEngine()
            if apertium.available:
                engines.append(apertium)
        elif name == "libretranslate":
            if libretranslate_url:
                engines.append(LibreTranslateEngine(libretranslate_url, libretranslate_api_key))
            else:
                log.warning("the libretranslate engine needs BBABO_LIBRETRANSLATE_URL; skipped")
        else:
            raise ConfigError(f"unknown translation engine {name!r}")
    return Translator(engines, checker=checker, hold_back=hold_back)
