"""The article's lead paragraph, when trafilatura leaves it out.

News pages often set the lead (standfirst, teaser, intro) apart from the body: in the article
header, in an element named ``lead``/``teaser``/``intro``, sometimes styled as a subheading.
trafilatura looks for the main text in one container and deliberately discards elements whose
class says ``teaser``, so the lead is often missing from its output although it is the first
and most important paragraph. On trafilatura's own evaluation set it was the largest single
cause of missed text.

Two ways to find it, both cheap XPath over the parsed page:
1. the page's own summary (``og:description`` or ``description``) is usually the lead, word for
   word or cut short: an element whose text starts with it is the lead;
2. otherwise the nearest element before the body's first paragraph whose class or id names a
   lead, if it is prose (not mostly links, 60-1,000 characters) and sits in the same part of
   the page as the body (their common ancestor is not ``<body>`` itself).
"""

from __future__ import annotations

import lxml.etree
import lxml.html

from bbabo.extract.body import Block
from bbabo.extract.text import clean
from bbabo.extract.vote import SecondReading

__all__ = ["find_lead"]

_NBSP = "\u00a0"
# XPath's normalize-space folds ASCII whitespace only; no-break spaces are common in leads.
_NORMALIZED = f"normalize-space(translate(., '{_NBSP}', ' '))"
_LEAD_TAGS = ("p", "div", "h2", "h3", "span", "strong", "section", "header", "em", "b", "li",
              "td")
_BODY_TAGS = ("p", "div", "section", "td", "li", "span")
_STARTS_WITH = lxml.etree.XPath(f"starts-with({_NORMALIZED}, $key)")
# The text nodes that hold the start of a key: the elements that start with the key are found
# among their ancestors, instead of computing the text of every element of the page.
_HOLDING = lxml.etree.XPath(
    f"//text()[not(parent::script or parent::style)][contains({_NORMALIZED}, $start)]")
_START_CHARS = 20
_LEADISH = lxml.etree.XPath(
    "preceding::*[self::p or self::div or self::h2 or self::span or self::section "
    "or self::strong][@class or @id][re:test(concat(@class, ' ', @id), $pattern, 'i')]",
    namespaces={"re": "http://exslt.org/regular-expressions"})
# What a reader sees: lxml's ``text_content`` also returns the code of inline scripts.
_VISIBLE_TEXT = lxml.etree.XPath(
    ".//text()[not(ancestor::script or ancestor::style or ancestor::noscript "
    "or ancestor::template)]", smart_strings=False)
# The same for the whole page, faster: a script or style element holds only text.
_PAGE_TEXT = lxml.etree.XPath("//text()[not(parent::script or parent::style)]",
                              smart_strings=False)
_LEAD_NAMES = (r"lead|intro|teaser|standfirst|summary|excerpt|subtitle|subline|\bdek\b|deck"
               r"|chapo|abstract|description")
_MIN_DESCRIPTION = 40
_KEY_CHARS = 120
_LEAD_CHARS = (60, 1000)
_MAX_LINK_SHARE = 0.3
_MAX_KEPT_SHARE = 0.5
"""A long "lead" most of whose word trigrams the body already has is the body again."""


def find_lead(root: lxml.html.HtmlElement, blocks: list[Block],
              description: str | None) -> Block | None:
    """The lead paragraph that ``blocks`` (the extracted body) lacks, or None."""
    if not blocks:
        return None
    page = clean("".join(_PAGE_TEXT(root)))
    lead = (_by_description(root, page, description or "")
            or _by_name(root, page, blocks[0].text))
    if lead is None:
        return None
    body = " ".join(block.text for block in blocks)
    if lead[:60] in body:
        return None  # trafilatura kept it after all
    if len(lead) > _LEAD_CHARS[1] and SecondReading(body).support(lead) >= _MAX_KEPT_SHARE:
        return None  # the page's summary is its whole text again (some shop blogs do that)
    return Block(lead, prose=True)


def _by_description(root: lxml.html.HtmlElement, page: str, description: str) -> str | None:
    key = clean(description).rstrip(".…").rstrip()
    if len(key) < _MIN_DESCRIPTION:
        return None
    found = None
    limit = len(description) * 1.5 + 50  # the lead itself, not a container around more text
    for element in _starting_with(root, page, key[:_KEY_CHARS], _LEAD_TAGS):
        text = _visible_text(element)
        if len(text) < limit:
            found = text  # document order: a later match is nested deeper, or comes later
    return found


def _by_name(root: lxml.html.HtmlElement, page: str, first_paragraph: str) -> str | None:
    key = first_paragraph[:40]
    if len(key) < 20:
        return None
    starts = _starting_with(root, page, key, _BODY_TAGS)
    if not starts:
        return None
    start = starts[-1]  # the innermost element holding the body's first paragraph
    ancestors = set(start.iterancestors())
    for candidate in reversed(_LEADISH(start, pattern=_LEAD_NAMES)):
        text = _visible_text(candidate)
        if not _LEAD_CHARS[0] <= len(text) <= _LEAD_CHARS[1]:
            continue
        linked = sum(len(clean(a.text_content())) for a in candidate.iter("a"))
        if linked > _MAX_LINK_SHARE * len(text):
            continue
        common = next((a for a in candidate.iterancestors() if a in ancestors), None)
        if common is None or common.tag in ("body", "html"):
            continue
        return text
    return None


def _visible_text(element: lxml.html.HtmlElement) -> str:
    return clean("".join(_VISIBLE_TEXT(element)))


def _starting_with(root: lxml.html.HtmlElement, page: str, key: str,
                   tags: tuple[str, ...]) -> list[lxml.html.HtmlElement]:
    """The elements named in ``tags`` whose text, spaces folded, starts with ``key``, in
    document order. ``page`` is the page's visible text, cleaned: a key not in it is nowhere."""
    if key not in page:
        return []
    found: list[lxml.html.HtmlElement] = []
    for text in _HOLDING(root, start=key[:_START_CHARS]):
        element = text.getparent()
        if element is not None and text.is_tail:
            element = element.getparent()
        # An ancestor can start with the key only if the element holding its start does.
        while element is not None and _STARTS_WITH(element, key=key):
            if element.tag in tags and element not in found:
                found.append(element)
            element = element.getparent()
    if not found:
        # The key's start spans elements ("<b>BERLIN</b> – The…"): look at every element.
        found = [element for element in root.iter(*tags) if _STARTS_WITH(element, key=key)]
    elif len(found) > 1:
        order = {element: index for index, element in enumerate(root.iter(*tags))}
        found.sort(key=order.__getitem__)
    return found
