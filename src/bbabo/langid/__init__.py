"""Langid: text in, a ``LanguageGuess`` out (lingua, with the page's declaration as tie-breaker)."""

from bbabo.langid.detect import LanguageDetector
from bbabo.langid.languages import candidate_languages, supported_languages
from bbabo.langid.shared import shared_detector

__all__ = ["LanguageDetector", "candidate_languages", "shared_detector", "supported_languages"]
