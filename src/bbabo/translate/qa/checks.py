"""Faithfulness checks on a translation: numbers, dates, untranslated text, repetition loops and
length outliers (names are checked across a whole article, in ``translate.names``).

Sentence checks are cheap and decide retries; unit checks (the title, each paragraph) make the
``QAFlag`` values stored with a translation. Only the unit check of untranslated text asks the
language detector, once per paragraph, because lingua is the one costly check.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Protocol

from babel import Locale, UnknownLocaleError
from justext import get_stoplist

from bbabo.model import LanguageGuess, QAFlag
from bbabo.translate.qa.dates import compare_dates
from bbabo.translate.qa.numbers import compare_numbers

__all__ = ["QualityChecker", "Detector", "Problem", "find_repetition", "length_problem"]

Problem = tuple[str, str]
"""(check, detail)"""

_WORD = re.compile(r"\w+")
# An address is matched only from the start of a token ("(?<!\S)"): tried from every position
# of one long token, "\S+@" scanned to its end each time: 35 s on a 112,000-letter word.
_NOT_WORDS = re.compile(r"https?://\S+|www\.\S+|(?<!\S)\S+@\S+|[#@]\w+|\[[^\]]*\]"
                        r"|(?<!\S)\S+\.(?:com|org|net|kz|ru|ua|by)\S*")
# Below these sizes a check says nothing useful (a one-word title may well double in length).
_MIN_LENGTH_CHARS = 25
_MIN_SCRIPT_LETTERS = 12
_MIN_DETECT_CHARS = 40
_MIN_CONFIDENCE = 0.5
# Enough text to tell a language; lingua's cost grows with length, most on text that is no
# language at all (a broken translation), where it finds nothing to rule languages out early.
_DETECT_CHARS = 400
_RATIO_LOW, _RATIO_HIGH = 0.4, 2.5
# Characters per unit of meaning, relative to alphabetic scripts: Chinese and Japanese pack about
# three times as much into a character, Korean about twice.
_DENSITY = {"zh": 3.0, "ja": 2.5, "ko": 2.0}
_SCRIPTS = {
    **dict.fromkeys(("ru", "uk", "be", "bg", "kk", "mk"), {"Cyrillic"}),
    "sr": {"Cyrillic", "Latin"}, "uz": {"Latin", "Cyrillic"}, "el": {"Greek"},
    **dict.fromkeys(("ar", "fa", "ur"), {"Arabic"}), "he": {"Hebrew"}, "hy": {"Armenian"},
    "ka": {"Georgian"}, "hi": {"Devanagari"}, "zh": {"Han"}, "ja": {"Han", "Kana"},
    "ko": {"Hangul", "Han"},
}
_RANGES = (
    (0x0041, 0x024F, "Latin"), (0x1E00, 0x1EFF, "Latin"), (0x0370, 0x03FF, "Greek"),
    (0x0400, 0x052F, "Cyrillic"), (0x0530, 0x058F, "Armenian"), (0x0590, 0x05FF, "Hebrew"),
    (0x0600, 0x077F, "Arabic"), (0x0900, 0x097F, "Devanagari"), (0x10A0, 0x10FF, "Georgian"),
    (0x1100, 0x11FF, "Hangul"), (0x3040, 0x30FF, "Kana"), (0x3400, 0x9FFF, "Han"),
    (0xAC00, 0xD7AF, "Hangul"),
)


class Detector(Protocol):
    """What the untranslated check needs of ``bbabo.langid.LanguageDetector``."""

    def detect(self, text: str, hint: str | None = None) -> LanguageGuess: ...


class QualityChecker:
    """Runs the checks. Build one per worker: the detector it holds loads lingua's models once."""

    def __init__(self, detector: Detector | None = None) -> None:
        self._detector = detector

    def sentence_problems(self, source: str, target: str, src: str, tgt: str) -> list[Problem]:
        """What is wrong with one translated sentence (cheap checks only)."""
        problems: list[Problem] = []
        if not source.strip():
            return problems
        for check, detail in (
            ("numbers", compare_numbers(source, target, src, tgt)),
            ("dates", compare_dates(source, target, src, tgt)),
            ("untranslated", _untranslated_cheaply(source, target, src, tgt)),
            ("repetition", find_repetition(target, source)),
            ("length", length_problem(source, target, src, tgt)),
        ):
            if detail is not None:
                problems.append((check, detail))
        return problems

    def unit_flags(self, sources: Sequence[str], targets: Sequence[str],
                   src: str, tgt: str) -> list[QAFlag]:
        """Flags for a title and its paragraphs (``sources[0]`` is the title: paragraph None)."""
        flags: list[QAFlag] = []
        for index, (source, target) in enumerate(zip(sources, targets, strict=True)):
            paragraph = None if index == 0 else index - 1
            problems = self.sentence_problems(source, target, src, tgt)
            if not any(check == "untranslated" for check, _ in problems):
                detail = self._untranslated_by_language(target, src, tgt)
                if detail is not None:
                    problems.append(("untranslated", detail))
            flags.extend(QAFlag(check=check, paragraph=paragraph, detail=detail)
                         for check, detail in problems)
        return flags

    def _untranslated_by_language(self, target: str, src: str, tgt: str) -> str | None:
        """Text left in the source language, or in English (the pivot), by lingua.

        Only those two are suspects: a third language is not what an engine leaves behind, and
        lingua mistakes short texts for a neighbour (Ukrainian read as Kazakh, sure of it).
        Names are left out of what lingua reads ("Büdenbender" makes any text German to it),
        and lingua is not asked when the script check already answers (English or Russian
        text in a Ukrainian translation is in the wrong script)."""
        suspects = {src, "en"} - {tgt}
        expected = _SCRIPTS.get(tgt, {"Latin"})
        if self._detector is None or not any(_SCRIPTS.get(s, {"Latin"}) & expected
                                             for s in suspects):
            return None
        words = _common_words(target)
        text = " ".join(words)
        if len(text) < _MIN_DETECT_CHARS:
            return None
        try:
            guess = self._detector.detect(text[:_DETECT_CHARS])
        except ValueError:
            return None
        if guess.lang not in suspects or guess.confidence < _MIN_CONFIDENCE:
            return None
        if _more_function_words(words, tgt, guess.lang):
            return None
        return f"reads as {guess.lang}, not {tgt} ({guess.confidence:.2f})"


