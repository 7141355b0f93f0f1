"""Numbers written in words in a text ("twenty-one", "двести тридцать пять тысяч", "dwóch"),
composed the way numerals are read: a word may add to the one before only when it is smaller
than that word's place ("двадцать пять", not "два три"), and a scale word multiplies.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from bbabo.translate.qa.mentions import NumberMention, clock_values
from bbabo.translate.qa.months import fold
from bbabo.translate.qa.numwords import SCALES, WORD, clock_words, word_values

__all__ = ["word_numbers"]

# Words that may stand between two parts of one number ("hundred and five", "двайсет и едно").
_JOINERS = frozenset({"and", "und", "et", "y", "e", "и", "і", "i", "a"})


def _tokens(text: str, lang: str) -> Iterator[tuple[int, int, str, int | None]]:
    """(start, end, word, value or None) for each word, hyphenated words split when whole
    they are no number ("four-day", "sixty-two-year-old")."""
    for match in WORD.finditer(text):
        word = fold(match.group())
        value = word_values(word, lang)
        if value is not None or "-" not in word:
            yield match.start(), match.end(), word, value
            continue
        start = match.start()
        for piece in word.split("-"):
            yield start, start + len(piece), piece, word_values(piece, lang)
            start += len(piece) + 1


def word_numbers(text: str, lang: str) -> list[NumberMention]:
    """The numbers ``text`` writes in words, and its words for noon and midnight."""
    mentions: list[NumberMention] = []
    clocks = clock_words(lang)
    run: list[tuple[int, str]] = []  # (value, word) of the number being read
    last_end = 0
    pending_joiner = False
    for start, end, word, value in _tokens(text, lang):
        if word in clocks:
            mentions.append(NumberMention(word, clock_values(*clocks[word]), written=True))
        gap = text[last_end:start]
        adjacent = bool(run) and (not gap.strip() or gap.strip() == "-")
        if value is None:
            if run and word in _JOINERS and adjacent and not pending_joiner:
                pending_joiner = True
                last_end = end
                continue
            _close(run, mentions)
            run, pending_joiner = [], False
            last_end = end
            continue
        if run and not (adjacent and _fits([v for v, _ in run], value)):
            _close(run, mentions)
            run = []
        run.append((value, word))
        pending_joiner = False
        last_end = end
    _close(run, mentions)
    return mentions


def _fits(values: list[int], value: int) -> bool:
    """Whether ``value`` continues the numeral ``values``."""
    if value in SCALES:
        return all(v < value for v in values if v in SCALES) and values[-1] not in SCALES
    last = values[-1]
    if value == 100 and last < 10:
        return True  # "three hundred"
    if last in SCALES:
        return value < 1000
    if last % 100 == 0 and last >= 100:
        return value < 100
    if last % 10 == 0 and 20 <= last < 100:
        return value < 10
    return False


def _close(run: list[tuple[int, str]], mentions: list[NumberMention]) -> None:
    if not run:
        return
    total = current = 0
    for value, _ in run:
        if value in SCALES:
            total += max(current, 1) * value
            current = 0
        elif value == 100 and 0 < current < 10:
            current *= 100
        else:
            current += value
    total += current
    text = " ".join(word for _, word in run)
    mentions.append(NumberMention(text, frozenset({Decimal(total)}), written=True))
