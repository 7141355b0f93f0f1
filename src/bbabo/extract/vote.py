"""A second opinion on trafilatura's paragraphs: Resiliparse's main-content extraction.

Ensembles of extractors beat any single one (Bevendorff et al. 2023, "An Empirical Comparison
of Web Content Extraction Algorithms"), and the cheapest vote that measured well on the tuning
pages is this one: a paragraph of running prose that trafilatura kept and Resiliparse's
``extract_plain_text(main_content=True)`` (a different algorithm, written in C++ on the lexbor
parser, about a tenth of trafilatura's time) does not have is dropped. Such paragraphs are
mostly newsletter boxes, "about the author" notes and teasers trafilatura let through.

Two guards keep one extractor's bad day from costing the article:

* the vote is only taken when the two readings agree on the page: at least ``MIN_AGREEMENT``
  of trafilatura's text is in Resiliparse's, or Resiliparse's reading, at least
  ``MIN_PART_SHARE`` of trafilatura's in length, lies within trafilatura's (at least
  ``MIN_CONTAINED`` of it: Resiliparse found the article, trafilatura the article and more).
  When Resiliparse chose another part of the page, its silence about a paragraph means
  nothing;
* only prose paragraphs are voted on. Headings, list items and table rows are kept: Resiliparse
  leaves out many lists and short headings that are the article's (release notes, references),
  and on the tuning pages voting on them cost more recall than it bought precision.

Paragraphs are compared by word trigrams (a Chinese, Japanese or Korean character is a word),
so a different split into paragraphs or different whitespace does not matter; a paragraph of
fewer than three words must appear whole.
"""

from __future__ import annotations

import logging
import re

from resiliparse.extract.html2text import extract_plain_text
from resiliparse.parse.html import HTMLTree

from bbabo.extract.body import Block

__all__ = ["SecondReading", "second_reading", "drop_unconfirmed", "MIN_AGREEMENT",
           "MIN_CONTAINED", "MIN_PART_SHARE", "MIN_SUPPORT"]

log = logging.getLogger(__name__)

MIN_AGREEMENT = 0.7
"""The share of trafilatura's word trigrams Resiliparse must have before its vote counts."""
MIN_CONTAINED = 0.9
"""...or the share of Resiliparse's word trigrams in trafilatura's reading, when its reading
is at least ``MIN_PART_SHARE`` of trafilatura's length."""
MIN_PART_SHARE = 0.3
MIN_SUPPORT = 0.5
"""A prose paragraph stays when at least this share of its word trigrams is in the second
reading."""

_N = 3
_CJK = "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af"
# One token per CJK character (those scripts put no spaces between words), else runs of word
# characters.
_WORD = re.compile(f"[{_CJK}]|[^\\W{_CJK}]+")


def _words(text: str) -> list[str]:
    return [word.casefold() for word in _WORD.findall(text)]


def _trigrams(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + _N]) for i in range(len(words) - _N + 1)}


class SecondReading:
    """Another extractor's text of the page, ready to tell which paragraphs it has."""

    def __init__(self, text: str) -> None:
        self.text = text
        words = _words(text)
        self._trigrams = _trigrams(words)
        self._joined = f" {' '.join(words)} "

    def support(self, text: str) -> float:
        """The share of ``text``'s word trigrams this reading has (1.0 for text without words;
        a text of one or two words counts when it appears whole)."""
        words = _words(text)
        if not words:
            return 1.0
        if len(words) < _N:
            return 1.0 if f" {' '.join(words)} " in self._joined else 0.0
        grams = _trigrams(words)
        return len(grams & self._trigrams) / len(grams)


def second_reading(html: str) -> SecondReading | None:
    """Resiliparse's main-content reading of the page, or None when it finds no text."""
    try:
        text = extract_plain_text(HTMLTree.parse(html), main_content=True, alt_texts=False,
                                  links=False, list_bullets=False, noscript=False,
                                  comments=False)
    except Exception:  # noqa: BLE001 - a second opinion is optional; the first reading stands
        log.debug("resiliparse failed", exc_info=True)
        return None
    return SecondReading(text) if text.strip() else None


def drop_unconfirmed(blocks: list[Block], second: SecondReading | None) -> list[Block]:
    """``blocks`` without the prose paragraphs ``second`` does not have, when the two readings
    agree on the page (see the top of this module); otherwise ``blocks`` unchanged."""
    if second is None or not blocks:
        return blocks
    mine = "\n".join(block.text for block in blocks)
    agree = second.support(mine) >= MIN_AGREEMENT or (
        len(second.text) >= MIN_PART_SHARE * len(mine)
        and SecondReading(mine).support(second.text) >= MIN_CONTAINED)
    if not agree:
        return blocks
    return [block for block in blocks
            if not block.prose or second.support(block.text) >= MIN_SUPPORT]
