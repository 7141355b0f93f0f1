"""Plain text out of the HTML fragments feeds put in titles and summaries."""

from __future__ import annotations

import re

import lxml.etree
import lxml.html

__all__ = ["html_to_text"]

_SPACE = re.compile(r"\s+")


def html_to_text(fragment: str) -> str:
    """Return the visible text of an HTML fragment, whitespace collapsed."""
    if "<" not in fragment and "&" not in fragment:
        return _SPACE.sub(" ", fragment).strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        # An unparsable fragment is better shown as its raw characters than dropped.
        return _SPACE.sub(" ", fragment).strip()
    for bad in root.xpath(".//script|.//style"):
        bad.drop_tree()
    return _SPACE.sub(" ", root.text_content()).strip()