def _more_function_words(words: Sequence[str], tgt: str, suspect: str) -> bool:
    """Whether ``words`` hold more of the target language's function words than of the
    suspect's: a second opinion before a flag, since lingua's fast mode reads some plain
    English as French ("But despite all automation, minor accidents still occur.", 0.94).
    jusText's stop lists (kilobytes; lingua's own high-accuracy models, which read it right,
    would cost 15-30 MB a language in every process that checks translations)."""
    ours, theirs = _stop_words(tgt), _stop_words(suspect)
    if ours is None or theirs is None:
        return False
    folded = [word.lower() for word in words]
    return sum(word in ours for word in folded) > sum(word in theirs for word in folded)


@cache
def _stop_words(lang: str) -> frozenset[str] | None:
    """jusText's stop list for a language (by its English name), None when it has none."""
    try:
        return frozenset(get_stoplist(Locale.parse(lang).english_name or ""))
    except (ValueError, UnknownLocaleError):
        return None


def _untranslated_cheaply(source: str, target: str, src: str, tgt: str) -> str | None:
    """Text left as it was, or written in a script the target language does not use.

    Only words that begin in lower case are read: names, brands and acronyms keep their
    script in any translation ("Партнер Salesforce"), running text does not. Addresses,
    hashtags and handles are not words here."""
    words = _common_words(target)
    if (src != tgt and target.strip() == source.strip() and len(words) >= 4):
        return "identical to the source"
    expected = _SCRIPTS.get(tgt, {"Latin"})
    letters = [script for script in map(_script, "".join(words)) if script is not None]
    if len(letters) < _MIN_SCRIPT_LETTERS:
        return None
    foreign = sum(1 for script in letters if script not in expected)
    if foreign * 2 > len(letters):
        return f"mostly not in the {'/'.join(sorted(expected))} script of {tgt}"
    return None


def _common_words(text: str) -> list[str]:
    """The words of ``text`` that begin in lower case, addresses and tags left out."""
    text = _NOT_WORDS.sub(" ", text)
    return [word for word in _WORD.findall(text) if word[:1].islower()]


@cache
def _script(char: str) -> str | None:
    if not char.isalpha():
        return None
    code = ord(char)
    for low, high, name in _RANGES:
        if low <= code <= high:
            return name
    return "Other"


def find_repetition(target: str, source: str = "") -> str | None:
    """A word or phrase repeated back to back (a decoder loop) that the source does not have."""
    found = _longest_run(_WORD.findall(target.lower()))
    if found is None:
        return None
    phrase, count = found
    if source and (theirs := _longest_run(_WORD.findall(source.lower()))) and theirs[1] >= count:
        return None
    return f"{phrase!r} repeated {count} times"


def _longest_run(words: Sequence[str]) -> tuple[str, int] | None:
    best: tuple[str, int] | None = None
    for size in range(1, 5):
        needed = 4 if size == 1 else 3
        start = 0
        while start + size <= len(words):
            gram = words[start:start + size]
            count = 1
            while words[start + count * size:start + (count + 1) * size] == gram:
                count += 1
            if count >= needed and (best is None or count * size > best[1] * len(best[0].split())):
                best = (" ".join(gram), count)
            start += max(1, (count - 1) * size) if count > 1 else 1
    return best


def length_problem(source: str, target: str, src: str, tgt: str) -> str | None:
    """A translation far shorter or longer than its source (dropped text, or a runaway)."""
    if len(source) < _MIN_LENGTH_CHARS:
        return None
    expected = _DENSITY.get(src, 1.0) / _DENSITY.get(tgt, 1.0)
    ratio = len(target) / len(source) / expected
    if _RATIO_LOW <= ratio <= _RATIO_HIGH:
        return None
    return f"{len(target)} characters for {len(source)} (ratio {ratio:.2f})"
