"""Language identification with lingua, whose models ship inside the wheel (nothing to download).

The page's declared language is only a tie-breaker: publishers mislabel pages often enough
(templates stuck on "en", CMS defaults) that the text itself must decide when it can.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable

from lingua import Language, LanguageDetectorBuilder
from lingua import LanguageDetector as _LinguaDetector

from bbabo import langs
from bbabo.errors import UnsupportedLanguage
from bbabo.model import LanguageGuess

__all__ = ["LanguageDetector", "supported_languages"]

log = logging.getLogger(__name__)

_MAX_CHARS = 600
"""How much of the text lingua reads (cut at a word boundary). Its cost grows with length and a
long article gains nothing: on the long Russian, Ukrainian, Belarusian, Bulgarian, Kazakh,
Polish, Czech and Slovak news texts of tests/langid, started at any sentence, it is right from
150 characters on, and 600 is four times that. On bench/ingest.py's pages lingua takes about
2.6 ms at 1,500 characters and 1.2 ms at 600. Its low-accuracy mode would not help: past 120
characters both modes read trigrams only."""
_SHORT_CHARS = 25
"""Below this a guess is fragile enough that the page's declared language may settle it."""
_CLOSE = 0.15
"""Confidence gap under which lingua's top candidates count as a tie."""


def supported_languages() -> dict[Language, str]:
    """lingua's languages that bbabo knows, mapped to bbabo's codes."""
    mapping: dict[Language, str] = {}
    for language in Language.all():
        iso = language.iso_code_639_1.name.lower()
        if langs.is_known(iso):
            mapping.setdefault(language, langs.normalize(iso))
    return mapping


class LanguageDetector:
    """Detects the language of article text. Build one per worker and reuse it: lingua's
    models load on first use of each language and stay in memory."""

    def __init__(self, languages: Iterable[str] | None = None) -> None:
        wanted = None if languages is None else {langs.normalize(code) for code in languages}
        self._codes = {language: code for language, code in supported_languages().items()
                       if wanted is None or code in wanted}
        if len(self._codes) < 2:
            raise ValueError("lingua needs at least two supported languages to choose from")
        self._lock = threading.Lock()
        self._detector: _LinguaDetector | None = None

    @property
    def languages(self) -> frozenset[str]:
        return frozenset(self._codes.values())

    def detect(self, text: str, hint: str | None = None) -> LanguageGuess:
        """Guess the language of ``text`` (title and body); ``hint`` is the page's declaration.

        Raises UnsupportedLanguage when the text gives nothing to go on and there is no
        usable hint.
        """
        sample = _head(" ".join(text.split()), _MAX_CHARS)
        hint_code = self._usable_hint(hint)
        ranked = self._ranked(sample) if sample else []
        if not ranked:
            if hint_code is not None:
                return LanguageGuess(lang=hint_code, confidence=0.0, method="hint")
            raise UnsupportedLanguage("cannot tell the language of an empty or symbol-only text")
        top_code, top_value = ranked[0]
        if hint_code is not None and hint_code != top_code:
            hint_value = dict(ranked).get(hint_code, 0.0)
            close = top_value - hint_value < _CLOSE
            if hint_value > 0 and (close or len(sample) < _SHORT_CHARS):
                log.debug("language hint breaks a tie",
                          extra={"lang": hint_code, "top": top_code, "gap": top_value - hint_value})
                return LanguageGuess(lang=hint_code, confidence=round(hint_value, 4),
                                     method="hint")
        return LanguageGuess(lang=top_code, confidence=round(top_value, 4), method="lingua")

    def _ranked(self, sample: str) -> list[tuple[str, float]]:
        values = self._lingua().compute_language_confidence_values(sample)
        ranked: dict[str, float] = {}
        for value in values:
            code = self._codes[value.language]
            # Bokmål and Nynorsk both map to "no"; keep the stronger.
            ranked[code] = max(ranked.get(code, 0.0), value.value)
        return [(code, value) for code, value in ranked.items() if value > 0]

    def _usable_hint(self, hint: str | None) -> str | None:
        if not hint or not langs.is_known(hint):
            return None
        code = langs.normalize(hint)
        return code if code in self._codes.values() else None

    def _lingua(self) -> _LinguaDetector:
        with self._lock:
            if self._detector is None:
                log.debug("building the lingua detector", extra={"languages": len(self._codes)})
                self._detector = LanguageDetectorBuilder.from_languages(*self._codes).build()
            return self._detector


def _head(text: str, limit: int) -> str:
    """At most ``limit`` characters of ``text``, not ending inside a word when avoidable."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", limit // 2, limit + 1)
    return text[:cut] if cut != -1 else text[:limit]
