"""Which character encoding a response body is in.

Order: a byte-order mark, the HTTP ``Content-Type`` charset, a ``<meta>`` or XML declaration in
the first 2 KB, then detection. A declared charset that cannot decode the body is ignored, since
servers that send UTF-8 while claiming windows-1251 (or the reverse) are common. A body that is
UTF-8 but for a stray invalid byte or two (a truncated character, a pasted fragment) stays UTF-8
and is decoded with replacement characters: guessing would turn the whole page into mojibake.
"""

from __future__ import annotations

import codecs
import logging
import re

import charset_normalizer

__all__ = ["detect_encoding", "declared_charset"]

log = logging.getLogger(__name__)

_HEAD_BYTES = 2048
_DETECT_BYTES = 64 * 1024
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)["']""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
UTF8_MAX_INVALID_SHARE = 0.1
"""A body is "mostly UTF-8" when its invalid sequences are at most this share of its valid
non-ASCII characters. Text in a legacy charset almost never forms valid UTF-8 by chance (a
windows-1251 page has far more invalid sequences than valid ones), so one valid character in
ten is already telling; a page of trafilatura's evaluation set, UTF-8 with 4 stray Latin-1
umlauts among 101 (4 %), was read as windows-1250 under a 1 % bound: every other umlaut
garbled."""
_TEXTUAL = ("text/", "application/xml", "application/json", "application/xhtml", "+xml", "+json")


def detect_encoding(body: bytes, content_type: str) -> str | None:
    """Return the Python codec name for ``body``; None for an empty or non-text body."""
    mime = content_type.split(";", 1)[0].strip().lower()
    if mime and not any(marker in mime for marker in _TEXTUAL):
        return None
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    for candidate in (declared_charset(content_type), _in_document(body[:_HEAD_BYTES])):
        if candidate and _decodes(body, candidate):
            return candidate
    if not body:
        return None
    if _mostly_utf8(body):
        return "utf-8"
    return _guess(body)


def declared_charset(content_type: str) -> str | None:
    """The charset parameter of a Content-Type header, as a known codec name."""
    match = _HEADER_CHARSET.search(content_type)
    return _codec(match.group(1)) if match else None


def _in_document(head: bytes) -> str | None:
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if match is None:
        return None
    name = _codec(match.group(1).decode("ascii", errors="ignore"))
    # A UTF-16 declaration inside bytes we could read as ASCII is a lie (HTML spec says: UTF-8).
    return "utf-8" if name in ("utf-16", "utf-16-le", "utf-16-be") else name


def _codec(name: str) -> str | None:
    try:
        return codecs.lookup(name.strip()).name
    except LookupError:
        return None


def _decodes(body: bytes, encoding: str) -> bool:
    try:
        body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _mostly_utf8(body: bytes) -> bool:
    text = body.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd") - body.count("\ufffd".encode())
    if replaced == 0:
        return True
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore")) - replaced
    return replaced <= UTF8_MAX_INVALID_SHARE * non_ascii


def _guess(body: bytes) -> str | None:
    best = charset_normalizer.from_bytes(body[:_DETECT_BYTES]).best()
    if best is None:
        log.debug("no encoding detected")
        return None
    return _codec(best.encoding)
