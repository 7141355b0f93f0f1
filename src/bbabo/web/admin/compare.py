"""A translation beside its source, paragraph by paragraph, with the spots its QA flags name
marked: the numbers a flag says are missing or found instead, a quoted phrase (a repetition).
Flags say which paragraph they are about (None: the title) and what they found; the marks are
where those words occur, and the flag's own words stand beside the row (the dates check names
months in English, so its row is flagged without marks)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from bbabo.model import QAFlag

__all__ = ["CompareRow", "compare_rows", "spots_of", "marked"]

_QUOTED = re.compile(r"'([^']+)'|\"([^\"]+)\"")
_LISTED = re.compile(r"(?:missing|found instead)\s+([^;]+?)(?:;|$)")


@dataclass(frozen=True, slots=True, kw_only=True)
class CompareRow:
    index: int | None  # None: the title
    source: Markup
    translation: Markup
    flags: tuple[QAFlag, ...]


def spots_of(detail: str) -> list[str]:
    """The words a flag's detail names: quoted phrases, and the items listed after
    "missing" or "found instead"."""
    found = [a or b for a, b in _QUOTED.findall(detail)]
    for listing in _LISTED.findall(detail):
        found += [item.strip() for item in listing.split(", ") if item.strip()]
    return [spot for spot in dict.fromkeys(found) if len(spot) < 200]


def marked(text: str, spots: Iterable[str]) -> Markup:
    """``text`` escaped, with every occurrence of a spot in ``<mark>``."""
    wanted = sorted({spot for spot in spots if spot}, key=len, reverse=True)
    if not wanted:
        return Markup(escape(text))
    pattern = re.compile("|".join(re.escape(spot) for spot in wanted), re.IGNORECASE)
    pieces: list[Markup] = []
    last = 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[last:match.start()]))
        pieces.append(Markup("<mark>%s</mark>") % match.group(0))
        last = match.end()
    pieces.append(escape(text[last:]))
    return Markup("").join(pieces)


def compare_rows(source_title: str, source_paragraphs: Sequence[str], title: str,
                 paragraphs: Sequence[str], flags: Sequence[QAFlag]) -> list[CompareRow]:
    """The title row, then one row per paragraph (the longer side decides how many)."""
    def row(index: int | None, source: str, translation: str) -> CompareRow:
        own = tuple(flag for flag in flags if flag.paragraph == index)
        spots = [spot for flag in own for spot in spots_of(flag.detail)]
        return CompareRow(index=index, source=marked(source, spots),
                          translation=marked(translation, spots), flags=own)

    rows = [row(None, source_title, title)]
    for index in range(max(len(source_paragraphs), len(paragraphs))):
        rows.append(row(index, source_paragraphs[index] if index < len(source_paragraphs)
                        else "", paragraphs[index] if index < len(paragraphs) else ""))
    return rows
