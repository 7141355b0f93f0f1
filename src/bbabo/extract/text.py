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

``repair`` undoes mojibake in what an article keeps: a page, or the CMS behind it, that stored
UTF-8 text read as Windows-1252 ("weâ€™ve", "Â´") or Windows-1252 quotes read as Latin-1 C1
controls ("\x84Brave New Woman\x93"). Decoding the page right cannot help there: the bytes
themselves spell the wrong characters, and translation turns them into noise. ftfy decides
from the text alone and nearly always leaves text that is not mojibake as it is (of the 1,301
tuning pages of three evaluation sets it changed the 17 that held mojibake, and no other); a
few rare spellings look like mojibake to it (a capitalised Portuguese "CAMPEÃ" before a
closing quote), a price paid for the pages it repairs.
"""

from __future__ import annotations

import re
import unicodedata

import ftfy

__all__ = ["strip_controls", "clean", "repair", "repair_document"]

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


def repair(text: str) -> str:
    """One line (``clean``'s output) with mojibake undone: only the encoding fixes of ftfy
    (quotes, widths and ligatures stay as written); what it changed is cleaned again, since a
    repair can produce what ``clean`` removes ("â€‹" is a zero-width space, "Â " a
    no-break space)."""
    if text.isascii():
        return text  # nothing a wrong decoding could have produced
    fixed = ftfy.fix_encoding(text)
    return text if fixed == text else clean(fixed)


# C1 controls: never text in a page, but what the bytes 0x80-0x9F of UTF-8 become when it is
# read as Latin-1, so the surest sign of mojibake in a whole document.
_C1 = re.compile("[\x80-\x9f]")
_DOCUMENT_FIXES = ftfy.TextFixerConfig(
    unescape_html=False, remove_terminal_escapes=False, fix_latin_ligatures=False,
    fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False, fix_surrogates=False,
    remove_control_chars=False, normalization=None, explain=False)


# ftfy works a line at a time, ~7 µs each: a hostile page of millions of short lines would
# spend the extraction's whole time budget here. Real pages are far smaller.
_MAX_REPAIRED_DOCUMENT = 2_000_000


def repair_document(html: str) -> str:
    """The decoded page with mojibake undone, line by line, when it holds C1 controls: before
    parsing, because trafilatura drops those characters from the title it reads, and what is
    left ("â€" for "”") can no longer be repaired. A page without them, or over 2 million
    characters, is returned as it is (ftfy over a typical page takes ~17 ms; the per-string
    ``repair`` handles the rest)."""
    if len(html) > _MAX_REPAIRED_DOCUMENT or not _C1.search(html):
        return html
    return ftfy.fix_text(html, _DOCUMENT_FIXES)
