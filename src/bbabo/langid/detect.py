"""Language identification with lingua, whose models ship inside the wheel (nothing to download).

The page's declared language is only a tie-breaker: publishers mislabel pages often enough
(templates stuck on "en", CMS defaults) that the text itself must decide when it can.

lingua runs in its low-accuracy mode (trigram models only): its high-accuracy mode differs only
on texts under 120 letters, for which it loads each candidate language's 1-, 2-, 4- and 5-gram
models as well, 15-50 MB per language against 1-5 MB for the trigrams. A text that declares its
language is told among the languages in play (``bbabo.langid.languages``), one that declares
none among every language bbabo knows. Until issue 14 every text was told among every language
in high-accuracy mode, and ``bbabo run`` held 1 GB serving the demo (bench/langid.py compares).
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Iterable

from lingua import Language, LanguageDetectorBuilder
from lingua import LanguageDetector as _LinguaDetector

from bbabo import langs
from bbabo.errors import UnsupportedLanguage
from bbabo.langid.languages import candidate_languages, supported_languages
from bbabo.model import LanguageGuess

__all__ = ["LanguageDetector", "supported_languages"]

log = logging.getLogger(__name__)

_FIRST_CHARS = 300
"""What lingua reads first (cut at a word boundary). Its cost grows with length and a long
article gains nothing from more: on the long Russian, Ukrainian, Belarusian, Bulgarian, Kazakh,
Polish, Czech and Slovak news texts of tests/langid, started at any sentence, it is right from
150 characters on, and this is twice that. On bench/ingest.py's pages lingua takes about
0.95 ms at 300 characters, 1.4 ms at 600 and 2.5 ms at 1,200, but more (1.2 ms) at 150: below
120 letters it reads 1- to 5-grams, not trigrams only (in its high-accuracy mode). From 120
letters on (130-165 characters of prose) both of its modes read trigrams only and give the same
values."""
_UNHINTED_CHARS = 600
"""What lingua reads first when the page declares no language. A lead quoted in another language
can fill 300 characters and make lingua sure of the wrong language; with a declaration to
compare against, that is noticed (``_settled``), without one it is not. With leads of 1-40 words
in another language before the long texts of tests/langid, a first read of 300 characters was
wrong on 324 of 784 such texts and one of 600 on 36."""
_MAX_CHARS = 1200
"""What lingua reads when the first read does not settle the language (``_settled``) and the
text goes on."""
_SURE = 20.0
"""The first read stands only if lingua finds its top language at least 10**_SURE times likelier
than the runner-up. (Its confidence values are those likelihoods normalized; their plain gap is
above 0.9999 on every 300-character read of tests/langid, the quality corpus and the bench pages,
so it cannot tell a torn read from a clear one.) There, 300 characters of one language score
10**13 and more, nine in ten beyond 10**30, and 9 of the 240 bench pages get the second read
(11 with ``_settled``'s check of the declared language); a first read torn between a lead in
one language and a text in another scores lower."""
_SHORT_CHARS = 25
"""Below this a guess is fragile enough that the page's declared language may settle it."""
_CLOSE = 0.15
"""Confidence gap under which lingua's top candidates count as a tie."""


class LanguageDetector:
    """Detects the language of article text. Build one per process and reuse it (see
    ``bbabo.langid.shared_detector``): lingua's models load on first use of each language and
    stay in memory.

    ``languages``: the bbabo codes lingua chooses among, exactly; None for every language bbabo
    knows and lingua supports. ``low_accuracy``: lingua's low-accuracy mode (False is the
    configuration bbabo used until 2026-12, kept for the benchmark). ``for_languages_in_play``
    builds the detector bbabo runs with.
    """

    def __init__(self, languages: Iterable[str] | None = None, *,
                 low_accuracy: bool = True) -> None:
        wanted = None if languages is None else {langs.normalize(code) for code in languages}
        codes = {language: code for language, code in supported_languages().items()
                 if wanted is None or code in wanted}
        if len(codes) < 2:
            raise ValueError("lingua needs at least two supported languages to choose from")
        self._low_accuracy = low_accuracy
        self._in_play: set[str] | None = None  # set by for_languages_in_play: it learns
        self._open: LanguageDetector | None = None  # for texts declaring nothing (ditto)
        self._lock = threading.Lock()
        # Replaced whole (never mutated), so a reader always sees a lingua detector and the
        # codes of exactly its languages; the detector is built on first use.
        self._state: tuple[dict[Language, str], _LinguaDetector | None] = (codes, None)

    @classmethod
    def for_languages_in_play(cls, in_play: Iterable[str], *,
                              low_accuracy: bool = True) -> LanguageDetector:
        """A detector for texts that declare their language (``detect``'s hint): it chooses
        among ``candidate_languages(in_play)`` and the languages declared so far (a declared
        language joins as it is met; ``add_in_play`` adds more), and only ever widens. A text
        that declares nothing usable is told among every language: nothing says which are in
        play for it."""
        in_play = {langs.normalize(code) for code in in_play if langs.is_known(code)}
        detector = cls(candidate_languages(in_play), low_accuracy=low_accuracy)
        detector._in_play = in_play
        return detector

    @property
    def languages(self) -> frozenset[str]:
        return frozenset(self._state[0].values())

    def add_in_play(self, codes: Iterable[str]) -> None:
        """Widen the choice to ``codes`` (and their scripts' rule, ``candidate_languages``).
        Only for a detector built by ``for_languages_in_play``."""
        if self._in_play is None:
            raise ValueError("this detector chooses among a fixed set of languages")
        new = {langs.normalize(code) for code in codes if langs.is_known(code)}
        with self._lock:
            if new <= self._in_play:
                return
            self._in_play = self._in_play | new  # replaced, not mutated: read unlocked
            current = self._state[0]
            wanted = set(current.values()) | candidate_languages(self._in_play)
            widened = {language: code for language, code in supported_languages().items()
                       if code in wanted}
            if widened.keys() != current.keys():
                log.info("language identification now also considers %s",
                         ", ".join(sorted(set(widened.values()) - set(current.values()))))
                self._state = (widened, None)

    def detect(self, text: str, hint: str | None = None) -> LanguageGuess:
        """Guess the language of ``text`` (title and body); ``hint`` is the page's declaration.

        Raises UnsupportedLanguage when the text gives nothing to go on and there is no
        usable hint.
        """
        text = " ".join(text.split())
        hint_code = self._usable_hint(hint)
        if hint_code is None and self._in_play is not None:
            return self._every_language().detect(text)
        sample = _head(text, _FIRST_CHARS if hint_code is not None else _UNHINTED_CHARS)
        ranked = self._ranked(sample) if sample else []
        if len(sample) < len(text) and not _settled(ranked, hint_code):
            sample = _head(text, _MAX_CHARS)
            ranked = self._ranked(sample)
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
        codes, lingua = self._lingua()
        ranked: dict[str, float] = {}
        for value in lingua.compute_language_confidence_values(sample):
            code = codes[value.language]
            # Bokmål and Nynorsk both map to "no"; keep the stronger.
            ranked[code] = max(ranked.get(code, 0.0), value.value)
        return [(code, value) for code, value in ranked.items() if value > 0]

    def _usable_hint(self, hint: str | None) -> str | None:
        if not hint or not langs.is_known(hint):
            return None
        code = langs.normalize(hint)
        if self._in_play is not None and code not in self._in_play:
            # A declared language joins the languages in play (if lingua knows it).
            self.add_in_play([code])
        return code if code in self._state[0].values() else None

    def _every_language(self) -> LanguageDetector:
        # lingua's models are process-wide: this one loads only those of languages the
        # languages in play have not loaded already (Latin and Cyrillic: ~45 MB in all).
        with self._lock:
            if self._open is None:
                self._open = LanguageDetector(low_accuracy=self._low_accuracy)
            return self._open

    def _lingua(self) -> tuple[dict[Language, str], _LinguaDetector]:
        state = self._state
        if state[1] is not None:
            return state[0], state[1]
        with self._lock:
            codes, built = self._state
            if built is None:
                log.debug("building the lingua detector", extra={"languages": len(codes)})
                builder = LanguageDetectorBuilder.from_languages(*codes)
                if self._low_accuracy:
                    builder = builder.with_low_accuracy_mode()
                built = builder.build()
                self._state = (codes, built)
            return codes, built


def _settled(ranked: list[tuple[str, float]], hint: str | None) -> bool:
    """Whether the first read may decide: lingua is sure of it (``_SURE``) and the page does not
    declare another language. A lead in another language (a quote) can fill the first read and
    make lingua sure of the wrong language; the declaration is the cheap way to notice."""
    if not _sure(ranked):
        return False
    top = max(ranked, key=lambda item: item[1])[0]
    return hint is None or hint == top


def _sure(ranked: list[tuple[str, float]]) -> bool:
    """Whether lingua's top candidate stands far enough ahead (``_SURE``) of the runner-up."""
    if len(ranked) < 2:
        return bool(ranked)  # one candidate left is sure; none at all is not
    top, second = sorted((value for _, value in ranked), reverse=True)[:2]
    return math.log10(top / second) >= _SURE


def _head(text: str, limit: int) -> str:
    """At most ``limit`` characters of ``text``, not ending inside a word when avoidable."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", limit // 2, limit + 1)
    return text[:cut] if cut != -1 else text[:limit]
