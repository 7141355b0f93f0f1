"""Turn trafilatura's XML body into an ordered list of plain-text paragraphs."""

from __future__ import annotations

from typing import NamedTuple

from lxml import etree

from bbabo.extract.text import clean

__all__ = ["Block", "body_blocks"]

# Elements whose whole text is one paragraph; "prose" ones count towards "is this an article".
_PROSE = frozenset({"p", "quote"})
_BLOCKS = _PROSE | frozenset({"head", "item", "code"})
_SKIP = frozenset({"graphic", "ref", "note"})


class Block(NamedTuple):
    """One paragraph's text, and whether it is running prose (not a heading, item or row)."""

    text: str
    prose: bool


def body_blocks(body: etree._Element | None) -> list[Block]:
    """The paragraphs of a trafilatura body: p, head, list items, quotes and table rows."""
    found: list[Block] = []
    if body is not None:
        _walk(body, found)
    return found


def _walk(element: etree._Element, found: list[Block]) -> None:
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _SKIP:
            _add(child.tail, found, prose=True)
            continue
        if tag in _BLOCKS:
            _add(" ".join(child.itertext()), found, prose=tag in _PROSE)
        elif tag == "row" and not _has_blocks(child):
            cells = [clean(" ".join(cell.itertext())) for cell in child]
            _add(" | ".join(cell for cell in cells if cell), found, prose=False)
        else:
            # Containers (list, table, cell, div...) may hold blocks and loose text alike.
            _add(child.text, found, prose=True)
            _walk(child, found)
        _add(child.tail, found, prose=True)


def _has_blocks(element: etree._Element) -> bool:
    return any(isinstance(e.tag, str) and e.tag in _BLOCKS for e in element.iter())


def _add(text: str | None, found: list[Block], *, prose: bool) -> None:
    cleaned = clean(text or "")
    if cleaned:
        found.append(Block(cleaned, prose))
