"""The translation engines bbabo ships with."""

from __future__ import annotations

from bbabo.translate.engines.apertium import ApertiumEngine
from bbabo.translate.engines.ct2 import CTranslate2Engine
from bbabo.translate.engines.fake import FakeEngine
from bbabo.translate.engines.libretranslate import LibreTranslateEngine

__all__ = ["ApertiumEngine", "CTranslate2Engine", "FakeEngine", "LibreTranslateEngine"]
