"""The first sentence of a text: a story's summary line in listings."""

from __future__ import annotations

import re

__all__ = ["first_sentence"]

# A sentence ends at . ! ? … (and a closing quote) followed by a space and a letter, digit or
# opening quote.
_END = re.compile(r"(?<=[.!?…])[\"'»”)]?\s+(?=[\"'«„“(]?\w)")
# ...unless the dot closes an abbreviation: a capitalised word of one or two letters (an
# initial, "Dr.", "St.") or letters with dots inside ("a.m.", "U.S.", "т.е.").
_ABBREVIATION = re.compile(r"(?:\b[^\W\d_][^\W\d_]?|\b(?:[^\W\d_]\.)+[^\W\d_])\.$")


def first_sentence(text: str, *, max_chars: int = 300) -> str:
    """The text up to the end of its first sentence (at most ``max_chars``, cut at a word)."""
    text = " ".join(text.split())
    for match in _END.finditer(text):
        head = text[:match.start()].rstrip()
        found = _ABBREVIATION.search(head)
        if found and (found.group()[0].isupper() or "." in found.group()[:-1]):
            continue
        text = head
        break
    if len(text) <= max_chars:
        return text
    cut = text.rfind(" ", 0, max_chars)
    return text[:cut if cut > max_chars // 2 else max_chars].rstrip(" ,;:") + "…"
