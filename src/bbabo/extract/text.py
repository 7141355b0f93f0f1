"""Plain-text hygiene shared by the extraction modules: control characters and whitespace.

A web page may carry C0 control characters (``\\x01``, an ANSI ``\\x1b``, a vertical tab or
form feed pasted from a word processor) that XML cannot hold. lxml refuses them when trafilatura
builds its XML body ("All strings must be XML compatible"), and trafilatura then drops the whole
page, so one stray byte used to cost an article; in a title they raised out of extraction. They
are removed from the decoded page before parsing (``strip_controls``) and again from every
string bbabo keeps (``clean``), because JSON-LD and ``<meta>`` values can spell them as
``\\u000b`` escapes that only appear after decoding.

``clean`` also composes characters (Unicode NFC: a Bengali or Vietnamese page may spell one
letter as two code points, and search, deduplication and translation should see one) and
drops the invisible soft hyphens and zero-width spaces that typesetting plugins put inside
words, which would otherwise split them for search, language identification and translation.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["strip_controls", "clean"]

# Vertical tab and form feed separate words, so they become spaces; the other C0 controls,
# DEL and the two non-characters XML also refuses are dropped. Tab, newline and carriage
# return are whitespace that XML allows and ``clean`` folds anyway.
_SEPARATORS = re.compile("[\x0b\x0c]")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f\ufffe\uffff]")
_SPACE = re.compile(r"\s+")
# Soft hyphen, zero-width space, word joiner, byte-order mark: never visible between letters.
# (Zero-width joiners and non-joiners are left alone: Persian and Indic scripts need them.)
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")


def strip_controls(text: str) -> str:
    """``text`` without the characters XML cannot hold (tab, newline and CR are kept)."""
    if not _CONTROLS.search(text) and not _SEPARATORS.search(text):
        return text  # the common case: no copy of a large page
    return _CONTROLS.sub("", _SEPARATORS.sub(" ", text))


def clean(text: str) -> str:
    """One line of text: no control characters or invisible marks, composed (NFC), runs of
    whitespace as one space, trimmed."""
    text = _INVISIBLE.sub("", strip_controls(text))
    return unicodedata.normalize("NFC", _SPACE.sub(" ", text)).strip()
