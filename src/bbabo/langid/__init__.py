"""Langid: text in, a ``LanguageGuess`` out (lingua, with the page's declaration as tie-breaker)."""

from bbabo.langid.detect import LanguageDetector, supported_languages

__all__ = ["LanguageDetector", "supported_languages"]
