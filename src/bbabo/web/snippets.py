"""Search result snippets: the passage around the first match, with every match marked.

Matching is done on the raw text and each piece is escaped on its own, so ``<mark>`` is the
only markup that reaches the page, whatever the article or the query contains."""

from __future__ import annotations

import re
from collections.abc import Sequence

from markupsafe import Markup, escape

__all__ = ["term_pattern", "highlight", "excerpt", "SNIPPET_LENGTH"]

SNIPPET_LENGTH = 180


def term_pattern(terms: Sequence[str]) -> re.Pattern[str] | None:
    """One pattern for all terms, longest first so "Moscow" wins over "Mos"."""
    if not terms:
        return None
    ordered = sorted(set(terms), key=len, reverse=True)
    return re.compile("|".join(re.escape(term) for term in ordered), re.IGNORECASE)


def highlight(text: str, pattern: re.Pattern[str] | None) -> Markup:
    if pattern is None:
        return escape(text)
    pieces: list[Markup] = []
    last = 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[last:match.start()]))
        pieces.append(Markup("<mark>%s</mark>") % match.group())
        last = match.end()
    pieces.append(escape(text[last:]))
    return Markup("").join(pieces)


def excerpt(paragraphs: Sequence[str], pattern: re.Pattern[str] | None,
            length: int = SNIPPET_LENGTH) -> str:
    """About ``length`` characters of plain text around the first match (or from the start),
    cut at spaces, with an ellipsis where text was left out."""
    found = next(((text, match) for text in paragraphs
                  if pattern is not None and (match := pattern.search(text))), None)
    if found is None:
        text, start = (paragraphs[0] if paragraphs else ""), 0
    else:
        text, match = found
        # A third of the window before the match gives it context without burying it.
        start = max(0, match.start() - length // 3)
        if start > 0 and " " in text[start:match.start()]:
            start = text.index(" ", start) + 1
    end = start + length
    if end < len(text) and " " in text[start:end]:
        end = text.rindex(" ", start, end)
    passage = text[start:end].strip()
    return ("…" if start > 0 else "") + passage + ("…" if end < len(text) else "")
