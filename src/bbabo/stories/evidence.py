"""What a report says, in forms that compare across languages: name keys, number keys, and the
words of each language it can be read in (its own, and its translations').

Look-alike events (another volcano, another central-bank decision) get close vectors from any
embedder; what tells them apart is what they name and count: Grindavík or Catania, 4.25% or
2.00%, 2-1 or 1-1. Names are matched across scripts and inflections by consonant skeletons
(``bbabo.lexical``): "Гризманн", "Griezmann" and "Гризманна" share a key.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from bbabo.lexical import WORD, find_numbers, is_name, skeleton

__all__ = ["Report", "Evidence", "gather_evidence", "name_keys", "number_keys", "terms"]

# A key is the skeleton's first consonants: enough to tell names apart, short enough that an
# inflected or longer form of the same name ("Glapińskiego", "Гляпінський") still meets it.
_KEY_LETTERS = 4
_SENTENCE_END = re.compile(r"[.!?…]\s+|\n")
_TERM = re.compile(r"\w+")
# Words are cut to this many letters: a cheap stemmer for every language ("strike", "strikes",
# "striking" -> "strik"), enough for comparing two texts in one language.
_STEM = 6
_TRANSLIT = str.maketrans(dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґў",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r",
     "s", "t", "u", "f", "h", "c", "ch", "sh", "sh", "", "y", "", "e", "u", "a", "i", "i", "e",
     "g", "u"], strict=True)))


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    """One article as stories see it: its lead in its own language and in every language it was
    translated into (``texts``: language -> title and lead; the original's included)."""

    article_id: int
    lang: str
    published_at: datetime
    texts: Mapping[str, str]

    @property
    def text(self) -> str:
        return self.texts[self.lang]


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence:
    names: frozenset[str]
    numbers: frozenset[str]
    terms: Mapping[str, Counter[str]]  # language -> stemmed word counts


def gather_evidence(report: Report) -> Evidence:
    """Name and number keys of the original text, and the words of every version."""
    return Evidence(names=name_keys(report.text, report.lang),
                    numbers=number_keys(report.text),
                    terms={lang: terms(text) for lang, text in report.texts.items()})


def name_keys(text: str, lang: str) -> frozenset[str]:
    """Keys of the names in ``text``: capitalised words not opening a sentence (a sentence's
    first word counts only when the same word is capitalised elsewhere), and acronyms."""
    keys: set[str] = set()
    inner: set[str] = set()
    openers: list[str] = []
    for sentence in _SENTENCE_END.split(text):
        words = WORD.findall(sentence)
        for position, word in enumerate(words):
            if not word[0].isupper():
                continue  # most words: checked first, as this runs for every report
            if _is_acronym(word):
                keys.add("#" + _latin(word))
            elif is_name(word):
                (inner.add if position else openers.append)(word)
    for word in inner | {w for w in openers if w in inner}:
        key = _name_key(word, lang)
        if len(key) >= 2:
            keys.add(key)
    return frozenset(keys)


def _is_acronym(word: str) -> bool:
    letters = word.replace("-", "")
    return 2 <= len(letters) <= 6 and letters.isupper() and letters.isalpha()


def _latin(word: str) -> str:
    text = unicodedata.normalize("NFKD", word.lower().translate(_TRANSLIT))
    return "".join(c for c in text if c.isascii() and c.isalpha())


def _name_key(word: str, lang: str) -> str:
    # Letters some spellings of one name disagree on are folded: Ukrainian and Belarusian г is
    # h, dropped (Гляпінський), where Polish and Russian write g (Glapiński, Гляпиньский); a
    # Latin c is often k elsewhere (Catania, Катания).
    return skeleton(word, lang).replace("g", "").replace("c", "k")[:_KEY_LETTERS]


def number_keys(text: str) -> frozenset[str]:
    """Every value each number in ``text`` can stand for ("2,1" and "2.1" -> "2.1"; "21,800"
    -> "21.8" and "21800"), as strings."""
    keys: set[str] = set()
    for mention in find_numbers(text):
        keys.update(_number_key(value) for value in mention.values)
    return frozenset(keys)


def _number_key(value: Decimal) -> str:
    return format(value.normalize(), "f")


def terms(text: str) -> Counter[str]:
    """Stemmed, case-folded words of two letters or more (digits included)."""
    return Counter(word[:_STEM] for word in _TERM.findall(text.casefold()) if len(word) >= 2)
