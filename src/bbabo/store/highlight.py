"""Marks where a query's words occur in a title or text, and cuts a snippet around them, the
way the FTS5 index matched them: case-insensitive, Latin diacritics ignored, a phrase's
tokens in a row, the last one as a prefix when it is long enough.

Done in Python rather than with FTS5's ``snippet()``: that re-tokenizes every text with every
expanded prefix term, which cost more than ranking for common words, and this costs little.
Output is plain text with MARK_START/MARK_END around matches, as PostgreSQL's ts_headline
gives it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

__all__ = ["MARK_START", "MARK_END", "MIN_PREFIX", "mark", "excerpt"]

# Private-use characters around matches: they never occur in news text, and unlike markup they
# survive escaping untouched until the web layer turns them into <mark>.
MARK_START = "\ue000"
MARK_END = "\ue001"
# A word shorter than this is matched whole: "a*" would match a good part of the index.
MIN_PREFIX = 3
_LENGTH = 200
# Precomposed Latin letters (Latin-1, Extended-A/B, Extended Additional) -> base letter.
_LATIN_RANGES = ((0xC0, 0x250), (0x1E00, 0x1F00))


@lru_cache(maxsize=1)
def _latin_table() -> dict[int, str]:
    table = {}
    for low, high in _LATIN_RANGES:
        for code in range(low, high):
            decomposed = unicodedata.normalize("NFKD", chr(code))
            base = "".join(c for c in decomposed if not unicodedata.combining(c))
            if len(base) == 1 and base.isascii() and base.isalpha():
                table[code] = base
    return table


@lru_cache(maxsize=1)
def _variants() -> dict[str, str]:
    """Base letter -> every precomposed letter the index folds to it, in both cases."""
    found: dict[str, str] = {}
    for code, base in _latin_table().items():
        found[base.lower()] = found.get(base.lower(), "") + chr(code)
    return found


def _token(token: str) -> str:
    # The text is searched as it is, with each letter of the query standing for all its
    # accented forms: folding whole texts first cost more than finding the words.
    folded = token.translate(_latin_table()).lower()
    return "".join(f"[{re.escape(char + _variants()[char])}]" if char in _variants()
                   else re.escape(char) for char in folded)


def _pattern(words: Sequence[Sequence[str]]) -> re.Pattern[str] | None:
    return _compiled(tuple(tuple(tokens) for tokens in words))


@lru_cache(maxsize=256)
def _compiled(words: tuple[tuple[str, ...], ...]) -> re.Pattern[str] | None:
    # Cached: one query marks twenty titles and snippets with the same pattern.
    alternatives = []
    for tokens in words:
        body = r"[\W_]+".join(_token(token) for token in tokens)
        tail = r"[^\W_]*" if len(tokens[-1]) >= MIN_PREFIX else r"(?![^\W_])"
        alternatives.append(body + tail)
    if not alternatives:
        return None
    return re.compile(r"(?<![^\W_])(?:" + "|".join(sorted(alternatives, key=len, reverse=True))
                      + ")", re.IGNORECASE)


def _marked(text: str, pattern: re.Pattern[str] | None) -> str:
    if pattern is None:
        return text
    pieces, last = [], 0
    for match in pattern.finditer(text):
        if match.end() > match.start():
            pieces += [text[last:match.start()], MARK_START, text[match.start():match.end()],
                       MARK_END]
            last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)


def mark(text: str, words: Sequence[Sequence[str]]) -> str:
    """All of ``text``, every match marked (for titles)."""
    return _marked(text, _pattern(words))


def excerpt(text: str, words: Sequence[Sequence[str]], substrings: Sequence[str] = (),
            length: int = _LENGTH) -> str:
    """About ``length`` characters around the first match, cut at spaces, ellipses where text
    was left out, matches of ``words`` marked (substrings are marked by the caller)."""
    pattern = _pattern(words)
    found = [match.start() for match in [pattern.search(text) if pattern else None]
             if match is not None]
    found += [at for term in substrings if (at := text.find(term)) >= 0]
    first = min(found, default=0)
    # A third of the window before the match gives it context without burying it.
    start = max(0, first - length // 3)
    if start and " " in text[start:first]:
        start = text.index(" ", start, first) + 1
    end = start + length
    if end < len(text) and " " in text[start:end]:
        end = text.rindex(" ", start, end)
    passage = _marked(text[start:end].strip(), pattern)
    return ("…" if start else "") + passage + ("…" if end < len(text) else "")
