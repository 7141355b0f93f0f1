"""Text that must come out exactly as it went in: URLs, e-mail addresses, @handles.

A sentence with nothing else in it (a bare link line, a byline address) is not sent to an
engine at all. Inside a sentence an engine may break a URL apart ("example. com / news"); a URL
whose characters are all still there in order, with only spaces put between them, is mended.
"""

from __future__ import annotations

import re

__all__ = ["needs_engine", "restore_verbatim", "VERBATIM"]

VERBATIM = re.compile(
    r"(?:https?://|www\.)[^\s<>\"«»“”„]+[^\s<>\"«»“”„.,;:!?)\]]"  # a URL, less trailing punctuation
    # An e-mail address, matched from where its run of letters starts: tried from every
    # position of one long word, "[\w.+-]+@" scanned to the word's end each time (quadratic:
    # 70 s on a 100,000-letter word).
    r"|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|(?<!\w)@\w{2,}"  # a handle
)


def needs_engine(sentence: str) -> bool:
    """False when nothing in the sentence is language: only URLs, addresses, digits, symbols."""
    return any(char.isalpha() for char in VERBATIM.sub(" ", sentence))


def restore_verbatim(source: str, target: str) -> str:
    """Put back URLs, addresses and handles of ``source`` that the engine spaced apart."""
    for match in VERBATIM.finditer(source):
        item = match.group()
        if item in target or len(item) > 300:
            continue
        spaced = re.compile(r"\s*".join(re.escape(char) for char in item))
        found = spaced.search(target)
        if found is not None:
            target = target[:found.start()] + item + target[found.end():]
    return target
