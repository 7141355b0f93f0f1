"""Links to the site's other articles that trafilatura keeps as paragraphs of the body.

Sites put "Read also: <headline>", "PUEDES VER: <headline>", "Lesen Sie hier: <headline>" or a
bare headline between the paragraphs, or a few under the text; trafilatura's link-density test
lets short ones through (``favor_precision`` catches more, and costs more real text than it
saves). Such a block is mostly the text of one link to the same site, so it is recognised by
that, in any language: a short block (at most 250 characters) that ends with the text of a
same-site link making up at least 60% of it. Links to other sites stay: those are the
article's sources, and so do links to the page itself (a table of contents links each of the
article's headings to its place in the page).
"""

from __future__ import annotations

from typing import NamedTuple
from urllib.parse import parse_qsl, urljoin, urlsplit

import lxml.html

from bbabo.extract.body import Block
from bbabo.extract.text import clean

__all__ = ["PageLinks", "drop_teasers", "page_links", "unlinked_text"]

_MIN_LINK_CHARS = 15
_MAX_BLOCK_CHARS = 250
_MIN_LINK_SHARE = 0.6
_NOT_PAGES = ("#", "javascript:", "mailto:", "tel:")


class PageLinks(NamedTuple):
    same_site: frozenset[str]
    """Case-folded texts of links (15 characters or more) to the page's own site."""
    texts: frozenset[str]
    """The texts of all the page's links, as written."""


def page_links(root: lxml.html.HtmlElement, page_url: str) -> PageLinks:
    itself = _page(page_url)
    host = itself[0]
    same_site, texts = set(), set()
    for anchor in root.iter("a"):
        text = clean(anchor.text_content())
        if not text:
            continue
        texts.add(text)
        href = (anchor.get("href") or "").strip()
        if len(text) < _MIN_LINK_CHARS or not href or href.startswith(_NOT_PAGES):
            continue
        try:
            target = urljoin(page_url, href)
        except ValueError:  # a malformed href ("http://[oops]/") is no link to anything
            continue
        if (page := _page(target))[0] == host and page != itself:
            same_site.add(text.casefold())
    return PageLinks(frozenset(same_site), frozenset(texts))


def unlinked_text(text: str, links: PageLinks) -> str:
    """``text`` with the texts of the page's links taken out: what is left of a section front or
    a link list once its headlines and menus are gone."""
    for link in sorted(links.texts, key=len, reverse=True):  # "Sport" after "Sport results"
        if link in text:
            text = text.replace(link, " ")
    return text


def drop_teasers(blocks: list[Block], links: PageLinks) -> list[Block]:
    """``blocks`` without those that are mostly one link to the same site."""
    if not links.same_site:
        return blocks
    return [block for block in blocks if not _is_teaser(block.text, links.same_site)]


def _is_teaser(text: str, links: frozenset[str]) -> bool:
    if len(text) > _MAX_BLOCK_CHARS:
        return False
    folded = text.casefold()
    return any(folded.endswith(link) and len(link) >= _MIN_LINK_SHARE * len(folded)
               for link in links)


_TRACKING = frozenset({"ref", "source", "src", "from", "fbclid", "gclid"})


def _page(url: str) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    """Site, path and query: a link to the page itself differs in its fragment or a tracking
    parameter only ("#section", "?ref=toc"); "news.php?id=457" is another page than
    "news.php?id=123"."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "", "", ()
    query = tuple(sorted((key, value) for key, value in parse_qsl(parts.query)
                         if key not in _TRACKING and not key.startswith("utm_")))
    site = (parts.hostname or "").removeprefix("www.")
    return site, parts.path.rstrip("/"), query
