"""Boilerplate that news sites put inside the article area: promos, "read also" links,
banners, share bars, tag lists, comment threads, newsletter boxes. Elements are recognised by
whole class or id tokens (``class="promo"``, not ``class="promotion-story"``), and an element
holding much of the page's text, or much text that is not link text, is never boilerplate, so
a site that names its article container oddly keeps its article: Blogger and WordPress wrap the
post itself in ``class="widget"``, and on trafilatura's evaluation set removing those cost a
tenth of the text found (see docs/decisions.md).

``Boilerplate`` reads the page without changing it: extraction drops the blocks of
trafilatura's body whose text is found only inside such elements. Removing the elements before
trafilatura read the page changed which container trafilatura chose
on real pages, sometimes for the worse."""

from __future__ import annotations

import re

import lxml.etree
import lxml.html

from bbabo.extract.text import clean

__all__ = ["Boilerplate", "boilerplate_elements", "is_ad_label", "is_stray_line",
           "BOILERPLATE_TOKENS"]

BOILERPLATE_TOKENS = frozenset({
    "ad", "ads", "adslot", "ad-slot", "advert", "advertisement", "banner", "sponsored",
    "promo", "promo-box", "subscribe", "subscription", "newsletter", "paywall",
    "read-also", "readalso", "also", "see-also", "read-more-links", "related", "related-posts",
    "related-articles", "more-stories", "most-read", "popular", "widget",
    "share", "shares", "sharing", "share-bar", "social", "social-share",
    "tags", "tag-list", "comments", "comment-list", "discussion", "disqus",
    "cookie", "cookie-banner", "cookie-consent", "consent", "gdpr",
    "pullquote", "pull-quote", "author-bio", "breadcrumbs", "breadcrumb",
})
_KEEP_TAGS = frozenset({"html", "body", "main", "article"})
_MAX_SHARE = 0.4
"""An element with more than this share of the page's text is the article, whatever its name."""
_MAX_OWN_TEXT = 300
"""Nor is one with this many characters outside links: boilerplate is short or mostly links."""
# Filtered in C: most elements have neither attribute, and a Python loop over all is slow.
_NAMED = lxml.etree.XPath("descendant-or-self::*[@class or @id]")
_AD_LABELS = frozenset({
    "advertisement", "ad", "ads", "sponsored", "anzeige", "werbung", "reklama", "реклама",
    "рэклама", "жарнама", "publicité", "publicidad", "pubblicità", "reclame", "mainos",
})


class Boilerplate:
    """The text of a page's boilerplate elements, to tell the blocks of trafilatura's body
    that are found only there. A block the page also has elsewhere stays: a pull quote repeats
    a paragraph of the article."""

    def __init__(self, root: lxml.html.HtmlElement) -> None:
        self._root = root
        doomed = boilerplate_elements(root)
        self._inside = [clean(element.text_content()) for element in doomed]
        # What an <iframe> element holds is never shown (the frame shows another document); an
        # unclosed one holds the rest of the page's markup as text, scripts and JSON included.
        # One inside a boilerplate element is counted with it already.
        counted = set(doomed)
        self._inside += [text for element in root.iter("iframe")
                         if not any(a in counted for a in element.iterancestors())
                         and (text := clean(element.text_content()))]
        self._page: str | None = None  # the whole page's text, only when a block needs it

    def holds(self, text: str) -> bool:
        """True when ``text`` (cleaned) is on the page only inside boilerplate elements."""
        if not any(text in inside for inside in self._inside):
            return False
        if self._page is None:
            self._page = clean(self._root.text_content())
        return self._page.count(text) <= sum(inside.count(text) for inside in self._inside)


def boilerplate_elements(root: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The outermost boilerplate elements of ``root``, in document order; ``root`` is only
    read."""
    doomed = []
    for element in _NAMED(root):
        if element.tag in _KEEP_TAGS:
            continue
        tokens = set((element.get("class") or "").lower().split())
        tokens.add((element.get("id") or "").lower())
        if tokens & BOILERPLATE_TOKENS:
            doomed.append(element)
    if not doomed:
        return []
    total = _visible_length(root) or 1
    removed: list[lxml.html.HtmlElement] = []
    chosen: set[lxml.html.HtmlElement] = set()
    for element in doomed:  # document order: ancestors come first
        if any(ancestor in chosen for ancestor in element.iterancestors()):
            continue  # inside one already chosen
        length = _visible_length(element)
        if length / total > _MAX_SHARE or length - _link_length(element) >= _MAX_OWN_TEXT:
            continue
        removed.append(element)
        chosen.add(element)
    return removed


def _visible_length(element: lxml.html.HtmlElement) -> int:
    # Characters other than whitespace, so indentation does not count as text.
    return len("".join(element.text_content().split()))


def _link_length(element: lxml.html.HtmlElement) -> int:
    return sum(_visible_length(anchor) for anchor in element.iter("a"))


def is_ad_label(text: str) -> bool:
    """True for a block that only says "Advertisement" (in one of several languages)."""
    return text.strip(" :-–—|·").casefold() in _AD_LABELS


_BARE_DATE = re.compile(r"[\d\s./:,-]*\d[\d\s./:,-]*(?:\s*(?:am|pm|uhr))?", re.IGNORECASE)
_MAX_DATE_CHARS = 30
_MAX_CREDIT_CHARS = 100
_MAX_NOTICE_CHARS = 250
# "Photo: AP", "Crédits photos : Bestimage", "Fot. Jan Nowak / Agencja Gazeta": the word for a
# picture or its credit and a colon (Polish abbreviates "fot."), in the default languages.
_CREDIT = re.compile(
    r"(?:(?:photos?|photograph|picture|image|credits?|photo credits?|foto|fotos|bild|bilder"
    r"|crédits?(?: photos?)?|crédito|créditos|fotografia|zdjęcie|zdjęcia|фото|фотография"
    r"|снимка|світлина)\s*:|fot\.)\s*\S")
# "Kategorie: News", "News date : 04/21/2022 Category : Press Releases", "Tags: …": where the
# page files the article, not what it says. Inside a line only as a capitalised label.
_FILED_UNDER = re.compile(
    r"(?:^|\s)(categor(?:y|ies|ía|ia)|kategori[ea]|catégorie|категория|категорія|рубрика"
    r"|tags?|schlagw(?:o|ö)rte|étiquettes|mots-clés|etykiety)\s*:\s*\S", re.IGNORECASE)


def _filed_under(text: str) -> bool:
    return any(found.start() == 0 or found.group(1)[0].isupper()
               for found in _FILED_UNDER.finditer(text))


def is_stray_line(text: str) -> bool:
    """True for a block that is page furniture rather than article text: an "Advertisement"
    label, a bare date or time ("23.10.2018", "3:59 PM": the date is kept as metadata), or a
    short copyright or photo credit line ("© Oli Scarff/Getty Images", "Foto: dpa"), or a short
    line naming the section or tags the article is filed under ("Kategorie: News")."""
    if is_ad_label(text):
        return True
    if len(text) <= _MAX_DATE_CHARS and _BARE_DATE.fullmatch(text.strip()):
        return True
    folded = text.casefold()
    if len(text) <= _MAX_NOTICE_CHARS and folded.startswith(("©", "copyright")) and (
            "all rights reserved" in folded):
        return True  # a publisher's notice under a wire story: "Copyright 2024 … All rights …"
    return len(text) <= _MAX_CREDIT_CHARS and (
        "©" in text or folded.startswith(("copyright", "(c) ")) or bool(_CREDIT.match(folded))
        or _filed_under(text))

