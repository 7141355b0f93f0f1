"""One language detector per process, so that every part of a process (the crawl, the
translation QA check, a command) chooses among the same languages: lingua's models are shared by
all its detectors anyway, and a detector choosing among every language would load them all."""

from __future__ import annotations

import threading
from collections.abc import Iterable

from bbabo.langid.detect import LanguageDetector

__all__ = ["shared_detector"]

_lock = threading.Lock()
_shared: LanguageDetector | None = None


def shared_detector(in_play: Iterable[str] = ()) -> LanguageDetector:
    """The process's detector (``LanguageDetector.for_languages_in_play``); ``in_play`` (the
    target languages, sources' hints) is added to the languages it chooses among."""
    global _shared
    codes = list(in_play)
    with _lock:
        if _shared is None:
            _shared = LanguageDetector.for_languages_in_play(codes)
            return _shared
    _shared.add_in_play(codes)
    return _shared
